liboakbackend_a_SOURCES += \
	backend/catalog/cat_schema.c \
	backend/catalog/cat_relation.c \
	backend/catalog/cat_ddl.c \
	backend/catalog/cat_bootstrap.c \
	backend/catalog/cat_cache.c
liboakbackend_a_SOURCES += backend/catalog/cat_views.c
liboakbackend_a_SOURCES += backend/catalog/cat_list.c
liboakbackend_a_SOURCES += backend/catalog/cat_database.c
liboakbackend_a_SOURCES += backend/catalog/cat_acl.c
liboakbackend_a_SOURCES += backend/catalog/cat_sysviews.c backend/catalog/cat_sqlfuncs.c
liboakbackend_a_SOURCES += backend/catalog/cat_fn_size.c backend/catalog/cat_rowinfo.c
liboakbackend_a_SOURCES += backend/catalog/cat_descriptions.c
EXTRA_DIST += backend/catalog/gen_descriptions.py
liboakbackend_a_SOURCES += backend/catalog/cat_information_schema.c
