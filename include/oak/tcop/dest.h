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
    Oid table_oid;   /* 0 unless the column is a plain table column */
    int16_t attnum;  /* 0 unless the column is a plain table column */
    Oid type_oid;
    int16_t typlen;  /* -1 for varlena */
    int32_t typmod;  /* -1 if none */
} ResultColumn;

void dest_row_description(int ncols, const ResultColumn *cols);
/* One DataRow: values[i] NULL means SQL NULL; lengths[i] is the byte length otherwise. */
void dest_data_row(int ncols, const char *const *values, const uint32_t *lengths);
void dest_command_complete(const char *tag);
void dest_empty_query(void);

#endif /* OAK_TCOP_DEST_H */
