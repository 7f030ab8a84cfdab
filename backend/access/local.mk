# sources of backend/access (listed by its owner)
# storage core: common, wal, transam (owner: storage core)
liboakbackend_a_SOURCES += \
	backend/access/common/page.c \
	backend/access/common/crc32c.c \
	backend/access/wal/wal_insert.c \
	backend/access/wal/wal_page.c \
	backend/access/wal/wal_reader.c \
	backend/access/wal/wal_control.c \
	backend/access/wal/wal_recovery.c \
	backend/access/wal/checkpoint.c \
	backend/access/transam/xact.c \
	backend/access/transam/clog.c
# btree sources: see the lines below (owner: btree)
liboakbackend_a_SOURCES += backend/access/btree/bt_page.c
liboakbackend_a_SOURCES += backend/access/btree/bt_search.c
liboakbackend_a_SOURCES += backend/access/btree/bt_insert.c
liboakbackend_a_SOURCES += backend/access/btree/bt_delete.c
liboakbackend_a_SOURCES += backend/access/btree/bt_meta.c
liboakbackend_a_SOURCES += backend/access/btree/bt_overflow.c
liboakbackend_a_SOURCES += backend/access/table/tbl_row.c backend/access/table/tbl_am.c \
	backend/access/table/tbl_vacuum.c backend/access/table/tbl_index.c \
	backend/access/table/tbl_copy.c
# sequences (owner: commands)
liboakbackend_a_SOURCES += backend/access/sequence/seq.c
