#!/bin/bash
# user.sh - accounts from the command line: login names and the password policy, lockout after
# 5 failures and its expiry, disabled accounts, the TOTP second factor of the administrators
# (codes computed here with Python's standard library) and code reuse, session idle timeout,
# API tokens (scope, revocation, expiry), the real-name link of a subject account, the audit
# trail of it all, and the demo accounts file.
# Time is moved with XY_NOW (base/time.c), never by sleeping.
. "$(dirname "$0")/lib.sh"
setup

NOW=1767232800 # 2026-01-01T02:00:00Z
export XY_NOW=$NOW

# totp SECRET [UNIX_TIME]: the RFC 6238 code an authenticator app shows
totp() {
    python3 - "$1" "${2:-$XY_NOW}" <<'EOF'
import base64, hashlib, hmac, struct, sys
s = sys.argv[1]
key = base64.b32decode(s + "=" * (-len(s) % 8))
h = hmac.new(key, struct.pack(">Q", int(sys.argv[2]) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000))
EOF
}

# json_get KEY: a string field of the JSON object on stdin
json_get() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print(v if v is not None else "")' "$1"
}

# login LOGIN PASSWORD [more args]: sets RC and OUT (stdout and stderr)
login() {
    u=$1
    p=$2
    shift 2
    OUT=$(printf '%s\n' "$p" | "$XY" user check-login "$u" "$@" 2>&1)
    RC=$?
}

expect_out() {
    case "$OUT" in *"$1"*) ok ;; *) fail "output lacks '$1': $OUT" ;; esac
}

t "user --help explains the command"
out=$("$XY" user --help)
case "$out" in *"usage: xinyong user"*"check-login"*"token issue"*) ok ;; *) fail "help: $out" ;; esac

t "login names are 3 to 32 lower-case letters, digits, . _ -"
for bad in Alice ab "zhang san" 张三 "a;drop" abcdefghijklmnopqrstuvwxyz0123456; do
    OUT=$(echo 'Good-Pass1!' | "$XY" user add "$bad" --role office --name 某人 2>&1)
    RC=$?
    expect_rc 4
    expect_out 登录名
done

t "weak passwords are refused with the rule they break"
OUT=$(echo 'Ab1!xyz' | "$XY" user add alice --role office --name 王小明 2>&1)
RC=$?
expect_rc 4
expect_out "至少需要8个字符"
OUT=$(echo 'abcdefgh12' | "$XY" user add alice --role office --name 王小明 2>&1)
RC=$?
expect_rc 4
expect_out "至少3类"
OUT=$(echo 'Xalice2025!' | "$XY" user add alice --role office --name 王小明 2>&1)
RC=$?
expect_rc 4
expect_out "不能包含登录名"
OUT=$("$XY" user add alice --role office --name 王小明 </dev/null 2>&1)
RC=$?
expect_rc 4

t "an office account is created with a password from stdin and listed"
OUT=$(echo 'Credit#2026' | "$XY" user add alice --role office --name 王小明 2>&1)
RC=$?
expect_rc 0
expect_out "已创建账号 alice"
OUT=$("$XY" user list 2>&1)
expect_out alice
expect_out 信用办工作人员
OUT=$("$XY" user show alice 2>&1)
expect_out 王小明
OUT=$(echo 'Credit#2026' | "$XY" user add alice --role office --name 别人 2>&1)
RC=$?
expect_rc 4
expect_out 已被使用

t "department roles need a registered department, the others refuse one"
OUT=$("$XY" user add sub1 --role submitter --name 报送员 --generate 2>&1)
RC=$?
expect_rc 4
expect_out "--dept"
OUT=$("$XY" user add off2 --role office --name 某人 --dept "$DEPT" --generate 2>&1)
RC=$?
expect_rc 4
OUT=$("$XY" user add sub1 --role submitter --name 报送员 --dept 91440106MA5000006F --generate 2>&1)
RC=$?
expect_rc 5
OUT=$("$XY" user add sub1 --role submitter --name 报送员 --dept "$DEPT" --generate 2>&1)
RC=$?
expect_rc 0
expect_out "口令（只显示这一次）"
OUT=$("$XY" user add nobody --role operator --name 某人 --generate 2>&1)
RC=$?
expect_rc 4
expect_out 没有角色

t "the right password logs in; a wrong password and an unknown login get the same answer"
login alice 'Credit#2026'
expect_rc 0
expect_out ok
login alice 'Credit#2027'
expect_rc 4
expect_out 账号或口令错误
wrong=$OUT
login nosuchuser 'Credit#2027'
expect_rc 4
[ "${OUT#denied}" = "${wrong#denied}" ] && ok || fail "unknown login answered differently: $OUT / $wrong"

t "5 failures lock the account for 15 minutes, with the unlock time in the message"
"$XY" user unlock alice >/dev/null # the wrong password above counted: start from 0
for i in 1 2 3 4; do login alice "wrong$i"; done
login alice 'Credit#2026'
expect_rc 0 # 4 failures, then success: the count starts again
for i in 1 2 3 4 5; do login alice "wrong$i"; done
login alice 'Credit#2026'
expect_rc 4
expect_out 锁定
expect_out "2026-01-01 10:1" # 02:00Z + 15 min, in Beijing time
OUT=$("$XY" user list)
expect_out 锁定至
XY_NOW=$((NOW + 14 * 60)) login alice 'Credit#2026'
expect_rc 4
XY_NOW=$((NOW + 16 * 60)) login alice 'Credit#2026'
expect_rc 0

t "an administrator unlocks a locked account"
for i in 1 2 3 4 5; do login alice "wrong$i"; done
login alice 'Credit#2026'
expect_rc 4
"$XY" user unlock alice >/dev/null && ok || fail "unlock failed"
login alice 'Credit#2026'
expect_rc 0

t "a disabled account cannot log in; enabled again it can"
"$XY" user disable alice >/dev/null && ok || fail "disable failed"
login alice 'Credit#2026'
expect_rc 4
expect_out 停用
login alice 'nope'
expect_out 账号或口令错误 # a wrong password does not learn that the account is disabled
"$XY" user enable alice >/dev/null && ok || fail "enable failed"
login alice 'Credit#2026'
expect_rc 0

t "a password reset takes effect and ends the old password"
echo 'Newer#Pass9' | "$XY" user passwd alice >/dev/null && ok || fail "passwd failed"
login alice 'Credit#2026'
expect_rc 4
login alice 'Newer#Pass9'
expect_rc 0
OUT=$(echo 'weakweak' | "$XY" user passwd alice 2>&1)
RC=$?
expect_rc 4
expect_out 至少3类

t "a system administrator gets a TOTP secret once and must use it"
json=$("$XY" user add root1 --role sysadmin --name 系统管理员甲 --generate --json)
pw=$(echo "$json" | json_get password)
secret=$(echo "$json" | json_get totp_secret)
uri=$(echo "$json" | json_get totp_uri)
[ ${#secret} -eq 32 ] && ok || fail "no TOTP secret in: $json"
case "$uri" in otpauth://totp/xinyong:root1\?secret="$secret"*) ok ;; *) fail "uri: $uri" ;; esac
login root1 "$pw"
expect_rc 4
expect_out mfa_required
login root1 "$pw" --totp 000000
expect_rc 4
expect_out 动态口令错误
code=$(totp "$secret")
login root1 "$pw" --totp "$code"
expect_rc 0
expect_out ok

t "a TOTP code is accepted once"
login root1 "$pw" --totp "$code"
expect_rc 4
expect_out 已使用过
XY_NOW=$((NOW + 30)) login root1 "$pw" --totp "$(totp "$secret" $((NOW + 30)))"
expect_rc 0

t "the TOTP secret is stored sealed, not as base32"
if python3 -c 'import sqlite3, sys; r = sqlite3.connect(sys.argv[1]).execute("select totp_secret from users where login = ?", ("root1",)).fetchone()[0]; sys.exit(0 if sys.argv[2] not in r and r.startswith("s") else 1)' "$XINYONG_DB" "$secret"; then ok; else fail "the TOTP secret is stored in the clear"; fi

t "a TOTP reset makes the old secret useless"
out=$("$XY" user totp-reset root1)
secret2=$(echo "$out" | sed -n 's/^动态口令密钥.*：\([A-Z2-7]*\)$/\1/p')
[ -n "$secret2" ] && [ "$secret2" != "$secret" ] && ok || fail "no new secret: $out"
XY_NOW=$((NOW + 60)) login root1 "$pw" --totp "$(totp "$secret" $((NOW + 60)))"
expect_rc 4
XY_NOW=$((NOW + 60)) login root1 "$pw" --totp "$(totp "$secret2" $((NOW + 60)))"
expect_rc 0

t "making an account an administrator gives it a second factor"
OUT=$("$XY" user role alice auditor 2>&1)
RC=$?
expect_rc 0
expect_out 动态口令密钥
login alice 'Newer#Pass9'
expect_out mfa_required
OUT=$("$XY" user role sub1 dept_user 2>&1)
RC=$?
expect_rc 0 # stays in its department

t "sessions end after 30 idle minutes and at logout"
echo 'Office#2026' | "$XY" user add bob --role office --name 李四 >/dev/null
session=$(printf 'Office#2026\n' | "$XY" user check-login bob --print-session | sed -n 's/^session //p')
[ ${#session} -ge 40 ] && ok || fail "no session token"
OUT=$(echo "$session" | "$XY" user check-session 2>&1)
expect_out "ok bob office"
OUT=$(echo "$session" | XY_NOW=$((NOW + 29 * 60)) "$XY" user check-session 2>&1)
expect_out "ok bob"
OUT=$(echo "$session" | XY_NOW=$((NOW + 29 * 60 + 31 * 60)) "$XY" user check-session 2>&1)
expect_out denied
expect_out 登录已失效
session=$(printf 'Office#2026\n' | "$XY" user check-login bob --print-session | sed -n 's/^session //p')
echo "$session" | "$XY" user logout >/dev/null && ok || fail "logout failed"
OUT=$(echo "$session" | "$XY" user check-session 2>&1)
expect_out denied
if python3 -c 'import sqlite3, sys; n = sqlite3.connect(sys.argv[1]).execute("select count(*) from sessions where token_hash = ?", (sys.argv[2],)).fetchone()[0]; sys.exit(n)' "$XINYONG_DB" "$session"; then ok; else fail "a session token is stored in the clear"; fi

t "API tokens: shown once, scoped to the department's items, revocable, expiring"
OUT=$("$XY" user token issue --dept "$DEPT" --name 市场监管报送系统 --items nsxy 2>&1)
RC=$?
expect_rc 4
expect_out 一数一源
OUT=$("$XY" user token issue --dept "$DEPT" --name 市场监管报送系统 --expires-days 400 2>&1)
RC=$?
expect_rc 2
json=$("$XY" user token issue --dept "$DEPT" --name 市场监管报送系统 --items xzcf,xzxk --json)
tok=$(echo "$json" | json_get token)
prefix=$(echo "$json" | json_get prefix)
case "$tok" in xy_"$prefix"_*) ok ;; *) fail "token text: $json" ;; esac
OUT=$(echo "$tok" | "$XY" user token check 2>&1)
expect_out "ok token:$prefix submitter xzcf,xzxk"
[ "${tok: -1}" = A ] && other=B || other=A
OUT=$(echo "${tok%?}$other" | "$XY" user token check 2>&1)
expect_out denied
OUT=$("$XY" user token list)
expect_out "$prefix"
case "$OUT" in *"${tok#xy_"$prefix"_}"*) fail "token list shows the secret" ;; *) ok ;; esac
all=$("$XY" user token issue --dept "$DEPT" --name 全部信息项 --json | json_get token)
OUT=$(echo "$all" | "$XY" user token check 2>&1)
expect_out "xzcf,xzxk,jyyc,yzsx"
"$XY" user token revoke "$prefix" >/dev/null && ok || fail "revoke failed"
OUT=$(echo "$tok" | "$XY" user token check 2>&1)
expect_out 吊销
OUT=$("$XY" user token revoke "$prefix" 2>&1)
RC=$?
expect_rc 4
short=$("$XY" user token issue --dept "$DEPT" --name 一天 --expires-days 1 --json | json_get token)
OUT=$(echo "$short" | XY_NOW=$((NOW + 86399)) "$XY" user token check 2>&1)
expect_out ok
OUT=$(echo "$short" | XY_NOW=$((NOW + 86400)) "$XY" user token check 2>&1)
expect_out 过期
if python3 -c 'import sqlite3, sys; n = sqlite3.connect(sys.argv[1]).execute("select count(*) from api_tokens where token_hash = ? or name = ?", (sys.argv[2], sys.argv[2])).fetchone()[0]; sys.exit(n)' "$XINYONG_DB" "$tok"; then ok; else fail "an API token is stored in the clear"; fi

t "a subject account is linked to its credit subject by staff verification"
{
    echo "$PEN_HEADER"
    good_org_row 1 "$ORG1"
    pen_row 周九 自然人 '' '' 身份证 "$ID2" 穗市监罚〔2025〕P1号 罚款 1 2025/03/05
} >"$T/pen.csv"
ingest "$T/pen.csv"
expect_rc 0
echo 'Subject#2026' | "$XY" user add corp1 --role subject --name 测试科技 >/dev/null
echo 'Person#2026x' | "$XY" user add zhou9 --role subject --name 周 >/dev/null
OUT=$("$XY" user verify corp1 --code "$ORG1" --name 广州市天河区测试1科技有限公司 2>&1)
RC=$?
expect_rc 2 # no --evidence
OUT=$("$XY" user verify corp1 --code "$ORG1" --name 别的公司 --evidence 营业执照副本 2>&1)
RC=$?
expect_rc 4
expect_out 不符
OUT=$("$XY" user verify corp1 --code "$ORG1" --name 广州市天河区测试1科技有限公司 --evidence 营业执照副本 2>&1)
RC=$?
expect_rc 0
OUT=$("$XY" user show corp1)
expect_out 已核验
OUT=$(echo "$ID1" | "$XY" user verify zhou9 --name 周九 --evidence 居民身份证原件 2>&1)
RC=$?
expect_rc 5
case "$OUT" in *"$ID1"*) fail "the ID number is echoed: $OUT" ;; *) ok ;; esac
OUT=$(echo "$ID2" | "$XY" user verify zhou9 --name 周九 --evidence 居民身份证原件 2>&1)
RC=$?
expect_rc 0
OUT=$(echo "$ID2" | "$XY" user verify bob --name 周九 --evidence 居民身份证原件 2>&1)
RC=$?
expect_rc 4
expect_out 不是信用主体账号
if python3 -c 'import sqlite3, sys; r = sqlite3.connect(sys.argv[1]).execute("select subject_id from users where login = ?", ("zhou9",)).fetchone()[0]; sys.exit(0 if r else 1)' "$XINYONG_DB"; then ok; else fail "zhou9 has no subject_id"; fi

t "the audit trail holds logins, failures with their reason, and account changes - and no names"
python3 - "$XINYONG_DB" "$ID2" <<'EOF' && ok || fail "audit trail"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select actor, action, target, result, coalesce(detail, ''), coalesce(subject_id, 0) from audit").fetchall()
acts = [r[1] for r in rows]
def need(cond, what):
    if not cond:
        print("audit lacks", what, file=sys.stderr)
        sys.exit(1)
need("login" in acts, "login")
need(any(r[1] == "login.failed" and r[4].startswith("password") and r[0] == "alice" for r in rows), "a failed password")
need(any(r[1] == "login.failed" and r[4] == "locked" for r in rows), "a locked attempt")
need(any(r[1] == "login.failed" and r[4] == "disabled" for r in rows), "a disabled attempt")
need(any(r[1] == "login.failed" and r[4].startswith("totp") for r in rows), "a wrong code")
need(any(r[1] == "login.failed" and r[0] == "nosuchuser" for r in rows), "an unknown login")
for a in ("user.create", "user.disable", "user.enable", "user.unlock", "user.password_reset",
          "user.role", "user.totp_reset", "user.verify", "token.issue", "token.revoke", "logout"):
    need(a in acts, a)
need(any(r[1] == "user.verify" and r[5] > 0 for r in rows), "the verified subject's id")
text = "\n".join("|".join(map(str, r)) for r in rows)
for secret in ("王小明", "李四", "周九", sys.argv[2], "Credit#2026"):
    if secret in text:
        print("audit holds", secret, file=sys.stderr)
        sys.exit(1)
EOF
if python3 -c 'import sqlite3, sys; sys.exit(any(sys.argv[2] in str(v) for r in sqlite3.connect(sys.argv[1]).execute("select * from users") for v in r))' "$XINYONG_DB" "$ID2"; then ok; else fail "the users table holds an ID number"; fi

t "demo accounts: one per role, written to a file only the owner can read, kept on a rerun"
OUT=$("$XY" user demo --out "$T/demo-accounts.txt" 2>&1)
RC=$?
expect_rc 0
expect_out "$T/demo-accounts.txt"
[ "$(stat -c %a "$T/demo-accounts.txt")" = 600 ] && ok || fail "demo file mode $(stat -c %a "$T/demo-accounts.txt")"
n=$(grep -c '^demo-' "$T/demo-accounts.txt")
[ "$n" = 9 ] && ok || fail "$n demo accounts in the file"
line=$(grep '^demo-sysadmin' "$T/demo-accounts.txt")
dpw=$(echo "$line" | cut -f3)
dsecret=$(echo "$line" | cut -f4)
XY_NOW=$((NOW + 90)) login demo-sysadmin "$dpw" --totp "$(totp "$dsecret" $((NOW + 90)))"
expect_rc 0
line=$(grep '^demo-office' "$T/demo-accounts.txt")
login demo-office "$(echo "$line" | cut -f3)"
expect_rc 0
OUT=$("$XY" user show demo-subject)
expect_out 已核验
OUT=$("$XY" user show demo-submitter)
expect_out "$DEPT"
before=$(md5sum <"$T/demo-accounts.txt")
OUT=$("$XY" user demo --out "$T/demo-accounts.txt" 2>&1)
RC=$?
expect_rc 0
expect_out "新建 0 个"
[ "$(md5sum <"$T/demo-accounts.txt")" = "$before" ] && ok || fail "the rerun changed the file"
chmod 644 "$T/demo-accounts.txt"
OUT=$("$XY" user demo --out "$T/demo-accounts.txt" 2>&1)
RC=$?
expect_rc 4
expect_out 644

finish
