/* keyring.c - the key file: parse, check, reload, rotate, seal (layer: crypto)
 *
 * File format (text, one item a line, '#' starts a comment):
 *   index <64 hex>            HMAC-SM3 key of the ID-number lookup form (never rotated)
 *   audit <64 hex>            HMAC-SM3 key of the audit chain (never rotated)
 *   data <version> <64 hex>   a data master key; one line per version still in use
 *   current <version>         the version new values are sealed with
 * A data master key is not used directly: the SM4 key is the first 16 bytes of
 * HMAC-SM3(master, "xinyong sm4 enc") and the MAC key is HMAC-SM3(master, "xinyong mac"), so
 * the two never share bits.
 *
 * Threads: every lookup takes the mutex (uncontended, it costs nanoseconds); data keys live in
 * nodes that are never freed or moved before xy_keyring_free(), so a pointer returned by
 * xy_keyring_data_key() stays valid while another thread reloads.
 */
#include "crypto/keyring.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#define KEY_FILE_MAX  65536
#define MAX_VERSIONS  1000
#define KEYS_ENV      "XINYONG_KEYS"
#define MASTER_LEN    32
#define SEALED_PREFIX 's'

struct data_key {
    int version;
    int present; /* still in the file (retired versions keep their node until free) */
    unsigned char master[MASTER_LEN];
    struct xy_aead_key key;
};

struct xy_keyring {
    pthread_mutex_t mu;
    char *path; /* "" when from the environment */
    struct data_key **keys;
    size_t n, cap;
    int current;
    unsigned char index[XY_SM3_LEN], audit[XY_SM3_LEN];
    struct xy_hmac_key *index_mac; /* the index key, absorbed once (it never changes) */
    /* what the file looked like when read, and when we last looked */
    struct timespec mtime;
    off_t size;
    time_t checked;
};

/* What one parse of the text yields, before it is merged into a keyring. */
struct parsed {
    int versions[MAX_VERSIONS];
    unsigned char masters[MAX_VERSIONS][MASTER_LEN];
    size_t n;
    int current;
    int have_index, have_audit;
    unsigned char index[XY_SM3_LEN], audit[XY_SM3_LEN];
};

static void derive(struct data_key *d)
{
    static const char enc_label[] = "xinyong sm4 enc", mac_label[] = "xinyong mac";
    unsigned char full[XY_SM3_LEN];

    xy_hmac_sm3(d->master, MASTER_LEN, enc_label, sizeof enc_label - 1, full);
    memcpy(d->key.enc, full, XY_SM4_KEYLEN);
    xy_hmac_sm3(d->master, MASTER_LEN, mac_label, sizeof mac_label - 1, d->key.mac);
    OPENSSL_cleanse(full, sizeof full);
}

static xy_code parse(const char *text, const char *where, struct parsed *p, struct xy_err *err)
{
    const char *s = text;
    long line = 0;

    memset(p, 0, sizeof *p);
    while (*s) {
        char buf[256], word[16], hex[80];
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        int version = 0, got;

        line++;
        if (len >= sizeof buf)
            return xy_err_set(err, XY_PARSE, "line %ld of the keys in %s is too long", line, where);
        memcpy(buf, s, len);
        buf[len] = '\0';
        s += len + (eol ? 1 : 0);
        if (len && buf[len - 1] == '\r')
            buf[--len] = '\0';
        char *c = buf + strspn(buf, " \t");
        if (!*c || *c == '#')
            continue;
        if ((got = sscanf(c, "%15s", word)) != 1)
            continue;
        if (!strcmp(word, "index") || !strcmp(word, "audit")) {
            int is_index = word[0] == 'i';
            if (sscanf(c, "%*s %79s %*s", hex) < 1 ||
                xy_unhex(hex, is_index ? p->index : p->audit, XY_SM3_LEN) != 0 ||
                sscanf(c, "%*s %*s %1s", word) == 1)
                return xy_err_set(err, XY_PARSE,
                                  "line %ld of the keys in %s: %s needs 64 hex digits", line, where,
                                  is_index ? "index" : "audit");
            if (is_index)
                p->have_index = 1;
            else
                p->have_audit = 1;
        } else if (!strcmp(word, "data")) {
            if (sscanf(c, "%*s %d %79s", &version, hex) != 2 || version < 1 ||
                version > INT_MAX / 2 || p->n >= MAX_VERSIONS ||
                xy_unhex(hex, p->masters[p->n], MASTER_LEN) != 0 ||
                sscanf(c, "%*s %*s %*s %1s", word) == 1)
                return xy_err_set(err, XY_PARSE,
                                  "line %ld of the keys in %s: expected \"data <version> <64 hex "
                                  "digits>\"",
                                  line, where);
            for (size_t i = 0; i < p->n; i++)
                if (p->versions[i] == version)
                    return xy_err_set(err, XY_PARSE,
                                      "line %ld of the keys in %s: data key version %d twice", line,
                                      where, version);
            p->versions[p->n++] = version;
        } else if (!strcmp(word, "current")) {
            if (sscanf(c, "%*s %d", &version) != 1 || version < 1 ||
                sscanf(c, "%*s %*s %1s", word) == 1)
                return xy_err_set(err, XY_PARSE,
                                  "line %ld of the keys in %s: expected \"current <version>\"",
                                  line, where);
            p->current = version;
        } else {
            return xy_err_set(err, XY_PARSE, "line %ld of the keys in %s: unknown item \"%s\"",
                              line, where, word);
        }
    }
    if (!p->have_index || !p->have_audit || !p->n || !p->current)
        return xy_err_set(err, XY_PARSE, "the keys in %s lack %s", where,
                          !p->have_index   ? "the index key"
                          : !p->have_audit ? "the audit key"
                          : !p->n          ? "a data key"
                                           : "the current version");
    for (size_t i = 0; i < p->n; i++)
        if (p->versions[i] == p->current)
            return XY_OK;
    return xy_err_set(err, XY_PARSE, "the keys in %s: current version %d has no data key", where,
                      p->current);
}

/* Read the key file after checking who may read it. The text is malloc'd. */
static xy_code read_file(const char *path, char **text, struct stat *st, struct xy_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t got;
    char *buf;

    *text = NULL;
    if (fd < 0) {
        if (errno == ENOENT)
            return xy_err_set(err, XY_NOT_FOUND, "密钥文件 \"%s\" 不存在", path);
        return xy_err_set(err, XY_IO, "无法读取密钥文件 \"%s\": %s", path, strerror(errno));
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return xy_err_set(err, XY_DENIED, "密钥文件 \"%s\" 不是普通文件", path);
    }
    if (st->st_uid != geteuid()) {
        close(fd);
        xy_err_set(err, XY_DENIED, "密钥文件 \"%s\" 不属于运行本服务的用户", path);
        xy_err_detail(err, "请以文件所有者身份运行，或执行 chown 将其交给服务用户");
        return XY_DENIED;
    }
    if (st->st_mode & 077) {
        close(fd);
        xy_err_set(err, XY_DENIED, "密钥文件 \"%s\" 的权限过宽（%03o），组和其他用户不得访问", path,
                   (unsigned)(st->st_mode & 0777));
        xy_err_detail(err, "请执行 chmod 600 %s", path);
        return XY_DENIED;
    }
    if (st->st_size > KEY_FILE_MAX) {
        close(fd);
        return xy_err_set(err, XY_TOO_LARGE, "密钥文件 \"%s\" 超过 %d 字节", path, KEY_FILE_MAX);
    }
    buf = malloc((size_t)st->st_size + 1);
    if (!buf)
        abort();
    got = read(fd, buf, (size_t)st->st_size);
    close(fd);
    if (got != st->st_size) {
        free(buf);
        return xy_err_set(err, XY_IO, "无法读取密钥文件 \"%s\"", path);
    }
    buf[got] = '\0';
    *text = buf;
    return XY_OK;
}

static struct data_key *find(const struct xy_keyring *kr, int version)
{
    for (size_t i = 0; i < kr->n; i++)
        if (kr->keys[i]->version == version)
            return kr->keys[i];
    return NULL;
}

/* Merge a parse into kr (the mutex held or kr not yet shared). New versions get new nodes;
 * versions gone from the text are marked absent but keep their memory. The index and audit
 * keys may never change under a running keyring. */
static xy_code merge(struct xy_keyring *kr, const struct parsed *p, int first, struct xy_err *err)
{
    if (!first && (!xy_ct_equal(kr->index, p->index, XY_SM3_LEN) ||
                   !xy_ct_equal(kr->audit, p->audit, XY_SM3_LEN)))
        return xy_err_set(err, XY_CONFLICT, "the index or audit key in the key file changed");
    for (size_t i = 0; i < p->n; i++) {
        struct data_key *d = find(kr, p->versions[i]);
        if (d && !xy_ct_equal(d->master, p->masters[i], MASTER_LEN))
            return xy_err_set(err, XY_CONFLICT, "data key version %d in the key file changed",
                              p->versions[i]);
    }
    memcpy(kr->index, p->index, XY_SM3_LEN);
    memcpy(kr->audit, p->audit, XY_SM3_LEN);
    if (first) {
        xy_hmac_sm3_key_free(kr->index_mac);
        kr->index_mac = xy_hmac_sm3_key_new(kr->index, XY_SM3_LEN);
    }
    for (size_t i = 0; i < kr->n; i++)
        kr->keys[i]->present = 0;
    for (size_t i = 0; i < p->n; i++) {
        struct data_key *d = find(kr, p->versions[i]);
        if (!d) {
            if (!(d = calloc(1, sizeof *d)))
                abort();
            d->version = p->versions[i];
            memcpy(d->master, p->masters[i], MASTER_LEN);
            derive(d);
            if (kr->n == kr->cap) {
                kr->cap = kr->cap ? 2 * kr->cap : 4;
                if (!(kr->keys = realloc(kr->keys, kr->cap * sizeof *kr->keys)))
                    abort();
            }
            kr->keys[kr->n++] = d;
        }
        d->present = 1;
    }
    kr->current = p->current;
    return XY_OK;
}

/* Read the file again when its mtime or size changed (the mutex held). */
static xy_code reload_if_changed(struct xy_keyring *kr, struct xy_err *err)
{
    struct stat st;
    struct parsed *p;
    char *text;
    xy_code rc;

    if (!kr->path[0])
        return XY_OK;
    if (stat(kr->path, &st) != 0)
        return xy_err_set(err, XY_IO, "无法读取密钥文件 \"%s\": %s", kr->path, strerror(errno));
    if (st.st_size == kr->size && st.st_mtim.tv_sec == kr->mtime.tv_sec &&
        st.st_mtim.tv_nsec == kr->mtime.tv_nsec)
        return XY_OK;
    if ((rc = read_file(kr->path, &text, &st, err)) != XY_OK)
        return rc;
    if (!(p = malloc(sizeof *p)))
        abort();
    if ((rc = parse(text, kr->path, p, err)) == XY_OK && (rc = merge(kr, p, 0, err)) == XY_OK) {
        kr->mtime = st.st_mtim;
        kr->size = st.st_size;
    }
    OPENSSL_cleanse(text, strlen(text));
    OPENSSL_cleanse(p, sizeof *p);
    free(text);
    free(p);
    return rc;
}

static struct xy_keyring *keyring_new(const char *path)
{
    struct xy_keyring *kr = calloc(1, sizeof *kr);

    if (!kr || !(kr->path = strdup(path)))
        abort();
    pthread_mutex_init(&kr->mu, NULL);
    kr->checked = time(NULL);
    return kr;
}

xy_code xy_keyring_load(const char *path, struct xy_keyring **out, struct xy_err *err)
{
    struct xy_keyring *kr;
    struct parsed *p;
    struct stat st = {0};
    char *text = NULL;
    const char *env = getenv(KEYS_ENV);
    int from_env = !path || !path[0];
    xy_code rc;

    *out = NULL;
    if (from_env) {
        if (!env || !env[0])
            return xy_err_set(err, XY_NOT_FOUND, "没有密钥文件，环境变量 " KEYS_ENV " 也未设置");
        if (strlen(env) > KEY_FILE_MAX)
            return xy_err_set(err, XY_TOO_LARGE, "环境变量 " KEYS_ENV " 超过 %d 字节",
                              KEY_FILE_MAX);
        if (!(text = strdup(env)))
            abort();
    } else if ((rc = read_file(path, &text, &st, err)) != XY_OK) {
        return rc;
    }
    if (!(p = malloc(sizeof *p)))
        abort();
    rc = parse(text, from_env ? "$" KEYS_ENV : path, p, err);
    if (rc == XY_OK) {
        kr = keyring_new(from_env ? "" : path);
        merge(kr, p, 1, NULL);
        kr->mtime = st.st_mtim;
        kr->size = st.st_size;
        *out = kr;
    }
    OPENSSL_cleanse(text, strlen(text));
    OPENSSL_cleanse(p, sizeof *p);
    free(text);
    free(p);
    return rc;
}

void xy_keyring_free(struct xy_keyring *kr)
{
    if (!kr)
        return;
    for (size_t i = 0; i < kr->n; i++) {
        OPENSSL_cleanse(kr->keys[i], sizeof *kr->keys[i]);
        free(kr->keys[i]);
    }
    free(kr->keys);
    free(kr->path);
    xy_hmac_sm3_key_free(kr->index_mac);
    pthread_mutex_destroy(&kr->mu);
    OPENSSL_cleanse(kr, sizeof *kr);
    free(kr);
}

/* The file's text for the present versions (mutex held), malloc'd. */
static char *render(const struct xy_keyring *kr)
{
    size_t cap = 512 + kr->n * 96, o = 0;
    char *s = malloc(cap), hex[2 * XY_SM3_LEN + 1];
    int *vs;
    size_t nv = 0;

    if (!s || !(vs = malloc((kr->n + 1) * sizeof *vs)))
        abort();
    for (size_t i = 0; i < kr->n; i++)
        if (kr->keys[i]->present)
            vs[nv++] = kr->keys[i]->version;
    for (size_t i = 1; i < nv; i++) /* insertion sort: a handful of versions */
        for (size_t j = i; j > 0 && vs[j - 1] > vs[j]; j--) {
            int t = vs[j];
            vs[j] = vs[j - 1];
            vs[j - 1] = t;
        }
    o += (size_t)snprintf(s + o, cap - o,
                          "# xinyong keys - secret: mode 0600, owned by the service user.\n"
                          "# Back it up with the database: without it no ID number can be read.\n"
                          "# Managed by `xinyong key`; do not edit while a rotation runs.\n");
    xy_hex(kr->index, XY_SM3_LEN, hex);
    o += (size_t)snprintf(s + o, cap - o, "index %s\n", hex);
    xy_hex(kr->audit, XY_SM3_LEN, hex);
    o += (size_t)snprintf(s + o, cap - o, "audit %s\n", hex);
    for (size_t i = 0; i < nv; i++) {
        xy_hex(find(kr, vs[i])->master, MASTER_LEN, hex);
        o += (size_t)snprintf(s + o, cap - o, "data %d %s\n", vs[i], hex);
    }
    snprintf(s + o, cap - o, "current %d\n", kr->current);
    OPENSSL_cleanse(hex, sizeof hex);
    free(vs);
    return s;
}

/* Write text to a new file next to path, fsync it, then rename over path (or link, when
 * replace is 0, so that an existing file is never overwritten). */
static xy_code write_atomically(const char *path, const char *text, int replace, struct xy_err *err)
{
    size_t plen = strlen(path), len = strlen(text);
    char *tmp = malloc(plen + 16), *dir, *slash;
    int fd, dfd;
    xy_code rc = XY_OK;

    if (!tmp)
        abort();
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0) { /* mkstemp creates with mode 0600 */
        rc = xy_err_set(err, XY_IO, "无法在 \"%s\" 旁创建临时密钥文件: %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    if (fchmod(fd, 0600) != 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
        rc = xy_err_set(err, XY_IO, "无法写入密钥文件 \"%s\": %s", tmp, strerror(errno));
        close(fd);
        goto out;
    }
    close(fd);
    if (replace ? rename(tmp, path) != 0 : link(tmp, path) != 0) {
        if (errno == EEXIST)
            rc = xy_err_set(err, XY_CONFLICT, "密钥文件 \"%s\" 已存在，不会覆盖", path);
        else
            rc = xy_err_set(err, XY_IO, "无法写入密钥文件 \"%s\": %s", path, strerror(errno));
        goto out;
    }
    /* the rename itself must reach the disk before values are sealed under the new key */
    if (!(dir = strdup(path)))
        abort();
    slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = '\0';
    if ((dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
out:
    if (!replace || rc != XY_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}

xy_code xy_keyring_create(const char *path, struct xy_err *err)
{
    struct xy_keyring *kr;
    struct data_key *d;
    char *text;
    xy_code rc;

    if (!path || !path[0])
        return xy_err_set(err, XY_INVALID, "cannot create a key file without a path");
    kr = keyring_new(path);
    if (!(d = calloc(1, sizeof *d)))
        abort();
    d->version = 1;
    d->present = 1;
    if ((rc = xy_random(d->master, MASTER_LEN, err)) != XY_OK ||
        (rc = xy_random(kr->index, XY_SM3_LEN, err)) != XY_OK ||
        (rc = xy_random(kr->audit, XY_SM3_LEN, err)) != XY_OK) {
        free(d);
        xy_keyring_free(kr);
        return rc;
    }
    derive(d);
    if (!(kr->keys = malloc(sizeof *kr->keys)))
        abort();
    kr->keys[0] = d;
    kr->n = kr->cap = 1;
    kr->current = 1;
    text = render(kr);
    rc = write_atomically(path, text, 0, err);
    OPENSSL_cleanse(text, strlen(text));
    free(text);
    xy_keyring_free(kr);
    return rc;
}

static xy_code refuse_env(const struct xy_keyring *kr, struct xy_err *err)
{
    if (kr->path[0])
        return XY_OK;
    xy_err_set(err, XY_DENIED, "密钥来自环境变量 " KEYS_ENV "，无法改写");
    xy_err_detail(err, "请改用密钥文件（配置项 security.key_file）后再轮换");
    return XY_DENIED;
}

/* Write the keyring back (mutex held) and remember the file's new mtime and size. */
static xy_code save(struct xy_keyring *kr, struct xy_err *err)
{
    char *text = render(kr);
    struct stat st;
    xy_code rc = write_atomically(kr->path, text, 1, err);

    OPENSSL_cleanse(text, strlen(text));
    free(text);
    if (rc == XY_OK && stat(kr->path, &st) == 0) {
        kr->mtime = st.st_mtim;
        kr->size = st.st_size;
    }
    return rc;
}

xy_code xy_keyring_rotate(struct xy_keyring *kr, int *version, struct xy_err *err)
{
    struct data_key *d;
    int next = 0;
    xy_code rc;

    if ((rc = refuse_env(kr, err)) != XY_OK)
        return rc;
    pthread_mutex_lock(&kr->mu);
    if ((rc = reload_if_changed(kr, err)) != XY_OK)
        goto out;
    for (size_t i = 0; i < kr->n; i++)
        if (kr->keys[i]->version > next)
            next = kr->keys[i]->version;
    next++;
    if (!(d = calloc(1, sizeof *d)))
        abort();
    if ((rc = xy_random(d->master, MASTER_LEN, err)) != XY_OK) {
        free(d);
        goto out;
    }
    d->version = next;
    d->present = 1;
    derive(d);
    if (kr->n == kr->cap) {
        kr->cap = kr->cap ? 2 * kr->cap : 4;
        if (!(kr->keys = realloc(kr->keys, kr->cap * sizeof *kr->keys)))
            abort();
    }
    kr->keys[kr->n++] = d;
    int old = kr->current;
    kr->current = next;
    if ((rc = save(kr, err)) != XY_OK) {
        d->present = 0; /* the node stays (pointers may be out), the version does not */
        kr->current = old;
        goto out;
    }
    *version = next;
out:
    pthread_mutex_unlock(&kr->mu);
    return rc;
}

xy_code xy_keyring_retire(struct xy_keyring *kr, int keep_from, struct xy_err *err)
{
    xy_code rc;
    int changed = 0;

    if ((rc = refuse_env(kr, err)) != XY_OK)
        return rc;
    pthread_mutex_lock(&kr->mu);
    if ((rc = reload_if_changed(kr, err)) != XY_OK)
        goto out;
    if (keep_from > kr->current) {
        rc = xy_err_set(err, XY_INVALID, "cannot retire the current data key version %d",
                        kr->current);
        goto out;
    }
    for (size_t i = 0; i < kr->n; i++)
        if (kr->keys[i]->present && kr->keys[i]->version < keep_from) {
            kr->keys[i]->present = 0;
            changed = 1;
        }
    if (changed)
        rc = save(kr, err);
out:
    pthread_mutex_unlock(&kr->mu);
    return rc;
}

int xy_keyring_current(const struct xy_keyring *ckr)
{
    /* The keyring is logically const here: looking at the file again only brings it up to
     * date with what another process (xinyong key rotate) wrote. */
    struct xy_keyring *kr = (struct xy_keyring *)ckr;
    time_t now = time(NULL);
    int v;

    pthread_mutex_lock(&kr->mu);
    if (kr->path[0] && now != kr->checked) {
        kr->checked = now;
        reload_if_changed(kr, NULL); /* on failure keep sealing with what we have */
    }
    v = kr->current;
    pthread_mutex_unlock(&kr->mu);
    return v;
}

const struct xy_aead_key *xy_keyring_data_key(struct xy_keyring *kr, int version)
{
    struct data_key *d;

    pthread_mutex_lock(&kr->mu);
    d = find(kr, version);
    if (!d && kr->path[0] && reload_if_changed(kr, NULL) == XY_OK)
        d = find(kr, version);
    pthread_mutex_unlock(&kr->mu);
    return d ? &d->key : NULL;
}

size_t xy_keyring_versions(const struct xy_keyring *ckr, int *out, size_t cap)
{
    struct xy_keyring *kr = (struct xy_keyring *)ckr;
    size_t n = 0;

    pthread_mutex_lock(&kr->mu);
    for (size_t i = 0; i < kr->n; i++) {
        if (!kr->keys[i]->present || n >= cap)
            continue;
        size_t j = n++;
        for (; j > 0 && out[j - 1] > kr->keys[i]->version; j--)
            out[j] = out[j - 1];
        out[j] = kr->keys[i]->version;
    }
    pthread_mutex_unlock(&kr->mu);
    return n;
}

const unsigned char *xy_keyring_index_key(const struct xy_keyring *kr)
{
    return kr->index;
}

void xy_keyring_index_mac(const struct xy_keyring *kr, const void *p, size_t n,
                          unsigned char out[XY_SM3_LEN])
{
    xy_hmac_sm3_keyed(kr->index_mac, p, n, out);
}

void xy_keyring_file_key(const struct xy_keyring *kr, struct xy_aead_key *out)
{
    static const char enc_label[] = "xinyong file sm4 enc", mac_label[] = "xinyong file mac";
    unsigned char full[XY_SM3_LEN];

    xy_hmac_sm3(kr->index, sizeof kr->index, enc_label, sizeof enc_label - 1, full);
    memcpy(out->enc, full, XY_SM4_KEYLEN);
    xy_hmac_sm3(kr->index, sizeof kr->index, mac_label, sizeof mac_label - 1, out->mac);
    OPENSSL_cleanse(full, sizeof full);
}

const unsigned char *xy_keyring_audit_key(const struct xy_keyring *kr)
{
    return kr->audit;
}

const char *xy_keyring_path(const struct xy_keyring *kr)
{
    return kr->path;
}

int xy_keyring_version_of(const char *sealed)
{
    long v = 0;
    const char *p;

    if (!sealed || sealed[0] != SEALED_PREFIX || sealed[1] < '1' || sealed[1] > '9')
        return 0;
    for (p = sealed + 1; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > INT_MAX / 2)
            return 0;
    }
    return *p == ':' ? (int)v : 0;
}

static size_t make_ad(char *ad, size_t cap, const char *purpose, int version)
{
    int n = snprintf(ad, cap, "xinyong:%s:%d", purpose, version);

    return n < 0 || (size_t)n >= cap ? cap - 1 : (size_t)n;
}

const char *xy_keyring_seal(struct xy_keyring *kr, const char *purpose, const char *text,
                            struct xy_arena *a)
{
    int version = xy_keyring_current(kr);
    const struct xy_aead_key *k = xy_keyring_data_key(kr, version);
    size_t n = strlen(text), boxn = n + XY_AEAD_OVERHEAD;
    unsigned char stack[256], *box = boxn <= sizeof stack ? stack : xy_arena_alloc(a, boxn);
    char ad[96], *out;
    int head;

    /* a keyring always has its current version; no CSPRNG means no safe way to go on */
    if (!k ||
        xy_aead_seal(k, ad, make_ad(ad, sizeof ad, purpose, version), text, n, box, NULL) != XY_OK)
        abort();
    out = xy_arena_alloc(a, 16 + 4 * ((boxn + 2) / 3) + 1);
    head = sprintf(out, "%c%d:", SEALED_PREFIX, version);
    xy_base64(box, boxn, out + head);
    return out;
}

const char *xy_keyring_open(struct xy_keyring *kr, const char *purpose, const char *sealed,
                            struct xy_arena *a, struct xy_err *err)
{
    int version = xy_keyring_version_of(sealed);
    const struct xy_aead_key *k;
    const char *b64;
    size_t cap;
    unsigned char *box;
    char ad[96], *out;
    long n;

    if (!version) {
        xy_err_set(err, XY_INVALID, "the stored value is not sealed");
        return NULL;
    }
    if (!(k = xy_keyring_data_key(kr, version))) {
        xy_err_set(err, XY_NOT_FOUND, "no data key of version %d for a sealed value", version);
        xy_err_detail(err, "the key file lacks a version that sealed stored values");
        return NULL;
    }
    b64 = strchr(sealed, ':') + 1;
    cap = strlen(b64) / 4 * 3;
    box = xy_arena_alloc(a, cap + 1);
    if ((n = xy_unbase64(b64, box, cap)) < XY_AEAD_OVERHEAD) {
        xy_err_set(err, XY_INVALID, "a sealed value is malformed");
        return NULL;
    }
    out = xy_arena_alloc(a, (size_t)n - XY_AEAD_OVERHEAD + 1);
    if (xy_aead_open(k, ad, make_ad(ad, sizeof ad, purpose, version), box, (size_t)n,
                     (unsigned char *)out, err) != XY_OK) {
        xy_err_set(err, XY_INVALID, "a sealed value does not verify under data key version %d",
                   version);
        return NULL;
    }
    out[n - XY_AEAD_OVERHEAD] = '\0';
    return out;
}
