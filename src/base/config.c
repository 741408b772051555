/* config.c - the typed configuration table (layer: base) */
#include "base/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/ini.h"

#ifndef XY_DEFAULT_CATALOG_DIR
#define XY_DEFAULT_CATALOG_DIR "catalog"
#endif
#ifndef XY_DEFAULT_RULES_FILE
#define XY_DEFAULT_RULES_FILE "rules/publicity.ini"
#endif
#ifndef XY_DEFAULT_MEASURES_FILE
#define XY_DEFAULT_MEASURES_FILE "measures/measures.csv"
#endif
#ifndef XY_DEFAULT_SCENARIOS_FILE
#define XY_DEFAULT_SCENARIOS_FILE "measures/scenarios.ini"
#endif
#ifndef XY_DEFAULT_DOMAINS_FILE
#define XY_DEFAULT_DOMAINS_FILE "reports/domains.csv"
#endif
#ifndef XY_DEFAULT_WEB_DIR
#define XY_DEFAULT_WEB_DIR "web"
#endif

enum cfg_type { CFG_STR, CFG_LONG, CFG_LLONG };

struct cfg_entry {
    const char *key;
    enum cfg_type type;
    size_t offset;
    const char *def;
    long long min, max;
    const char *help;
};

#define OFF(f) offsetof(struct xy_config, f)

/* Redis-style table: add a key here and nowhere else. */
static const struct cfg_entry table[] = {
    {"db", CFG_STR, OFF(db), "xinyong.db", 0, 0, "SQLite database file"},
    {"catalog_dir", CFG_STR, OFF(catalog_dir), XY_DEFAULT_CATALOG_DIR, 0, 0,
     "folder holding the catalogue item files"},
    {"calendar_dir", CFG_STR, OFF(calendar_dir), XY_DEFAULT_CALENDAR_DIR, 0, 0,
     "folder holding the working-day calendar, one <year>.txt per year"},
    {"publicity_rules", CFG_STR, OFF(publicity_rules), XY_DEFAULT_RULES_FILE, 0, 0,
     "publicity periods of penalties and negative information (docs/publicity.md); read at "
     "start-up"},
    {"measures_file", CFG_STR, OFF(measures_file), XY_DEFAULT_MEASURES_FILE, 0, 0,
     "measures catalogue of joint rewards and punishments, CSV (docs/lists.md); read at start-up"},
    {"scenarios_file", CFG_STR, OFF(scenarios_file), XY_DEFAULT_SCENARIOS_FILE, 0, 0,
     "business scenarios named by the measures (docs/lists.md); read at start-up"},
    {"log_level", CFG_STR, OFF(log_level), "warn", 0, 0, "debug, info, warn or error"},
    {"ingest.batch_rows", CFG_LONG, OFF(ingest_batch_rows), "100000", 1, 1000000,
     "rows written per transaction"},
    {"ingest.max_line_bytes", CFG_LONG, OFF(ingest_max_line_bytes), "65536", 256, 16777216,
     "longest accepted input line (or CSV record)"},
    {"ingest.max_field_bytes", CFG_LONG, OFF(ingest_max_field_bytes), "8192", 64, 1048576,
     "longest accepted field value"},
    {"ingest.max_file_bytes", CFG_LLONG, OFF(ingest_max_file_bytes), "8589934592", 1,
     1099511627776LL, "largest accepted input file"},
    {"store.cache_mb", CFG_LONG, OFF(store_cache_mb), "256", 2, 16384, "SQLite page cache (MiB)"},
    {"store.mmap_mb", CFG_LONG, OFF(store_mmap_mb), "0", 0, 1048576,
     "memory-mapped reads per connection (MiB; 0 = none)"},
    {"http.listen", CFG_STR, OFF(http_listen), "127.0.0.1", 0, 0,
     "address the server listens on (IPv4)"},
    {"http.port", CFG_LONG, OFF(http_port), "8080", 1, 65535, "TCP port of the server"},
    {"http.threads", CFG_LONG, OFF(http_threads), "2", 1, 256,
     "worker threads (one database connection each)"},
    {"http.web_dir", CFG_STR, OFF(http_web_dir), XY_DEFAULT_WEB_DIR, 0, 0,
     "folder of the portal's static files"},
    {"http.vendor_dir", CFG_STR, OFF(http_vendor_dir), "../node_modules", 0, 0,
     "folder of the npm packages (npm ci) whose files the console loads from /vendor/, such as "
     "Apache ECharts; a relative path is taken from http.web_dir"},
    {"http.max_connections", CFG_LONG, OFF(http_max_connections), "1024", 1, 65536,
     "open connections at most"},
    {"http.timeout_s", CFG_LONG, OFF(http_timeout_s), "30", 1, 3600,
     "idle connections are closed after this many seconds"},
    {"http.max_body_bytes", CFG_LONG, OFF(http_max_body_bytes), "16384", 256, 1073741824,
     "largest request body of any route (each route may allow less)"},
    {"http.cookie_secure", CFG_LONG, OFF(http_cookie_secure), "0", 0, 1,
     "1: session cookies carry Secure (set it when a TLS proxy serves the portal over HTTPS)"},
    {"batch.max_bytes", CFG_LONG, OFF(batch_max_bytes), "67108864", 1024, 1073741824,
     "largest department file accepted over HTTP (POST /api/v1/batches)"},
    {"batch.spool_dir", CFG_STR, OFF(batch_spool_dir), "", 0, 0,
     "folder for uploads waiting to be stored and their error reports (\"\": <db>.spool)"},
    {"remedy.evidence_dir", CFG_STR, OFF(remedy_evidence_dir), "", 0, 0,
     "folder of the evidence files of objections and repair applications, named by their hash "
     "(mode 0700; \"\": <db>.evidence)"},
    {"remedy.evidence_max_bytes", CFG_LONG, OFF(remedy_evidence_max_bytes), "10485760", 1024,
     1073741824, "largest evidence file (PDF, JPEG or PNG) of a case"},
    {"remedy.evidence_max_files", CFG_LONG, OFF(remedy_evidence_max_files), "10", 1, 1000,
     "evidence files one case may hold"},
    {"joint.rescreen_window_days", CFG_LONG, OFF(joint_rescreen_window_days), "90", 1, 3650,
     "a list change puts a subject in a department's re-screening queue (复核) when the "
     "department checked it within this many days"},
    {"screen.max_bytes", CFG_LONG, OFF(screen_max_bytes), "33554432", 1024, 1073741824,
     "largest CSV or xlsx table of subjects uploaded for batch screening (refused before it is "
     "read in whole)"},
    {"report.domains_file", CFG_STR, OFF(report_domains_file), XY_DEFAULT_DOMAINS_FILE, 0, 0,
     "domains a scoped credit report (无违法违规证明版) may cover, CSV (docs/reports.md)"},
    {"report.signing_key", CFG_STR, OFF(report_signing_key), "", 0, 0,
     "SM2 key that signs credit reports (mode 0600; \"\": <db>.report-sm2.pem, made on first "
     "use)"},
    {"report.issuer", CFG_STR, OFF(report_issuer), "信用广州（广州市公共信用信息管理系统）", 0, 0,
     "the issuing platform printed on every credit report"},
    {"report.rate_per_min", CFG_LONG, OFF(report_rate_per_min), "10", 0, 100000000,
     "credit reports a client address may have issued a minute, on top of http.rate_per_min "
     "(0 = no limit): each is a PDF drawn, signed and kept for good"},
    {"report.verify_url", CFG_STR, OFF(report_verify_url), "http://127.0.0.1:8080/verify.html", 0,
     0, "the portal's verification page, printed and held in each report's QR code"},
    {"security.key_file", CFG_STR, OFF(security_key_file), "", 0, 0,
     "key file sealing ID numbers (mode 0600; \"\": <db>.keys; or the keys in $XINYONG_KEYS)"},
    {"http.rate_per_min", CFG_LONG, OFF(http_rate_per_min), "120", 0, 100000000,
     "public searches and file reads per client address per minute (0 = no limit)"},
    {"http.rate_burst", CFG_LONG, OFF(http_rate_burst), "30", 1, 100000000,
     "requests a client may make at once before the per-minute rate applies"},
    {"http.access_log", CFG_LONG, OFF(http_access_log), "1", 0, 1,
     "one log line per request (1) or none (0)"},
    {"http.max_tab_records", CFG_LONG, OFF(http_max_tab_records), "200", 1, 100000,
     "records shown per tab of a credit file (newest first; the count says how many in all)"},
    {"http.max_per_page", CFG_LONG, OFF(http_max_per_page), "50", 1, 1000,
     "largest page of search results and records"},
    {"http.max_results", CFG_LONG, OFF(http_max_results), "1000", 1, 1000000,
     "deepest result served by paging (page x per_page)"},
    {"audit.signing_key", CFG_STR, OFF(audit_signing_key), "", 0, 0,
     "SM2 private key (PEM) that signs audit checkpoints (\"\": <db>.audit-sm2.pem, made on "
     "first use)"},
    {"audit.checkpoint_rows", CFG_LONG, OFF(audit_checkpoint_rows), "1000", 0, 100000000,
     "sign an audit checkpoint every N rows (0: only by `xinyong audit checkpoint`)"},
    /* 网络安全法 art. 21: network logs are kept for at least six months */
    {"audit.retention_days", CFG_LONG, OFF(audit_retention_days), "365", 183, 36500,
     "days audit rows are kept before `xinyong audit purge` may delete them (at least 183: "
     "six months, 网络安全法 art. 21)"},
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

static const struct cfg_entry *find(const char *key)
{
    for (size_t i = 0; i < NTABLE; i++)
        if (strcmp(table[i].key, key) == 0)
            return &table[i];
    return NULL;
}

static xy_code set_entry(struct xy_config *cfg, const struct cfg_entry *e, const char *value,
                         struct xy_err *err)
{
    char *p = (char *)cfg + e->offset, *end;
    long long v;

    if (e->type == CFG_STR) {
        free(*(char **)p);
        *(char **)p = xy_strdup(value);
        return XY_OK;
    }
    errno = 0;
    v = strtoll(value, &end, 10);
    if (errno || end == value || *end != '\0')
        return xy_err_set(err, XY_INVALID, "%s = \"%s\" is not a whole number", e->key, value);
    if (v < e->min || v > e->max)
        return xy_err_set(err, XY_INVALID, "%s = %lld is out of range (%lld to %lld)", e->key, v,
                          e->min, e->max);
    if (e->type == CFG_LONG)
        *(long *)p = (long)v;
    else
        *(long long *)p = v;
    return XY_OK;
}

xy_code xy_config_set(struct xy_config *cfg, const char *key, const char *value, struct xy_err *err)
{
    const struct cfg_entry *e = find(key);

    if (!e)
        return xy_err_set(err, XY_INVALID, "unknown configuration key \"%s\"", key);
    return set_entry(cfg, e, value, err);
}

static xy_code on_ini(void *ctx, const char *section, const char *name, const char *key,
                      const char *value, long line, struct xy_err *err)
{
    char full[256];

    (void)line;
    (void)name;
    snprintf(full, sizeof(full), "%s%s%s", section, *section ? "." : "", key);
    return xy_config_set(ctx, full, value, err);
}

static xy_code load_file(struct xy_config *cfg, const char *path, int must_exist,
                         struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    char chunk[4096];
    size_t n;
    xy_code rc;
    FILE *f = fopen(path, "rb");

    if (!f) {
        if (!must_exist && errno == ENOENT)
            return XY_OK;
        return xy_err_set(err, XY_IO, "cannot open configuration file \"%s\": %s", path,
                          strerror(errno));
    }
    b.max = 1 << 20;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (xy_buf_add(&b, chunk, n) != XY_OK) {
            fclose(f);
            xy_buf_release(&b);
            return xy_err_set(err, XY_TOO_LARGE, "configuration file \"%s\" is over 1 MiB", path);
        }
    fclose(f);
    rc = xy_ini_parse(b.data ? b.data : "", b.len, on_ini, cfg, err);
    if (rc != XY_OK && err)
        xy_err_prefix(err, "%s:%ld: ", path, err->line);
    xy_buf_release(&b);
    return rc;
}

xy_code xy_config_load(struct xy_config *cfg, const char *path, struct xy_err *err)
{
    xy_code rc;

    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < NTABLE; i++)
        if ((rc = set_entry(cfg, &table[i], table[i].def, err)) != XY_OK)
            return rc;
    if (path)
        rc = load_file(cfg, path, 1, err);
    else if (getenv("XINYONG_CONFIG"))
        rc = load_file(cfg, getenv("XINYONG_CONFIG"), 1, err);
    else
        rc = load_file(cfg, "xinyong.conf", 0, err);
    if (rc != XY_OK)
        return rc;
    for (size_t i = 0; i < NTABLE; i++) {
        char env[128] = "XINYONG_";
        size_t k = strlen(env);
        const char *v;

        for (const char *s = table[i].key; *s && k < sizeof(env) - 1; s++)
            env[k++] = *s == '.' ? '_' : (char)toupper((unsigned char)*s);
        env[k] = '\0';
        v = getenv(env);
        if (v && (rc = set_entry(cfg, &table[i], v, err)) != XY_OK)
            return xy_err_prefix(err, "environment variable %s: ", env);
    }
    return XY_OK;
}

void xy_config_release(struct xy_config *cfg)
{
    for (size_t i = 0; i < NTABLE; i++)
        if (table[i].type == CFG_STR) {
            char **p = (char **)((char *)cfg + table[i].offset);
            free(*p);
            *p = NULL;
        }
}

void xy_config_describe(const struct xy_config *cfg, void (*out)(const char *line, void *ctx),
                        void *ctx)
{
    char line[512];

    for (size_t i = 0; i < NTABLE; i++) {
        const char *p = (const char *)cfg + table[i].offset;
        if (table[i].type == CFG_STR)
            snprintf(line, sizeof(line), "%-28s = %-24s ; %s", table[i].key, *(char *const *)p,
                     table[i].help);
        else if (table[i].type == CFG_LONG)
            snprintf(line, sizeof(line), "%-28s = %-24ld ; %s", table[i].key, *(const long *)p,
                     table[i].help);
        else
            snprintf(line, sizeof(line), "%-28s = %-24lld ; %s", table[i].key,
                     *(const long long *)p, table[i].help);
        out(line, ctx);
    }
}
