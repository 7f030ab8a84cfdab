/*
 * cat_acl.c
 *     Privileges kept in the catalogs: reading and replacing pg_class.relacl,
 *     pg_namespace.nspacl and pg_database.datacl (a NULL column is the owner's default
 *     ACL), and the checks every statement makes with PostgreSQL's 42501 messages.
 *
 * Who holds what (PostgreSQL 15's rules, without role membership):
 *   - a superuser holds every privilege;
 *   - anyone else holds what the object's ACL grants to them, to PUBLIC, and to
 *     pg_database_owner when they own the current database (its only member here);
 *   - an owner holds what the ACL gives the owner (the default: everything), so an owner
 *     who revoked a right from itself lacks it, as in PostgreSQL, but may grant it back.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cat_internal.h"
#include "oak/access/table.h"
#include "oak/utils/acl.h"
#include "oak/utils/adt.h"

/* The object's row: owner and ACL column (col_owner / col_acl), found by its OID. */
typedef struct AclRow {
    int col_owner;
    int col_acl;
    bool is_class; /* pg_class: note relkind (a sequence's default ACL differs) */
    char relkind;
    bool found;
    Oid owner;
    bool acl_null;
    Datum acl;
} AclRow;

static bool
cat_acl_row_fn(void *arg, const Datum *v, const bool *n)
{
    AclRow *r = arg;
    r->found = true;
    r->owner = datum_oid(v[r->col_owner]);
    if (r->is_class)
        r->relkind = datum_char(v[ANUM_CLASS_RELKIND]);
    r->acl_null = n[r->col_acl];
    if (!r->acl_null) {
        const Varlena *src = datum_ptr(v[r->col_acl]);
        Varlena *copy = mcx_alloc(src->len);
        memcpy(copy, src, src->len);
        r->acl = ptr_datum(copy);
    }
    return false;
}

static Oid
cat_acl_catalog(int kind, int *col_owner, int *col_acl)
{
    switch ((AclObjKind)kind) {
    case ACL_OBJ_TABLE:
    case ACL_OBJ_SEQUENCE:
        *col_owner = ANUM_CLASS_RELOWNER;
        *col_acl = ANUM_CLASS_RELACL;
        return PG_CLASS_RELID;
    case ACL_OBJ_SCHEMA:
        *col_owner = ANUM_NSP_OWNER;
        *col_acl = ANUM_NSP_ACL;
        return PG_NAMESPACE_RELID;
    case ACL_OBJ_DATABASE:
        *col_owner = ANUM_DB_DBA;
        *col_acl = ANUM_DB_ACL;
        return PG_DATABASE_RELID;
    }
    return INVALID_OID;
}

bool
cat_object_acl(int kind, Oid oid, Oid *owner, Acl *acl, bool *is_default)
{
    AclRow r = {0};
    Oid catalog = cat_acl_catalog(kind, &r.col_owner, &r.col_acl);
    r.is_class = catalog == PG_CLASS_RELID;
    cat_scan_by_oid(catalog, oid, cat_acl_row_fn, &r);
    if (!r.found)
        return false;
    *owner = r.owner;
    if (is_default != NULL)
        *is_default = r.acl_null;
    if (r.acl_null)
        acl_default(r.relkind == 'S' ? ACL_OBJ_SEQUENCE : kind, r.owner, acl);
    else
        acl_from_datum(r.acl, acl);
    return true;
}

typedef struct AclSet {
    int col;
    Datum acl;
} AclSet;

static void
cat_set_acl_fn(Datum *v, bool *n, void *arg)
{
    const AclSet *s = arg;
    v[s->col] = s->acl;
    n[s->col] = false;
}

void
cat_set_object_acl(int kind, Oid oid, const Acl *acl)
{
    int col_owner = 0;
    int col_acl = 0;
    Oid catalog = cat_acl_catalog(kind, &col_owner, &col_acl);
    AclSet arg = {col_acl, acl_to_datum(acl)};
    int key = catalog == PG_CLASS_RELID       ? ANUM_CLASS_OID
              : catalog == PG_NAMESPACE_RELID ? ANUM_NSP_OID
                                              : ANUM_DB_OID;
    if (cat_update_rows(catalog, key, oid, -1, 0, cat_set_acl_fn, &arg) != 1)
        elog_internal("catalog row of object %u not found", oid);
}

/*
 * The last answer of cat_role_is_superuser, kept until the relation cache is dropped
 * (cat_cache_reset_local: after any committed catalog change, ALTER ROLE included), so a
 * statement does not scan pg_authid once per table it checks.
 */
static Oid acl_cached_role = INVALID_OID;
static bool acl_cached_super;

void
cat_acl_forget(void)
{
    acl_cached_role = INVALID_OID;
}

bool
cat_role_is_superuser(Oid role)
{
    if (role != INVALID_OID && role == acl_cached_role)
        return acl_cached_super;
    bool super = false;
    Oid found;
    const char *name = cat_role_name(role);
    bool is = name != NULL && cat_role_oid(name, &found, &super) && super;
    acl_cached_role = role;
    acl_cached_super = is;
    return is;
}

/* Does role own the current database (pg_database_owner's implicit member)? */
static bool
cat_role_owns_my_db(Oid role)
{
    CatDatabase d;
    return cat_my_db != INVALID_OID && cat_database_by_oid(cat_my_db, &d) && d.owner == role;
}

uint32_t
cat_object_privileges(int kind, Oid oid, Oid role, uint32_t mask, bool *exists)
{
    Oid owner;
    Acl acl;
    *exists = cat_object_acl(kind, oid, &owner, &acl, NULL);
    if (!*exists)
        return 0;
    if (role == INVALID_OID || cat_role_is_superuser(role))
        return mask; /* no role: the server's own work (bootstrap, autovacuum) */
    return acl_mask(&acl, role, cat_role_owns_my_db(role), mask);
}

uint32_t
cat_object_grant_options(int kind, Oid oid, Oid role, uint32_t mask)
{
    Oid owner;
    Acl acl;
    if (!cat_object_acl(kind, oid, &owner, &acl, NULL))
        return 0;
    if (cat_role_is_superuser(role))
        return mask;
    return acl_grant_options(&acl, role, cat_role_owns_my_db(role), mask);
}

/* "table", "view", ... as PostgreSQL's permission messages name a relation's kind. */
static const char *
cat_relkind_word(char kind)
{
    return kind == 'v' ? "view" : kind == 'S' ? "sequence" : "table";
}

void
cat_check_relation_privilege(const RelDesc *rel, uint32_t mask)
{
    cat_check_relation_privilege_of(rel, cat_my_role, mask);
}

Oid
cat_relation_owner(Oid relid)
{
    Oid owner = INVALID_OID;
    Acl acl;
    (void)cat_object_acl(ACL_OBJ_TABLE, relid, &owner, &acl, NULL);
    return owner;
}

void
cat_check_relation_privilege_of(const RelDesc *rel, Oid role, uint32_t mask)
{
    if (role == INVALID_OID || cat_role_is_superuser(role))
        return; /* the cached answer: no pg_class read for a superuser's statements */
    bool exists;
    if (cat_object_privileges(ACL_OBJ_TABLE, rel->oid, role, mask, &exists) == mask || !exists)
        return;
    ereport(ERROR,
            err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
            err_msg("permission denied for %s %s", cat_relkind_word(rel->kind), rel->name));
}

bool
cat_namespace_privilege(Oid nsp, uint32_t mask)
{
    if (cat_my_role == INVALID_OID || cat_role_is_superuser(cat_my_role))
        return true;
    bool exists;
    return cat_object_privileges(ACL_OBJ_SCHEMA, nsp, cat_my_role, mask, &exists) == mask;
}

void
cat_check_namespace_privilege(Oid nsp, uint32_t mask)
{
    if (cat_namespace_privilege(nsp, mask))
        return;
    ereport(ERROR,
            err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
            err_msg("permission denied for schema %s", cat_namespace_name(nsp)));
}

bool
cat_database_privilege(Oid db, Oid role, uint32_t mask)
{
    bool exists;
    return cat_object_privileges(ACL_OBJ_DATABASE, db, role, mask, &exists) == mask;
}

bool
cat_is_owner(int kind, Oid oid)
{
    Oid owner;
    Acl acl;
    if (!cat_object_acl(kind, oid, &owner, &acl, NULL))
        return true; /* gone: the caller reports that */
    return owner == cat_my_role || cat_my_role == INVALID_OID || cat_role_is_superuser(cat_my_role);
}

void
cat_check_relation_owner(const RelDesc *rel)
{
    if (cat_is_owner(ACL_OBJ_TABLE, rel->oid))
        return;
    ereport(ERROR,
            err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
            err_msg("must be owner of %s %s",
                    rel->kind == 'i' ? "index" : cat_relkind_word(rel->kind),
                    rel->name));
}

typedef struct OwnerSet {
    int col_owner;
    int col_acl;
    Oid owner;
} OwnerSet;

static void
cat_set_owner_fn(Datum *v, bool *n, void *arg)
{
    const OwnerSet *s = arg;
    Oid old = datum_oid(v[s->col_owner]);
    v[s->col_owner] = oid_datum(s->owner);
    if (n[s->col_acl])
        return; /* the default ACL follows the owner by itself */
    Acl acl;
    acl_from_datum(v[s->col_acl], &acl);
    acl_change_owner(&acl, old, s->owner);
    v[s->col_acl] = acl_to_datum(&acl);
}

void
cat_set_object_owner(int kind, Oid oid, Oid owner)
{
    OwnerSet s = {0, 0, owner};
    Oid catalog = cat_acl_catalog(kind, &s.col_owner, &s.col_acl);
    int key = catalog == PG_CLASS_RELID       ? ANUM_CLASS_OID
              : catalog == PG_NAMESPACE_RELID ? ANUM_NSP_OID
                                              : ANUM_DB_OID;
    if (cat_update_rows(catalog, key, oid, -1, 0, cat_set_owner_fn, &s) != 1)
        elog_internal("catalog row of object %u not found", oid);
}

/* --- what a role owns or holds privileges on (DROP ROLE) ----------------------------------- */

typedef struct RoleDeps {
    Oid role;
    int col_owner;
    int col_acl;
    int col_name;
    char kind;
    StrBuf *out;
    int count;
} RoleDeps;

static bool
cat_acl_mentions(const Datum *v, const bool *n, int col, Oid role)
{
    if (n[col])
        return false;
    Acl acl;
    acl_from_datum(v[col], &acl);
    for (int i = 0; i < acl.n; i++)
        if (acl.items[i].grantee == role || acl.items[i].grantor == role)
            return true;
    return false;
}

static void
cat_role_dep_line(RoleDeps *d, const char *what, const char *kind, const char *name)
{
    if (d->count++ > 0)
        sb_append_char(d->out, '\n');
    sb_appendf(d->out, "%s %s %s", what, kind, name);
}

static bool
cat_role_deps_fn(void *arg, const Datum *v, const bool *n)
{
    RoleDeps *d = arg;
    const char *kind = d->kind == 'd' ? "database" : d->kind == 'n' ? "schema" : "table";
    char *name;
    if (d->kind == 'r') {
        char relkind = datum_char(v[ANUM_CLASS_RELKIND]);
        if (relkind != 'r' && relkind != 'v')
            return true; /* indexes follow their tables */
        kind = relkind == 'v' ? "view" : "table";
        name = cat_relation_name(datum_oid(v[ANUM_CLASS_OID]));
    } else {
        name = text_to_cstr(datum_ptr(v[d->col_name]));
    }
    if (datum_oid(v[d->col_owner]) == d->role)
        cat_role_dep_line(d, "owner of", kind, name);
    if (cat_acl_mentions(v, n, d->col_acl, d->role))
        cat_role_dep_line(d, "privileges for", kind, name);
    return true;
}

char *
cat_role_dependencies(Oid role)
{
    StrBuf sb;
    sb_init(&sb);
    RoleDeps d = {role, ANUM_DB_DBA, ANUM_DB_ACL, ANUM_DB_NAME, 'd', &sb, 0};
    cat_scan(PG_DATABASE_RELID, NULL, NULL, cat_role_deps_fn, &d);
    d = (RoleDeps){role, ANUM_NSP_OWNER, ANUM_NSP_ACL, ANUM_NSP_NAME, 'n', &sb, d.count};
    cat_scan(PG_NAMESPACE_RELID, NULL, NULL, cat_role_deps_fn, &d);
    d = (RoleDeps){
        role, ANUM_CLASS_RELOWNER, ANUM_CLASS_RELACL, ANUM_CLASS_RELNAME, 'r', &sb, d.count};
    cat_scan(PG_CLASS_RELID, NULL, NULL, cat_role_deps_fn, &d);
    return d.count > 0 ? sb.data : NULL;
}

void
cat_check_sequence_privilege(const RelDesc *seq, uint32_t any)
{
    bool exists;
    if (cat_object_privileges(ACL_OBJ_TABLE, seq->oid, cat_my_role, any, &exists) != 0 || !exists)
        return;
    ereport(ERROR,
            err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
            err_msg("permission denied for sequence %s", seq->name));
}
