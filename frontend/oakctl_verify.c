/*
 * oakctl_verify.c
 *     `oakctl verify -D DIR`: with the server stopped, read every relation file under
 *     global/ and base/<db>/ and check every page's checksum, and every B+ tree's shape:
 *     page bounds and key order within pages, children inside their parent's key range,
 *     high keys (above every key of their page, equal to the parent's bound for the page),
 *     levels, right-links chaining each level in key order, leaf keys strictly increasing
 *     across the whole leaf level, and every leaf and internal page reachable from the root
 *     (or, for the right half of a split a crash left incomplete, from its left sibling).
 *
 * Prints one line per problem ("base/5/16384 block 7: ...") and a summary line; returns 0
 * if clean, 1 if it found problems, 2 on a usage or I/O error. The on-disk formats are the
 * backend's (backend/access/btree/README.md "Page formats"); checksums use the backend's
 * page.c and crc32c.c, which are pure functions of bytes and link into this frontend.
 *
 * The tree walk is depth first in key order, so it holds one page per level (the tree
 * height bounds memory and recursion) plus two bytes of state per block.
 *
 * Not here: WAL segments and the control file (not checked), the commit log's contents
 * (global/1: checksums only), overflow pages (checksums only).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oak/oak.h"
#include "oak/access/page.h"
#include "oakctl.h"

/*
 * The backend's format constants (bt_internal.h, btree.h, smgr.h, clog.c), repeated here
 * because those headers pull in the buffer manager's declarations. On-disk format: a change
 * there is a format change and must change these too.
 */
enum {
    VFY_BLOCKS_PER_SEG = (1u << 30) / OAK_PAGE_SIZE,
    VFY_CLOG_RELFILE = 1,
    VFY_BT_META_MAGIC = 0x4F414B42,
    VFY_BT_META_VERSION = 2,
    VFY_BT_FLAG_INCOMPLETE_SPLIT = 1,
    VFY_BT_LEAF_ITEM_HDR = 4,
    VFY_BT_INTERNAL_ITEM_HDR = 6,
    VFY_BT_MAX_KEY = 1024,
    VFY_BT_MAX_HEIGHT = 32, /* far above any real tree: 4 items fit a page at least */
    VFY_MAX_SEGS = 4096,    /* 4 TiB per relation */
};

typedef struct VfyBtMeta {
    uint32_t magic;
    uint32_t version;
    BlockNo root;
    uint32_t height;
    uint64_t next_rowid;
} VfyBtMeta;

typedef struct VfyBtOpaque {
    BlockNo right;
    uint16_t level;
    uint16_t flags;
} VfyBtOpaque;

/* What pass 1 learnt about a block (one byte each). */
enum {
    VFY_BLK_FREE = 0,       /* all zero, or type 0: extended but never used */
    VFY_BLK_BAD,            /* checksum mismatch or broken layout: not parsed further */
    VFY_BLK_META,           /* B+ tree meta page */
    VFY_BLK_NODE,           /* B+ tree leaf or internal page, layout checked */
    VFY_BLK_OTHER,          /* commit log or overflow page: checksum only */
    VFY_BLK_VISITED = 0x80, /* flag: reached by the tree walk */
};

/* One relation: its segment files, opened for the whole check. */
typedef struct VfyRel {
    char path[PATH_MAX]; /* relative to the data directory, segment 0 */
    int fds[VFY_MAX_SEGS];
    int nsegs;
    BlockNo nblocks;
    uint8_t *state; /* VFY_BLK_* per block */
} VfyRel;

/* Totals of the whole run. */
typedef struct VfyRun {
    const char *data_dir;
    unsigned long files;
    unsigned long pages;
    unsigned long problems;
    bool io_error;
} VfyRun;

/* One level's state during the tree walk. */
typedef struct VfyLevel {
    BlockNo prev;    /* last page reached on this level, INVALID_BLOCK before the first */
    bool prev_known; /* prev's right-link, flags and high key are known (prev parsed) */
    BlockNo prev_right;
    bool prev_incomplete; /* prev's right sibling has no downlink yet (split incomplete) */
    uint16_t prev_high_len;
    uint8_t prev_high[VFY_BT_MAX_KEY]; /* prev's high key, if prev_right is valid */
} VfyLevel;

typedef struct VfyTree {
    VfyRun *run;
    VfyRel *rel;
    VfyLevel levels[VFY_BT_MAX_HEIGHT];
    uint8_t last_key[VFY_BT_MAX_KEY];
    uint16_t last_klen;
    bool have_last_key; /* last_key is the previous leaf key in walk order */
} VfyTree;

/* A key bound; infinite: minus infinity as a lower bound, plus infinity as an upper one. */
typedef struct VfyKey {
    const uint8_t *data;
    uint16_t len;
    bool infinite;
} VfyKey;

static void __attribute__((format(printf, 4, 5)))
vfy_problem(VfyRun *run, const VfyRel *rel, BlockNo block, const char *fmt, ...)
{
    va_list ap;
    char seg[32] = "";
    uint32_t segno = block == INVALID_BLOCK ? 0 : block / VFY_BLOCKS_PER_SEG;

    if (segno > 0)
        snprintf(seg, sizeof seg, ".%u", segno);
    if (block == INVALID_BLOCK)
        printf("%s: ", rel->path);
    else
        printf("%s%s block %u: ", rel->path, seg, block);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    run->problems++;
}

static uint16_t
vfy_get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint32_t
vfy_get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* memcmp order, a prefix first: the backend's bt_key_cmp. */
static int
vfy_key_cmp(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
    uint32_t common = alen < blen ? alen : blen;
    int c = common > 0 ? memcmp(a, b, common) : 0;
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* Read block of rel into page. Returns 0, or -1 after reporting an I/O error. */
static int
vfy_read_block(VfyRun *run, const VfyRel *rel, BlockNo block, uint8_t *page)
{
    int fd = rel->fds[block / VFY_BLOCKS_PER_SEG];
    off_t off = (off_t)(block % VFY_BLOCKS_PER_SEG) * OAK_PAGE_SIZE;
    ssize_t n = pread(fd, page, OAK_PAGE_SIZE, off);

    if (n == OAK_PAGE_SIZE)
        return 0;
    fprintf(stderr,
            "oakctl: could not read block %u of \"%s\": %s\n",
            block,
            rel->path,
            n < 0 ? strerror(errno) : "short read");
    run->io_error = true;
    return -1;
}

/*
 * Slot count, and the key of slot i, of a page whose layout vfy_check_node() accepted.
 */
static uint16_t
vfy_count(const uint8_t *page)
{
    return (uint16_t)((page_header_const(page)->lower - PAGE_HEADER_SIZE) / 2);
}

static const uint8_t *
vfy_key(const uint8_t *page, uint16_t slot, uint16_t *klen)
{
    const uint8_t *item = page + vfy_get16(page + PAGE_HEADER_SIZE + 2 * (size_t)slot);
    bool leaf = page_get_type(page) == PAGE_TYPE_BTREE_LEAF;

    *klen = vfy_get16(item);
    return item + (leaf ? VFY_BT_LEAF_ITEM_HDR : VFY_BT_INTERNAL_ITEM_HDR);
}

static BlockNo
vfy_child(const uint8_t *page, uint16_t slot)
{
    const uint8_t *item = page + vfy_get16(page + PAGE_HEADER_SIZE + 2 * (size_t)slot);
    return vfy_get32(item + 2);
}

static const VfyBtOpaque *
vfy_opaque(const uint8_t *page)
{
    return (const VfyBtOpaque *)(page + OAK_PAGE_SIZE - sizeof(VfyBtOpaque));
}

/* Slots before the high key: a page with a right-link ends with its high key. */
static uint16_t
vfy_ndata(const uint8_t *page)
{
    uint16_t n = vfy_count(page);
    return vfy_opaque(page)->right != INVALID_BLOCK && n > 0 ? (uint16_t)(n - 1) : n;
}

/* The high key of a page with a right-link; NULL on a rightmost page. */
static const uint8_t *
vfy_high_key(const uint8_t *page, uint16_t *klen)
{
    if (vfy_opaque(page)->right == INVALID_BLOCK)
        return NULL;
    return vfy_key(page, vfy_ndata(page), klen);
}

/*
 * Check one leaf or internal page on its own: header bounds, every item inside the item
 * area and the items filling it exactly, key lengths, internal slot 0's empty key, child
 * blocks inside the file, and strictly increasing keys. Returns false if the layout is too broken to parse further
 * (reported); key order problems are reported but leave the page parseable.
 */
static bool
vfy_check_node(VfyRun *run, const VfyRel *rel, BlockNo block, const uint8_t *page)
{
    const PageHeader *h = page_header_const(page);
    bool leaf = h->type == PAGE_TYPE_BTREE_LEAF;
    uint32_t hdr = leaf ? VFY_BT_LEAF_ITEM_HDR : VFY_BT_INTERNAL_ITEM_HDR;

    if (h->special != OAK_PAGE_SIZE - sizeof(VfyBtOpaque) || h->lower < PAGE_HEADER_SIZE ||
        (h->lower - PAGE_HEADER_SIZE) % 2 != 0 || h->lower > h->upper || h->upper > h->special) {
        vfy_problem(run,
                    rel,
                    block,
                    "invalid page bounds (lower %u, upper %u, special %u)",
                    h->lower,
                    h->upper,
                    h->special);
        return false;
    }
    if (leaf != (vfy_opaque(page)->level == 0)) {
        vfy_problem(run,
                    rel,
                    block,
                    "%s page has level %u",
                    leaf ? "leaf" : "internal",
                    vfy_opaque(page)->level);
        return false;
    }
    uint16_t n = vfy_count(page);
    uint32_t total = 0;
    for (uint16_t i = 0; i < n; i++) {
        uint16_t off = vfy_get16(page + PAGE_HEADER_SIZE + 2 * (size_t)i);
        if (off < h->upper || off + hdr > h->special) {
            vfy_problem(run, rel, block, "slot %u points outside the item area (%u)", i, off);
            return false;
        }
        uint32_t size = hdr + vfy_get16(page + off) + (leaf ? vfy_get16(page + off + 2) : 0);
        if (off + size > h->special || vfy_get16(page + off) > VFY_BT_MAX_KEY) {
            vfy_problem(run, rel, block, "item at slot %u runs past the item area", i);
            return false;
        }
        total += size;
    }
    if (total != (uint32_t)(h->special - h->upper)) /* README invariant 2: packed, no holes */
        vfy_problem(run,
                    rel,
                    block,
                    "items take %u bytes, but the item area has %u",
                    total,
                    h->special - h->upper);
    if (vfy_opaque(page)->right != INVALID_BLOCK && n == 0) {
        vfy_problem(run, rel, block, "page with a right-link has no high key");
        return false;
    }
    uint16_t nd = vfy_ndata(page);
    if (!leaf && nd == 0) {
        vfy_problem(run, rel, block, "internal page has no children");
        return false;
    }
    if (!leaf) {
        uint16_t klen0;
        (void)vfy_key(page, 0, &klen0);
        if (klen0 != 0)
            vfy_problem(run, rel, block, "internal page's first key is not empty");
        for (uint16_t i = 0; i < nd; i++) /* reported only: the walk skips these */
            if (vfy_child(page, i) == 0 || vfy_child(page, i) >= rel->nblocks)
                vfy_problem(run,
                            rel,
                            block,
                            "invalid child block %u at slot %u",
                            vfy_child(page, i),
                            i);
    }
    for (uint16_t i = leaf ? 1 : 2; i < nd; i++) {
        uint16_t alen;
        uint16_t blen;
        const uint8_t *a = vfy_key(page, (uint16_t)(i - 1), &alen);
        const uint8_t *b = vfy_key(page, i, &blen);
        if (vfy_key_cmp(a, alen, b, blen) >= 0)
            vfy_problem(run, rel, block, "keys out of order at slot %u", i);
    }
    uint16_t hlen;
    const uint8_t *high = vfy_high_key(page, &hlen);
    if (high != NULL && nd > 0) { /* README invariant 3: every key below the high key */
        uint16_t llen;
        const uint8_t *last = vfy_key(page, (uint16_t)(nd - 1), &llen);
        if ((leaf || nd > 1) && vfy_key_cmp(last, llen, high, hlen) >= 0)
            vfy_problem(run, rel, block, "high key is not above the key at slot %u", nd - 1);
    }
    return true;
}

/*
 * Pass 1: every block's checksum, and the layout of B+ tree pages. Fills rel->state.
 * Returns the meta block's state (VFY_BLK_*), or -1 on an I/O error.
 */
static int
vfy_scan_pages(VfyRun *run, VfyRel *rel, bool is_clog)
{
    static _Alignas(8) uint8_t page[OAK_PAGE_SIZE];

    for (BlockNo b = 0; b < rel->nblocks; b++) {
        if (vfy_read_block(run, rel, b, page) < 0)
            return -1;
        run->pages++;
        if (page_is_new(page)) {
            rel->state[b] = VFY_BLK_FREE;
            continue;
        }
        uint32_t stored = page_stored_checksum(page);
        uint32_t computed = page_compute_checksum(page, b);
        if (stored != computed) {
            vfy_problem(run,
                        rel,
                        b,
                        "checksum mismatch (stored %08X, computed %08X)",
                        stored,
                        computed);
            rel->state[b] = VFY_BLK_BAD;
            continue;
        }
        uint16_t type = page_get_type(page);
        if (!is_clog && type == PAGE_TYPE_SEQUENCE && b == 0 && rel->nblocks == 1) {
            rel->state[b] = VFY_BLK_OTHER; /* a sequence's one page: checksum only */
            continue;
        }
        bool expected =
            type == PAGE_TYPE_NEW ||
            (is_clog ? type == PAGE_TYPE_CLOG
                     : (type == PAGE_TYPE_BTREE_META || type == PAGE_TYPE_BTREE_LEAF ||
                        type == PAGE_TYPE_BTREE_INTERNAL || type == PAGE_TYPE_BTREE_OVERFLOW));
        bool misplaced =
            !is_clog && type != PAGE_TYPE_NEW && (type == PAGE_TYPE_BTREE_META) != (b == 0);
        if (!expected || misplaced) {
            vfy_problem(run, rel, b, "unexpected page type %u", type);
            rel->state[b] = VFY_BLK_BAD;
        } else if (type == PAGE_TYPE_NEW)
            rel->state[b] = VFY_BLK_FREE; /* zero page written with a checksum */
        else if (type == PAGE_TYPE_BTREE_META)
            rel->state[b] = VFY_BLK_META;
        else if (type == PAGE_TYPE_BTREE_LEAF || type == PAGE_TYPE_BTREE_INTERNAL)
            rel->state[b] = vfy_check_node(run, rel, b, page) ? VFY_BLK_NODE : VFY_BLK_BAD;
        else
            rel->state[b] = VFY_BLK_OTHER;
    }
    return rel->nblocks > 0 ? rel->state[0] : VFY_BLK_FREE;
}

/* Report a key of page (slot) outside [lo, hi). */
static void
vfy_check_range(VfyTree *t, BlockNo block, const uint8_t *page, const VfyKey *lo, const VfyKey *hi)
{
    bool leaf = page_get_type(page) == PAGE_TYPE_BTREE_LEAF;
    uint16_t n = vfy_ndata(page);

    for (uint16_t i = leaf ? 0 : 1; i < n; i++) {
        uint16_t klen;
        const uint8_t *k = vfy_key(page, i, &klen);
        if (!lo->infinite && vfy_key_cmp(k, klen, lo->data, lo->len) < 0)
            vfy_problem(t->run, t->rel, block, "key at slot %u is below its parent's range", i);
        else if (!hi->infinite && vfy_key_cmp(k, klen, hi->data, hi->len) >= 0)
            vfy_problem(t->run, t->rel, block, "key at slot %u is above its parent's range", i);
    }
}

/* Leaf keys strictly increase along the leaf level, across pages. */
static void
vfy_check_leaf_chain(VfyTree *t, BlockNo block, const uint8_t *page)
{
    uint16_t n = vfy_ndata(page);

    if (n == 0)
        return; /* empty leaves stay linked (README "Left out") */
    uint16_t klen;
    const uint8_t *k = vfy_key(page, 0, &klen);
    if (t->have_last_key && vfy_key_cmp(t->last_key, t->last_klen, k, klen) >= 0)
        vfy_problem(t->run, t->rel, block, "first key does not follow the previous leaf's last");
    k = vfy_key(page, (uint16_t)(n - 1), &klen);
    memcpy(t->last_key, k, klen);
    t->last_klen = klen;
    t->have_last_key = true;
}

/* The right-link of the previous page on this level must lead here. */
static void
vfy_check_right_link(VfyTree *t, uint16_t level, BlockNo block)
{
    VfyLevel *lv = &t->levels[level];

    if (lv->prev != INVALID_BLOCK && lv->prev_known && lv->prev_right != block)
        vfy_problem(t->run,
                    t->rel,
                    lv->prev,
                    "right-link is %u, but the next page on level %u in key order is %u",
                    lv->prev_right,
                    level,
                    block);
    lv->prev = block;
    lv->prev_known = false;
    lv->prev_incomplete = false;
}

/*
 * The high key must be the upper bound the parent gives the page (hi), or, for the left
 * half of an incomplete split, lie below it: its right sibling, reached by the right-link,
 * covers the rest. Remembers the page's right-link, flag and high key for the caller.
 */
static void
vfy_check_high_key(VfyTree *t, BlockNo block, const uint8_t *page, const VfyKey *hi)
{
    VfyLevel *lv = &t->levels[vfy_opaque(page)->level];
    uint16_t hlen = 0;
    const uint8_t *high = vfy_high_key(page, &hlen);
    bool incomplete = (vfy_opaque(page)->flags & VFY_BT_FLAG_INCOMPLETE_SPLIT) != 0;

    lv->prev_known = true;
    lv->prev_right = vfy_opaque(page)->right;
    lv->prev_incomplete = incomplete && high != NULL;
    lv->prev_high_len = hlen;
    if (high != NULL)
        memcpy(lv->prev_high, high, hlen);
    if (incomplete && high == NULL)
        vfy_problem(t->run, t->rel, block, "incomplete split without a right sibling");
    else if (incomplete && !hi->infinite && vfy_key_cmp(high, hlen, hi->data, hi->len) >= 0)
        vfy_problem(t->run, t->rel, block, "high key is not below its parent's range's end");
    else if (!incomplete && high == NULL && !hi->infinite)
        vfy_problem(t->run, t->rel, block, "no high key, but its parent's range ends");
    else if (!incomplete && high != NULL &&
             (hi->infinite || vfy_key_cmp(high, hlen, hi->data, hi->len) != 0))
        vfy_problem(t->run, t->rel, block, "high key does not match its parent's separator");
}

static int vfy_visit(VfyTree *t, BlockNo block, uint16_t level, const VfyKey *lo, const VfyKey *hi);

/*
 * After a child whose split a crash left incomplete: visit its right siblings that have no
 * downlink yet, each covering [previous high key, hi). Returns -1 on an I/O error.
 */
static int
vfy_visit_unposted(VfyTree *t, uint16_t level, const VfyKey *hi)
{
    uint8_t low[VFY_BT_MAX_KEY];
    VfyLevel *lv = &t->levels[level];

    while (lv->prev_known && lv->prev_incomplete && lv->prev_right != 0 &&
           lv->prev_right < t->rel->nblocks) {
        VfyKey clo = {.data = low, .len = lv->prev_high_len};
        memcpy(low, lv->prev_high, lv->prev_high_len);
        if (vfy_visit(t, lv->prev_right, level, &clo, hi) < 0)
            return -1;
    }
    return 0;
}

/*
 * Visit block, expected at level with keys in [lo, hi), then its children in key order.
 * Returns -1 on an I/O error.
 */
static int
vfy_visit(VfyTree *t, BlockNo block, uint16_t level, const VfyKey *lo, const VfyKey *hi)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    VfyRel *rel = t->rel;

    vfy_check_right_link(t, level, block);
    if (rel->state[block] & VFY_BLK_VISITED) {
        vfy_problem(t->run, rel, block, "reached twice from the root");
        return 0;
    }
    uint8_t state = rel->state[block];
    rel->state[block] |= VFY_BLK_VISITED;
    if (state != VFY_BLK_NODE) {
        if (state != VFY_BLK_BAD) /* a bad page was reported in pass 1 */
            vfy_problem(t->run, rel, block, "child pointer leads to a non-tree page");
        if (level == 0)
            t->have_last_key = false;
        return 0;
    }
    if (vfy_read_block(t->run, rel, block, page) < 0)
        return -1;
    const VfyBtOpaque *op = vfy_opaque(page);
    if (op->level != level) {
        vfy_problem(t->run, rel, block, "level %u, expected %u", op->level, level);
        if (level == 0)
            t->have_last_key = false;
        return 0;
    }
    vfy_check_high_key(t, block, page, hi);
    vfy_check_range(t, block, page, lo, hi);
    if (level == 0) {
        vfy_check_leaf_chain(t, block, page);
        return 0;
    }
    uint16_t n = vfy_ndata(page);
    for (uint16_t i = 0; i < n; i++) {
        VfyKey clo = *lo; /* child i holds key[i] <= k < key[i + 1] (README, formats) */
        VfyKey chi = *hi;
        if (i > 0) {
            clo.infinite = false;
            clo.data = vfy_key(page, i, &clo.len);
        }
        if (i + 1 < n) {
            chi.infinite = false;
            chi.data = vfy_key(page, (uint16_t)(i + 1), &chi.len);
        }
        BlockNo child = vfy_child(page, i);
        if (child == 0 || child >= rel->nblocks) { /* reported by vfy_check_node */
            t->levels[level - 1].prev_known = false;
            t->have_last_key = t->have_last_key && level > 1;
            continue;
        }
        if (vfy_visit(t, child, (uint16_t)(level - 1), &clo, &chi) < 0)
            return -1;
        if (vfy_visit_unposted(t, (uint16_t)(level - 1), &chi) < 0)
            return -1;
    }
    return 0;
}

/*
 * Pass 2 of a B+ tree: the meta page, the walk from the root, the end of every level's
 * chain, and reachability. Returns -1 on an I/O error.
 */
static int
vfy_check_tree(VfyRun *run, VfyRel *rel)
{
    static _Alignas(8) uint8_t meta_page[OAK_PAGE_SIZE];
    VfyTree *t = calloc(1, sizeof *t);
    VfyBtMeta meta;
    int rc = 0;

    if (t == NULL) {
        fprintf(stderr, "oakctl: out of memory\n");
        run->io_error = true;
        return -1;
    }
    if (vfy_read_block(run, rel, 0, meta_page) < 0) {
        rc = -1;
        goto out_free;
    }
    memcpy(&meta, meta_page + PAGE_HEADER_SIZE, sizeof meta);
    rel->state[0] |= VFY_BLK_VISITED;
    if (meta.magic != VFY_BT_META_MAGIC || meta.version != VFY_BT_META_VERSION ||
        meta.height == 0 || meta.height > VFY_BT_MAX_HEIGHT || meta.root == 0 ||
        meta.root >= rel->nblocks) {
        vfy_problem(run,
                    rel,
                    0,
                    "invalid meta page (magic %08X, version %u, root %u, height %u)",
                    meta.magic,
                    meta.version,
                    meta.root,
                    meta.height);
        goto out_free;
    }
    t->run = run;
    t->rel = rel;
    for (uint32_t l = 0; l < meta.height; l++)
        t->levels[l].prev = INVALID_BLOCK;
    const VfyKey inf = {.infinite = true};
    if (vfy_visit(t, meta.root, (uint16_t)(meta.height - 1), &inf, &inf) < 0) {
        rc = -1;
        goto out_free;
    }
    for (uint32_t l = 0; l < meta.height; l++) {
        const VfyLevel *lv = &t->levels[l];
        if (lv->prev != INVALID_BLOCK && lv->prev_known && lv->prev_right != INVALID_BLOCK)
            vfy_problem(run,
                        rel,
                        lv->prev,
                        "rightmost page of level %u has right-link %u",
                        l,
                        lv->prev_right);
    }
    for (BlockNo b = 1; b < rel->nblocks; b++)
        if (rel->state[b] == VFY_BLK_NODE)
            vfy_problem(run, rel, b, "page not reachable from the root");
out_free:
    free(t);
    return rc;
}

/* Open rel's segments (path, path.1, ...) and count its blocks. Returns -1 on error. */
static int
vfy_open_rel(VfyRun *run, VfyRel *rel)
{
    char full[PATH_MAX * 2];

    rel->nsegs = 0;
    rel->nblocks = 0;
    for (;;) {
        if (rel->nsegs == 0)
            snprintf(full, sizeof full, "%s/%s", run->data_dir, rel->path);
        else
            snprintf(full, sizeof full, "%s/%s.%d", run->data_dir, rel->path, rel->nsegs);
        int fd = open(full, O_RDONLY);
        if (fd < 0 && errno == ENOENT && rel->nsegs > 0)
            return 0;
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            fprintf(stderr, "oakctl: could not open \"%s\": %s\n", full, strerror(errno));
            if (fd >= 0)
                (void)close(fd); /* read-only */
            run->io_error = true;
            return -1;
        }
        rel->fds[rel->nsegs++] = fd;
        run->files++;
        BlockNo blocks = (BlockNo)(st.st_size / OAK_PAGE_SIZE);
        rel->nblocks += blocks;
        if (st.st_size % OAK_PAGE_SIZE != 0)
            vfy_problem(run,
                        rel,
                        INVALID_BLOCK,
                        "segment %d has size %jd, not a multiple of %d",
                        rel->nsegs - 1,
                        (intmax_t)st.st_size,
                        OAK_PAGE_SIZE);
        if (blocks < VFY_BLOCKS_PER_SEG)
            return 0; /* the last segment: only full segments have a successor */
        if (rel->nsegs == VFY_MAX_SEGS) {
            fprintf(stderr, "oakctl: \"%s\" has too many segments\n", rel->path);
            run->io_error = true;
            return -1;
        }
    }
}

/* Check one relation (segment 0 at data_dir/path). Returns -1 on an I/O error. */
static int
vfy_check_rel(VfyRun *run, const char *path, bool is_clog)
{
    VfyRel *rel = calloc(1, sizeof *rel);
    int rc = -1;

    if (rel == NULL) {
        fprintf(stderr, "oakctl: out of memory\n");
        run->io_error = true;
        return -1;
    }
    snprintf(rel->path, sizeof rel->path, "%s", path);
    if (vfy_open_rel(run, rel) < 0)
        goto out_close;
    rel->state = calloc(rel->nblocks > 0 ? rel->nblocks : 1, 1);
    if (rel->state == NULL) {
        fprintf(stderr, "oakctl: out of memory\n");
        run->io_error = true;
        goto out_close;
    }
    int meta = vfy_scan_pages(run, rel, is_clog);
    if (meta < 0)
        goto out_free_state;
    rc = 0;
    if (meta == VFY_BLK_META)
        rc = vfy_check_tree(run, rel);
    else if (!is_clog && meta == VFY_BLK_FREE) /* a bad meta page is reported already */
        for (BlockNo b = 1; b < rel->nblocks; b++)
            if (rel->state[b] == VFY_BLK_NODE) {
                vfy_problem(run, rel, 0, "B+ tree pages but no meta page");
                break;
            }
out_free_state:
    free(rel->state);
out_close:
    for (int i = 0; i < rel->nsegs; i++)
        (void)close(rel->fds[i]); /* read-only */
    free(rel);
    return rc;
}

/* A relation file name: digits, optionally ".digits" (a later segment). */
static bool
vfy_is_rel_name(const char *name, bool *is_segment)
{
    const char *p = name;

    if (*p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    *is_segment = *p == '.';
    if (*p == '\0')
        return true;
    if (*p++ != '.' || *p == '\0')
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '\0';
}

static int
vfy_cmp_names(const void *a, const void *b)
{
    const char *x = *(const char *const *)a;
    const char *y = *(const char *const *)b;
    unsigned long nx = strtoul(x, NULL, 10);
    unsigned long ny = strtoul(y, NULL, 10);

    if (nx != ny)
        return nx < ny ? -1 : 1;
    return strcmp(x, y);
}

/*
 * Names in data_dir/sub matching the filter, sorted numerically (so output is stable).
 * rels: relation files (segment 0); else database directories. Returns the count, -1 on
 * error; *out is malloc'd, as is each name.
 */
static int
vfy_list_dir(VfyRun *run, const char *sub, bool rels, char ***out)
{
    char full[PATH_MAX * 2];
    char **names = NULL;
    int n = 0;
    int cap = 0;
    struct dirent *de;

    snprintf(full, sizeof full, "%s/%s", run->data_dir, sub);
    DIR *dir = opendir(full);
    if (dir == NULL) {
        fprintf(stderr, "oakctl: could not open directory \"%s\": %s\n", full, strerror(errno));
        run->io_error = true;
        return -1;
    }
    while ((de = readdir(dir)) != NULL) {
        bool segment;
        if (!vfy_is_rel_name(de->d_name, &segment) || segment)
            continue; /* later segments are opened with their relation */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, sizeof *names * (size_t)cap);
            if (grown == NULL)
                goto out_oom;
            names = grown;
        }
        if ((names[n] = strdup(de->d_name)) == NULL)
            goto out_oom;
        n++;
    }
    (void)closedir(dir); /* read-only */
    if (n > 0)
        qsort(names, (size_t)n, sizeof *names, vfy_cmp_names);
    *out = names;
    return n;
out_oom:
    fprintf(stderr, "oakctl: out of memory\n");
    (void)closedir(dir); /* read-only */
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    run->io_error = true;
    return -1;
}

static void
vfy_free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Check every relation in data_dir/sub (global or base/<db>). Returns -1 on an I/O error. */
static int
vfy_check_dir(VfyRun *run, const char *sub, bool is_global)
{
    char **names;
    char path[PATH_MAX];
    int n = vfy_list_dir(run, sub, true, &names);
    int rc = 0;

    if (n < 0)
        return -1;
    for (int i = 0; i < n && rc == 0; i++) {
        bool is_clog = is_global && strtoul(names[i], NULL, 10) == VFY_CLOG_RELFILE;
        snprintf(path, sizeof path, "%s/%s", sub, names[i]);
        rc = vfy_check_rel(run, path, is_clog);
    }
    vfy_free_names(names, n);
    return rc;
}

/* Refuse a data directory whose postmaster.pid names a live process. */
static bool
vfy_server_running(const char *data_dir)
{
    pid_t pid;
    char status[64];

    if (oakctl_read_pidfile(data_dir, &pid, status, sizeof status) != 0)
        return false;
    return kill(pid, 0) == 0 || errno == EPERM;
}

int
oakctl_verify(const OakctlOptions *o)
{
    VfyRun run = {.data_dir = o->data_dir};
    char **dbs;

    if (vfy_server_running(o->data_dir)) {
        fprintf(stderr,
                "oakctl: a server is running on data directory \"%s\"; stop it first\n",
                o->data_dir);
        return 1;
    }
    if (vfy_check_dir(&run, "global", true) < 0)
        return 2;
    int n = vfy_list_dir(&run, "base", false, &dbs);
    if (n < 0)
        return 2;
    for (int i = 0; i < n && !run.io_error; i++) {
        char sub[PATH_MAX];
        snprintf(sub, sizeof sub, "base/%s", dbs[i]);
        (void)vfy_check_dir(&run, sub, false); /* an I/O error sets run.io_error */
    }
    vfy_free_names(dbs, n);
    if (run.io_error)
        return 2;
    printf("verified %lu files, %lu pages: %lu problem%s\n",
           run.files,
           run.pages,
           run.problems,
           run.problems == 1 ? "" : "s");
    return run.problems > 0 ? 1 : 0;
}
