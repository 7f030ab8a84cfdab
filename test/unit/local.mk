# unit tests: each helper lists its own check_*.c in its own fragment
include test/unit/storage.mk
include test/unit/btree.mk
include test/unit/adt.mk
include test/unit/lock.mk
include test/unit/table.mk

check_PROGRAMS += check_oak
check_oak_SOURCES = test/unit/check_main.c $(UNIT_TEST_SOURCES)
check_oak_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
check_oak_LDADD = $(BACKEND_LIBS) $(CHECK_LIBS)
TESTS += check_oak
