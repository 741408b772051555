/* commands.c - the command table and the dispatcher (layer: cli)
 *
 * How to add a command:
 *   1. write cmd_<name>.c with int cmd_<name>(struct xy_cmd_env *env) and declare it in cli.h;
 *   2. add a row to commands[] below: name, function, flags, usage, summary, help (with the
 *      exit codes the command can return);
 *   3. add the file to src/meson.build and a black-box test under tests/cli/.
 * The dispatcher handles global options, --help, config, catalogue, store, arena and the
 * stdout write check; a command only parses its own options and calls its service.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

#include "base/log.h"
#include "cli/cli.h"

static int cmd_help(struct xy_cmd_env *env);
static int cmd_version(struct xy_cmd_env *env);
static int cmd_config(struct xy_cmd_env *env);

#define EXIT_CODES_COMMON                                                                          \
    "Exit codes: 0 success; 1 storage, I/O or internal error; 2 wrong command line.\n"

static const struct xy_command commands[] = {
    {"calendar", cmd_calendar, 0, "xinyong calendar is-workday DATE | add-workdays DATE N",
     "answer working-day questions from the State Council's holiday calendar",
     "  is-workday DATE       whether DATE (YYYY-MM-DD) is a working day: 工作日, 周末,\n"
     "                        法定节假日 or 调休上班日 (a weekend day worked)\n"
     "  add-workdays DATE N   the date N working days after DATE (DATE itself not counted):\n"
     "                        the deadline of a step due within N working days\n"
     "The calendar is calendar/<year>.txt (calendar_dir); a date in a year without a file is\n"
     "an error that names the year.\n" EXIT_CODES_COMMON
     "  4 invalid date or count; 5 no calendar file for that year.\n"},
    {"case", cmd_case, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong case list [--queue review|dept] [--kind K] [--state S] [--overdue] [--limit N]"
     " [--json] | show N [--json] | step N EVENT [--reasons TEXT] [--set CODE=VALUE]..."
     " [--unpublish] | performed RECORD --statement TEXT",
     "work the objection (异议), credit repair (信用修复) and court removal queues",
     "The operator acts as the credit office's reviewer or as any department; objections and\n"
     "repair applications are filed by the subjects' own accounts on the portal.\n"
     "  list        cases, newest first, with their deadlines (已超期 N 天 when one passed) and\n"
     "              counts by state: --queue review (every case, default) or dept, --kind\n"
     "              objection|repair|removal, --state STATE, --overdue, --limit N, --json\n"
     "  show N      one case: record, statement, every step with its actor, reasons and\n"
     "              deadline, evidence files, and what may be done now; the read is audited\n"
     "  step N EVENT  act on case N: accept, refuse, refer, correct, uphold (objections);\n"
     "              accept, grant, deny, notify (repair). --reasons TEXT is sent to the filer\n"
     "              and required for refuse, correct, uphold and deny. correct takes\n"
     "              --set CODE=VALUE for each field changed (a new version of the record;\n"
     "              the old one is kept) and/or --unpublish (the record leaves public view)\n"
     "  performed RECORD  a court reports that the 失信被执行人 of record RECORD (its public\n"
     "              id) performed its duty: the entry leaves public view at once; the case\n"
     "              records the 3-working-day deadline it met\n"
     "Every step is one transaction with its audit row (case.*) and the notifications; every\n"
     "deadline comes from calendar/<year>.txt.\n" EXIT_CODES_COMMON
     "  4 refused (not possible in the case's state, reasons missing, invalid correction,\n"
     "  already reported, not a court entry); 5 no such case or record; no calendar file.\n"},
    {"audit", cmd_audit, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong audit verify [--checkpoint FILE] [--json] | checkpoint [--export FILE] | search"
     " [--actor L] [--action A] [--subject-id N] [--from DATE] [--to DATE] [--limit N] [--json]"
     " | purge",
     "verify, checkpoint, search and purge the audit trail (HMAC-SM3 chain, SM2 checkpoints)",
     "  verify            recompute the whole chain and check every signed checkpoint; names\n"
     "                    the first changed, deleted, reordered or inserted row\n"
     "    --checkpoint F  also check an exported checkpoint (detects a cut tail) with the\n"
     "                    public key in the file\n"
     "  checkpoint        sign the end of the chain now (SM2; key audit.signing_key, made on\n"
     "                    first use); --export FILE writes it for another host\n"
     "  search            newest rows first: --actor LOGIN, --action NAME or PREFIX* (user.*),\n"
     "                    --subject-id N, --from/--to YYYY-MM-DD (UTC+8, inclusive), --limit N\n"
     "                    (default 50, at most 1000), --json; the search is itself audited\n"
     "  purge             delete rows older than audit.retention_days (at least 183), up to\n"
     "                    the newest checkpoint signed before the cut, which becomes the\n"
     "                    chain's anchor\n"
     "See docs/audit.md.\n" EXIT_CODES_COMMON
     "  4 refused (no permission, retention under 183 days, malformed checkpoint file);\n"
     "  5 no such checkpoint file; 6 verify: the trail was tampered with.\n"},
    {"catalog", cmd_catalog, 0, "xinyong catalog list | show ITEM [--json]",
     "list the catalogue's record types, or show one item's fields and rules",
     "  list        id, name, category and openness of every item\n"
     "  show ITEM   the item's fields: code, Chinese name, type, when required, limits\n"
     "The catalogue is read from catalog_dir (config) at every start; a malformed file stops\n"
     "the program with its file, line and key.\n" EXIT_CODES_COMMON "  5 no such item.\n"},
    {"dept", cmd_dept, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong dept add --code USCC --name NAME --items ITEM[,ITEM...] | import FILE | list | show "
     "USCC",
     "register source departments and the catalogue items they provide",
     "  add      register or update a department (一数一源: items must admit it as provider)\n"
     "  import   register every department of a CSV file with header uscc,name,items\n"
     "  list     every registered department\n"
     "  show     one department\n" EXIT_CODES_COMMON
     "  4 refused (bad code, unknown item); 5 no such department.\n"},
    {"gen", cmd_gen, 0,
     "xinyong gen --out DIR [--seed N] [--persons N] [--orgs N] [--rows N] [--bad SHARE] [--item "
     "ITEM] [--received DATE] [--recent SHARE]",
     "write a synthetic city: departments and their files, with a share of bad rows",
     "  --out DIR      folder to write (created if missing)\n"
     "  --seed N       the same seed gives the same city (default 1)\n"
     "  --persons N    natural persons (default 2000)\n"
     "  --orgs N       organisations of every kind (default 3000)\n"
     "  --rows N       records per catalogue item (default 2000)\n"
     "  --bad SHARE    share of rows made bad, 0 to 1 (default 0.02)\n"
     "  --item ITEM    only this item, one clean file ITEM.csv (benchmarks)\n"
     "  --received DATE  the day the files will be received (default today, UTC+8): the\n"
     "                 manifest counts the stored rows timely, late (more than 7 working days\n"
     "                 after the decision, by calendar/<year>.txt) or untimed against it\n"
     "  --recent SHARE share of rows decided in the 3 weeks before --received (default 0;\n"
     "                 the others up to 5 years back)\n"
     "Writes departments.csv, one file per department and item (CSV in UTF-8 and GB18030,\n"
     "JSON Lines), and manifest.csv with the rows, bad rows, warned rows, late, timely and\n"
     "untimed rows of each file.\n" EXIT_CODES_COMMON},
    {"ingest", cmd_ingest, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong ingest --dept USCC --item ITEM [--encoding auto|utf-8|gb18030] [--format csv|jsonl]"
     " [--report FILE] [--quiet] FILE...",
     "validate and store a department's records (CSV or JSON Lines)",
     "  --dept USCC      the submitting department (registered with `xinyong dept add`)\n"
     "  --item ITEM      catalogue item of the file (see `xinyong catalog list`)\n"
     "  --encoding ENC   auto (default: UTF-8 with or without BOM, else GB18030), utf-8, gb18030\n"
     "  --format FMT     csv or jsonl (default: by file name, .jsonl/.ndjson are JSON Lines)\n"
     "  --report FILE    error report (default FILE.errors.csv next to the input); one file only\n"
     "  --quiet          no progress bar\n"
     "Headers may be field codes (CF_WSH, WSH) or Chinese names (处罚决定书文号). Dates as\n"
     "YYYY/MM/DD, YYYY-MM-DD or YYYYMMDD; amounts in 万元. Every rejected row is listed in the\n"
     "error report with its line, field and reason; every valid row is stored. Ingesting the\n"
     "same file again stores nothing new; a changed row becomes a new version.\n"
     "Exit codes: 0 every row stored (warnings allowed); 1 storage or I/O error; 2 wrong\n"
     "command line; 3 some rows rejected, all valid rows stored; 4 a file refused as a whole\n"
     "(unknown department, item not assigned to it, empty, header only, too large).\n"},
    {"key", cmd_key, CMD_NEEDS_STORE, "xinyong key status | rotate [--chunk ROWS] | retire",
     "show the keys that seal ID numbers, or rotate the data key and re-seal every value",
     "  status          the key file (security.key_file, default <db>.keys, or $XINYONG_KEYS),\n"
     "                  its data key versions, the current one, and how many values each\n"
     "                  version sealed, by place\n"
     "  rotate          add a data key version and make it current, re-seal every value in\n"
     "                  transactions of --chunk rows (default 500) while the server keeps\n"
     "                  serving; progress on stderr. Refused when the keys come from\n"
     "                  $XINYONG_KEYS. Running it again after an interruption finishes the\n"
     "                  work. The old versions stay in the key file until `key retire`.\n"
     "  retire          drop the old versions from the key file once no value is sealed\n"
     "                  with them; run it when every ingest begun before the rotation has\n"
     "                  ended (an ingest may seal rows with the old key until then)\n"
     "The key file must be owned by the service user with mode 0600 (chmod 600 FILE); back it\n"
     "up with the database: without it no ID number can be read.\n" EXIT_CODES_COMMON
     "  4 refused (keys from the environment; old values remain, or another rotation runs);\n"
     "  5 no database or no key file.\n"},
    {"name", cmd_name, CMD_NO_CATALOG, "xinyong name key NAME [--json] | match NAME NAME [--json]",
     "show how a subject name is normalised for list checks, or score two names",
     "  key NAME          the name's key: the name after full-width/half-width folding\n"
     "                    (NFKC), traditional to simplified (OpenCC t2s.json) and dropping\n"
     "                    punctuation; its core, region prefix, company form (有限公司 ...),\n"
     "                    branch (分公司, 支行 ...), numbers and blocking key\n"
     "  match NAME NAME   the score (0-100) of the second name as a match of the first, with\n"
     "                    every reason; 80 or more is shown to a clerk as a possible hit.\n"
     "                    A branch never scores above 30 against its head office, names\n"
     "                    whose numbers differ never above 20\n"
     "  --json            machine-readable output\n"
     "See docs/matching.md for the rules and the score table.\n" EXIT_CODES_COMMON
     "  4 a name is empty, too long, not UTF-8, or has nothing but a company form.\n"},
    {"joint", cmd_joint, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong joint figures [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json] | rescreen",
     "key figures of checks and feedback (联合奖惩), and the re-screening of changed lists",
     "  figures     per department and business scenario: checks, subjects checked, subjects\n"
     "              with hits, hit subjects with feedback, the feedback rate, measures taken\n"
     "              and not taken, the money involved; --from/--to (UTC+8, both included;\n"
     "              default the 30 days up to today), --json\n"
     "  rescreen    put in each department's re-screening queue (复核) the subjects it checked\n"
     "              within joint.rescreen_window_days that a list change has put on or taken\n"
     "              off a list since; the server also does it after each list change and once\n"
     "              a day. Running it again without a change queues nothing\n"
     "See docs/lists.md \"反馈与复核\".\n" EXIT_CODES_COMMON
     "  4 refused (a bad date or period).\n"},
    {"measures", cmd_measures, CMD_NO_CATALOG,
     "xinyong measures list [--list ITEM[:NAME]] [--scenario CODE] [--dept NAME] [--json] | "
     "check FILE",
     "list the measures of joint rewards and punishments, or check a measures file",
     "  list        the measures that apply, in file order: --list ITEM (a list item such as\n"
     "              sxbzxr, or ITEM:名单名称 such as hmd:A级纳税人), --scenario CODE (see\n"
     "              measures/scenarios.ini: gov_procurement, bidding, licensing ...), --dept\n"
     "              NAME (the asking department; 各相关部门 measures apply to all), --json\n"
     "  check FILE  check a measures CSV against the catalogue and the scenarios and print\n"
     "              every problem with its line and column; works while the configured file\n"
     "              (measures_file) has mistakes\n"
     "The measures (measures_file) and scenarios (scenarios_file) are read at every start; a\n"
     "bad row stops start-up. See docs/lists.md.\n" EXIT_CODES_COMMON
     "  4 refused (a file with problems, an unknown scenario, an item that is not a list);\n"
     "  5 no such list item or file.\n"},
    {"query", cmd_query, CMD_NEEDS_STORE, "xinyong query [--json] [--purpose TEXT] CODE|NAME",
     "print a subject's credit file, grouped by catalogue category",
     "  CODE   统一社会信用代码, 身份证号码, 组织机构代码, 工商注册号 or another legacy "
     "identifier\n"
     "  NAME   all or part of an organisation's name (several matches are listed)\n"
     "  --json machine-readable output\n"
     "  --purpose TEXT  why the file is read (default 本机运维查询): the whole file, public\n"
     "         or not, is read, and the read is in the audit trail with this purpose\n"
     "ID numbers are shown masked.\n" EXIT_CODES_COMMON "  5 nothing matches.\n"},
    {"report", cmd_report, CMD_NO_CATALOG,
     "xinyong report CODE [--scoped --domains D1,D2 [--from YYYY-MM-DD] [--to YYYY-MM-DD]]"
     " [--in-person NOTE] [--out FILE] [--content] | verify FILE [--key PEM | --online] | key",
     "issue a signed credit report (PDF), verify one, print the report key",
     "  CODE        the subject's 统一社会信用代码: its public credit report (公共信用信息报告)\n"
     "  --scoped    the 无违法违规证明版: only the domains of --domains (codes of\n"
     "              reports/domains.csv, comma-separated) and the period --from .. --to\n"
     "              (default the 3 years up to today)\n"
     "  --in-person NOTE  a natural person's report, issued at the counter: CODE is the\n"
     "              person's ID number and NOTE says how the identity was seen (audited)\n"
     "  --out FILE  where the PDF goes (default <number>.pdf); --content prints the signed\n"
     "              canonical content (docs/reports.md) instead of the summary\n"
     "  verify FILE check a report PDF: offline with the report key's public half (--key PEM,\n"
     "              else this platform's), or --online against the database as the portal does\n"
     "  key         print the report key's public half (PEM) for offline verifiers\n"
     "Anyone verifies on the portal (verify.html) by number and code or by uploading the PDF.\n"
     "See docs/reports.md.\n" EXIT_CODES_COMMON "  5 no such subject;\n"
     "  6 verify: the file is not a genuine, unaltered report of this platform.\n"},
    {"screen", cmd_screen, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong screen run --scenario CODE [--format csv|xlsx] [--out RESULTS.csv|.xlsx]"
     " [--errors ERRORS.csv] FILE | list [--limit N] | show N",
     "batch screening: check a table of up to 100,000 subjects against the lists",
     "  run FILE    screen a CSV or xlsx now, as the server's worker would (progress on stderr):\n"
     "              the first row is the header, with a column 统一社会信用代码 (or 代码,\n"
     "              证件号码) and/or 名称 (or 主体名称, 企业名称), and optionally 主体类型;\n"
     "              --scenario CODE (measures/scenarios.ini) says which measures are listed;\n"
     "              --out writes the results (行号, 代码, 名称, 结果, 名单, ... 适用措施; .xlsx\n"
     "              gives a workbook), --errors the rows that were not checked (行号, 列,\n"
     "              值, 问题)\n"
     "  list        the jobs, newest first (--limit N, default 50)\n"
     "  show N      one job: its state, progress, counts and check\n"
     "Results and reports are kept sealed next to the database (<db>.screens/); departments\n"
     "upload over POST /api/v1/screens. See docs/screening.md.\n" EXIT_CODES_COMMON
     "  3 screened, but some rows were not (see --errors) or the file had over 100,000 rows;\n"
     "  4 refused as a whole (unknown scenario, no code or name column, not a table);\n"
     "  5 no such job or file.\n"},
    /* not CMD_WRITES: a mistyped database path must fail, not serve an empty city */
    {"serve", cmd_serve, CMD_NEEDS_STORE,
     "xinyong serve [--listen ADDR] [--port N] [--threads N] [--web-dir DIR]",
     "serve the public API and the 信用广州 portal over HTTP",
     "  --listen ADDR    IPv4 address to listen on (default 127.0.0.1: this machine only)\n"
     "  --port N         TCP port (default 8080)\n"
     "  --threads N      worker threads, one database connection each (default 2)\n"
     "  --web-dir DIR    the portal's static files (default: web/ of the source tree)\n"
     "Options win over XINYONG_HTTP_* environment variables, which win over the config file\n"
     "(keys http.*, see `xinyong config`). The API is described at /api/v1/openapi.json.\n"
     "SIGTERM or SIGINT stops accepting, lets requests in flight finish, then exits.\n"
     "Exit codes: 0 stopped by a signal; 1 cannot listen or open the database; 2 wrong\n"
     "command line; 5 no database at the path (ingest something first).\n"},
    {"stats", cmd_stats, CMD_NEEDS_STORE,
     "xinyong stats [--sample] | overview [--from YYYY-MM] [--to YYYY-MM] [--dept USCC] [--json]"
     " | export --table T [--format xlsx|csv] --out FILE [--from --to --dept]"
     " | registered KIND N --source S | rebuild",
     "print the platform's summary, or the credit office's statistics",
     "  (no subcommand)  subjects, records, departments, submissions; --sample prints only the\n"
     "                   code of the organisation with the most records\n"
     "  overview         coverage, records by item, month and department, the department\n"
     "                   assessment (rejected share, timeliness within 7 working days, mean\n"
     "                   delay, objections), the clocks of objections and repairs, joint\n"
     "                   punishment figures; --from/--to YYYY-MM (default: the 12 months up to\n"
     "                   this month, by month of receipt in UTC+8), --dept USCC, --json gives\n"
     "                   GET /api/v1/stats/overview's answer; the read is audited\n"
     "  export           one table as a file: --table coverage|categories|months|departments|\n"
     "                   clocks|joint, --format xlsx|csv (default: by --out's name), --out FILE\n"
     "  registered KIND N --source S  the registered total of a kind of subject (enterprise,\n"
     "                   institution, social_org, government, other_org, person) that\n"
     "                   coverage is measured against, and where the figure comes from\n"
     "  rebuild          count every statistics counter again from the records (one\n"
     "                   transaction; the server does it at start for a database whose\n"
     "                   counters were never built)\n"
     "See docs/statistics.md.\n" EXIT_CODES_COMMON
     "  4 refused (bad period, unknown department, table or kind, no permission);\n"
     "  5 nothing stored yet (--sample).\n"},
    {"uscc", cmd_uscc, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong uscc check CODE | allow CODE --reason TEXT | allowed",
     "check a 统一社会信用代码, or keep the allow-list of issued codes that fail the check",
     "  check CODE            say whether the code is valid and what kind of subject it names\n"
     "  allow CODE --reason   accept an officially issued code although its check fails\n"
     "  allowed               list the allow-list\n" EXIT_CODES_COMMON
     "  4 the code is not valid (check).\n"},
    {"user", cmd_user, CMD_NEEDS_STORE | CMD_WRITES,
     "xinyong user add LOGIN --role ROLE --name NAME [--dept USCC] [--generate] | list | show LOGIN"
     " | disable|enable|unlock|totp-reset LOGIN | passwd LOGIN [--generate] | role LOGIN ROLE"
     " [--dept USCC] | verify LOGIN --name NAME --evidence TEXT [--code CODE] | check-login LOGIN"
     " [--totp CODE] | check-session | logout | token issue|list|revoke|check | demo --out FILE",
     "manage staff, department and subject accounts, second factors and API tokens",
     "  add LOGIN        create an account (the first administrator is created here):\n"
     "                   --role sysadmin|secadmin|auditor|office|submitter|dept_user|reviewer|\n"
     "                   agency|subject, --name display name, --dept USCC (submitter and\n"
     "                   dept_user only); the password is one line of stdin (--password-stdin)\n"
     "                   or --generate prints a new one once. Administrator roles get a TOTP\n"
     "                   secret, printed once with its otpauth:// URI.\n"
     "                   Passwords: at least 8 characters of 3 of lower case, upper case,\n"
     "                   digits and symbols, not containing the login.\n"
     "  list, show LOGIN accounts: role, department, status, lock, second factor [--json]\n"
     "  disable, enable  stop or allow an account (disabling ends its sessions)\n"
     "  unlock LOGIN     clear the lock of 15 minutes after 5 failed logins\n"
     "  passwd LOGIN     set a new password (stdin or --generate); ends its sessions\n"
     "  role LOGIN ROLE  change the role ([--dept USCC]); administrator roles get a TOTP secret\n"
     "  totp-reset LOGIN a new TOTP secret, printed once; the old one stops working\n"
     "  verify LOGIN     real-name verification of a subject account by office staff: the\n"
     "                   ID number or 统一社会信用代码 is read from stdin (or --code), --name\n"
     "                   is the name on the document, --evidence what was seen\n"
     "  check-login LOGIN  log in with the password on stdin (and --totp CODE); prints ok or\n"
     "                   denied (--print-session also prints the session and CSRF tokens)\n"
     "  check-session    check a session token read from stdin; logout ends it\n"
     "  token issue      API token for a department system: --dept USCC --name TEXT\n"
     "                   [--items ITEM,...] [--expires-days N, default 90, at most 366];\n"
     "                   printed once, stored as its SM3\n"
     "  token list       every token (prefix, department, items, expiry; never the secret)\n"
     "  token revoke P   revoke the token with prefix P\n"
     "  token check      check a token read from stdin\n"
     "  demo --out FILE  one demo account per role, passwords and TOTP secrets appended to FILE\n"
     "                   (mode 0600; refused if others can read it); existing accounts are kept\n"
     "Every change, login and failed login is written to the audit trail.\n" EXIT_CODES_COMMON
     "  4 refused (weak password, wrong password or code, locked, no permission); 5 no such\n"
     "  account, department, token or subject.\n"},
    {"config", cmd_config, CMD_NO_CATALOG, "xinyong config",
     "print every configuration key with its value and meaning",
     "Keys come from xinyong.conf (or --config / XINYONG_CONFIG) and environment variables\n"
     "XINYONG_<KEY> (dots become _), e.g. XINYONG_DB.\n" EXIT_CODES_COMMON},
    {"version", cmd_version, CMD_NO_CATALOG, "xinyong version", "print the version", ""},
    {"help", cmd_help, CMD_NO_CATALOG, "xinyong help [COMMAND]", "list the commands or explain one",
     ""},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct xy_command *xy_cli_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

int xy_cli_open_store(struct xy_cmd_env *env)
{
    const struct xy_principal *who = env->ctx.who;
    struct xy_err err = {0};
    xy_code rc = xy_ctx_open(&env->ctx, &env->cfg, XY_CTX_STORE, &err);

    env->ctx.who = who;
    if (rc != XY_OK) {
        xy_cli_error(&err);
        if (rc == XY_NOT_FOUND && !err.hint)
            fprintf(stderr, "hint: no database yet at \"%s\"\n", env->cfg.db);
        return xy_exit_for(rc);
    }
    return XY_EXIT_OK;
}

int xy_exit_for(xy_code rc)
{
    static const int table[XY_CODE_COUNT] = {
        [XY_OK] = XY_EXIT_OK,
        [XY_INVALID] = XY_EXIT_REFUSED,
        [XY_NOT_FOUND] = XY_EXIT_NOT_FOUND,
        [XY_CONFLICT] = XY_EXIT_REFUSED,
        [XY_DENIED] = XY_EXIT_REFUSED,
        [XY_TOO_LARGE] = XY_EXIT_REFUSED,
        [XY_PARSE] = XY_EXIT_REFUSED,
        [XY_IO] = XY_EXIT_ERROR,
        [XY_STORAGE] = XY_EXIT_ERROR,
        [XY_UNAVAILABLE] = XY_EXIT_ERROR,
        [XY_INTERNAL] = XY_EXIT_ERROR,
    };
    return (unsigned)rc < XY_CODE_COUNT ? table[rc] : XY_EXIT_ERROR;
}

void xy_cli_error(const struct xy_err *err)
{
    xy_cli_error_id(err, NULL);
}

void xy_cli_error_id(const struct xy_err *err, const char *id)
{
    /* the stable English code first, so that scripts and the help desk can match on it */
    fprintf(stderr, "xinyong: [%s] %s\n", id ? id : xy_code_name(err->code), err->msg);
    if (err->detail[0] && (err->code != XY_STORAGE || xy_log_threshold <= XY_LOG_DEBUG))
        fprintf(stderr, "  %s\n", err->detail);
    else if (err->detail[0])
        xy_log(XY_LOG_ERROR, "storage", "detail=\"%s\" at=%s:%d", err->detail,
               err->file ? err->file : "?", err->src_line);
    if (err->hint)
        fprintf(stderr, "hint: %s\n", err->hint);
}

static void print_help(FILE *f)
{
    fputs("xinyong - public credit information platform (公共信用信息平台)\n\n"
          "usage: xinyong [--db PATH] [--config FILE] [--catalog DIR] [--log-level L] COMMAND "
          "[ARGS]\n\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\nThe database is --db, else $XINYONG_DB, else `db` in xinyong.conf (default "
          "xinyong.db).\n"
          "`xinyong COMMAND --help` explains a command.\n"
          "Exit codes: 0 ok, 1 error, 2 usage, 3 some rows rejected, 4 refused, 5 not found,\n"
          "6 audit trail tampered with (audit verify).\n",
          f);
}

static void print_command_help(const struct xy_command *c, FILE *f)
{
    fprintf(f, "usage: %s\n\n%s\n\n%s", c->usage, c->summary, c->help);
}

static int cmd_help(struct xy_cmd_env *env)
{
    const struct xy_command *c;

    if (env->argc == 0) {
        print_help(env->out);
        return XY_EXIT_OK;
    }
    c = xy_cli_command(env->argv[0]);
    if (!c) {
        fprintf(stderr, "xinyong: \"%s\" is not a command (see `xinyong help`)\n", env->argv[0]);
        return XY_EXIT_USAGE;
    }
    print_command_help(c, env->out);
    return XY_EXIT_OK;
}

static int cmd_version(struct xy_cmd_env *env)
{
    fprintf(env->out, "xinyong %s\n", XY_VERSION);
    return XY_EXIT_OK;
}

static void config_line(const char *line, void *ctx)
{
    fprintf(ctx, "%s\n", line);
}

static int cmd_config(struct xy_cmd_env *env)
{
    xy_config_describe(&env->cfg, config_line, env->out);
    return XY_EXIT_OK;
}

/* Global options may stand anywhere before "--"; they are removed from argv. */
struct globals {
    const char *db, *config, *catalog, *log_level;
    int help;
};

static int take_globals(int *argc, char **argv, struct globals *g)
{
    static const struct {
        const char *name;
        size_t off;
    } table[] = {
        {"--db", offsetof(struct globals, db)},
        {"--config", offsetof(struct globals, config)},
        {"--catalog", offsetof(struct globals, catalog)},
        {"--log-level", offsetof(struct globals, log_level)},
    };
    int k = 0;

    for (int i = 0; i < *argc; i++) {
        size_t t, n;
        if (!strcmp(argv[i], "--")) {
            while (i < *argc)
                argv[k++] = argv[i++];
            break;
        }
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            g->help = 1;
            continue;
        }
        for (t = 0; t < sizeof(table) / sizeof(table[0]); t++) {
            n = strlen(table[t].name);
            if (!strncmp(argv[i], table[t].name, n) && (argv[i][n] == '\0' || argv[i][n] == '='))
                break;
        }
        if (t == sizeof(table) / sizeof(table[0])) {
            argv[k++] = argv[i];
            continue;
        }
        n = strlen(table[t].name);
        if (argv[i][n] == '=') {
            *(const char **)((char *)g + table[t].off) = argv[i] + n + 1;
        } else if (i + 1 < *argc) {
            *(const char **)((char *)g + table[t].off) = argv[++i];
        } else {
            fprintf(stderr, "xinyong: option %s needs a value\n", table[t].name);
            return -1;
        }
    }
    *argc = k;
    return 0;
}

int xy_cli_main(int argc, char **argv)
{
    struct xy_cmd_env env;
    struct globals g = {0};
    const struct xy_command *cmd;
    struct xy_err err = {0};
    int code, level;
    struct xy_principal operator;
    xy_code rc;

    memset(&env, 0, sizeof(env));
    argc--;
    argv++;
    if (take_globals(&argc, argv, &g) != 0)
        return XY_EXIT_USAGE;
    if (argc == 0) {
        print_help(g.help ? stdout : stderr);
        return g.help ? XY_EXIT_OK : XY_EXIT_USAGE;
    }
    cmd = xy_cli_command(argv[0]);
    if (!cmd) {
        fprintf(stderr, "xinyong: \"%s\" is not a command (see `xinyong help`)\n", argv[0]);
        return XY_EXIT_USAGE;
    }
    if (g.help) {
        print_command_help(cmd, stdout);
        return XY_EXIT_OK;
    }
    if ((rc = xy_config_load(&env.cfg, g.config, &err)) != XY_OK) {
        xy_cli_error(&err);
        xy_config_release(&env.cfg);
        return XY_EXIT_USAGE;
    }
    /* command line beats environment beats file */
    if (g.db)
        xy_config_set(&env.cfg, "db", g.db, NULL);
    if (g.catalog)
        xy_config_set(&env.cfg, "catalog_dir", g.catalog, NULL);
    if (g.log_level)
        xy_config_set(&env.cfg, "log_level", g.log_level, NULL);
    level = xy_log_level_parse(env.cfg.log_level);
    if (level < 0) {
        fprintf(stderr, "xinyong: log level \"%s\" is not debug, info, warn or error\n",
                env.cfg.log_level);
        xy_config_release(&env.cfg);
        return XY_EXIT_USAGE;
    }
    xy_log_set_level((enum xy_log_level)level);

    env.argc = argc - 1;
    env.argv = argv + 1;
    env.out = stdout;
    env.is_tty = isatty(2);
    env.arena = xy_arena_new();
    if (!(cmd->flags & CMD_NO_CATALOG)) {
        int flags = 0;
        if (cmd->flags & CMD_NEEDS_STORE)
            flags |= XY_CTX_STORE | ((cmd->flags & CMD_WRITES) ? XY_CTX_CREATE : 0);
        if ((rc = xy_ctx_open(&env.ctx, &env.cfg, flags, &err)) != XY_OK) {
            xy_cli_error(&err);
            if (rc == XY_NOT_FOUND && (cmd->flags & CMD_NEEDS_STORE) && !err.hint)
                fprintf(stderr, "hint: no database yet at \"%s\"; ingest something first\n",
                        env.cfg.db);
            code = rc == XY_NOT_FOUND ? XY_EXIT_NOT_FOUND : XY_EXIT_ERROR;
            goto out;
        }
    }
    /* the CLI acts as the host account that runs it (service/authz.h) */
    {
        struct passwd *pw = getpwuid(geteuid());
        xy_principal_operator(&operator, pw ? pw->pw_name : NULL);
        env.ctx.who = &operator;
    }
    xy_log(XY_LOG_DEBUG, "command", "name=%s", cmd->name);
    code = cmd->fn(&env);
    xy_ctx_close(&env.ctx);
    /* a full disk or a closed pipe must not look like success (git does the same) */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "xinyong: could not write the output\n");
        if (code == XY_EXIT_OK)
            code = XY_EXIT_ERROR;
    }
out:
    xy_ctx_close(&env.ctx);
    xy_arena_free(env.arena);
    xy_config_release(&env.cfg);
    return code;
}
