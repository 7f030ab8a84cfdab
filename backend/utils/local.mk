liboakbackend_a_SOURCES += \
	backend/utils/error/elog.c \
	backend/utils/mmgr/mcx.c
liboakbackend_a_SOURCES += backend/utils/adt/adt_catalog.c
liboakbackend_a_SOURCES += backend/utils/adt/adt_tables.c
liboakbackend_a_SOURCES += backend/utils/adt/adt_srf.c
liboakbackend_a_SOURCES += backend/utils/adt/adt_types.c
liboakbackend_a_SOURCES += backend/utils/adt/agg.c
liboakbackend_a_SOURCES += backend/utils/adt/float.c
liboakbackend_a_SOURCES += backend/utils/adt/int.c
liboakbackend_a_SOURCES += backend/utils/adt/numeric.c
liboakbackend_a_SOURCES += backend/utils/adt/timestamp.c
liboakbackend_a_SOURCES += backend/utils/adt/varlena.c
EXTRA_DIST += backend/utils/adt/gen_tables.py backend/utils/adt/adt_fns.h backend/utils/adt/adt_priv.h backend/utils/adt/README.md
liboakbackend_a_SOURCES += backend/utils/misc/guc.c
liboakbackend_a_SOURCES += backend/utils/adt/xid8.c
liboakbackend_a_SOURCES += backend/utils/misc/bestatus.c
liboakbackend_a_SOURCES += backend/utils/misc/fault.c
liboakbackend_a_SOURCES += backend/utils/adt/adt_binary.c
liboakbackend_a_SOURCES += backend/utils/adt/regexp.c
liboakbackend_a_SOURCES += backend/utils/adt/sysfuncs.c
liboakbackend_a_SOURCES += backend/utils/adt/array.c
liboakbackend_a_SOURCES += backend/utils/adt/array_io.c
liboakbackend_a_SOURCES += backend/utils/adt/array_types.c
liboakbackend_a_SOURCES += backend/utils/adt/array_funcs.c
liboakbackend_a_SOURCES += backend/utils/adt/array_agg.c
liboakbackend_a_SOURCES += backend/utils/adt/seqfuncs.c
liboakbackend_a_SOURCES += backend/utils/adt/array_srf.c
