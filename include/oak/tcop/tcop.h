/*
 * tcop.h
 *     The backend process: startup and authentication of one client, the message loop,
 *     and the interrupt checks (cancel, termination) the engine calls in long loops.
 */
#ifndef OAK_TCOP_TCOP_H
#define OAK_TCOP_TCOP_H

#include "oak/postmaster/postmaster.h"

/*
 * Serve one client until it leaves; never returns. Called in the forked child with the
 * postmaster's sockets closed and default signal handlers.
 */
void tcop_backend_main(const PmBackendStart *start) __attribute__((noreturn));

/*
 * Act on pending interrupts: SIGTERM raises FATAL 57P01 "terminating connection due to
 * administrator command"; a cancel (SIGINT, sent for a CancelRequest) raises ERROR 57014
 * "canceling statement due to user request" while a query runs and is dropped otherwise.
 * Does nothing inside a critical section (crit_begin); call again after it. Cheap: two
 * flag tests when nothing is pending. Safe to call in any process (no-op outside backends).
 */
void tcop_check_interrupts(void);

/*
 * A StartupMessage parameter as the client sent it (e.g. "DateStyle", "TimeZone",
 * "extra_float_digits"), or NULL. The engine applies the ones it knows as session settings.
 */
const char *tcop_startup_option(const char *name);

/*
 * statement_timeout: arm (ms > 0) or disarm (0) a timer after which the running statement
 * is cancelled with 57014 "canceling statement due to statement timeout".
 */
void tcop_arm_statement_timeout(int ms);

#endif /* OAK_TCOP_TCOP_H */
