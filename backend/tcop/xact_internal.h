/*
 * xact_internal.h
 *     Private to backend/tcop: the transaction block state engine.c drives.
 */
#ifndef OAK_TCOP_XACT_INTERNAL_H
#define OAK_TCOP_XACT_INTERNAL_H

#include "oak/tcop/xactblock.h"

typedef enum XbState {
    XB_IDLE,     /* no transaction */
    XB_IMPLICIT, /* the statements of one message, committed at its end */
    XB_EXPLICIT, /* BEGIN ... */
    XB_FAILED,   /* an error in an explicit block: only ROLLBACK (TO) ends it */
} XbState;

typedef struct SubXact {
    char *name;
    Xid xid; /* INVALID_XID until the subtransaction writes */
} SubXact;

typedef struct XactBlock {
    XbState state;
    IsoLevel iso;
    bool read_only;
    bool ran_query; /* SET TRANSACTION must come before this */
    bool did_ddl;   /* the catalog changed: invalidate caches at the end */
    CmdId cid;
    Snapshot *xact_snap; /* REPEATABLE READ / SERIALIZABLE */
    int nsub;
    int cap;
    SubXact *sub;
    MemCtx *cx; /* lives as long as the transaction */
} XactBlock;

extern XactBlock xb;

void xb_init(void);
void xb_start(void);
void xb_commit(void);
void xb_abort(void);
void xb_after_error(void);
Xid xb_write_xid(void);
Snapshot *xb_statement_snapshot(bool writes);
void xb_check_writable(const char *what);
void xb_set_catalog_snapshot(void);
void xb_savepoint(const char *name);
void xb_release(const char *name);
void xb_rollback_to(const char *name);

#endif /* OAK_TCOP_XACT_INTERNAL_H */
