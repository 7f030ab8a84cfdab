/*
 * cat_cache.c
 *     Per-backend cache of relation descriptors, and the shared invalidation counter that
 *     keeps it honest: every transaction that changed the catalog bumps the counter after
 *     it commits; a backend that finds the counter moved at the start of a statement drops
 *     its whole cache.
 *
 * Invariant (README 6): a cached descriptor was built from catalog rows committed before
 * the counter value it was stamped with; the counter is read before the snapshot is
 * taken, so a statement never uses a descriptor older than its snapshot.
 */
#include "oak/oak.h"

#include <stdatomic.h>
#include <stdio.h>

#include "cat_internal.h"

typedef struct CatShared {
    _Atomic uint64_t generation; /* bumped after each committed catalog change; relaxed reads */
} CatShared;

static CatShared *cat_shared;

enum { CAT_CACHE_SLOTS = 256 };

typedef struct CacheEntry {
    struct CacheEntry *next;
    char schema[NAMEDATALEN]; /* "" when looked up through the search path */
    char name[NAMEDATALEN];
    RelDesc *rel;
} CacheEntry;

static MemCtx *cache_cx;
static CacheEntry *cache_slots[CAT_CACHE_SLOTS];
static uint64_t cache_generation;
static bool cache_reset_pending; /* cat_cache_reset_deferred() was called */

size_t
cat_shmem_size(void)
{
    return sizeof(CatShared);
}

void
cat_shmem_init(uint8_t *mem)
{
    cat_shared = (CatShared *)mem;
    atomic_init(&cat_shared->generation, 1);
}

void
cat_invalidate_all(void)
{
    if (cat_shared != NULL)
        atomic_fetch_add_explicit(&cat_shared->generation, 1, memory_order_release);
}

void
cat_cache_sync(void)
{
    uint64_t g =
        cat_shared ? atomic_load_explicit(&cat_shared->generation, memory_order_acquire) : 0;
    if (g == cache_generation && cache_cx != NULL && !cache_reset_pending)
        return;
    cache_reset_pending = false;
    cat_acl_forget();
    if (cache_cx == NULL)
        cache_cx = mcx_create(mcx_top, "RelCache");
    else
        mcx_reset(cache_cx);
    memset(cache_slots, 0, sizeof cache_slots);
    cache_generation = g;
}

/*
 * Drop the cache when the next statement starts: for a change made while a statement may
 * still hold descriptors from it (set_config('search_path', ...) inside a query).
 */
void
cat_cache_reset_deferred(void)
{
    cache_reset_pending = true;
}

void
cat_cache_reset_local(void)
{
    cat_acl_forget(); /* a role's superuser flag may have changed too */
    if (cache_cx == NULL)
        return;
    mcx_reset(cache_cx);
    memset(cache_slots, 0, sizeof cache_slots);
}

static uint32_t
cat_cache_hash(const char *schema, const char *name)
{
    uint32_t h = 2166136261u;
    for (const char *p = schema; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    h = (h ^ '.') * 16777619u;
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return h % CAT_CACHE_SLOTS;
}

RelDesc *
cat_cache_get(const char *schema, const char *name)
{
    if (cache_cx == NULL)
        return NULL;
    const char *s = schema ? schema : "";
    for (CacheEntry *e = cache_slots[cat_cache_hash(s, name)]; e; e = e->next)
        if (strcmp(e->schema, s) == 0 && strcmp(e->name, name) == 0)
            return e->rel;
    return NULL;
}

static void *
cat_copy(const void *p, size_t n)
{
    void *c = mcx_alloc_in(cache_cx, n ? n : 1);
    memcpy(c, p, n);
    return c;
}

void
cat_cache_put(const char *schema, const char *name, const RelDesc *rel)
{
    if (cache_cx == NULL || strlen(name) >= NAMEDATALEN ||
        (schema && strlen(schema) >= NAMEDATALEN))
        return;
    const char *s = schema ? schema : "";
    RelDesc *copy = cat_copy(rel, sizeof *rel);
    copy->atts = cat_copy(rel->atts, sizeof(AttDesc) * (size_t)rel->natts);
    for (int i = 0; i < rel->natts; i++) {
        const char *d = rel->atts[i].default_sql;
        copy->atts[i].default_sql = d ? cat_copy(d, strlen(d) + 1) : NULL;
    }
    copy->pk_attnos = rel->pk_natts > 0
                          ? cat_copy(rel->pk_attnos, sizeof(int16_t) * (size_t)rel->pk_natts)
                          : NULL;
    copy->indexes = rel->nindexes > 0
                        ? cat_copy(rel->indexes, sizeof(IndexDesc) * (size_t)rel->nindexes)
                        : NULL;
    for (int i = 0; i < rel->nindexes; i++) {
        const char *e = rel->indexes[i].exprs_sql;
        const char *p = rel->indexes[i].pred_sql;
        copy->indexes[i].exprs_sql = e ? cat_copy(e, strlen(e) + 1) : NULL;
        copy->indexes[i].pred_sql = p ? cat_copy(p, strlen(p) + 1) : NULL;
    }
    if (rel->view_sql != NULL)
        copy->view_sql = cat_copy(rel->view_sql, strlen(rel->view_sql) + 1);
    CacheEntry *e = mcx_alloc0_in(cache_cx, sizeof *e);
    snprintf(e->schema, sizeof e->schema, "%s", s);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->rel = copy;
    uint32_t h = cat_cache_hash(s, name);
    e->next = cache_slots[h];
    cache_slots[h] = e;
}
