/*
 * acl.c
 *     Access control lists (acl.h): the aclitem and aclitem[] types' text forms, default
 *     ACLs, and the changes GRANT and REVOKE make, and the masks privilege checks read.
 *
 * Invariants:
 *   1. An ACL never holds two items with the same (grantee, grantor), nor an item with no
 *      privilege left; GRANT appends a new item, so the owner's item (from the default
 *      ACL) stays first, as PostgreSQL prints it.
 *   2. A grant option is only ever held together with its privilege.
 * Role names come from hooks the catalog sets; an unknown role OID prints as its number.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "oak/utils/acl.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"

Oid (*adt_role_oid_hook)(const char *name);

static const char acl_letters[] = "arwdDxtXUCTcsA";

uint32_t
acl_privilege_of_letter(char c)
{
    const char *p = c != '\0' ? strchr(acl_letters, c) : NULL;
    return p != NULL ? 1u << (p - acl_letters) : 0;
}

static void
acl_push(Acl *acl, Oid grantee, Oid grantor, uint32_t privs)
{
    AclItem *grown = mcx_alloc(sizeof(AclItem) * (size_t)(acl->n + 1));
    if (acl->n > 0)
        memcpy(grown, acl->items, sizeof(AclItem) * (size_t)acl->n);
    grown[acl->n++] = (AclItem){grantee, grantor, privs};
    acl->items = grown;
}

void
acl_default(AclObjKind kind, Oid owner, Acl *out)
{
    out->n = 0;
    out->items = NULL;
    switch (kind) {
    case ACL_OBJ_TABLE:
        acl_push(out, owner, owner, ACL_ALL_TABLE);
        break;
    case ACL_OBJ_SEQUENCE:
        acl_push(out, owner, owner, ACL_ALL_SEQUENCE);
        break;
    case ACL_OBJ_SCHEMA:
        acl_push(out, owner, owner, ACL_ALL_SCHEMA);
        break;
    case ACL_OBJ_DATABASE:
        /* PostgreSQL's: PUBLIC may connect and create temporary tables */
        acl_push(out, INVALID_OID, owner, ACL_CREATE_TEMP | ACL_CONNECT);
        acl_push(out, owner, owner, ACL_ALL_DATABASE);
        break;
    }
}

/* One aclitem value: a varlena of one AclItem. */
static Datum
acl_item_datum(const AclItem *it)
{
    Varlena *v = mcx_alloc(sizeof(Varlena) + sizeof(AclItem));
    v->len = (uint32_t)(sizeof(Varlena) + sizeof(AclItem));
    memcpy(v->data, it, sizeof(AclItem));
    return ptr_datum(v);
}

static AclItem
acl_item_of(Datum d)
{
    AclItem it = {INVALID_OID, INVALID_OID, 0};
    const Varlena *v = datum_ptr(d);
    if (varlena_size(v) == sizeof(AclItem))
        memcpy(&it, v->data, sizeof it);
    return it;
}

void
acl_from_datum(Datum arr, Acl *out)
{
    AdtArray a;
    adt_array_open(arr, &a);
    out->n = 0;
    out->items = mcx_alloc(sizeof(AclItem) * (size_t)(a.nitems > 0 ? a.nitems : 1));
    for (int i = 0; i < a.nitems; i++)
        if (!a.nulls[i])
            out->items[out->n++] = acl_item_of(a.values[i]);
}

Datum
acl_to_datum(const Acl *acl)
{
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(acl->n > 0 ? acl->n : 1));
    for (int i = 0; i < acl->n; i++)
        values[i] = acl_item_datum(&acl->items[i]);
    return adt_array_build_1d(ACLITEMOID, acl->n, values, NULL);
}

void
acl_update(Acl *acl, Oid grantee, Oid grantor, uint32_t privs, bool grant_option, bool is_grant)
{
    int at = -1;
    for (int i = 0; i < acl->n && at < 0; i++)
        if (acl->items[i].grantee == grantee && acl->items[i].grantor == grantor)
            at = i;
    if (is_grant) {
        uint32_t add = privs | (grant_option ? acl_grant_option_for(privs) : 0);
        if (at < 0)
            acl_push(acl, grantee, grantor, add);
        else
            acl->items[at].privs |= add;
        return;
    }
    if (at < 0)
        return;
    /* invariant 2: revoking a privilege revokes its grant option too */
    uint32_t remove = acl_grant_option_for(privs) | (grant_option ? 0 : privs);
    acl->items[at].privs &= ~remove;
    if (acl->items[at].privs == 0) { /* invariant 1 */
        memmove(&acl->items[at], &acl->items[at + 1], sizeof(AclItem) * (size_t)(acl->n - at - 1));
        acl->n--;
    }
}

static bool
acl_applies(const AclItem *it, Oid role, bool is_db_owner)
{
    return it->grantee == INVALID_OID || it->grantee == role ||
           (is_db_owner && it->grantee == ADT_PG_DATABASE_OWNER_ROLE);
}

uint32_t
acl_mask(const Acl *acl, Oid role, bool is_db_owner, uint32_t mask)
{
    uint32_t have = 0;
    for (int i = 0; i < acl->n; i++)
        if (acl_applies(&acl->items[i], role, is_db_owner))
            have |= acl->items[i].privs;
    return have & mask;
}

uint32_t
acl_grant_options(const Acl *acl, Oid role, bool is_db_owner, uint32_t mask)
{
    uint32_t have = 0;
    for (int i = 0; i < acl->n; i++)
        if (acl_applies(&acl->items[i], role, is_db_owner))
            have |= acl->items[i].privs >> 16;
    return have & mask;
}

void
acl_change_owner(Acl *acl, Oid old_owner, Oid new_owner)
{
    Acl out = {0, NULL};
    for (int i = 0; i < acl->n; i++) {
        AclItem it = acl->items[i];
        if (it.grantee == old_owner)
            it.grantee = new_owner;
        if (it.grantor == old_owner)
            it.grantor = new_owner;
        acl_update(&out, it.grantee, it.grantor, it.privs & 0xFFFF, false, true);
        acl_update(&out, it.grantee, it.grantor, it.privs >> 16, true, true);
    }
    *acl = out;
}

/* --- text forms ---------------------------------------------------------------------------- */

/* A role name as PostgreSQL's putid writes it: quoted unless plain lower-case letters etc. */
static void
acl_append_name(StrBuf *sb, Oid role)
{
    char *name = adt_role_name_hook != NULL ? adt_role_name_hook(role) : NULL;
    if (name == NULL) {
        sb_appendf(sb, "%u", role);
        return;
    }
    bool plain = true;
    for (const char *p = name; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
                (unsigned char)*p >= 0x80;
    if (plain) {
        sb_append(sb, name);
        return;
    }
    sb_append_char(sb, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            sb_append_char(sb, '"');
        sb_append_char(sb, *p);
    }
    sb_append_char(sb, '"');
}

static void
acl_item_append(StrBuf *sb, const AclItem *it)
{
    if (it->grantee != INVALID_OID)
        acl_append_name(sb, it->grantee);
    sb_append_char(sb, '=');
    for (int i = 0; i < ACL_NUM_RIGHTS; i++) {
        if (it->privs & (1u << i))
            sb_append_char(sb, acl_letters[i]);
        if (it->privs & acl_grant_option_for(1u << i))
            sb_append_char(sb, '*');
    }
    sb_append_char(sb, '/');
    acl_append_name(sb, it->grantor);
}

/* Read a role name at *p (plain or double-quoted) into a new string; advances *p. */
static char *
acl_read_name(const char **p)
{
    StrBuf sb;
    sb_init(&sb);
    const char *s = *p;
    bool quoted = false;
    while (*s == ' ' || *s == '\t')
        s++;
    for (; *s; s++) {
        if (*s == '"') {
            if (quoted && s[1] == '"') {
                sb_append_char(&sb, '"');
                s++;
                continue;
            }
            quoted = !quoted;
            continue;
        }
        if (!quoted && (*s == '=' || *s == '/' || *s == ' ' || *s == '\t'))
            break;
        sb_append_char(&sb, *s);
    }
    *p = s;
    return sb.data;
}

static Oid
acl_role_of_name(const char *name)
{
    Oid role = adt_role_oid_hook != NULL ? adt_role_oid_hook(name) : INVALID_OID;
    if (role == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    return role;
}

/* Parse "grantee=privs/grantor" (PostgreSQL's aclitemin) from *p; advances *p. */
static AclItem
acl_item_parse(const char **p)
{
    AclItem it = {INVALID_OID, INVALID_OID, 0};
    char *grantee = acl_read_name(p);
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s != '=')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg(grantee[0] ? "missing \"=\" sign" : "unrecognized key word: \"%s\"",
                        grantee));
    if (grantee[0] != '\0')
        it.grantee = acl_role_of_name(grantee);
    uint32_t last = 0;
    for (s++; *s && *s != '/' && *s != ' ' && *s != ','; s++) {
        if (*s == '*') { /* the grant option of the letter before it */
            it.privs |= acl_grant_option_for(last);
            continue;
        }
        last = acl_privilege_of_letter(*s);
        if (last == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                    err_msg("invalid mode character: must be one of \"%s\"", acl_letters));
        it.privs |= last;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s != '/') {
        /* PostgreSQL's old form without a grantor: the bootstrap superuser */
        ereport(WARNING,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("defaulting grantor to user ID %u", ADT_BOOTSTRAP_SUPERUSER));
        it.grantor = ADT_BOOTSTRAP_SUPERUSER;
        *p = s;
        return it;
    }
    s++;
    *p = s;
    char *grantor = acl_read_name(p);
    if (grantor[0] == '\0')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("a name must follow the \"/\" sign"));
    it.grantor = acl_role_of_name(grantor);
    return it;
}

Datum
adt_aclitem_in(const char *str, int32_t typmod)
{
    (void)typmod;
    const char *p = str;
    AclItem it = acl_item_parse(&p);
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("extra garbage at the end of the ACL specification"));
    return acl_item_datum(&it);
}

char *
adt_aclitem_out(Datum value)
{
    AclItem it = acl_item_of(value);
    StrBuf sb;
    sb_init(&sb);
    acl_item_append(&sb, &it);
    return sb.data;
}

Datum
adt_arr_aclitem_in(const char *str, int32_t typmod)
{
    return adt_array_in_typed(str, ACLITEMOID, typmod);
}
