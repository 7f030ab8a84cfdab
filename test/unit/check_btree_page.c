/*
 * check_btree_page.c
 *     Page-level tests of the B+ tree layout (backend/access/btree/bt_page.c) on plain
 *     arrays: ordering, refusal when full, compaction on remove, child selection.
 */
#include <check.h>

#include "oak/oak.h"
#include "../../backend/access/btree/bt_internal.h"

/* Key i as 4 big-endian bytes, so memcmp order is numeric order. */
static void
key_of(uint32_t i, uint8_t out[4])
{
    out[0] = (uint8_t)(i >> 24);
    out[1] = (uint8_t)(i >> 16);
    out[2] = (uint8_t)(i >> 8);
    out[3] = (uint8_t)i;
}

static bool
leaf_add(uint8_t *page, uint32_t i, uint16_t vlen)
{
    uint8_t key[4];
    uint8_t val[BT_MAX_ITEM];
    bool found;

    key_of(i, key);
    memset(val, (int)(i & 0xFF), vlen);
    uint16_t slot = bt_page_lower_bound(page, key, sizeof key, &found);
    ck_assert(!found);
    return bt_page_add_leaf(page, slot, key, sizeof key, val, vlen);
}

START_TEST(full_leaf_refuses_and_stays_intact)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    _Alignas(8) uint8_t before[OAK_PAGE_SIZE];
    uint32_t n = 0;

    bt_page_init(page, 0);
    for (;;) { /* descending keys: every add goes to slot 0 and shifts the others */
        memcpy(before, page, OAK_PAGE_SIZE);
        if (!leaf_add(page, 100000 - n, 50))
            break;
        n++;
    }
    ck_assert_uint_gt(n, 100);
    ck_assert_uint_eq(bt_page_count(page), n);
    ck_assert_int_eq(memcmp(before, page, OAK_PAGE_SIZE), 0); /* the refused add changed nothing */
    ck_assert_uint_lt(page_free_space(page), BT_LEAF_ITEM_HDR + 4 + 50 + BT_SLOT_SIZE);
    for (uint32_t i = 0; i < n; i++) {
        uint16_t klen;
        uint16_t vlen;
        uint8_t want[4];
        key_of(100000 - n + 1 + i, want);
        const uint8_t *key = bt_page_key(page, (uint16_t)i, &klen);
        const uint8_t *val = bt_page_value(page, (uint16_t)i, &vlen);
        ck_assert_uint_eq(klen, 4);
        ck_assert_int_eq(memcmp(key, want, 4), 0);
        ck_assert_uint_eq(vlen, 50);
        ck_assert_uint_eq(val[49], (100000 - n + 1 + i) & 0xFF);
    }
}
END_TEST

START_TEST(largest_item_fits_and_next_is_refused)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    uint32_t n = 0;

    bt_page_init(page, 0);
    while (leaf_add(page, n, BT_MAX_ITEM - 4))
        n++;
    ck_assert_uint_eq(n, 4); /* four items of a quarter page each */
    ck_assert_uint_eq(bt_page_count(page), 4);
}
END_TEST

START_TEST(lower_bound_finds_keys_and_gaps)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    bool found;
    uint8_t key[4];

    bt_page_init(page, 0);
    for (uint32_t i = 0; i < 100; i++)
        ck_assert(leaf_add(page, (i * 37) % 100 * 2, 3)); /* even keys 0..198, shuffled */
    for (uint32_t k = 0; k < 202; k++) {
        key_of(k, key);
        uint16_t slot = bt_page_lower_bound(page, key, 4, &found);
        ck_assert_uint_eq(slot, k < 200 ? (k + 1) / 2 : 100);
        ck_assert_msg(found == (k % 2 == 0 && k < 200), "key %u", k);
    }
    /* a prefix of a key sorts before it; a longer key after */
    key_of(10, key);
    ck_assert_uint_eq(bt_page_lower_bound(page, key, 3, &found), 0);
    ck_assert(!found);
    uint8_t longer[5] = {key[0], key[1], key[2], key[3], 0};
    ck_assert_uint_eq(bt_page_lower_bound(page, longer, 5, &found), 6);
    ck_assert(!found);
    ck_assert_int_lt(bt_key_cmp("ab", 2, "abc", 3), 0);
    ck_assert_int_gt(bt_key_cmp("abd", 3, "abc", 3), 0);
    ck_assert_int_eq(bt_key_cmp("", 0, "", 0), 0);
}
END_TEST

START_TEST(remove_compacts_and_space_is_reused)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    uint32_t n = 0;

    bt_page_init(page, 0);
    uint16_t empty_free = page_free_space(page);
    while (leaf_add(page, n, (uint16_t)(n % 40)))
        n++;
    for (uint32_t i = 0; i < n; i += 2) /* remove every other key, from the front */
        bt_page_remove(page, (uint16_t)(i / 2));
    ck_assert_uint_eq(bt_page_count(page), n / 2);
    uint32_t used = 0;
    for (uint16_t s = 0; s < bt_page_count(page); s++) {
        uint16_t klen;
        uint16_t vlen;
        uint8_t want[4];
        uint32_t k = 2 * s + 1;
        key_of(k, want);
        const uint8_t *key = bt_page_key(page, s, &klen);
        const uint8_t *val = bt_page_value(page, s, &vlen);
        ck_assert_int_eq(memcmp(key, want, 4), 0);
        ck_assert_uint_eq(vlen, k % 40);
        for (uint16_t b = 0; b < vlen; b++)
            ck_assert_uint_eq(val[b], k & 0xFF);
        used += bt_page_raw(page, s).size + BT_SLOT_SIZE;
    }
    ck_assert_uint_eq(page_free_space(page), empty_free - used); /* no holes left */
    for (uint32_t i = 0; i < n; i += 2) /* the freed space takes the removed keys again */
        ck_assert(leaf_add(page, i, (uint16_t)(i % 40)));
    ck_assert_uint_eq(bt_page_count(page), n);
    while (bt_page_count(page) > 0)
        bt_page_remove(page, (uint16_t)(bt_page_count(page) / 2));
    ck_assert_uint_eq(page_free_space(page), empty_free);
}
END_TEST

START_TEST(internal_page_picks_child)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    uint8_t key[4];

    bt_page_init(page, 1);
    ck_assert(!bt_page_is_leaf(page));
    ck_assert(bt_page_add_child(page, 0, NULL, 0, 7)); /* minus infinity */
    for (uint32_t i = 1; i <= 10; i++) {
        key_of(i * 10, key);
        ck_assert(bt_page_add_child(page, (uint16_t)i, key, 4, 100 + i));
    }
    for (uint32_t k = 0; k < 120; k++) {
        key_of(k, key);
        uint16_t slot = bt_page_child_slot(page, key, 4);
        ck_assert_uint_eq(slot, k / 10 > 10 ? 10 : k / 10);
        ck_assert_uint_eq(bt_page_child(page, slot), slot == 0 ? 7 : 100 + slot);
    }
    ck_assert_uint_eq(bt_page_child_slot(page, "", 0), 0);
}
END_TEST

Suite *
btree_page_suite(void)
{
    Suite *s = suite_create("btree_page");
    TCase *tc = tcase_create("page");

    tcase_add_test(tc, full_leaf_refuses_and_stays_intact);
    tcase_add_test(tc, largest_item_fits_and_next_is_refused);
    tcase_add_test(tc, lower_bound_finds_keys_and_gaps);
    tcase_add_test(tc, remove_compacts_and_space_is_reused);
    tcase_add_test(tc, internal_page_picks_child);
    suite_add_tcase(s, tc);
    return s;
}
