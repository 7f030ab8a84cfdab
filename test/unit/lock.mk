# unit test sources for the heavyweight lock manager (backend/storage/lmgr)
UNIT_TEST_SOURCES += \
	test/unit/check_lock_table.c \
	test/unit/check_lock_wait.c \
	test/unit/check_lock_ssi.c
EXTRA_DIST += test/unit/lock_test_util.h
