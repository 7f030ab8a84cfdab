/*
 * storage_test_util.h
 *     Fixture for the storage unit tests: a fresh data directory (mkdtemp) as
 *     oak_settings.data_dir, shared memory created in the test's own process (Check forks
 *     per test), and a simulated crash: drop shared memory without writing anything back.
 */
#ifndef OAK_TEST_STORAGE_UTIL_H
#define OAK_TEST_STORAGE_UTIL_H

#define _XOPEN_SOURCE 700
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "oak/oak.h"
#include "oak/storage/ipc.h"
#include "oak/storage/smgr.h"
#include "oak/utils/guc.h"

static inline void
st_make_datadir(void)
{
    char tmpl[] = "/tmp/oak_storage_XXXXXX";

    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    guc_set_defaults(&oak_settings);
    snprintf(oak_settings.data_dir, sizeof oak_settings.data_dir, "%s/data", tmpl);
    oak_settings.shared_buffers = 16 * OAK_PAGE_SIZE;
    oak_settings.wal_buffers = 1024 * 1024;
    oak_settings.max_connections = 8;
    oak_settings.fsync = false; /* the kernel keeps our writes across a simulated crash */
}

/* New cluster with shared memory, this process attached. */
static inline void
st_setup(void)
{
    st_make_datadir();
    shm_create();
    storage_init_cluster();
    ck_assert(proc_attach());
}

/* Crash: shared memory (buffers, WAL ring) vanishes; then restart and recover. */
static inline void
st_crash_and_recover(void)
{
    shm_destroy();
    shm_create();
    storage_startup_recovery();
    ck_assert(proc_attach());
}

static inline int
st_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void
st_teardown(void)
{
    char root[1024];

    snprintf(root, sizeof root, "%s", oak_settings.data_dir);
    char *slash = strrchr(root, '/');
    if (slash != NULL)
        *slash = '\0';
    shm_destroy();
    (void)nftw(root, st_rm_entry, 16, FTW_DEPTH | FTW_PHYS); /* best effort: it is /tmp */
}

#endif /* OAK_TEST_STORAGE_UTIL_H */
