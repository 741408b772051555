/* config.h - the typed configuration table (layer: base)
 *
 * One file (xinyong.conf, INI) plus environment overrides XINYONG_<SECTION>_<KEY> (upper
 * case, dots become underscores, e.g. XINYONG_DB, XINYONG_INGEST_BATCH_ROWS); unknown keys
 * in the file are errors. Precedence: command-line flag > environment > file > default.
 */
#ifndef XY_BASE_CONFIG_H
#define XY_BASE_CONFIG_H

#include "base/err.h"

struct xy_config {
    char *db;               /* database path */
    char *catalog_dir;      /* folder of catalogue item files (*.ini) */
    char *calendar_dir;     /* folder of working-day calendars (<year>.txt) */
    char *publicity_rules;  /* rules file of publicity periods (rules/publicity.ini) */
    char *measures_file;    /* measures catalogue of joint rewards and punishments (CSV) */
    char *scenarios_file;   /* business scenarios the measures name (measures/scenarios.ini) */
    char *log_level;        /* debug|info|warn|error */
    long ingest_batch_rows; /* rows per transaction */
    long ingest_max_line_bytes;
    long ingest_max_field_bytes;
    long long ingest_max_file_bytes;
    long store_cache_mb; /* SQLite page cache */
    long store_mmap_mb;
    char *http_listen; /* IPv4 address */
    long http_port;
    long http_threads;
    char *http_web_dir;
    char *http_vendor_dir; /* installed npm packages served under /vendor/ (relative: to web_dir) */
    long http_max_connections;
    long http_timeout_s;
    long http_max_body_bytes;
    long http_rate_per_min; /* 0: no limit */
    long http_rate_burst;
    long http_access_log;
    long http_max_tab_records;
    long http_max_per_page;
    long http_max_results;
    char *audit_signing_key;    /* SM2 key of audit checkpoints ("": <db>.audit-sm2.pem) */
    long audit_checkpoint_rows; /* sign a checkpoint every N audit rows (0: only on demand) */
    long audit_retention_days;  /* audit rows older than this may be purged (at least 183) */
    long http_cookie_secure;
    long batch_max_bytes;
    char *batch_spool_dir;
    char *security_key_file;         /* key file of the keyring ("": <db>.keys) */
    char *remedy_evidence_dir;       /* evidence files of cases ("": <db>.evidence) */
    long remedy_evidence_max_bytes;  /* largest evidence file */
    long remedy_evidence_max_files;  /* evidence files per case at most */
    long joint_rescreen_window_days; /* checks this recent are re-screened on a list change */
    long screen_max_bytes;           /* largest table uploaded for batch screening */
    char *report_domains_file;       /* domains of scoped credit reports (reports/domains.csv) */
    char *report_signing_key;        /* SM2 key of credit reports ("": <db>.report-sm2.pem) */
    char *report_issuer;             /* issuing platform printed on reports */
    char *report_verify_url;         /* the portal's verification page (QR code) */
    long report_rate_per_min;        /* reports issued per client address a minute */
};

/* Defaults, then the file at path (NULL: $XINYONG_CONFIG, else ./xinyong.conf if it exists),
 * then the environment. Errors name the file, line and key. */
xy_code xy_config_load(struct xy_config *cfg, const char *path, struct xy_err *err);
void xy_config_release(struct xy_config *cfg);

/* Set one key ("ingest.batch_rows") from text, with the table's checks. */
xy_code xy_config_set(struct xy_config *cfg, const char *key, const char *value,
                      struct xy_err *err);

/* Print every key with its help and current value (for `xinyong config`). */
void xy_config_describe(const struct xy_config *cfg, void (*out)(const char *line, void *ctx),
                        void *ctx);

#endif
