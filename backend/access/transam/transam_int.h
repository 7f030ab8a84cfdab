/*
 * transam_int.h
 *     Private to backend/access/transam: the calls between xact.c and clog.c.
 */
#ifndef OAK_TRANSAM_INT_H
#define OAK_TRANSAM_INT_H

#include "oak/oak.h"
#include "oak/access/xact.h"
#include "oak/storage/lwlock.h"

/* Serialises extension of the commit-log file. */
LwLock *clog_extend_lock(void);
/*
 * Set xid's final status in the commit log and WAL-log it as a commit or abort record (the
 * page change is the record's page part). Runs as a critical section. Returns the end LSN.
 */
Lsn clog_log_status(Xid xid, XidStatus status);
/* The same for several xids in one record (a transaction and its subtransactions). */
Lsn clog_log_status_many(const Xid *xids, int n, XidStatus status);

#endif /* OAK_TRANSAM_INT_H */
