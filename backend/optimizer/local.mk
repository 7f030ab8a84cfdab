liboakbackend_a_SOURCES += backend/optimizer/planner.c
