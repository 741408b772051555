/* sqlite.c - the SQLite backend of the store (layer: store)
 *
 * One connection per struct xy_store (a server gives each worker thread its own). WAL with
 * synchronous=FULL: a committed batch survives a power cut, an interrupted one leaves nothing.
 * Statements are prepared once per connection and reused. Subject resolution during ingest is
 * served from an in-memory cache of identifier -> subject id, bounded by cache_budget.
 */
#include <sqlite3.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/hmap.h"
#include "base/json.h"
#include "base/time.h"
#include "store/seal.h"
#include "store/sqlite/bigram.h"
#include "store/sqlite/internal.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"

enum stmt_id {
    ST_DEPT_PUT,
    ST_DEPT_GET,
    ST_DEPT_LIST,
    ST_ALLOW_PUT,
    ST_ALLOW_LIST,
    ST_SUB_PUT,
    ST_SUB_FINISH,
    ST_BATCH_PUT,
    ST_BATCH_FINISH,
    ST_IDENT_GET,
    ST_NAME_PUT,
    ST_FTS_PUT,
    ST_BIGRAM_PUT,
    ST_NAME_GET,
    ST_MAX_SUBJECT,
    ST_FTS_NEW,
    ST_BIGRAM_NEW,
    ST_HEAD_GET,
    ST_RECORD_PUT,
    ST_LAYOUT_GET,
    ST_LAYOUT_PUT,
    ST_SUBJECT_GET,
    ST_SUBJECT_IDENTS,
    ST_SUBJECT_RECORDS,
    ST_RECORD_GET,
    ST_BROWSE_ITEM,
    ST_BROWSE_DEPT,
    /* name search, one triple per way of matching (see sq_subject_search) */
    ST_SEARCH_SCAN_NAMES,
    ST_SEARCH_SCAN_OTHER,
    ST_SEARCH_SCAN_HAS,
    ST_SEARCH_BIGRAM_NAMES,
    ST_SEARCH_BIGRAM_OTHER,
    ST_SEARCH_BIGRAM_HAS,
    ST_SEARCH_TRIGRAM_NAMES,
    ST_SEARCH_TRIGRAM_OTHER,
    ST_SEARCH_TRIGRAM_HAS,
    ST_COUNT
};

/* A record row as read_record() reads it: columns 0-15 (internal.h), then the subject's from
 * 16 on. */
#define RECORD_COLS  XY_SQ_RECORD_COLS
#define RECORD_JOINS XY_SQ_RECORD_JOINS
#define SUBJECT_COLS ", j.kind, j.code_type, j.code, j.name, j.created_at"
#define SUBJECT_JOIN " JOIN subjects j ON j.id = r.subject_id"
/* The latest version of r's natural key; key_hash finds it, the rest rules out collisions.
 * INDEXED BY: without statistics the planner prefers records_dept_item_date (two equalities)
 * to records_key (one), which would read every record of the department's item. */
#define LATEST_VERSION                                                                             \
    "(SELECT max(version) FROM records r2 INDEXED BY records_key WHERE r2.key_hash = r.key_hash"   \
    " AND r2.dept_id = r.dept_id AND r2.item = r.item AND r2.key = r.key)"
#define BROWSE_SQL(dept)                                                                           \
    "SELECT " RECORD_COLS SUBJECT_COLS                                                             \
    " FROM records r INDEXED BY records_browse" RECORD_JOINS SUBJECT_JOIN " WHERE " dept           \
    "r.item = ?1 AND r.decision_date BETWEEN ?3 AND ?4"                                            \
    " AND (r.decision_date < ?4 OR r.dept_id < ?8 OR (r.dept_id = ?8 AND r.id < ?7))"              \
    " AND r.version = " LATEST_VERSION                                                             \
    " ORDER BY r.decision_date DESC, r.dept_id DESC, r.id DESC LIMIT ?5 OFFSET ?6"

static const char *const stmt_sql[ST_COUNT] = {
    [ST_DEPT_PUT] = "INSERT INTO departments(uscc, name, items, created_at) VALUES (?1, ?2, ?3, ?4)"
                    " ON CONFLICT(uscc) DO UPDATE SET name = excluded.name, items = excluded.items",
    [ST_DEPT_GET] = "SELECT id, uscc, name, items, created_at FROM departments WHERE uscc = ?1",
    [ST_DEPT_LIST] = "SELECT id, uscc, name, items, created_at FROM departments ORDER BY id",
    [ST_ALLOW_PUT] = "INSERT INTO uscc_allow(code, reason, added_at) VALUES (?1, ?2, ?3)"
                     " ON CONFLICT(code) DO UPDATE SET reason = excluded.reason",
    [ST_ALLOW_LIST] = "SELECT code, reason FROM uscc_allow ORDER BY code",
    [ST_SUB_PUT] =
        "INSERT INTO submissions(dept_id, item, file, file_bytes, file_sha256, started_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_SUB_FINISH] =
        /* ?2..?9 in bind_counts' order, then the time and the status */
    "UPDATE submissions SET rows = ?2, accepted = ?3, rejected = ?4, warnings = ?5,"
    " new_records = ?6, new_versions = ?7, unchanged = ?8, new_subjects = ?9,"
    " finished_at = ?10, status = ?11, upload_path = NULL WHERE id = ?1",
    [ST_BATCH_PUT] = "INSERT INTO batches(submission_id, first_line, last_line, committed_at)"
                     " VALUES (?1, ?2, ?3, ?4)",
    [ST_BATCH_FINISH] = "UPDATE batches SET rows = ?2, accepted = ?3, rejected = ?4,"
                        " warnings = ?5, new_records = ?6, new_versions = ?7, unchanged = ?8,"
                        " new_subjects = ?9 WHERE id = ?1",
    [ST_IDENT_GET] = "SELECT i.subject_id, s.name FROM identifiers i JOIN subjects s"
                     " ON s.id = i.subject_id WHERE i.type = ?1 AND i.value = ?2",
    [ST_NAME_PUT] = "INSERT OR IGNORE INTO subject_names(subject_id, name) VALUES (?1, ?2)",
    [ST_FTS_PUT] = "INSERT INTO name_index(rowid, name) VALUES (?1, ?2)",
    [ST_BIGRAM_PUT] = "INSERT INTO name_bigram(rowid, name) VALUES (?1, ?2)",
    [ST_NAME_GET] = "SELECT name FROM subjects WHERE id = ?1",
    [ST_MAX_SUBJECT] = "SELECT coalesce(max(id), 0) FROM subjects",
    /* new subjects' names enter the index once per batch, in id order: cheaper for FTS5 than
     * one insert per row, and still inside the batch's transaction */
    [ST_FTS_NEW] = "INSERT INTO name_index(rowid, name) SELECT id, name FROM subjects"
                   " WHERE id > ?1 AND kind <> 'person' AND name IS NOT NULL",
    [ST_BIGRAM_NEW] = "INSERT INTO name_bigram(rowid, name) SELECT id, name FROM subjects"
                      " WHERE id > ?1 AND kind <> 'person' AND name IS NOT NULL",
    /* INDEXED BY: see LATEST_VERSION */
    [ST_HEAD_GET] = "SELECT r.version, r.hash, r.line, b.submission_id"
                    " FROM records r INDEXED BY records_key"
                    " JOIN batches b ON b.id = r.batch_id"
                    " WHERE r.key_hash = ?4 AND r.dept_id = ?1 AND r.item = ?2 AND r.key = ?3"
                    " ORDER BY r.version DESC LIMIT 1",
    [ST_RECORD_PUT] = "INSERT INTO records(subject_id, dept_id, item, key, version, hash,"
                      " decision_date, batch_id, line, received_at, payload, key_hash, layout_id)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [ST_LAYOUT_GET] = "SELECT id FROM layouts WHERE fields = ?1",
    [ST_LAYOUT_PUT] = "INSERT INTO layouts(item, fields) VALUES (?1, ?2)",
    [ST_SUBJECT_GET] =
        "SELECT id, kind, code_type, code, name, created_at FROM subjects WHERE id = ?1",
    [ST_SUBJECT_IDENTS] = "SELECT type, value FROM identifiers WHERE subject_id = ?1 ORDER BY type",
    [ST_SUBJECT_RECORDS] = "SELECT " RECORD_COLS " FROM records r" RECORD_JOINS
                           " WHERE r.subject_id = ?1 AND r.version = " LATEST_VERSION
                           " ORDER BY r.decision_date DESC, r.id DESC",
    [ST_RECORD_GET] = "SELECT " RECORD_COLS SUBJECT_COLS ", " LATEST_VERSION
                      " FROM records r" RECORD_JOINS SUBJECT_JOIN " WHERE r.id = ?1",
    /* read backwards, records_item_date / records_dept_item_date give this order: a page
     * costs its rows (and the skipped ones), not a sort of the whole item */
    [ST_BROWSE_ITEM] = BROWSE_SQL(""),
    [ST_BROWSE_DEPT] = BROWSE_SQL("r.dept_id = ?2 AND "),
    /* Name search reads two streams that an index gives in order, with no sort: the subjects'
     * own names in id order (NAMES), then the other names they were submitted under in the
     * order they were recorded (OTHER), minus subjects whose own name matches too (HAS).
     * FTS5 returns rowids in order, and name rowids are > 0, other names' are < 0. */
    [ST_SEARCH_SCAN_NAMES] =
        "SELECT id FROM subjects WHERE kind <> 'person' AND instr(name, ?1) > 0 ORDER BY id",
    [ST_SEARCH_SCAN_OTHER] =
        "SELECT n.subject_id FROM subject_names n JOIN subjects s ON s.id = n.subject_id"
        " WHERE s.kind <> 'person' AND instr(n.name, ?1) > 0 ORDER BY n.id",
    [ST_SEARCH_SCAN_HAS] = "SELECT 1 FROM subjects WHERE id = ?2 AND instr(name, ?1) > 0",
    [ST_SEARCH_BIGRAM_NAMES] = "SELECT rowid FROM name_bigram WHERE name_bigram MATCH ?1"
                               " AND rowid > 0 ORDER BY rowid",
    [ST_SEARCH_BIGRAM_OTHER] =
        "SELECT (SELECT subject_id FROM subject_names WHERE id = -f.rowid)"
        " FROM name_bigram f WHERE name_bigram MATCH ?1 AND f.rowid < 0 ORDER BY f.rowid DESC",
    [ST_SEARCH_BIGRAM_HAS] = "SELECT 1 FROM name_bigram WHERE name_bigram MATCH ?1 AND rowid = ?2",
    [ST_SEARCH_TRIGRAM_NAMES] = "SELECT rowid FROM name_index WHERE name_index MATCH ?1"
                                " AND rowid > 0 ORDER BY rowid",
    [ST_SEARCH_TRIGRAM_OTHER] =
        "SELECT (SELECT subject_id FROM subject_names WHERE id = -f.rowid)"
        " FROM name_index f WHERE name_index MATCH ?1 AND f.rowid < 0 ORDER BY f.rowid DESC",
    [ST_SEARCH_TRIGRAM_HAS] = "SELECT 1 FROM name_index WHERE name_index MATCH ?1 AND rowid = ?2",
};

/* Cached subject: value = subject id << 8 | kind; names cached separately by (id, name hash). */
struct sq {
    struct xy_store base; /* first: the wrapper sees only this */
    sqlite3 *db;
    char *path;
    sqlite3_stmt *st[ST_COUNT];
    struct xy_hmap *idents;  /* "<type>:<lookup value>" -> subject id */
    struct xy_hmap *names;   /* subject id + name -> 1 (known to be stored) */
    struct xy_hmap *layouts; /* catalogue item (pointer) -> layout id */
    /* layouts read back, parsed once per connection: layout text -> index + 1 in read_layout */
    struct xy_hmap *read_index;
    struct read_layout {
        const char **codes;
        size_t n;
    } * read_layout;
    size_t nread_layouts;
    struct xy_arena *read_arena;
    sqlite3_stmt *subj_chunk, *ident_chunk; /* CHUNK_ROWS-row inserts, prepared on first use */
    /* keys found unchanged in the current submission -> their line: nothing is written for
     * them, so without this a repeat of such a key in the same file would not be seen */
    struct xy_hmap *unchanged;
    int64_t unchanged_sub;
    size_t cache_budget;
    int in_tx;
    struct xy_hmap *more_st; /* statements of the other sqlite/ files: SQL pointer -> index */
    sqlite3_stmt **more;
    size_t nmore, capmore;
    struct xy_keyring *keys;  /* borrowed from the opener */
    unsigned char secret[16]; /* meta.secret, read at open */
    int have_secret;

    /* WAL checkpoints run on a thread of their own with its own connection, so that copying
     * committed pages into the database file overlaps with writing the next batch */
    sqlite3 *ckpt_db;
    pthread_t ckpt_thread;
    pthread_mutex_t ckpt_mu;
    pthread_cond_t ckpt_cv;
    int ckpt_started, ckpt_pending, ckpt_stop;
    long page_size;
    int wal_frames; /* frames in the WAL after the last commit (wal hook) */
};

/* Past this size the writer restarts the WAL from its beginning, so the file stays bounded
 * under a continuous load (a PASSIVE checkpoint alone never lets it wrap around). */
#define WAL_RESTART_BYTES (256LL << 20)

static xy_code db_error(struct sq *s, struct xy_err *err, const char *what)
{
    xy_code rc = xy_err_set(err, XY_STORAGE, "could not %s", what);
    xy_err_detail(err, "sqlite: %s", sqlite3_errmsg(s->db));
    return rc;
}

static sqlite3_stmt *stmt(struct sq *s, enum stmt_id id)
{
    sqlite3_stmt *st = s->st[id];
    if (!st) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->st[id],
                               NULL) != SQLITE_OK) {
            fprintf(stderr, "fatal: cannot prepare statement %d: %s\n", (int)id,
                    sqlite3_errmsg(s->db));
            abort(); /* our own SQL: a failure here is a programming error */
        }
        st = s->st[id];
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static const char *open_or_mark(struct sq *s, struct xy_arena *a, const char *sealed)
{
    const char *v = xy_store_idno_open(s->keys, a, sealed);
    return v ? v : "(无法解密)";
}

static int is_idno_type(enum xy_ident_type t)
{
    return t == XY_IDENT_IDCARD || t == XY_IDENT_OTHER_ID;
}

static xy_code exec(struct sq *s, const char *sql, struct xy_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        xy_code rc = xy_err_set(err, XY_STORAGE, "could not run store statement");
        xy_err_detail(err, "sqlite: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return rc;
    }
    return XY_OK;
}

static xy_code migrate(struct sq *s, struct xy_err *err)
{
    sqlite3_stmt *st;
    int have = 0;
    xy_code rc;

    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "read the schema version");
    if (sqlite3_step(st) == SQLITE_ROW)
        have = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (have > xy_sqlite_migrations[xy_sqlite_nmigrations - 1].version)
        return xy_err_set(err, XY_STORAGE,
                          "database schema version %d is newer than this program knows (%d)", have,
                          xy_sqlite_migrations[xy_sqlite_nmigrations - 1].version);
    for (int i = 0; i < xy_sqlite_nmigrations; i++) {
        const struct xy_migration *m = &xy_sqlite_migrations[i];
        char pragma[64];

        if (m->version <= have)
            continue;
        if ((rc = exec(s, "BEGIN IMMEDIATE", err)) != XY_OK)
            return rc;
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m->version);
        if ((rc = exec(s, m->sql, err)) != XY_OK || (rc = exec(s, pragma, err)) != XY_OK) {
            exec(s, "ROLLBACK", NULL);
            return xy_err_prefix(err, "migration %d: ", m->version);
        }
        if ((rc = exec(s, "COMMIT", err)) != XY_OK)
            return rc;
    }
    return XY_OK;
}

static void *checkpointer(void *arg)
{
    struct sq *s = arg;

    pthread_mutex_lock(&s->ckpt_mu);
    for (;;) {
        while (!s->ckpt_pending && !s->ckpt_stop)
            pthread_cond_wait(&s->ckpt_cv, &s->ckpt_mu);
        if (s->ckpt_stop)
            break;
        s->ckpt_pending = 0;
        pthread_mutex_unlock(&s->ckpt_mu);
        /* PASSIVE never blocks the writer; what it cannot copy now it copies next time */
        sqlite3_wal_checkpoint_v2(s->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&s->ckpt_mu);
    }
    pthread_mutex_unlock(&s->ckpt_mu);
    return NULL;
}

/* After a commit: wake the checkpointer (started on the first commit). */
static void checkpoint_soon(struct sq *s, const char *path)
{
    if (!s->ckpt_started) {
        if (sqlite3_open_v2(path, &s->ckpt_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK) {
            sqlite3_close(s->ckpt_db);
            s->ckpt_db = NULL;
            /* without the helper, the writer checkpoints itself as SQLite does by default */
            sqlite3_wal_autocheckpoint(s->db, 1000);
            s->ckpt_started = -1;
            return;
        }
        sqlite3_busy_timeout(s->ckpt_db, 10000);
        /* a connection learns that the file is in WAL mode on its first read */
        sqlite3_exec(s->ckpt_db, "PRAGMA journal_mode", NULL, NULL, NULL);
        pthread_mutex_init(&s->ckpt_mu, NULL);
        pthread_cond_init(&s->ckpt_cv, NULL);
        if (pthread_create(&s->ckpt_thread, NULL, checkpointer, s) != 0) {
            sqlite3_close(s->ckpt_db);
            s->ckpt_db = NULL;
            sqlite3_wal_autocheckpoint(s->db, 1000);
            s->ckpt_started = -1;
            return;
        }
        s->ckpt_started = 1;
    }
    if (s->ckpt_started < 0)
        return;
    pthread_mutex_lock(&s->ckpt_mu);
    s->ckpt_pending = 1;
    pthread_cond_signal(&s->ckpt_cv);
    pthread_mutex_unlock(&s->ckpt_mu);
}

static void sq_close(struct xy_store *xs)
{
    struct sq *s = (struct sq *)xs;
    if (!s)
        return;
    if (s->ckpt_started > 0) {
        pthread_mutex_lock(&s->ckpt_mu);
        s->ckpt_stop = 1;
        pthread_cond_signal(&s->ckpt_cv);
        pthread_mutex_unlock(&s->ckpt_mu);
        pthread_join(s->ckpt_thread, NULL);
        sqlite3_close(s->ckpt_db);
        pthread_mutex_destroy(&s->ckpt_mu);
        pthread_cond_destroy(&s->ckpt_cv);
    }
    free(s->path);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_finalize(s->subj_chunk);
    sqlite3_finalize(s->ident_chunk);
    for (size_t i = 0; i < s->nmore; i++) /* the other files' statements (xy_sq_stmt) */
        sqlite3_finalize(s->more[i]);
    free(s->more);
    sqlite3_close(s->db);
    xy_hmap_free(s->idents);
    xy_hmap_free(s->names);
    xy_hmap_free(s->layouts);
    xy_hmap_free(s->read_index);
    free(s->read_layout);
    xy_arena_free(s->read_arena);
    xy_hmap_free(s->unchanged);
    xy_hmap_free(s->more_st);
    free(s);
}

static int on_wal_commit(void *ctx, sqlite3 *db, const char *name, int frames)
{
    (void)db;
    (void)name;
    ((struct sq *)ctx)->wal_frames = frames;
    return SQLITE_OK;
}

/* The key of public ids, made by migration 2. A read-only store on an older schema has none:
 * then only sq_secret fails, not the open. */
static void read_secret(struct sq *s)
{
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'secret'", -1, &st, NULL) !=
        SQLITE_OK)
        return;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == sizeof(s->secret)) {
        memcpy(s->secret, sqlite3_column_blob(st, 0), sizeof(s->secret));
        s->have_secret = 1;
    }
    sqlite3_finalize(st);
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
    /* memory statistics take a global mutex on every allocation; we never read them */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static xy_code sq_open(const struct xy_store_opts *o, struct xy_store **out, struct xy_err *err)
{
    struct sq *s;

    pthread_once(&sqlite_once, sqlite_setup);
    s = xy_calloc(1, sizeof(*s));
    s->base.ops = &xy_store_sqlite_ops;
    int flags = o->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    char pragmas[512];
    xy_code rc;

    if (o->create && !o->readonly) {
        /* a new database is the service's alone (SQLite makes -wal and -shm with the database
         * file's mode): it holds accounts, sessions and the audit trail */
        int fd = open(o->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0)
            close(fd);
        flags |= SQLITE_OPEN_CREATE;
    }
    if (sqlite3_open_v2(o->path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = xy_err_set(err, sqlite3_errcode(s->db) == SQLITE_CANTOPEN ? XY_NOT_FOUND : XY_STORAGE,
                        "cannot open database \"%s\": %s", o->path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(&s->base);
        return rc;
    }
    /* before anything reads the schema's name_bigram, migrations included */
    if (xy_sqlite_bigram_register(s->db) != SQLITE_OK) {
        rc = xy_err_set(err, XY_STORAGE, "cannot register the bigram tokenizer");
        xy_err_detail(err, "sqlite: %s", sqlite3_errmsg(s->db));
        sq_close(&s->base);
        return rc;
    }
    /* several processes or threads may open at once: wait instead of failing "locked" */
    sqlite3_busy_timeout(s->db, 10000);
    snprintf(pragmas, sizeof(pragmas),
             /* 16 KiB pages: a third less time to bulk-load than 4 KiB (docs/performance.md);
              * page_size only takes effect on a new database, before WAL is on */
             "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
             " PRAGMA foreign_keys = OFF;"
             " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -%ld; PRAGMA mmap_size = %lld;",
             (o->cache_mb > 0 ? o->cache_mb : 64) * 1024L, (long long)o->mmap_mb << 20);
    if ((rc = exec(s, pragmas, err)) != XY_OK ||
        (!o->readonly && (rc = migrate(s, err)) != XY_OK)) {
        xy_err_prefix(err, "database \"%s\": ", o->path);
        sq_close(&s->base);
        return rc;
    }
    read_secret(s);
    if (!o->readonly) {
        sqlite3_stmt *ps;
        sqlite3_wal_hook(s->db, on_wal_commit, s); /* replaces autocheckpoint: our thread does it */
        /* freed pages are zeroed: an old value (a re-sealed ID number) leaves no copy behind */
        if ((rc = exec(s, "PRAGMA secure_delete = ON", err)) != XY_OK) {
            sq_close(&s->base);
            return rc;
        }
        s->page_size = 4096;
        if (sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &ps, NULL) == SQLITE_OK &&
            sqlite3_step(ps) == SQLITE_ROW)
            s->page_size = sqlite3_column_int(ps, 0);
        sqlite3_finalize(ps);
    }
    s->path = xy_strdup(o->path);
    s->keys = o->keys;
    s->more_st = xy_hmap_new();
    s->idents = xy_hmap_new();
    s->names = xy_hmap_new();
    s->layouts = xy_hmap_new();
    s->read_index = xy_hmap_new();
    s->read_arena = xy_arena_new();
    s->unchanged = xy_hmap_new();
    /* the subject caches may hold as much as the page cache (docs/performance.md) */
    s->cache_budget = (size_t)(o->cache_mb > 0 ? o->cache_mb : 64) << 20;
    *out = &s->base;
    return XY_OK;
}

static xy_code sq_begin(struct xy_store *xs, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    xy_code rc = exec(s, "BEGIN IMMEDIATE", err);
    if (rc == XY_OK)
        s->in_tx = 1;
    return rc;
}

static xy_code sq_commit(struct xy_store *xs, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    xy_code rc = exec(s, "COMMIT", err);
    if (rc == XY_OK) {
        s->in_tx = 0;
        if ((long long)s->wal_frames * s->page_size > WAL_RESTART_BYTES)
            /* most frames are already copied by the checkpointer: this is the short rest */
            sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
        else
            checkpoint_soon(s, s->path);
    }
    return rc;
}

/* FTS5 'optimize' rewrites each index as one segment: measured at city scale (3,000,000
 * names) it took 1.9 s and doubled 3- and 4-character search rates (docs/performance.md). */
static xy_code sq_search_optimize(struct xy_store *xs, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    xy_code rc = exec(s, "INSERT INTO name_index(name_index) VALUES('optimize')", err);
    if (rc == XY_OK)
        rc = exec(s, "INSERT INTO name_bigram(name_bigram) VALUES('optimize')", err);
    return rc;
}

/* A read snapshot: one WAL read lock for every statement of a request, instead of one each. */
static xy_code sq_read_begin(struct xy_store *xs, struct xy_err *err)
{
    return exec((struct sq *)xs, "BEGIN", err);
}

static void sq_read_end(struct xy_store *xs)
{
    struct sq *s = (struct sq *)xs;
    if (!sqlite3_get_autocommit(s->db))
        exec(s, "COMMIT", NULL);
}

static void sq_rollback(struct xy_store *xs)
{
    struct sq *s = (struct sq *)xs;
    if (!sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK", NULL);
    s->in_tx = 0;
    /* cached ids may name rows that the rollback removed */
    xy_hmap_clear(s->idents);
    xy_hmap_clear(s->names);
    xy_hmap_clear(s->layouts);
    xy_hmap_clear(s->unchanged);
    s->unchanged_sub = 0;
}

static const char *col_text(struct xy_arena *a, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xy_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

const char **xy_sq_split(struct xy_arena *a, const char *s, size_t *n)
{
    size_t count = 0, k = 0;
    const char **out;

    if (!s)
        s = "";
    for (const char *p = s; *p; p++)
        count += *p == ';';
    out = xy_arena_alloc(a, (count + 1) * sizeof(*out));
    while (*s) {
        const char *e = strchr(s, ';');
        if (!e)
            e = s + strlen(s);
        if (e > s)
            out[k++] = xy_arena_strndup(a, s, (size_t)(e - s));
        s = *e ? e + 1 : e;
    }
    *n = k;
    return out;
}

static void read_dept(sqlite3_stmt *st, struct xy_arena *a, struct xy_dept *d)
{
    d->id = sqlite3_column_int64(st, 0);
    d->uscc = col_text(a, st, 1);
    d->name = col_text(a, st, 2);
    d->items = xy_sq_split(a, col_text(a, st, 3), &d->nitems);
    d->created_at = sqlite3_column_int64(st, 4);
}

static xy_code sq_dept_put(struct xy_store *xs, const struct xy_dept *d, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_DEPT_PUT);
    struct xy_buf items = XY_BUF_INIT;

    for (size_t i = 0; i < d->nitems; i++) {
        if (i)
            xy_buf_addc(&items, ';');
        xy_buf_adds(&items, d->items[i]);
    }
    sqlite3_bind_text(st, 1, d->uscc, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, items.data ? items.data : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, xy_now());
    if (sqlite3_step(st) != SQLITE_DONE) {
        xy_buf_release(&items);
        return db_error(s, err, "save the department");
    }
    sqlite3_reset(st);
    xy_buf_release(&items);
    return XY_OK;
}

static xy_code sq_dept_get(struct xy_store *xs, const char *uscc, struct xy_arena *a,
                           struct xy_dept *out, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_DEPT_GET);
    int r;

    sqlite3_bind_text(st, 1, uscc, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_dept(st, a, out);
        sqlite3_reset(st);
        return XY_OK;
    }
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "no department is registered with code \"%s\"", uscc);
    return db_error(s, err, "read the department");
}

static xy_code sq_dept_list(struct xy_store *xs, struct xy_arena *a, struct xy_dept **out,
                            size_t *n, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_DEPT_LIST);
    size_t cap = 16, k = 0;
    struct xy_dept *v = xy_arena_alloc(a, cap * sizeof(*v));
    int r;

    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (k == cap) {
            struct xy_dept *nv = xy_arena_alloc(a, cap * 2 * sizeof(*v));
            memcpy(nv, v, cap * sizeof(*v));
            v = nv;
            cap *= 2;
        }
        read_dept(st, a, &v[k++]);
    }
    if (r != SQLITE_DONE)
        return db_error(s, err, "list the departments");
    *out = v;
    *n = k;
    return XY_OK;
}

static xy_code sq_allow_put(struct xy_store *xs, const char *code, const char *reason,
                            struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_ALLOW_PUT);

    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, xy_now());
    if (sqlite3_step(st) != SQLITE_DONE)
        return db_error(s, err, "save the allow-list entry");
    sqlite3_reset(st);
    return XY_OK;
}

static xy_code sq_allow_list(struct xy_store *xs, struct xy_arena *a, const char ***codes,
                             const char ***reasons, size_t *n, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_ALLOW_LIST);
    size_t cap = 16, k = 0;
    const char **c = xy_arena_alloc(a, cap * sizeof(*c)), **r = xy_arena_alloc(a, cap * sizeof(*r));
    int rs;

    while ((rs = sqlite3_step(st)) == SQLITE_ROW) {
        if (k == cap) {
            const char **nc = xy_arena_alloc(a, cap * 2 * sizeof(*c));
            const char **nr = xy_arena_alloc(a, cap * 2 * sizeof(*r));
            memcpy(nc, c, cap * sizeof(*c));
            memcpy(nr, r, cap * sizeof(*r));
            c = nc;
            r = nr;
            cap *= 2;
        }
        c[k] = col_text(a, st, 0);
        r[k] = col_text(a, st, 1);
        k++;
    }
    if (rs != SQLITE_DONE)
        return db_error(s, err, "read the allow-list");
    *codes = c;
    *reasons = r;
    *n = k;
    return XY_OK;
}

static xy_code sq_submission_put(struct xy_store *xs, struct xy_submission *sub, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_SUB_PUT);

    sqlite3_bind_int64(st, 1, sub->dept_id);
    sqlite3_bind_text(st, 2, sub->item, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, sub->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, sub->file_bytes);
    if (sub->file_sha256)
        sqlite3_bind_text(st, 5, sub->file_sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, sub->started_at);
    if (sqlite3_step(st) != SQLITE_DONE)
        return db_error(s, err, "record the submission");
    sqlite3_reset(st);
    sub->id = sqlite3_last_insert_rowid(s->db);
    return XY_OK;
}

/* Parameters ?2..?9 of both finish statements: the counters in one order. */
static void bind_counts(sqlite3_stmt *st, const struct xy_counts *c)
{
    const int64_t v[] = {c->rows,        c->accepted,     c->rejected,  c->warnings,
                         c->new_records, c->new_versions, c->unchanged, c->new_subjects};
    for (int i = 0; i < 8; i++)
        sqlite3_bind_int64(st, i + 2, v[i]);
}

static xy_code sq_submission_finish(struct xy_store *xs, int64_t id, const struct xy_counts *c,
                                    const char *status, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_SUB_FINISH);

    sqlite3_bind_int64(st, 1, id);
    bind_counts(st, c);
    sqlite3_bind_int64(st, 10, xy_now());
    sqlite3_bind_text(st, 11, status, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return db_error(s, err, "finish the submission");
    sqlite3_reset(st);
    return XY_OK;
}

static xy_code sq_batch_put(struct xy_store *xs, int64_t submission_id, long first_line,
                            long last_line, int64_t *id, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_BATCH_PUT);

    sqlite3_bind_int64(st, 1, submission_id);
    sqlite3_bind_int64(st, 2, first_line);
    sqlite3_bind_int64(st, 3, last_line);
    sqlite3_bind_int64(st, 4, xy_now());
    if (sqlite3_step(st) != SQLITE_DONE)
        return db_error(s, err, "record the batch");
    sqlite3_reset(st);
    *id = sqlite3_last_insert_rowid(s->db);
    return XY_OK;
}

static xy_code sq_batch_finish(struct xy_store *xs, int64_t id, const struct xy_counts *c,
                               struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_BATCH_FINISH);

    sqlite3_bind_int64(st, 1, id);
    bind_counts(st, c);
    if (sqlite3_step(st) != SQLITE_DONE)
        return db_error(s, err, "record the batch counts");
    sqlite3_reset(st);
    /* the statistics counters (migration 12) move with the batch */
    return xy_sq_stats_batch(xs, id, c, err);
}

/* Key of the identifier cache: the type as one character, then the lookup form. Returns cap
 * when it does not fit (callers test n < cap). */
static size_t cache_key(enum xy_ident_type type, const char *lookup, char *buf, size_t cap)
{
    size_t n = strlen(lookup);

    if (n + 2 > cap)
        return cap;
    buf[0] = (char)('0' + (int)type);
    memcpy(buf + 1, lookup, n);
    return n + 1;
}

/* The identifier's lookup form (ID numbers as a keyed hash, store/seal.h, everything else as
 * is) and its cache key. */
static size_t ident_key(struct sq *s, struct xy_arena *a, const struct xy_ident *id, char *buf,
                        size_t cap, const char **lookup)
{
    *lookup = is_idno_type(id->type) ? xy_store_idno_lookup(s->keys, a, id->value) : id->value;
    return cache_key(id->type, *lookup, buf, cap);
}

/* Subjects and identifiers created while storing a batch are written at its end, sorted, a
 * chunk of rows per statement: a new subject then costs one index probe, not five separate
 * inserts (docs/performance.md). Lookups within the batch are served by the caches. */
struct pending_subject {
    int64_t id;
    enum xy_subject_kind kind;
    enum xy_ident_type code_type;
    const char *code;
    const char *name;
};

struct pending_ident {
    enum xy_ident_type type;
    const char *value;
    int64_t subject_id;
};

struct pending {
    struct xy_arena *a;
    struct pending_subject *subj;
    size_t nsubj, capsubj;
    struct pending_ident *idents;
    size_t nident, capident;
    int64_t next_id;
};

#define CHUNK_ROWS 64
static const char subj_head[] = "INSERT INTO subjects(id, kind, code_type, code, name, created_at)";
static const char ident_head[] = "INSERT OR IGNORE INTO identifiers(type, value, subject_id)";

static void pending_ident_add(struct pending *p, enum xy_ident_type type, const char *value,
                              int64_t subject_id)
{
    if (p->nident == p->capident) {
        p->capident = p->capident ? p->capident * 2 : 1024;
        p->idents = xy_realloc(p->idents, p->capident * sizeof(*p->idents));
    }
    p->idents[p->nident].type = type;
    p->idents[p->nident].value = xy_arena_strdup(p->a, value);
    p->idents[p->nident].subject_id = subject_id;
    p->nident++;
}

static int64_t pending_subject_add(struct pending *p, const struct xy_row *row, const char *code)
{
    struct pending_subject *ps;

    if (p->nsubj == p->capsubj) {
        p->capsubj = p->capsubj ? p->capsubj * 2 : 1024;
        p->subj = xy_realloc(p->subj, p->capsubj * sizeof(*p->subj));
    }
    ps = &p->subj[p->nsubj++];
    ps->id = p->next_id++;
    ps->kind = row->kind;
    ps->code_type = row->primary.type;
    ps->code = xy_arena_strdup(p->a, code);
    ps->name = row->name ? xy_arena_strdup(p->a, row->name) : NULL;
    return ps->id;
}

static int by_type_value(const void *pa, const void *pb)
{
    const struct pending_ident *a = pa, *b = pb;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return strcmp(a->value, b->value);
}

/* "INSERT ... VALUES (?,?),(?,?)..." for n rows of width columns. */
static sqlite3_stmt *multi_insert(struct sq *s, const char *head, int width, size_t n)
{
    struct xy_buf sql = XY_BUF_INIT;
    sqlite3_stmt *st = NULL;

    xy_buf_adds(&sql, head);
    for (size_t r = 0; r < n; r++) {
        xy_buf_adds(&sql, r ? ",(" : " VALUES (");
        for (int c = 0; c < width; c++)
            xy_buf_adds(&sql, c ? ",?" : "?");
        xy_buf_addc(&sql, ')');
    }
    if (sqlite3_prepare_v3(s->db, sql.data, (int)sql.len, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "fatal: cannot prepare a multi-row insert: %s\n", sqlite3_errmsg(s->db));
        abort();
    }
    xy_buf_release(&sql);
    return st;
}

/* Run a chunk insert; one prepared for a short last chunk is finalized after use. */
static xy_code step_chunk(struct sq *s, sqlite3_stmt *st, sqlite3_stmt *cached, const char *what,
                          struct xy_err *err)
{
    xy_code rc = sqlite3_step(st) == SQLITE_DONE ? XY_OK : db_error(s, err, what);

    if (st != cached)
        sqlite3_finalize(st);
    return rc;
}

static xy_code pending_flush(struct sq *s, struct pending *p, struct xy_err *err)
{
    int64_t now = xy_now();
    size_t i = 0;
    xy_code rc;

    while (i < p->nsubj) {
        size_t n = p->nsubj - i < CHUNK_ROWS ? p->nsubj - i : CHUNK_ROWS;
        sqlite3_stmt *st = n == CHUNK_ROWS ? s->subj_chunk : multi_insert(s, subj_head, 6, n);
        int k = 1;
        sqlite3_reset(st);
        for (size_t r = 0; r < n; r++, i++) {
            const struct pending_subject *ps = &p->subj[i];
            sqlite3_bind_int64(st, k++, ps->id);
            sqlite3_bind_text(st, k++, xy_kind_id(ps->kind), -1, SQLITE_STATIC);
            sqlite3_bind_int(st, k++, (int)ps->code_type);
            sqlite3_bind_text(st, k++, ps->code, -1, SQLITE_STATIC);
            if (ps->name)
                sqlite3_bind_text(st, k++, ps->name, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, k++);
            sqlite3_bind_int64(st, k++, now);
        }
        if ((rc = step_chunk(s, st, s->subj_chunk, "create subjects", err)) != XY_OK)
            return rc;
    }
    if (p->nident) /* qsort(NULL, 0, ...) is undefined */
        qsort(p->idents, p->nident, sizeof(*p->idents), by_type_value);
    i = 0;
    while (i < p->nident) {
        size_t n = p->nident - i < CHUNK_ROWS ? p->nident - i : CHUNK_ROWS;
        sqlite3_stmt *st = n == CHUNK_ROWS ? s->ident_chunk : multi_insert(s, ident_head, 3, n);
        int k = 1;
        sqlite3_reset(st);
        for (size_t r = 0; r < n; r++, i++) {
            sqlite3_bind_int(st, k++, (int)p->idents[i].type);
            sqlite3_bind_text(st, k++, p->idents[i].value, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, k++, p->idents[i].subject_id);
        }
        if ((rc = step_chunk(s, st, s->ident_chunk, "save identifiers", err)) != XY_OK)
            return rc;
    }
    return XY_OK;
}

/* Key of the names cache: the subject id's bytes, then the name. 0 when it does not fit. */
static size_t names_key(char key[600], int64_t subject_id, const char *name)
{
    size_t len = strlen(name);

    if (len + sizeof(subject_id) > 600)
        return 0;
    memcpy(key, &subject_id, sizeof(subject_id));
    memcpy(key + sizeof(subject_id), name, len);
    return len + sizeof(subject_id);
}

/* A name the subject is submitted under: its own (subjects.name) or, if different, an alias
 * that is kept and indexed too, so the company is found under its old name. People's names
 * are kept but never indexed. */
static xy_code name_put(struct sq *s, struct pending *p, int64_t subject_id, const char *name,
                        int is_new, int person, struct xy_err *err)
{
    char key[600];
    size_t n = names_key(key, subject_id, name);
    int fits = n > 0;
    const char *own = NULL;
    sqlite3_stmt *st;
    int r;

    if (is_new || (fits && xy_hmap_get(s->names, key, n)))
        goto known;
    if (subject_id >= p->next_id - (int64_t)p->nsubj) {
        /* created earlier in this batch, not written yet: ids are consecutive */
        own = p->subj[subject_id - (p->next_id - (int64_t)p->nsubj)].name;
    } else {
        st = stmt(s, ST_NAME_GET);
        sqlite3_bind_int64(st, 1, subject_id);
        r = sqlite3_step(st);
        if (r != SQLITE_ROW)
            return db_error(s, err, "read a subject's name");
        if (sqlite3_column_text(st, 0))
            own = xy_arena_strdup(p->a, (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
    }
    if (own && !strcmp(own, name))
        goto known;
    st = stmt(s, ST_NAME_PUT);
    sqlite3_bind_int64(st, 1, subject_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return db_error(s, err, "save a subject name");
    sqlite3_reset(st);
    if (sqlite3_changes(s->db) == 1 && !person) {
        int64_t rowid = sqlite3_last_insert_rowid(s->db);
        /* both name indexes, in the batch's transaction */
        for (int ix = 0; ix < 2; ix++) {
            st = stmt(s, ix ? ST_BIGRAM_PUT : ST_FTS_PUT);
            sqlite3_bind_int64(st, 1, -rowid);
            sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                return db_error(s, err, "index a subject name");
            sqlite3_reset(st);
        }
    }
known:
    if (fits)
        xy_hmap_put(s->names, key, n, 1);
    return XY_OK;
}

/* Find the subject a row is about, creating it (with its identifiers and name) if new. */
/* Look a subject up by an identifier's lookup form: 1 found (id and its name cached), 0 not
 * there, -1 on a database error. */
static int probe_subject(struct sq *s, enum xy_ident_type type, const char *lookup, const char *key,
                         size_t n, int64_t *subject_id, struct xy_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_IDENT_GET);
    int r;

    sqlite3_bind_int(st, 1, (int)type);
    sqlite3_bind_text(st, 2, lookup, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        sqlite3_reset(st);
        return 0;
    }
    if (r != SQLITE_ROW) {
        db_error(s, err, "look up a subject");
        return -1;
    }
    *subject_id = sqlite3_column_int64(st, 0);
    if (n < 600) /* the callers' key buffers hold 600 bytes */
        xy_hmap_put(s->idents, key, n, *subject_id);
    /* its own name is known now: name_put need not read it again */
    if (sqlite3_column_text(st, 1)) {
        char nkey[600];
        size_t nn = names_key(nkey, *subject_id, (const char *)sqlite3_column_text(st, 1));
        if (nn)
            xy_hmap_put(s->names, nkey, nn, 1);
    }
    sqlite3_reset(st);
    return 1;
}

/* absent: an earlier probe of this batch found no subject with the row's primary identifier */
static xy_code resolve_subject(struct sq *s, struct pending *p, const struct xy_row *row,
                               int absent, struct xy_arena *a, int64_t *subject_id, int *is_new,
                               struct xy_err *err)
{
    char key[600];
    const char *lookup;
    size_t n = ident_key(s, a, &row->primary, key, sizeof(key), &lookup);
    int64_t *hit = n < sizeof(key) ? xy_hmap_get(s->idents, key, n) : NULL;
    xy_code rc;
    int r;

    *is_new = 0;
    if (hit) {
        *subject_id = *hit;
    } else {
        r = absent ? 0 : probe_subject(s, row->primary.type, lookup, key, n, subject_id, err);
        if (r < 0)
            return XY_STORAGE;
        if (r == 0) {
            /* the file shows the number: subjects.code keeps it sealed, not hashed */
            *subject_id = pending_subject_add(
                p, row,
                is_idno_type(row->primary.type) ? xy_store_idno_seal(s->keys, a, row->primary.value)
                                                : lookup);
            pending_ident_add(p, row->primary.type, lookup, *subject_id);
            *is_new = 1;
            if (n < sizeof(key))
                xy_hmap_put(s->idents, key, n, *subject_id);
        }
    }
    /* legacy identifiers resolve to the same file; the first subject to claim one keeps it */
    for (size_t i = 0; i < row->nidents; i++) {
        n = ident_key(s, a, &row->idents[i], key, sizeof(key), &lookup);
        if (n < sizeof(key) && xy_hmap_get(s->idents, key, n))
            continue;
        pending_ident_add(p, row->idents[i].type, lookup, *subject_id);
        if (n < sizeof(key))
            xy_hmap_put(s->idents, key, n, *subject_id);
    }
    if (row->name && (rc = name_put(s, p, *subject_id, row->name, *is_new,
                                    row->kind == XY_KIND_PERSON, err)) != XY_OK)
        return rc;
    return XY_OK;
}

/* The layout id of an item's records, created on first use. */
static xy_code layout_id(struct sq *s, const struct xy_item *item, struct xy_arena *a, int64_t *id,
                         struct xy_err *err)
{
    /* keyed by the item (the catalogue lives as long as the store is used) */
    int64_t *hit = xy_hmap_get(s->layouts, &item, sizeof(item));
    const char *fields;
    sqlite3_stmt *st;
    size_t n;
    int r;

    if (hit) {
        *id = *hit;
        return XY_OK;
    }
    fields = xy_store_record_layout(item, a);
    n = strlen(fields);
    st = stmt(s, ST_LAYOUT_GET);
    sqlite3_bind_text(st, 1, fields, (int)n, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    } else if (r == SQLITE_DONE) {
        st = stmt(s, ST_LAYOUT_PUT);
        sqlite3_bind_text(st, 1, item->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, fields, (int)n, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            return db_error(s, err, "save a record layout");
        sqlite3_reset(st);
        *id = sqlite3_last_insert_rowid(s->db);
    } else {
        return db_error(s, err, "read a record layout");
    }
    xy_hmap_put(s->layouts, &item, sizeof(item), *id);
    return XY_OK;
}

struct probe_order {
    enum xy_ident_type type;
    const char *lookup;
    size_t i;
};

static int by_ident(const void *pa, const void *pb)
{
    const struct probe_order *a = pa, *b = pb;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return strcmp(a->lookup, b->lookup);
}

/* Look up, in identifier order, the subjects of a batch that the cache does not know: the
 * index pages are then read in order instead of at random, which matters once the index is
 * larger than the page cache. absent[i] tells resolve_subject that no probe is needed. */
static xy_code probe_in_order(struct sq *s, const struct xy_record_in *recs,
                              const struct xy_put_result *results, size_t n, struct xy_arena *a,
                              unsigned char *absent, struct xy_err *err)
{
    struct probe_order *po = xy_malloc((n ? n : 1) * sizeof(*po));
    size_t m = 0;
    xy_code rc = XY_OK;

    for (size_t i = 0; i < n; i++) {
        char key[600];
        const char *lookup;
        size_t kn;
        if (results[i].outcome != XY_PUT_NEW && results[i].outcome != XY_PUT_VERSION)
            continue; /* unchanged and duplicate rows write nothing: no subject needed */
        kn = ident_key(s, a, &recs[i].row->primary, key, sizeof(key), &lookup);
        if (kn < sizeof(key) && xy_hmap_get(s->idents, key, kn))
            continue;
        po[m].type = recs[i].row->primary.type;
        po[m].lookup = lookup;
        po[m].i = i;
        m++;
    }
    if (m)
        qsort(po, m, sizeof(*po), by_ident);
    for (size_t k = 0; k < m; k++) {
        char key[600];
        size_t kn;
        int64_t id;
        int r;

        if (k && po[k].type == po[k - 1].type && !strcmp(po[k].lookup, po[k - 1].lookup)) {
            absent[po[k].i] = absent[po[k - 1].i]; /* the same subject again */
            continue;
        }
        kn = cache_key(po[k].type, po[k].lookup, key, sizeof(key));
        r = probe_subject(s, po[k].type, po[k].lookup, key, kn, &id, err);
        if (r < 0) {
            rc = XY_STORAGE;
            break;
        }
        absent[po[k].i] = r == 0;
    }
    free(po);
    return rc;
}

struct put_order {
    int64_t key_hash;
    long line;
    size_t i;
};

static int by_key_then_line(const void *pa, const void *pb)
{
    const struct put_order *a = pa, *b = pb;
    if (a->key_hash != b->key_hash)
        return a->key_hash < b->key_hash ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static xy_code sq_records_put(struct xy_store *xs, int64_t dept_id, int64_t submission_id,
                              int64_t batch_id, const struct xy_record_in *recs, size_t n,
                              struct xy_put_result *results, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    struct xy_arena *a = xy_arena_new();
    struct put_order *order = xy_malloc((n ? n : 1) * sizeof(*order));
    int64_t now = xy_now(), first_new;
    struct pending pend = {0};
    unsigned char *absent = NULL;
    int *version = NULL;
    sqlite3_stmt *st;
    int64_t *seen;
    xy_code rc = XY_OK;

    if (submission_id != s->unchanged_sub) {
        xy_hmap_clear(s->unchanged);
        s->unchanged_sub = submission_id;
    }

    if (xy_hmap_bytes(s->idents) + xy_hmap_bytes(s->names) > s->cache_budget) {
        xy_hmap_clear(s->idents);
        xy_hmap_clear(s->names);
    }
    /* in key order the index pages are visited in order, not at random: far fewer cache
     * misses on a large table; equal keys keep their file order, so a duplicate is the later */
    for (size_t i = 0; i < n; i++) {
        order[i].key_hash = recs[i].key_hash;
        order[i].line = recs[i].line;
        order[i].i = i;
    }
    qsort(order, n, sizeof(*order), by_key_then_line);
    st = stmt(s, ST_MAX_SUBJECT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        free(order);
        xy_arena_free(a);
        return db_error(s, err, "read the last subject id");
    }
    first_new = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!s->subj_chunk) {
        s->subj_chunk = multi_insert(s, subj_head, 6, CHUNK_ROWS);
        s->ident_chunk = multi_insert(s, ident_head, 3, CHUNK_ROWS);
    }
    pend.a = xy_arena_new();
    pend.next_id = first_new + 1;
    version = xy_calloc(n ? n : 1, sizeof(*version));
    /* pass 1, key order: what happens to each row. Equal keys are neighbours in this order,
     * so a key repeated inside the batch is seen without a write in between. */
    for (size_t k = 0; k < n && rc == XY_OK; k++) {
        size_t i = order[k].i;
        const struct xy_record_in *in = &recs[i];
        struct xy_put_result *res = &results[i];
        int r;

        memset(res, 0, sizeof(*res));
        if (k && order[k].key_hash == order[k - 1].key_hash &&
            !strcmp(in->row->key, recs[order[k - 1].i].row->key) &&
            in->item == recs[order[k - 1].i].item) {
            const struct xy_put_result *prev = &results[order[k - 1].i];
            res->outcome = XY_PUT_DUPLICATE;
            res->dup_line = prev->outcome == XY_PUT_DUPLICATE ? prev->dup_line : order[k - 1].line;
            continue;
        }
        seen = xy_hmap_count(s->unchanged)
                   ? xy_hmap_get(s->unchanged, &order[k].key_hash, sizeof(order[k].key_hash))
                   : NULL;
        if (seen) {
            res->outcome = XY_PUT_DUPLICATE;
            res->dup_line = (long)*seen;
            continue;
        }
        st = stmt(s, ST_HEAD_GET);
        sqlite3_bind_int64(st, 1, dept_id);
        sqlite3_bind_text(st, 2, in->item->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, in->row->key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, order[k].key_hash);
        r = sqlite3_step(st);
        version[i] = 1;
        if (r == SQLITE_ROW) {
            version[i] = sqlite3_column_int(st, 0) + 1;
            if (sqlite3_column_int64(st, 3) == submission_id) {
                res->outcome = XY_PUT_DUPLICATE;
                res->dup_line = (long)sqlite3_column_int64(st, 2);
            } else if ((uint64_t)sqlite3_column_int64(st, 1) == in->hash) {
                res->outcome = XY_PUT_UNCHANGED;
                /* bounded: past a quarter of the cache budget, later repeats of unchanged
                 * keys in a very large resubmission count as unchanged (docs/ingest.md) */
                if (xy_hmap_bytes(s->unchanged) < s->cache_budget / 4)
                    xy_hmap_put(s->unchanged, &order[k].key_hash, sizeof(order[k].key_hash),
                                in->line);
            } else {
                res->outcome = XY_PUT_VERSION;
            }
            sqlite3_reset(st);
        } else if (r == SQLITE_DONE) {
            res->outcome = XY_PUT_NEW;
        } else {
            rc = db_error(s, err, "look up the latest version of a record");
        }
    }
    /* pass 2, identifier order: the subjects of the rows to be written */
    absent = xy_calloc(n ? n : 1, 1);
    if (rc == XY_OK && (rc = probe_in_order(s, recs, results, n, pend.a, absent, err)) != XY_OK)
        goto out;
    /* pass 3, key order: write */
    for (size_t k = 0; k < n && rc == XY_OK; k++) {
        size_t i = order[k].i;
        const struct xy_record_in *in = &recs[i];
        struct xy_put_result *res = &results[i];
        int64_t subject_id = 0, layout = 0;
        char date[11];

        if (res->outcome != XY_PUT_NEW && res->outcome != XY_PUT_VERSION)
            continue;
        if ((rc = resolve_subject(s, &pend, in->row, absent[i], a, &subject_id, &res->new_subject,
                                  err)) != XY_OK)
            break;
        if ((rc = layout_id(s, in->item, a, &layout, err)) != XY_OK)
            break;
        st = stmt(s, ST_RECORD_PUT);
        sqlite3_bind_int64(st, 1, subject_id);
        sqlite3_bind_int64(st, 2, dept_id);
        sqlite3_bind_text(st, 3, in->item->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, in->row->key, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, version[i]);
        sqlite3_bind_int64(st, 6, (int64_t)in->hash);
        xy_date_format(in->row->decision_date, date);
        sqlite3_bind_text(st, 7, date, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, batch_id);
        sqlite3_bind_int64(st, 9, in->line);
        sqlite3_bind_int64(st, 10, now);
        sqlite3_bind_text(st, 11, in->payload, (int)in->payload_len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 12, order[k].key_hash);
        sqlite3_bind_int64(st, 13, layout);
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = db_error(s, err, "store a record");
            break;
        }
        sqlite3_reset(st);
        res->received_at = now;
        if ((k & 1023) == 1023)
            xy_arena_reset(a);
    }
    if (rc == XY_OK)
        rc = pending_flush(s, &pend, err);
    /* the statistics counters (migration 12) move with the records */
    if (rc == XY_OK)
        rc = xy_sq_stats_records(xs, dept_id, recs, results, n, now, err);
    for (int ix = 0; ix < 2 && rc == XY_OK; ix++) {
        st = stmt(s, ix ? ST_BIGRAM_NEW : ST_FTS_NEW);
        sqlite3_bind_int64(st, 1, first_new);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_error(s, err, "index the new subjects' names");
        sqlite3_reset(st);
    }
out:
    free(version);
    free(absent);
    free(order);
    free(pend.subj);
    free(pend.idents);
    xy_arena_free(pend.a);
    xy_arena_free(a);
    return rc;
}

static enum xy_subject_kind kind_of(const char *kind)
{
    for (int k = 0; k < XY_KIND_COUNT; k++)
        if (kind && !strcmp(kind, xy_kind_id((enum xy_subject_kind)k)))
            return (enum xy_subject_kind)k;
    return (enum xy_subject_kind)0;
}

/* Room for one more element of size bytes in an arena array of *cap (doubling). */
void *xy_sq_grow(struct xy_arena *a, void *v, size_t n, size_t *cap, size_t size)
{
    void *nv;

    if (v && n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 16;
    nv = xy_arena_alloc(a, *cap * size);
    if (n)
        memcpy(nv, v, n * size);
    return nv;
}

/* SQLite takes signed limits; a size_t from outside is clamped, never wrapped to "no limit". */
static sqlite3_int64 clamp64(size_t v)
{
    return v > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)v;
}

/* kind, code_type, code, name, created_at of a subject, from column first on (the order of
 * ST_SUBJECT_GET after its id, and of SUBJECT_COLS). */
static void subject_columns(struct sq *s, sqlite3_stmt *st, int first, struct xy_arena *a,
                            struct xy_subject *out)
{
    out->kind = kind_of((const char *)sqlite3_column_text(st, first));
    out->code_type = (enum xy_ident_type)sqlite3_column_int(st, first + 1);
    out->code = col_text(a, st, first + 2);
    if (is_idno_type(out->code_type))
        out->code = open_or_mark(s, a, out->code);
    out->name = col_text(a, st, first + 3);
    out->created_at = sqlite3_column_int64(st, first + 4);
}

/* A subject's row; its identifiers too when with_idents (search results do without them). */
static xy_code read_subject_row(struct sq *s, int64_t id, int with_idents, struct xy_arena *a,
                                struct xy_subject *out, struct xy_err *err)
{
    sqlite3_stmt *st = stmt(s, ST_SUBJECT_GET);
    size_t cap = 4;
    int r;

    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "no subject with id %lld", (long long)id);
    if (r != SQLITE_ROW)
        return db_error(s, err, "read a subject");
    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(st, 0);
    subject_columns(s, st, 1, a, out);
    sqlite3_reset(st);
    if (!with_idents)
        return XY_OK;

    st = stmt(s, ST_SUBJECT_IDENTS);
    sqlite3_bind_int64(st, 1, id);
    out->idents = xy_arena_alloc(a, cap * sizeof(*out->idents));
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_ident *v;
        if (out->nidents == cap) {
            struct xy_ident *nv = xy_arena_alloc(a, cap * 2 * sizeof(*nv));
            memcpy(nv, out->idents, cap * sizeof(*nv));
            out->idents = nv;
            cap *= 2;
        }
        v = &out->idents[out->nidents++];
        v->type = (enum xy_ident_type)sqlite3_column_int(st, 0);
        v->value = col_text(a, st, 1);
        /* an ID number is kept only as its lookup form here; people have no identifier
         * besides their primary one, whose number subjects.code holds sealed */
        if (is_idno_type(v->type))
            v->value = v->type == out->code_type ? out->code : "(无法解密)";
    }
    if (r != SQLITE_DONE)
        return db_error(s, err, "read a subject's identifiers");
    return XY_OK;
}

static xy_code read_subject(struct sq *s, int64_t id, struct xy_arena *a, struct xy_subject *out,
                            struct xy_err *err)
{
    return read_subject_row(s, id, 1, a, out, err);
}

static xy_code sq_subject_by_ident(struct xy_store *xs, enum xy_ident_type type, const char *value,
                                   struct xy_arena *a, struct xy_subject *out, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_IDENT_GET);
    const char *lookup = is_idno_type(type) ? xy_store_idno_lookup(s->keys, a, value) : value;
    int64_t id;
    int r;

    sqlite3_bind_int(st, 1, (int)type);
    sqlite3_bind_text(st, 2, lookup, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "no subject carries this %s", xy_ident_type_zh(type));
    if (r != SQLITE_ROW)
        return db_error(s, err, "look up a subject");
    id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return read_subject(s, id, a, out, err);
}

/* An FTS5 phrase matching name as a substring: quoted, inner quotes doubled. */
static const char *fts_phrase(struct xy_arena *a, const char *name)
{
    struct xy_buf q = XY_BUF_INIT;
    const char *out;

    xy_buf_addc(&q, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            xy_buf_addc(&q, '"');
        xy_buf_addc(&q, *p);
    }
    xy_buf_addc(&q, '"');
    out = xy_arena_strndup(a, q.data, q.len);
    xy_buf_release(&q);
    return out;
}

/* Subject ids found by a search, in order, after skipping *skip of them. */
struct hits {
    int64_t *ids;
    size_t n, cap, limit, skip;
};

static void hit(struct xy_arena *a, struct hits *h, int64_t id)
{
    if (h->skip) {
        h->skip--;
        return;
    }
    h->ids = xy_sq_grow(a, h->ids, h->n, &h->cap, sizeof(*h->ids));
    h->ids[h->n++] = id;
}

/* Stream 1: subjects whose own name matches, in id order. Rowids are subject ids, each once. */
static xy_code search_names(struct sq *s, enum stmt_id id, const char *q, struct xy_arena *a,
                            struct hits *h, struct xy_err *err)
{
    sqlite3_stmt *st = stmt(s, id);
    int r = SQLITE_DONE;
    xy_code rc = XY_OK;

    sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    while (h->n < h->limit && (r = sqlite3_step(st)) == SQLITE_ROW)
        hit(a, h, sqlite3_column_int64(st, 0));
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_error(s, err, "search subject names");
    sqlite3_reset(st); /* a statement left running would hold its read transaction */
    return rc;
}

/* Stream 2: subjects found under another name, each once, and only when stream 1 did not
 * list it already; in the order the names were recorded. */
static xy_code search_other(struct sq *s, enum stmt_id id, enum stmt_id has, const char *q,
                            struct xy_arena *a, struct hits *h, struct xy_err *err)
{
    sqlite3_stmt *st = stmt(s, id), *hs;
    struct xy_hmap *seen = xy_hmap_new();
    int r = SQLITE_DONE, hr;
    xy_code rc = XY_OK;

    sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    while (h->n < h->limit && (r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t sid = sqlite3_column_int64(st, 0);

        if (sqlite3_column_type(st, 0) == SQLITE_NULL || xy_hmap_get(seen, &sid, sizeof(sid)))
            continue;
        xy_hmap_put(seen, &sid, sizeof(sid), 1);
        hs = stmt(s, has);
        sqlite3_bind_text(hs, 1, q, -1, SQLITE_STATIC);
        sqlite3_bind_int64(hs, 2, sid);
        hr = sqlite3_step(hs);
        if (hr != SQLITE_ROW && hr != SQLITE_DONE) {
            rc = db_error(s, err, "search subject names");
            sqlite3_reset(hs);
            break;
        }
        sqlite3_reset(hs);
        if (hr == SQLITE_DONE)
            hit(a, h, sid);
    }
    if (rc == XY_OK && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_error(s, err, "search other subject names");
    sqlite3_reset(st);
    xy_hmap_free(seen);
    return rc;
}

static xy_code sq_subject_search(struct xy_store *xs, const char *name, size_t offset, size_t limit,
                                 struct xy_arena *a, struct xy_subject **out, size_t *n,
                                 struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    size_t len = strlen(name);
    long chars = xy_utf8_chars(name, len);
    struct hits h = {.limit = limit, .skip = offset};
    enum stmt_id names = ST_SEARCH_SCAN_NAMES;
    const char *q = name;
    struct xy_subject *v;
    xy_code rc;

    /* Trigrams answer three characters or more, bigrams two; one character (or two around a
     * space, which yield no bigram) scans the names, so that a short name never looks like
     * "no such company" (DESIGN.md, traps). Streams and their order: see stmt_sql. */
    if (chars >= 3)
        names = ST_SEARCH_TRIGRAM_NAMES;
    else if (chars == 2 && xy_sqlite_bigram_count(name, (int)len) == 1)
        names = ST_SEARCH_BIGRAM_NAMES;
    if (names != ST_SEARCH_SCAN_NAMES)
        q = fts_phrase(a, name);
    /* each triple is NAMES, OTHER, HAS in enum order */
    if ((rc = search_names(s, names, q, a, &h, err)) != XY_OK)
        return rc;
    if (h.n < limit && (rc = search_other(s, (enum stmt_id)(names + 1), (enum stmt_id)(names + 2),
                                          q, a, &h, err)) != XY_OK)
        return rc;
    v = xy_arena_alloc(a, (h.n ? h.n : 1) * sizeof(*v));
    for (size_t i = 0; i < h.n; i++)
        if ((rc = read_subject_row(s, h.ids[i], 0, a, &v[i], err)) != XY_OK)
            return rc;
    *out = v;
    *n = h.n;
    return XY_OK;
}

static xy_code sq_subject_get(struct xy_store *xs, int64_t id, struct xy_arena *a,
                              struct xy_subject *out, struct xy_err *err)
{
    return read_subject((struct sq *)xs, id, a, out, err);
}

/* Zip a layout (field codes) with a payload (values) into the record's fields. */
#define MAX_READ_LAYOUTS 4096 /* a catalogue has a few dozen; past this, parse every time */

/* The field codes of a layout, parsed once per connection (layouts never change). */
static int layout_codes(struct sq *s, const char *layout, struct xy_arena *a, const char ***codes,
                        size_t *n)
{
    size_t len = layout ? strlen(layout) : 0;
    int64_t *at = len ? xy_hmap_get(s->read_index, layout, len) : NULL;
    struct read_layout *rl;

    if (at) {
        *codes = s->read_layout[*at - 1].codes;
        *n = s->read_layout[*at - 1].n;
        return 0;
    }
    if (s->nread_layouts == MAX_READ_LAYOUTS)
        return xy_json_strings(layout, a, codes, n);
    if (xy_json_strings(layout, s->read_arena, codes, n) != 0)
        return -1;
    s->read_layout = xy_realloc(s->read_layout, (s->nread_layouts + 1) * sizeof(*s->read_layout));
    rl = &s->read_layout[s->nread_layouts++];
    rl->codes = *codes;
    rl->n = *n;
    xy_hmap_put(s->read_index, layout, len, (int64_t)s->nread_layouts);
    return 0;
}

static void parse_payload(struct sq *s, struct xy_arena *a, const char *layout, const char *payload,
                          struct xy_record *rec)
{
    const char **codes, **vals;
    size_t ncodes, nvals, n, k = 0;

    /* our own writer's arrays of strings: read without a general JSON parser, which was
     * half the cost of serving a credit file (docs/performance.md) */
    rec->nfields = 0;
    if (layout_codes(s, layout, a, &codes, &ncodes) != 0 ||
        xy_json_strings(payload, a, &vals, &nvals) != 0)
        return;
    n = nvals < ncodes ? nvals : ncodes;
    rec->fields = xy_arena_alloc(a, (n + 1) * sizeof(*rec->fields));
    for (size_t i = 0; i < n; i++) {
        if (!codes[i] || !vals[i])
            continue;
        if (codes[i][0] == '#') { /* a sealed field: only these are opened */
            rec->fields[k].code = codes[i] + 1;
            rec->fields[k].value = open_or_mark(s, a, vals[i]);
        } else {
            rec->fields[k].code = codes[i];
            rec->fields[k].value = vals[i];
        }
        k++;
    }
    rec->nfields = k;
}

/* Columns 0-15 of a record row (RECORD_COLS); nversions is set to the row's own version. */
static void read_record(struct sq *s, sqlite3_stmt *st, struct xy_arena *a, struct xy_record *rec)
{
    int flags;

    memset(rec, 0, sizeof(*rec));
    rec->id = sqlite3_column_int64(st, 0);
    rec->item = col_text(a, st, 1);
    rec->dept_uscc = col_text(a, st, 2);
    rec->dept_name = col_text(a, st, 3);
    rec->key = col_text(a, st, 4);
    rec->version = rec->nversions = sqlite3_column_int(st, 5);
    rec->decision_date = col_text(a, st, 6);
    parse_payload(s, a, (const char *)sqlite3_column_text(st, 12),
                  (const char *)sqlite3_column_text(st, 7), rec);
    rec->batch_id = sqlite3_column_int64(st, 8);
    rec->file = col_text(a, st, 9);
    rec->line = (long)sqlite3_column_int64(st, 10);
    rec->received_at = sqlite3_column_int64(st, 11);
    rec->subject_id = sqlite3_column_int64(st, 13);
    rec->dept_id = sqlite3_column_int64(st, 14);
    flags = sqlite3_column_int(st, 15); /* NULL (no case) reads as 0 */
    rec->disputed = (flags & 1) != 0;
    rec->hidden = (flags & 2) != 0;
    rec->pending = (flags & 4) != 0;
}

/* The record's subject from SUBJECT_COLS (columns 16-20), without identifiers. */
static const struct xy_subject *read_record_subject(struct sq *s, sqlite3_stmt *st,
                                                    struct xy_arena *a, int64_t id)
{
    struct xy_subject *subj = xy_arena_zalloc(a, sizeof(*subj));

    subj->id = id;
    subject_columns(s, st, 16, a, subj);
    return subj;
}

static xy_code sq_subject_records(struct xy_store *xs, int64_t subject_id, struct xy_arena *a,
                                  struct xy_record **out, size_t *n, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_SUBJECT_RECORDS);
    size_t cap = 0, k = 0;
    struct xy_record *v = NULL;
    int r;

    sqlite3_bind_int64(st, 1, subject_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        read_record(s, st, a, &v[k++]);
    }
    if (r != SQLITE_DONE)
        return db_error(s, err, "read a subject's records");
    *out = v ? v : xy_arena_alloc(a, sizeof(*v));
    *n = k;
    return XY_OK;
}

static xy_code sq_record_get(struct xy_store *xs, int64_t id, struct xy_arena *a,
                             struct xy_record *out, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, ST_RECORD_GET);
    int r;

    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "no record with id %lld", (long long)id);
    if (r != SQLITE_ROW) {
        xy_code rc = db_error(s, err, "read a record");
        sqlite3_reset(st);
        return rc;
    }
    read_record(s, st, a, out);
    out->subject = read_record_subject(s, st, a, out->subject_id);
    out->nversions = sqlite3_column_int(st, 21);
    sqlite3_reset(st);
    return XY_OK;
}

static xy_code sq_records_browse(struct xy_store *xs, const struct xy_browse *q, struct xy_arena *a,
                                 struct xy_record **out, size_t *n, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st = stmt(s, q->dept_id ? ST_BROWSE_DEPT : ST_BROWSE_ITEM);
    size_t cap = 0, k = 0;
    struct xy_record *v = NULL;
    int r;

    sqlite3_bind_text(st, 1, q->item, -1, SQLITE_STATIC);
    if (q->dept_id)
        sqlite3_bind_int64(st, 2, q->dept_id);
    /* dates are stored as YYYY-MM-DD text, so text order is date order */
    sqlite3_bind_text(st, 3, q->from ? q->from : "", -1, SQLITE_STATIC);
    /* after (before_date, before_id): the range starts at that date, and on that date only
     * smaller ids are left; without it, every id of the last date qualifies */
    {
        const char *to = q->to ? q->to : "9999-12-31";
        int after = q->before_date && strcmp(q->before_date, to) <= 0;
        sqlite3_bind_text(st, 4, after ? q->before_date : to, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 7, after ? q->before_id : INT64_MAX);
        sqlite3_bind_int64(st, 8, after ? q->before_dept : INT64_MAX);
    }
    sqlite3_bind_int64(st, 5, clamp64(q->limit));
    sqlite3_bind_int64(st, 6, clamp64(q->offset));
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        read_record(s, st, a, &v[k]);
        v[k].subject = read_record_subject(s, st, a, v[k].subject_id);
        k++;
    }
    if (r != SQLITE_DONE)
        return db_error(s, err, "browse records");
    *out = v ? v : xy_arena_alloc(a, sizeof(*v));
    *n = k;
    return XY_OK;
}

static xy_code sq_secret(struct xy_store *xs, unsigned char key[16], struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;

    if (!s->have_secret)
        return xy_err_set(err, XY_STORAGE,
                          "the database has no key for public ids (schema older than version 2)");
    memcpy(key, s->secret, sizeof(s->secret));
    return XY_OK;
}

static xy_code count(struct sq *s, const char *sql, int64_t *out, struct xy_err *err)
{
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "count rows");
    *out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return XY_OK;
}

static xy_code sq_stats(struct xy_store *xs, struct xy_store_stats *o, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    xy_code rc;

    if ((rc = count(s, "SELECT count(*) FROM subjects", &o->subjects, err)) != XY_OK ||
        (rc = count(s, "SELECT count(*) FROM records", &o->versions, err)) != XY_OK ||
        (rc = count(s, "SELECT count(*) FROM records WHERE version = 1", &o->records, err)) !=
            XY_OK ||
        (rc = count(s, "SELECT count(*) FROM departments", &o->departments, err)) != XY_OK ||
        (rc = count(s, "SELECT count(*) FROM submissions", &o->submissions, err)) != XY_OK ||
        (rc = count(s, "SELECT count(*) FROM batches", &o->batches, err)) != XY_OK)
        return rc;
    return XY_OK;
}

static xy_code sq_subjects_top(struct xy_store *xs, int organisations_only, size_t limit,
                               struct xy_arena *a, struct xy_subject **out, int64_t **nrecords,
                               size_t *n, struct xy_err *err)
{
    struct sq *s = (struct sq *)xs;
    sqlite3_stmt *st;
    struct xy_subject *v = xy_arena_alloc(a, (limit ? limit : 1) * sizeof(*v));
    int64_t *counts = xy_arena_alloc(a, (limit ? limit : 1) * sizeof(*counts));
    int64_t *ids = xy_arena_alloc(a, (limit ? limit : 1) * sizeof(*ids));
    size_t k = 0;
    xy_code rc;

    if (sqlite3_prepare_v2(s->db,
                           "SELECT r.subject_id, count(*) AS c FROM records r"
                           " JOIN subjects s ON s.id = r.subject_id"
                           " WHERE r.version = 1 AND (?1 = 0 OR s.kind <> 'person')"
                           " GROUP BY r.subject_id ORDER BY c DESC, r.subject_id LIMIT ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(s, err, "rank subjects");
    sqlite3_bind_int(st, 1, organisations_only);
    sqlite3_bind_int64(st, 2, (int64_t)limit);
    while (k < limit && sqlite3_step(st) == SQLITE_ROW) {
        ids[k] = sqlite3_column_int64(st, 0);
        counts[k] = sqlite3_column_int64(st, 1);
        k++;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < k; i++)
        if ((rc = read_subject(s, ids[i], a, &v[i], err)) != XY_OK)
            return rc;
    *out = v;
    *nrecords = counts;
    *n = k;
    return XY_OK;
}

/* ---- shared with the other files of the backend (internal.h) ---- */

void xy_sq_read_record(struct xy_store *xs, sqlite3_stmt *st, struct xy_arena *a,
                       struct xy_record *rec)
{
    read_record((struct sq *)xs, st, a, rec);
}

sqlite3 *xy_sq_db(struct xy_store *xs)
{
    return ((struct sq *)xs)->db;
}

sqlite3_stmt *xy_sq_stmt(struct xy_store *xs, const char *sql)
{
    struct sq *s = (struct sq *)xs;
    int64_t *hit = xy_hmap_get(s->more_st, &sql, sizeof(sql));
    sqlite3_stmt *st;

    if (hit) {
        st = s->more[*hit];
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "fatal: cannot prepare \"%s\": %s\n", sql, sqlite3_errmsg(s->db));
        abort(); /* our own SQL: a failure here is a programming error */
    }
    if (s->nmore == s->capmore) {
        s->capmore = s->capmore ? s->capmore * 2 : 32;
        s->more = xy_realloc(s->more, s->capmore * sizeof(*s->more));
    }
    s->more[s->nmore] = st;
    xy_hmap_put(s->more_st, &sql, sizeof(sql), (int64_t)s->nmore++);
    return st;
}

xy_code xy_sq_error(struct xy_store *xs, struct xy_err *err, const char *what)
{
    return db_error((struct sq *)xs, err, what);
}

int xy_sq_parse_day(const unsigned char *t)
{
    int y, m, d;
    if (!t || sscanf((const char *)t, "%4d-%2d-%2d", &y, &m, &d) != 3 || !xy_date_valid(y, m, d))
        return INT32_MIN;
    return xy_days_from_civil(y, m, d);
}

const char *xy_sq_text(struct xy_arena *a, sqlite3_stmt *st, int col)
{
    return col_text(a, st, col);
}

void xy_sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

void xy_sq_bind_id(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

int xy_sq_in_tx(struct xy_store *xs)
{
    return ((struct sq *)xs)->in_tx;
}

struct xy_keyring *xy_sq_keys(struct xy_store *xs)
{
    return ((struct sq *)xs)->keys;
}

const struct xy_store_ops xy_store_sqlite_ops = {
    .name = "sqlite",
    .read_begin = sq_read_begin,
    .search_optimize = sq_search_optimize,
    .read_end = sq_read_end,
    .version = 1,
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .dept_put = sq_dept_put,
    .dept_get = sq_dept_get,
    .dept_list = sq_dept_list,
    .uscc_allow_put = sq_allow_put,
    .uscc_allow_list = sq_allow_list,
    .submission_put = sq_submission_put,
    .submission_finish = sq_submission_finish,
    .batch_put = sq_batch_put,
    .batch_finish = sq_batch_finish,
    .records_put = sq_records_put,
    .subject_by_ident = sq_subject_by_ident,
    .subject_search = sq_subject_search,
    .subject_get = sq_subject_get,
    .record_get = sq_record_get,
    .records_browse = sq_records_browse,
    .secret = sq_secret,
    .subject_records = sq_subject_records,
    .stats = sq_stats,
    .subjects_top = sq_subjects_top,
    /* ---- accounts (accounts.c) ---- */
    .user_put = xy_sq_user_put,
    .user_update = xy_sq_user_update,
    .user_get = xy_sq_user_get,
    .user_list = xy_sq_user_list,
    .session_put = xy_sq_session_put,
    .session_get = xy_sq_session_get,
    .session_touch = xy_sq_session_touch,
    .sessions_delete = xy_sq_sessions_delete,
    .token_put = xy_sq_token_put,
    .token_get = xy_sq_token_get,
    .token_list = xy_sq_token_list,
    .token_update = xy_sq_token_update,
    /* ---- end accounts ---- */
    /* ---- audit (audit.c) ---- */
    .audit_last = xy_sq_audit_last,
    .audit_insert = xy_sq_audit_insert,
    .audit_scan = xy_sq_audit_scan,
    .audit_search = xy_sq_audit_search,
    .audit_anchor = xy_sq_audit_anchor,
    .audit_checkpoint_put = xy_sq_audit_checkpoint_put,
    .audit_checkpoint_get = xy_sq_audit_checkpoint_get,
    .audit_checkpoint_scan = xy_sq_audit_checkpoint_scan,
    .audit_purge = xy_sq_audit_purge,
    /* ---- end audit ---- */
    /* ---- keys (rekey.c) ---- */
    .sealed_counts = xy_sq_sealed_counts,
    .reseal_chunk = xy_sq_reseal_chunk,
    /* ---- end keys ---- */
    /* ---- queue (queue.c) ---- */
    .queue_put = sq_queue_put,
    .queue_next = sq_queue_next,
    .queue_recover = sq_queue_recover,
    .submission_start = sq_submission_start,
    .submission_error = sq_submission_error,
    .batches_list = sq_batches_list,
    .batch_get = sq_batch_get,
    .dept_totals = sq_dept_totals,
    /* ---- end queue ---- */
    /* ---- remedies (remedy.c) ---- */
    .case_put = xy_sq_case_put,
    .case_update = xy_sq_case_update,
    .case_get = xy_sq_case_get,
    .case_list = xy_sq_case_list,
    .case_count = xy_sq_case_count,
    .case_step_put = xy_sq_case_step_put,
    .case_steps = xy_sq_case_steps,
    .evidence_put = xy_sq_evidence_put,
    .evidence_list = xy_sq_evidence_list,
    .notice_put = xy_sq_notice_put,
    .notice_list = xy_sq_notice_list,
    .notice_read = xy_sq_notice_read,
    .record_versions = xy_sq_record_versions,
    /* ---- end remedies ---- */
    /* ---- checks (checks.c) ---- */
    .check_put = xy_sq_check_put,
    .check_get = xy_sq_check_get,
    .list_version = xy_sq_list_version,
    .check_rows = xy_sq_check_rows,
    .check_hits_add = xy_sq_check_hits_add,
    .check_finish = xy_sq_check_finish,
    .checks_list = xy_sq_checks_list,
    .ident_subject = xy_sq_ident_subject,
    .subject_list_records = xy_sq_subject_list_records,
    .list_entries = xy_sq_list_entries,
    /* ---- end checks ---- */
    /* ---- approvals (approvals.c) ---- */
    .list_adds_hold = xy_sq_list_adds_hold,
    .list_add_settle = xy_sq_list_add_settle,
    /* ---- end approvals ---- */
    /* ---- feedback and re-screening (feedback.c) ---- */
    .feedback_put = xy_sq_feedback_put,
    .feedback_list = xy_sq_feedback_list,
    .figures = xy_sq_figures,
    .screened = xy_sq_screened,
    .rescreen_put = xy_sq_rescreen_put,
    .rescreen_list = xy_sq_rescreen_list,
    .rescreen_get = xy_sq_rescreen_get,
    .rescreen_done = xy_sq_rescreen_done,
    /* ---- end feedback and re-screening ---- */
    /* ---- measures catalogue versions (measures.c) ---- */
    .measures_generation = xy_sq_measures_generation,
    .measure_put = xy_sq_measure_put,
    .measures_current = xy_sq_measures_current,
    .measure_history = xy_sq_measure_history,
    /* ---- end measures ---- */
    /* ---- reports (reports.c) ---- */
    .report_put = xy_sq_report_put,
    .report_get = xy_sq_report_get,
    .grant_put = xy_sq_grant_put,
    .grant_list = xy_sq_grant_list,
    .grant_revoke = xy_sq_grant_revoke,
    .grant_live = xy_sq_grant_live,
    /* ---- end reports ---- */
    /* ---- screen jobs (screen.c) ---- */
    .screen_put = xy_sq_screen_put,
    .screen_get = xy_sq_screen_get,
    .screen_list = xy_sq_screen_list,
    .screen_next = xy_sq_screen_next,
    .screen_start = xy_sq_screen_start,
    .screen_progress = xy_sq_screen_progress,
    .screen_finish = xy_sq_screen_finish,
    .screen_recover = xy_sq_screen_recover,
    /* ---- end screen jobs ---- */
    /* ---- statistics counters (stats.c) ---- */
    .stats_add = xy_sq_stats_add,
    .stats_cells = xy_sq_stats_cells,
    .stats_kinds = xy_sq_stats_kinds,
    .stats_registered_put = xy_sq_stats_registered_put,
    .stats_registered = xy_sq_stats_registered,
    .stats_cases = xy_sq_stats_cases,
    .stats_recount = xy_sq_stats_recount,
    .stats_built = xy_sq_stats_built,
    /* ---- end statistics counters ---- */
};
