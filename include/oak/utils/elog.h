/*
 * elog.h
 *     The one error API: ereport(level, err_code(...), err_msg(...), ...).
 *
 * Levels below ERROR are emitted and return. ERROR unwinds with siglongjmp to the innermost
 * err_try (the statement boundary in tcop, or a savepoint); whoever catches it emits the
 * report (err_emit_current) and runs the abort path. FATAL emits and ends the process,
 * PANIC emits and aborts it so the postmaster runs crash recovery. An ERROR inside a
 * critical section (crit_begin) is promoted to PANIC: a shared page may hold an unlogged
 * change.
 */
#ifndef OAK_UTILS_ELOG_H
#define OAK_UTILS_ELOG_H

#include <setjmp.h>
#include <stdbool.h>
#include "oak/utils/sqlstate.h"

enum {
    DEBUG1 = 10,
    LOG = 15,
    INFO = 17,
    NOTICE = 18,
    WARNING = 19,
    ERROR = 21,
    FATAL = 22,
    PANIC = 23,
};

/* The report being built or the last one caught. Strings live in a context of their own. */
typedef struct ErrorData {
    int level;
    char sqlstate[6];
    char *message;
    char *detail;
    char *hint;
    char *context;
    int position; /* 1-based character offset into the statement, 0 if none */
    const char *file;
    int line;
    const char *func;
} ErrorData;

void err_start(int level, const char *file, int line, const char *func);
int err_code(const char *sqlstate);
int err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_position(int position);
void err_finish(void);

#define ereport(level, ...)                                                                        \
    do {                                                                                           \
        err_start((level), __FILE__, __LINE__, __func__);                                          \
        (void)(__VA_ARGS__);                                                                       \
        err_finish();                                                                              \
        if ((level) >= ERROR)                                                                      \
            __builtin_unreachable();                                                               \
    } while (0)

/* Shorthand for an internal error ("cannot happen" checks that must not crash: XX000). */
#define elog_internal(...) ereport(ERROR, err_code(SQLSTATE_INTERNAL_ERROR), err_msg(__VA_ARGS__))

/*
 * err_try / err_catch / err_end_try: catch an ERROR raised inside. The catch block runs
 * with the report in err_current(); it must re-raise (err_rethrow) or clean up and call
 * err_clear(). Locals written in the try block and read in the catch block must be volatile.
 */
extern sigjmp_buf *err_exception_stack;

#define err_try()                                                                                  \
    do {                                                                                           \
        sigjmp_buf *err_save_stack_ = err_exception_stack;                                         \
        sigjmp_buf err_local_jmp_;                                                                 \
        if (sigsetjmp(err_local_jmp_, 0) == 0) {                                                   \
            err_exception_stack = &err_local_jmp_;

#define err_catch()                                                                                \
    }                                                                                              \
    else                                                                                           \
    {                                                                                              \
        err_exception_stack = err_save_stack_;

#define err_end_try()                                                                              \
    }                                                                                              \
    err_exception_stack = err_save_stack_;                                                         \
    }                                                                                              \
    while (0)

const ErrorData *err_current(void);
void err_rethrow(void) __attribute__((noreturn));
void err_clear(void);
/* Attach a statement position to the caught report if it has none (before err_rethrow). */
void err_set_position(int position);
/* Append a CONTEXT line to the caught report (before err_rethrow), as error callbacks do. */
void err_add_context(const char *context);
/* Send the caught report to the log and, through err_emit_hook, to the client. */
void err_emit_current(void);

/* Set by tcop once a client is attached: sends the report as ErrorResponse/NoticeResponse. */
extern void (*err_emit_hook)(const ErrorData *edata);
/* Lowest level written to the server log (stderr); client_min_messages is tcop's business. */
extern int err_log_min_level;
/* Prefix for server log lines, e.g. the process role; set once per process. */
extern const char *err_process_name;

/* Critical sections: until crit_end, any ERROR becomes PANIC. */
extern volatile int err_crit_depth;
static inline void
crit_begin(void)
{
    err_crit_depth++;
}
static inline void
crit_end(void)
{
    err_crit_depth--;
}

/* Cleanup run by FATAL before exit (release shared resources, leave the proc array). */
void err_on_exit(void (*fn)(void));
void oak_proc_exit(int code) __attribute__((noreturn));

/* Server log line without an error: elog_log("checkpoint complete: ...") */
void elog_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* OAK_UTILS_ELOG_H */
