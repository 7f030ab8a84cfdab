# sources of backend/postmaster
liboakbackend_a_SOURCES += \
	backend/postmaster/postmaster.c \
	backend/postmaster/pm_cancel.c \
	backend/postmaster/pm_pidfile.c \
	backend/postmaster/pm_sockets.c \
	backend/postmaster/pm_title.c \
	backend/postmaster/autovacuum.c \
	backend/postmaster/stat_vacuum.c \
	backend/postmaster/pm_internal.h
