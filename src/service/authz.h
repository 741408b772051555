/* authz.h - roles, permissions and the one permission check (layer: service)
 *
 * Every use case that is not public calls xy_authz_require() with the principal on its
 * context; the CLI and the API reach the same check. One role per account, and the role table
 * (authz.c) gives user management, security management and audit reading to three different
 * roles (三权分立): no account can hold two of them.
 */
#ifndef XY_SERVICE_AUTHZ_H
#define XY_SERVICE_AUTHZ_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* X(enum suffix, stable name, Chinese label, needs a second factor) */
#define XY_ROLE_MAP(X)                                                                             \
    X(NONE, "anonymous", "公众", 0)                                                                \
    X(SYSADMIN, "sysadmin", "系统管理员", 1)                                                       \
    X(SECADMIN, "secadmin", "安全管理员", 1)                                                       \
    X(AUDITOR, "auditor", "审计管理员", 1)                                                         \
    X(OFFICE, "office", "信用办工作人员", 0)                                                       \
    X(SUBMITTER, "submitter", "部门报送员", 0)                                                     \
    X(DEPT_USER, "dept_user", "部门查询用户", 0)                                                   \
    X(REVIEWER, "reviewer", "异议与修复审核员", 0)                                                 \
    X(AGENCY, "agency", "信用服务机构", 0)                                                         \
    X(SUBJECT, "subject", "信用主体", 0)                                                           \
    X(OPERATOR, "operator", "本机运维（命令行）", 0)

enum xy_role {
#define XY_ROLE_ENUM(e, name, label, mfa) XY_R_##e,
    XY_ROLE_MAP(XY_ROLE_ENUM)
#undef XY_ROLE_ENUM
        XY_R_COUNT
};

/* X(enum suffix, stable name, Chinese description) */
#define XY_PERM_MAP(X)                                                                             \
    X(USER_MANAGE, "user.manage", "管理账户（创建、停用、解锁、重置口令）")                        \
    X(SECURITY_MANAGE, "security.manage", "管理接口令牌、密钥和安全策略")                          \
    X(AUDIT_READ, "audit.read", "查阅和核验审计记录")                                              \
    X(DEPT_MANAGE, "dept.manage", "管理部门与目录")                                                \
    X(IDENTITY_VERIFY, "identity.verify", "核验信用主体的真实身份")                                \
    X(BATCH_SUBMIT, "batch.submit", "报送本部门的信用信息")                                        \
    X(BATCH_READ_DEPT, "batch.read_dept", "查看本部门的报送批次和考核指标")                        \
    X(BATCH_READ_ALL, "batch.read_all", "查看所有部门的报送批次和考核指标")                        \
    X(RECORD_READ_PRIVATE, "record.read_private", "查询非公开信用信息（须说明用途）")              \
    X(REVIEW, "review", "办理异议和信用修复")                                                      \
    X(AGENCY_READ, "agency.read", "经信用主体授权查询其信用信息")                                  \
    X(SELF_READ, "self.read", "查看本主体的全部信用信息和被查询记录")                              \
    X(STATS_READ, "stats.read", "查看统计")                                                        \
    X(REMEDY_FILE, "remedy.file", "对本主体的记录提出异议、申请信用修复")                          \
    X(REMEDY_DEPT, "remedy.dept", "核实本部门记录的异议、接收信用修复决定、报告被执行人履行")      \
    X(CHECK, "check", "在办理业务前核查信用主体并反馈联合奖惩措施")                                \
    X(LIST_APPROVE, "list.approve", "审核严重失信主体名单的列入")                                  \
    X(STATS_MANAGE, "stats.manage", "登记统计口径（各类主体的登记在册数）并重建统计计数")

enum xy_perm {
#define XY_PERM_ENUM(e, name, text) XY_PERM_##e,
    XY_PERM_MAP(XY_PERM_ENUM)
#undef XY_PERM_ENUM
        XY_PERM_COUNT
};

/* Who is acting. The CLI acts as the local operator (the host account is the root of trust);
 * HTTP requests act as the logged-in user, the API token's department, or anonymous. */
struct xy_principal {
    enum xy_role role;
    int64_t user_id;    /* 0 for the operator, a token or anonymous */
    int64_t token_id;   /* API token, or 0 */
    int64_t dept_id;    /* submitter, department user, token: its department; else 0 */
    int64_t subject_id; /* a subject acting as itself, once its identity is verified; else 0 */
    const char *login;  /* account name, "os:<user>" for the operator, "token:<prefix>" */
    const char **items; /* token scope: catalogue items it may submit (NULL: the department's) */
    size_t nitems;
    const char *client;       /* address for the audit trail, or NULL */
    const char *session_hash; /* SM3 hex of the session token acting, or NULL */
};

/* The principal of a command run on the host. */
void xy_principal_operator(struct xy_principal *p, const char *os_user);

const char *xy_role_name(enum xy_role r);  /* "sysadmin" */
const char *xy_role_label(enum xy_role r); /* "系统管理员" */
int xy_role_needs_mfa(enum xy_role r);
/* XY_R_COUNT when the name is not a role that an account can have. */
enum xy_role xy_role_from_name(const char *name);
const char *xy_perm_name(enum xy_perm p);
const char *xy_perm_text(enum xy_perm p);

/* 1 when role r holds permission p (the table in authz.c). */
int xy_role_has(enum xy_role r, enum xy_perm p);

/* XY_OK when who (NULL: anonymous) holds p; XY_DENIED with a message naming the permission
 * in words a clerk understands otherwise. */
xy_code xy_authz_require(const struct xy_principal *who, enum xy_perm p, struct xy_err *err);
/* The department check that comes with BATCH_SUBMIT and BATCH_READ_DEPT: who acts for
 * dept_id (or holds the _ALL permission). XY_DENIED otherwise. */
xy_code xy_authz_dept(const struct xy_principal *who, int64_t dept_id, struct xy_err *err);

/* Accounts of the three administrators (sysadmin, secadmin, auditor) are created and changed
 * only by the host operator: otherwise the system administrator could reset the auditor's
 * password and second factor and read the audit trail itself, which 三权分立 forbids.
 * XY_DENIED for anyone else when role is one of the three. */
xy_code xy_authz_admin_account(const struct xy_principal *who, enum xy_role role,
                               struct xy_err *err);

/* BATCH_SUBMIT for dept_id and item: the operator submits for any department; everyone else
 * only for their own, and an API token only the items of its scope. */
xy_code xy_authz_submit(const struct xy_principal *who, int64_t dept_id, const char *item,
                        struct xy_err *err);

#endif
