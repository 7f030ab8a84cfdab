/*
 * commands.h
 *     Utility statements (DDL and session commands) run by the engine. Each returns the
 *     CommandComplete tag and sends its own result rows, if any, through dest.h.
 */
#ifndef OAK_COMMANDS_COMMANDS_H
#define OAK_COMMANDS_COMMANDS_H

#include "oak/oak.h"
#include "oak/access/table.h"
#include "oak/catalog/catalog.h"

/* CREATE TABLE; raw is a PgQuery__CreateStmt. */
const char *cmd_create_table(void *raw, const char *sql);
/* DROP TABLE; raw is a PgQuery__DropStmt. Files are removed by cmd_at_commit(). */
const char *cmd_drop(void *raw, const char *sql);
/* COMMENT ON TABLE/INDEX/COLUMN/SCHEMA/DATABASE/ROLE (cmd_comment.c). */
const char *cmd_comment(void *raw);
/*
 * CREATE SEQUENCE, ALTER SEQUENCE (PgQuery__CreateSeqStmt / AlterSeqStmt), DROP SEQUENCE
 * (cmd_sequence.c); cmd_sequence_init connects nextval & co (utils/adt) at backend start.
 */
struct PgQuery__DropStmt;
const char *cmd_create_sequence(void *raw);
const char *cmd_alter_sequence(void *raw);
const char *cmd_drop_sequence(struct PgQuery__DropStmt *ds);
void cmd_sequence_init(void);
/*
 * Set by tcop: refuse a sequence change in a read-only transaction (25006 naming what) and
 * give the transaction an xid, so that its commit flushes the WAL past the change.
 */
extern void (*cmd_seq_write_hook)(const char *what);
/* CREATE [OR REPLACE] VIEW (a PgQuery__ViewStmt); DROP VIEW (cmd_view.c). */
struct PgQuery__DropStmt;
const char *cmd_create_view(void *raw, const char *sql);
const char *cmd_drop_view(struct PgQuery__DropStmt *ds);
/* CREATE ROLE / USER, ALTER ROLE / USER, DROP ROLE / USER (cmd_role.c). */
const char *cmd_create_role(void *raw);
const char *cmd_alter_role(void *raw);
const char *cmd_drop_role(void *raw);
struct PgQuery__DropStmt;
/* CREATE SCHEMA; DROP SCHEMA (a PgQuery__DropStmt) (cmd_schema.c). */
const char *cmd_create_schema(void *raw);
const char *cmd_drop_schema(struct PgQuery__DropStmt *ds);
/* ALTER TABLE ... ADD PRIMARY KEY / UNIQUE; TRUNCATE (cmd_alter.c). */
const char *cmd_alter_table(void *raw);
const char *cmd_truncate(void *raw);
/* CREATE [UNIQUE] INDEX; raw is a PgQuery__IndexStmt (cmd_index.c). */
const char *cmd_create_index(void *raw, const char *sql);
/* DROP INDEX; raw is a PgQuery__DropStmt with remove_type OBJECT_INDEX. */
const char *cmd_drop_index(struct PgQuery__DropStmt *ds);
/*
 * EXPLAIN; raw is a PgQuery__ExplainStmt: the plan as rows of one text column
 * "QUERY PLAN" (cmd_explain.c). Returns the command tag.
 */
const char *cmd_explain(void *raw, const char *sql);
/* The command tag of a catalog-writing statement (for read-only transaction errors). */
const char *cmd_ddl_tag(void *raw_node);

/* COPY's options (cmd_copy.c), defaults filled in for the format. */
typedef struct CopyOptions {
    bool csv;
    bool binary; /* FORMAT binary: PostgreSQL's binary file format (cmd_copy_binary.c) */
    bool header;
    char delim;
    char quote;
    char escape;
    const char *null_str;
    bool force_quote_all;
    const void *force_quote; /* a PgQuery__List of column names, or NULL */
} CopyOptions;

/* Check COPY's option list (PgQuery__Node ** DefElems) the way PostgreSQL does. */
void cmd_copy_options(void *options, size_t n, bool is_from, CopyOptions *o);
/*
 * COPY rel (cols) FROM STDIN: the caller holds ROW EXCLUSIVE and a writing snapshot;
 * cols are 0-based column numbers in input order. Returns the rows stored.
 */
struct Snapshot;
uint64_t cmd_copy_from(
    RelDesc *rel, const int *cols, int ncols, const CopyOptions *o, const struct Snapshot *snap);
/* COPY (query) TO STDOUT, or a table as the query SELECT cols FROM table. */
struct Query;
uint64_t cmd_copy_to(struct Query *q, const CopyOptions *o, const struct Snapshot *snap);
/*
 * VACUUM; raw is a PgQuery__VacuumStmt. The engine calls it only outside a transaction
 * block and gives it no xid. Raises 42P01 for a missing table, 0A000 for ANALYZE, FULL and
 * the options not built; each table's lock is released when that table is done.
 */
const char *cmd_vacuum(void *raw);
/*
 * Vacuum one table of database cat_my_db by OID (VACUUM's loop and autovacuum): lock it
 * SHARE UPDATE EXCLUSIVE (with skip_locked, give up with a WARNING if that would wait),
 * check it still exists, remove what no snapshot can see, record the stats, unlock. Warns
 * about nothing: the caller words its own WARNING for a busy table or a non-table.
 */
typedef enum CmdVacResult {
    CMD_VAC_DONE, /* vacuumed; *st filled */
    CMD_VAC_BUSY, /* skip_locked and the lock was not free */
    CMD_VAC_GONE, /* no such table (any more), or not a table */
} CmdVacResult;
CmdVacResult cmd_vacuum_oid(Oid relid, bool skip_locked, bool verbose, TblVacuumStats *st);
/* A server-wide setting's value and display name for SHOW, or NULL if unknown. */
const char *settings_server_value(const char *lname, const char **display);
/*
 * set_config(): SET [LOCAL] name = value (NULL: RESET) with SET's errors (42704 unknown,
 * 55P02 a server setting), transactional as SET; returns the new value as SHOW prints it.
 */
const char *settings_set_value(const char *name, const char *value, bool is_local);
/* 42704 "unrecognized configuration parameter". */
void settings_unknown(const char *name) __attribute__((noreturn));
/* The value SHOW name gives (session or server setting), NULL for an unknown name. */
const char *settings_show_value(const char *name);
/* The rows of the pg_settings view (cmd_pg_settings.c), as a system view returns them. */
int settings_pg_settings_rows(Datum **values, bool **nulls);

/* Transaction end: remove the files of tables dropped by a committed transaction. */
void cmd_at_commit(void);
/*
 * CREATE / DROP / ALTER DATABASE (cmd_database.c); raw is the statement's PgQuery node.
 * Neither CREATE nor DROP runs in a transaction block (the engine refuses with 25001).
 * The _at_commit/_at_abort hooks remove a dropped database's files after commit and a
 * created one's after abort (cmd_at_commit / cmd_at_abort call them).
 */
const char *cmd_create_database(void *raw);
const char *cmd_drop_database(void *raw);
const char *cmd_alter_database(void *raw);
const char *cmd_rename_database(const char *name, const char *newname);
const char *cmd_alter_database_owner(const char *name, const char *newowner);
void cmd_database_at_commit(void);
void cmd_database_at_abort(void);
/*
 * At connection start, after the backend is visible in pg_stat_activity: recheck that
 * database name still has OID db (FATAL 3D000 if it was dropped or renamed meanwhile),
 * accepts connections (FATAL 55000) and, for a non-superuser, is under its connection
 * limit (FATAL 53300).
 */
void cmd_database_check_connection(const char *name, Oid db, bool super);

/*
 * The session user and current user (cmd_session_role.c): set at connection start; SET
 * ROLE / SET SESSION AUTHORIZATION (raw: a PgQuery__VariableSetStmt, value its text or
 * NULL) return false for any other setting; SHOW's value of "role" and
 * "session_authorization" (NULL for other names); the transaction end hooks (an abort
 * puts back the values the transaction started with).
 */
void cmd_session_role_init(Oid role, bool superuser);
/* GRANT / REVOKE on tables, schemas and databases; raw is a PgQuery__GrantStmt (cmd_grant.c). */
const char *cmd_grant(void *raw);
/* ALTER SCHEMA name OWNER TO role (rolespec: a PgQuery__RoleSpec) (cmd_schema.c). */
const char *cmd_alter_schema_owner(const char *name, void *rolespec);
bool cmd_session_role_set(void *raw, const char *value);
const char *cmd_session_role_show(const char *name);
void cmd_session_role_at_commit(void);
/*
 * ParameterStatus for session_authorization and is_superuser when they changed since the
 * last call (the first call, at session start, only records them: send may be NULL).
 */
void cmd_session_role_report(void (*send)(const char *name, const char *value));
void cmd_session_role_at_abort(void);
void cmd_at_abort(void);

/* Whether the utility statement writes the catalog (needs a transaction id and locks). */
bool cmd_writes_catalog(void *raw_node);

#endif /* OAK_COMMANDS_COMMANDS_H */
