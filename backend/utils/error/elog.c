/*
 * elog.c
 *     Building, emitting and unwinding error reports (see elog.h for the contract).
 *
 * One report is built at a time in cur_error; its strings live in mcx_error, which is reset
 * when the next report starts at top level or when the catcher calls err_clear(). A report
 * raised while another is being built (a failing err_msg) is promoted to PANIC rather than
 * recursing.
 */
#include "oak/oak.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

sigjmp_buf *err_exception_stack;
void (*err_emit_hook)(const ErrorData *edata);
int err_log_min_level = LOG;
const char *err_process_name = "oakd";
volatile int err_crit_depth;

static ErrorData cur_error;
static int building_depth;

enum { ERR_MAX_EXIT_FNS = 16 };
static void (*exit_fns[ERR_MAX_EXIT_FNS])(void);
static int n_exit_fns;

void
err_start(int level, const char *file, int line, const char *func)
{
    if (building_depth > 0) {
        /* An error while building an error: nothing sane is left to do. */
        fprintf(stderr, "PANIC: error while reporting an error at %s:%d\n", file, line);
        abort();
    }
    building_depth++;
    if (level >= ERROR && err_crit_depth > 0)
        level = PANIC;
    mcx_reset(mcx_error);
    memset(&cur_error, 0, sizeof cur_error);
    cur_error.level = level;
    memcpy(cur_error.sqlstate, level >= ERROR ? SQLSTATE_INTERNAL_ERROR : "00000", 6);
    if (level == WARNING)
        memcpy(cur_error.sqlstate, SQLSTATE_WARNING, 6);
    cur_error.file = file;
    cur_error.line = line;
    cur_error.func = func;
}

int
err_code(const char *sqlstate)
{
    memcpy(cur_error.sqlstate, sqlstate, 5);
    cur_error.sqlstate[5] = '\0';
    return 0;
}

static char *
err_vformat(const char *fmt, va_list ap)
{
    MemCtx *old = mcx_switch(mcx_error);
    char *s = mcx_vprintf(fmt, ap);
    mcx_switch(old);
    return s;
}

#define ERR_SET_FIELD(field)                                                                       \
    do {                                                                                           \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        cur_error.field = err_vformat(fmt, ap);                                                    \
        va_end(ap);                                                                                \
    } while (0)

int
err_msg(const char *fmt, ...)
{
    ERR_SET_FIELD(message);
    return 0;
}

int
err_detail(const char *fmt, ...)
{
    ERR_SET_FIELD(detail);
    return 0;
}

int
err_hint(const char *fmt, ...)
{
    ERR_SET_FIELD(hint);
    return 0;
}

int
err_context(const char *fmt, ...)
{
    ERR_SET_FIELD(context);
    return 0;
}

int
err_position(int position)
{
    cur_error.position = position;
    return 0;
}

static const char *
err_level_name(int level)
{
    switch (level) {
    case DEBUG1:
        return "DEBUG";
    case LOG:
        return "LOG";
    case INFO:
        return "INFO";
    case NOTICE:
        return "NOTICE";
    case WARNING:
        return "WARNING";
    case ERROR:
        return "ERROR";
    case FATAL:
        return "FATAL";
    default:
        return "PANIC";
    }
}

static void
err_write_log(const ErrorData *e)
{
    if (e->level < err_log_min_level && e->level != INFO && e->level != NOTICE)
        return;
    if (e->level < err_log_min_level)
        return;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char ts[64];
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    char line[8192];
    int n = snprintf(line,
                     sizeof line,
                     "%s.%03d UTC [%d] %s %s:  %s%s%s\n",
                     ts,
                     (int)(tv.tv_usec / 1000),
                     (int)getpid(),
                     err_process_name,
                     err_level_name(e->level),
                     e->level >= ERROR ? "" : "",
                     e->message ? e->message : "missing error text",
                     "");
    if (n > 0) {
        size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
        /* One write(2) per line so lines from concurrent processes do not interleave. */
        ssize_t w = write(STDERR_FILENO, line, len);
        (void)w; /* nowhere to report a failure to write the log */
    }
    if (e->detail && e->level >= ERROR) {
        n = snprintf(line, sizeof line, "\tDETAIL:  %s\n", e->detail);
        if (n > 0) {
            ssize_t w = write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : 0);
            (void)w;
        }
    }
}

void
err_emit_current(void)
{
    err_write_log(&cur_error);
    if (err_emit_hook && cur_error.level != LOG && cur_error.level != DEBUG1)
        err_emit_hook(&cur_error);
}

void
err_on_exit(void (*fn)(void))
{
    if (n_exit_fns < ERR_MAX_EXIT_FNS)
        exit_fns[n_exit_fns++] = fn;
}

void
oak_proc_exit(int code)
{
    while (n_exit_fns > 0) {
        void (*fn)(void) = exit_fns[--n_exit_fns];
        fn();
    }
    exit(code);
}

void
err_finish(void)
{
    building_depth--;
    int level = cur_error.level;
    if (level < ERROR) {
        err_emit_current();
        mcx_reset(mcx_error);
        return;
    }
    if (level == ERROR && err_exception_stack != NULL)
        siglongjmp(*err_exception_stack, 1);
    if (level == ERROR)
        cur_error.level = level = FATAL; /* no handler: nothing can resume */
    err_emit_current();
    if (level == FATAL)
        oak_proc_exit(1);
    abort(); /* PANIC: the postmaster sees the crash and reinitialises */
}

const ErrorData *
err_current(void)
{
    return &cur_error;
}

void
err_rethrow(void)
{
    if (err_exception_stack != NULL && cur_error.level == ERROR && err_crit_depth == 0)
        siglongjmp(*err_exception_stack, 1);
    if (err_crit_depth > 0)
        cur_error.level = PANIC;
    else
        cur_error.level = FATAL;
    err_emit_current();
    if (cur_error.level == FATAL)
        oak_proc_exit(1);
    abort();
}

void
err_set_position(int position)
{
    if (cur_error.position == 0)
        cur_error.position = position;
}

void
err_add_context(const char *context)
{
    MemCtx *old = mcx_switch(mcx_error);
    if (cur_error.context == NULL || cur_error.context[0] == '\0')
        cur_error.context = mcx_strdup(context);
    else
        cur_error.context = mcx_printf("%s\n%s", cur_error.context, context);
    mcx_switch(old);
}

void
err_clear(void)
{
    memset(&cur_error, 0, sizeof cur_error);
    mcx_reset(mcx_error);
}

void
elog_log(int level, const char *fmt, ...)
{
    if (level < err_log_min_level)
        return;
    ErrorData e;
    memset(&e, 0, sizeof e);
    e.level = level;
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    e.message = buf;
    err_write_log(&e);
}
