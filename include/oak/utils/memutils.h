/*
 * memutils.h
 *     Memory contexts: arenas that die with their parent (session -> transaction ->
 *     statement -> plan node -> row). Backend code never calls malloc; running out of
 *     memory is an ERROR (53200), so allocations never return NULL.
 */
#ifndef OAK_UTILS_MEMUTILS_H
#define OAK_UTILS_MEMUTILS_H

#include <stdarg.h>
#include <stddef.h>

typedef struct MemCtx MemCtx;

/* Contexts every process has. mcx_top lives for the process; mcx_error holds reports. */
extern MemCtx *mcx_current;
extern MemCtx *mcx_top;
extern MemCtx *mcx_error;

void mcx_init(void);
MemCtx *mcx_create(MemCtx *parent, const char *name);
void mcx_delete(MemCtx *cx);
/* Free everything allocated in cx and delete its children; cx itself stays usable. */
void mcx_reset(MemCtx *cx);
size_t mcx_bytes(const MemCtx *cx);

void *mcx_alloc(size_t size);
void *mcx_alloc0(size_t size);
void *mcx_alloc_in(MemCtx *cx, size_t size);
void *mcx_alloc0_in(MemCtx *cx, size_t size);
/* Grow (or shrink) a chunk; it stays in the context it was allocated in. */
void *mcx_realloc(void *ptr, size_t size);
/* Give a chunk back early; only big chunks are returned to the system at once. */
void mcx_free(void *ptr);
MemCtx *mcx_of(const void *ptr);

static inline MemCtx *
mcx_switch(MemCtx *cx)
{
    MemCtx *old = mcx_current;
    mcx_current = cx;
    return old;
}

char *mcx_strdup(const char *s);
char *mcx_strndup(const char *s, size_t n);
char *mcx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *mcx_vprintf(const char *fmt, va_list ap);

/* A growable byte string in the current context, always NUL-terminated. */
typedef struct StrBuf {
    char *data;
    size_t len;
    size_t cap;
} StrBuf;

void sb_init(StrBuf *sb);
void sb_reset(StrBuf *sb);
void sb_append(StrBuf *sb, const char *s);
void sb_append_bytes(StrBuf *sb, const void *p, size_t n);
void sb_append_char(StrBuf *sb, char c);
void sb_appendf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reserve(StrBuf *sb, size_t extra);

#endif /* OAK_UTILS_MEMUTILS_H */
