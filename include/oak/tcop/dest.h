/*
 * dest.h
 *     Where query results go. The engine calls these; tcop implements them as protocol 3.0
 *     messages (RowDescription, DataRow in text format, CommandComplete, EmptyQueryResponse)
 *     buffered in the connection's output buffer. In bootstrap mode (no client) they discard.
 */
#ifndef OAK_TCOP_DEST_H
#define OAK_TCOP_DEST_H

#include "oak/oak.h"

typedef struct ResultColumn {
    const char *name;
    Oid table_oid;  /* 0 unless the column is a plain table column */
    int16_t attnum; /* 0 unless the column is a plain table column */
    Oid type_oid;
    int16_t typlen; /* -1 for varlena */
    int32_t typmod; /* -1 if none */
} ResultColumn;

void dest_row_description(int ncols, const ResultColumn *cols);
/*
 * SQL cursors: whether dest_row_description sends (FETCH describes each result; a cursor's
 * executor start does not), and MOVE's discarding of the rows it passes over.
 */
bool dest_set_row_description(bool send);
void dest_set_discard(bool discard);

/* RowDescription regardless of the portal setting (Describe). */
void dest_send_row_description(int ncols, const ResultColumn *cols);
/*
 * Extended protocol (engine_extended.c): the result formats of the portal being executed
 * (nformats 0: all text; 1: that format for every column; else one per column) and
 * whether the statement itself sends RowDescription (simple Query) or Describe did.
 * dest_reset_portal() returns to the simple-Query defaults.
 */
void dest_set_portal(int nformats, const int16_t *formats, bool send_row_description);
void dest_reset_portal(void);
/* The format code of result column i under the current settings (0 text, 1 binary). */
int16_t dest_column_format(int i);
/* One DataRow of typed values, each in its column's format. */
void dest_data_row_datums(int ncols, const Oid *types, const Datum *values, const bool *nulls);
/* One DataRow: values[i] NULL means SQL NULL; lengths[i] is the byte length otherwise. */
void dest_data_row(int ncols, const char *const *values, const uint32_t *lengths);
void dest_command_complete(const char *tag);
/*
 * COPY sub-protocol (tcop_copy.c). copy_in_begin sends CopyInResponse (ncols columns,
 * all text, or binary) and copy_in_read returns the next CopyData into buf (true) or false
 * at CopyDone; CopyFail is ERROR 57014, any other message ERROR 08P01 (Flush and Sync
 * are skipped, as PostgreSQL does). copy_out_* send CopyOutResponse, CopyData, CopyDone.
 * Without a client (bootstrap) copy_in_read returns false at once and output is dropped.
 */
void copy_in_begin(int ncols, bool binary);
bool copy_in_read(StrBuf *buf);
void copy_out_begin(int ncols, bool binary);
void copy_out_data(const char *data, size_t len);
void copy_out_end(void);

/* Extended protocol answers: NoData, ParameterDescription, PortalSuspended. */
void dest_no_data(void);
void dest_parameter_description(int n, const Oid *types);
void dest_portal_suspended(void);
void dest_empty_query(void);

#endif /* OAK_TCOP_DEST_H */
