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
liboakbackend_a_SOURCES += backend/commands/cmd_database.c
liboakbackend_a_SOURCES += backend/commands/cmd_session_role.c
liboakbackend_a_SOURCES += backend/commands/cmd_grant.c
liboakbackend_a_SOURCES += backend/commands/cmd_ruleutils.c
liboakbackend_a_SOURCES += backend/commands/cmd_comment.c
liboakbackend_a_SOURCES += backend/commands/cmd_pg_settings.c backend/commands/cmd_pg_settings_meta.c
EXTRA_DIST += backend/commands/gen_pg_settings.py backend/commands/cmd_pg_settings.h
liboakbackend_a_SOURCES += backend/commands/cmd_view.c
liboakbackend_a_SOURCES += backend/commands/cmd_viewdef.c
liboakbackend_a_SOURCES += backend/commands/cmd_view.c backend/commands/cmd_sequence.c
liboakbackend_a_SOURCES += backend/commands/cmd_settings_fns.c
