/* fuzz_checkpoint.c - libFuzzer harness for the exported audit checkpoint reader
 * (xy_audit_checkpoint_read, `xinyong audit verify --checkpoint FILE`) and the signature check
 * that follows it (base64 signature, SM2 public key PEM). The reader takes a path: the input is
 * written to one temporary file per process, rewritten for every run.
 * What must hold: no crash, no leak; a checkpoint that reads has seq > 0, a 64-hex mac, a
 * signature and a public key. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "service/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_audit_checkpoint c;
    struct xy_arena *a;
    struct xy_err err;
    int fd;

    if (!path[0]) {
        const char *dir = getenv("TMPDIR");
        snprintf(path, sizeof(path), "%s/xy-fuzz-cp-XXXXXX",
                 dir && strlen(dir) < 40 ? dir : "/tmp");
        if ((fd = mkstemp(path)) < 0)
            abort();
        close(fd);
        atexit(remove_file);
    }
    if ((fd = open(path, O_WRONLY | O_TRUNC)) < 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    a = xy_arena_new();
    memset(&c, 0, sizeof(c));
    xy_err_clear(&err);
    if (xy_audit_checkpoint_read(path, a, &c, &err) == XY_OK) {
        if (c.seq <= 0 || !c.mac || strlen(c.mac) != 64 || !c.signature || !*c.signature ||
            !c.public_key || !strstr(c.public_key, "-----BEGIN PUBLIC KEY-----"))
            abort();
        (void)xy_audit_checkpoint_valid(&c, a);
        (void)xy_audit_checkpoint_text(&c, a);
    } else if (!err.msg[0]) {
        abort();
    }
    xy_arena_free(a);
    return 0;
}
