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
