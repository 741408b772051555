// console.test.mjs - the staff console (web/console/) in headless chromium against the real
// server, signed in with the demo accounts that run.sh made (`xinyong user demo`; one per role,
// with password and TOTP secret). Each test does what a clerk would do and checks what they
// would see; every page must stay free of console errors, exceptions and CSP violations, and
// leaves a screenshot in $E2E_OUT. Parts whose API route the server does not have yet are
// skipped, and say so.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, assertClean, BASE, CITY, closePage, launch, openPage, parseCsv, settle, shot } from './lib.mjs';

const ACCOUNTS_FILE = process.env.E2E_ACCOUNTS;
if (!ACCOUNTS_FILE) throw new Error('E2E_ACCOUNTS is not set: run tests/e2e/run.sh');

// ---- the demo accounts: "login<TAB>role<TAB>password<TAB>totp secret or -" ----

function readAccounts(file) {
  const byRole = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [login, role, password, secret] = line.split('\t');
    byRole.set(role, { login, role, password, secret: secret && secret !== '-' ? secret.trim() : null });
  }
  return byRole;
}

const ACCOUNTS = readAccounts(ACCOUNTS_FILE);
function account(role) {
  const a = ACCOUNTS.get(role);
  assert.ok(a, `the demo accounts file has a ${role}`);
  return a;
}

// ---- TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) ----

function base32(s) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    const i = A.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function hotp(secret, counter) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', base32(secret)).update(msg).digest();
  const o = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const nowStep = () => Math.floor(Date.now() / 1000 / 30);
const usedStep = new Map();

/** A code the server has not seen for this account: it refuses a step used before, and takes
 * the previous, current and next step; past the next one we poll the clock. */
async function freshCode(acct) {
  const want = (usedStep.get(acct.login) ?? -1) + 1;
  for (;;) {
    const now = nowStep();
    const step = Math.max(want, now);
    if (step <= now + 1) {
      usedStep.set(acct.login, step);
      return hotp(acct.secret, step);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A 6-digit code valid for no step the server would accept now. */
function wrongCode(acct) {
  const now = nowStep();
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => hotp(acct.secret, now + d)));
  for (let n = 123456; ; n = (n + 111111) % 1000000) {
    const c = String(n).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}

// ---- the server's routes: some arrive while the console is being built ----

/** True when the server has this route (anonymous: 401 or 403, not 404/405). */
async function hasRoute(method, p) {
  const init = { method };
  if (method !== 'GET') {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = '{}';
  }
  const res = await fetch(BASE + p, init);
  await res.arrayBuffer();
  return res.status !== 404 && res.status !== 405;
}

async function needRoutes(t, routes) {
  const missing = [];
  for (const [m, p] of routes) if (!(await hasRoute(m, p))) missing.push(`${m} ${p}`);
  if (missing.length) t.skip(`the server has no ${missing.join(', ')} yet`);
  return missing.length === 0;
}

/** Sign in from node (no browser): the session cookie and the CSRF token. */
async function apiSignIn(acct) {
  const body = { login: acct.login, password: acct.password };
  if (acct.secret) body.totp = await freshCode(acct);
  const res = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 200, `API sign-in of ${acct.login}: ${JSON.stringify(json)}`);
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  return { cookie, csrf: json.csrf_token };
}

// ---- browser helpers ----

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const MENUS = {
  sysadmin: ['首页', '账号管理'],
  secadmin: ['首页', '接口令牌', '密钥状态'],
  auditor: ['首页', '审计查询'],
  // 核查 for the holders of `check` and (to read every department's checks) the office;
  // 批量筛查, 反馈 and 复核队列 for `check`; 联合奖惩统计 for `check` (own department) and
  // `stats.read` (all); 名单审核 for `list.approve`; 措施清单 for `dept.manage`; 统计分析 for
  // `stats.read`
  office: ['首页', '身份核验', '报送批次', '考核指标', '非公开信息查询', '名单审核', '核查', '联合奖惩统计', '统计分析',
    '措施清单'],
  submitter: ['首页', '报送批次', '考核指标', '异议与修复', '核查', '批量筛查', '反馈', '复核队列', '联合奖惩统计'],
  dept_user: ['首页', '报送批次', '考核指标', '非公开信息查询', '异议与修复', '核查', '批量筛查', '反馈', '复核队列',
    '联合奖惩统计'],
  reviewer: ['首页', '非公开信息查询', '异议与修复', '名单审核'],
  agency: ['首页'],
  subject: ['首页', '我的信用档案', '我的异议与修复'],
};
const ROLE_NAMES = {
  sysadmin: '系统管理员', secadmin: '安全管理员', auditor: '审计管理员', office: '信用办工作人员',
  submitter: '部门报送员', dept_user: '部门查询用户', reviewer: '异议与修复审核员', agency: '信用服务机构',
  subject: '信用主体',
};

async function fillLogin(page, acct, password = acct.password) {
  await page.goto(`${BASE}/console/login.html`);
  await page.getByLabel('登录名').fill(acct.login);
  await page.getByLabel('口令', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Sign `acct` in on `page` (the TOTP step when the account has a secret); ends on the console's
 * home page. A subject lands on the portal's 我的信用 first (checked here), then goes there. */
async function signIn(page, acct) {
  await fillLogin(page, acct);
  if (acct.secret) {
    const code = page.getByLabel('动态口令');
    await code.waitFor({ state: 'visible' });
    await code.fill(await freshCode(acct));
    await page.getByRole('button', { name: '验证并登录' }).click();
  }
  await page.waitForURL(/\/(console\/index|my)\.html$/);
  if (acct.role) assert.equal(/\/my\.html$/.test(page.url()), acct.role === 'subject', `where ${acct.role} lands`);
  if (/\/my\.html$/.test(page.url())) {
    await page.locator('#content:visible, #status .alert').first().waitFor();
    await settle(page); // let 我的信用 finish its requests before leaving it
    await page.goto(`${BASE}/console/index.html`);
  }
  await page.locator('#content').waitFor({ state: 'visible' });
}

// One signed-in page per role, shared by that role's tests (administrators sign in with a TOTP
// code, and each code works once).
const pages = new Map();
async function pageAs(role) {
  if (!pages.has(role)) {
    // the system administrator is refused the administrators' accounts (三权分立): a 403 is
    // part of its story
    const page = await openPage(browser, { expectStatus: role === 'sysadmin' ? [401, 403] : [401] });
    await signIn(page, account(role));
    pages.set(role, page);
  }
  return pages.get(role);
}
after(async () => {
  for (const p of pages.values()) await closePage(p);
});

async function menuOf(page) {
  return (await page.locator('#console-nav a').allTextContents()).map((s) => s.trim());
}

async function go(page, file) {
  await page.goto(`${BASE}/console/${file}`);
  await page.locator('#content').waitFor({ state: 'visible' });
}

// ---- demo data ----

/** The demo submitter's department (the first with catalogue items, as `user demo` picks it)
 * and a small UTF-8 CSV of one of its items: the first 20 lines of the generated file. */
async function smallCsv() {
  const { status, body } = await api('/api/v1/departments');
  assert.equal(status, 200);
  const dept = body.items.find((d) => d.items.length > 0);
  const manifest = parseCsv(fs.readFileSync(path.join(CITY, 'manifest.csv'), 'utf8')).slice(1);
  const row = manifest.find(([file, code, item]) => code === dept.code && dept.items.includes(item) &&
    file.endsWith('.csv') && !file.includes('gb18030'));
  assert.ok(row, `the demo city has a UTF-8 CSV file of ${dept.code}`);
  const [file, , item] = row;
  const text = fs.readFileSync(path.join(CITY, file), 'utf8');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol).filter((l) => l !== '').slice(0, 20);
  return { dept, item, name: `e2e-${file}`, rows: lines.length - 1, buffer: Buffer.from(lines.join(eol) + eol) };
}

let subjectCode = null;
/** The code of the demo subject's own credit subject (what the office will look up). */
async function demoSubjectCode() {
  if (subjectCode) return subjectCode;
  const s = await apiSignIn(account('subject'));
  const res = await fetch(`${BASE}/api/v1/me/file`, { headers: { Cookie: s.cookie } });
  const body = await res.json();
  assert.equal(res.status, 200, `GET /api/v1/me/file as the demo subject: ${JSON.stringify(body)}`);
  subjectCode = body.subject.code;
  await fetch(`${BASE}/api/v1/session`, { method: 'DELETE', headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf } });
  return subjectCode;
}

/** An organisation of the demo city with a unified social credit code, as the platform has
 * registered it (name from the public file), other than the demo subject's. */
async function demoOrganisation() {
  const skip = await demoSubjectCode();
  const manifest = parseCsv(fs.readFileSync(path.join(CITY, 'manifest.csv'), 'utf8')).slice(1);
  for (const [file, , item] of manifest) {
    if (!['xzxk', 'xzcf'].includes(item) || !file.endsWith('.csv') || file.includes('gb18030')) continue;
    const rows = parseCsv(fs.readFileSync(path.join(CITY, file), 'utf8'));
    const head = rows[0] || [];
    const [ki, ci] = [head.indexOf('行政相对人类别'), head.indexOf('统一社会信用代码')];
    if (ki < 0 || ci < 0) continue;
    for (const r of rows.slice(1)) {
      const code = (r[ci] || '').toUpperCase();
      if (r[ki] !== '法人及非法人组织' || !/^[0-9A-Z]{18}$/.test(code) ||
        code === skip || code.startsWith('000000')) continue;
      const { status, body } = await api(`/api/v1/subjects/${code}`);
      if (status === 200 && body.subject && body.subject.name) return { code, name: body.subject.name };
    }
  }
  throw new Error('the demo city has no organisation with a registered code');
}

const PURPOSE = '行政许可审查：端到端测试项目';
let batchId = null;

// ---- the tests ----

describe('the staff console', () => {
  test('the portal links to the console, which sends a visitor to the login page', async () => {
    const page = await openPage(browser, { expectStatus: [401] });
    await page.goto(`${BASE}/`);
    await settle(page);
    await Promise.all([page.waitForURL(/\/console\/login\.html\?reason=login/),
      page.getByRole('link', { name: '工作人员登录' }).click()]);
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    assert.match(await page.locator('#status').innerText(), /请先登录/);
    await shot(page, 'console-login');
    await assertClean(page, 'console-login');
    await closePage(page);
  });

  test('a wrong password is refused with the server\'s message and code', async () => {
    const page = await openPage(browser, { expectStatus: [401] });
    await fillLogin(page, account('office'), 'Wrong-password-1');
    const alert = page.locator('#status .alert-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /账号或口令错误 \(LOGIN_FAILED\)/);
    assert.match(page.url(), /login\.html/);
    assert.equal(await page.getByLabel('动态口令').isVisible(), false, 'no TOTP step for the office clerk');
    await shot(page, 'console-login-failed');
    await assertClean(page, 'console-login-failed');
    await closePage(page);
  });

  test('the login page fits a phone', async () => {
    const page = await openPage(browser, { mobile: true });
    await page.goto(`${BASE}/console/login.html`);
    await settle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no horizontal scrolling on a phone');
    await shot(page, 'console-login-mobile');
    await assertClean(page, 'console-login-mobile');
    await closePage(page);
  });

  test('the signed-in console fits a phone', async () => {
    const page = await openPage(browser, { mobile: true, expectStatus: [401] });
    await signIn(page, account('dept_user'));
    for (const file of ['index.html', 'batches.html', 'assessment.html']) {
      await go(page, file);
      await settle(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, `${file}: no horizontal scrolling on a phone`);
      await shot(page, `console-phone-${file.replace('.html', '')}`);
    }
    await assertClean(page, 'console-phone');
    await closePage(page);
  });

  test('the system administrator needs the second factor; a wrong code is refused', async () => {
    const acct = account('sysadmin');
    assert.ok(acct.secret, 'the demo system administrator has a TOTP secret');
    // kept as the sysadmin's page: later it is refused the administrators' accounts (403)
    const page = await openPage(browser, { expectStatus: [401, 403] });
    await fillLogin(page, acct);
    const code = page.getByLabel('动态口令');
    await code.waitFor({ state: 'visible' });
    assert.match(await page.locator('#status').innerText(), /动态口令/);
    await shot(page, 'console-login-totp');
    await code.fill(wrongCode(acct));
    await page.getByRole('button', { name: '验证并登录' }).click();
    await page.locator('#status .alert-error').waitFor();
    assert.match(await page.locator('#status').innerText(), /动态口令错误 \(LOGIN_FAILED\)/);
    await code.fill(await freshCode(acct));
    await page.getByRole('button', { name: '验证并登录' }).click();
    await page.waitForURL(/\/console\/index\.html$/);
    await page.locator('#content').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#user-role').innerText(), '系统管理员');
    pages.set('sysadmin', page);
    await assertClean(page, 'console-sysadmin-login');
  });

  describe('each role sees exactly its menu', () => {
    for (const role of Object.keys(MENUS)) {
      test(`${ROLE_NAMES[role]} (${role})`, async () => {
        const page = await pageAs(role);
        await go(page, 'index.html');
        assert.deepEqual(await menuOf(page), MENUS[role]);
        assert.equal(await page.locator('#user-role').innerText(), ROLE_NAMES[role]);
        assert.equal(await page.locator('#user-login').innerText(), account(role).login);
        const cards = (await page.locator('#menu-cards a strong').allTextContents()).map((s) => s.trim());
        assert.deepEqual(cards, MENUS[role].slice(1), 'the home page offers the same pages');
        await shot(page, `console-home-${role}`);
        await assertClean(page, `console-home-${role}`);
      });
    }
    test('a page the role may not use says so', async () => {
      const page = await pageAs('agency');
      await page.goto(`${BASE}/console/users.html`);
      await page.locator('#status .alert-warn').waitFor();
      assert.match(await page.locator('#status').innerText(), /无权使用本页面/);
      assert.equal(await page.locator('#content').isVisible(), false);
      await assertClean(page, 'console-agency-denied');
    });
  });

  test('the system administrator creates an account, but not an auditor (三权分立)', async (t) => {
    if (!(await needRoutes(t, [['GET', '/api/v1/users'], ['POST', '/api/v1/users']]))) return;
    const page = await pageAs('sysadmin');
    await go(page, 'users.html');
    await page.locator('#users-table').waitFor();
    await page.getByLabel('登录名').fill('e2e-clerk');
    await page.getByLabel('显示名称').fill('端到端测试办事员');
    await page.getByLabel('角色', { exact: true }).selectOption('office');
    assert.equal(await page.getByLabel('所属部门').isVisible(), false, 'no department for the office');
    await page.getByLabel('初始口令').fill('Clerk-pass-2024');
    await page.getByRole('button', { name: '创建账号' }).click();
    await page.locator('#create-status .alert-info').waitFor();
    assert.match(await page.locator('#create-status').innerText(), /已创建账号 e2e-clerk/);
    const row = page.locator('#users-table tr[data-login="e2e-clerk"]');
    await row.waitFor();
    assert.match(await row.innerText(), /信用办工作人员/);

    await page.getByLabel('登录名').fill('e2e-auditor');
    await page.getByLabel('显示名称').fill('端到端测试审计员');
    await page.getByLabel('角色', { exact: true }).selectOption('auditor');
    await page.getByLabel('初始口令').fill('Auditor-pass-2024');
    await page.getByRole('button', { name: '创建账号' }).click();
    // the administrators' accounts are the host operator's (xinyong user): the sysadmin could
    // otherwise make itself an auditor
    await page.locator('#create-status .alert-error').waitFor();
    assert.match(await page.locator('#create-status').innerText(), /三权分立.*\(DENIED\)/);
    assert.equal(await page.locator('#users-table tr[data-login="e2e-auditor"]').count(), 0);
    await shot(page, 'console-users');

    // the sysadmin can disable and enable it again
    await row.getByRole('button', { name: '停用账号 e2e-clerk' }).click();
    await page.locator('#users-table tr[data-login="e2e-clerk"]', { hasText: '已停用' }).waitFor();
    await page.locator('#users-table tr[data-login="e2e-clerk"]').getByRole('button', { name: '启用账号 e2e-clerk' }).click();
    await page.locator('#users-table tr[data-login="e2e-clerk"]', { hasText: '启用' }).waitFor();
    await assertClean(page, 'console-users');
  });

  test('five wrong passwords lock an account; the administrator unlocks it and resets its password', async (t) => {
    if (!(await needRoutes(t, [['GET', '/api/v1/users'], ['POST', '/api/v1/users/x/unlock'],
      ['POST', '/api/v1/users/x/password']]))) return;
    const clerk = { login: 'e2e-clerk', password: 'Clerk-pass-2024', secret: null };
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${BASE}/api/v1/session`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: clerk.login, password: `Wrong-pass-${i}` }),
      });
      assert.equal(r.status, 401);
      await r.arrayBuffer();
    }
    const login = await openPage(browser, { expectStatus: [401] });
    await fillLogin(login, clerk);
    await login.locator('#status .alert-error').waitFor();
    assert.match(await login.locator('#status').innerText(), /锁定.*\(LOGIN_FAILED\)/);
    await shot(login, 'console-login-locked');

    const page = await pageAs('sysadmin');
    await go(page, 'users.html');
    const row = page.locator('#users-table tr[data-login="e2e-clerk"]');
    await row.filter({ hasText: '锁定至' }).waitFor();
    await row.getByRole('button', { name: '解锁账号 e2e-clerk' }).click();
    await page.locator('#list-status', { hasText: '已解锁账号 e2e-clerk' }).waitFor();
    await row.getByRole('button', { name: '重置账号 e2e-clerk 的口令' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('新口令').fill('Clerk-pass-2025');
    await dialog.getByRole('button', { name: '重置口令' }).click();
    await page.locator('#list-status', { hasText: '已重置账号 e2e-clerk 的口令' }).waitFor();
    await assertClean(page, 'console-users-unlock');

    await signIn(login, { ...clerk, password: 'Clerk-pass-2025' });
    assert.equal(await login.locator('#user-login').innerText(), 'e2e-clerk');
    await assertClean(login, 'console-unlocked-login');
    await closePage(login);
  });

  test('the system administrator changes an account\'s role, but not to an administrator\'s', async (t) => {
    if (!(await needRoutes(t, [['GET', '/api/v1/users'], ['POST', '/api/v1/users/x/role']]))) return;
    const mover = { login: 'e2e-mover', password: 'Mover-pass-2024', secret: null };
    const page = await pageAs('sysadmin');
    await go(page, 'users.html');
    await page.locator('#users-table').waitFor();
    await page.getByLabel('登录名').fill(mover.login);
    await page.getByLabel('显示名称').fill('端到端测试调岗人员');
    await page.getByLabel('角色', { exact: true }).selectOption('reviewer');
    await page.getByLabel('初始口令').fill(mover.password);
    await page.getByRole('button', { name: '创建账号' }).click();
    const row = page.locator(`#users-table tr[data-login="${mover.login}"]`);
    await row.filter({ hasText: '异议与修复审核员' }).waitFor();
    assert.equal(await page.locator(`#users-table tr[data-login="${account('sysadmin').login}"]`)
      .getByRole('button', { name: /变更账号 .* 的角色/ }).count(), 0, 'no role change for oneself');

    // to a department role: the department is asked for
    await row.getByRole('button', { name: `变更账号 ${mover.login} 的角色` }).click();
    const dialog = page.locator('#role-dialog');
    await dialog.waitFor();
    assert.match(await dialog.locator('#role-for').innerText(), /现为异议与修复审核员/);
    assert.equal(await dialog.getByLabel('所在部门').isVisible(), false);
    await dialog.getByLabel('新角色').selectOption('submitter');
    assert.equal(await dialog.getByLabel('所在部门').isVisible(), true, 'a submitter needs a department');
    await dialog.getByRole('button', { name: '变更角色' }).click();
    await dialog.locator('#role-dept-error', { hasText: '请选择所属部门' }).waitFor();
    const { body } = await api('/api/v1/departments');
    const dept = body.items.find((d) => d.items.length > 0);
    await dialog.getByLabel('所在部门').selectOption(dept.code);
    await dialog.getByRole('button', { name: '变更角色' }).click();
    await page.locator('#list-status', { hasText: `已将账号 ${mover.login} 的角色变更为部门报送员` }).waitFor();
    assert.equal(await dialog.isVisible(), false);
    await row.filter({ hasText: '部门报送员' }).filter({ hasText: dept.name }).waitFor();
    assert.equal(await page.locator('#totp-secret').count(), 0, 'a submitter gets no TOTP secret');

    // not to the security administrator: only the host operator makes administrators
    await row.getByRole('button', { name: `变更账号 ${mover.login} 的角色` }).click();
    await dialog.waitFor();
    await dialog.getByLabel('新角色').selectOption('secadmin');
    await dialog.getByRole('button', { name: '变更角色' }).click();
    await page.locator('#role-status .alert-error').waitFor();
    assert.match(await page.locator('#role-status').innerText(), /三权分立.*\(DENIED\)/);
    assert.equal(await page.locator('#totp-secret').count(), 0, 'no TOTP secret for a refused change');
    await shot(page, 'console-users-role');
    await assertClean(page, 'console-users-role');
  });

  test('the security administrator issues a token (shown once, copyable) and revokes it', async (t) => {
    if (!(await needRoutes(t, [['GET', '/api/v1/tokens'], ['POST', '/api/v1/tokens']]))) return;
    const page = await pageAs('secadmin');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
    await go(page, 'tokens.html');
    const { body } = await api('/api/v1/departments');
    const dept = body.items.find((d) => d.items.length > 0);
    await page.getByLabel('部门').selectOption(dept.code);
    await page.getByLabel('令牌名称').fill('端到端测试系统');
    await page.locator('#tok-items input[type="checkbox"]').first().check();
    await page.getByRole('button', { name: '签发令牌' }).click();
    const value = page.locator('#token-value');
    await value.waitFor();
    const token = await value.inputValue();
    assert.match(token, /^xy_/);
    assert.match(await page.locator('#token-warning').innerText(), /只显示这一次/);
    await page.getByRole('button', { name: '复制令牌' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token, 'the copy button copies the token');
    await shot(page, 'console-tokens');

    // the token works for the department's system until it is revoked
    const prefixRow = page.locator('#tokens-table tbody tr').filter({ hasText: '端到端测试系统' }).first();
    await prefixRow.waitFor();
    assert.equal(await page.locator('#tokens-table').innerText().then((s) => s.includes(token)), false,
      'the list never shows the whole token');
    const before = await api('/api/v1/batches?per_page=1', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(before.status, 200, 'the new token reads its department\'s batches');
    await prefixRow.getByRole('button', { name: /^吊销令牌/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '吊销' }).click();
    await page.locator('#list-status', { hasText: '已吊销接口令牌' }).waitFor();
    await page.locator('#tokens-table tbody tr').filter({ hasText: '端到端测试系统' }).filter({ hasText: '已吊销' }).waitFor();
    const afterRevoke = await api('/api/v1/batches?per_page=1', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(afterRevoke.status, 401, 'a revoked token is refused');
    await assertClean(page, 'console-tokens');
  });

  test('the security administrator reads the key status; rotation is left to the server', async (t) => {
    if (!(await needRoutes(t, [['GET', '/api/v1/keys']]))) return;
    const page = await pageAs('secadmin');
    await go(page, 'keys.html');
    await page.locator('#sealed-table, #sealed-empty').first().waitFor();
    const data = await page.evaluate(async () => (await fetch('/api/v1/keys')).json());
    assert.equal(await page.locator('#key-current').innerText(), `第 ${data.current} 版`);
    for (const v of data.versions) assert.match(await page.locator('#key-versions').innerText(), new RegExp(`\\b${v}\\b`));
    const PLACE = { subjects: '信用主体证件号码', identifiers: '旧格式标识（待转换）', records: '信用记录中的证件号码', totp: '账户动态口令密钥' };
    assert.ok(data.sealed.length > 0, 'the demo city has sealed values');
    assert.equal(await page.locator('#sealed-table tbody tr').count(), data.sealed.length);
    for (const c of data.sealed) {
      const tr = page.locator(`#sealed-table tr[data-place="${c.place}"][data-version="${c.version}"]`);
      const cells = await tr.locator('td').allInnerTexts();
      assert.equal(cells[0], PLACE[c.place], `${c.place} in Chinese`);
      assert.equal(cells[2], String(c.count));
    }
    assert.ok(data.sealed.some((c) => c.place === 'totp'), 'the administrators\' TOTP secrets are sealed');
    const stale = data.sealed.some((c) => c.version !== data.current && c.count > 0);
    await page.locator(stale ? '#keys-stale' : '#keys-current').waitFor();
    const howto = await page.locator('#rotate-title').locator('..').innerText();
    assert.match(howto, /xinyong key rotate/);
    assert.match(howto, /照常提供服务/);
    assert.equal(await page.getByRole('button', { name: /轮换/ }).count(), 0, 'no rotation from the browser');
    await shot(page, 'console-keys');
    await assertClean(page, 'console-keys');
  });

  test('the submitter uploads a CSV and sees it stored, with counts and an error report', async (t) => {
    const csv = await smallCsv();
    const page = await pageAs('submitter');
    await go(page, 'batches.html');
    await page.getByLabel('信息项').selectOption(csv.item);
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name: csv.name, mimeType: 'text/csv', buffer: csv.buffer });
    await page.getByRole('button', { name: '提交报送' }).click();
    const done = page.locator('#upload-done');
    await done.waitFor();
    const href = await done.getByRole('link', { name: '查看批次详情' }).getAttribute('href');
    batchId = new URL(href, BASE + '/console/').searchParams.get('id');
    assert.match(batchId, /^\d+$/);
    // the list refreshes itself until the batch is done
    const badge = page.locator(`#batches-table tr[data-batch-id="${batchId}"] .batch-status`);
    await page.locator(`#batches-table tr[data-batch-id="${batchId}"] .batch-status:not([data-status="queued"])`
      + ':not([data-status="running"])').waitFor({ timeout: 60000 });
    assert.equal(await badge.getAttribute('data-status'), 'done',
      `batch ${batchId} ends done: ${await page.evaluate(async (u) => (await fetch(u)).text(), `/api/v1/batches/${batchId}`)}`);
    await shot(page, 'console-batches');

    await Promise.all([page.waitForURL(/batch\.html\?id=/),
      page.getByRole('link', { name: `批次 ${batchId} 详情` }).click()]);
    await page.locator('#batch-status[data-status="done"]').waitFor();
    const count = async (k) => Number(await page.locator(`[data-count="${k}"] dd`).innerText());
    assert.equal(await count('rows'), csv.rows, 'every data row of the file was read');
    assert.equal(await count('accepted') + await count('rejected'), csv.rows);
    assert.ok(await count('accepted') > 0, 'rows were accepted');
    const link = page.locator('#error-report');
    assert.equal(await link.getAttribute('href'), `/api/v1/batches/${batchId}/errors`);
    const report = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, await link.getAttribute('href'));
    assert.equal(report.status, 200);
    assert.match(report.type, /text\/csv/);
    assert.match(report.text, /^file,line,field/);
    await shot(page, 'console-batch');
    await assertClean(page, 'console-batch');

    await go(page, 'assessment.html');
    const row = page.locator(`#assessment-table tr[data-dept="${csv.dept.code}"]`);
    await row.waitFor();
    assert.ok(Number(await row.locator('td').nth(1).innerText()) >= 1, 'the department has at least one batch');
    assert.equal(await page.locator('#assessment-table tbody tr').count(), 1, 'a submitter sees its own department only');
    await shot(page, 'console-assessment');
    await assertClean(page, 'console-assessment');
    t.diagnostic(`batch ${batchId}: ${csv.rows} rows of ${csv.item}`);
  });

  test('the office reads a non-public file only after stating a purpose', async (t) => {
    if (!(await needRoutes(t, [['POST', '/api/v1/internal/file'], ['GET', '/api/v1/me/file']]))) return;
    const code = await demoSubjectCode();
    const page = await pageAs('office');
    await go(page, 'lookup.html');
    await page.getByLabel('统一社会信用代码或身份证号码').fill(code);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const err = page.locator('#q-purpose-error');
    await err.waitFor();
    assert.match(await err.innerText(), /请说明查询用途/);
    assert.equal(page.e2e.log.requests.some((r) => r.url.includes('/api/v1/internal/file')), false,
      'nothing is asked of the server without a purpose');
    await page.getByLabel('查询用途').fill(PURPOSE);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('#file').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#subject-code').innerText(), code);
    assert.ok(await page.getByRole('tab').count() > 1, 'the file has its tabs');
    const req = page.e2e.log.requests.find((r) => r.url.includes('/api/v1/internal/file'));
    assert.ok(!req.url.includes(code), 'the code is not in the URL');
    assert.equal(JSON.parse(req.body).purpose, PURPOSE);
    await shot(page, 'console-lookup');
    await assertClean(page, 'console-lookup');
  });

  test('the subject sees its own file and the office\'s read with its purpose', async (t) => {
    if (!(await needRoutes(t, [['GET', '/api/v1/me/file'], ['GET', '/api/v1/me/reads']]))) return;
    const code = await demoSubjectCode();
    const page = await pageAs('subject');
    await go(page, 'me.html');
    await page.locator('#file').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#subject-code').innerText(), code);
    const reads = page.locator('#reads-table');
    await reads.waitFor();
    const row = reads.locator('tbody tr').filter({ hasText: PURPOSE }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /信用办工作人员/);
    await shot(page, 'console-me');
    await assertClean(page, 'console-me');
  });

  test('the office verifies a new subject account, which then sees its organisation\'s file', async (t) => {
    if (!(await needRoutes(t, [['POST', '/api/v1/users'], ['POST', '/api/v1/users/x/verify'],
      ['GET', '/api/v1/me/file']]))) return;
    const org = await demoOrganisation();
    const holder = { login: 'e2e-subject', password: 'Subject-pass-2024', secret: null };
    const admin = await pageAs('sysadmin');
    await go(admin, 'users.html');
    await admin.locator('#users-table').waitFor();
    await admin.getByLabel('登录名').fill(holder.login);
    await admin.getByLabel('显示名称').fill('端到端测试企业账号');
    await admin.getByLabel('角色', { exact: true }).selectOption('subject');
    await admin.getByLabel('初始口令').fill(holder.password);
    await admin.getByRole('button', { name: '创建账号' }).click();
    await admin.locator(`#users-table tr[data-login="${holder.login}"]`).waitFor();

    // not verified yet: no file
    const mine = await openPage(browser, { expectStatus: [401] });
    await signIn(mine, holder);
    await go(mine, 'me.html');
    await mine.locator('#file-status .alert-warn', { hasText: '尚未核验' }).waitFor();
    await assertClean(mine, 'console-me-unverified');

    const page = await openPage(browser, { expectStatus: [401, 403, 404] });
    await signIn(page, account('office'));
    await Promise.all([page.waitForURL(/verify\.html$/),
      page.locator('#menu-cards').getByRole('link', { name: /身份核验/ }).click()]);
    await page.locator('#content').waitFor({ state: 'visible' });
    const code = page.getByLabel('统一社会信用代码或身份证号码');
    assert.equal(await code.getAttribute('type'), 'password', 'the code is typed like a password');
    assert.equal(await code.getAttribute('autocomplete'), 'off');
    await page.getByRole('button', { name: '核验并关联' }).click();
    await page.locator('#v-login-error', { hasText: '请输入' }).waitFor();
    const verifyCall = (r) => /\/api\/v1\/users\/[^/]+\/verify$/.test(r.url);
    assert.equal(page.e2e.log.requests.some(verifyCall), false, 'nothing sent while incomplete');

    const fill = async (login, name) => {
      await page.getByLabel('信用主体账号（登录名）').fill(login);
      await code.fill(org.code);
      await page.getByLabel('证件上的名称').fill(name);
      await page.getByLabel('查验的证件').fill('营业执照原件');
      await page.getByRole('button', { name: '核验并关联' }).click();
    };
    // a name that is not the registered one is refused, with the server's message and code
    await fill(holder.login, `${org.name}（错误）`);
    await page.locator('#form-status .alert-error', { hasText: '名称与平台登记的信用主体名称不符' }).waitFor();
    assert.match(await page.locator('#form-status').innerText(), /未予核验 \([A-Z_]+\)/);
    // an account that does not exist
    await fill('e2e-nobody', org.name);
    await page.locator('#form-status .alert-error', { hasText: '(NOT_FOUND)' }).waitFor();
    // the right name
    await fill(holder.login, org.name);
    await page.locator('#verify-done').waitFor();
    assert.match(await page.locator('#verify-done').innerText(), new RegExp(`已核验账号 ${holder.login}`));
    assert.equal(await code.inputValue(), '', 'the form is cleared');
    assert.equal(await page.getByLabel('信用主体账号（登录名）').inputValue(), '');
    const sent = page.e2e.log.requests.filter(verifyCall);
    assert.equal(sent.length, 3);
    for (const r of sent) {
      assert.equal(r.method, 'POST');
      assert.ok(!r.url.includes(org.code), 'the code is never in a URL');
      assert.equal(JSON.parse(r.body).code, org.code);
    }
    assert.ok(!page.url().includes(org.code));
    assert.ok(!(await page.locator('body').innerText()).includes(org.code), 'the code is not shown after the request');
    await shot(page, 'console-verify');
    await assertClean(page, 'console-verify');
    await closePage(page);

    // verification ended the account's session: it signs in again and sees the organisation
    await mine.goto(`${BASE}/console/me.html`);
    await mine.waitForURL(/login\.html\?reason=/);
    await signIn(mine, holder);
    assert.match(await mine.locator('#who').innerText(), /已核验/);
    await go(mine, 'me.html');
    await mine.locator('#file').waitFor({ state: 'visible' });
    assert.equal(await mine.locator('#subject-name').innerText(), org.name);
    assert.equal(await mine.locator('#subject-code').innerText(), org.code);
    await shot(mine, 'console-me-verified');
    await assertClean(mine, 'console-me-verified');
    await closePage(mine);
  });

  test('the auditor finds the logins and the batch in the audit trail, and verifies the chain', async (t) => {
    if (!(await needRoutes(t, [['GET', '/api/v1/audit'], ['POST', '/api/v1/audit/verify']]))) return;
    const page = await pageAs('auditor');
    await go(page, 'audit.html?action=login');
    await page.locator('#audit-table').waitFor();
    const actors = await page.locator('#audit-table tbody tr[data-action="login"]').evaluateAll(
      (trs) => trs.map((tr) => tr.dataset.actor));
    for (const role of ['sysadmin', 'submitter', 'office']) {
      assert.ok(actors.includes(account(role).login), `the login of ${account(role).login} is on record`);
    }
    // search by actor through the form
    await page.getByLabel('操作', { exact: true }).fill('');
    await page.getByLabel('操作人（登录名）').fill(account('submitter').login);
    await Promise.all([page.waitForURL(/audit\.html\?actor=/), page.getByRole('button', { name: '查询', exact: true }).click()]);
    await page.locator('#audit-table').waitFor();
    const actions = await page.locator('#audit-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.action));
    assert.ok(actions.includes('batch.submit'), `the submitter's batch is on record (${[...new Set(actions)].join(', ')})`);
    assert.ok(actions.includes('login'));
    await page.getByRole('button', { name: '核验审计链' }).click();
    await page.locator('#verify-ok, #verify-bad, #verify-status .alert-error').first().waitFor();
    assert.equal(await page.locator('#verify-ok').count(), 1, await page.locator('#verify-status').innerText());
    await shot(page, 'console-audit');
    await assertClean(page, 'console-audit');
  });

  test('the auditor signs and downloads a checkpoint, and finds the verification in the trail', async (t) => {
    if (!(await needRoutes(t, [['POST', '/api/v1/audit/checkpoint'], ['POST', '/api/v1/audit/verify']]))) return;
    const page = await pageAs('auditor');
    await go(page, 'audit.html?action=user.verify');
    await page.locator('#audit-table, #audit-empty').first().waitFor();
    const results = await page.locator('#audit-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText));
    assert.ok(results.some((r) => r.includes('e2e-subject') && r.includes('成功')), 'the verification is on record');
    assert.ok(results.some((r) => r.includes('e2e-subject') && r.includes('拒绝')), 'so is the refused one');

    const help = await page.locator('#cp-title').locator('..').locator('..').innerText();
    assert.match(help, /xinyong audit verify --checkpoint/);
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: '签名并下载检查点' }).click()]);
    assert.match(download.suggestedFilename(), /^audit-checkpoint-\d+\.txt$/);
    const text = fs.readFileSync(await download.path(), 'utf8');
    assert.match(text, /^xinyong-audit-checkpoint\nseq=\d+\nmac=[0-9a-f]+\nat=\d+\nsignature=\S+\n/);
    assert.match(text, /BEGIN PUBLIC KEY/);
    const seq = /^seq=(\d+)$/m.exec(text)[1];
    await page.locator('#checkpoint-ok').waitFor();
    assert.match(await page.locator('#checkpoint-ok').innerText(), new RegExp(`审计记录序号 ${seq}`));
    assert.equal(await page.locator('#checkpoint-link').getAttribute('download'), download.suggestedFilename());
    const req = page.e2e.log.requests.find((r) => r.url.endsWith('/api/v1/audit/checkpoint'));
    assert.equal(req.method, 'POST');

    await page.getByRole('button', { name: '核验审计链' }).click();
    await page.locator('#verify-ok, #verify-bad, #verify-status .alert-error').first().waitFor();
    assert.match(await page.locator('#verify-status').innerText(), /SM2 签名检查点/);
    await shot(page, 'console-audit-checkpoint');
    await assertClean(page, 'console-audit-checkpoint');
  });

  test('a write without the CSRF header is refused; an expired session returns to the login page', async () => {
    const page = await openPage(browser, { expectStatus: [401, 403] });
    await signIn(page, account('office'));
    const res = await page.evaluate(async () => {
      const r = await fetch('/api/v1/session', { method: 'DELETE' });
      return { status: r.status, body: await r.json() };
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'CSRF');
    const post = await page.evaluate(async () => {
      const r = await fetch('/api/v1/internal/file', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"code":"x","purpose":"xxxxx"}',
      });
      return { status: r.status, body: await r.json() };
    });
    assert.equal(post.status, 403);
    assert.equal(post.body.error.code, 'CSRF');
    // still signed in
    await go(page, 'index.html');
    assert.equal(await page.locator('#user-login').innerText(), account('office').login);

    // the session ends (here: its cookie is gone): the next page goes to the login page
    await page.context().clearCookies();
    await page.getByRole('link', { name: '报送批次' }).first().click();
    await page.waitForURL(/login\.html\?reason=timeout/);
    await page.locator('#status', { hasText: '登录已超时' }).waitFor();
    await shot(page, 'console-timeout');
    await assertClean(page, 'console-csrf-timeout');
    await closePage(page);
  });

  test('signing out ends the session', async () => {
    const page = await openPage(browser, { expectStatus: [401] });
    await signIn(page, account('dept_user'));
    await Promise.all([page.waitForURL(/login\.html\?reason=signed_out/),
      page.getByRole('button', { name: '退出登录' }).click()]);
    await page.locator('#status', { hasText: '您已退出登录' }).waitFor();
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/v1/session');
      await r.text();
      return r.status;
    });
    assert.equal(status, 401);
    await page.goto(`${BASE}/console/batches.html`);
    await page.waitForURL(/login\.html\?reason=login&next=batches\.html/);
    await assertClean(page, 'console-signout');
    await closePage(page);
  });
});
