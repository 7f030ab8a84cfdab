/*
 * wal_control.c
 *     The control file DATADIR/control: last checkpoint location and contents, cluster
 *     state, system id; CRC-protected, replaced atomically (temp file, fsync, rename,
 *     fsync of the directory), so a crash leaves the old or the new one, never a mix.
 */
#include "oak/oak.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "oak/access/page.h"
#include "oak/storage/smgr.h"
#include "oak/utils/guc.h"
#include "wal_int.h"

static uint32_t
control_crc(const ControlFile *cf)
{
    return crc32c(cf, offsetof(ControlFile, crc));
}

/* Read and check the control file; false if missing, short or corrupt. */
bool
control_read(ControlFile *cf)
{
    char *path = smgr_abs_path("control");
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    mcx_free(path);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, cf, sizeof *cf);
    (void)close(fd); /* read-only */
    return n == (ssize_t)sizeof *cf && cf->magic == CONTROL_MAGIC &&
           cf->version == CONTROL_VERSION && cf->crc == control_crc(cf);
}

void
control_write(ControlFile *cf)
{
    char *tmp = smgr_abs_path("control.tmp");
    char *path = smgr_abs_path("control");

    cf->magic = CONTROL_MAGIC;
    cf->version = CONTROL_VERSION;
    cf->crc = control_crc(cf);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, cf, sizeof *cf) != (ssize_t)sizeof *cf ||
        (oak_settings.fsync && fsync(fd) != 0))
        ereport(PANIC,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not write file \"%s\": %s", tmp, strerror(errno)));
    if (close(fd) != 0 || rename(tmp, path) != 0)
        ereport(PANIC,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("could not rename file \"%s\" to \"%s\": %s", tmp, path, strerror(errno)));
    smgr_fsync_dir(".");
    mcx_free(tmp);
    mcx_free(path);
}
