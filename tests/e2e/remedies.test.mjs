// remedies.test.mjs - objections and credit repair in headless chromium, the whole path as the
// people involved see it: the demo subject signs in and lands on 我的信用, files an objection to
// one of its penalties with a PDF as evidence and follows it on its case page; the public record
// page shows 有异议; the reviewer finds the case in its queue, accepts it and refers it to the
// department; the record's department corrects a field with reasons; the subject reads its
// notifications and sees the case closed as 已更正; the public record page then shows the
// corrected value, no 有异议, and a history of two versions naming the changed field. Then credit
// repair: before the minimum period the page gives the first possible day (and the API refuses
// with it); inside the window the subject signs the commitment, applies with proof and withdraws.
// Last, a court reports that the subject, its judgment debtor, performed: the entry leaves public
// view.
//
// run.sh ingests the three penalties this needs (tests/e2e/remedy_fixture.py: 穗E2E罚〔Y〕1–3号 of
// the demo subject, by another department than the demo accounts'), adds that department's
// account (E2E_REMEDY_ACCOUNTS) and files an objection to 2号 on a server whose clock runs 20
// days behind, which is overdue today (E2E_OVERDUE_CASE). Every page must stay free of console errors, exceptions and CSP
// violations; screenshots go to $E2E_OUT as remedies-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { api, assertClean, BASE, closePage, launch, openPage, settle, shot } from './lib.mjs';

for (const v of ['E2E_ACCOUNTS', 'E2E_REMEDY_ACCOUNTS', 'E2E_OVERDUE_CASE']) {
  if (!process.env[v]) throw new Error(`${v} is not set: run tests/e2e/run.sh`);
}

// ---- accounts: "login<TAB>role<TAB>password<TAB>totp secret or -" ----

function readAccounts(file, key) {
  const out = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [login, role, password] = line.split('\t');
    out.set(key === 'login' ? login : role, { login, role, password });
  }
  return out;
}
const DEMO = readAccounts(process.env.E2E_ACCOUNTS, 'role');
const SUBJECT = DEMO.get('subject');
const REVIEWER = DEMO.get('reviewer');
const DEMO_DEPT = DEMO.get('dept_user');
const EXTRA = readAccounts(process.env.E2E_REMEDY_ACCOUNTS, 'login');
const RECORD_DEPT = EXTRA.get('e2e-remedy-dept'); // the department of 穗E2E罚〔Y〕1–3号
const COURT = EXTRA.get('e2e-court'); // the court that listed the demo subject as 失信被执行人
const OVERDUE_CASE = Number(process.env.E2E_OVERDUE_CASE);

/** The server's today in Beijing, "YYYY-MM-DD": run.sh pins its clock (E2E_TODAY). */
function beijingToday() {
  return process.env.E2E_TODAY || new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

// ---- evidence files made here ----

/** A one-page PDF with a correct cross-reference table. */
function tinyPdf(text) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  ];
  const stream = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A 2x2 PNG. */
function tinyPng() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.from([0, 200, 30, 40, 20, 80, 200, 0, 255, 255, 255, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PDF = tinyPdf('Receipt of payment, e2e test');
const PDF_NAME = '缴款凭证.pdf';

// ---- the server's routes: the remedies may arrive after the portal ----

async function hasRemedies() {
  const res = await fetch(`${BASE}/api/v1/cases?queue=mine`);
  await res.arrayBuffer();
  return res.status !== 404 && res.status !== 405;
}

// ---- browser helpers ----

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** assertClean, and no "null", "undefined" or "NaN" where a value was missing. */
async function clean(page, label) {
  await assertClean(page, label);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /\bnull\b|\bundefined\b|NaN|\[object /, `${label}: no script values leak into the page`);
}

/** "2027年2月8日" from "2027-02-08", as the pages write dates. */
function cnDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

async function fillLogin(page, acct) {
  await page.getByLabel('登录名').fill(acct.login);
  await page.getByLabel('口令', { exact: true }).fill(acct.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** A staff member signs in on the console's login page and lands on the console home. */
async function staffPage(acct, expectStatus = []) {
  const page = await openPage(browser, { expectStatus });
  await page.goto(`${BASE}/console/login.html`);
  await fillLogin(page, acct);
  await page.waitForURL(/\/console\/index\.html$/);
  await page.locator('#content').waitFor({ state: 'visible' });
  return page;
}

/** The card of the record titled `title` (its 文书号) on 我的信用. */
function card(page, title) {
  return page.locator('#records .record-card', { has: page.locator('.record-title', { hasText: title }) });
}

async function consoleCase(page, id) {
  await page.goto(`${BASE}/console/case.html?id=${id}`);
  await page.locator('#content').waitFor({ state: 'visible' });
}

/** Fire the event whose form is `form[data-event=ev]`, confirming when asked. */
async function fire(page, ev, reasons) {
  const form = page.locator(`form.event-form[data-event="${ev}"]`);
  await form.waitFor();
  const label = (await form.locator('h3').innerText()).trim();
  if (reasons !== undefined) await form.locator('textarea[name="reasons"]').fill(reasons);
  await form.locator('button[type="submit"]').click();
  if (ev !== 'accept') {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.locator('#confirm-ok').click();
  }
  await page.locator('#done-notice', { hasText: `已办理：${label}。` }).waitFor();
}

// ---- state shared along the path ----

const year = (d) => d.slice(0, 4);
let subjectPage = null;
let records = null; // 文书号 -> public record (from the subject's own file)
let debtorEntry = null; // the demo subject's public 失信被执行人 entry
let caseId = null;
let fineField = null; // {code, name} of the fine field
let correctedId = null;

describe('objections and credit repair', () => {
  before(async (t) => {
    if (!(await hasRemedies())) return;
    // the demo subject's penalties that run.sh ingested, as the API has them
    const login = await fetch(`${BASE}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: SUBJECT.login, password: SUBJECT.password }),
    });
    const s = await login.json();
    assert.equal(login.status, 200, 'the demo subject signs in through the API');
    const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
    const file = await (await fetch(`${BASE}/api/v1/me/file`, { headers: { Cookie: cookie } })).json();
    records = new Map();
    for (const tab of file.tabs) {
      for (const r of tab.records) {
        const wsh = r.fields.find((f) => f.code === 'CF_WSH');
        if (wsh && wsh.value.startsWith('穗E2E罚')) records.set(wsh.value.replace(/〔\d+〕/, '〔Y〕'), r);
        if (r.item === 'sxbzxr' && r.public !== false) debtorEntry = r;
      }
    }
    await fetch(`${BASE}/api/v1/session`, { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': s.csrf_token } });
    assert.equal(records.size, 3, 'run.sh ingested the three penalties of the demo subject');
    const fine = records.get('穗E2E罚〔Y〕1号').fields.find((f) => f.code === 'CF_NR_FK');
    assert.ok(fine, 'the penalty has a fine field');
    fineField = { code: fine.code, name: fine.name, value: fine.value };
  });
  after(async () => {
    if (subjectPage) await closePage(subjectPage);
  });

  const title = (n) => {
    const r = records.get(`穗E2E罚〔Y〕${n}号`);
    return r.fields.find((f) => f.code === 'CF_WSH').value;
  };

  test('the subject signs in from the portal and lands on 我的信用', async (t) => {
    if (!records) return t.skip('the server has no /api/v1/cases yet');
    // 401 for the session check before signing in; 400 and 415 are provoked further on
    subjectPage = await openPage(browser, { expectStatus: [400, 401, 415] });
    const page = subjectPage;
    await page.goto(`${BASE}/index.html`);
    await settle(page);
    await Promise.all([page.waitForURL(/\/console\/login\.html\?.*next=/),
      page.locator('.site-nav').getByRole('link', { name: '我的信用' }).click()]);
    assert.match(await page.locator('#status').innerText(), /登录后返回“我的信用”/);
    await fillLogin(page, SUBJECT);
    await page.waitForURL(/\/my\.html$/);
    await page.locator('#content').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#user-login').innerText(), SUBJECT.login);
    const one = card(page, title(1));
    await one.waitFor();
    assert.equal(await one.getByRole('link', { name: /提出异议/ }).count(), 1);
    // before its minimum period: the first possible day, in words, and no application link
    const two = card(page, title(2));
    const from = records.get('穗E2E罚〔Y〕2号').repair.from;
    assert.equal(records.get('穗E2E罚〔Y〕2号').repair.window, 'not_yet');
    assert.equal((await two.locator('.repair-note').innerText()).trim(), `最短公示期未满，可于${cnDate(from)}起申请信用修复`);
    assert.equal(await two.getByRole('link', { name: /申请信用修复/ }).count(), 0);
    await shot(page, 'remedies-my');
    await clean(page, 'remedies-my');
  });

  test('the subject files an objection with a PDF and follows it on its case page', async (t) => {
    if (!subjectPage) return t.skip('no signed-in subject');
    const page = subjectPage;
    await Promise.all([page.waitForURL(/\/objection\.html\?record=/),
      card(page, title(1)).getByRole('link', { name: /提出异议/ }).click()]);
    await page.locator('#content').waitFor({ state: 'visible' });
    assert.equal(await page.getByRole('radio').count(), 6, 'the six grounds');

    // nothing chosen: the errors stand next to their fields and nothing is sent
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.locator('#ground-error', { hasText: '请选择异议理由' }).waitFor();
    await page.locator('#statement-error', { hasText: '请填写异议陈述' }).waitFor();
    // a file of another type is refused in the page
    await page.getByLabel('证明材料（可选）').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.locator('#files-error', { hasText: '类型不受支持' }).waitFor();
    assert.equal(page.e2e.log.requests.some((r) => r.method === 'POST' && r.url.endsWith('/api/v1/cases')), false,
      'nothing was sent while the form was wrong');

    await page.getByLabel('错误', { exact: true }).check();
    const statement = `处罚决定书载明罚款金额为0.3万元，公示的${fineField.name}写成了${fineField.value}。`;
    await page.getByLabel('异议陈述（必填）').fill(statement);
    assert.match(await page.locator('#statement-count').innerText(), new RegExp(`^${[...statement].length} / 2000 字$`));
    await page.getByLabel('证明材料（可选）').setInputFiles({ name: PDF_NAME, mimeType: 'application/pdf', buffer: PDF });
    assert.equal(await page.locator('#files-error').isVisible(), false);
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.waitForURL(/\/case\.html\?id=\d+&filed=1$/);
    caseId = Number(new URL(page.url()).searchParams.get('id'));
    await page.locator('#filed-notice').waitFor();
    assert.match(await page.locator('#state .badge-state').innerText(), /已提交/);
    assert.match(await page.locator('#next-step').innerText(), /^平台应于\d{4}年\d{1,2}月\d{1,2}日前决定是否受理$/);
    assert.match(await page.locator('#filed').innerText(), /0\.3万元/);
    const link = page.locator('#evidence-list a', { hasText: PDF_NAME });
    await link.waitFor();
    const dl = await page.request.get(new URL(await link.getAttribute('href'), page.url()).href);
    assert.equal(dl.status(), 200);
    assert.equal(dl.headers()['content-type'], 'application/pdf');
    assert.match(dl.headers()['content-disposition'] || '', /^attachment/);
    assert.deepEqual(Buffer.from(await dl.body()), PDF, 'the evidence comes back as uploaded');
    assert.ok(await page.locator('form.event-form[data-event="withdraw"]').isVisible(), 'the filer may withdraw');

    // a file that calls itself a PDF but is not one passes the page and is refused by the server
    await page.getByLabel('补充证明材料').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await page.getByRole('button', { name: '上传' }).click();
    await page.locator('#files-error', { hasText: '“fake.pdf”未能上传' }).waitFor();
    assert.equal(await page.locator('#evidence-list li').count(), 1);
    await shot(page, 'remedies-case-filed');
    await clean(page, 'remedies-case-filed');
  });

  test('the public record page shows 有异议, the repair window and its history', async (t) => {
    if (!caseId) return t.skip('no objection filed');
    const rec = records.get('穗E2E罚〔Y〕1号');
    const page = await openPage(browser);
    await page.goto(`${BASE}/record.html?id=${rec.id}`);
    await page.locator('#record').waitFor({ state: 'visible' });
    await page.locator('.record-title .badge-dispute', { hasText: '有异议' }).waitFor();
    assert.match(await page.locator('#disputed-note').innerText(), /有异议/);
    assert.match(await page.locator('#repair-line').innerText(), new RegExp(`可于${cnDate(rec.repair.from)}起申请信用修复`));
    assert.equal(await page.locator('#history-table tbody tr').count(), 1);
    assert.equal(await page.locator('#object-link').getAttribute('href'), `objection.html?record=${rec.id}`);
    await shot(page, 'remedies-record-disputed');
    await clean(page, 'remedies-record-disputed');
    await closePage(page);
  });

  test('the reviewer finds the case in its queue, accepts it and refers it to the department', async (t) => {
    if (!caseId) return t.skip('no objection filed');
    const page = await staffPage(REVIEWER);
    // the count arrives with its own request after the page shows: wait for it
    await page.locator('#notice-count').waitFor();
    await Promise.all([page.waitForURL(/cases\.html$/),
      page.locator('#menu-cards').getByRole('link', { name: /异议与修复/ }).click()]);
    await page.locator('#content').waitFor({ state: 'visible' });
    const row = page.locator(`#queue-table tr[data-case="${caseId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /已提交/);
    assert.match(await page.locator('#counts-table').innerText(), /异议/);

    // the objection run.sh filed 20 days ago is overdue: first, highlighted, in words and days
    const first = page.locator('#queue-table tbody tr').first();
    assert.equal(await first.getAttribute('data-case'), String(OVERDUE_CASE), 'the overdue case comes first');
    assert.match(await first.getAttribute('class'), /\boverdue\b/);
    const late = /已超期 (\d+) 天/.exec(await first.innerText());
    assert.ok(late, 'the row says 已超期 N 天');
    const due = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(await first.locator('td[data-label="办理期限"]').innerText());
    assert.ok(due, 'the row shows its due date');
    const dueDay = Date.UTC(Number(due[1]), Number(due[2]) - 1, Number(due[3]));
    assert.equal(Number(late[1]), Math.round((Date.parse(beijingToday()) - dueDay) / 86400000), 'days overdue');
    assert.match(await page.locator('#overdue-summary').innerText(), /其中 [1-9]\d* 件已超期/);
    assert.equal(await row.getAttribute('class'), null, 'the new case is not overdue');
    await shot(page, 'remedies-queue-review');
    await page.getByLabel('只看已超期').check();
    await Promise.all([page.waitForURL(/cases\.html\?.*overdue=1/), page.getByRole('button', { name: '筛选' }).click()]);
    await page.locator('#queue-table').waitFor();
    const ids = await page.locator('#queue-table tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.case)));
    assert.ok(ids.includes(OVERDUE_CASE) && !ids.includes(caseId), `only overdue cases: ${ids}`);
    assert.equal(await page.locator('#queue-table tbody tr:not(.overdue)').count(), 0);
    await shot(page, 'remedies-queue-overdue');
    await page.goto(`${BASE}/console/cases.html`);
    await row.waitFor();
    await Promise.all([page.waitForURL(new RegExp(`case\\.html\\?id=${caseId}$`)),
      row.getByRole('link', { name: `第 ${caseId} 号` }).click()]);
    await page.locator('#content').waitFor({ state: 'visible' });
    assert.match(await page.locator('#filed').innerText(), /0\.3万元/, 'the filer\'s statement');
    assert.equal(await page.locator('#evidence-list a', { hasText: PDF_NAME }).count(), 1);
    assert.equal(await page.locator('form.event-form[data-event="withdraw"]').count(), 0, 'the reviewer cannot withdraw');

    await fire(page, 'accept');
    assert.match(await page.locator('#state .badge-state').innerText(), /已受理/);
    await fire(page, 'refer', '请认定部门核实罚款金额。');
    assert.match(await page.locator('#state .badge-state').innerText(), /待部门核实/);
    assert.match(await page.locator('#next-step').innerText(), /^认定部门应于\d{4}年\d{1,2}月\d{1,2}日前完成核实并答复$/);
    assert.equal(await page.locator('form.event-form').count(), 0, 'nothing left for the reviewer');
    await shot(page, 'remedies-case-referred');
    await clean(page, 'remedies-case-referred');
    await closePage(page);
  });

  test('another department does not see the case', async (t) => {
    if (!caseId) return t.skip('no objection filed');
    const page = await staffPage(DEMO_DEPT, [404]);
    await page.goto(`${BASE}/console/cases.html`);
    await page.locator('#content').waitFor({ state: 'visible' });
    await page.locator('#queue-table, #queue-empty').first().waitFor();
    assert.equal(await page.locator(`#queue-table tr[data-case="${caseId}"]`).count(), 0);
    await page.goto(`${BASE}/console/case.html?id=${caseId}`);
    await page.locator('#status .alert-error').waitFor();
    assert.match(await page.locator('#status').innerText(), /\(NOT_FOUND\)/);
    await clean(page, 'remedies-other-dept');
    await closePage(page);
  });

  test('the record\'s department corrects the fine with reasons', async (t) => {
    if (!caseId) return t.skip('no objection filed');
    const page = await staffPage(RECORD_DEPT, [400]);
    await page.goto(`${BASE}/console/cases.html`);
    await page.locator('#content').waitFor({ state: 'visible' });
    const row = page.locator(`#queue-table tr[data-case="${caseId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /待部门核实/);
    assert.ok(await page.locator('#removal-form').isVisible(), 'department staff may report a debtor\'s performance');
    await shot(page, 'remedies-queue-dept');
    await consoleCase(page, caseId);
    const form = page.locator('form.event-form[data-event="correct"]');
    await form.waitFor();
    const input = form.locator(`#corr-${fineField.code}`);
    assert.equal(await input.inputValue(), fineField.value, 'the field shows its current value');
    await input.fill('0.3');
    // reasons are asked for before anything is sent
    const sent = () => page.e2e.log.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/cases/${caseId}/events`)).length;
    await form.locator('button[type="submit"]').click();
    if (await form.locator('textarea[name="reasons"]').getAttribute('required') !== null) {
      await page.locator('#reasons-correct-error').waitFor();
      assert.equal(sent(), 0);
    } else {
      await page.getByRole('dialog').locator('button', { hasText: '取消' }).click();
    }
    // a value the field cannot take: the server's message stands next to that field
    await input.fill('三千元');
    await form.locator('textarea[name="reasons"]').fill('经核对处罚决定书，罚款金额为0.3万元，原报送有误，予以更正。');
    await form.locator('button[type="submit"]').click();
    await page.getByRole('dialog').locator('#confirm-ok').click();
    const fieldError = page.locator(`#corr-${fineField.code}-error`);
    await fieldError.waitFor();
    assert.match(await fieldError.innerText(), /三千元.*\(INVALID\)/);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    await input.fill('0.3');
    await fire(page, 'correct', '经核对处罚决定书，罚款金额为0.3万元，原报送有误，予以更正。');
    assert.match(await page.locator('#state .badge-state').innerText(), /已更正/);
    assert.match(await page.locator('#next-step').innerText(), /已办结：已更正/);
    const link = page.locator('#result-link');
    await link.waitFor();
    correctedId = new URL(await link.getAttribute('href'), page.url()).searchParams.get('id');
    assert.match(correctedId, /^[0-9a-f]{16}$/);
    await shot(page, 'remedies-case-corrected');
    await clean(page, 'remedies-case-corrected');
    await closePage(page);
  });

  test('the subject reads its notifications and sees the case closed as 已更正', async (t) => {
    if (!correctedId) return t.skip('no correction made');
    const page = subjectPage;
    await page.goto(`${BASE}/my.html`);
    await page.locator('#content').waitFor({ state: 'visible' });
    await page.locator('#notices-list').waitFor();
    const unread = Number(await page.locator('#notice-count').innerText());
    assert.ok(unread >= 3, `a notification for every change of state (${unread} unread)`);
    const texts = await page.locator(`#notices-list li:has(a[href="case.html?id=${caseId}"])`).allInnerTexts();
    assert.ok(texts.length >= 3, 'the notifications link to the case');
    assert.ok(texts.some((x) => /更正/.test(x)), 'one says the record was corrected');
    const row = page.locator(`#cases-table tr[data-case="${caseId}"]`);
    assert.match(await row.innerText(), /已更正/);
    await shot(page, 'remedies-my-notices');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.locator('#unread-line', { hasText: '均已读' }).waitFor();
    assert.equal(await page.locator('#notice-count').count(), 0, 'no unread count any more');
    assert.equal(await page.locator('#notices-list li.unread').count(), 0);

    await page.goto(`${BASE}/case.html?id=${caseId}`);
    await page.locator('#content').waitFor({ state: 'visible' });
    assert.match(await page.locator('#state .badge-state').innerText(), /已更正/);
    assert.equal(await page.locator('#actions-section').isVisible(), false, 'nothing left to do');
    assert.equal(await page.locator('#evidence-form').isVisible(), false, 'no more evidence on a closed case');
    const steps = await page.locator('#steps li').allInnerTexts();
    assert.ok(steps.length >= 3, 'accepted, referred and corrected are in the history');
    assert.ok(steps.some((x) => x.includes('经核对处罚决定书')), 'with the department\'s reasons');
    await shot(page, 'remedies-case-closed');
    await clean(page, 'remedies-case-closed');
  });

  test('the public record page shows the corrected version and its history', async (t) => {
    if (!correctedId) return t.skip('no correction made');
    const page = await openPage(browser);
    await page.goto(`${BASE}/record.html?id=${correctedId}`);
    await page.locator('#record').waitFor({ state: 'visible' });
    const fields = await page.locator('#record .fields').innerText();
    assert.match(fields, new RegExp(`${fineField.name.replace(/[()（）]/g, '.')}\\s+0\\.3(\\s|$)`), 'the corrected value');
    assert.equal(await page.locator('.badge-dispute').count(), 0, 'no 有异议 any more');
    assert.equal(await page.locator('#disputed-note').count(), 0);
    const rows = page.locator('#history-table tbody tr');
    assert.equal(await rows.count(), 2, 'two versions');
    const second = await rows.nth(1).innerText();
    assert.match(second, new RegExp(`异议更正（案件 ${caseId}）`));
    assert.ok(second.includes(fineField.name), 'the changed field is named');
    assert.ok(!second.includes(fineField.value), 'the old value is not republished');
    await shot(page, 'remedies-record-corrected');
    await clean(page, 'remedies-record-corrected');
    await closePage(page);
    const { body } = await api(`/api/v1/records/${correctedId}`);
    assert.equal((body.record || body).disputed, false);
  });

  test('repair before the minimum period shows the first possible day, and the API refuses', async (t) => {
    if (!subjectPage) return t.skip('no signed-in subject');
    const page = subjectPage;
    const rec = records.get('穗E2E罚〔Y〕2号');
    await page.goto(`${BASE}/repair.html?record=${rec.id}`);
    await page.locator('#content').waitFor({ state: 'visible' });
    const line = page.locator('#window-line');
    await line.waitFor();
    assert.equal((await line.innerText()).trim(), `最短公示期未满，可于${cnDate(rec.repair.from)}起申请信用修复`);
    assert.equal(await page.locator('#repair-form').isVisible(), false, 'no form before the minimum period');
    const res = await page.evaluate(async (record) => {
      const s = await (await fetch('/api/v1/session')).json();
      const r = await fetch('/api/v1/cases', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: JSON.stringify({ kind: 'repair', record, statement: '已缴清罚款。', commitment: '2026-1' }),
      });
      return { status: r.status, body: await r.json() };
    }, rec.id);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'repair.not_yet');
    const [y, m, d] = rec.repair.from.split('-').map(Number);
    assert.ok(res.body.error.message.includes(rec.repair.from) || res.body.error.message.includes(`${y}年${m}月${d}日`),
      `the refusal names the first possible day: ${res.body.error.message}`);
    await shot(page, 'remedies-repair-not-yet');
    await clean(page, 'remedies-repair-not-yet');
  });

  test('inside the window the subject signs the commitment, applies with proof, and withdraws', async (t) => {
    if (!subjectPage) return t.skip('no signed-in subject');
    const rec = records.get('穗E2E罚〔Y〕3号');
    if (rec.repair?.window !== 'possible') return t.skip(`record 3 is not in its repair window today (${rec.repair?.window})`);
    const page = subjectPage;
    await page.goto(`${BASE}/my.html`);
    await page.locator('#content').waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL(/\/repair\.html\?record=/),
      card(page, title(3)).getByRole('link', { name: /申请信用修复/ }).click()]);
    await page.locator('#repair-form').waitFor({ state: 'visible' });
    const { body: commitment } = await api('/api/v1/commitment');
    assert.ok(commitment.text.length > 20);
    assert.ok((await page.locator('#commitment-text').innerText()).includes(commitment.text.split('\n')[0].trim()));
    await page.getByLabel('履行情况说明（必填）').fill('已于决定书规定期限内缴清全部罚款，并已补报年度报告。');
    await page.getByRole('button', { name: '提交修复申请' }).click();
    await page.locator('#signed-error', { hasText: '勾选' }).waitFor();
    await page.getByLabel('本人已阅读并签署上述信用承诺').check();
    await page.getByLabel('履行义务的证明材料').setInputFiles({ name: '缴款回单.png', mimeType: 'image/png', buffer: tinyPng() });
    await page.getByRole('button', { name: '提交修复申请' }).click();
    await page.waitForURL(/\/case\.html\?id=\d+&filed=1$/);
    await page.locator('#filed-notice').waitFor();
    assert.match(await page.locator('#page-title').innerText(), /信用修复/);
    assert.match(await page.locator('#next-step').innerText(), /^平台应于\d{4}年\d{1,2}月\d{1,2}日前作出是否准予信用修复的决定$/);
    assert.match(await page.locator('#filed').innerText(), new RegExp(`已签署（版本 ${commitment.id}）`));
    await page.locator('#evidence-list a', { hasText: '缴款回单.png' }).waitFor();
    await shot(page, 'remedies-repair-filed');

    // withdrawing asks first; cancelling changes nothing
    const withdraw = page.locator('form.event-form[data-event="withdraw"]');
    await withdraw.locator('button[type="submit"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    assert.match(await page.locator('#state .badge-state').innerText(), /已申请/);
    await withdraw.locator('button[type="submit"]').click();
    await page.getByRole('dialog').locator('#confirm-ok').click();
    await page.locator('#state .badge-state', { hasText: '已撤回' }).waitFor();
    assert.match(await page.locator('#next-step').innerText(), /已办结：已撤回/);
    await shot(page, 'remedies-repair-withdrawn');
    await clean(page, 'remedies-repair-withdrawn');
  });

  test('a court reports that the debtor performed: the entry leaves public view', async (t) => {
    if (!debtorEntry) return t.skip('the demo subject has no public 失信被执行人 entry');
    assert.equal((await api(`/api/v1/records/${debtorEntry.id}`)).status, 200, 'public before the report');
    const page = await staffPage(COURT);
    await page.goto(`${BASE}/console/cases.html`);
    await page.locator('#content').waitFor({ state: 'visible' });
    const form = page.locator('#removal-form');
    await form.waitFor();
    await page.getByRole('button', { name: '报告已履行' }).click();
    await page.locator('#r-record-error', { hasText: '请填写记录编号' }).waitFor();
    await page.locator('#r-statement-error', { hasText: '请说明履行情况' }).waitFor();
    assert.equal(page.e2e.log.requests.some((r) => r.method === 'POST' && r.url.endsWith('/api/v1/cases')), false);
    await page.getByLabel('记录编号').fill(debtorEntry.id);
    await page.getByLabel('履行情况说明').fill('被执行人已于本月全部履行生效法律文书确定的给付义务，申请执行人确认。');
    await page.getByRole('button', { name: '报告已履行' }).click();
    const done = page.locator('#removal-status .alert-info');
    await done.waitFor();
    const id = /案件编号 (\d+)/.exec(await done.innerText())[1];
    await page.locator(`#queue-table tr[data-case="${id}"]`).waitFor();
    await shot(page, 'remedies-removal');
    await clean(page, 'remedies-removal');
    await closePage(page);
    assert.equal((await api(`/api/v1/records/${debtorEntry.id}`)).status, 404, 'no longer public');
  });

  test('我的信用, the forms and the case pages fit a phone', async (t) => {
    if (!caseId) return t.skip('no objection filed');
    const page = await openPage(browser, { mobile: true });
    await page.goto(`${BASE}/console/login.html?next=../my.html`);
    await fillLogin(page, SUBJECT);
    await page.waitForURL(/\/my\.html$/);
    const rec = records.get('穗E2E罚〔Y〕3号');
    for (const p of ['my.html', `case.html?id=${caseId}`, `objection.html?record=${rec.id}`, `repair.html?record=${rec.id}`]) {
      if (p !== 'my.html') await page.goto(`${BASE}/${p}`); // 我的信用 is where the login led
      await page.locator('#content:visible, #status .alert').first().waitFor();
      assert.ok(await page.locator('#content').isVisible(), `${p}: ${await page.locator('#status').innerText()}`);
      await settle(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, `${p}: no horizontal scrolling on a phone`);
      await shot(page, `remedies-phone-${p.replace(/\.html.*$/, '')}`);
    }
    await clean(page, 'remedies-phone');
    await closePage(page);
    const staff = await openPage(browser, { mobile: true });
    await staff.goto(`${BASE}/console/login.html`);
    await fillLogin(staff, REVIEWER);
    await staff.waitForURL(/\/console\/index\.html$/);
    await staff.locator('#content').waitFor({ state: 'visible' });
    await settle(staff);
    for (const p of ['cases.html', `case.html?id=${caseId}`]) {
      await staff.goto(`${BASE}/console/${p}`);
      await staff.locator('#content').waitFor({ state: 'visible' });
      await settle(staff);
      const overflow = await staff.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, `console/${p}: no horizontal scrolling on a phone`);
      await shot(staff, `remedies-phone-console-${p.replace(/\.html.*$/, '')}`);
    }
    await clean(staff, 'remedies-phone-console');
    await closePage(staff);
  });
});
