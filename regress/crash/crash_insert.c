/*
 * crash_insert.c
 *     The client side of the crash test: insert rows one at a time, each its own
 *     autocommitted INSERT, and record every id the server acknowledged. Every tenth row's
 *     text is long enough to be stored out of line (overflow pages), so those must survive
 *     the kill as well: 'row N' followed by 20000 + N % 1000 dots.
 *
 * An id is written to the ack file (and flushed to the kernel) only after the server
 * answered CommandComplete for it, so the file lists exactly the rows the server promised
 * to keep. The server is killed by the test, never this process, so a flushed write
 * reaches the file. The id being inserted when the connection broke is printed on stdout
 * as "inflight N": the server may or may not have kept it.
 *
 * Usage: crash_insert CONNINFO FIRST_ID MAX_ROWS ACKFILE
 * Exit: 0 when MAX_ROWS were inserted, 3 when the connection was lost, 1 on other errors.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

static int
crash_insert_one(PGconn *conn, long id)
{
    char sql[160];

    if (id % 10 == 0)
        snprintf(sql,
                 sizeof sql,
                 "insert into crash_t values (%ld, 'row %ld' || repeat('.', %ld))",
                 id,
                 id,
                 20000 + id % 1000);
    else
        snprintf(sql, sizeof sql, "insert into crash_t values (%ld, 'row %ld')", id, id);
    PGresult *res = PQexec(conn, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;

    if (!ok && PQstatus(conn) == CONNECTION_OK)
        fprintf(stderr, "crash_insert: id %ld: %s", id, PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

int
main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s CONNINFO FIRST_ID MAX_ROWS ACKFILE\n", argv[0]);
        return 1;
    }
    long first = strtol(argv[2], NULL, 10);
    long max_rows = strtol(argv[3], NULL, 10);
    FILE *ack = fopen(argv[4], "a");
    if (ack == NULL) {
        perror(argv[4]);
        return 1;
    }

    PGconn *conn = PQconnectdb(argv[1]);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "crash_insert: %s", PQerrorMessage(conn));
        PQfinish(conn);
        fclose(ack);
        return 1;
    }

    int rc = 0;
    for (long id = first; id < first + max_rows; id++) {
        if (!crash_insert_one(conn, id)) {
            printf("inflight %ld\n", id);
            rc = PQstatus(conn) == CONNECTION_OK ? 1 : 3;
            break;
        }
        fprintf(ack, "%ld\n", id);
        if (fflush(ack) != 0) {
            perror("crash_insert: ack file");
            rc = 1;
            break;
        }
    }
    PQfinish(conn);
    fclose(ack);
    return rc;
}
