# sources of backend/tcop (the lead lists engine*.c on lines of their own)
liboakbackend_a_SOURCES += \
	backend/tcop/tcop_dest.c \
	backend/tcop/tcop_main.c \
	backend/tcop/tcop_copy.c \
	backend/tcop/tcop_startup.c \
	backend/tcop/tcop_internal.h
liboakbackend_a_SOURCES += backend/tcop/engine.c
liboakbackend_a_SOURCES += backend/tcop/engine_xact.c backend/tcop/xact_internal.h
liboakbackend_a_SOURCES += backend/tcop/engine_extended.c backend/tcop/engine_internal.h
