/*
 * adt.h
 *     The built-in types, functions, operators, casts and aggregates: the tables the analyzer
 *     resolves names against and the executor calls through. Every oid is PostgreSQL 15's own
 *     (pg_type, pg_proc, pg_operator, pg_cast, pg_aggregate), so catalog queries from clients
 *     see what they expect.
 *
 * Values are Datums (fmgr.h): bool, "char", int2, int4, int8, oid, float4, float8, date (int4
 * days since 2000-01-01), time (int8 microseconds) and timestamp(tz) by value; text, varchar,
 * bpchar, name, bytea, unknown, numeric, interval, uuid, json and jsonb are pointers to a
 * Varlena (numeric's, interval's and jsonb's bytes are private to backend/utils/adt).
 *
 * Key encoding (DESIGN.md §3): key_encode appends bytes whose memcmp order is the type's
 * ascending order and whose byte equality is the type's equality (numeric 1.0 and 1.00 encode
 * alike). Every encoding is prefix-free, so complementing the bytes gives descending order.
 * Integers of all widths share one encoding (int2 5 == int4 5 == int8 5), as do float4 and
 * float8, so a key built from a cross-type comparison finds the same bytes.
 */
#ifndef OAK_UTILS_ADT_H
#define OAK_UTILS_ADT_H

#include "oak/oak.h"
#include "oak/utils/fmgr.h"

/* pg_type oids */
enum {
    BOOLOID = 16,
    BYTEAOID = 17,
    CHAROID = 18,
    NAMEOID = 19,
    INT8OID = 20,
    INT2OID = 21,
    INT2VECTOROID = 22,
    INT4OID = 23,
    REGPROCOID = 24,
    TEXTOID = 25,
    OIDOID = 26,
    OIDVECTOROID = 30,
    PGNODETREEOID = 194,
    REGPROCEDUREOID = 2202,
    REGTYPEOID = 2206,
    REGNAMESPACEOID = 4089,
    REGROLEOID = 4096,
    FLOAT4OID = 700,
    FLOAT8OID = 701,
    UNKNOWNOID = 705,
    BPCHAROID = 1042,
    VARCHAROID = 1043,
    JSONOID = 114,
    DATEOID = 1082,
    TIMEOID = 1083,
    TIMESTAMPOID = 1114,
    TIMESTAMPTZOID = 1184,
    INTERVALOID = 1186,
    TIMETZOID = 1266,
    UUIDOID = 2950,
    JSONBOID = 3802,
    NUMERICOID = 1700,
    REGCLASSOID = 2205,
    CSTRINGOID = 2275,
    ANYOID = 2276,
    ANYARRAYOID = 2277,
    VOIDOID = 2278,
    XID8OID = 5069,
    INTERNALOID = 2281,
    ANYELEMENTOID = 2283,
    ANYNONARRAYOID = 2776,
    ANYCOMPATIBLEOID = 5077,
    ANYCOMPATIBLEARRAYOID = 5078,
    /* array types (backend/utils/adt/array*.c; their values: oak/utils/array.h) */
    BOOLARRAYOID = 1000,
    BYTEAARRAYOID = 1001,
    CHARARRAYOID = 1002,
    NAMEARRAYOID = 1003,
    INT2ARRAYOID = 1005,
    INT4ARRAYOID = 1007,
    TEXTARRAYOID = 1009,
    BPCHARARRAYOID = 1014,
    VARCHARARRAYOID = 1015,
    INT8ARRAYOID = 1016,
    FLOAT4ARRAYOID = 1021,
    FLOAT8ARRAYOID = 1022,
    OIDARRAYOID = 1028,
    TIMESTAMPTZARRAYOID = 1185,
    NUMERICARRAYOID = 1231,
    REGCLASSARRAYOID = 2210,
    XID8ARRAYOID = 271,
};

/* Typmod for "no typmod", as in PostgreSQL. */
enum { ADT_NO_TYPMOD = -1 };

/*
 * One built-in type. The first fields are pg_type's; the function pointers are NULL for
 * pseudo-types and (except in/out) for array types.
 */
typedef struct TypeDesc {
    Oid oid;
    const char *name; /* pg_type.typname */
    int16_t len;      /* typlen: 1, 2, 4, 8 by value; -1 varlena (also name); -2 cstring */
    bool byval;
    char align;    /* 'c', 's', 'i', 'd' */
    char category; /* typcategory: 'B' bool, 'N' numeric, 'S' string, 'D' datetime, 'U', 'P', ... */
    bool preferred;
    Oid elem;        /* typelem: element type of an array type, else 0 */
    Oid array;       /* typarray: this type's array type, else 0 */
    Oid input_proc;  /* pg_proc oid of typinput */
    Oid output_proc; /* pg_proc oid of typoutput */
    /* Text input with the column's typmod applied (-1: none); 22P02/22003/22001 on bad input. */
    Datum (*in)(const char *str, int32_t typmod);
    /* Text output in PostgreSQL's exact format, allocated in the current context. */
    char *(*out)(Datum value);
    /* Append the memcmp-order-preserving ascending encoding (see the file comment). */
    void (*key_encode)(StrBuf *out, Datum value);
    /* <0, 0, >0; total order (NaN sorts above every number, as in PostgreSQL). */
    int (*compare)(Datum a, Datum b);
    /*
     * Coerce a value of this type to a typmod (varchar(n), bpchar(n), numeric(p,s)): too long
     * is 22001 unless explicit (then truncate); numeric overflow is 22003. NULL: no typmods.
     */
    Datum (*apply_typmod)(Datum value, int32_t typmod, bool explicit_cast);
} TypeDesc;

extern const TypeDesc adt_types[];
extern const int adt_ntypes;

/* The type with this pg_type oid, or NULL. */
const TypeDesc *adt_type(Oid oid);
/*
 * The type with this name, or NULL. Canonical pg_type names first ("int4", "bpchar", "char"
 * = the one-byte "char" type), then SQL spellings: "integer", "int", "smallint", "bigint",
 * "real", "double precision", "float", "decimal", "boolean", "character varying",
 * "character" (bpchar), "timestamp with time zone". Case-insensitive; a "pg_catalog."
 * prefix is accepted.
 */
const TypeDesc *adt_type_by_name(const char *name);

/*
 * Typmod from the numbers in a type declaration, e.g. varchar(5) -> {5}, numeric(10,2) ->
 * {10, 2}. Raises 22023 / 42601 with PostgreSQL's message on bad values; a type without
 * typmods raises 42601 "type modifier is not allowed for type \"int4\"".
 */
int32_t adt_typmod_from_args(Oid type, const int32_t *args, int nargs);
/* format_type(): "integer", "character varying(5)", "numeric(10,2)", "timestamp with time zone". */
char *adt_format_type(Oid type, int32_t typmod);

/*
 * typlen as PostgreSQL reports it (pg_type, pg_attribute, RowDescription): TypeDesc.len,
 * except interval and uuid, fixed 16-byte types that are stored here as a Varlena.
 */
int16_t adt_type_typlen(const TypeDesc *t);

/* Byte size of a value as stored (len for by-value types, the varlena length otherwise). */
size_t adt_datum_size(const TypeDesc *t, Datum value);
/* Copy a value into the current context (by-value types are returned as they are). */
Datum adt_datum_copy(const TypeDesc *t, Datum value);
/* Hash consistent with equality (equal values hash equal, also across int widths). */
uint32_t adt_datum_hash(const TypeDesc *t, Datum value);

/*
 * Append the key encoding of one column: a NULL-marker byte that puts NULLs where
 * PostgreSQL puts them (last ascending unless nulls_first), then key_encode, all bytes
 * complemented when desc.
 */
void adt_key_encode_column(
    StrBuf *out, const TypeDesc *t, Datum value, bool isnull, bool desc, bool nulls_first);

/* One pg_proc entry. argtypes past nargs are 0. */
typedef struct ProcDesc {
    Oid oid;
    const char *name;
    Oid rettype;
    int nargs;
    Oid argtypes[FUNC_MAX_ARGS];
    bool strict;     /* a NULL argument gives NULL without calling fn */
    bool retset;     /* set-returning: none built in yet, always false */
    char volatility; /* 'i' immutable, 's' stable, 'v' volatile */
    PGFunction fn;   /* NULL for aggregates (see AggDesc) */
    const char *src; /* pg_proc.prosrc ("" for SQL-language functions) */
    Oid lang;        /* pg_proc.prolang: 12 internal, 14 sql */
    char parallel;   /* pg_proc.proparallel: 's', 'r', 'u' */
    /* pg_proc.proargnames ("a,b", every argument, OUT ones too) and proargmodes ("io"), or
     * NULL: unnamed / all IN. An OUT argument's type is the result type (one OUT at most). */
    const char *argnames;
    const char *argmodes;
} ProcDesc;

extern const ProcDesc adt_procs[];
extern const int adt_nprocs;

const ProcDesc *adt_proc(Oid oid);
/* Iterate over the functions named name (aggregates included): pass prev = NULL to start. */
const ProcDesc *adt_proc_next_by_name(const char *name, const ProcDesc *prev);

/* One pg_operator entry. left is 0 for a prefix operator (unary minus). */
typedef struct OperDesc {
    Oid oid;
    const char *name;
    Oid left;
    Oid right;
    Oid result;
    Oid proc; /* the implementing ProcDesc's oid (oprcode) */
    Oid commutator;
    Oid negator;
} OperDesc;

extern const OperDesc adt_opers[];
extern const int adt_nopers;

const OperDesc *adt_oper(Oid oid);
/* The operator with exactly these operand types (left 0 for prefix), or NULL. */
const OperDesc *adt_oper_find(const char *name, Oid left, Oid right);
/* Iterate over the operators named name: pass prev = NULL to start. */
const OperDesc *adt_oper_next_by_name(const char *name, const OperDesc *prev);

/* Cast contexts (pg_cast.castcontext) */
enum { ADT_CAST_IMPLICIT = 'i', ADT_CAST_ASSIGNMENT = 'a', ADT_CAST_EXPLICIT = 'e' };

/*
 * One pg_cast entry. method (pg_cast.castmethod): 'f' call func, 'b' binary-coercible (the
 * Datum is reused as it is, func 0), 'i' through the output and input functions (json <-> jsonb).
 */
typedef struct CastDesc {
    Oid source;
    Oid target;
    Oid func;
    char context;
    char method;
} CastDesc;

extern const CastDesc adt_casts[];
extern const int adt_ncasts;

/* The pg_cast entry from source to target, or NULL. */
const CastDesc *adt_cast_find(Oid source, Oid target);
/*
 * Whether a cast exists in this context ('i' < 'a' < 'e'), PostgreSQL's way: a pg_cast entry
 * allowed in the context, or else an I/O conversion (to a string type in assignment or
 * explicit context, from a string type in explicit context). Same type: always.
 */
bool adt_can_cast(Oid source, Oid target, char context);
/*
 * Convert value from source to target (pg_cast function, binary coercion or I/O conversion),
 * then apply typmod (-1: none). explicit_cast selects truncation over 22001 for varchar/bpchar.
 * Raises 42846 "cannot cast type %s to %s" when no cast exists; conversion errors as the
 * functions raise them.
 */
Datum adt_cast(Datum value, Oid source, Oid target, int32_t typmod, bool explicit_cast);

/*
 * Aggregate steps. The state lives in cx (the group's context, reset by the executor between
 * groups); trans is only called for non-NULL inputs (every built-in aggregate ignores NULLs;
 * count(*) gets value 0). final allocates its result in the current context and sets *isnull
 * (sum/min/max/avg of no rows).
 */
typedef Datum (*AggInitFn)(MemCtx *cx);
typedef Datum (*AggTransFn)(MemCtx *cx, Datum state, Datum value);
typedef Datum (*AggFinalFn)(Datum state, bool *isnull);
/*
 * The step of an aggregate that sees NULL inputs too (array_agg), with the input's type and,
 * for agg(x ORDER BY ...), the input's sort key (memcmp order; NULL without ORDER BY).
 */
typedef Datum (*AggTransAnyFn)(
    MemCtx *cx, Datum state, Datum value, bool isnull, Oid type, const StrBuf *sortkey);

typedef struct AggDesc {
    Oid aggfnoid; /* the aggregate's pg_proc oid (also in adt_procs, fn NULL) */
    const char *name;
    Oid argtype; /* 0 for count(*) */
    Oid rettype;
    Oid transtype; /* pg_aggregate.aggtranstype (internal 2281 where PostgreSQL has it) */
    Oid sortop;    /* min/max: the < or > operator, else 0 */
    AggInitFn init;
    AggTransFn trans;
    AggFinalFn final;
    AggTransAnyFn trans_any; /* set instead of trans for aggregates that keep NULLs */
} AggDesc;

/*
 * The internal function json(b)_object_agg(key, value) aggregates over: the pair as one
 * JSON object member, '"key" : value' (text); a NULL key is 22023.
 */
const ProcDesc *adt_json_object_member_proc(void);

extern const AggDesc adt_aggs[];
extern const int adt_naggs;

const AggDesc *adt_agg(Oid aggfnoid);
/*
 * The inverse of agg's transition (one non-NULL input taken back out of the state), or
 * NULL when it has none: count, and sum / avg over integers (window frames that slide).
 */
AggTransFn adt_agg_inverse(const AggDesc *agg);
/* Find an aggregate by name and argument type (0 for count(*)), or NULL. */
const AggDesc *adt_agg_find(const char *name, Oid argtype);

/*
 * Set by the engine: the current transaction's id for pg_current_xact_id() (assigning one
 * if assign), or INVALID_XID.
 */
extern Xid (*adt_current_xid_hook)(bool assign);

/* Set by the engine: called every few milliseconds by long functions (pg_sleep) to cancel. */
extern void (*adt_interrupt_hook)(void);
/* extra_float_digits (session setting): > 0 shortest exact output, <= 0 rounded. */
extern int adt_extra_float_digits;
/* IntervalStyle (session setting): 0 postgres, 1 postgres_verbose, 2 sql_standard, 3 iso_8601. */
extern int adt_interval_style;
/* An interval's time part in microseconds (its days and months left out), as time +
 * interval uses it. */
int64_t adt_interval_time(Datum interval);
/* timetz from / to its microseconds since midnight and zone (seconds west of UTC). */
Datum adt_timetz_from_parts(int64_t time, int32_t zone);
void adt_timetz_parts(Datum d, int64_t *time, int32_t *zone);
/* regclass name resolution, set by the catalog: name -> OID (0: none), OID -> name (NULL). */
extern Oid (*adt_regclass_lookup_hook)(const char *name);
extern char *(*adt_regclass_name_hook)(Oid oid);
/*
 * regnamespace / regrole name resolution, set by the catalog like the regclass hooks:
 * name (already case-folded, unquoted) -> OID (0: none).
 */
extern Oid (*adt_namespace_lookup_hook)(const char *name);
extern char *(*adt_namespace_name_hook)(Oid nsp);
extern Oid (*adt_role_lookup_hook)(const char *name);
/* Types the catalog has beyond the built-in table (row types): by name (schema NULL: the
 * search path; ndims > 0: the array type), and format_type's name for one (NULL: none). */
extern Oid (*adt_type_lookup_hook)(const char *schema, const char *name, int ndims);
extern char *(*adt_type_name_hook)(Oid type);
/*
 * Whether a type is one of the OID alias types (oid, regproc, regclass, regtype, ...):
 * 4-byte unsigned values that key-encode, compare and cast like oid.
 */
bool adt_is_oid_alias(Oid type);
/*
 * Split a possibly qualified, possibly double-quoted name ("a.b", "\"A\".b") into at most
 * max parts, folding unquoted parts to lower case; false on bad syntax.
 */
int adt_split_name(const char *str, char **parts, int max);
/* An identifier as SQL text: double-quoted when it is not all lower case letters, digits
 * and underscores, or is a keyword PostgreSQL does not allow bare (quote_identifier). */
char *adt_quote_ident(const char *name);
/* format_type(type, NULL): as with typmod -1, except bpchar, which prints "character". */
char *adt_format_type_be(Oid type);
/* An oidvector value of n OIDs (pg_proc.proargtypes). */
Varlena *adt_oidvector_make(int n, const Oid *oids);
/* A function's name and argument types as regprocedure prints them: "lower(text)". */
char *adt_proc_signature(const ProcDesc *p);

/* pg_get_userbyid and pg_table_is_visible, set by the catalog (sysfuncs.c). */
extern char *(*adt_role_name_hook)(Oid roleid);
extern bool (*adt_rel_visible_hook)(Oid relid);
/*
 * Sequence functions (seqfuncs.c) reach sequences through this hook, which commands/ sets:
 * nextval, currval, setval (value, is_called) and lastval (relid unused). Sets *isnull.
 */
typedef enum AdtSeqOp {
    ADT_SEQ_NEXTVAL,
    ADT_SEQ_CURRVAL,
    ADT_SEQ_SETVAL,
    ADT_SEQ_LASTVAL
} AdtSeqOp;
extern int64_t (*adt_seq_hook)(AdtSeqOp op, Oid relid, int64_t value, bool is_called, bool *isnull);

/*
 * Start times (Timestamp, below) for now()/transaction_timestamp() and statement_timestamp();
 * the engine sets them at transaction and statement start. 0: use the current time.
 */
extern int64_t adt_xact_start_timestamp;
extern int64_t adt_stmt_start_timestamp;

/* Datum helpers for the by-value types fmgr.h does not cover. */
static inline Datum
float4_datum(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return (Datum)bits;
}

static inline float
datum_float4(Datum d)
{
    uint32_t bits = (uint32_t)d;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static inline Datum
int16_datum(int16_t v)
{
    return int32_datum(v);
}

static inline int16_t
datum_int16(Datum d)
{
    return (int16_t)datum_int32(d);
}

static inline Datum
oid_datum(Oid v)
{
    return (Datum)v;
}

static inline Oid
datum_oid(Datum d)
{
    return (Oid)d;
}

static inline Datum
char_datum(char c)
{
    return (Datum)(unsigned char)c;
}

static inline char
datum_char(Datum d)
{
    return (char)(unsigned char)d;
}

/* Timestamps: microseconds since 2000-01-01 00:00:00 UTC, as PostgreSQL stores them. */
typedef int64_t Timestamp;
enum { ADT_UNIX_EPOCH_TO_PG_SECS = 946684800 };
Timestamp adt_timestamp_now(void);

/* Type I/O and helpers usable without a FuncCallInfo. */
/*
 * Binary wire formats (adt_binary.c): whether a type has one here, PostgreSQL's send
 * format appended to out, and the value from a received buffer (22P03 if malformed; text
 * types go through their input function with typmod).
 */
bool adt_binary_supported(Oid type);
void adt_send(Oid type, Datum v, StrBuf *out);
Datum adt_recv(Oid type, const uint8_t *p, uint32_t len, int32_t typmod);

Datum adt_numeric_from_int64(int64_t v);
Datum adt_numeric_from_cstr(const char *s); /* 22P02 on bad input */
char *adt_numeric_to_cstr(Datum num);
bool adt_numeric_is_nan(Datum num);

#endif /* OAK_UTILS_ADT_H */
