liboakbackend_a_SOURCES += \
	backend/parser/analyze.c \
	backend/parser/parse_expr.c \
	backend/parser/parse_oper.c \
	backend/parser/parse_from.c \
	backend/parser/parse_sublink.c \
	backend/parser/parse_array.c
liboakbackend_a_SOURCES += backend/parser/parse_deparse.c backend/parser/parse_view.c
liboakbackend_a_SOURCES += backend/parser/parse_setop.c backend/parser/parse_cte.c
liboakbackend_a_SOURCES += backend/parser/parse_record.c
