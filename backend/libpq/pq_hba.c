/*
 * pq_hba.c
 *     oak_hba.conf (pg_hba.conf's format): parse the rules, pick the first that matches a
 *     connection, and run its authentication method.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   4. The rule list is replaced only by a file that parsed completely; a bad edit followed
 *      by SIGHUP keeps the old rules in force.
 *   5. The first rule whose connection type, database, user and address match decides;
 *      later rules are never consulted, even when the first one rejects.
 *
 * Methods built: trust, reject, password, md5, scram-sha-256 (the exchanges are in
 * pq_auth.c). Every other method PostgreSQL knows parses, and a client it applies to gets
 * FATAL 28000 naming the method (listed under "Left out" in the README).
 */
#include "oak/oak.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "oak/libpq/pqcomm.h"

typedef enum HbaConnType {
    HBA_LOCAL,
    HBA_HOST,
    HBA_HOSTSSL,
    HBA_HOSTNOSSL,
    HBA_HOSTGSSENC,
    HBA_HOSTNOGSSENC,
} HbaConnType;

/* One element of a comma list; quoted elements are never keywords ("all" in quotes). */
typedef struct HbaName {
    char *name;
    bool quoted;
} HbaName;

typedef struct HbaLine {
    int lineno;
    HbaConnType type;
    HbaName *databases;
    int ndatabases;
    HbaName *users;
    int nusers;
    bool any_address;             /* "all" */
    bool same_host;               /* "samehost": any address of this server */
    struct sockaddr_storage addr; /* network, host rules only */
    struct sockaddr_storage mask;
    char method[32];
} HbaLine;

enum { HBA_MAX_TOKENS = 16, HBA_MAX_LIST = 64 };

/* The rules in force; postmaster-written (start, SIGHUP), inherited by backends via fork. */
static MemCtx *hba_cx;
static HbaLine *hba_lines;
static int hba_nlines;

static const char *const hba_methods[] = {
    "trust",
    "reject",
    "md5",
    "password",
    "scram-sha-256",
    "gss",
    "sspi",
    "ident",
    "peer",
    "ldap",
    "radius",
    "cert",
    "pam",
    "bsd",
};

typedef struct HbaParse {
    const char *path;
    int lineno;
    char *errbuf;
    size_t errlen;
} HbaParse;

static int __attribute__((format(printf, 2, 3))) hba_error(HbaParse *ps, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(ps->errbuf, ps->errlen, "%s in file \"%s\" line %d", msg, ps->path, ps->lineno);
    return -1;
}

/* Split a line into whitespace-separated fields; double quotes keep spaces and commas. */
static int
hba_tokenize(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;

    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0' || *p == '#')
            return n;
        if (n == max)
            return -1;
        fields[n++] = p;
        bool in_quote = false;
        while (*p != '\0' && (in_quote || (!isspace((unsigned char)*p) && *p != '#'))) {
            if (*p == '"')
                in_quote = !in_quote;
            p++;
        }
        if (in_quote)
            return -1;
        if (*p == '#') {
            *p = '\0';
            return n;
        }
        if (*p != '\0')
            *p++ = '\0';
    }
}

/* Parse a comma list (quotes removed, remembered per element). */
static int
hba_parse_list(HbaParse *ps, const char *field, HbaName **out, int *nout)
{
    HbaName *list = mcx_alloc(sizeof(HbaName) * HBA_MAX_LIST);
    int n = 0;
    const char *p = field;

    while (*p != '\0') {
        if (n == HBA_MAX_LIST)
            return hba_error(ps, "too many names in list \"%s\"", field);
        StrBuf sb;
        bool quoted = false;
        bool in_quote = false;
        sb_init(&sb);
        for (; *p != '\0' && (in_quote || *p != ','); p++) {
            if (*p == '"') {
                in_quote = !in_quote;
                quoted = true;
            } else
                sb_append_char(&sb, *p);
        }
        if (*p == ',')
            p++;
        if (sb.len == 0 && !quoted)
            return hba_error(ps, "empty name in list \"%s\"", field);
        list[n].name = sb.data;
        list[n].quoted = quoted;
        n++;
    }
    *out = list;
    *nout = n;
    return 0;
}

static bool
hba_is_keyword(const HbaName *n, const char *kw)
{
    return !n->quoted && strcmp(n->name, kw) == 0;
}

static int
hba_check_names(HbaParse *ps, const HbaName *names, int n, bool users)
{
    for (int i = 0; i < n; i++) {
        const HbaName *e = &names[i];
        if (!e->quoted && (e->name[0] == '@' || (users && e->name[0] == '+')))
            return hba_error(ps, "\"%s\" in oak_hba.conf is not supported yet", e->name);
        if (!users && (hba_is_keyword(e, "samerole") || hba_is_keyword(e, "samegroup")))
            return hba_error(ps, "\"%s\" in oak_hba.conf is not supported yet", e->name);
    }
    return 0;
}

/* Build a netmask of the given prefix length for family. */
static void
hba_prefix_mask(int family, int bits, struct sockaddr_storage *mask)
{
    uint8_t *b;
    int nbytes;

    memset(mask, 0, sizeof *mask);
    mask->ss_family = (sa_family_t)family;
    if (family == AF_INET) {
        b = (uint8_t *)&((struct sockaddr_in *)mask)->sin_addr;
        nbytes = 4;
    } else {
        b = (uint8_t *)&((struct sockaddr_in6 *)mask)->sin6_addr;
        nbytes = 16;
    }
    for (int i = 0; i < nbytes; i++, bits -= 8)
        b[i] = bits >= 8 ? 0xFF : bits <= 0 ? 0 : (uint8_t)(0xFF << (8 - bits));
}

static int
hba_parse_ip(const char *s, struct sockaddr_storage *out)
{
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, s, &((struct sockaddr_in *)out)->sin_addr) == 1) {
        out->ss_family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, s, &((struct sockaddr_in6 *)out)->sin6_addr) == 1) {
        out->ss_family = AF_INET6;
        return 0;
    }
    return -1;
}

/* Parse the address of a host rule: CIDR, or address plus a mask field. Returns the
 * number of fields used, or -1. */
static int
hba_parse_address(HbaParse *ps, HbaLine *hl, char **fields, int nfields)
{
    char buf[128];

    if (nfields < 1)
        return hba_error(ps, "end-of-line before IP address specification");
    if (strcmp(fields[0], "all") == 0) {
        hl->any_address = true;
        return 1;
    }
    if (strcmp(fields[0], "samehost") == 0) {
        hl->same_host = true;
        return 1;
    }
    if (strcmp(fields[0], "samenet") == 0)
        return hba_error(ps, "\"%s\" in oak_hba.conf is not supported yet", fields[0]);
    snprintf(buf, sizeof buf, "%s", fields[0]);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash = '\0';
    if (hba_parse_ip(buf, &hl->addr) != 0)
        return hba_error(ps, "invalid IP address \"%s\" (host names are not supported yet)", buf);
    int maxbits = hl->addr.ss_family == AF_INET ? 32 : 128;
    if (slash) {
        char *end;
        long bits = strtol(slash + 1, &end, 10);
        if (*end != '\0' || end == slash + 1 || bits < 0 || bits > maxbits)
            return hba_error(ps, "invalid CIDR mask in address \"%s\"", fields[0]);
        hba_prefix_mask(hl->addr.ss_family, (int)bits, &hl->mask);
        return 1;
    }
    if (nfields < 2 || hba_parse_ip(fields[1], &hl->mask) != 0 ||
        hl->mask.ss_family != hl->addr.ss_family)
        return hba_error(ps, "specifying both host name and CIDR mask is invalid: \"%s\"", buf);
    return 2;
}

static int
hba_parse_type(HbaParse *ps, const char *s, HbaConnType *out)
{
    static const struct {
        const char *name;
        HbaConnType type;
    } types[] = {
        {"local", HBA_LOCAL},
        {"host", HBA_HOST},
        {"hostssl", HBA_HOSTSSL},
        {"hostnossl", HBA_HOSTNOSSL},
        {"hostgssenc", HBA_HOSTGSSENC},
        {"hostnogssenc", HBA_HOSTNOGSSENC},
    };

    for (size_t i = 0; i < OAK_LENGTHOF(types); i++)
        if (strcmp(types[i].name, s) == 0) {
            *out = types[i].type;
            return 0;
        }
    return hba_error(ps, "invalid connection type \"%s\"", s);
}

/* Methods this server runs; the others parse and refuse the client they apply to. */
static bool
hba_method_is_built(const char *method)
{
    return strcmp(method, "trust") == 0 || strcmp(method, "reject") == 0 ||
           strcmp(method, "password") == 0 || strcmp(method, "md5") == 0 ||
           strcmp(method, "scram-sha-256") == 0;
}

static int
hba_parse_line(HbaParse *ps, char **f, int nf, HbaLine *hl)
{
    int i = 0;

    memset(hl, 0, sizeof *hl);
    hl->lineno = ps->lineno;
    if (strcmp(f[0], "include") == 0 || strcmp(f[0], "include_dir") == 0 ||
        strcmp(f[0], "include_if_exists") == 0)
        return hba_error(ps, "\"%s\" in oak_hba.conf is not supported yet", f[0]);
    if (hba_parse_type(ps, f[i++], &hl->type) != 0)
        return -1;
    if (nf - i < 1)
        return hba_error(ps, "end-of-line before database specification");
    if (hba_parse_list(ps, f[i++], &hl->databases, &hl->ndatabases) != 0 ||
        hba_check_names(ps, hl->databases, hl->ndatabases, false) != 0)
        return -1;
    if (nf - i < 1)
        return hba_error(ps, "end-of-line before role specification");
    if (hba_parse_list(ps, f[i++], &hl->users, &hl->nusers) != 0 ||
        hba_check_names(ps, hl->users, hl->nusers, true) != 0)
        return -1;
    if (hl->type != HBA_LOCAL) {
        int used = hba_parse_address(ps, hl, f + i, nf - i);
        if (used < 0)
            return -1;
        i += used;
    }
    if (nf - i < 1)
        return hba_error(ps, "end-of-line before authentication method");
    const char *method = f[i++];
    bool known = false;
    for (size_t k = 0; k < OAK_LENGTHOF(hba_methods); k++)
        known |= strcmp(hba_methods[k], method) == 0;
    if (!known)
        return hba_error(ps, "invalid authentication method \"%s\"", method);
    snprintf(hl->method, sizeof hl->method, "%s", method);
    if (i < nf && hba_method_is_built(method))
        return hba_error(ps,
                         "authentication option \"%s\" is not valid for method \"%s\"",
                         f[i],
                         method);
    return 0; /* options of unbuilt methods are moot: such a rule always refuses */
}

int
hba_load(const char *path, char *errbuf, size_t errlen)
{
    HbaParse ps = {.path = path, .lineno = 0, .errbuf = errbuf, .errlen = errlen};
    FILE *f = fopen(path, "r");
    char line[4096];
    int cap = 16;
    int n = 0;
    int rc = 0;

    if (f == NULL) {
        snprintf(errbuf, errlen, "could not open file \"%s\": %s", path, strerror(errno));
        return -1;
    }
    MemCtx *cx = mcx_create(mcx_top, "hba");
    MemCtx *old = mcx_switch(cx);
    HbaLine *lines = mcx_alloc(sizeof(HbaLine) * (size_t)cap);
    while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
        char *fields[HBA_MAX_TOKENS];
        ps.lineno++;
        int nf = hba_tokenize(line, fields, HBA_MAX_TOKENS);
        if (nf == 0)
            continue;
        if (nf < 0) {
            rc = hba_error(&ps, "unterminated quote or too many fields");
            break;
        }
        if (n == cap) {
            cap *= 2;
            lines = mcx_realloc(lines, sizeof(HbaLine) * (size_t)cap);
        }
        rc = hba_parse_line(&ps, fields, nf, &lines[n]);
        n++;
    }
    (void)fclose(f); /* read-only */
    mcx_switch(old);
    if (rc != 0) {
        mcx_delete(cx); /* invariant 4: the old rules stay */
        return -1;
    }
    if (hba_cx)
        mcx_delete(hba_cx);
    hba_cx = cx;
    hba_lines = lines;
    hba_nlines = n;
    return 0;
}

static bool
hba_name_in(const HbaName *list, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (hba_is_keyword(&list[i], "all") || strcmp(list[i].name, name) == 0)
            return true;
    return false;
}

static bool
hba_database_matches(const HbaLine *hl, const char *db, const char *user)
{
    for (int i = 0; i < hl->ndatabases; i++) {
        const HbaName *e = &hl->databases[i];
        if (hba_is_keyword(e, "all") || (hba_is_keyword(e, "sameuser") && strcmp(db, user) == 0))
            return true;
        if (hba_is_keyword(e, "replication")) /* replication connections are refused earlier */
            continue;
        if (strcmp(e->name, db) == 0)
            return true;
    }
    return false;
}

/* Same address, IPv4-mapped IPv6 read as IPv4. */
static bool
hba_same_address(const struct sockaddr *x, const struct sockaddr_storage *peer)
{
    const struct sockaddr_in6 *p6 = (const struct sockaddr_in6 *)peer;

    if (x->sa_family == AF_INET) {
        const uint8_t *want = (const uint8_t *)&((const struct sockaddr_in *)x)->sin_addr;
        if (peer->ss_family == AF_INET)
            return memcmp(want, &((const struct sockaddr_in *)peer)->sin_addr, 4) == 0;
        return peer->ss_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&p6->sin6_addr) &&
               memcmp(want, p6->sin6_addr.s6_addr + 12, 4) == 0;
    }
    return x->sa_family == AF_INET6 && peer->ss_family == AF_INET6 &&
           memcmp(&((const struct sockaddr_in6 *)x)->sin6_addr, &p6->sin6_addr, 16) == 0;
}

/* samehost: the client's address is one of this machine's interface addresses. */
static bool
hba_is_same_host(const PqPort *port)
{
    struct ifaddrs *list;
    bool found = false;

    if (getifaddrs(&list) != 0) {
        elog_log(LOG, "error enumerating network interfaces: %s", strerror(errno));
        return false;
    }
    for (struct ifaddrs *ifa = list; ifa != NULL && !found; ifa = ifa->ifa_next)
        found = ifa->ifa_addr != NULL && hba_same_address(ifa->ifa_addr, &port->addr);
    freeifaddrs(list);
    return found;
}

static bool
hba_address_matches(const HbaLine *hl, const PqPort *port)
{
    if (hl->any_address)
        return true;
    if (hl->same_host)
        return hba_is_same_host(port);
    const struct sockaddr_storage *a = &port->addr;
    const uint8_t *ab;
    const uint8_t *nb = NULL;
    const uint8_t *mb = NULL;
    int nbytes;
    struct sockaddr_in v4;

    if (a->ss_family == AF_INET6 && hl->addr.ss_family == AF_INET &&
        IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)a)->sin6_addr)) {
        memset(&v4, 0, sizeof v4); /* ::ffff:a.b.c.d matches IPv4 rules */
        v4.sin_family = AF_INET;
        memcpy(&v4.sin_addr, ((const struct sockaddr_in6 *)a)->sin6_addr.s6_addr + 12, 4);
        a = (const struct sockaddr_storage *)(const void *)&v4;
    }
    if (a->ss_family != hl->addr.ss_family)
        return false;
    if (a->ss_family == AF_INET) {
        ab = (const uint8_t *)&((const struct sockaddr_in *)a)->sin_addr;
        nb = (const uint8_t *)&((const struct sockaddr_in *)&hl->addr)->sin_addr;
        mb = (const uint8_t *)&((const struct sockaddr_in *)&hl->mask)->sin_addr;
        nbytes = 4;
    } else {
        ab = (const uint8_t *)&((const struct sockaddr_in6 *)a)->sin6_addr;
        nb = (const uint8_t *)&((const struct sockaddr_in6 *)&hl->addr)->sin6_addr;
        mb = (const uint8_t *)&((const struct sockaddr_in6 *)&hl->mask)->sin6_addr;
        nbytes = 16;
    }
    for (int i = 0; i < nbytes; i++)
        if ((ab[i] & mb[i]) != (nb[i] & mb[i]))
            return false;
    return true;
}

static bool
hba_line_matches(const HbaLine *hl, const PqPort *port, const char *db, const char *user)
{
    switch (hl->type) {
    case HBA_LOCAL:
        if (!port->is_unix)
            return false;
        break;
    case HBA_HOSTGSSENC:
        return false; /* no GSSAPI encryption */
    case HBA_HOSTSSL:
    case HBA_HOSTNOSSL:
        if (pq_ssl_in_use() != (hl->type == HBA_HOSTSSL))
            return false;
        /* fall through */
    case HBA_HOST:
    case HBA_HOSTNOGSSENC:
        if (port->is_unix || !hba_address_matches(hl, port))
            return false;
        break;
    }
    return hba_database_matches(hl, db, user) && hba_name_in(hl->users, hl->nusers, user);
}

/* How the connection is encrypted, in PostgreSQL's words for its error messages. */
static const char *
hba_encryption(void)
{
    return pq_ssl_in_use() ? "SSL encryption" : "no encryption";
}

void
pq_authenticate(const PqPort *port, const char *database, const char *user, PqPasswordLookup lookup)
{
    for (int i = 0; i < hba_nlines; i++) {
        const HbaLine *hl = &hba_lines[i];
        if (!hba_line_matches(hl, port, database, user))
            continue;
        if (strcmp(hl->method, "trust") == 0)
            return;
        if (strcmp(hl->method, "reject") == 0)
            ereport(
                FATAL,
                err_code(SQLSTATE_INVALID_AUTHORIZATION_SPECIFICATION),
                err_msg(
                    "pg_hba.conf rejects connection for host \"%s\", user \"%s\", database \"%s\", %s",
                    port->remote_host,
                    user,
                    database,
                    hba_encryption()));
        if (strcmp(hl->method, "password") == 0) {
            pq_auth_password(PQ_AUTH_METHOD_PASSWORD, user, lookup(user));
            return;
        }
        if (strcmp(hl->method, "md5") == 0) {
            pq_auth_password(PQ_AUTH_METHOD_MD5, user, lookup(user));
            return;
        }
        if (strcmp(hl->method, "scram-sha-256") == 0) {
            pq_auth_password(PQ_AUTH_METHOD_SCRAM, user, lookup(user));
            return;
        }
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_AUTHORIZATION_SPECIFICATION),
                err_msg("authentication method \"%s\" is not supported yet", hl->method),
                err_detail("Connection matched oak_hba.conf line %d.", hl->lineno));
    }
    ereport(FATAL,
            err_code(SQLSTATE_INVALID_AUTHORIZATION_SPECIFICATION),
            err_msg("no pg_hba.conf entry for host \"%s\", user \"%s\", database \"%s\", %s",
                    port->remote_host,
                    user,
                    database,
                    hba_encryption()));
}
