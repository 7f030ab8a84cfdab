# unit test sources for adt
UNIT_TEST_SOURCES += test/unit/check_adt_int.c test/unit/check_adt_float.c \
	test/unit/check_adt_numeric.c test/unit/check_adt_text.c test/unit/check_adt_srf.c \
	test/unit/check_adt_array.c test/unit/check_adt_datetime.c test/unit/check_adt_record.c
EXTRA_DIST += test/unit/adt_test_util.h
