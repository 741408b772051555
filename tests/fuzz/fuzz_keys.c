/* fuzz_keys.c - libFuzzer harness for the key file parser (crypto/keyring.c), reached the way
 * a server without a key file reaches it: the text in $XINYONG_KEYS and xy_keyring_load(NULL).
 * Input: the key text (cut at the first NUL, as an environment variable is).
 * What must hold: no crash, no leak; a keyring that loads has a current data key that seals a
 * value which opens again, and the index and audit keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "crypto/keyring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_keyring *kr = NULL;
    struct xy_err err;
    static const char name[] = "XINYONG_KEYS=";
    char *text;

    if (size > 70000) /* past the 64 KiB cap: the refusal is tested, not the parse */
        size = 70000;
    /* putenv, not setenv: glibc keeps every value setenv was given, and a long run would grow */
    text = malloc(sizeof(name) + size);
    memcpy(text, name, sizeof(name) - 1);
    memcpy(text + sizeof(name) - 1, data, size);
    text[sizeof(name) - 1 + size] = '\0';
    if (putenv(text) != 0)
        abort();
    xy_err_clear(&err);
    if (xy_keyring_load(NULL, &kr, &err) == XY_OK) {
        struct xy_arena *a = xy_arena_new();
        int cur = xy_keyring_current(kr), versions[8];
        const char *sealed, *opened;

        if (!kr || cur < 1 || !xy_keyring_data_key(kr, cur) || !xy_keyring_index_key(kr) ||
            !xy_keyring_audit_key(kr) || xy_keyring_versions(kr, versions, 8) == 0)
            abort();
        sealed = xy_keyring_seal(kr, "idno", "440106198506121005", a);
        if (!sealed || xy_keyring_version_of(sealed) != cur)
            abort();
        opened = xy_keyring_open(kr, "idno", sealed, a, &err);
        if (!opened || strcmp(opened, "440106198506121005"))
            abort();
        if (xy_keyring_open(kr, "totp", sealed, a, &err)) /* the purpose is authenticated */
            abort();
        xy_arena_free(a);
        xy_keyring_free(kr);
    } else if (kr || !err.msg[0]) {
        abort();
    }
    unsetenv("XINYONG_KEYS");
    free(text);
    return 0;
}
