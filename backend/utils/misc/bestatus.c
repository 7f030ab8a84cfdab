/*
 * bestatus.c
 *     The shared backend-status slots behind pg_stat_activity (see bestatus.h for the
 *     reader/writer protocol). Slot i belongs to proc-array slot i.
 */
#include "oak/oak.h"

#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "oak/storage/ipc.h"
#include "oak/storage/proc.h"
#include "oak/storage/shmem.h"
#include "oak/utils/adt.h"
#include "oak/utils/bestatus.h"

typedef struct BeSlot {
    _Atomic uint32_t changecount; /* odd while the owner writes; release/acquire pairs */
    BeStatus st;
} BeSlot;

typedef struct BeShared {
    int nslots; /* written once at shm_create */
    BeSlot slots[];
} BeShared;

static BeShared *be_shared;

size_t
bestatus_shmem_size(void)
{
    return sizeof(BeShared) + (size_t)proc_max_slots() * sizeof(BeSlot);
}

void
bestatus_shmem_init(uint8_t *mem)
{
    be_shared = (BeShared *)mem;
    be_shared->nslots = proc_max_slots();
    memset(be_shared->slots, 0, (size_t)be_shared->nslots * sizeof(BeSlot));
}

static BeSlot *
bestatus_my_slot(void)
{
    if (be_shared == NULL || proc_my_slot < 0 || proc_my_slot >= be_shared->nslots)
        return NULL;
    return &be_shared->slots[proc_my_slot];
}

static void
bestatus_begin_write(BeSlot *s)
{
    atomic_fetch_add_explicit(&s->changecount, 1, memory_order_acq_rel);
}

static void
bestatus_end_write(BeSlot *s)
{
    atomic_fetch_add_explicit(&s->changecount, 1, memory_order_release);
}

void
bestatus_start(const char *backend_type,
               Oid db,
               const char *db_name,
               Oid role,
               const char *role_name,
               int client_port)
{
    BeSlot *s = bestatus_my_slot();
    if (s == NULL)
        return;
    bestatus_begin_write(s);
    memset(&s->st, 0, sizeof s->st);
    s->st.pid = (int)getpid();
    s->st.db = db;
    s->st.role = role;
    snprintf(s->st.db_name, sizeof s->st.db_name, "%s", db_name ? db_name : "");
    snprintf(s->st.role_name, sizeof s->st.role_name, "%s", role_name ? role_name : "");
    snprintf(s->st.backend_type, sizeof s->st.backend_type, "%s", backend_type);
    s->st.client_port = client_port;
    s->st.backend_start_us = adt_timestamp_now();
    s->st.state_change_us = s->st.backend_start_us;
    s->st.state = BE_STATE_IDLE;
    bestatus_end_write(s);
}

void
bestatus_set_application_name(const char *name)
{
    BeSlot *s = bestatus_my_slot();
    if (s == NULL)
        return;
    bestatus_begin_write(s);
    snprintf(s->st.application_name, sizeof s->st.application_name, "%s", name ? name : "");
    bestatus_end_write(s);
}

void
bestatus_report(BeState state, const char *query, int64_t xact_start_us, Xid xid)
{
    BeSlot *s = bestatus_my_slot();
    if (s == NULL || s->st.state == BE_STATE_NONE)
        return;
    int64_t now = adt_timestamp_now();
    bestatus_begin_write(s);
    if (state != s->st.state)
        s->st.state_change_us = now;
    s->st.state = state;
    s->st.xact_start_us = xact_start_us;
    s->st.xid = xid;
    if (query != NULL) {
        snprintf(s->st.query, sizeof s->st.query, "%s", query);
        s->st.query_start_us = now;
    }
    bestatus_end_write(s);
}

void
bestatus_clear(void)
{
    BeSlot *s = bestatus_my_slot();
    if (s == NULL)
        return;
    bestatus_begin_write(s);
    memset(&s->st, 0, sizeof s->st);
    bestatus_end_write(s);
}

int
bestatus_snapshot(BeStatus **out)
{
    int n = 0;
    if (be_shared == NULL) {
        *out = mcx_alloc(sizeof(BeStatus));
        return 0;
    }
    BeStatus *rows = mcx_alloc(sizeof(BeStatus) * (size_t)(be_shared->nslots + 1));
    for (int i = 0; i < be_shared->nslots; i++) {
        BeSlot *s = &be_shared->slots[i];
        for (;;) {
            uint32_t before = atomic_load_explicit(&s->changecount, memory_order_acquire);
            if (before & 1)
                continue; /* the owner is writing: a few instructions */
            memcpy(&rows[n], &s->st, sizeof(BeStatus));
            atomic_thread_fence(memory_order_acquire);
            if (atomic_load_explicit(&s->changecount, memory_order_relaxed) == before)
                break;
        }
        if (rows[n].state != BE_STATE_NONE && rows[n].pid != 0)
            n++;
    }
    *out = rows;
    return n;
}

int
bestatus_other_backends_in_db(Oid db, int *pids, int max)
{
    BeStatus *st;
    int n = bestatus_snapshot(&st);
    int found = 0;
    int me = (int)getpid();

    for (int i = 0; i < n; i++) {
        if (st[i].db != db || st[i].pid == me || !proc_pid_is_attached(st[i].pid))
            continue;
        if (found < max && pids != NULL)
            pids[found] = st[i].pid;
        found++;
    }
    mcx_free(st);
    return found;
}
