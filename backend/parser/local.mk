liboakbackend_a_SOURCES += \
	backend/parser/analyze.c \
	backend/parser/parse_expr.c \
	backend/parser/parse_oper.c
