/*
 * mcx.c
 *     Memory contexts as arenas. Small chunks are carved from blocks that grow geometrically
 *     and are only returned on reset; chunks above MCX_BIG_CHUNK get a block of their own so
 *     a big mid-statement buffer can be freed early. Every chunk carries a header naming its
 *     context and size, which lets mcx_realloc and mcx_free work from the pointer alone.
 *
 * The process-wide contexts are made by mcx_init(); backends reset the statement and
 * transaction contexts at their boundaries (tcop), which is how an ERROR frees memory.
 */
#include "oak/oak.h"

#include <stdio.h>
#include <stdlib.h>

enum {
    MCX_FIRST_BLOCK = 8 * 1024,
    MCX_MAX_BLOCK = 8 * 1024 * 1024,
    MCX_BIG_CHUNK = 64 * 1024,
};

typedef struct MemBlock {
    struct MemBlock *next;
    struct MemBlock *prev; /* big chunks only: to unlink one on mcx_free */
    size_t size;           /* usable bytes after this header */
    size_t used;
} MemBlock;

/* Precedes every chunk; 16 bytes, so chunk payloads stay 16-byte aligned. */
typedef struct ChunkHdr {
    MemCtx *cx;
    uint32_t size; /* payload bytes reserved */
    uint32_t big;  /* nonzero: the chunk owns its block (MemBlock right before this header) */
} ChunkHdr;

struct MemCtx {
    MemCtx *parent;
    MemCtx *first_child;
    MemCtx *next_sibling;
    MemCtx *prev_sibling;
    const char *name;
    MemBlock *blocks;     /* small-chunk blocks, newest first */
    MemBlock *big_blocks; /* one chunk each */
    size_t next_block_size;
    size_t total;
};

MemCtx *mcx_current;
MemCtx *mcx_top;
MemCtx *mcx_error;

static void __attribute__((noreturn))
mcx_out_of_memory(size_t size)
{
    ereport(ERROR,
            err_code(SQLSTATE_OUT_OF_MEMORY),
            err_msg("out of memory"),
            err_detail("Failed on request of size %zu.", size));
}

static void *
mcx_sys_alloc(size_t size)
{
    void *p = malloc(size);
    if (p == NULL)
        mcx_out_of_memory(size);
    return p;
}

void
mcx_init(void)
{
    if (mcx_top != NULL)
        return;
    mcx_top = calloc(1, sizeof(MemCtx));
    if (mcx_top == NULL) {
        fprintf(stderr, "out of memory at start\n");
        exit(1);
    }
    mcx_top->name = "TopMemoryContext";
    mcx_top->next_block_size = MCX_FIRST_BLOCK;
    mcx_current = mcx_top;
    mcx_error = mcx_create(mcx_top, "ErrorContext");
    /* Reserve room so that reporting "out of memory" does not itself need malloc. */
    mcx_free(mcx_alloc_in(mcx_error, 6000));
}

MemCtx *
mcx_create(MemCtx *parent, const char *name)
{
    MemCtx *cx = mcx_sys_alloc(sizeof(MemCtx));

    memset(cx, 0, sizeof *cx);
    cx->name = name;
    cx->parent = parent;
    cx->next_block_size = MCX_FIRST_BLOCK;
    if (parent != NULL) {
        cx->next_sibling = parent->first_child;
        if (parent->first_child)
            parent->first_child->prev_sibling = cx;
        parent->first_child = cx;
    }
    return cx;
}

static void
mcx_free_blocks(MemCtx *cx)
{
    MemBlock *b = cx->blocks;
    while (b) {
        MemBlock *next = b->next;
        free(b);
        b = next;
    }
    b = cx->big_blocks;
    while (b) {
        MemBlock *next = b->next;
        free(b);
        b = next;
    }
    cx->blocks = NULL;
    cx->big_blocks = NULL;
    cx->total = 0;
    cx->next_block_size = MCX_FIRST_BLOCK;
}

void
mcx_reset(MemCtx *cx)
{
    while (cx->first_child)
        mcx_delete(cx->first_child);
    /* Keep the first small block: per-row contexts are reset millions of times. */
    MemBlock *keep = NULL;
    if (cx->blocks) {
        MemBlock *b = cx->blocks;
        while (b->next)
            b = b->next;
        if (b->size == MCX_FIRST_BLOCK - sizeof(MemBlock)) {
            if (b->prev)
                b->prev->next = NULL;
            else
                cx->blocks = NULL;
            keep = b;
        }
    }
    mcx_free_blocks(cx);
    if (keep) {
        keep->used = 0;
        keep->next = keep->prev = NULL;
        cx->blocks = keep;
        cx->total = MCX_FIRST_BLOCK;
        cx->next_block_size = MCX_FIRST_BLOCK * 2;
    }
}

void
mcx_delete(MemCtx *cx)
{
    Assert(cx != mcx_top);
    while (cx->first_child)
        mcx_delete(cx->first_child);
    mcx_free_blocks(cx);
    if (cx->parent) {
        if (cx->prev_sibling)
            cx->prev_sibling->next_sibling = cx->next_sibling;
        else
            cx->parent->first_child = cx->next_sibling;
        if (cx->next_sibling)
            cx->next_sibling->prev_sibling = cx->prev_sibling;
    }
    if (mcx_current == cx)
        mcx_current = cx->parent;
    free(cx);
}

size_t
mcx_bytes(const MemCtx *cx)
{
    size_t n = cx->total;
    for (const MemCtx *c = cx->first_child; c; c = c->next_sibling)
        n += mcx_bytes(c);
    return n;
}

static void *
mcx_alloc_big(MemCtx *cx, size_t size)
{
    MemBlock *b = mcx_sys_alloc(sizeof(MemBlock) + sizeof(ChunkHdr) + size);
    b->size = size;
    b->used = size;
    b->prev = NULL;
    b->next = cx->big_blocks;
    if (cx->big_blocks)
        cx->big_blocks->prev = b;
    cx->big_blocks = b;
    cx->total += size;
    ChunkHdr *h = (ChunkHdr *)(b + 1);
    h->cx = cx;
    h->size = (uint32_t)(size > UINT32_MAX ? UINT32_MAX : size);
    h->big = 1;
    return h + 1;
}

void *
mcx_alloc_in(MemCtx *cx, size_t size)
{
    if (OAK_UNLIKELY(size > ((size_t)1 << 31)))
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("invalid memory alloc request size %zu", size));
    size = (size + 15) & ~(size_t)15;
    if (size >= MCX_BIG_CHUNK)
        return mcx_alloc_big(cx, size);
    size_t need = size + sizeof(ChunkHdr);
    MemBlock *b = cx->blocks;
    if (b == NULL || b->size - b->used < need) {
        size_t bsize = cx->next_block_size;
        while (bsize - sizeof(MemBlock) < need)
            bsize *= 2;
        b = mcx_sys_alloc(bsize);
        b->size = bsize - sizeof(MemBlock);
        b->used = 0;
        b->prev = NULL;
        b->next = cx->blocks;
        if (cx->blocks)
            cx->blocks->prev = b;
        cx->blocks = b;
        cx->total += bsize;
        if (cx->next_block_size < MCX_MAX_BLOCK)
            cx->next_block_size *= 2;
    }
    /* MemBlock is 32 bytes, so offsets that are multiples of 16 keep 16-byte alignment. */
    ChunkHdr *h = (ChunkHdr *)((char *)(b + 1) + b->used);
    b->used += need;
    h->cx = cx;
    h->size = (uint32_t)size;
    h->big = 0;
    return h + 1;
}

void *
mcx_alloc(size_t size)
{
    return mcx_alloc_in(mcx_current, size);
}

void *
mcx_alloc0_in(MemCtx *cx, size_t size)
{
    void *p = mcx_alloc_in(cx, size);
    memset(p, 0, size);
    return p;
}

void *
mcx_alloc0(size_t size)
{
    return mcx_alloc0_in(mcx_current, size);
}

MemCtx *
mcx_of(const void *ptr)
{
    const ChunkHdr *h = (const ChunkHdr *)ptr - 1;
    return h->cx;
}

void *
mcx_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return mcx_alloc(size);
    ChunkHdr *h = (ChunkHdr *)ptr - 1;
    if (size <= h->size)
        return ptr;
    void *n = mcx_alloc_in(h->cx, size);
    memcpy(n, ptr, h->size);
    mcx_free(ptr);
    return n;
}

void
mcx_free(void *ptr)
{
    if (ptr == NULL)
        return;
    ChunkHdr *h = (ChunkHdr *)ptr - 1;
    if (!h->big)
        return;
    MemCtx *cx = h->cx;
    MemBlock *b = (MemBlock *)h - 1;
    if (b->prev)
        b->prev->next = b->next;
    else
        cx->big_blocks = b->next;
    if (b->next)
        b->next->prev = b->prev;
    cx->total -= b->size;
    free(b);
}

char *
mcx_strndup(const char *s, size_t n)
{
    char *p = mcx_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
mcx_strdup(const char *s)
{
    return mcx_strndup(s, strlen(s));
}

char *
mcx_vprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *p = mcx_alloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *
mcx_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = mcx_vprintf(fmt, ap);
    va_end(ap);
    return p;
}

void
sb_init(StrBuf *sb)
{
    sb->cap = 256;
    sb->len = 0;
    sb->data = mcx_alloc(sb->cap);
    sb->data[0] = '\0';
}

void
sb_reset(StrBuf *sb)
{
    sb->len = 0;
    sb->data[0] = '\0';
}

void
sb_reserve(StrBuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap;
    while (sb->len + extra + 1 > cap)
        cap *= 2;
    sb->data = mcx_realloc(sb->data, cap);
    sb->cap = cap;
}

void
sb_append_bytes(StrBuf *sb, const void *p, size_t n)
{
    sb_reserve(sb, n);
    memcpy(sb->data + sb->len, p, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void
sb_append(StrBuf *sb, const char *s)
{
    sb_append_bytes(sb, s, strlen(s));
}

void
sb_append_char(StrBuf *sb, char c)
{
    sb_reserve(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

void
sb_appendf(StrBuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    sb_reserve(sb, (size_t)n);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
    va_end(ap);
}
