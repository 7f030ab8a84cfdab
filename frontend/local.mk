# frontend tools: plain libc, no backend library. oakctl verify links the two pure
# page-checksum files of the backend (no error machinery, no allocation) rather than
# repeat the checksum; oakctl init links the pure password-verifier file and OpenSSL
# (SCRAM verifiers for --pwfile, the self-signed certificate of --ssl).
oakctl_SOURCES = \
	frontend/oakctl.c \
	frontend/oakctl_init.c \
	frontend/oakctl_server.c \
	frontend/oakctl_ssl.c \
	frontend/oakctl_verify.c \
	frontend/oakctl.h \
	backend/access/common/crc32c.c \
	backend/access/common/page.c \
	backend/libpq/pq_crypt.c
oakctl_LDADD = $(OPENSSL_LIBS)
