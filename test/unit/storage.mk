# unit test sources for storage
UNIT_TEST_SOURCES += \
	test/unit/check_storage_page.c \
	test/unit/check_storage_buffer.c \
	test/unit/check_storage_wal.c \
	test/unit/check_storage_xact.c
EXTRA_DIST += test/unit/storage_test_util.h
