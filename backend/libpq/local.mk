# sources of backend/libpq
liboakbackend_a_SOURCES += \
	backend/libpq/pq_auth.c \
	backend/libpq/pq_comm.c \
	backend/libpq/pq_crypt.c \
	backend/libpq/pq_hba.c \
	backend/libpq/pq_secure.c \
	backend/libpq/pq_startup.c
