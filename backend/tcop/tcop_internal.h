/*
 * tcop_internal.h
 *     What tcop's files share: the backend's signal setup, the message loop, and whether a
 *     client is attached (dest.h output goes nowhere otherwise, as in bootstrap mode).
 */
#ifndef OAK_TCOP_INTERNAL_H
#define OAK_TCOP_INTERNAL_H

#include <stdbool.h>

/* Both written once by the backend at startup (tcop_startup.c). */
extern bool tcop_has_client;      /* a protocol client is attached: dest.h sends */
extern bool tcop_session_started; /* ReadyForQuery was sent once: the engine is attached */

void tcop_install_signals(void);
void tcop_io_init(int sock);
void tcop_send_ready_for_query(void);
void tcop_message_loop(void) __attribute__((noreturn));
/* The client closed the connection (or the read failed): log as PostgreSQL does, exit 0. */
void tcop_client_gone(bool mid_message) __attribute__((noreturn));

#endif /* OAK_TCOP_INTERNAL_H */
