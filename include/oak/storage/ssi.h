/*
 * ssi.h
 *     Serializable Snapshot Isolation (DESIGN.md §5; backend/storage/lmgr/README-ssi.md):
 *     SIREAD locks on primary-key ranges, rw-conflicts between concurrent SERIALIZABLE
 *     transactions, and the dangerous-structure test that fails one of them with 40001.
 *
 * A SERIALIZABLE transaction registers when it takes its snapshot (ssi_snapshot) and from
 * then on every hook below acts for it; in any other transaction they return at once. Only
 * SERIALIZABLE transactions take part: a conflict with a transaction at another level is
 * not tracked (as in PostgreSQL).
 */
#ifndef OAK_STORAGE_SSI_H
#define OAK_STORAGE_SSI_H

#include "oak/oak.h"
#include "oak/access/btree.h"
#include "oak/access/xact.h"

/*
 * Take the transaction snapshot of a SERIALIZABLE transaction (in the current context) and
 * register the transaction. read_only: declared READ ONLY. Raises 53200 when every
 * serializable-transaction slot is taken.
 */
Snapshot *ssi_snapshot(bool read_only);
/* Whether this backend's transaction is registered (it is SERIALIZABLE and has a snapshot). */
bool ssi_active(void);
/* Note that xid (top-level or subtransaction) writes for this transaction. */
void ssi_note_xid(Xid xid);
/* ROLLBACK TO aborted these subtransaction xids: what they wrote never happened. */
void ssi_forget_xids(const Xid *xids, int n);

/*
 * A scan of relation (db, rel) over the primary-key range [lo, hi] starts: take a SIREAD
 * lock on it (NULL bounds: open). May raise 53200 when the lock table is full.
 */
void ssi_read_range(Oid db, Oid rel, const BtBound *lo, const BtBound *hi);
/*
 * The scan met a version written (inserted, or deleted/updated) by writer, which the
 * snapshot does not see as committed: record the rw-conflict reader -> writer. Raises 40001
 * when this transaction is doomed or the conflict completes a dangerous structure it must
 * pay for.
 */
void ssi_conflict_out(const Snapshot *snap, Xid writer);
/*
 * This transaction writes (inserts, updates or deletes) the row with primary-key encoding
 * key in (db, rel): record rw-conflicts from every concurrent reader whose SIREAD lock
 * covers it. Raises 40001 as ssi_conflict_out does.
 */
void ssi_conflict_in(Oid db, Oid rel, const uint8_t *key, uint32_t klen);

/* Before the commit record: raises 40001 if committing would complete a dangerous structure. */
void ssi_pre_commit(void);
/* After the transaction left the proc array: committed, it stays while others overlap it. */
void ssi_at_commit(void);
/* The transaction aborted (or the backend exits): forget it and its SIREAD locks. */
void ssi_at_abort(void);

/*
 * Which registered transaction this process acts for (-1: none). Unit tests use the pair to
 * drive several transactions from one process; the server never switches.
 */
int ssi_current_slot(void);
void ssi_set_current_slot(int slot);

#endif /* OAK_STORAGE_SSI_H */
