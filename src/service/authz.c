/* authz.c - the role table and the one permission check (layer: service)
 *
 * 三权分立 (GB/T 22239-2019 level 3: access control and the security management centre): the system
 * administrator manages accounts, the security administrator manages credentials, keys and security
 * policy, the auditor reads the audit trail, and no role holds two of the three. Department roles
 * act for their own department only (一数一源: a submitter submits only its department's items).
 */
#include "service/authz.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name, *label;
    int mfa;
} roles[XY_R_COUNT] = {
#define XY_ROLE_ROW(e, n, l, m) [XY_R_##e] = {n, l, m},
    XY_ROLE_MAP(XY_ROLE_ROW)
#undef XY_ROLE_ROW
};

static const struct {
    const char *name, *text;
} perms[XY_PERM_COUNT] = {
#define XY_PERM_ROW(e, n, t) [XY_PERM_##e] = {n, t},
    XY_PERM_MAP(XY_PERM_ROW)
#undef XY_PERM_ROW
};

#define P(x) (1u << XY_PERM_##x)

/* The whole policy. Anonymous users hold nothing here: public reads need no permission. */
static const unsigned grants[XY_R_COUNT] = {
    [XY_R_NONE] = 0,
    [XY_R_SYSADMIN] = P(USER_MANAGE),
    [XY_R_SECADMIN] = P(SECURITY_MANAGE),
    [XY_R_AUDITOR] = P(AUDIT_READ),
    [XY_R_OFFICE] = P(DEPT_MANAGE) | P(IDENTITY_VERIFY) | P(BATCH_READ_ALL) |
                    P(RECORD_READ_PRIVATE) | P(STATS_READ) | P(LIST_APPROVE) | P(STATS_MANAGE),
    [XY_R_SUBMITTER] = P(BATCH_SUBMIT) | P(BATCH_READ_DEPT) | P(REMEDY_DEPT) | P(CHECK),
    [XY_R_DEPT_USER] = P(BATCH_READ_DEPT) | P(RECORD_READ_PRIVATE) | P(REMEDY_DEPT) | P(CHECK),
    [XY_R_REVIEWER] = P(REVIEW) | P(RECORD_READ_PRIVATE) | P(LIST_APPROVE),
    [XY_R_AGENCY] = P(AGENCY_READ),
    [XY_R_SUBJECT] = P(SELF_READ) | P(REMEDY_FILE),
    /* the host account that runs the CLI can read the database file and the key file anyway;
     * its commands are audited as "os:<user>", and host accounts carry the separation */
    [XY_R_OPERATOR] = ~0u & ~P(SELF_READ) & ~P(AGENCY_READ) & ~P(REMEDY_FILE) &
                      /* approving a black-list addition is a second named person's act: the
                       * host account is nobody in particular (domain/approval.c) */
                      ~P(LIST_APPROVE),
};

void xy_principal_operator(struct xy_principal *p, const char *os_user)
{
    static char login[64];

    snprintf(login, sizeof(login), "os:%s", os_user && *os_user ? os_user : "unknown");
    memset(p, 0, sizeof(*p));
    p->role = XY_R_OPERATOR;
    p->login = login;
}

const char *xy_role_name(enum xy_role r)
{
    return (unsigned)r < XY_R_COUNT ? roles[r].name : "unknown";
}

const char *xy_role_label(enum xy_role r)
{
    return (unsigned)r < XY_R_COUNT ? roles[r].label : "未知角色";
}

int xy_role_needs_mfa(enum xy_role r)
{
    return (unsigned)r < XY_R_COUNT && roles[r].mfa;
}

enum xy_role xy_role_from_name(const char *name)
{
    /* anonymous and the operator are not roles an account can be given */
    for (int r = XY_R_NONE + 1; r < XY_R_OPERATOR; r++)
        if (name && !strcmp(name, roles[r].name))
            return (enum xy_role)r;
    return XY_R_COUNT;
}

const char *xy_perm_name(enum xy_perm p)
{
    return (unsigned)p < XY_PERM_COUNT ? perms[p].name : "unknown";
}

const char *xy_perm_text(enum xy_perm p)
{
    return (unsigned)p < XY_PERM_COUNT ? perms[p].text : "未知权限";
}

int xy_role_has(enum xy_role r, enum xy_perm p)
{
    return (unsigned)r < XY_R_COUNT && (unsigned)p < XY_PERM_COUNT && (grants[r] >> p & 1u);
}

xy_code xy_authz_require(const struct xy_principal *who, enum xy_perm p, struct xy_err *err)
{
    enum xy_role r = who ? who->role : XY_R_NONE;

    if (xy_role_has(r, p))
        return XY_OK;
    if (r == XY_R_NONE) {
        xy_err_set(err, XY_DENIED, "请先登录（需要权限：%s）", xy_perm_text(p));
        err->hint = "login";
        return XY_DENIED;
    }
    return xy_err_set(err, XY_DENIED, "%s无权%s", xy_role_label(r), xy_perm_text(p));
}

xy_code xy_authz_dept(const struct xy_principal *who, int64_t dept_id, struct xy_err *err)
{
    if (who && (xy_role_has(who->role, XY_PERM_BATCH_READ_ALL)))
        return XY_OK;
    if (who && who->dept_id && who->dept_id == dept_id)
        return XY_OK;
    return xy_err_set(err, XY_DENIED, "只能查看和报送本部门的信息");
}

xy_code xy_authz_submit(const struct xy_principal *who, int64_t dept_id, const char *item,
                        struct xy_err *err)
{
    xy_code rc = xy_authz_require(who, XY_PERM_BATCH_SUBMIT, err);

    if (rc != XY_OK || who->role == XY_R_OPERATOR)
        return rc;
    if (!who->dept_id || who->dept_id != dept_id)
        return xy_err_set(err, XY_DENIED, "只能报送本部门的信息");
    if (who->items) {
        for (size_t i = 0; i < who->nitems; i++)
            if (!strcmp(who->items[i], item))
                return XY_OK;
        return xy_err_set(err, XY_DENIED, "该接口令牌无权报送信息项“%s”", item);
    }
    return XY_OK;
}

xy_code xy_authz_admin_account(const struct xy_principal *who, enum xy_role role,
                               struct xy_err *err)
{
    int admin = role == XY_R_SYSADMIN || role == XY_R_SECADMIN || role == XY_R_AUDITOR;

    if (!admin || (who && who->role == XY_R_OPERATOR))
        return XY_OK;
    return xy_err_set(err, XY_DENIED,
                      "%s账号只能由服务器上的运维人员用命令行（xinyong user）管理（三权分立）",
                      xy_role_label(role));
}
