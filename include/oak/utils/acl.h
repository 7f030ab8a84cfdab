/*
 * acl.h
 *     Access privileges: the aclitem type (1033) and its arrays (aclitem[], 1034) that the
 *     catalogs keep in pg_class.relacl, pg_namespace.nspacl and pg_database.datacl, as
 *     PostgreSQL 15 does, and the operations GRANT, REVOKE and the privilege checks need.
 *
 * An item grants privileges to a grantee (INVALID_OID = PUBLIC) from a grantor. Its text
 * form is PostgreSQL's: "grantee=privs/grantor", an empty grantee for PUBLIC, each
 * privilege a letter of "arwdDxtXUCTcsA" followed by '*' when it may be granted on.
 * A NULL ACL column means the object's default ACL (acl_default), as in PostgreSQL.
 *
 * Stored forms: aclitem = a varlena of one AclItem (12 bytes of data); aclitem[] = a
 * general array (oak/utils/array.h) of them, one dimension, lower bound 1.
 */
#ifndef OAK_UTILS_ACL_H
#define OAK_UTILS_ACL_H

#include "oak/oak.h"

enum {
    ACLITEMOID = 1033,
    ACLITEMARRAYOID = 1034,
    ADT_PG_DATABASE_OWNER_ROLE = 6171, /* the predefined role pg_database_owner */
    ADT_BOOTSTRAP_SUPERUSER = 10,      /* the grantor an item without one gets */
};

/* Privilege bits, PostgreSQL's values; the grant option of p is p << 16. */
enum {
    ACL_INSERT = 1u << 0,        /* a */
    ACL_SELECT = 1u << 1,        /* r */
    ACL_UPDATE = 1u << 2,        /* w */
    ACL_DELETE = 1u << 3,        /* d */
    ACL_TRUNCATE = 1u << 4,      /* D */
    ACL_REFERENCES = 1u << 5,    /* x */
    ACL_TRIGGER = 1u << 6,       /* t */
    ACL_EXECUTE = 1u << 7,       /* X */
    ACL_USAGE = 1u << 8,         /* U */
    ACL_CREATE = 1u << 9,        /* C */
    ACL_CREATE_TEMP = 1u << 10,  /* T */
    ACL_CONNECT = 1u << 11,      /* c */
    ACL_SET = 1u << 12,          /* s */
    ACL_ALTER_SYSTEM = 1u << 13, /* A */
    ACL_NUM_RIGHTS = 14,
    ACL_ALL_TABLE = ACL_INSERT | ACL_SELECT | ACL_UPDATE | ACL_DELETE | ACL_TRUNCATE |
                    ACL_REFERENCES | ACL_TRIGGER,
    ACL_ALL_SCHEMA = ACL_USAGE | ACL_CREATE,
    ACL_ALL_DATABASE = ACL_CREATE | ACL_CREATE_TEMP | ACL_CONNECT,
    ACL_ALL_SEQUENCE = ACL_USAGE | ACL_SELECT | ACL_UPDATE,
};

static inline uint32_t
acl_grant_option_for(uint32_t privs)
{
    return privs << 16;
}

typedef struct AclItem {
    Oid grantee; /* INVALID_OID: PUBLIC */
    Oid grantor;
    uint32_t privs; /* ACL_* bits, their grant options in the high half */
} AclItem;

/* An ACL opened for reading or changing (items in the current context). */
typedef struct Acl {
    int n;
    AclItem *items;
} Acl;

/*
 * Object kinds with an ACL: pg_class 'r' (sequences, relkind 'S', keep their ACL there
 * too: ACL_OBJ_SEQUENCE only selects their default), pg_namespace 'n', pg_database 'd'.
 */
typedef enum AclObjKind {
    ACL_OBJ_TABLE = 'r',
    ACL_OBJ_SEQUENCE = 'S',
    ACL_OBJ_SCHEMA = 'n',
    ACL_OBJ_DATABASE = 'd'
} AclObjKind;

/* The ACL a NULL column stands for: the owner holds every right of the kind. */
void acl_default(AclObjKind kind, Oid owner, Acl *out);
/* Open / store an aclitem[] value (stored form above). */
void acl_from_datum(Datum arr, Acl *out);
Datum acl_to_datum(const Acl *acl);

/*
 * GRANT (is_grant) or REVOKE of privs from grantee as grantor: the item (grantee, grantor)
 * gains the privileges (and their grant options when grant_option), or loses them (only
 * the grant options when grant_option: REVOKE GRANT OPTION FOR). Items left with no
 * privilege are removed; a new item goes last.
 */
void
acl_update(Acl *acl, Oid grantee, Oid grantor, uint32_t privs, bool grant_option, bool is_grant);
/*
 * The privileges of mask that role holds through the ACL: items for PUBLIC, for the role,
 * and for pg_database_owner when is_db_owner (PostgreSQL 15's implicit member).
 */
uint32_t acl_mask(const Acl *acl, Oid role, bool is_db_owner, uint32_t mask);
/* The same for grant options: which privileges of mask role may grant on. */
uint32_t acl_grant_options(const Acl *acl, Oid role, bool is_db_owner, uint32_t mask);
/* Replace grantor/grantee old_owner by new_owner (ALTER ... OWNER TO), merging items. */
void acl_change_owner(Acl *acl, Oid old_owner, Oid new_owner);

/* The bit of a privilege letter (0 if none); the letters of a mask, "arwdDxt" order. */
uint32_t acl_privilege_of_letter(char c);

/* Type I/O callbacks of aclitem and aclitem[] (adt_types.c). */
Datum adt_aclitem_in(const char *str, int32_t typmod);
char *adt_aclitem_out(Datum value);
/* aclitem[] input (its output and the rest are the general array type's). */
Datum adt_arr_aclitem_in(const char *str, int32_t typmod);

/* Role lookups for the text forms, set by the engine (INVALID_OID: none). */
extern Oid (*adt_role_oid_hook)(const char *name);
/*
 * For has_*_privilege (acl_fns.c), set by the engine: an object's OID by name (kind an
 * AclObjKind; INVALID_OID if none), the rights of mask a role holds on it (*exists false
 * if there is no such object), those it may grant, and the current user.
 */
extern Oid (*adt_object_oid_hook)(char kind, const char *name);
extern uint32_t (*adt_object_privileges_hook)(
    char kind, Oid oid, Oid role, uint32_t mask, bool *exists);
extern uint32_t (*adt_object_grant_options_hook)(char kind, Oid oid, Oid role, uint32_t mask);
extern Oid (*adt_current_role_hook)(void);

#endif /* OAK_UTILS_ACL_H */
