# sources of backend/storage (listed by its owner)
liboakbackend_a_SOURCES += \
	backend/storage/ipc/shmem.c \
	backend/storage/ipc/lwlock.c \
	backend/storage/ipc/procarray.c \
	backend/storage/file/smgr.c \
	backend/storage/buffer/bufmgr.c \
	backend/storage/lmgr/lock.c \
	backend/storage/lmgr/lock_deadlock.c \
	backend/storage/lmgr/ssi.c \
	backend/storage/lmgr/lock_internal.h
