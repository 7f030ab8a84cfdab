liboakbackend_a_SOURCES += \
	backend/commands/cmd_table.c \
	backend/commands/cmd_show.c \
	backend/commands/cmd_settings.c \
	backend/commands/cmd_vacuum.c
liboakbackend_a_SOURCES += backend/commands/cmd_index.c backend/commands/cmd_explain.c
liboakbackend_a_SOURCES += backend/commands/cmd_copy.c backend/commands/cmd_copy_binary.c
liboakbackend_a_SOURCES += backend/commands/cmd_alter.c
liboakbackend_a_SOURCES += backend/commands/cmd_schema.c
liboakbackend_a_SOURCES += backend/commands/cmd_role.c
liboakbackend_a_SOURCES += backend/commands/cmd_view.c backend/commands/cmd_sequence.c
