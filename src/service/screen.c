/* screen.c - batch screening jobs: spool, queue, run through the batch check API, keep the
 * results sealed, hand them out as CSV or xlsx (layer: service)
 *
 * A job reads its table twice: once to count the rows and find the header (so that progress
 * has a total and a file without a code or name column fails before any check is stored),
 * then to check the rows. Both passes stream (service/sheet.c). The results and the error
 * report are written as plain CSV in the job folder (0700, files 0600) while the job runs and
 * sealed when it ends; a crash leaves at most those plain files behind, and recovery removes
 * them. Sealing goes in chunks of SEAL_CHUNK bytes, each an AEAD box whose associated data
 * names the job, the file, the chunk's place and whether it is the last, so that a file cut
 * short, chunks swapped or a file of another job is refused when it is opened.
 */
#include "service/screen.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/time.h"
#include "base/utf8.h"
#include "crypto/crypto.h"
#include "domain/codes.h"
#include "domain/mask.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/checks.h"
#include "service/decode.h"
#include "service/files.h"
#include "service/lines.h"
#include "service/reader.h"
#include "service/sheet.h"

#define MAX_FILE_NAME   200
#define MAX_VALUE_CHARS 64          /* of a rejected value quoted in the error report */
#define SEAL_MAGIC      "XYSCR01\n" /* 8 bytes */
#define SEAL_CHUNK      65536
#define MAX_RESULT_LINE (4u << 20) /* a results line read back for xlsx (measures' texts) */
#define MAX_ATTEMPTS    2          /* runs of a job the server died in before it gives up */
#define ORPHAN_AGE_S    600        /* a spool or download file untouched this long is left over */

/* ---- files ---- */

static xy_code job_dir(struct xy_ctx *ctx, char *out, size_t cap, struct xy_err *err)
{
    return xy_private_dir(NULL, ctx->cfg->db, ".screens", "screening", out, cap, err);
}

/* dir/<id>.<what> */
static void job_path(const char *dir, int64_t id, const char *what, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%lld.%s", dir, (long long)id, what);
}

static void seal_ad(char *ad, size_t cap, int64_t id, const char *what, uint64_t i, int last)
{
    snprintf(ad, cap, "xinyong-screen-v1|%lld|%s|%llu|%d", (long long)id, what,
             (unsigned long long)i, last);
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static uint32_t get_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Seal the plain file into sealed (through a temporary name and a rename): magic, then per
 * chunk a flag byte (1: the last), the box's length (4 bytes, big-endian) and the box. */
static xy_code seal_file(struct xy_ctx *ctx, int64_t id, const char *what, const char *plain,
                         const char *sealed, struct xy_err *err)
{
    unsigned char *pt = xy_malloc(SEAL_CHUNK), *box = xy_malloc(SEAL_CHUNK + XY_AEAD_OVERHEAD);
    char tmp[4200], ad[128];
    struct xy_aead_key k;
    FILE *in = fopen(plain, "rb"), *out = NULL;
    uint64_t i = 0;
    int fd = -1, last = 0;
    xy_code rc = XY_OK;

    xy_keyring_file_key(ctx->keys, &k);
    snprintf(tmp, sizeof(tmp), "%s.tmp", sealed);
    if (!in) {
        rc = xy_err_set(err, XY_IO, "cannot read \"%s\": %s", plain, strerror(errno));
        goto out;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || !(out = fdopen(fd, "wb"))) {
        rc = xy_err_set(err, XY_IO, "cannot create \"%s\": %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    fwrite(SEAL_MAGIC, 1, 8, out);
    while (!last) {
        size_t n = fread(pt, 1, SEAL_CHUNK, in);
        unsigned char head[5];
        if (ferror(in)) {
            rc = xy_err_set(err, XY_IO, "cannot read \"%s\": %s", plain, strerror(errno));
            goto out;
        }
        last = n < SEAL_CHUNK;
        seal_ad(ad, sizeof(ad), id, what, i++, last);
        if ((rc = xy_aead_seal(&k, ad, strlen(ad), pt, n, box, err)) != XY_OK)
            goto out;
        head[0] = (unsigned char)last;
        put_be32(head + 1, (uint32_t)(n + XY_AEAD_OVERHEAD));
        fwrite(head, 1, sizeof(head), out);
        fwrite(box, 1, n + XY_AEAD_OVERHEAD, out);
    }
    if (fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0) {
        rc = xy_err_set(err, XY_IO, "cannot write \"%s\": %s", tmp, strerror(errno));
        goto out;
    }
    if (fclose(out) != 0) {
        out = NULL;
        rc = xy_err_set(err, XY_IO, "cannot write \"%s\": %s", tmp, strerror(errno));
        goto out;
    }
    out = NULL;
    if (rename(tmp, sealed) != 0)
        rc = xy_err_set(err, XY_IO, "cannot rename \"%s\": %s", tmp, strerror(errno));
out:
    if (out)
        fclose(out);
    if (rc != XY_OK)
        unlink(tmp);
    if (in)
        fclose(in);
    memset(&k, 0, sizeof(k));
    free(pt);
    free(box);
    return rc;
}

/* Open the sealed file into fd (plain text appended). XY_NOT_FOUND when there is none. */
static xy_code unseal_file(struct xy_ctx *ctx, int64_t id, const char *what, const char *sealed,
                           int fd, struct xy_err *err)
{
    unsigned char *box = xy_malloc(SEAL_CHUNK + XY_AEAD_OVERHEAD), *pt = xy_malloc(SEAL_CHUNK);
    unsigned char head[8];
    char ad[128];
    struct xy_aead_key k;
    FILE *in = fopen(sealed, "rb");
    uint64_t i = 0;
    int last = 0;
    xy_code rc = XY_OK;

    xy_keyring_file_key(ctx->keys, &k);
    if (!in) {
        rc = errno == ENOENT
                 ? xy_err_set(err, XY_NOT_FOUND, "no sealed %s file", what)
                 : xy_err_set(err, XY_IO, "cannot read \"%s\": %s", sealed, strerror(errno));
        goto out;
    }
    if (fread(head, 1, 8, in) != 8 || memcmp(head, SEAL_MAGIC, 8))
        goto damaged;
    while (!last) {
        uint32_t n;
        if (fread(head, 1, 5, in) != 5 || head[0] > 1)
            goto damaged;
        last = head[0];
        n = get_be32(head + 1);
        if (n < XY_AEAD_OVERHEAD || n > SEAL_CHUNK + XY_AEAD_OVERHEAD || fread(box, 1, n, in) != n)
            goto damaged;
        seal_ad(ad, sizeof(ad), id, what, i++, last);
        if (xy_aead_open(&k, ad, strlen(ad), box, n, pt, err) != XY_OK)
            goto damaged;
        for (size_t off = 0; off < n - XY_AEAD_OVERHEAD;) {
            ssize_t w = write(fd, pt + off, n - XY_AEAD_OVERHEAD - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                rc = xy_err_set(err, XY_IO, "cannot write a temporary file: %s", strerror(errno));
                goto out;
            }
            off += (size_t)w;
        }
    }
    if (fgetc(in) != EOF)
        goto damaged;
    goto out;
damaged:
    rc = xy_err_set(err, XY_IO, "the sealed %s file of screening job %lld is damaged or cut short",
                    what, (long long)id);
out:
    if (in)
        fclose(in);
    memset(&k, 0, sizeof(k));
    free(box);
    free(pt);
    return rc;
}

/* A new temporary file in dir, open for reading and writing; its name in path. */
static xy_code temp_file(const char *dir, char *path, size_t cap, int *fd, struct xy_err *err)
{
    snprintf(path, cap, "%s/download-XXXXXX", dir);
    *fd = mkstemp(path);
    if (*fd >= 0)
        fcntl(*fd, F_SETFD, FD_CLOEXEC);
    if (*fd < 0)
        return xy_err_set(err, XY_IO, "cannot create a temporary file in \"%s\": %s", dir,
                          strerror(errno));
    return XY_OK;
}

/* ---- who may see a job ---- */

/* The department whose jobs who sees: -1 every one (the operator), else who's. */
static xy_code visible_dept(const struct xy_principal *who, int64_t *dept, struct xy_err *err)
{
    xy_code rc = xy_authz_require(who, XY_PERM_CHECK, err);

    if (rc != XY_OK)
        return rc;
    if (who->role == XY_R_OPERATOR) {
        *dept = -1;
        return XY_OK;
    }
    if (!who->dept_id)
        return xy_err_set(err, XY_DENIED, "账号未归属任何部门，无法批量筛查");
    *dept = who->dept_id;
    return XY_OK;
}

xy_code xy_screen_list(struct xy_ctx *ctx, int64_t before_id, size_t limit, struct xy_arena *a,
                       struct xy_screen_job **out, size_t *n, struct xy_err *err)
{
    int64_t dept = 0;
    xy_code rc = visible_dept(ctx->who, &dept, err);

    *out = NULL;
    *n = 0;
    if (rc != XY_OK)
        return rc;
    return xy_store_screen_list(ctx->store, dept, before_id, limit, a, out, n, err);
}

xy_code xy_screen_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_screen_job *out,
                      struct xy_err *err)
{
    int64_t dept = 0;
    xy_code rc = visible_dept(ctx->who, &dept, err);

    if (rc != XY_OK)
        return rc;
    rc = xy_store_screen_get(ctx->store, id, a, out, err);
    if (rc == XY_OK && dept >= 0 && out->dept_id != dept)
        /* another department's job answers exactly like a missing one */
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的筛查任务", (long long)id);
    return rc;
}

/* ---- submitting ---- */

/* A file name for lists: its base name, printable, bounded, never an ID number. */
static const char *clean_name(struct xy_arena *a, const char *name, const char *format)
{
    const char *base = name ? strrchr(name, '/') : NULL;
    char *out;

    name = base ? base + 1 : name;
    if (!name || !*name || strlen(name) > MAX_FILE_NAME || xy_mask_has_idno(name) ||
        xy_utf8_chars(name, strlen(name)) < 0)
        return xy_arena_printf(a, "筛查名单.%s", format);
    out = xy_arena_strdup(a, name);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\' || *p == '"')
            *p = '_';
    return out;
}

static xy_code check_scenario(struct xy_ctx *ctx, const char *scenario, struct xy_err *err)
{
    if (!scenario || !*scenario) {
        xy_err_set(err, XY_INVALID,
                   "请用查询参数 scenario 指明业务场景，如 ?scenario=gov_procurement");
        err->field = "scenario";
        return XY_INVALID;
    }
    if (strlen(scenario) > 32 || !xy_scenario_find(ctx->scenarios, scenario)) {
        xy_err_set(err, XY_INVALID, "没有业务场景“%.32s”（场景代码见 measures/scenarios.ini）",
                   scenario);
        err->field = "scenario";
        return XY_INVALID;
    }
    return XY_OK;
}

static xy_code check_format(const char *format, struct xy_err *err)
{
    if (format && strcmp(format, "csv") && strcmp(format, "xlsx")) {
        xy_err_set(err, XY_INVALID, "文件格式须为 csv 或 xlsx");
        err->field = "format";
        return XY_INVALID;
    }
    return XY_OK;
}

xy_code xy_screen_submit(struct xy_ctx *ctx, const struct xy_screen_upload *in, int64_t *id,
                         struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    struct xy_arena *a = xy_arena_new();
    struct xy_screen_job job = {0};
    char dir[4000], tmp[4096], path[4096], target[64], hex[25];
    unsigned char rnd[12];
    int64_t dept = 0;
    int spooled = 0;
    xy_code rc;

    *id = 0;
    if ((rc = visible_dept(who, &dept, err)) != XY_OK)
        goto out;
    if (dept < 0) {
        rc = xy_err_set(err, XY_DENIED, "本机运维请用 xinyong screen run 直接筛查");
        goto out;
    }
    if ((rc = check_scenario(ctx, in->scenario, err)) != XY_OK ||
        (rc = check_format(in->format, err)) != XY_OK)
        goto out;
    if (in->len == 0) {
        rc = xy_err_set(err, XY_INVALID, "文件为空，没有任何内容");
        err->field = "file";
        goto out;
    }
    if ((long long)in->len > ctx->cfg->screen_max_bytes) {
        rc = xy_err_set(err, XY_TOO_LARGE, "文件大小%zu字节，超过上限%ld字节（screen.max_bytes）",
                        in->len, ctx->cfg->screen_max_bytes);
        err->field = "file";
        goto out;
    }
    job.format = xy_sheet_format_of(in->format, in->file_name) == XY_SHEET_XLSX ? "xlsx" : "csv";
    job.dept_id = dept;
    job.scenario = in->scenario;
    job.submitted_by = who->login ? who->login : "?";
    job.file_name = clean_name(a, in->file_name, job.format);
    job.state = "queued";
    if ((rc = job_dir(ctx, dir, sizeof(dir), err)) != XY_OK ||
        (rc = xy_random(rnd, sizeof(rnd), err)) != XY_OK)
        goto out;
    xy_hex(rnd, sizeof(rnd), hex);
    snprintf(tmp, sizeof(tmp), "%s/incoming-%s", dir, hex);
    if ((rc = xy_file_write_new(tmp, in->body, in->len, err)) != XY_OK)
        goto out;
    spooled = 1;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_screen_put(ctx->store, &job, err)) != XY_OK)
        goto fail;
    snprintf(target, sizeof(target), "screen:%lld", (long long)job.id);
    if ((rc = xy_audit_append(ctx,
                              &(struct xy_audit_event){.action = "screen.submit",
                                                       .target = target,
                                                       .result = "ok",
                                                       .detail = in->scenario},
                              err)) != XY_OK)
        goto fail;
    /* the upload takes the job's name before the job is committed: a worker that sees the job
     * finds its file */
    job_path(dir, job.id, "upload", path, sizeof(path));
    if (rename(tmp, path) != 0) {
        rc = xy_err_set(err, XY_IO, "cannot rename \"%s\": %s", tmp, strerror(errno));
        goto fail;
    }
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        unlink(path);
        goto fail;
    }
    spooled = 0;
    *id = job.id;
    goto out;
fail:
    xy_store_rollback(ctx->store);
out:
    if (spooled)
        unlink(tmp);
    xy_arena_free(a);
    return rc;
}

/* ---- the header and the cells ---- */

enum { COL_CODE, COL_NAME, COL_TYPE, NCOLS };

/* Header texts a department's table uses; the first column that matches a kind is taken. */
static const struct {
    const char *text;
    int col;
} header_names[] = {
    {"统一社会信用代码", COL_CODE},
    {"代码", COL_CODE},
    {"证件号码", COL_CODE},
    {"社会信用代码", COL_CODE},
    {"统一社会信用代码/证件号码", COL_CODE},
    {"统一社会信用代码或证件号码", COL_CODE},
    {"code", COL_CODE},
    {"名称", COL_NAME},
    {"主体名称", COL_NAME},
    {"企业名称", COL_NAME},
    {"单位名称", COL_NAME},
    {"name", COL_NAME},
    {"主体类型", COL_TYPE},
    {"类型", COL_TYPE},
    {"type", COL_TYPE},
};

/* The subject types of checks.h, as clerks write them. */
static const struct {
    const char *text, *type;
} type_names[] = {
    {"enterprise", "enterprise"},
    {"企业", "enterprise"},
    {"法人企业", "enterprise"},
    {"公司", "enterprise"},
    {"organisation", "organisation"},
    {"organization", "organisation"},
    {"社会组织", "organisation"},
    {"事业单位", "organisation"},
    {"机关", "organisation"},
    {"其他组织", "organisation"},
    {"individual_business", "individual_business"},
    {"个体工商户", "individual_business"},
    {"个体户", "individual_business"},
    {"person", "person"},
    {"自然人", "person"},
    {"个人", "person"},
};

/* s without leading and trailing blanks (spaces, tabs, the full-width space U+3000), into a. */
static const char *trim(struct xy_arena *a, const char *s)
{
    size_t n = strlen(s);

    for (;;) {
        if (n && (*s == ' ' || *s == '\t')) {
            s++, n--;
        } else if (n >= 3 && !memcmp(s, "\xE3\x80\x80", 3)) {
            s += 3, n -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            n--;
        else if (n >= 3 && !memcmp(s + n - 3, "\xE3\x80\x80", 3))
            n -= 3;
        else
            break;
    }
    return xy_arena_strndup(a, s, n);
}

/* Which column holds what (-1: none), from the header row. */
static void read_header(struct xy_arena *a, const char *const *cells, size_t n, int cols[NCOLS],
                        const char *names[NCOLS])
{
    for (int k = 0; k < NCOLS; k++)
        cols[k] = -1;
    for (size_t i = 0; i < n; i++) {
        const char *h = trim(a, cells[i]);
        size_t len = strlen(h);
        /* a required column is often marked: "统一社会信用代码*" */
        while (len && h[len - 1] == '*')
            ((char *)h)[--len] = '\0';
        for (size_t k = 0; k < sizeof(header_names) / sizeof(header_names[0]); k++)
            if (!strcasecmp(h, header_names[k].text) && cols[header_names[k].col] < 0) {
                cols[header_names[k].col] = (int)i;
                names[header_names[k].col] = xy_arena_strdup(a, h);
            }
    }
}

/* ---- the first pass: header and row count ---- */

struct count {
    struct xy_arena *a;
    int cols[NCOLS];
    const char *names[NCOLS];
    int header; /* the header row was seen */
    long rows;  /* data rows, problems included */
};

static int count_row(void *arg, long line, const char *const *cells, size_t n)
{
    struct count *c = arg;
    (void)line;

    if (!c->header) {
        c->header = 1;
        read_header(c->a, cells, n, c->cols, c->names);
        return c->cols[COL_CODE] < 0 && c->cols[COL_NAME] < 0;
    }
    return ++c->rows > XY_SCREEN_MAX_ROWS; /* one more than allowed is enough to know */
}

static int count_issue(void *arg, long line, const char *id, const char *zh)
{
    struct count *c = arg;
    (void)line, (void)id, (void)zh;

    if (!c->header) {
        c->header = 1; /* a broken header: no column is known */
        for (int k = 0; k < NCOLS; k++)
            c->cols[k] = -1;
        return 1;
    }
    return ++c->rows > XY_SCREEN_MAX_ROWS;
}

/* ---- the second pass: checking ---- */

struct run {
    struct xy_ctx *ctx;
    struct xy_screen_job *job;
    struct xy_check_batch *b;
    struct xy_arena *row_a; /* one row's answer; reset after each */
    struct xy_sheet_writer *res, *errs;
    const int *cols;
    const char *const *names;
    int header_seen; /* the first row (read in the first pass) went by */
    long since_flush;
    long over_line; /* the first row past XY_SCREEN_MAX_ROWS, 0 when none */
    xy_screen_progress_fn progress;
    void *parg;
    xy_code rc; /* a failure that is ours (storage, I/O): the job fails */
    struct xy_err *err;
};

/* Separators a clerk types inside a number: space, hyphen and their full-width and dash
 * forms (U+3000, U+FF0D, U+2010-2015, U+2212). */
static size_t separator_len(const unsigned char *p)
{
    if (*p == ' ' || *p == '-' || *p == '\t')
        return 1;
    if ((p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
        (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D) ||
        (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95) ||
        (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92))
        return 3;
    return 0;
}

/* 1.10101199003071E+17: an ID number a spreadsheet turned into a number keeps its first 15
 * digits, enough to name the person. */
static int exponent_idno(const char *v)
{
    int sig = 0, seen_nonzero = 0, digits = 0;
    const char *p = v;

    while (*p == ' ')
        p++;
    if (*p == '+' || *p == '-')
        p++;
    for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
        if (*p == '.')
            continue;
        digits++;
        if (*p != '0')
            seen_nonzero = 1;
        if (seen_nonzero)
            sig++;
    }
    if (!digits || (*p != 'E' && *p != 'e'))
        return 0;
    p++;
    if (*p == '+' || *p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    while (*p == ' ')
        p++;
    return *p == '\0' && sig >= 15;
}

/* v masked when it holds an ID number, written plainly, with spaces or hyphens in it
 * (110101-199003071233) or in exponent form; NULL when it holds none. A value that is the
 * number alone shows as 110101********1233, anything else is hidden whole. */
static const char *hide_idno(struct xy_arena *a, const char *v)
{
    size_t n = strlen(v), k = 0, len;
    char *plain = xy_arena_alloc(a, n + 1);
    int only_number = 1;

    for (const unsigned char *p = (const unsigned char *)v; *p;) {
        if ((len = separator_len(p)) != 0) {
            p += len;
            continue;
        }
        if (!((*p >= '0' && *p <= '9') || *p == 'X' || *p == 'x'))
            only_number = 0;
        plain[k++] = (char)*p++;
    }
    plain[k] = '\0';
    if (exponent_idno(v))
        return "（含证件号码，已隐去）";
    if (!xy_mask_has_idno(v) && !xy_mask_has_idno(plain))
        return NULL;
    return only_number && (k == 18 || k == 15) ? xy_mask_idno(a, plain) : "（含证件号码，已隐去）";
}

static const char *shown_value(struct xy_arena *a, const char *v)
{
    size_t i = 0, chars = 0, n = strlen(v);
    const char *hidden = hide_idno(a, v);

    if (hidden) /* never an ID number in the clear, even in a sealed report */
        return hidden;
    while (i < n && chars < MAX_VALUE_CHARS) {
        size_t k = xy_utf8_seq((const unsigned char *)v + i, n - i);
        i += k ? k : 1;
        chars++;
    }
    return i < n ? xy_arena_printf(a, "%.*s…", (int)i, v) : v;
}

static void bad_row(struct run *r, long line, const char *column, const char *value,
                    const char *problem)
{
    struct xy_err e;
    char no[24];
    const char *cells[4];

    snprintf(no, sizeof(no), "%ld", line);
    cells[0] = no;
    cells[1] = column ? column : "";
    cells[2] = value ? shown_value(r->row_a, value) : "";
    cells[3] = problem;
    r->job->rows_bad++;
    if (r->rc == XY_OK && xy_sheet_writer_row(r->errs, cells, 4, &e) != XY_OK) {
        r->rc = e.code;
        *r->err = e;
    }
}

static xy_code progress(struct run *r)
{
    xy_code rc;

    if (r->since_flush == 0)
        return XY_OK;
    r->since_flush = 0;
    if ((rc = xy_check_batch_flush(r->b, r->err)) != XY_OK)
        return rc;
    if ((rc = xy_store_screen_progress(r->ctx->store, r->job, r->err)) != XY_OK)
        return rc;
    if (r->progress)
        r->progress(r->parg, r->job);
    return XY_OK;
}

/* The measures of a subject's answer that come from hit h: those naming its list. */
static int measure_of_hit(const struct xy_measure *m, const struct xy_check_hit_view *h)
{
    for (size_t i = 0; i < m->nlists; i++)
        if (!strcmp(m->lists[i].item, h->item->id) &&
            (!m->lists[i].name || (h->list_name && !strcmp(m->lists[i].name, h->list_name))))
            return 1;
    return 0;
}

/* One results line per hit, or one saying 未命中. */
static xy_code write_result(struct run *r, long line, const char *code, const char *name,
                            const struct xy_check_result *res, struct xy_err *err)
{
    struct xy_arena *a = r->row_a;
    char no[24];
    const char *cells[12], *hidden;

    snprintf(no, sizeof(no), "%ld", line);
    cells[0] = no;
    /* what the row gave, or the code as the check read it (kept as typed when it is not a
     * code it knows): never an ID number in the clear, however it is written */
    cells[1] = res->code ? res->code : code;
    if ((hidden = hide_idno(a, cells[1])) != NULL)
        cells[1] = hidden;
    cells[2] = name && (hidden = hide_idno(a, name)) != NULL ? hidden : name;
    if (res->nhits == 0) {
        cells[3] = "未命中";
        for (int i = 4; i < 12; i++)
            cells[i] = "";
        return xy_sheet_writer_row(r->res, cells, 12, err);
    }
    for (size_t k = 0; k < res->nhits; k++) {
        const struct xy_check_hit_view *h = &res->hits[k];
        struct xy_buf m = XY_BUF_INIT;
        xy_code rc;

        for (size_t i = 0; i < res->nmeasures; i++) {
            if (!measure_of_hit(res->measures[i], h))
                continue;
            xy_buf_printf(&m, "%s%ld %s", m.len ? "；\n" : "", res->measures[i]->seq,
                          res->measures[i]->content);
        }
        cells[3] = "命中";
        cells[4] = h->list_name ? h->list_name : "";
        cells[5] = h->entry_date ? h->entry_date : "";
        cells[6] = h->end_date ? h->end_date : "";
        cells[7] = h->document ? h->document : "";
        cells[8] = h->disputed ? "是" : "否";
        cells[9] = xy_arena_printf(a, "%d", h->score);
        cells[10] = h->matched_name ? xy_arena_printf(a, "名单主体：%s；%s", h->matched_name,
                                                      h->reasons ? h->reasons : "")
                                    : (h->reasons ? h->reasons : "");
        cells[11] = m.len ? xy_arena_strdup(a, m.data) : "";
        xy_buf_release(&m);
        if ((rc = xy_sheet_writer_row(r->res, cells, 12, err)) != XY_OK)
            return rc;
    }
    return XY_OK;
}

static const char *cell(const char *const *cells, size_t n, int col)
{
    return col >= 0 && (size_t)col < n ? cells[col] : "";
}

static const char *type_of(const char *text)
{
    for (size_t k = 0; k < sizeof(type_names) / sizeof(type_names[0]); k++)
        if (!strcasecmp(text, type_names[k].text))
            return type_names[k].type;
    return NULL;
}

/* 1 when code is a valid ID number (GB 11643): the subject is a natural person. */
static int is_idno(const char *code)
{
    struct xy_code_check chk;
    char id[19];

    if (strlen(code) != 18)
        return 0;
    xy_idcard_check(code, id, xy_today(), &chk);
    return chk.level != XY_CHECK_ERROR;
}

static int over_limit(struct run *r, long line)
{
    if (r->job->rows_done < XY_SCREEN_MAX_ROWS)
        return 0;
    r->over_line = line;
    bad_row(r, line, NULL, NULL, "文件超过100000行：自本行起未筛查（之前的行已筛查）");
    r->job->rows_bad--; /* the rows not read are not rejected rows */
    return 1;
}

static int check_row(void *arg, long line, const char *const *cells, size_t n)
{
    struct run *r = arg;
    struct xy_check_subject_in in = {0};
    struct xy_check_result res;
    struct xy_err e = {0};
    const char *code, *name, *type;
    int person;
    xy_code rc;

    if (!r->header_seen || r->rc != XY_OK) {
        r->header_seen = 1; /* the header was read in the first pass */
        return r->rc != XY_OK;
    }
    if (over_limit(r, line))
        return 1;
    xy_arena_reset(r->row_a);
    r->job->rows_done++;
    r->since_flush++;
    code = trim(r->row_a, cell(cells, n, r->cols[COL_CODE]));
    name = trim(r->row_a, cell(cells, n, r->cols[COL_NAME]));
    type = trim(r->row_a, cell(cells, n, r->cols[COL_TYPE]));
    if (!*code && !*name) {
        bad_row(r, line, NULL, NULL, "代码和名称均为空，无法筛查");
        goto next;
    }
    in.code = *code ? code : NULL;
    in.name = *name ? name : NULL;
    if (*type && !(in.type = type_of(type))) {
        bad_row(r, line, r->names[COL_TYPE], type,
                "主体类型无法识别（可填：企业、社会组织、事业单位、个体工商户、自然人）");
        goto next;
    }
    /* a natural person's name never leaves in the clear: not in the results, not in a report */
    /* also a 个体工商户 registered under its owner's name: it reads as a person's name */
    person = (in.type && !strcmp(in.type, "person")) || is_idno(code) ||
             (*name && xy_mask_is_person_name(name));
    if (person && *name)
        name = xy_mask_name(r->row_a, name);
    rc = xy_check_batch_subject(r->b, &in, r->row_a, &res, &e);
    if (rc == XY_INVALID) {
        const char *f = e.field ? e.field : "";
        int col = strstr(f, "name") ? COL_NAME : strstr(f, "type") ? COL_TYPE : COL_CODE;
        bad_row(r, line, r->names[col],
                col == COL_NAME   ? name
                : col == COL_TYPE ? type
                                  : code,
                e.msg);
        goto next;
    }
    if (rc != XY_OK) {
        r->rc = rc;
        *r->err = e;
        return 1;
    }
    if (res.nhits)
        r->job->hits++;
    if ((rc = write_result(r, line, code, name, &res, &e)) != XY_OK) {
        r->rc = rc;
        *r->err = e;
        return 1;
    }
next:
    if (r->rc == XY_OK && r->since_flush >= XY_SCREEN_FLUSH_ROWS)
        r->rc = progress(r);
    return r->rc != XY_OK;
}

static int check_issue(void *arg, long line, const char *id, const char *zh)
{
    struct run *r = arg;
    (void)id;

    if (!r->header_seen || r->rc != XY_OK) {
        r->header_seen = 1;
        return r->rc != XY_OK;
    }
    if (over_limit(r, line))
        return 1;
    xy_arena_reset(r->row_a);
    r->job->rows_done++;
    r->since_flush++;
    bad_row(r, line, NULL, NULL, zh);
    if (r->rc == XY_OK && r->since_flush >= XY_SCREEN_FLUSH_ROWS)
        r->rc = progress(r);
    return r->rc != XY_OK;
}

/* End a job: its row in the store says how. */
static xy_code finish(struct xy_ctx *ctx, struct xy_screen_job *job, const char *state,
                      const char *error, struct xy_err *err)
{
    job->state = state;
    job->error = error;
    job->finished_at = xy_now_ms();
    return xy_store_screen_finish(ctx->store, job, err);
}

/* The message a department reads when the job failed on our side. */
static const char *our_failure(struct xy_arena *a, const struct xy_screen_job *job)
{
    return xy_arena_printf(a, "处理失败，请联系信用办并提供筛查任务编号 %lld", (long long)job->id);
}

/* Run a job that is in state running on the table at path. */
static xy_code run_job(struct xy_ctx *ctx, struct xy_screen_job *job, const char *path,
                       xy_screen_progress_fn progress_fn, void *parg, struct xy_arena *a,
                       struct xy_err *err)
{
    struct count c = {.a = a};
    struct run r = {.ctx = ctx, .job = job, .progress = progress_fn, .parg = parg, .err = err};
    enum xy_sheet_format f = strcmp(job->format, "xlsx") ? XY_SHEET_CSV : XY_SHEET_XLSX;
    char dir[4000], res_plain[4096], err_plain[4096], sealed[4096];
    struct xy_err ferr = {0}, e2;
    const char *public_error = NULL;
    int failed = 0;
    xy_code rc;

    if ((rc = job_dir(ctx, dir, sizeof(dir), err)) != XY_OK)
        return rc;
    job_path(dir, job->id, "results.csv", res_plain, sizeof(res_plain));
    job_path(dir, job->id, "errors.csv", err_plain, sizeof(err_plain));

    /* first pass: the header and how many rows */
    rc = xy_sheet_read_rows(path, job->file_name, f, count_row, count_issue, &c, &ferr);
    if (rc == XY_INVALID || rc == XY_TOO_LARGE)
        return finish(ctx, job, "failed", xy_arena_strdup(a, ferr.msg), err);
    if (rc != XY_OK) {
        *err = ferr;
        finish(ctx, job, "failed", our_failure(a, job), &e2);
        return rc;
    }
    if (!c.header)
        return finish(ctx, job, "failed", "文件中没有任何内容", err);
    if (c.cols[COL_CODE] < 0 && c.cols[COL_NAME] < 0)
        return finish(ctx, job, "failed",
                      xy_arena_printf(a,
                                      "“%s”第1行（表头）中没有“统一社会信用代码”（或“代码”“证件"
                                      "号码”）列，也没有“名称”（或“主体名称”“企业名称”）列，无法"
                                      "筛查",
                                      job->file_name),
                      err);
    if (c.rows == 0)
        return finish(ctx, job, "failed", "文件只有表头，没有数据行", err);
    job->rows_total = c.rows > XY_SCREEN_MAX_ROWS ? XY_SCREEN_MAX_ROWS : c.rows;

    /* second pass: check every row */
    r.cols = c.cols;
    r.names = c.names;
    if ((rc = xy_check_batch_begin(ctx, job->scenario, &r.b, err)) != XY_OK) {
        if (rc == XY_INVALID || rc == XY_DENIED) /* the scenario or the account went meanwhile */
            return finish(ctx, job, "failed", xy_arena_strdup(a, err->msg), err);
        finish(ctx, job, "failed", our_failure(a, job), &e2);
        return rc;
    }
    job->check_id = xy_check_batch_id(r.b);
    r.row_a = xy_arena_new();
    if ((rc = xy_store_screen_progress(ctx->store, job, err)) != XY_OK ||
        (rc = xy_sheet_writer_open(res_plain, XY_SHEET_CSV, "筛查结果", &r.res, err)) != XY_OK ||
        (rc = xy_sheet_writer_open(err_plain, XY_SHEET_CSV, "问题清单", &r.errs, err)) != XY_OK)
        goto end;
    {
        static const char *const res_head[] = {"行号",   "代码",     "名称",     "结果",
                                               "名单",   "列入日期", "移出日期", "文书号",
                                               "有异议", "匹配度",   "匹配理由", "适用措施"};
        static const char *const err_head[] = {"行号", "列", "值", "问题"};
        if ((rc = xy_sheet_writer_row(r.res, res_head, 12, err)) != XY_OK ||
            (rc = xy_sheet_writer_row(r.errs, err_head, 4, err)) != XY_OK)
            goto end;
    }
    ferr = (struct xy_err){0};
    rc = xy_sheet_read_rows(path, job->file_name, f, check_row, check_issue, &r, &ferr);
    if (r.rc != XY_OK) {
        rc = r.rc; /* err is set */
    } else if (rc != XY_OK) {
        /* the file changed between the passes, or could not be read again */
        public_error = rc == XY_INVALID ? xy_arena_strdup(a, ferr.msg) : NULL;
        *err = ferr;
    } else {
        rc = progress(&r);
    }
end:
    failed = rc != XY_OK;
    {
        int64_t check_id = 0;
        xy_code erc = xy_check_batch_end(r.b, failed, &check_id, failed ? &e2 : err);
        if (!failed && erc != XY_OK) {
            rc = erc;
            failed = 1;
        }
        if (check_id)
            job->check_id = check_id;
        xy_check_batch_free(r.b);
    }
    {
        xy_code wrc = xy_sheet_writer_close(r.res, failed ? &e2 : err);
        xy_code erc = xy_sheet_writer_close(r.errs, failed ? &e2 : err);
        if (!failed && (wrc != XY_OK || erc != XY_OK)) {
            rc = wrc != XY_OK ? wrc : erc;
            failed = 1;
        }
    }
    if (!failed) {
        job_path(dir, job->id, "results.sealed", sealed, sizeof(sealed));
        rc = seal_file(ctx, job->id, "results", res_plain, sealed, err);
        if (rc == XY_OK && job->rows_bad + (r.over_line ? 1 : 0) > 0) {
            job_path(dir, job->id, "errors.sealed", sealed, sizeof(sealed));
            rc = seal_file(ctx, job->id, "errors", err_plain, sealed, err);
        }
        failed = rc != XY_OK;
    }
    unlink(res_plain);
    unlink(err_plain);
    xy_arena_free(r.row_a);
    if (failed) {
        finish(ctx, job, "failed", public_error ? public_error : our_failure(a, job), &e2);
        return public_error ? XY_OK : rc;
    }
    return finish(ctx, job, "done",
                  r.over_line
                      ? xy_arena_printf(a, "文件超过%d行：第%ld行起未筛查（之前的行已筛查）",
                                        XY_SCREEN_MAX_ROWS, r.over_line)
                      : NULL,
                  err);
}

/* ---- the worker ---- */

/* Is the account or token that queued the job still allowed to check? A job queued just
 * before a revocation, a disabling or a move to another department does not run on its
 * authority. NULL when it is, else the reason for the department. */
static const char *submitter_gone(struct xy_ctx *ctx, const struct xy_screen_job *job,
                                  struct xy_arena *a)
{
    const char *by = job->submitted_by ? job->submitted_by : "";
    struct xy_err e;

    if (!job->dept_id)
        return NULL; /* the operator's own job, put back after a crash */
    if (!strncmp(by, "token:", 6)) {
        struct xy_api_token t;
        if (xy_store_token_get(ctx->store, by + 6, a, &t, &e) != XY_OK || t.revoked_at ||
            t.expires_at <= xy_now() || t.dept_id != job->dept_id)
            return "提交该任务的接口令牌已撤销或过期，任务未执行";
        return NULL;
    }
    {
        struct xy_user u;
        if (xy_store_user_get(ctx->store, by, a, &u, &e) != XY_OK || strcmp(u.status, "active") ||
            u.dept_id != job->dept_id || !xy_role_has(xy_role_from_name(u.role), XY_PERM_CHECK))
            return "提交该任务的账号已停用或不再属于本部门，任务未执行";
    }
    return NULL;
}

xy_code xy_screen_run_next(struct xy_ctx *ctx, int64_t *id, int *ran, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    const struct xy_principal *saved = ctx->who;
    struct xy_principal who = {0};
    struct xy_screen_job job;
    char dir[4000], path[4096];
    const char *gone;
    xy_code rc;

    *ran = 0;
    rc = xy_store_screen_next(ctx->store, a, &job, err);
    if (rc == XY_NOT_FOUND) {
        xy_err_clear(err);
        rc = XY_OK;
        goto out;
    }
    if (rc != XY_OK || (rc = job_dir(ctx, dir, sizeof(dir), err)) != XY_OK)
        goto out;
    *ran = 1;
    *id = job.id;
    job_path(dir, job.id, "upload", path, sizeof(path));
    if ((rc = xy_store_screen_start(ctx->store, job.id, xy_now_ms(), err)) != XY_OK) {
        if (rc == XY_CONFLICT) { /* another server's worker has it */
            xy_err_clear(err);
            rc = XY_OK;
        }
        goto out;
    }
    job.state = "running";
    if ((gone = submitter_gone(ctx, &job, a)) != NULL) {
        rc = finish(ctx, &job, "failed", gone, err);
        unlink(path);
        goto out;
    }
    /* the department's scope was checked when the job was queued; the check runs as it */
    who.role = job.dept_id ? XY_R_DEPT_USER : XY_R_OPERATOR;
    who.dept_id = job.dept_id;
    who.login = job.submitted_by;
    ctx->who = &who;
    rc = run_job(ctx, &job, path, NULL, NULL, a, err);
    unlink(path);
out:
    ctx->who = saved;
    xy_arena_free(a);
    return rc;
}

/* Is the job file name ("<id>.<what>") one of a job that no longer needs it? Read inside the
 * recovery's transaction, so that no job is queued or started meanwhile. */
static int job_file_left_over(struct xy_ctx *ctx, const char *name, struct xy_arena *a)
{
    static const struct {
        const char *what;
        int keep_queued; /* kept while the job waits, as well as while it runs */
    } kinds[] = {
        {"upload", 1},
        {"results.csv", 0},
        {"errors.csv", 0},
        {"results.sealed.tmp", 0},
        {"errors.sealed.tmp", 0},
    };
    struct xy_screen_job job;
    struct xy_err e;
    char *end;
    long long id;
    xy_code rc;

    if (name[0] < '1' || name[0] > '9')
        return 0;
    errno = 0;
    id = strtoll(name, &end, 10);
    if (errno || *end != '.')
        return 0;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (strcmp(end + 1, kinds[i].what))
            continue;
        rc = xy_store_screen_get(ctx->store, id, a, &job, &e);
        if (rc == XY_NOT_FOUND)
            return 1;
        if (rc != XY_OK)
            return 0; /* in doubt, keep it */
        if (!strcmp(job.state, "running"))
            return 0;
        return !(kinds[i].keep_queued && !strcmp(job.state, "queued"));
    }
    return 0; /* sealed results, and whatever else: not ours to judge here */
}

/* Remove what earlier runs left in the clear in the job folder: uploads of jobs that are not
 * waiting, the plain results of jobs that are not running, and spool and download files.
 * Those two are made outside any transaction (another process may be writing one now), so only
 * those untouched for ORPHAN_AGE_S are taken. */
static void remove_left_over(struct xy_ctx *ctx, const char *dir, struct xy_arena *a)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[4096];
    time_t now = time(NULL);

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        int gone;
        if (!strncmp(de->d_name, "incoming-", 9) || !strncmp(de->d_name, "download-", 9)) {
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            gone =
                lstat(path, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= ORPHAN_AGE_S;
        } else {
            gone = job_file_left_over(ctx, de->d_name, a);
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        }
        if (gone)
            unlink(path);
    }
    closedir(d);
}

xy_code xy_screen_recover(struct xy_ctx *ctx, int64_t *n, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_screen_job *jobs;
    size_t k = 0;
    char dir[4000];
    int have_dir;
    xy_code rc;

    *n = 0;
    have_dir = job_dir(ctx, dir, sizeof(dir), err) == XY_OK;
    xy_err_clear(err);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_screen_recover(ctx->store, MAX_ATTEMPTS, a, &jobs, &k, err)) != XY_OK)
        goto fail;
    for (size_t i = 0; i < k; i++) {
        struct xy_err e;
        xy_code crc = XY_OK;
        if (jobs[i].check_id)
            /* the partial check stays as evidence of what was asked, closed as failed */
            crc = xy_store_check_finish(ctx->store, jobs[i].check_id,
                                        (int)(jobs[i].rows_done - jobs[i].rows_bad),
                                        (int)jobs[i].hits, "failed", &e);
        if (crc != XY_OK && crc != XY_CONFLICT) {
            *err = e;
            rc = crc;
            goto fail;
        }
        /* a job the server died in MAX_ATTEMPTS times would kill it again at every start */
        if (jobs[i].attempts >= MAX_ATTEMPTS &&
            (rc = finish(ctx, &jobs[i], "failed", "筛查多次中断，已停止；请检查文件后重新上传",
                         err)) != XY_OK)
            goto fail;
    }
    /* the failed jobs' uploads and the plain files of the interrupted runs go with the rest */
    if (have_dir)
        remove_left_over(ctx, dir, a);
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    *n = (int64_t)k;
    xy_err_clear(err);
    goto out;
fail:
    xy_store_rollback(ctx->store);
out:
    xy_arena_free(a);
    return rc;
}

xy_code xy_screen_run_file(struct xy_ctx *ctx, const char *scenario, const char *path,
                           const char *format, xy_screen_progress_fn progress_fn, void *arg,
                           struct xy_arena *a, struct xy_screen_job *out, struct xy_err *err)
{
    struct xy_screen_job *job = out;
    struct stat st;
    char target[64];
    int64_t dept = 0;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = visible_dept(ctx->who, &dept, err)) != XY_OK ||
        (rc = check_scenario(ctx, scenario, err)) != XY_OK ||
        (rc = check_format(format, err)) != XY_OK)
        return rc;
    if (stat(path, &st) != 0)
        return xy_err_set(err, errno == ENOENT ? XY_NOT_FOUND : XY_IO, "cannot read \"%s\": %s",
                          path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return xy_err_set(err, XY_INVALID, "\"%s\" is not a regular file", path);
    job->format = xy_sheet_format_of(format, path) == XY_SHEET_XLSX ? "xlsx" : "csv";
    job->dept_id = dept > 0 ? dept : 0;
    job->scenario = xy_arena_strdup(a, scenario);
    job->submitted_by = ctx->who->login ? ctx->who->login : "?";
    job->file_name = clean_name(a, path, job->format);
    job->state = "running"; /* never queued: no worker may take it */
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_screen_put(ctx->store, job, err)) != XY_OK)
        goto fail;
    snprintf(target, sizeof(target), "screen:%lld", (long long)job->id);
    if ((rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){
                 .action = "screen.submit", .target = target, .result = "ok", .detail = scenario},
             err)) != XY_OK)
        goto fail;
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    return run_job(ctx, job, path, progress_fn, arg, a, err);
fail:
    xy_store_rollback(ctx->store);
    return rc;
}

/* ---- downloads ---- */

/* Results CSV to xlsx, row by row: the CSV is ours, so its lines are read with a cap of our
 * own (a line holds every measure's text) rather than the cell cap of sheet.h. */
struct to_xlsx {
    struct xy_sheet_writer *w;
    struct xy_buf unq;
};

static xy_code xlsx_record(void *arg, long line, const char *const *keys, const char *const *cols,
                           const size_t *lens, size_t n, struct xy_err *err)
{
    struct to_xlsx *t = arg;
    const char *cells[XY_READER_MAX_COLS];
    size_t off[XY_READER_MAX_COLS];
    (void)line, (void)keys;

    /* an xlsx cell of type string is never a formula: the CSV's guard comes off */
    xy_buf_reset(&t->unq);
    for (size_t i = 0; i < n; i++) {
        off[i] = SIZE_MAX;
        if (lens[i] >= 2 && cols[i][0] == '\'' && strchr("=+-@\t\r", cols[i][1])) {
            off[i] = t->unq.len;
            xy_buf_add(&t->unq, cols[i] + 1, lens[i]);
        }
    }
    for (size_t i = 0; i < n; i++)
        cells[i] = off[i] == SIZE_MAX ? cols[i] : t->unq.data + off[i];
    return xy_sheet_writer_row(t->w, cells, n, err);
}

static void xlsx_issue(void *arg, long line, const char *id, const char *zh)
{
    (void)arg, (void)line, (void)id, (void)zh; /* our own CSV: nothing to report */
}

static xy_code csv_to_xlsx(const char *csv, const char *xlsx, struct xy_err *err)
{
    struct to_xlsx t = {NULL, XY_BUF_INIT};
    struct xy_reader_sink sink = {&t, xlsx_record, xlsx_issue};
    struct xy_decoder *dec = xy_calloc(1, sizeof(*dec));
    struct xy_lines lines;
    xy_code rc;

    if ((rc = xy_sheet_writer_open(xlsx, XY_SHEET_XLSX, "筛查结果", &t.w, err)) != XY_OK) {
        free(dec);
        return rc;
    }
    if ((rc = xy_decoder_open(dec, csv, XY_ENC_UTF8, err)) == XY_OK) {
        xy_lines_init(&lines, dec, MAX_RESULT_LINE);
        rc = xy_csv_read(&lines, &sink, err);
        xy_lines_release(&lines);
        xy_decoder_close(dec);
    }
    free(dec);
    xy_buf_release(&t.unq);
    if (rc != XY_OK) {
        struct xy_err e;
        xy_sheet_writer_close(t.w, &e);
        return rc;
    }
    return xy_sheet_writer_close(t.w, err);
}

xy_code xy_screen_open(struct xy_ctx *ctx, int64_t id, enum xy_screen_file what, struct xy_arena *a,
                       int *fd, const char **name, struct xy_err *err)
{
    struct xy_screen_job job;
    char dir[4000], sealed[4096], plain[4096], xlsx[4096], target[64];
    const char *kind = what == XY_SCREEN_ERRORS ? "errors" : "results";
    int pfd = -1, xfd = -1;
    xy_code rc;

    *fd = -1;
    if ((rc = xy_screen_get(ctx, id, a, &job, err)) != XY_OK)
        return rc;
    if (!strcmp(job.state, "queued") || !strcmp(job.state, "running"))
        return xy_err_set(err, XY_CONFLICT, "筛查尚未完成（已处理%lld/%lld行），请稍后再下载",
                          (long long)job.rows_done, (long long)job.rows_total);
    if (what != XY_SCREEN_ERRORS && strcmp(job.state, "done"))
        return xy_err_set(err, XY_CONFLICT, "该筛查任务未完成，没有结果可下载：%s",
                          job.error ? job.error : "处理失败");
    if ((rc = job_dir(ctx, dir, sizeof(dir), err)) != XY_OK)
        return rc;
    job_path(dir, id, what == XY_SCREEN_ERRORS ? "errors.sealed" : "results.sealed", sealed,
             sizeof(sealed));
    if ((rc = temp_file(dir, plain, sizeof(plain), &pfd, err)) != XY_OK)
        return rc;
    rc = unseal_file(ctx, id, kind, sealed, pfd, err);
    if (rc == XY_NOT_FOUND && what == XY_SCREEN_ERRORS) {
        /* no row was refused: the report is its header */
        static const char empty[] = "\xEF\xBB\xBF行号,列,值,问题\r\n";
        xy_err_clear(err);
        rc = write(pfd, empty, sizeof(empty) - 1) == (ssize_t)(sizeof(empty) - 1)
                 ? XY_OK
                 : xy_err_set(err, XY_IO, "cannot write a temporary file: %s", strerror(errno));
    }
    if (rc != XY_OK)
        goto out;
    if (what == XY_SCREEN_RESULTS_XLSX) {
        /* a name reserved in the folder; the workbook is written to it, opened, unlinked */
        if ((rc = temp_file(dir, xlsx, sizeof(xlsx), &xfd, err)) != XY_OK)
            goto out;
        close(xfd);
        rc = csv_to_xlsx(plain, xlsx, err);
        xfd = rc == XY_OK ? open(xlsx, O_RDONLY | O_CLOEXEC) : -1;
        unlink(xlsx);
        if (rc == XY_OK && xfd < 0)
            rc = xy_err_set(err, XY_IO, "cannot open \"%s\": %s", xlsx, strerror(errno));
        if (rc != XY_OK)
            goto out;
        close(pfd);
        pfd = xfd; /* what goes out */
        xfd = -1;
    } else if (lseek(pfd, 0, SEEK_SET) != 0) {
        rc = xy_err_set(err, XY_IO, "cannot rewind a temporary file: %s", strerror(errno));
        goto out;
    }
    snprintf(target, sizeof(target), "screen:%lld", (long long)id);
    if ((rc = xy_audit_record(
             ctx,
             &(struct xy_audit_event){.action = what == XY_SCREEN_ERRORS ? "screen.errors.read"
                                                                         : "screen.results.read",
                                      .target = target,
                                      .result = "ok",
                                      .detail = what == XY_SCREEN_RESULTS_XLSX ? "xlsx" : "csv"},
             err)) != XY_OK)
        goto out;
    *name = xy_arena_printf(a, "screen-%lld-%s.%s", (long long)id, kind,
                            what == XY_SCREEN_RESULTS_XLSX ? "xlsx" : "csv");
    *fd = pfd;
    pfd = -1;
out:
    if (pfd >= 0)
        close(pfd);
    if (xfd >= 0)
        close(xfd);
    unlink(plain);
    return rc;
}
