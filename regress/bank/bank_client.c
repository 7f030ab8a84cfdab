/*
 * bank_client.c
 *     One client of the bank test: random transfers between accounts for a bounded time,
 *     each a transaction that moves an amount from one balance to another and records
 *     itself in the transfers table; log what the server acknowledged.
 *
 * Modes:
 *     serializable    BEGIN ISOLATION LEVEL SERIALIZABLE; read the source balance; if it
 *                     covers the amount, two UPDATEs (source first) and the INSERT;
 *                     COMMIT. A serialization failure (40001) or deadlock (40P01), at any
 *                     statement including COMMIT, rolls back and retries the same transfer.
 *     rc-for-update   BEGIN ISOLATION LEVEL READ COMMITTED; lock both rows with SELECT ...
 *                     FOR UPDATE, one per statement, lower id first; if the source covers
 *                     the amount, two UPDATEs and the INSERT; COMMIT. A deadlock (40P01)
 *                     is retried: it cannot form among rc-for-update clients, which lock
 *                     in one order, but can with serializable ones, which do not (the
 *                     test checks that rc-for-update clients alone never retry). Any
 *                     other error is a failure.
 * A transfer the source cannot cover is rolled back and counted as skipped.
 *
 * Logs, in LOGDIR: committed.CLIENT gets "id from to amount" for every transfer whose
 * COMMIT returned success, written and flushed only then (the server is killed by the
 * test, never this process, so a flushed line reaches the file). doubt.CLIENT gets the
 * transfer whose COMMIT was sent when the connection broke: the server may or may not
 * have committed it, as PostgreSQL allows, and the verifier accepts either outcome.
 * Transfer ids are CLIENT * 1e9 + sequence number, unique across clients and runs given
 * distinct CLIENT numbers.
 *
 * Usage: bank_client CONNINFO MODE CLIENT SECONDS NACCOUNTS LOGDIR
 * Prints one line of counts on stdout. Exit: 0 when the time was up, 3 when the
 * connection was lost, 1 on any other error.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

typedef enum BankMode { BANK_SERIALIZABLE, BANK_RC_FOR_UPDATE } BankMode;

/* What became of one attempt at a transfer. */
typedef enum BankOutcome {
    BANK_COMMITTED,
    BANK_SKIPPED,  /* the source could not cover it: rolled back */
    BANK_RETRY,    /* 40001 or 40P01 (serializable mode): rolled back, try again */
    BANK_LOST,     /* the connection broke before COMMIT was sent: not committed */
    BANK_IN_DOUBT, /* the connection broke with COMMIT sent */
    BANK_FAILED    /* any other error */
} BankOutcome;

typedef struct BankTransfer {
    long long id;
    int from;
    int to;
    int amount;
} BankTransfer;

typedef struct BankClient {
    PGconn *conn;
    BankMode mode;
    FILE *committed_log;
    FILE *doubt_log;
    uint64_t rng;
    long committed;
    long skipped;
    long retries;
} BankClient;

static uint64_t
bank_random(BankClient *bc)
{
    /* xorshift64*: any decent spread will do, the test needs no statistics */
    bc->rng ^= bc->rng >> 12;
    bc->rng ^= bc->rng << 25;
    bc->rng ^= bc->rng >> 27;
    return bc->rng * 2685821657736338717ULL;
}

static double
bank_now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Classify a failed statement's result. */
static BankOutcome
bank_failure(BankClient *bc, PGresult *res, const char *sql, bool commit_sent)
{
    if (PQstatus(bc->conn) != CONNECTION_OK)
        return commit_sent ? BANK_IN_DOUBT : BANK_LOST;
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

    if (state != NULL && strcmp(state, "40P01") == 0)
        return BANK_RETRY;
    if (bc->mode == BANK_SERIALIZABLE && state != NULL && strcmp(state, "40001") == 0)
        return BANK_RETRY;
    fprintf(stderr, "bank_client: %s: %s", sql, PQresultErrorMessage(res));
    return BANK_FAILED;
}

/*
 * Run one statement of the transfer. Returns true on success; on failure sets *outcome.
 * With want_balance, the statement must return one row whose first column is stored there.
 */
static bool
bank_exec(BankClient *bc, const char *sql, long *want_balance, BankOutcome *outcome)
{
    PGresult *res = PQexec(bc->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    bool ok = want_balance != NULL ? st == PGRES_TUPLES_OK : st == PGRES_COMMAND_OK;

    if (!ok) {
        *outcome = bank_failure(bc, res, sql, strcmp(sql, "COMMIT") == 0);
        PQclear(res);
        return false;
    }
    if (want_balance != NULL) {
        if (PQntuples(res) != 1) {
            fprintf(stderr, "bank_client: %s: %d rows, expected 1\n", sql, PQntuples(res));
            for (int r = 0; r < PQntuples(res) && getenv("BANK_DEBUG"); r++)
                fprintf(stderr, "  row %d: %s\n", r, PQgetvalue(res, r, 0));
            *outcome = BANK_FAILED;
            PQclear(res);
            return false;
        }
        *want_balance = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    } else if (strncmp(sql, "UPDATE", 6) == 0 && strcmp(PQcmdTuples(res), "1") != 0) {
        fprintf(stderr, "bank_client: %s: updated %s rows, expected 1\n", sql, PQcmdTuples(res));
        *outcome = BANK_FAILED;
        PQclear(res);
        return false;
    } else if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        /* COMMIT of an aborted transaction answers ROLLBACK: nothing was committed. */
        fprintf(stderr, "bank_client: COMMIT answered %s\n", PQcmdStatus(res));
        *outcome = BANK_FAILED;
        PQclear(res);
        return false;
    }
    PQclear(res);
    return true;
}

/* After a failed attempt with the connection still up: end the transaction. */
static void
bank_rollback(BankClient *bc)
{
    PGresult *res = PQexec(bc->conn, "ROLLBACK");

    PQclear(res);
}

static BankOutcome
bank_attempt(BankClient *bc, const BankTransfer *t)
{
    char sql[256];
    long balance = 0;
    BankOutcome out = BANK_FAILED;

    if (bc->mode == BANK_SERIALIZABLE) {
        if (!bank_exec(bc, "BEGIN ISOLATION LEVEL SERIALIZABLE", NULL, &out))
            return out;
        snprintf(sql, sizeof sql, "SELECT balance FROM accounts WHERE id = %d", t->from);
        if (!bank_exec(bc, sql, &balance, &out))
            return out;
    } else {
        long other = 0;
        const int first = t->from < t->to ? t->from : t->to;
        const int second = t->from < t->to ? t->to : t->from;

        if (!bank_exec(bc, "BEGIN ISOLATION LEVEL READ COMMITTED", NULL, &out))
            return out;
        snprintf(sql, sizeof sql, "SELECT balance FROM accounts WHERE id = %d FOR UPDATE", first);
        if (!bank_exec(bc, sql, first == t->from ? &balance : &other, &out))
            return out;
        snprintf(sql, sizeof sql, "SELECT balance FROM accounts WHERE id = %d FOR UPDATE", second);
        if (!bank_exec(bc, sql, second == t->from ? &balance : &other, &out))
            return out;
    }
    if (balance < t->amount) {
        if (!bank_exec(bc, "ROLLBACK", NULL, &out))
            return out;
        return BANK_SKIPPED;
    }
    snprintf(sql,
             sizeof sql,
             "UPDATE accounts SET balance = balance - %d WHERE id = %d",
             t->amount,
             t->from);
    if (!bank_exec(bc, sql, NULL, &out))
        return out;
    snprintf(sql,
             sizeof sql,
             "UPDATE accounts SET balance = balance + %d WHERE id = %d",
             t->amount,
             t->to);
    if (!bank_exec(bc, sql, NULL, &out))
        return out;
    snprintf(sql,
             sizeof sql,
             "INSERT INTO transfers VALUES (%lld, %d, %d, %d)",
             t->id,
             t->from,
             t->to,
             t->amount);
    if (!bank_exec(bc, sql, NULL, &out))
        return out;
    if (!bank_exec(bc, "COMMIT", NULL, &out))
        return out;
    return BANK_COMMITTED;
}

static bool
bank_log(FILE *f, const BankTransfer *t)
{
    fprintf(f, "%lld %d %d %d\n", t->id, t->from, t->to, t->amount);
    if (fflush(f) != 0) {
        perror("bank_client: log");
        return false;
    }
    return true;
}

/* One transfer, retried while it fails with a serialization failure. */
static BankOutcome
bank_transfer(BankClient *bc, const BankTransfer *t)
{
    for (;;) {
        BankOutcome out = bank_attempt(bc, t);

        switch (out) {
        case BANK_COMMITTED:
            bc->committed++;
            return bank_log(bc->committed_log, t) ? out : BANK_FAILED;
        case BANK_SKIPPED:
            bc->skipped++;
            return out;
        case BANK_RETRY: {
            bc->retries++;
            bank_rollback(bc);
            /* a short random pause, so two clients do not collide again in lockstep */
            struct timespec pause = {0, (long)(bank_random(bc) % 5000000)};

            nanosleep(&pause, NULL);
            continue;
        }
        case BANK_IN_DOUBT:
            return bank_log(bc->doubt_log, t) ? out : BANK_FAILED;
        case BANK_LOST:
            return out;
        case BANK_FAILED:
            if (PQstatus(bc->conn) == CONNECTION_OK)
                bank_rollback(bc);
            return out;
        }
    }
}

static FILE *
bank_open_log(const char *dir, const char *what, int client)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s.%d", dir, what, client);
    FILE *f = fopen(path, "a");

    if (f == NULL)
        perror(path);
    return f;
}

int
main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: %s CONNINFO MODE CLIENT SECONDS NACCOUNTS LOGDIR\n", argv[0]);
        return 1;
    }
    BankClient bc = {0};
    const int client = atoi(argv[3]);
    const double seconds = atof(argv[4]);
    const int naccounts = atoi(argv[5]);

    if (strcmp(argv[2], "serializable") == 0)
        bc.mode = BANK_SERIALIZABLE;
    else if (strcmp(argv[2], "rc-for-update") == 0)
        bc.mode = BANK_RC_FOR_UPDATE;
    else {
        fprintf(stderr, "bank_client: unknown mode %s\n", argv[2]);
        return 1;
    }
    if (client <= 0 || naccounts < 2 || seconds <= 0) {
        fprintf(stderr, "bank_client: bad CLIENT, SECONDS or NACCOUNTS\n");
        return 1;
    }
    bc.committed_log = bank_open_log(argv[6], "committed", client);
    bc.doubt_log = bank_open_log(argv[6], "doubt", client);
    if (bc.committed_log == NULL || bc.doubt_log == NULL)
        return 1;
    bc.rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)client << 32) ^ (uint64_t)time(NULL);
    bc.conn = PQconnectdb(argv[1]);
    if (PQstatus(bc.conn) != CONNECTION_OK) {
        fprintf(stderr, "bank_client: %s", PQerrorMessage(bc.conn));
        return 1;
    }

    const double end = bank_now_s() + seconds;
    int rc = 0;

    for (long long seq = 1; bank_now_s() < end; seq++) {
        BankTransfer t = {.id = (long long)client * 1000000000LL + seq};

        t.from = 1 + (int)(bank_random(&bc) % (uint64_t)naccounts);
        t.to = 1 + (int)(bank_random(&bc) % (uint64_t)(naccounts - 1));
        if (t.to >= t.from)
            t.to++;
        t.amount = 1 + (int)(bank_random(&bc) % 100);
        BankOutcome out = bank_transfer(&bc, &t);

        if (out == BANK_LOST || out == BANK_IN_DOUBT) {
            rc = 3;
            break;
        }
        if (out == BANK_FAILED) {
            rc = PQstatus(bc.conn) == CONNECTION_OK ? 1 : 3;
            break;
        }
    }
    printf("client %d (%s): committed %ld, skipped %ld, retries %ld, exit %d\n",
           client,
           argv[2],
           bc.committed,
           bc.skipped,
           bc.retries,
           rc);
    PQfinish(bc.conn);
    fclose(bc.committed_log);
    fclose(bc.doubt_log);
    return rc;
}
