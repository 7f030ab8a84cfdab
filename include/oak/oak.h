/*
 * oak.h
 *     The first include of every backend .c file: fixed-width types, the scalar ids used
 *     everywhere (Oid, Xid, Lsn, BlockNo), Datum, Assert, and the error and memory APIs.
 *
 * Frontend tools may include it too; they simply do not call the backend-only parts.
 */
#ifndef OAK_OAK_H
#define OAK_OAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint32_t Oid;     /* catalog object id, PostgreSQL's numbering */
typedef uint64_t Xid;     /* 64-bit transaction id: never wraps (DESIGN.md §5) */
typedef uint32_t CmdId;   /* command id within a transaction */
typedef uint64_t Lsn;     /* byte position in the write-ahead log */
typedef uint32_t BlockNo; /* block number within one relation file */
typedef uintptr_t Datum;  /* one SQL value: by value, or a pointer to a varlena */

#define INVALID_OID ((Oid)0)
#define INVALID_XID ((Xid)0)
#define INVALID_LSN ((Lsn)0)
#define INVALID_BLOCK ((BlockNo)0xFFFFFFFF)

#define OAK_PAGE_SIZE 8192

/* The PostgreSQL release whose behaviour OakDB reproduces (ParameterStatus server_version). */
#define OAK_PG_VERSION "15.18"
#define OAK_PG_VERSION_NUM 150018
#define OAK_VERSION_STRING "OakDB 0.1 (PostgreSQL 15.18 compatible)"

#ifdef OAK_DEBUG
#include <assert.h>
#define Assert(cond) assert(cond)
#else
#define Assert(cond) ((void)0)
#endif

#define OAK_LIKELY(x) __builtin_expect(!!(x), 1)
#define OAK_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define OAK_LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))
#define OAK_MAXALIGN(n) (((n) + 7) & ~(size_t)7)

#include "oak/utils/elog.h"
#include "oak/utils/memutils.h"

#endif /* OAK_OAK_H */
