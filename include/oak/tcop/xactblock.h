/*
 * xactblock.h
 *     The transaction block state of a session (engine_xact.c): BEGIN/COMMIT/ROLLBACK,
 *     savepoints as subtransactions, the isolation level and read-only flag of the current
 *     transaction, the command counter, and the snapshot each statement uses.
 */
#ifndef OAK_TCOP_XACTBLOCK_H
#define OAK_TCOP_XACTBLOCK_H

#include "oak/oak.h"
#include "oak/access/xact.h"
#include "oak/commands/settings.h"

/* Isolation level and read-only flag of the running (or next) transaction. */
IsoLevel xblock_isolation(void);
bool xblock_read_only(void);
/*
 * SET TRANSACTION / SET transaction_isolation: raises 25001 once the transaction has run
 * a query, as PostgreSQL does.
 */
void xblock_set_isolation(IsoLevel level);
void xblock_set_read_only(bool read_only);

/* How many savepoints are open (0 outside any). */
int xblock_savepoint_depth(void);

/* Whether this session is inside an explicit transaction block (BEGIN ... COMMIT). */
bool xblock_in_explicit_block(void);

#endif /* OAK_TCOP_XACTBLOCK_H */
