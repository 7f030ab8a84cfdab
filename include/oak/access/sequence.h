/*
 * sequence.h
 *     Sequence storage: a relation file of one page (block 0, PAGE_TYPE_SEQUENCE) holding
 *     the sequence's state, last_value and is_called. Every change is WAL-logged as a page
 *     change before the value is handed out, so no value is ever handed out twice, even
 *     across a crash, once the transaction that drew it has committed (its commit flushes
 *     the log past the change). Changes are not transactional: a rolled-back nextval stays
 *     consumed, as in PostgreSQL. The parameters (increment, bounds, cycle) live in the
 *     pg_sequence catalog and are passed in.
 */
#ifndef OAK_ACCESS_SEQUENCE_H
#define OAK_ACCESS_SEQUENCE_H

#include "oak/oak.h"
#include "oak/storage/bufmgr.h"

typedef struct SeqParams {
    Oid type; /* int2, int4 or int8 */
    int64_t start;
    int64_t increment; /* never 0 */
    int64_t max;
    int64_t min;
    int64_t cache;
    bool cycle;
} SeqParams;

typedef struct SeqState {
    int64_t last_value;
    bool is_called; /* false: the next nextval returns last_value itself */
} SeqState;

/* Create the file with its page: last_value = start, is_called false. */
void seq_create(RelFile rf, int64_t start);
/* Remove the file (the caller made sure nobody uses it: after DROP commits). */
void seq_drop(RelFile rf);
/* The current state (a shared latch on the page). */
SeqState seq_read(RelFile rf);
/*
 * Advance and return the next value. At a bound without cycle: 2200H with PostgreSQL's
 * message, naming the sequence.
 */
int64_t seq_next(RelFile rf, const SeqParams *p, const char *name);
/* setval: set last_value / is_called (the caller checked the bounds). */
void seq_set(RelFile rf, int64_t value, bool is_called);

#endif /* OAK_ACCESS_SEQUENCE_H */
