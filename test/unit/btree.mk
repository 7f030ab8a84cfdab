# unit test sources for btree
UNIT_TEST_SOURCES += test/unit/check_btree_page.c test/unit/check_btree_tree.c \
	test/unit/check_btree_overflow.c test/unit/check_btree_concurrent.c
