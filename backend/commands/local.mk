liboakbackend_a_SOURCES += \
	backend/commands/cmd_table.c \
	backend/commands/cmd_show.c \
	backend/commands/cmd_settings.c \
	backend/commands/cmd_vacuum.c
