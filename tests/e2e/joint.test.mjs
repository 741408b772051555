// joint.test.mjs - the console's joint rewards and punishments screens (联合奖惩) in headless
// chromium, as the clerks use them one after the other: the market regulator's department user
// checks an organisation under objection by its code and a listed one by its name in traditional
// characters, reads hits, 有异议, score, reasons and measures, and feeds back what it did (a bad
// amount is refused at its field); 联合奖惩统计 shows that loop for the department and for the
// credit office; after a list change stored with the CLI and `xinyong joint rescreen` the
// 复核队列 shows 新命中 until it is marked 已处理; the credit office approves a black-list
// addition the demo submitter uploaded, which the portal then lists with its legal basis; the
// office edits and withdraws a measure (history, reasons); a batch screening runs to its end and
// its results are the file the page links to; figures and feedback fit a phone. Every page stays
// free of console errors, exceptions and CSP violations, and leaves a screenshot in $E2E_OUT.
// The data: run.sh and joint_fixture.py (E2E_JOINT).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertClean, BASE, closePage, launch, openPage, parseCsv, settle, shot } from './lib.mjs';

const ACCOUNTS_FILE = process.env.E2E_ACCOUNTS;
const JOINT_FILE = process.env.E2E_JOINT;
const XY = process.env.E2E_XY;
if (!ACCOUNTS_FILE || !JOINT_FILE || !XY) throw new Error('E2E_ACCOUNTS, E2E_JOINT or E2E_XY is not set: run tests/e2e/run.sh');
const JOINT = JSON.parse(fs.readFileSync(JOINT_FILE, 'utf8'));

function account(role) {
  for (const line of fs.readFileSync(ACCOUNTS_FILE, 'utf8').split('\n')) {
    const [login, r, password] = line.split('\t');
    if (r === role) return { login, password };
  }
  throw new Error(`the demo accounts file has no ${role}`);
}

// Simplified to traditional, enough for the generated companies' names (广州… always changes).
const PAIRS = '广廣贸貿诚誠发發业業东東华華国國电電车車达達实實饮飲务務产產开開区區术術设設计計网網环環销銷兴興运運'
  + '朴樸龙龍凤鳳乐樂';
const TRADITIONAL = Object.fromEntries([...PAIRS.matchAll(/(.)(.)/gu)].map((m) => [m[1], m[2]]));
const traditional = (s) => [...s].map((c) => TRADITIONAL[c] || c).join('');

let DEPT = null; // the demo department accounts' (`xinyong user demo` picks the market regulator)
const SCENARIO = 'licensing';
const SCENARIO_NAME = '行政许可/资质审批';
const GOOD_AMOUNT = '1234.50';

let browser;
let tmp;
before(async () => {
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-joint-'));
});
after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function signIn(page, role) {
  const acct = account(role);
  await page.goto(`${BASE}/console/login.html`);
  await page.getByLabel('登录名').fill(acct.login);
  await page.getByLabel('口令', { exact: true }).fill(acct.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/\/console\/index\.html$/);
  await page.locator('#content').waitFor({ state: 'visible' });
}

/** Open a console page from the menu (the clerk's way in). */
async function fromMenu(page, text, file) {
  await Promise.all([page.waitForURL(new RegExp(`/console/${file.replace('.', '\\.')}`)),
    page.getByRole('navigation', { name: '工作台菜单' }).getByRole('link', { name: text, exact: true }).click()]);
  await page.locator('#content').waitFor({ state: 'visible' });
}

/** The API from node as `role` (no browser): call(method, path, {json, body, type}). */
async function apiAs(role) {
  const acct = account(role);
  const res = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: acct.login, password: acct.password }),
  });
  const s = await res.json();
  assert.equal(res.status, 200, `API sign-in of ${role}: ${JSON.stringify(s)}`);
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  return async (method, p, { json, body, type } = {}) => {
    const headers = { Cookie: cookie, 'X-CSRF-Token': s.csrf_token };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    if (body !== undefined) headers['Content-Type'] = type || 'text/csv';
    const r = await fetch(BASE + p, { method, headers, body: json !== undefined ? JSON.stringify(json) : body });
    const text = await r.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: r.status, body: parsed };
  };
}

/** Poll `fn` until it returns a truthy value (a state, not a fixed wait). */
async function until(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function noSideScroll(page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 1, `${label}: the page scrolls sideways by ${wide} px`);
}

// what test 1 did, for the figures of test 2 and the phone of test 7
let checkId = null;

test('a department user checks a code and a traditional name, then feeds back a measure', async () => {
  const page = await openPage(browser, { expectStatus: [400] });
  try {
    await signIn(page, 'dept_user');
    await fromMenu(page, '核查', 'check.html');
    await page.getByLabel('业务场景').selectOption(SCENARIO);
    const name = traditional(JOINT.named.name);
    assert.notEqual(name, JOINT.named.name, 'the name is written differently');
    await page.getByRole('textbox', { name: /^信用主体/ }).fill(`${JOINT.disputed.code}\n${name}`);
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.locator('#result:not([hidden])').waitFor();
    checkId = (await page.locator('#result-title').textContent()).replace(/\D/g, '');
    assert.ok(checkId, 'the check has a number');

    // by code: the entry under objection says so, the others do not
    const byCode = page.locator('.check-subject[data-subject-no="0"]');
    assert.match(await byCode.locator('.check-verdict').textContent(), /命中 \d+ 条/);
    const disputedRow = byCode.locator('tr.check-hit', { hasText: JOINT.disputed.document });
    assert.equal(await disputedRow.count(), 1, `the hit ${JOINT.disputed.document} is shown`);
    assert.match(await disputedRow.textContent(), /失信被执行人/);
    assert.equal(await disputedRow.locator('.badge-dispute').textContent(), '有异议');
    assert.equal(await disputedRow.locator('.check-score').textContent(), '100');
    assert.match(await disputedRow.locator('.check-reasons').textContent(), /统一社会信用代码一致/);
    const badges = await byCode.locator('tr.check-hit').evaluateAll((trs) => trs.map((tr) =>
      [tr.querySelector('td[data-label="文书号"]').textContent, !!tr.querySelector('.badge-dispute')]));
    assert.deepEqual(badges.filter(([, b]) => b), [[JOINT.disputed.document, true]], '有异议 only where an objection is open');
    // the measure of 失信被执行人 for every department in licensing: 7 从严审核行政许可
    const measure = byCode.locator('tr.check-measure[data-no="7"]');
    assert.match(await measure.textContent(), /从严审核行政许可/);
    assert.match(await measure.textContent(), /国发〔2016〕33号/);

    // by name alone, in traditional characters: the listed name, score and reasons
    const byName = page.locator('.check-subject[data-subject-no="1"]');
    const hit = byName.locator('tr.check-hit', { hasText: JOINT.named.document });
    assert.equal(await hit.count(), 1, `the name hits ${JOINT.named.document}`);
    assert.match(await hit.textContent(), new RegExp(`名单主体：${JOINT.named.name}`));
    assert.equal(await hit.locator('.check-score').textContent(), '100');
    assert.match(await hit.locator('.check-reasons').textContent(), /名称核心部分相同.*繁简转换后相同/);
    assert.equal(await byName.locator('.badge-dispute').count(), 0);
    assert.equal(await byName.locator('tr.check-measure[data-no="7"]').count(), 1);
    await settle(page);
    await shot(page, 'joint-check');

    // 反馈: the check's hits, each with a form
    await Promise.all([page.waitForURL(new RegExp(`feedback\\.html\\?check=${checkId}$`)), page.locator('#feedback-link').click()]);
    await page.locator('#check:not([hidden])').waitFor();
    assert.match(await page.locator('#check-title').textContent(), new RegExp(`核查 #${checkId}：${SCENARIO_NAME.replace('/', '\\/')}`));
    const entry = page.locator('section[data-subject-no="0"] .hit', { hasText: JOINT.disputed.document });
    await entry.waitFor();
    assert.equal(await entry.locator('.badge-dispute').textContent(), '有异议');
    assert.match(await entry.textContent(), /尚未反馈/);
    // the measures given for this entry's list only (not the red list's incentives of the same
    // subject, which the server would refuse for it), the first one chosen
    const measureSel = entry.getByLabel('措施', { exact: true });
    assert.deepEqual(await measureSel.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['', '7']);
    assert.equal(await measureSel.inputValue(), '7');
    assert.match(await entry.getByLabel('依据').inputValue(), /国发〔2016〕33号/, 'the basis comes with the measure');
    await entry.getByLabel('是否采取').selectOption('true');
    await entry.getByLabel('执行结果').fill('已对其行政许可申请从严审核，要求补充信用承诺和相关证明材料。');
    await entry.getByLabel('采取措施日期').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));

    // three decimals: the server's message at the amount
    const amount = entry.getByLabel('涉及金额（元）');
    await amount.fill('12.345');
    await entry.getByRole('button', { name: '提交反馈' }).click();
    const amountError = page.locator(`#${await amount.getAttribute('id')}-error:not([hidden])`);
    await amountError.or(entry.locator('.alert-error')).first().waitFor();
    assert.ok(await amountError.count(), `refused at the amount, not: ${await entry.locator('.alert-error').textContent()}`);
    assert.match(await amountError.textContent(), /金额/);
    assert.equal(await amount.getAttribute('aria-invalid'), 'true');
    await shot(page, 'joint-feedback-bad-amount');

    await amount.fill(GOOD_AMOUNT);
    await entry.getByRole('button', { name: '提交反馈' }).click();
    const given = entry.locator('ul.feedback-list li');
    const refused = entry.locator('.alert-error');
    await given.or(refused).first().waitFor();
    if (await refused.count()) assert.fail(`the feedback was refused: ${await refused.textContent()}`);
    assert.equal(await given.count(), 1);
    const text = await given.textContent();
    assert.match(text, /已采取/);
    assert.match(text, /措施7（从严审核行政许可）/);
    assert.match(text, new RegExp(`金额 ${GOOD_AMOUNT.replace('.', '\\.')} 元`));
    assert.match(text, /从严审核/);
    // the name's hit has had no feedback
    assert.match(await page.locator('section[data-subject-no="1"] .hit', { hasText: JOINT.named.document }).textContent(), /尚未反馈/);
    await settle(page);
    await shot(page, 'joint-feedback');
    await assertClean(page, 'check and feedback');
  } finally {
    await closePage(page);
  }
});

/** The figures row of the department in the scenario: {label: text} of its cells. */
async function figuresRow(page) {
  if (!DEPT) {
    const s = await (await apiAs('dept_user'))('GET', '/api/v1/session');
    DEPT = s.body.dept && s.body.dept.name;
    assert.ok(DEPT, `the department of the demo department user: ${JSON.stringify(s.body.dept)}`);
  }
  await page.locator('#figures-table').waitFor();
  const row = page.locator('#figures-table tbody tr', { hasText: SCENARIO_NAME }).filter({ hasText: DEPT });
  assert.equal(await row.count(), 1, `one row for ${DEPT} × ${SCENARIO_NAME}`);
  return Object.fromEntries(await row.locator('td').evaluateAll((tds) => tds.map((td) => [td.dataset.label, td.textContent.trim()])));
}

test('联合奖惩统计 shows the loop of that check for the department and the office', async () => {
  assert.ok(checkId, 'the check of the first test');
  for (const role of ['dept_user', 'office']) {
    const page = await openPage(browser);
    try {
      await signIn(page, role);
      await fromMenu(page, '联合奖惩统计', 'figures.html');
      const r = await figuresRow(page);
      assert.equal(r['核查次数'], '1', `${role}: one check in ${SCENARIO_NAME}`);
      assert.equal(r['核查主体'], '2');
      assert.equal(r['命中主体'], '2');
      assert.equal(r['已反馈主体'], '1');
      assert.match(r['反馈率'], /50\.0%/);
      assert.equal(r['已采取措施'], '1');
      assert.equal(r['未采取措施'], '0');
      assert.match(r['涉及金额（元）'], /^1,?234\.50$/);
      const period = await page.locator('#fig-period').textContent();
      if (role === 'office') {
        assert.match(period, /全部部门/);
        assert.equal(await page.locator('#figures-table tr.total-row').count(), 1, 'the office sees the totals');
      } else {
        assert.match(period, /本部门/);
        const depts = await page.locator('#figures-table tbody td[data-label="部门"]').allTextContents();
        assert.ok(depts.every((d) => d.trim() === DEPT), `only the department's rows: ${depts}`);
      }
      // a period the server refuses: the message at the field
      await page.getByLabel('开始日期').fill('2026-12-31');
      await page.getByLabel('结束日期').fill('2026-01-01');
      page.e2e.expectStatus.push(400);
      await page.getByRole('button', { name: '统计', exact: true }).click();
      await page.locator('#fig-status .alert-error').waitFor();
      await settle(page);
      await shot(page, `joint-figures-${role}`);
      await assertClean(page, `figures as ${role}`);
    } finally {
      await closePage(page);
    }
  }
});

test('复核队列 shows a subject that a list change put on a list, until it is marked 已处理', async () => {
  const page = await openPage(browser);
  try {
    await signIn(page, 'dept_user');
    // the department checks an organisation that is on no list
    await fromMenu(page, '核查', 'check.html');
    await page.getByLabel('业务场景').selectOption('inspection');
    await page.getByRole('textbox', { name: /^信用主体/ }).fill(JOINT.fresh.code);
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.locator('#result:not([hidden])').waitFor();
    assert.match(await page.locator('.check-subject .check-verdict').textContent(), /未命中/);
    const freshCheck = (await page.locator('#result-title').textContent()).replace(/\D/g, '');

    // the court lists it (the host's load of a list, as run.sh loads the city), then the re-screening
    execFileSync(XY, ['ingest', '--quiet', '--dept', JOINT.court, '--item', 'sxbzxr', JOINT.rescreen_csv], { stdio: 'pipe' });
    // the server's worker re-screens on its own after a list change and may queue the row first:
    // the command then queues nothing new, and the queue below holds the one row either way
    const out = execFileSync(XY, ['joint', 'rescreen'], { encoding: 'utf8' });
    assert.match(out, /新加入复核队列 [01] 项/);

    await fromMenu(page, '复核队列', 'rescreens.html');
    const row = page.locator('#rescreens-table tbody tr', { hasText: JOINT.fresh.code });
    await row.waitFor();
    assert.equal(await row.count(), 1);
    assert.equal(await row.locator('td[data-label="变化"]').textContent(), '新命中');
    assert.match(await row.locator('td[data-label="名单记录"]').textContent(), /新列入：失信被执行人/);
    assert.match(await row.locator('td[data-label="原核查"]').textContent(), new RegExp(`#${freshCheck} 监督检查`));
    await shot(page, 'joint-rescreens');

    // 重新核查: the check page with the scenario and the code filled in; now a hit
    await Promise.all([page.waitForURL(/check\.html\?scenario=inspection&code=/), row.getByRole('link', { name: '重新核查' }).click()]);
    await page.locator('#content').waitFor({ state: 'visible' });
    assert.equal(await page.getByLabel('业务场景').inputValue(), 'inspection');
    assert.equal(await page.getByRole('textbox', { name: /^信用主体/ }).inputValue(), JOINT.fresh.code);
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.locator('#result:not([hidden])').waitFor();
    assert.match(await page.locator('.check-subject .check-verdict').textContent(), /命中 1 条/);
    assert.match(await page.locator('.check-subject tr.check-hit').textContent(), /失信被执行人/);
    await settle(page);
    await fromMenu(page, '复核队列', 'rescreens.html');
    await row.waitFor();

    // 已处理, confirmed: it leaves the open queue and is among the done ones
    const id = await row.getAttribute('data-rescreen-id');
    await row.getByRole('button', { name: '已处理' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '已处理' }).click();
    await page.locator(`#rescreens-table tr[data-rescreen-id="${id}"]`).waitFor({ state: 'detached' });
    await page.getByLabel('状态').selectOption('done');
    await page.getByRole('button', { name: '筛选' }).click();
    const done = page.locator(`#rescreens-table tr[data-rescreen-id="${id}"]`);
    await done.waitFor();
    assert.match(await done.textContent(), /已处理/);
    await settle(page);
    await assertClean(page, 'rescreens');
  } finally {
    await closePage(page);
  }
});

test('名单审核: the office approves a black-list addition, which the portal then lists', async () => {
  // the demo submitter (the market regulator) uploads the addition through the API
  const submitter = await apiAs('submitter');
  const up = await submitter('POST', `/api/v1/batches?item=yzwfsx&name=${encodeURIComponent('严重违法失信名单列入.csv')}`,
    { body: fs.readFileSync(JOINT.addition_csv) });
  assert.equal(up.status, 202, JSON.stringify(up.body));
  const batch = await until(async () => {
    const b = await submitter('GET', `/api/v1/batches/${up.body.id}`);
    return ['queued', 'running'].includes(b.body.status) ? null : b.body;
  }, 'the batch');
  assert.equal(batch.status, 'done', JSON.stringify(batch));
  assert.equal(batch.counts.accepted, 1, JSON.stringify(batch));
  const onPortal = async () => {
    const r = await fetch(`${BASE}/api/v1/lists/yzwfsx/entries?per_page=100`);
    const body = await r.json();
    return (body.entries || []).some((e) => e.document === JOINT.added.document);
  };
  assert.equal(await onPortal(), false, 'a pending addition is not public');

  const page = await openPage(browser);
  try {
    await signIn(page, 'office');
    await fromMenu(page, '名单审核', 'approvals.html');
    const card = page.locator('li.approval', { hasText: JOINT.added.name });
    await card.waitFor();
    assert.equal(await card.getAttribute('data-state'), 'pending');
    assert.match(await card.textContent(), /市场监督管理严重违法失信名单/);
    assert.match(await card.textContent(), /demo-submitter/);
    await shot(page, 'joint-approvals');
    const id = await card.getAttribute('data-approval');
    await card.getByRole('button', { name: '审核通过并公示' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /立即在门户公示/);
    await dialog.locator('#confirm-ok').click();
    await page.locator(`li.approval[data-approval="${id}"]`).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: '已审核', exact: true }).click();
    const decided = page.locator(`li.approval[data-approval="${id}"]`);
    await decided.waitFor();
    assert.equal(await decided.getAttribute('data-state'), 'approved');
    await settle(page);
    await assertClean(page, 'approvals');
  } finally {
    await closePage(page);
  }

  // the portal: the entry in its list, with the list's legal basis
  const lists = await (await fetch(`${BASE}/api/v1/lists`)).json();
  const basis = lists.lists.find((l) => l.item === 'yzwfsx').basis;
  assert.ok(basis, 'the list has a legal basis');
  const portal = await openPage(browser);
  try {
    await portal.goto(`${BASE}/lists.html?type=yzwfsx`);
    await portal.locator('#list-table').waitFor();
    const row = portal.locator('#list-table tbody tr', { hasText: JOINT.added.document });
    assert.equal(await row.count(), 1, 'the approved entry is listed');
    assert.match(await row.textContent(), new RegExp(JOINT.added.name));
    const dl = await portal.locator('#list-basis').textContent();
    assert.ok(dl.includes(basis), `the legal basis “${basis}” is shown`);
    assert.match(dl, /市场监督管理部门/);
    await settle(portal);
    await shot(portal, 'joint-portal-list');
    await assertClean(portal, 'lists.html');
  } finally {
    await closePage(portal);
  }
});

test('措施清单: the office filters, edits a measure with a reason, reads its history and withdraws it', async () => {
  const page = await openPage(browser);
  try {
    await signIn(page, 'office');
    await fromMenu(page, '措施清单', 'measures.html');
    await page.locator('#measures-table').waitFor();
    await page.getByLabel('名单').selectOption('hmd');
    await page.getByLabel('应用场景').selectOption('subsidy');
    const rows = page.locator('#measures-table tbody tr');
    const seqs = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.seq));
    assert.deepEqual(seqs, ['42'], 'hmd × subsidy: 财政性资金项目优先考虑');
    const row = page.locator('#measures-table tr[data-seq="42"]');
    const before = await row.locator('td[data-label="事项"] .meta').textContent();

    const content = '对守信激励对象申请财政性资金项目的，同等条件下优先安排（端到端测试修改）。';
    await row.getByRole('button', { name: '修改' }).click();
    await page.locator('#edit:not([hidden])').waitFor();
    await page.getByLabel('内容', { exact: true }).fill(content);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    assert.match(await page.locator('#m-reason-error').textContent(), /请填写修改原因/);
    await page.getByLabel('修改原因（必填）').fill('按市财政局来函调整表述');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    // the page closes the panel, reloads the list, then says so: the notice is the end
    await page.locator('#status', { hasText: '已保存序号 42' }).waitFor();
    assert.equal(await page.locator('#edit').isHidden(), true);
    assert.equal(await row.locator('td[data-label="事项"] .meta').textContent(), content);

    await row.getByRole('button', { name: '历史' }).click();
    const versions = page.locator('#history-list article.version');
    await versions.first().waitFor();
    assert.equal(await versions.count(), 2, 'the first version and the change');
    const change = versions.first();
    assert.match(await change.locator('h3').textContent(), /^修改 · /);
    assert.match(await change.textContent(), /原因：按市财政局来函调整表述/);
    assert.equal(await change.locator('del').textContent(), before);
    assert.equal(await change.locator('ins').textContent(), content);
    assert.match(await versions.nth(1).locator('h3').textContent(), /^建立 /);
    await shot(page, 'joint-measures-history');

    // withdrawing needs a reason and a confirmation
    await row.getByRole('button', { name: '撤回' }).click();
    await page.locator('#edit:not([hidden])').waitFor();
    assert.match(await page.locator('#edit-title').textContent(), /撤回措施：序号 42/);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    assert.match(await page.locator('#m-reason-error').textContent(), /请填写修改原因/);
    await page.getByLabel('修改原因（必填）').fill('该激励措施已并入第39条');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '撤回' }).click();
    await row.waitFor({ state: 'detached' });
    assert.match(await page.locator('#status').textContent(), /已撤回序号 42/);
    await page.getByLabel('包括已撤回').check();
    await row.waitFor();
    assert.match(await row.textContent(), /已撤回/);
    await settle(page);
    await assertClean(page, 'measures');
  } finally {
    await closePage(page);
  }
});

test('批量筛查: a small table runs to its end; the result file has the listed code', async () => {
  const file = path.join(tmp, '联合奖惩筛查.csv');
  fs.writeFileSync(file, `统一社会信用代码,名称\n${JOINT.disputed.code},\n${JOINT.named.code},\n${JOINT.fresh.code},\n91440101MA5XXXXX1X,坏代码\n`);
  const page = await openPage(browser);
  try {
    await signIn(page, 'dept_user');
    await fromMenu(page, '批量筛查', 'screens.html');
    await page.getByLabel('业务场景').selectOption('bidding');
    await page.getByLabel('文件').setInputFiles(file);
    await page.getByRole('button', { name: '开始筛查', exact: true }).click();
    await page.locator('#upload-done').waitFor();
    const id = (await page.locator('#upload-done').textContent()).match(/#(\d+)/)[1];
    const row = page.locator(`tr[data-screen-id="${id}"]`);
    // the page polls the job: wait for the state it shows, not for a time
    await row.locator('.screen-state[data-state="done"]').waitFor({ timeout: 30000 });
    assert.match(await row.textContent(), /4\/4 行/);
    assert.equal((await row.locator('td[data-label="问题行"]').textContent()).trim(), '1');
    // the two listed organisations (and the one the re-screening test had listed)
    assert.ok(Number((await row.locator('td[data-label="命中主体"]').textContent()).trim()) >= 2, 'the listed ones hit');
    assert.equal(await row.getByRole('link', { name: '问题清单' }).getAttribute('href'), `/api/v1/screens/${id}/errors`);
    await shot(page, 'joint-screens');

    // the CSV the link gives, fetched as the page would
    const href = await row.getByRole('link', { name: '结果 CSV' }).getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).text(), href);
    const table = parseCsv(csv);
    const head = table[0];
    const col = (n) => head.indexOf(n);
    assert.ok(['代码', '结果', '文书号', '有异议'].every((n) => col(n) >= 0), `columns: ${head}`);
    const line = table.find((r) => r[col('代码')] === JOINT.disputed.code && r[col('文书号')] === JOINT.disputed.document);
    assert.ok(line, `the line of ${JOINT.disputed.document}`);
    assert.equal(line[col('结果')], '命中');
    assert.equal(line[col('名单')], '失信被执行人');
    assert.equal(line[col('有异议')], '是');
    const errors = await page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).text(),
      `/api/v1/screens/${id}/errors`);
    assert.equal(parseCsv(errors)[1][0], '5', 'the bad row is line 5 of the file');
    await settle(page);
    await assertClean(page, 'screens');
  } finally {
    await closePage(page);
  }
});

test('联合奖惩统计 and 反馈 fit a phone', async () => {
  assert.ok(checkId, 'the check of the first test');
  const page = await openPage(browser, { mobile: true });
  try {
    await signIn(page, 'dept_user');
    for (const [file, ready] of [['figures.html', '#figures-table'], [`feedback.html?check=${checkId}`, '.feedback-form'],
      ['feedback.html', '#recent-list table']]) {
      await page.goto(`${BASE}/console/${file}`);
      await page.locator(ready).first().waitFor();
      await settle(page);
      await noSideScroll(page, file);
      await shot(page, `joint-phone-${file.replace(/\.html.*/, '')}${file.includes('?') ? '-check' : ''}`);
    }
    await assertClean(page, 'figures and feedback on a phone');
  } finally {
    await closePage(page);
  }
});
