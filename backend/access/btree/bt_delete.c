/*
 * bt_delete.c
 *     Remove a key from its leaf, or a sorted batch of keys leaf by leaf (vacuum). Pages are
 *     never merged or freed: a leaf may end up under-full or empty and stays in the tree,
 *     linked from its parent and its left sibling, and takes the next inserts of its key
 *     range (README "Left out").
 *
 * Not here: descent (bt_search.c), insert and split (bt_insert.c).
 */
#include "oak/oak.h"

#include "bt_internal.h"

/*
 * Remove key; false if absent. Latches one page at a time on the way down, the leaf
 * exclusively; one WAL record for the one leaf changed.
 */
bool
bt_delete(RelFile rf, Xid xid, const void *key, uint32_t klen)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];
    BtDescent d = {.rf = rf, .xid = xid};
    bool found;

    if (klen > BT_MAX_KEY) /* cannot have been inserted */
        return false;
    bt_descend(&d, key, klen, true);

    const uint8_t *page = buf_page(d.page);
    uint16_t slot = bt_page_lower_bound(page, key, klen, &found);
    if (found) {
        memcpy(image, page, OAK_PAGE_SIZE);
        bt_page_remove(image, slot);
        bt_page_write_image(d.page, xid, image);
    }
    bt_unlock_release(d.page);
    return found;
}

/*
 * Remove n keys given in ascending order; returns how many were present (and removed).
 * One descent and one WAL record per leaf touched; each leaf is latched exclusively only
 * while its keys are removed, so readers and writers run between leaves.
 */
int
bt_delete_many(RelFile rf, Xid xid, const uint8_t *const *keys, const uint32_t *lens, int n)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];
    BtDescent d = {.rf = rf, .xid = xid};
    int removed = 0;
    int i = 0;

    while (i < n) {
        if (lens[i] > BT_MAX_KEY) { /* cannot have been inserted */
            i++;
            continue;
        }
        bt_descend(&d, keys[i], lens[i], true);
        memcpy(image, buf_page(d.page), OAK_PAGE_SIZE);
        int here = 0;
        /* Keys after the first may lie on a later leaf: stop at the first one not here. */
        for (; i < n && lens[i] <= BT_MAX_KEY; i++) {
            bool found;
            uint16_t slot = bt_page_lower_bound(image, keys[i], lens[i], &found);
            if (!found)
                break;
            bt_page_remove(image, slot);
            here++;
        }
        if (here > 0)
            bt_page_write_image(d.page, xid, image);
        else
            i++; /* absent from the one leaf that could hold it */
        removed += here;
        bt_unlock_release(d.page);
    }
    return removed;
}
