/*
 * settings.h
 *     Session settings: the run-time parameters a session may SET, RESET and SHOW, with
 *     PostgreSQL's names, value syntax, units and display forms. Server-wide settings
 *     (oakdb.conf) are read with SHOW too but cannot be SET (55P02).
 */
#ifndef OAK_COMMANDS_SETTINGS_H
#define OAK_COMMANDS_SETTINGS_H

#include "oak/oak.h"

typedef enum IsoLevel {
    ISO_READ_UNCOMMITTED = 0, /* behaves as READ COMMITTED, as in PostgreSQL */
    ISO_READ_COMMITTED = 1,
    ISO_REPEATABLE_READ = 2,
    ISO_SERIALIZABLE = 3,
} IsoLevel;

/* The session's current values (backend-local). */
typedef struct SessionSettings {
    IsoLevel default_isolation;
    bool default_read_only;
    int deadlock_timeout_ms;
    int lock_timeout_ms;
    int statement_timeout_ms;
    char application_name[64];
    /* Planner method switches (PostgreSQL's enable_*): off makes a method a last resort. */
    bool enable_seqscan;
    bool enable_indexscan;
    bool enable_hashjoin;   /* planner: hash joins for equality conditions */
    bool enable_nestloop;   /* planner: prefer other join methods where one applies */
    bool enable_mergejoin;  /* no merge joins exist; kept so scripts that set it run */
    bool enable_bitmapscan; /* no bitmap scans exist; kept so scripts that set it run */
    /* Client-facing settings (canonical spellings, as SHOW prints them). */
    char client_encoding[16];
    char datestyle[32];
    char timezone[64];
    char intervalstyle[24];
    char bytea_output[8];
    char search_path[256];
} SessionSettings;

extern SessionSettings session_settings;

void settings_init_session(void);
/*
 * Apply the settings a client sent in its StartupMessage (DateStyle, TimeZone,
 * extra_float_digits, ...) through get(name); an invalid value is FATAL, as in PostgreSQL.
 */
void settings_apply_startup(const char *(*get)(const char *name));
/*
 * ParameterStatus: call send(name, value) for each reported setting whose value changed
 * since the last call (the first call reports nothing: the session start announced them).
 */
void settings_report_changes(void (*send)(const char *name, const char *value));

/* SET / RESET / SHOW (raw is a PgQuery__VariableSetStmt or __VariableShowStmt). */
const char *settings_set(void *raw);
/*
 * The transaction's end and savepoints (tcop): SET's changes stay at commit (SET LOCAL's
 * are put back), an abort puts them all back, ROLLBACK TO those made at depth >= depth
 * (savepoint depth: 0 outside any), RELEASE moves those deeper than depth up to it.
 */
void settings_at_commit(void);
void settings_at_abort(void);
void settings_at_subabort(int depth);
void settings_at_release(int depth);
const char *settings_show(void *raw);

/* Parse an isolation level name ("repeatable read"); raises 22023 if unknown. */
IsoLevel settings_parse_isolation(const char *name);
const char *settings_isolation_name(IsoLevel level);

#endif /* OAK_COMMANDS_SETTINGS_H */
