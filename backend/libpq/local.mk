# sources of backend/libpq
liboakbackend_a_SOURCES += \
	backend/libpq/pq_comm.c \
	backend/libpq/pq_hba.c \
	backend/libpq/pq_startup.c
