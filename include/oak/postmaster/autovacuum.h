/*
 * autovacuum.h
 *     Dead-version statistics in shared memory, and the autovacuum process that reads them
 *     (DESIGN.md §1, §5).
 *
 * Writers count the versions they make dead (stat_count_dead: an UPDATE's or DELETE's old
 * version); vacuum records what it left (stat_vacuum_done: live versions, time). Every
 * autovacuum_naptime the autovacuum process vacuums each table whose dead count exceeds
 * autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * live estimate.
 *
 * The table is fixed at STAT_MAX_TABLES entries (db, rel), carved at start. Once it is full,
 * new relations are not counted; the overflow flag then makes autovacuum also run a pass
 * over every table of every database each STAT_FULL_PASS_NAPTIMES naptimes.
 */
#ifndef OAK_POSTMASTER_AUTOVACUUM_H
#define OAK_POSTMASTER_AUTOVACUUM_H

#include "oak/oak.h"

enum {
    STAT_MAX_TABLES = 4096,       /* (db, rel) entries counted at once */
    STAT_FULL_PASS_NAPTIMES = 10, /* after an overflow: a full pass every this many naptimes */
};

/* One table's counters as autovacuum reads them. */
typedef struct StatTable {
    Oid db;
    Oid rel;
    uint64_t dead;          /* versions made dead since the last vacuum took its count */
    uint64_t live;          /* live versions the last vacuum left (0 before any) */
    int64_t last_vacuum_us; /* microseconds since 2000-01-01 (PostgreSQL's epoch), 0: never */
} StatTable;

/* Count n versions of (db, rel) made dead (xmax set by UPDATE or DELETE, not a row lock). */
void stat_count_dead(Oid db, Oid rel, int n);
/*
 * After a vacuum of (db, rel) that began when the dead count was dead_at_start: subtract
 * that many (versions made dead during the vacuum stay counted) and record live and now.
 */
void stat_vacuum_done(Oid db, Oid rel, uint64_t dead_at_start, uint64_t live);
/* The current dead count of (db, rel); 0 if not counted. */
uint64_t stat_dead_count(Oid db, Oid rel);
/* Forget (db, rel): its table was dropped. Its entry is reused by a later relation. */
void stat_forget(Oid db, Oid rel);
/* Copy every counted table into out (capacity max); returns how many. */
int stat_snapshot(StatTable *out, int max);
/* True once a relation could not be counted because the table was full. */
bool stat_overflowed(void);

/* Shared memory (listed in shmem.c's parts). */
size_t stat_shmem_size(void);
void stat_shmem_init(uint8_t *mem);

/*
 * Autovacuum process main loop (forked by the postmaster when autovacuum = on). SIGTERM or
 * SIGUSR2: stop between tables (or between leaves of a table) and exit 0.
 */
void av_main(void) __attribute__((noreturn));

#endif /* OAK_POSTMASTER_AUTOVACUUM_H */
