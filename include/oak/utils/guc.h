/*
 * guc.h
 *     Server settings (oakdb.conf). The postmaster parses the file once at start, before
 *     shared memory is sized; children inherit the values through fork. Session-level SET
 *     of the few settings clients touch is tcop's business (it keeps its own copies).
 *
 * Sizes are stored in the unit named by the field (bytes, ms, count).
 */
#ifndef OAK_UTILS_GUC_H
#define OAK_UTILS_GUC_H

#include <stdbool.h>
#include <stddef.h>

typedef struct OakSettings {
    char data_dir[1024];
    int port;                              /* 5432 */
    char listen_addresses[256];            /* "localhost" */
    char unix_socket_directories[256];     /* "/tmp" */
    int max_connections;                   /* 100 */
    size_t shared_buffers;                 /* bytes; 128MB */
    size_t wal_buffers;                    /* bytes; 4MB */
    bool fsync;                            /* on */
    bool synchronous_commit;               /* on */
    bool full_page_writes;                 /* on */
    int checkpoint_timeout_ms;             /* 300000 */
    size_t max_wal_size;                   /* bytes; 1GB */
    double checkpoint_completion_target;   /* 0.9: spread a checkpoint over this much of it */
    size_t work_mem;                       /* bytes; 4MB */
    char timezone[64];                     /* "UTC" */
    char log_min_messages[16];             /* "warning" */
    int wal_level;                         /* GUC_WAL_LEVEL_REPLICA */
    bool autovacuum;                       /* on */
    int autovacuum_naptime_ms;             /* 60000 */
    int autovacuum_vacuum_threshold;       /* 50: dead versions before a table is vacuumed */
    double autovacuum_vacuum_scale_factor; /* 0.2: plus this fraction of its live versions */
    int deadlock_timeout_ms;               /* 1000 */
    int authentication_timeout_ms;         /* 60000 */
    char password_encryption[16];          /* "scram-sha-256" or "md5" */
    bool ssl;                              /* off */
    char ssl_cert_file[256];               /* "server.crt" */
    char ssl_key_file[256];                /* "server.key" */
    char archive_command[1024];            /* "" */
    char primary_conninfo[1024];           /* "" */
} OakSettings;

enum { GUC_WAL_LEVEL_MINIMAL, GUC_WAL_LEVEL_REPLICA, GUC_WAL_LEVEL_LOGICAL };

/* The values in force in this process; written by the postmaster before any fork. */
extern OakSettings oak_settings;

/* Fill with PostgreSQL-like defaults. */
void guc_set_defaults(OakSettings *s);
/*
 * Read DATADIR/oakdb.conf over the defaults. Returns 0, or -1 after writing a message that
 * names the file and line to errbuf (unknown setting, bad value, bad unit).
 */
int guc_load_file(OakSettings *s, const char *path, char *errbuf, size_t errlen);
/*
 * Set one setting from the command line (oakd -c name=value, -p); the name is matched
 * without case and with '-' read as '_'. Returns 0, or -1 after writing a message to errbuf.
 */
int
guc_set_option(OakSettings *s, const char *name, const char *value, char *errbuf, size_t errlen);
/* Lowest server log level named by log_min_messages (elog.h levels). */
int guc_log_level(const OakSettings *s);

#endif /* OAK_UTILS_GUC_H */
