/*
 * cmd_copy_binary.c
 *     COPY ... (FORMAT binary): PostgreSQL's binary COPY file format, read from and written
 *     to the COPY sub-protocol. The file is the 11-byte signature "PGCOPY\n\377\r\n\0", a
 *     32-bit flags word, a 32-bit header extension length and the extension, then one
 *     tuple per row (a 16-bit field count, then per field a 32-bit length, -1 for NULL, and
 *     the value in its type's binary send format), ended by a 16-bit -1 trailer. Integers
 *     are big-endian.
 *
 * Invariants:
 *   1. Bytes arrive in CopyData messages cut anywhere; the reader joins them, so a tuple or
 *      a value may span messages, and keeps at most one message plus one value in memory.
 *   2. Every malformed input is 22P04 (bad_copy_file_format) with PostgreSQL's message,
 *      except a value its type's receive function rejects (22P03, or the type's own code);
 *      the CONTEXT names the tuple as "line N" and the column, as PostgreSQL does. The
 *      statement's transaction then aborts, so nothing of a failed COPY stays.
 *   3. COPY TO sends one CopyData message per tuple, the header with the first and the
 *      trailer on its own, as PostgreSQL does (clients parse whole tuples per message).
 *   4. Only types with a binary format (adt_binary_supported) can be copied: 42883
 *      otherwise, before any data is exchanged.
 */
#include "oak/oak.h"

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/tcop/dest.h"
#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"

static const uint8_t copy_signature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};

static void __attribute__((noreturn)) copy_bad_format(const char *msg)
{
    ereport(ERROR, err_code(SQLSTATE_BAD_COPY_FILE_FORMAT), err_msg("%s", msg));
}

static void
copy_check_binary_types(const Oid *types, int n, bool input)
{
    for (int i = 0; i < n; i++)
        if (!adt_binary_supported(types[i]))
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg(input ? "no binary input function available for type %s"
                                  : "no binary output function available for type %s",
                            adt_format_type(types[i], -1)));
}

/* --- COPY FROM ---------------------------------------------------------------------------- */

/* The joined CopyData stream (invariant 1). */
typedef struct BinIn {
    StrBuf msg;
    size_t pos;
    bool eof;
} BinIn;

/* Copy the next n bytes to dst; returns how many there were before the end of the data. */
static size_t
bin_read(BinIn *in, void *dst, size_t n)
{
    size_t got = 0;
    while (got < n) {
        if (in->pos == in->msg.len) {
            if (in->eof || !copy_in_read(&in->msg)) {
                in->eof = true;
                return got;
            }
            in->pos = 0;
            continue;
        }
        size_t take = in->msg.len - in->pos;
        if (take > n - got)
            take = n - got;
        memcpy((uint8_t *)dst + got, in->msg.data + in->pos, take);
        in->pos += take;
        got += take;
    }
    return got;
}

static bool
bin_read_int32(BinIn *in, int32_t *v)
{
    uint8_t b[4];
    if (bin_read(in, b, 4) != 4)
        return false;
    *v = (int32_t)((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
    return true;
}

static bool
bin_read_int16(BinIn *in, int16_t *v)
{
    uint8_t b[2];
    if (bin_read(in, b, 2) != 2)
        return false;
    *v = (int16_t)((uint16_t)b[0] << 8 | b[1]);
    return true;
}

static void
bin_read_header(BinIn *in)
{
    uint8_t sig[sizeof copy_signature];
    if (bin_read(in, sig, sizeof sig) != sizeof sig || memcmp(sig, copy_signature, sizeof sig) != 0)
        copy_bad_format("COPY file signature not recognized");
    int32_t flags, ext;
    if (!bin_read_int32(in, &flags))
        copy_bad_format("invalid COPY file header (missing flags)");
    if (flags & (1 << 16))
        copy_bad_format("invalid COPY file header (WITH OIDS)");
    if ((flags & ~(1 << 16)) >> 16 != 0)
        copy_bad_format("unrecognized critical flags in COPY file header");
    if (!bin_read_int32(in, &ext) || ext < 0)
        copy_bad_format("invalid COPY file header (missing length)");
    uint8_t skip[256];
    while (ext > 0) {
        size_t n = ext > (int32_t)sizeof skip ? sizeof skip : (size_t)ext;
        if (bin_read(in, skip, n) != n)
            copy_bad_format("invalid COPY file header (wrong length)");
        ext -= (int32_t)n;
    }
}

uint64_t
cmd_copy_from_binary(RelDesc *rel, const int *cols, int ncols, const Snapshot *snap)
{
    Oid *types = mcx_alloc(sizeof(Oid) * (size_t)(ncols + 1));
    for (int i = 0; i < ncols; i++)
        types[i] = rel->atts[cols[i]].type;
    copy_check_binary_types(types, ncols, true);
    bool *supplied = mcx_alloc0(sizeof(bool) * (size_t)(rel->natts + 1));
    for (int i = 0; i < ncols; i++)
        supplied[cols[i]] = true;
    ExecInserter *ins = exec_inserter_begin(rel, snap, supplied);
    copy_in_begin(ncols, true);

    BinIn in;
    memset(&in, 0, sizeof in);
    sb_init(&in.msg);
    MemCtx *row_cx = mcx_create(mcx_current, "CopyRow");
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    uint64_t line = 0;
    uint64_t count = 0;
    volatile int cur_col = -1;

    bin_read_header(&in); /* PostgreSQL names no line for a bad header */

    for (;;) {
        line++;
        tcop_check_interrupts();
        mcx_reset(row_cx);
        MemCtx *old = mcx_switch(row_cx);
        bool done = false;
        cur_col = -1;
        err_try();
        {
            int16_t nfields;
            if (!bin_read_int16(&in, &nfields))
                copy_bad_format("unexpected EOF in COPY data");
            if (nfields == -1) {
                /* The trailer: nothing may follow it but the end of the data. */
                uint8_t extra;
                if (bin_read(&in, &extra, 1) != 0)
                    copy_bad_format("received copy data after EOF marker");
                done = true;
            } else {
                if (nfields != ncols)
                    ereport(ERROR,
                            err_code(SQLSTATE_BAD_COPY_FILE_FORMAT),
                            err_msg("row field count is %d, expected %d", nfields, ncols));
                for (int c = 0; c < rel->natts; c++)
                    nulls[c] = true;
                for (int i = 0; i < ncols; i++) {
                    int c = cols[i];
                    cur_col = c;
                    int32_t len;
                    if (!bin_read_int32(&in, &len))
                        copy_bad_format("unexpected EOF in COPY data");
                    if (len == -1)
                        continue;
                    if (len < 0)
                        copy_bad_format("invalid field size");
                    uint8_t *buf = mcx_alloc((size_t)len + 1);
                    if (bin_read(&in, buf, (size_t)len) != (size_t)len)
                        copy_bad_format("unexpected EOF in COPY data");
                    values[c] = adt_recv(types[i], buf, (uint32_t)len, rel->atts[c].typmod);
                    nulls[c] = false;
                }
                cur_col = -1;
                exec_inserter_row(ins, values, nulls);
            }
        }
        err_catch();
        {
            if (cur_col >= 0)
                err_add_context(mcx_printf("COPY %s, line %llu, column %s",
                                           rel->name,
                                           (unsigned long long)line,
                                           rel->atts[cur_col].name));
            else
                err_add_context(
                    mcx_printf("COPY %s, line %llu", rel->name, (unsigned long long)line));
            err_rethrow();
        }
        err_end_try();
        mcx_switch(old);
        if (done)
            break;
        count++;
    }
    mcx_delete(row_cx);
    return count;
}

/* --- COPY TO ------------------------------------------------------------------------------ */

static void
bin_put_int32(StrBuf *out, int32_t v)
{
    uint8_t b[4] = {(uint8_t)((uint32_t)v >> 24),
                    (uint8_t)((uint32_t)v >> 16),
                    (uint8_t)((uint32_t)v >> 8),
                    (uint8_t)v};
    sb_append_bytes(out, (const char *)b, 4);
}

static void
bin_put_int16(StrBuf *out, int16_t v)
{
    uint8_t b[2] = {(uint8_t)((uint16_t)v >> 8), (uint8_t)v};
    sb_append_bytes(out, (const char *)b, 2);
}

uint64_t
cmd_copy_to_binary(Query *q, const Snapshot *snap)
{
    Plan *plan = opt_plan_query(q);
    int n = 0;
    int *map = mcx_alloc(sizeof(int) * (size_t)(q->ntargets + 1));
    Oid *types = mcx_alloc(sizeof(Oid) * (size_t)(q->ntargets + 1));
    for (int i = 0; i < q->ntargets; i++)
        if (!q->targets[i].junk) {
            types[n] = q->targets[i].expr->type;
            map[n++] = i;
        }
    copy_check_binary_types(types, n, false);
    copy_out_begin(n, true);
    /*
     * The header goes out in the first row's CopyData message (or the trailer's), as
     * PostgreSQL sends it: psycopg 3 parses each message as whole tuples after the header.
     */
    StrBuf header;
    sb_init(&header);
    sb_append_bytes(&header, (const char *)copy_signature, sizeof copy_signature);
    bin_put_int32(&header, 0); /* flags: no OIDs */
    bin_put_int32(&header, 0); /* no header extension */
    StrBuf buf;

    exec_statement_begin(snap);
    ExecNode *root = exec_start(plan, snap);
    MemCtx *out_cx = mcx_create(mcx_current, "CopyOut");
    uint64_t count = 0;
    ExecRow *row;
    StrBuf val;
    while ((row = exec_next(root)) != NULL) {
        mcx_reset(out_cx);
        MemCtx *old = mcx_switch(out_cx);
        sb_init(&buf);
        sb_init(&val);
        if (count == 0)
            sb_append_bytes(&buf, header.data, header.len);
        bin_put_int16(&buf, (int16_t)n);
        for (int c = 0; c < n; c++) {
            int i = map[c];
            if (row->nulls[i]) {
                bin_put_int32(&buf, -1);
                continue;
            }
            sb_reset(&val);
            adt_send(types[c], row->values[i], &val);
            bin_put_int32(&buf, (int32_t)val.len);
            sb_append_bytes(&buf, val.data, val.len);
        }
        copy_out_data(buf.data, buf.len);
        mcx_switch(old);
        count++;
    }
    exec_end(root);
    mcx_delete(out_cx);
    sb_init(&buf);
    if (count == 0)
        sb_append_bytes(&buf, header.data, header.len);
    bin_put_int16(&buf, -1);
    copy_out_data(buf.data, buf.len);
    copy_out_end();
    return count;
}
