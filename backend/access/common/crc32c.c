/*
 * crc32c.c
 *     CRC32C (Castagnoli, reflected polynomial 0x82F63B78) for pages and WAL records:
 *     slicing-by-8 tables built once on first use, or the SSE4.2 crc32 instruction when the
 *     CPU has it. Both give crc32c("123456789") == 0xE3069283.
 *
 * crc32c_update(prev, data, len) continues a finished CRC: crc32c_update(crc32c(a), b) is
 * the CRC of a followed by b.
 */
#include "oak/oak.h"

#include "oak/access/page.h"

static uint32_t crc32c_table[8][256];
static bool crc32c_table_ready;

static void
crc32c_build_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc32c_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc32c_table[t][i] =
                (crc32c_table[t - 1][i] >> 8) ^ crc32c_table[0][crc32c_table[t - 1][i] & 0xFF];
    crc32c_table_ready = true;
}

static uint32_t
crc32c_sw(uint32_t c, const uint8_t *p, size_t len)
{
    if (!crc32c_table_ready)
        crc32c_build_table(); /* idempotent: a race between processes cannot happen (per process) */
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        w ^= c; /* little-endian: the low 4 bytes meet the running CRC */
        c = crc32c_table[7][w & 0xFF] ^ crc32c_table[6][(w >> 8) & 0xFF] ^
            crc32c_table[5][(w >> 16) & 0xFF] ^ crc32c_table[4][(w >> 24) & 0xFF] ^
            crc32c_table[3][(w >> 32) & 0xFF] ^ crc32c_table[2][(w >> 40) & 0xFF] ^
            crc32c_table[1][(w >> 48) & 0xFF] ^ crc32c_table[0][(w >> 56) & 0xFF];
        p += 8;
        len -= 8;
    }
    while (len-- > 0)
        c = (c >> 8) ^ crc32c_table[0][(c ^ *p++) & 0xFF];
    return c;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t
crc32c_hw(uint32_t c, const uint8_t *p, size_t len)
{
    uint64_t c64 = c;

    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        c64 = __builtin_ia32_crc32di(c64, w);
        p += 8;
        len -= 8;
    }
    c = (uint32_t)c64;
    while (len-- > 0)
        c = __builtin_ia32_crc32qi(c, *p++);
    return c;
}
#endif

uint32_t
crc32c_update(uint32_t crc, const void *data, size_t len)
{
    uint32_t c = ~crc;

#if defined(__x86_64__)
    static int have_sse42 = -1;
    if (have_sse42 < 0) {
        __builtin_cpu_init();
        have_sse42 = __builtin_cpu_supports("sse4.2") ? 1 : 0;
    }
    if (have_sse42)
        return ~crc32c_hw(c, data, len);
#endif
    return ~crc32c_sw(c, data, len);
}
