/*
 * commands.h
 *     Utility statements (DDL and session commands) run by the engine. Each returns the
 *     CommandComplete tag and sends its own result rows, if any, through dest.h.
 */
#ifndef OAK_COMMANDS_COMMANDS_H
#define OAK_COMMANDS_COMMANDS_H

#include "oak/oak.h"
#include "oak/catalog/catalog.h"

/* CREATE TABLE; raw is a PgQuery__CreateStmt. */
const char *cmd_create_table(void *raw, const char *sql);
/* DROP TABLE; raw is a PgQuery__DropStmt. Files are removed by cmd_at_commit(). */
const char *cmd_drop(void *raw, const char *sql);
/* A server-wide setting's value and display name for SHOW, or NULL if unknown. */
const char *settings_server_value(const char *lname, const char **display);

/* Transaction end: remove the files of tables dropped by a committed transaction. */
void cmd_at_commit(void);
void cmd_at_abort(void);

/* Whether the utility statement writes the catalog (needs a transaction id and locks). */
bool cmd_writes_catalog(void *raw_node);

#endif /* OAK_COMMANDS_COMMANDS_H */
