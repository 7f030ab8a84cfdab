/*
 * cmd_internal.h
 *     Private to backend/commands: helpers shared by the DDL files.
 */
#ifndef OAK_CMD_INTERNAL_H
#define OAK_CMD_INTERNAL_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "oak/catalog/catalog.h"

/* Deparse one raw expression to SQL text with libpg_query (wrapped as SELECT <expr>). */
char *cmd_deparse_expr(PgQuery__Node *expr);
/* An error position for a raw node's location (-1: none). */
int cmd_pos(int location);
/* Schedule a relation file for removal when the transaction commits / aborts. */
void cmd_drop_file_at_commit(RelFile file);
void cmd_drop_file_at_abort(RelFile file);

/*
 * Create an index on rel (already locked SHARE or stronger) from raw IndexElem nodes and
 * an optional raw WHERE clause, fill it from the table's rows, and return its OID.
 * conname: the name of the constraint it implements (pg_constraint row of contype 'u' or
 * 'p'), or NULL.
 */
Oid cmd_define_index(RelDesc *rel,
                     const char *name,
                     PgQuery__Node **params,
                     size_t nparams,
                     PgQuery__Node *where,
                     bool unique,
                     const char *conname,
                     char contype);
/* PostgreSQL's default index name: table_col1_col2_label, made unique with a number. */
char *cmd_choose_index_name(
    Oid nsp, const char *table, PgQuery__Node **params, size_t nparams, const char *label);

/* The schema CREATE TABLE / CREATE INDEX put a new relation in (3F000, 42501). */
Oid cmd_creation_namespace(PgQuery__RangeVar *rv);
/* The role a RoleSpec names: CURRENT_USER etc. resolved, 42704 for an unknown name. */
Oid cmd_role_spec_oid(PgQuery__RoleSpec *rs);
/* "name1_name2_label" (then label1, label2, ...) truncated to fit, not yet used in nsp. */
char *cmd_choose_name(Oid nsp, const char *name1, const char *name2, const char *label);
/*
 * DROP TABLE / VIEW / SEQUENCE: object i of ds, of kind ('r', 'v', 'S'; what names it in
 * messages), or NULL when it does not exist and IF EXISTS skips it (NOTICE sent); 42P01,
 * 42809 with PostgreSQL's hint, 42501 for a system catalog.
 */
struct PgQuery__DropStmt;
RelDesc *cmd_drop_target(struct PgQuery__DropStmt *ds, size_t i, char kind, const char *what);
/* The relation rv names, of kind (42809 "is not a <what>"), not a catalog; NULL if missing_ok. */
RelDesc *cmd_relation_of_kind(PgQuery__RangeVar *rv, bool missing_ok, char kind, const char *what);
/* CREATE TABLE's serial columns (cmd_sequence.c): the type for a serial type name, or 0. */
Oid cmd_serial_type(PgQuery__TypeName *tn);
/* The DEFAULT text of a serial column whose sequence will be seqname in nsp. */
char *cmd_serial_default(Oid nsp, const char *seqname);
/* Create the sequence of a serial column (owned by the column, AS its type). */
void cmd_create_serial_sequence(Oid nsp, const char *seqname, Oid type, Oid relid, int attnum);
/* An identity column's SEQUENCE NAME option, or NULL. */
const char *cmd_identity_sequence_name(PgQuery__Node **options, size_t n);
/* Create an identity column's sequence (AS its type, the column's options, pg_depend 'i'). */
void cmd_create_identity_sequence(Oid nsp,
                                  const char *seqname,
                                  Oid type,
                                  Oid relid,
                                  int attnum,
                                  PgQuery__Node **options,
                                  size_t noptions);
/* Drop a sequence relation (catalog rows now, its file at commit). */
void cmd_drop_sequence_rel(RelDesc *seq);
/* Drop one table (ACCESS EXCLUSIVE, catalog rows, its files and its indexes' at commit). */
void cmd_drop_relation(RelDesc *rel);

/* COPY in the binary file format (cmd_copy_binary.c); cmd_copy_from / cmd_copy_to pass on. */
struct Snapshot;
struct Query;
uint64_t
cmd_copy_from_binary(RelDesc *rel, const int *cols, int ncols, const struct Snapshot *snap);
uint64_t cmd_copy_to_binary(struct Query *q, const struct Snapshot *snap);

#endif /* OAK_CMD_INTERNAL_H */
