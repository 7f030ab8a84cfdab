# frontend tools: plain libc, no backend library. oakctl verify links the two pure
# page-checksum files of the backend (no error machinery, no allocation) rather than
# repeat the checksum.
oakctl_SOURCES = \
	frontend/oakctl.c \
	frontend/oakctl_init.c \
	frontend/oakctl_server.c \
	frontend/oakctl_verify.c \
	frontend/oakctl.h \
	backend/access/common/crc32c.c \
	backend/access/common/page.c
