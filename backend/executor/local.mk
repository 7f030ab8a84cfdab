liboakbackend_a_SOURCES += \
	backend/executor/exec_expr.c \
	backend/executor/exec_nodes.c \
	backend/executor/exec_modify.c \
	backend/executor/exec_index.c \
	backend/executor/exec_deparse.c \
	backend/executor/exec_join.c \
	backend/executor/exec_sublink.c
liboakbackend_a_SOURCES += backend/executor/exec_setop.c backend/executor/exec_srf.c backend/executor/exec_recursive.c backend/executor/exec_cte.c
liboakbackend_a_SOURCES += backend/executor/exec_array.c
