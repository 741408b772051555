/* cmd_user.c - `xinyong user ...`: accounts, second factor, identity links, API tokens and the
 * demo accounts (layer: cli)
 *
 * The command acts as the host operator (set by the dispatcher), who holds the permissions to
 * manage accounts: the first administrator is created here. Secrets come in on stdin (never
 * on the command line, where `ps` and the shell history see them) and go out once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/time.h"
#include "cli/cli.h"
#include "service/account.h"
#include "service/dept.h"
#include "service/stats.h"

#define LINE_MAX_BYTES 1024

struct uenv {
    struct xy_cmd_env *env;
    const struct xy_command *cmd;
    struct xy_err err;
};

static int fail(struct uenv *u, xy_code rc)
{
    xy_cli_error(&u->err);
    return xy_exit_for(rc);
}

/* One line of stdin without its line end, in the arena; NULL at end of input or when longer
 * than LINE_MAX_BYTES. A terminal gets a prompt and no echo. */
static const char *read_secret(struct xy_arena *a, const char *prompt)
{
    char buf[LINE_MAX_BYTES + 2];
    struct termios old, quiet;
    int tty = isatty(0), restored = 0;
    size_t n;

    if (tty) {
        fputs(prompt, stderr);
        fflush(stderr);
        if (tcgetattr(0, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            restored = tcsetattr(0, TCSANOW, &quiet) == 0;
        }
    }
    if (!fgets(buf, sizeof(buf), stdin))
        buf[0] = '\0', n = (size_t)-1;
    else
        n = strlen(buf);
    if (tty) {
        if (restored)
            tcsetattr(0, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (n == (size_t)-1 || (n > LINE_MAX_BYTES && buf[n - 1] != '\n'))
        return NULL;
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    {
        const char *s = xy_arena_strdup(a, buf);
        memset(buf, 0, sizeof(buf));
        return s;
    }
}

static void print_json(FILE *out, struct xy_buf *b)
{
    fputs(b->data ? b->data : "null", out);
    fputc('\n', out);
    xy_buf_release(b);
}

static void print_totp(FILE *out, const struct xy_totp_new *t)
{
    if (!t->secret)
        return;
    fprintf(out, "动态口令密钥（只显示这一次，请录入身份验证器）：%s\n", t->secret);
    fprintf(out, "  %s\n", t->uri);
}

/* The password of add and passwd: generated (printed once) or one line of stdin. */
static const char *password_in(struct uenv *u, int generate, char gen[17])
{
    const char *pw;

    if (generate) {
        xy_code rc = xy_password_generate(gen, &u->err);
        return rc == XY_OK ? gen : NULL;
    }
    pw = read_secret(u->env->arena, "新口令：");
    if (!pw || !*pw)
        xy_err_set(&u->err, XY_INVALID, "没有从标准输入读到口令（或用 --generate 生成一个）");
    return pw && *pw ? pw : NULL;
}

static int user_add(struct uenv *u, int argc, char **argv)
{
    const char *role = NULL, *name = NULL, *dept = NULL, *pw;
    int generate = 0, stdin_pw = 0, json = 0, nrest, r;
    char **rest = xy_arena_alloc(u->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    char gen[17];
    struct xy_totp_new totp;
    int64_t id;
    xy_code rc;
    const struct xy_opt opts[] = {
        {"role", 1, &role, NULL},
        {"name", 1, &name, NULL},
        {"dept", 1, &dept, NULL},
        {"generate", 0, NULL, &generate},
        {"password-stdin", 0, NULL, &stdin_pw},
        {"json", 0, NULL, &json},
    };

    if ((r = xy_opts_parse(u->cmd, argc, argv, opts, 6, rest, &nrest)) != 0)
        return r;
    if (nrest != 1 || !role || !name)
        return xy_cli_usage(u->cmd, "user add needs LOGIN, --role and --name");
    if (generate && stdin_pw)
        return xy_cli_usage(u->cmd, "say --generate or --password-stdin, not both");
    if (!(pw = password_in(u, generate, gen)))
        return fail(u, u->err.code);
    {
        struct xy_user_req req = {rest[0], name, role, dept, pw};
        rc = xy_user_create(&u->env->ctx, &req, u->env->arena, &id, &totp, &u->err);
    }
    if (rc != XY_OK)
        return fail(u, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "login", rest[0]);
        xy_jw_kint(&w, "id", id);
        xy_jw_kstr(&w, "role", role);
        xy_jw_kstr(&w, "password", generate ? gen : NULL);
        xy_jw_kstr(&w, "totp_secret", totp.secret);
        xy_jw_kstr(&w, "totp_uri", totp.uri);
        xy_jw_end(&w);
        print_json(u->env->out, &b);
    } else {
        fprintf(u->env->out, "已创建账号 %s（%s）\n", rest[0],
                xy_role_label(xy_role_from_name(role)));
        if (generate)
            fprintf(u->env->out, "口令（只显示这一次）：%s\n", gen);
        print_totp(u->env->out, &totp);
    }
    memset(gen, 0, sizeof(gen));
    return XY_EXIT_OK;
}

static const char *status_text(const struct xy_user *x, char buf[48])
{
    char when[24];

    if (strcmp(x->status, "active"))
        return "停用";
    if (x->locked_until > xy_now()) {
        xy_time_minutes_cst(1000 * x->locked_until, when);
        snprintf(buf, 48, "锁定至%s", when + 11);
        return buf;
    }
    return "启用";
}

static void user_json(struct xy_jw *w, const struct xy_user *x)
{
    xy_jw_obj(w);
    xy_jw_kstr(w, "login", x->login);
    xy_jw_kstr(w, "display_name", x->display_name);
    xy_jw_kstr(w, "role", x->role);
    xy_jw_kstr(w, "dept", x->dept_uscc);
    xy_jw_kstr(w, "status", x->status);
    xy_jw_kbool(w, "locked", x->locked_until > xy_now());
    xy_jw_kint(w, "locked_until", x->locked_until);
    xy_jw_kint(w, "failures", x->failures);
    xy_jw_kbool(w, "totp", x->totp_secret != NULL);
    xy_jw_kbool(w, "identity_verified", x->subject_id != 0);
    xy_jw_kint(w, "created_at", x->created_at);
    xy_jw_kint(w, "last_login_at", x->last_login_at);
    xy_jw_end(w);
}

static int user_list(struct uenv *u, int json)
{
    struct xy_user *v;
    size_t n;
    xy_code rc;
    char st[48], when[24];

    if ((rc = xy_user_list(&u->env->ctx, u->env->arena, &v, &n, &u->err)) != XY_OK)
        return fail(u, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_arr(&w);
        for (size_t i = 0; i < n; i++)
            user_json(&w, &v[i]);
        xy_jw_end(&w);
        print_json(u->env->out, &b);
        return XY_EXIT_OK;
    }
    xy_text_pad(u->env->out, "登录名", 20);
    xy_text_pad(u->env->out, "角色", 20);
    xy_text_pad(u->env->out, "部门", 20);
    xy_text_pad(u->env->out, "状态", 18);
    xy_text_pad(u->env->out, "动态口令", 10);
    fputs("最近登录\n", u->env->out);
    for (size_t i = 0; i < n; i++) {
        const struct xy_user *x = &v[i];
        xy_text_pad(u->env->out, x->login, 20);
        xy_text_pad(u->env->out, xy_role_label(xy_role_from_name(x->role)), 20);
        xy_text_pad(u->env->out, x->dept_uscc ? x->dept_uscc : "-", 20);
        xy_text_pad(u->env->out, status_text(x, st), 18);
        xy_text_pad(u->env->out, x->totp_secret ? "已设置" : "-", 10);
        xy_time_minutes_cst(1000 * x->last_login_at, when);
        fprintf(u->env->out, "%s\n", when);
    }
    fprintf(u->env->out, "共 %zu 个账号\n", n);
    return XY_EXIT_OK;
}

static int user_show(struct uenv *u, const char *login, int json)
{
    struct xy_user x;
    xy_code rc;
    char st[48], when[24];

    if ((rc = xy_user_show(&u->env->ctx, login, u->env->arena, &x, &u->err)) != XY_OK)
        return fail(u, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        user_json(&w, &x);
        print_json(u->env->out, &b);
        return XY_EXIT_OK;
    }
    fprintf(u->env->out, "登录名      %s\n", x.login);
    fprintf(u->env->out, "显示名称    %s\n", x.display_name);
    fprintf(u->env->out, "角色        %s（%s）\n", xy_role_label(xy_role_from_name(x.role)),
            x.role);
    if (x.dept_uscc)
        fprintf(u->env->out, "部门        %s %s\n", x.dept_uscc, x.dept_name ? x.dept_name : "");
    fprintf(u->env->out, "状态        %s\n", status_text(&x, st));
    fprintf(u->env->out, "连续失败    %d 次\n", x.failures);
    fprintf(u->env->out, "动态口令    %s\n", x.totp_secret ? "已设置" : "未设置");
    if (xy_role_from_name(x.role) == XY_R_SUBJECT)
        fprintf(u->env->out, "实名核验    %s\n", x.subject_id ? "已核验并关联信用主体" : "未核验");
    xy_time_minutes_cst(1000 * x.created_at, when);
    fprintf(u->env->out, "创建于      %s\n", when);
    xy_time_minutes_cst(1000 * x.last_login_at, when);
    fprintf(u->env->out, "最近登录    %s\n", when);
    return XY_EXIT_OK;
}

static int user_passwd(struct uenv *u, int argc, char **argv)
{
    int generate = 0, stdin_pw = 0, nrest, r;
    char **rest = xy_arena_alloc(u->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const char *pw;
    char gen[17];
    xy_code rc;
    const struct xy_opt opts[] = {
        {"generate", 0, NULL, &generate},
        {"password-stdin", 0, NULL, &stdin_pw},
    };

    if ((r = xy_opts_parse(u->cmd, argc, argv, opts, 2, rest, &nrest)) != 0)
        return r;
    if (nrest != 1)
        return xy_cli_usage(u->cmd, "user passwd needs one LOGIN");
    if (generate && stdin_pw)
        return xy_cli_usage(u->cmd, "say --generate or --password-stdin, not both");
    if (!(pw = password_in(u, generate, gen)))
        return fail(u, u->err.code);
    if ((rc = xy_user_reset_password(&u->env->ctx, rest[0], pw, &u->err)) != XY_OK)
        return fail(u, rc);
    fprintf(u->env->out, "已重置 %s 的口令；该账号的会话已全部结束\n", rest[0]);
    if (generate)
        fprintf(u->env->out, "新口令（只显示这一次）：%s\n", gen);
    memset(gen, 0, sizeof(gen));
    return XY_EXIT_OK;
}

static int user_role(struct uenv *u, int argc, char **argv)
{
    const char *dept = NULL;
    int nrest, r;
    char **rest = xy_arena_alloc(u->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    struct xy_totp_new totp;
    xy_code rc;
    const struct xy_opt opts[] = {{"dept", 1, &dept, NULL}};

    if ((r = xy_opts_parse(u->cmd, argc, argv, opts, 1, rest, &nrest)) != 0)
        return r;
    if (nrest != 2)
        return xy_cli_usage(u->cmd, "user role needs LOGIN and ROLE");
    rc = xy_user_set_role(&u->env->ctx, rest[0], rest[1], dept, u->env->arena, &totp, &u->err);
    if (rc != XY_OK)
        return fail(u, rc);
    fprintf(u->env->out, "%s 的角色已改为%s；该账号的会话已全部结束\n", rest[0],
            xy_role_label(xy_role_from_name(rest[1])));
    print_totp(u->env->out, &totp);
    return XY_EXIT_OK;
}

static int user_verify(struct uenv *u, int argc, char **argv)
{
    const char *code = NULL, *name = NULL, *evidence = NULL;
    int nrest, r;
    char **rest = xy_arena_alloc(u->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    xy_code rc;
    const struct xy_opt opts[] = {
        {"code", 1, &code, NULL},
        {"name", 1, &name, NULL},
        {"evidence", 1, &evidence, NULL},
    };

    if ((r = xy_opts_parse(u->cmd, argc, argv, opts, 3, rest, &nrest)) != 0)
        return r;
    if (nrest != 1 || !name || !evidence)
        return xy_cli_usage(u->cmd, "user verify needs LOGIN, --name and --evidence");
    if (!code) {
        /* an ID number is read from stdin: on the command line `ps` and the history keep it */
        code = read_secret(u->env->arena, "证件号码或统一社会信用代码：");
        if (!code || !*code) {
            xy_err_set(&u->err, XY_INVALID, "没有从标准输入读到证件号码（或用 --code 给出代码）");
            return fail(u, XY_INVALID);
        }
    }
    rc = xy_user_verify(&u->env->ctx, rest[0], &xy_identity_staff, code, name, evidence,
                        u->env->arena, NULL, &u->err);
    if (rc != XY_OK)
        return fail(u, rc);
    fprintf(u->env->out, "已核验 %s 的身份并关联到对应的信用主体（核验方式：工作人员查验证件）\n",
            rest[0]);
    return XY_EXIT_OK;
}

static int check_login(struct uenv *u, int argc, char **argv)
{
    const char *totp = NULL, *client = "cli", *pw;
    int print = 0, nrest, r;
    char **rest = xy_arena_alloc(u->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    struct xy_session_new s;
    char when[24];
    xy_code rc;
    const struct xy_opt opts[] = {
        {"totp", 1, &totp, NULL},
        {"client", 1, &client, NULL},
        {"print-session", 0, NULL, &print},
    };

    if ((r = xy_opts_parse(u->cmd, argc, argv, opts, 3, rest, &nrest)) != 0)
        return r;
    if (nrest != 1)
        return xy_cli_usage(u->cmd, "user check-login needs one LOGIN (password on stdin)");
    pw = read_secret(u->env->arena, "口令：");
    rc = xy_login(&u->env->ctx, rest[0], pw ? pw : "", totp, client, &s, &u->err);
    if (rc != XY_OK) {
        fputs("denied\n", u->env->out);
        return fail(u, rc);
    }
    xy_time_minutes_cst(1000 * s.expires_at, when);
    fprintf(u->env->out, "ok\n");
    if (print)
        fprintf(u->env->out, "session %s\ncsrf %s\n", s.token, s.csrf);
    else
        fprintf(u->env->out, "会话闲置 %d 分钟后失效（至 %s）\n", XY_SESSION_IDLE_S / 60, when);
    return XY_EXIT_OK;
}

static int check_session(struct uenv *u)
{
    const char *token = read_secret(u->env->arena, "会话令牌："), *csrf;
    struct xy_principal p;
    xy_code rc;

    rc = xy_session_check(&u->env->ctx, token ? token : "", u->env->arena, &p, &csrf, &u->err);
    if (rc != XY_OK) {
        fputs("denied\n", u->env->out);
        return fail(u, rc);
    }
    fprintf(u->env->out, "ok %s %s\n", p.login, xy_role_name(p.role));
    return XY_EXIT_OK;
}

static int logout(struct uenv *u)
{
    const char *token = read_secret(u->env->arena, "会话令牌：");
    xy_code rc = xy_logout(&u->env->ctx, token ? token : "", &u->err);

    if (rc != XY_OK)
        return fail(u, rc);
    fputs("已退出登录\n", u->env->out);
    return XY_EXIT_OK;
}

/* ---- tokens ---- */

static int token_issue(struct uenv *u, int argc, char **argv)
{
    const char *dept = NULL, *name = NULL, *items = NULL, *days = NULL;
    int json = 0, nrest, r;
    char **rest = xy_arena_alloc(u->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    struct xy_token_new t;
    struct xy_token_req req;
    char when[24], *end;
    xy_code rc;
    const struct xy_opt opts[] = {
        {"dept", 1, &dept, NULL},         {"name", 1, &name, NULL}, {"items", 1, &items, NULL},
        {"expires-days", 1, &days, NULL}, {"json", 0, NULL, &json},
    };

    if ((r = xy_opts_parse(u->cmd, argc, argv, opts, 5, rest, &nrest)) != 0)
        return r;
    if (nrest != 0 || !dept || !name)
        return xy_cli_usage(u->cmd, "user token issue needs --dept and --name");
    req = (struct xy_token_req){dept, name, items, 0};
    if (days) {
        long v = strtol(days, &end, 10);
        if (*end || end == days || v < 1 || v > XY_TOKEN_DAYS_MAX)
            return xy_cli_usage(u->cmd, "--expires-days must be a number of days from 1 to %d",
                                XY_TOKEN_DAYS_MAX);
        req.days = (int)v;
    }
    if ((rc = xy_token_issue(&u->env->ctx, &req, u->env->arena, &t, &u->err)) != XY_OK)
        return fail(u, rc);
    xy_time_minutes_cst(1000 * t.expires_at, when);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "token", t.text);
        xy_jw_kstr(&w, "prefix", t.prefix);
        xy_jw_kint(&w, "expires_at", t.expires_at);
        xy_jw_end(&w);
        print_json(u->env->out, &b);
    } else {
        fprintf(u->env->out, "接口令牌（只显示这一次，请交给部门系统保存）：\n%s\n", t.text);
        fprintf(u->env->out, "前缀 %s，有效期至 %s（北京时间）\n", t.prefix, when);
    }
    memset(&t, 0, sizeof(t));
    return XY_EXIT_OK;
}

static int token_list(struct uenv *u, int json)
{
    struct xy_api_token *v;
    size_t n;
    int64_t now = xy_now();
    char when[24];
    xy_code rc;

    if ((rc = xy_token_list(&u->env->ctx, u->env->arena, &v, &n, &u->err)) != XY_OK)
        return fail(u, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_arr(&w);
        for (size_t i = 0; i < n; i++) {
            xy_jw_obj(&w);
            xy_jw_kstr(&w, "prefix", v[i].prefix);
            xy_jw_kstr(&w, "name", v[i].name);
            xy_jw_kstr(&w, "dept", v[i].dept_uscc);
            xy_jw_key(&w, "items");
            xy_jw_arr(&w);
            for (size_t k = 0; k < v[i].nitems; k++)
                xy_jw_str(&w, v[i].items[k]);
            xy_jw_end(&w);
            xy_jw_kstr(&w, "created_by", v[i].created_by);
            xy_jw_kint(&w, "created_at", v[i].created_at);
            xy_jw_kint(&w, "expires_at", v[i].expires_at);
            xy_jw_kint(&w, "revoked_at", v[i].revoked_at);
            xy_jw_kint(&w, "last_used_at", v[i].last_used_at);
            xy_jw_end(&w);
        }
        xy_jw_end(&w);
        print_json(u->env->out, &b);
        return XY_EXIT_OK;
    }
    xy_text_pad(u->env->out, "前缀", 10);
    xy_text_pad(u->env->out, "部门", 20);
    xy_text_pad(u->env->out, "状态", 8);
    xy_text_pad(u->env->out, "有效期至", 18);
    xy_text_pad(u->env->out, "最近使用", 18);
    xy_text_pad(u->env->out, "信息项", 24);
    fputs("名称\n", u->env->out);
    for (size_t i = 0; i < n; i++) {
        struct xy_buf items = XY_BUF_INIT;
        for (size_t k = 0; k < v[i].nitems; k++) {
            if (k)
                xy_buf_addc(&items, ',');
            xy_buf_adds(&items, v[i].items[k]);
        }
        xy_text_pad(u->env->out, v[i].prefix, 10);
        xy_text_pad(u->env->out, v[i].dept_uscc, 20);
        xy_text_pad(u->env->out,
                    v[i].revoked_at          ? "已吊销"
                    : now >= v[i].expires_at ? "已过期"
                                             : "有效",
                    8);
        xy_time_minutes_cst(1000 * (v[i].expires_at), when);
        xy_text_pad(u->env->out, when, 18);
        xy_time_minutes_cst(1000 * (v[i].last_used_at), when);
        xy_text_pad(u->env->out, when, 18);
        xy_text_pad(u->env->out, items.data ? items.data : "", 24);
        fprintf(u->env->out, "%s\n", v[i].name);
        xy_buf_release(&items);
    }
    fprintf(u->env->out, "共 %zu 个接口令牌\n", n);
    return XY_EXIT_OK;
}

static int token_check(struct uenv *u)
{
    const char *token = read_secret(u->env->arena, "接口令牌：");
    struct xy_principal p;
    xy_code rc;

    rc = xy_token_check(&u->env->ctx, token ? token : "", u->env->arena, &p, &u->err);
    if (rc != XY_OK) {
        fputs("denied\n", u->env->out);
        return fail(u, rc);
    }
    fprintf(u->env->out, "ok %s %s", p.login, xy_role_name(p.role));
    for (size_t k = 0; k < p.nitems; k++)
        fprintf(u->env->out, "%s%s", k ? "," : " ", p.items[k]);
    fputc('\n', u->env->out);
    return XY_EXIT_OK;
}

static int cmd_token(struct uenv *u, int argc, char **argv)
{
    int json = 0, nrest, r;
    char **rest = xy_arena_alloc(u->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {{"json", 0, NULL, &json}};
    xy_code rc;

    if (argc < 1)
        return xy_cli_usage(u->cmd, "say token issue, list, revoke or check");
    if (!strcmp(argv[0], "issue"))
        return token_issue(u, argc - 1, argv + 1);
    if ((r = xy_opts_parse(u->cmd, argc - 1, argv + 1, opts, 1, rest, &nrest)) != 0)
        return r;
    if (!strcmp(argv[0], "list") && nrest == 0)
        return token_list(u, json);
    if (!strcmp(argv[0], "check") && nrest == 0)
        return token_check(u);
    if (!strcmp(argv[0], "revoke") && nrest == 1) {
        if ((rc = xy_token_revoke(&u->env->ctx, rest[0], &u->err)) != XY_OK)
            return fail(u, rc);
        fprintf(u->env->out, "已吊销接口令牌 %s\n", rest[0]);
        return XY_EXIT_OK;
    }
    return xy_cli_usage(u->cmd, "say token issue, list, revoke PREFIX or check");
}

/* ---- demo accounts ---- */

static const struct {
    const char *login, *role, *name;
} demo_accounts[] = {
    {"demo-sysadmin", "sysadmin", "演示系统管理员"},
    {"demo-secadmin", "secadmin", "演示安全管理员"},
    {"demo-auditor", "auditor", "演示审计管理员"},
    {"demo-office", "office", "演示信用办工作人员"},
    {"demo-submitter", "submitter", "演示部门报送员"},
    {"demo-dept-user", "dept_user", "演示部门查询用户"},
    {"demo-reviewer", "reviewer", "演示审核员"},
    {"demo-agency", "agency", "演示信用服务机构"},
    {"demo-subject", "subject", "演示信用主体"},
};

/* Open path for appending, creating it with mode 0600; an existing file must be a regular
 * file of ours that nobody else can read. */
static FILE *open_private(struct uenv *u, const char *path, int *created)
{
    struct stat st;
    int fd;
    FILE *f;

    *created = 0;
    if (lstat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
            xy_err_set(&u->err, XY_DENIED,
                       "文件“%s”不是只有本人可读写的普通文件（权限 %03o），不能写入口令", path,
                       (unsigned)(st.st_mode & 0777));
            u->err.hint = "chmod 600 the file, or name another one with --out";
            return NULL;
        }
    } else if (errno != ENOENT) {
        xy_err_set(&u->err, XY_IO, "could not inspect \"%s\": %s", path, strerror(errno));
        return NULL;
    } else {
        *created = 1;
    }
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        xy_err_set(&u->err, XY_IO, "could not open \"%s\": %s", path, strerror(errno));
        return NULL;
    }
    if (fchmod(fd, 0600) != 0 || !(f = fdopen(fd, "a"))) {
        xy_err_set(&u->err, XY_IO, "could not prepare \"%s\": %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    return f;
}

static int user_demo(struct uenv *u, int argc, char **argv)
{
    struct xy_ctx *ctx = &u->env->ctx;
    struct xy_arena *a = u->env->arena;
    const char *path = NULL;
    int nrest, r, created, made = 0, kept = 0;
    char **rest = xy_arena_alloc(a, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {{"out", 1, &path, NULL}};
    struct xy_dept *depts, *dept = NULL;
    struct xy_summary sum;
    size_t nd;
    FILE *f;
    xy_code rc;
    char when[24];

    if ((r = xy_opts_parse(u->cmd, argc, argv, opts, 1, rest, &nrest)) != 0)
        return r;
    if (!path || nrest)
        return xy_cli_usage(u->cmd, "user demo needs --out FILE");
    if ((rc = xy_dept_list(ctx, a, &depts, &nd, &u->err)) != XY_OK)
        return fail(u, rc);
    for (size_t i = 0; i < nd && !dept; i++)
        if (depts[i].nitems)
            dept = &depts[i];
    if (!dept) {
        xy_err_set(&u->err, XY_NOT_FOUND, "还没有登记提供信息项的部门，无法创建部门演示账号");
        u->err.hint = "register the demo city's departments first (xinyong dept import)";
        return fail(u, XY_NOT_FOUND);
    }
    if ((rc = xy_summary_get(ctx, 1, a, &sum, &u->err)) != XY_OK)
        return fail(u, rc);
    if (!(f = open_private(u, path, &created)))
        return fail(u, u->err.code);
    if (created) {
        xy_time_minutes_cst(1000 * (xy_now()), when);
        fprintf(f,
                "# xinyong 演示账号，生成于 %s（北京时间）。只有本机的本用户可读；勿用于生产。\n"
                "# 登录名\t角色\t口令\t动态口令密钥(TOTP, base32)\n",
                when);
    }
    for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
        struct xy_user existing;
        struct xy_totp_new totp;
        struct xy_user_req req = {demo_accounts[i].login, demo_accounts[i].name,
                                  demo_accounts[i].role, NULL, NULL};
        struct xy_err probe = {0};
        char pw[17];

        rc = xy_user_show(ctx, req.login, a, &existing, &probe);
        if (rc == XY_OK) {
            kept++;
            continue;
        }
        if (rc != XY_NOT_FOUND) {
            u->err = probe;
            goto fail;
        }
        if (!strcmp(req.role, "submitter") || !strcmp(req.role, "dept_user"))
            req.dept = dept->uscc;
        if ((rc = xy_password_generate(pw, &u->err)) != XY_OK)
            goto fail;
        req.password = pw;
        if ((rc = xy_user_create(ctx, &req, a, NULL, &totp, &u->err)) != XY_OK)
            goto fail;
        fprintf(f, "%s\t%s\t%s\t%s\n", req.login, req.role, pw, totp.secret ? totp.secret : "-");
        fflush(f);
        memset(pw, 0, sizeof(pw));
        made++;
        if (!strcmp(req.role, "subject") && sum.ntop) {
            /* the demo's office clerk has seen the business licence */
            rc = xy_user_verify(ctx, req.login, &xy_identity_staff, sum.top[0].code,
                                sum.top[0].name, "演示：营业执照副本", a, NULL, &u->err);
            if (rc != XY_OK)
                goto fail;
        }
    }
    if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) {
        xy_err_set(&u->err, XY_IO, "could not write \"%s\": %s", path, strerror(errno));
        return fail(u, XY_IO);
    }
    fprintf(u->env->out,
            "演示账号：新建 %d 个，已存在 %d 个；口令和动态口令密钥在 %s（仅本人可读）\n", made,
            kept, path);
    if (made)
        fprintf(u->env->out, "部门账号属于 %s %s\n", dept->uscc, dept->name);
    return XY_EXIT_OK;
fail:
    fclose(f);
    return fail(u, rc);
}

int cmd_user(struct xy_cmd_env *env)
{
    struct uenv u = {env, xy_cli_command("user"), {0}};
    const char *sub = env->argc ? env->argv[0] : "";
    int argc = env->argc - 1, json = 0, nrest, r;
    char **argv = env->argv + 1;
    char **rest = xy_arena_alloc(env->arena, (size_t)(env->argc + 1) * sizeof(*rest));
    const struct xy_opt json_opt[] = {{"json", 0, NULL, &json}};
    struct xy_totp_new totp;
    xy_code rc;

    if (!*sub)
        return xy_cli_usage(u.cmd, "say which: add, list, show, disable, enable, unlock, passwd, "
                                   "role, totp-reset, verify, check-login, token, demo");
    if (!strcmp(sub, "add"))
        return user_add(&u, argc, argv);
    if (!strcmp(sub, "passwd"))
        return user_passwd(&u, argc, argv);
    if (!strcmp(sub, "role"))
        return user_role(&u, argc, argv);
    if (!strcmp(sub, "verify"))
        return user_verify(&u, argc, argv);
    if (!strcmp(sub, "check-login"))
        return check_login(&u, argc, argv);
    if (!strcmp(sub, "token"))
        return cmd_token(&u, argc, argv);
    if (!strcmp(sub, "demo"))
        return user_demo(&u, argc, argv);
    if ((r = xy_opts_parse(u.cmd, argc, argv, json_opt, 1, rest, &nrest)) != 0)
        return r;
    if (!strcmp(sub, "list") && nrest == 0)
        return user_list(&u, json);
    if (!strcmp(sub, "check-session") && nrest == 0)
        return check_session(&u);
    if (!strcmp(sub, "logout") && nrest == 0)
        return logout(&u);
    if (strcmp(sub, "show") && strcmp(sub, "disable") && strcmp(sub, "enable") &&
        strcmp(sub, "unlock") && strcmp(sub, "totp-reset"))
        return xy_cli_usage(u.cmd, "\"%s\" is not a user subcommand", sub);
    if (nrest != 1)
        return xy_cli_usage(u.cmd, "user %s needs one LOGIN", sub);
    if (!strcmp(sub, "show"))
        return user_show(&u, rest[0], json);
    if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
        int on = !strcmp(sub, "enable");
        if ((rc = xy_user_set_enabled(&env->ctx, rest[0], on, &u.err)) != XY_OK)
            return fail(&u, rc);
        fprintf(env->out, on ? "已启用账号 %s\n" : "已停用账号 %s；其会话已全部结束\n", rest[0]);
        return XY_EXIT_OK;
    }
    if (!strcmp(sub, "unlock")) {
        if ((rc = xy_user_unlock(&env->ctx, rest[0], &u.err)) != XY_OK)
            return fail(&u, rc);
        fprintf(env->out, "已解锁账号 %s\n", rest[0]);
        return XY_EXIT_OK;
    }
    /* totp-reset */
    if ((rc = xy_user_totp_reset(&env->ctx, rest[0], env->arena, &totp, &u.err)) != XY_OK)
        return fail(&u, rc);
    fprintf(env->out, "已为 %s 生成新的动态口令密钥；旧密钥作废，会话已全部结束\n", rest[0]);
    print_totp(env->out, &totp);
    return XY_EXIT_OK;
}
