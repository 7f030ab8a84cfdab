/*
 * smgr.c
 *     Relation files (smgr.h): segment paths, block read/write with a per-process fd cache,
 *     and the shared fsync queue the checkpointer drains.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. A write registers its segment in the fsync queue before it returns, so a checkpoint
 *      that saw the buffer clean also finds the segment to fsync. A full queue makes the
 *      writer fsync the segment itself.
 *   2. Relation numbers are never reused (oids are WAL-logged), so a cached fd of a dropped
 *      file is never mistaken for a new file of the same name.
 */
#include "oak/oak.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oak/storage/lwlock.h"
#include "oak/storage/shmem.h"
#include "oak/storage/smgr.h"
#include "oak/utils/fault.h"
#include "oak/utils/guc.h"

enum { SMGR_FD_CACHE = 64, SMGR_SYNC_QUEUE = 1024 };

typedef struct SmgrSeg {
    RelFile rf;
    uint32_t seg;
} SmgrSeg;

/* The fsync queue: segments written since the last checkpoint's sync phase. */
typedef struct SmgrShared {
    SpinLock lock; /* protects n and ent */
    int n;
    SmgrSeg ent[SMGR_SYNC_QUEUE];
} SmgrShared;

static SmgrShared *smgr_shared;

typedef struct SmgrFd {
    RelFile rf;
    uint32_t seg;
    int fd; /* -1 if unused */
    uint64_t last_use;
} SmgrFd;

static SmgrFd smgr_fds[SMGR_FD_CACHE]; /* this process's open segments */
static uint64_t smgr_clock;

size_t
smgr_shmem_size(void)
{
    return sizeof(SmgrShared);
}

void
smgr_shmem_init(uint8_t *mem)
{
    smgr_shared = (SmgrShared *)mem;
    spin_init(&smgr_shared->lock);
    smgr_shared->n = 0;
}

char *
smgr_abs_path(const char *rel_path)
{
    return mcx_printf("%s/%s", oak_settings.data_dir, rel_path);
}

char *
smgr_path(RelFile rf, uint32_t seg)
{
    char suffix[16] = "";

    if (seg > 0)
        snprintf(suffix, sizeof suffix, ".%u", seg);
    if (rf.db == 0)
        return mcx_printf("global/%u%s", rf.rel, suffix);
    return mcx_printf("base/%u/%u%s", rf.db, rf.rel, suffix);
}

static char *
smgr_seg_abs_path(RelFile rf, uint32_t seg)
{
    char *rel = smgr_path(rf, seg);
    char *abs = smgr_abs_path(rel);
    mcx_free(rel);
    return abs;
}

/* A cache slot is in use when last_use is set (zeroed static memory starts all free). */
static bool
smgr_fd_in_use(const SmgrFd *f)
{
    return f->last_use != 0;
}

static void
smgr_close_fd(SmgrFd *f)
{
    if (smgr_fd_in_use(f))
        (void)close(f->fd); /* written data is already in the kernel; close cannot lose it */
    f->fd = -1;
    f->last_use = 0;
}

void
smgr_close_all(void)
{
    for (int i = 0; i < SMGR_FD_CACHE; i++)
        smgr_close_fd(&smgr_fds[i]);
}

static void
smgr_close_rel(RelFile rf)
{
    for (int i = 0; i < SMGR_FD_CACHE; i++)
        if (smgr_fd_in_use(&smgr_fds[i]) && relfile_equal(smgr_fds[i].rf, rf))
            smgr_close_fd(&smgr_fds[i]);
}

/*
 * Open segment seg of rf through the cache. create: make the file if missing. Returns -1
 * if it is missing and !create; other failures are ERROR.
 */
static int
smgr_open_seg(RelFile rf, uint32_t seg, bool create)
{
    SmgrFd *victim = NULL;

    for (int i = 0; i < SMGR_FD_CACHE; i++) {
        SmgrFd *f = &smgr_fds[i];
        if (!smgr_fd_in_use(f)) {
            if (victim == NULL || smgr_fd_in_use(victim))
                victim = f;
            continue;
        }
        if (f->seg == seg && relfile_equal(f->rf, rf)) {
            f->last_use = ++smgr_clock;
            return f->fd;
        }
        if (victim == NULL || (smgr_fd_in_use(victim) && f->last_use < victim->last_use))
            victim = f;
    }
    char *path = smgr_seg_abs_path(rf, seg);
    int fd = open(path, O_RDWR | (create ? O_CREAT : 0) | O_CLOEXEC, 0600);
    if (fd < 0) {
        int save = errno;
        if (save == ENOENT && !create) {
            mcx_free(path);
            return -1;
        }
        ereport(ERROR,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not open file \"%s\": %s", path, strerror(save)));
    }
    mcx_free(path);
    smgr_close_fd(victim);
    victim->rf = rf;
    victim->seg = seg;
    victim->fd = fd;
    victim->last_use = ++smgr_clock;
    return fd;
}

static void
smgr_mkdir(const char *rel_path)
{
    char *abs = smgr_abs_path(rel_path);

    if (mkdir(abs, 0700) != 0 && errno != EEXIST)
        ereport(ERROR,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not create directory \"%s\": %s", abs, strerror(errno)));
    mcx_free(abs);
}

void
smgr_create(RelFile rf)
{
    if (rf.db != 0) {
        char *dir = mcx_printf("base/%u", rf.db);
        smgr_mkdir(dir);
        mcx_free(dir);
    }
    (void)smgr_open_seg(rf, 0, true);
}

bool
smgr_exists(RelFile rf)
{
    return smgr_open_seg(rf, 0, false) >= 0;
}

void
smgr_unlink(RelFile rf)
{
    smgr_close_rel(rf);
    for (uint32_t seg = 0;; seg++) {
        char *path = smgr_seg_abs_path(rf, seg);
        int rc = unlink(path);
        int save = errno;
        if (rc != 0 && save != ENOENT)
            ereport(WARNING,
                    err_code(SQLSTATE_IO_ERROR),
                    err_msg("could not remove file \"%s\": %s", path, strerror(save)));
        mcx_free(path);
        if (rc != 0 && save == ENOENT)
            break;
    }
}

static void
smgr_fsync_fd(int fd, const char *what)
{
    if (!oak_settings.fsync)
        return;
    if (fsync(fd) != 0)
        ereport(PANIC,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not fsync file \"%s\": %s", what, strerror(errno)));
}

/* Invariant 1: remember the segment for the next checkpoint, or sync it now. */
static void
smgr_register_sync(RelFile rf, uint32_t seg, int fd)
{
    bool full;

    spin_lock(&smgr_shared->lock);
    for (int i = 0; i < smgr_shared->n; i++) {
        if (smgr_shared->ent[i].seg == seg && relfile_equal(smgr_shared->ent[i].rf, rf)) {
            spin_unlock(&smgr_shared->lock);
            return;
        }
    }
    full = smgr_shared->n >= SMGR_SYNC_QUEUE;
    if (!full) {
        smgr_shared->ent[smgr_shared->n].rf = rf;
        smgr_shared->ent[smgr_shared->n].seg = seg;
        smgr_shared->n++;
    }
    spin_unlock(&smgr_shared->lock);
    if (full)
        smgr_fsync_fd(fd, "relation segment");
}

static int
smgr_seg_fd_or_error(RelFile rf, uint32_t seg, bool create)
{
    int fd = smgr_open_seg(rf, seg, create);

    if (fd < 0) {
        char *path = smgr_seg_abs_path(rf, seg);
        ereport(ERROR,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not open file \"%s\": %s", path, strerror(ENOENT)));
    }
    return fd;
}

void
smgr_read(RelFile rf, BlockNo block, uint8_t *buf)
{
    uint32_t seg = block / SMGR_BLOCKS_PER_SEG;
    off_t off = (off_t)(block % SMGR_BLOCKS_PER_SEG) * OAK_PAGE_SIZE;
    int fd = smgr_seg_fd_or_error(rf, seg, false);
    size_t done = 0;

    while (done < OAK_PAGE_SIZE) {
        ssize_t n = pread(fd, buf + done, OAK_PAGE_SIZE - done, off + (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_IO_ERROR),
                    err_msg("could not read block %u in file \"%s\": %s",
                            block,
                            smgr_path(rf, seg),
                            strerror(errno)));
        if (n == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_DATA_CORRUPTED),
                    err_msg("could not read block %u in file \"%s\": read only %zu of %d bytes",
                            block,
                            smgr_path(rf, seg),
                            done,
                            OAK_PAGE_SIZE));
        done += (size_t)n;
    }
}

/* Write len bytes of a block at its place; returns the segment's fd. Failure is ERROR. */
static int
smgr_write_bytes(RelFile rf, BlockNo block, const uint8_t *buf, size_t len)
{
    uint32_t seg = block / SMGR_BLOCKS_PER_SEG;
    off_t off = (off_t)(block % SMGR_BLOCKS_PER_SEG) * OAK_PAGE_SIZE;
    /* later segments are created as the relation grows into them */
    int fd = smgr_seg_fd_or_error(rf, seg, seg > 0);
    size_t done = 0;

    while (done < len) {
        ssize_t n = pwrite(fd, buf + done, len - done, off + (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            bool full = n == 0 || errno == ENOSPC;
            ereport(ERROR,
                    err_code(full ? SQLSTATE_DISK_FULL : SQLSTATE_IO_ERROR),
                    err_msg("could not write block %u in file \"%s\": %s",
                            block,
                            smgr_path(rf, seg),
                            full ? "No space left on device" : strerror(errno)));
        }
        done += (size_t)n;
    }
    return fd;
}

void
smgr_write(RelFile rf, BlockNo block, const uint8_t *buf)
{
    int fd = smgr_write_bytes(rf, block, buf, OAK_PAGE_SIZE);

    smgr_register_sync(rf, block / SMGR_BLOCKS_PER_SEG, fd);
}

void
smgr_write_torn(RelFile rf, BlockNo block, const uint8_t *buf)
{
    (void)smgr_write_bytes(rf, block, buf, SMGR_TORN_BYTES);
    fault_crash(); /* the kernel keeps the half written; nothing else happens */
}

BlockNo
smgr_nblocks(RelFile rf)
{
    BlockNo total = 0;

    for (uint32_t seg = 0;; seg++) {
        int fd = smgr_open_seg(rf, seg, false);
        if (fd < 0) {
            if (seg == 0) {
                char *path = smgr_seg_abs_path(rf, seg);
                ereport(ERROR,
                        err_code(SQLSTATE_IO_ERROR),
                        err_msg("could not open file \"%s\": %s", path, strerror(ENOENT)));
            }
            return total;
        }
        off_t end = lseek(fd, 0, SEEK_END);
        if (end < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_IO_ERROR),
                    err_msg("could not seek to end of file \"%s\": %s",
                            smgr_path(rf, seg),
                            strerror(errno)));
        BlockNo n = (BlockNo)(end / OAK_PAGE_SIZE);
        total += n;
        if (n < SMGR_BLOCKS_PER_SEG)
            return total;
    }
}

void
smgr_sync_pending(void)
{
    static SmgrSeg todo[SMGR_SYNC_QUEUE]; /* checkpointer-local copy */
    int n;

    spin_lock(&smgr_shared->lock);
    n = smgr_shared->n;
    memcpy(todo, smgr_shared->ent, (size_t)n * sizeof(SmgrSeg));
    smgr_shared->n = 0;
    spin_unlock(&smgr_shared->lock);

    for (int i = 0; i < n; i++) {
        int fd = smgr_open_seg(todo[i].rf, todo[i].seg, false);
        if (fd < 0)
            continue; /* dropped since it was written: nothing to keep */
        char *path = smgr_path(todo[i].rf, todo[i].seg);
        smgr_fsync_fd(fd, path);
        mcx_free(path);
    }
}

void
smgr_fsync_dir(const char *rel_path)
{
    char *abs = smgr_abs_path(rel_path);
    int fd = open(abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0)
        ereport(ERROR,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not open directory \"%s\": %s", abs, strerror(errno)));
    if (oak_settings.fsync && fsync(fd) != 0) {
        int save = errno;
        (void)close(fd); /* the PANIC below is what matters */
        ereport(PANIC,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not fsync directory \"%s\": %s", abs, strerror(save)));
    }
    (void)close(fd); /* read-only directory fd: nothing to lose */
    mcx_free(abs);
}

/* Relation number of a first-segment file name ("16384"), 0 for anything else. */
static Oid
smgr_rel_of_name(const char *name)
{
    Oid rel = 0;

    if (name[0] == '\0')
        return 0;
    for (const char *p = name; *p; p++) {
        if (*p < '0' || *p > '9' || rel > 429496729u)
            return 0;
        rel = rel * 10 + (Oid)(*p - '0');
    }
    return rel;
}

int
smgr_list_database(Oid db, Oid **rels)
{
    char *dir = smgr_abs_path(mcx_printf("base/%u", db));
    DIR *d = opendir(dir);
    int n = 0;
    int cap = 64;

    *rels = mcx_alloc(sizeof(Oid) * (size_t)cap);
    if (d == NULL) {
        if (errno == ENOENT)
            return 0;
        ereport(ERROR,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not open directory \"%s\": %s", dir, strerror(errno)));
    }
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        Oid rel = smgr_rel_of_name(e->d_name);
        if (rel == 0)
            continue; /* ".", "..", later segments "<rel>.N" */
        if (n == cap) {
            Oid *grown = mcx_alloc(sizeof(Oid) * (size_t)cap * 2);
            memcpy(grown, *rels, sizeof(Oid) * (size_t)n);
            *rels = grown;
            cap *= 2;
        }
        (*rels)[n++] = rel;
    }
    (void)closedir(d);
    return n;
}

void
smgr_remove_database_dir(Oid db)
{
    Oid *rels;
    int n = smgr_list_database(db, &rels);

    for (int i = 0; i < n; i++)
        smgr_unlink((RelFile){.db = db, .rel = rels[i]});
    char *rel_dir = mcx_printf("base/%u", db);
    char *dir = smgr_abs_path(rel_dir);
    if (rmdir(dir) != 0 && errno != ENOENT)
        ereport(WARNING,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not remove directory \"%s\": %s", dir, strerror(errno)));
    smgr_fsync_dir("base");
}
