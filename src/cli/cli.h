/* cli.h - the command table and what every command is handed (layer: cli)
 *
 * The dispatcher (commands.c) does what commands must not repeat: global options, config,
 * catalogue and store, --help, the arena, the stdout write check and the exit code.
 */
#ifndef XY_CLI_CLI_H
#define XY_CLI_CLI_H

#include <stdio.h>

#include "base/arena.h"
#include "base/config.h"
#include "service/ctx.h"

/* Exit codes, documented in `xinyong help` and each command's --help. */
enum xy_exit {
    XY_EXIT_OK = 0,
    XY_EXIT_ERROR = 1,   /* storage, I/O or internal failure */
    XY_EXIT_USAGE = 2,   /* wrong command line */
    XY_EXIT_PARTIAL = 3, /* ingest: some rows rejected, every valid row stored */
    XY_EXIT_REFUSED = 4, /* input refused as a whole: nothing stored */
    XY_EXIT_NOT_FOUND = 5,
    XY_EXIT_TAMPERED = 6, /* audit verify: the trail was changed, cut or reordered */
};

enum {
    CMD_NEEDS_STORE = 1, /* open the database (creating it if missing when CMD_WRITES) */
    CMD_WRITES = 2,
    CMD_NO_CATALOG = 4, /* runs without the catalogue (help, version, config) */
};

struct xy_cmd_env {
    struct xy_config cfg;
    struct xy_ctx ctx;
    struct xy_arena *arena;
    int argc; /* arguments after the command name, global options removed */
    char **argv;
    FILE *out;
    int is_tty; /* stderr is a terminal: progress bars allowed */
};

struct xy_command {
    const char *name;
    int (*fn)(struct xy_cmd_env *env);
    int flags;
    const char *usage;   /* "xinyong ingest --dept USCC --item ITEM FILE..." */
    const char *summary; /* one line for `xinyong help` */
    const char *help;    /* the rest of --help: options, exit codes, examples */
};

int xy_cli_main(int argc, char **argv);

/* For commands without CMD_NEEDS_STORE that open the database only for some subcommands
 * (offline ones run without it): the catalogue and an existing store, as the dispatcher opens
 * them for other commands, the operator still acting. The error is printed; the exit code. */
int xy_cli_open_store(struct xy_cmd_env *env);

/* Map a result code to the exit code (the one table of it). */
int xy_exit_for(xy_code rc);

/* Print "xinyong: <message>" (+ detail) on stderr; storage details only at debug level. */
void xy_cli_error(const struct xy_err *err);
/* The same with a more specific stable code than the result code ("file.empty"). */
void xy_cli_error_id(const struct xy_err *err, const char *id);
/* Print a usage error for cmd and return XY_EXIT_USAGE. */
int xy_cli_usage(const struct xy_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Options: --name VALUE, --name=VALUE, or a flag --name. Arguments that are not options are
 * left in order in *rest. Unknown options are usage errors. */
struct xy_opt {
    const char *name;
    int takes_value;
    const char **value; /* for options with values */
    int *flag;          /* for flags */
};
int xy_opts_parse(const struct xy_command *cmd, int argc, char **argv, const struct xy_opt *opts,
                  size_t nopts, char **rest, int *nrest);

/* Display width of UTF-8 text on a terminal (Chinese characters take two columns), and s
 * followed by spaces up to width columns. */
int xy_text_width(const char *s);
void xy_text_pad(FILE *out, const char *s, int width);

/* The commands (one cmd_<name>.c each). */
int cmd_calendar(struct xy_cmd_env *env);
int cmd_case(struct xy_cmd_env *env);
int cmd_catalog(struct xy_cmd_env *env);
int cmd_dept(struct xy_cmd_env *env);
int cmd_gen(struct xy_cmd_env *env);
int cmd_ingest(struct xy_cmd_env *env);
int cmd_joint(struct xy_cmd_env *env);
int cmd_key(struct xy_cmd_env *env);
int cmd_measures(struct xy_cmd_env *env);
int cmd_name(struct xy_cmd_env *env);
int cmd_query(struct xy_cmd_env *env);
int cmd_report(struct xy_cmd_env *env);
int cmd_stats(struct xy_cmd_env *env);
int cmd_serve(struct xy_cmd_env *env);
int cmd_screen(struct xy_cmd_env *env);
int cmd_audit(struct xy_cmd_env *env);
int cmd_uscc(struct xy_cmd_env *env);
int cmd_user(struct xy_cmd_env *env);

const struct xy_command *xy_cli_command(const char *name);

#endif
