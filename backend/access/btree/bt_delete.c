/*
 * bt_delete.c
 *     Remove a key from its leaf. Pages are never merged or freed: a leaf may end up under-
 *     full or empty and stays in the tree, linked from its parent and its left sibling
 *     (README "Left out": reclaiming empty pages is vacuum's job, not yet built).
 *
 * Not here: descent (bt_search.c), insert and split (bt_insert.c).
 */
#include "oak/oak.h"

#include "bt_internal.h"

/*
 * Remove key; false if absent. Takes and releases the tree lock exclusively; one WAL record
 * for the one leaf changed.
 */
bool
bt_delete(RelFile rf, Xid xid, const void *key, uint32_t klen)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];
    BtDescent d;
    bool found;

    if (klen > BT_MAX_KEY) /* cannot have been inserted */
        return false;
    bt_tree_lock(&d, rf, BUF_EXCLUSIVE);
    bt_descend_write(&d, xid, key, klen, false);

    const uint8_t *page = buf_page(d.page);
    uint16_t slot = bt_page_lower_bound(page, key, klen, &found);
    if (found) {
        memcpy(image, page, OAK_PAGE_SIZE);
        bt_page_remove(image, slot);
        bt_page_write_image(d.page, xid, image);
    }
    bt_tree_unlock(&d);
    return found;
}
