# unit test sources for backend/access/table
UNIT_TEST_SOURCES += test/unit/check_table_vacuum.c
