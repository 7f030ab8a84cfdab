liboakbackend_a_SOURCES += backend/optimizer/planner.c
liboakbackend_a_SOURCES += backend/optimizer/opt_path.c
liboakbackend_a_SOURCES += backend/optimizer/opt_join.c
liboakbackend_a_SOURCES += backend/optimizer/opt_setop.c
