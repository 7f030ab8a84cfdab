# frontend tools: plain libc, no backend library
oakctl_SOURCES = \
	frontend/oakctl.c \
	frontend/oakctl_init.c \
	frontend/oakctl_server.c \
	frontend/oakctl.h
