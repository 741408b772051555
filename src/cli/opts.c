/* opts.c - command-line options and usage errors (layer: cli) */
#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"

int xy_cli_usage(const struct xy_command *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("xinyong: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\n(see `xinyong %s --help`)\n", cmd->usage, cmd->name);
    return XY_EXIT_USAGE;
}

int xy_opts_parse(const struct xy_command *cmd, int argc, char **argv, const struct xy_opt *opts,
                  size_t nopts, char **rest, int *nrest)
{
    int only_args = 0;

    *nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *eq;
        size_t k, len;

        if (only_args || a[0] != '-' || a[1] != '-') {
            if (!only_args && a[0] == '-' && a[1] != '\0')
                return xy_cli_usage(cmd, "unknown option \"%s\"", a);
            rest[(*nrest)++] = argv[i];
            continue;
        }
        if (a[2] == '\0') {
            only_args = 1;
            continue;
        }
        eq = strchr(a, '=');
        len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        for (k = 0; k < nopts; k++)
            if (strlen(opts[k].name) == len && !strncmp(opts[k].name, a + 2, len))
                break;
        if (k == nopts)
            return xy_cli_usage(cmd, "unknown option \"%s\"", a);
        if (!opts[k].takes_value) {
            if (eq)
                return xy_cli_usage(cmd, "option --%s takes no value", opts[k].name);
            *opts[k].flag = 1;
            continue;
        }
        if (eq) {
            *opts[k].value = eq + 1;
        } else {
            if (i + 1 >= argc)
                return xy_cli_usage(cmd, "option --%s needs a value", opts[k].name);
            *opts[k].value = argv[++i];
        }
    }
    return XY_EXIT_OK;
}
