// reports.test.mjs - credit reports on the portal in headless chromium, as the people involved use
// them: a visitor goes from an organisation's file (subject.html) to 信用报告 and downloads its
// report (a PDF, saved under the server's Chinese file name); a third party reads the number and
// the verification code from that PDF (pdftotext) and verifies it on 报告核验 by typing them, by
// opening the QR code's link (verify.html?n=..&c=..) and by uploading the file: 真实有效 with the
// organisation's name; a copy with one changed byte fails (核验未通过) and the page shows what the
// genuine report said under a warning. A scoped report (无违法违规证明版) with two domains picked
// through the filter covers exactly those; a wrong code and a missing domain are refused at their
// fields. A natural person signed in with a verified identity downloads its own report on 我的信用,
// authorises an agency account (which can then have the report issued, checked through the API)
// and revokes it (after which it cannot). Every page stays free of console errors, exceptions and
// CSP violations, fits a phone without sideways scrolling, and leaves screenshots in $E2E_OUT
// (reports-*.png). run.sh gives the server, the demo city and accounts (E2E_ACCOUNTS), and the
// binary (E2E_XY) that adds the person's account on the running server's database (XINYONG_DB).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, apiPost, assertClean, BASE, closePage, launch, openPage, personsInCity, settle, shot } from './lib.mjs';

const XY = process.env.E2E_XY;
const ACCOUNTS_FILE = process.env.E2E_ACCOUNTS;
if (!XY || !ACCOUNTS_FILE) throw new Error('E2E_XY or E2E_ACCOUNTS is not set: run tests/e2e/run.sh');

function account(role) {
  for (const line of fs.readFileSync(ACCOUNTS_FILE, 'utf8').split('\n')) {
    const [login, r, password] = line.split('\t');
    if (r === role) return { login, password };
  }
  throw new Error(`the demo accounts file has no ${role}`);
}

// the server's file names: 公共信用信息报告[（无违法违规证明版）]-<number>.pdf
const FILE_NAME = /^公共信用信息报告-(XYBG\d{16})\.pdf$/;
const SCOPED_NAME = /^公共信用信息报告（无违法违规证明版）-(XYBG\d{16})\.pdf$/;

/** The text of a PDF (poppler's pdftotext), as a receiver reads it. */
function pdfText(file) {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Number and verification code printed on a report. */
function numberAndCode(file) {
  const text = pdfText(file);
  const number = (/XYBG\d{16}/.exec(text) || [])[0];
  const code = (/核验码[：:]\s*([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text) || [])[1];
  assert.ok(number && code, `the report prints its number (${number}) and code (${code})`);
  return { number, code, text };
}

async function noSideScroll(page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 1, `${label}: the page scrolls sideways by ${wide} px`);
}

/** assertClean plus: no script values ("null", "undefined", "NaN") leak into the page. */
async function clean(page, label) {
  await assertClean(page, label);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /\bnull\b|\bundefined\b|NaN|\[object /, `${label}: no script values leak into the page`);
}

/** Click `button` and save the download it starts into dir: { file, name, bytes }. */
async function download(page, button, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const name = dl.suggestedFilename();
  const file = path.join(dir, name);
  await dl.saveAs(file);
  return { file, name, bytes: fs.readFileSync(file) };
}

let browser;
let tmp;
let org = null; // { id, code, name } of the organisation whose report is issued
let report = null; // { file, name, number, code } of its full report

before(async () => {
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-reports-'));
  // the demo subject: the organisation with the most records in the city
  const code = execFileSync(XY, ['stats', '--sample'], { encoding: 'utf8' }).trim();
  const found = await api(`/api/v1/subjects?q=${encodeURIComponent(code)}`);
  assert.equal(found.status, 200, `search for the demo subject: ${JSON.stringify(found.body)}`);
  const s = found.body.items.find((x) => x.code === code);
  assert.ok(s && s.kind !== 'person', 'the demo subject is an organisation');
  org = { id: s.id, code, name: s.name };
});
after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('credit reports on the portal', () => {
  test('a visitor goes from an organisation\'s file to 信用报告 and downloads its report', async () => {
    const page = await openPage(browser);
    try {
      await page.goto(`${BASE}/subject.html?id=${org.id}`);
      await page.locator('#file:not([hidden])').waitFor();
      const link = page.getByRole('link', { name: '下载信用报告' });
      await Promise.all([page.waitForURL(/\/report\.html\?code=/), link.click()]);
      await settle(page);
      assert.equal(await page.getByLabel('统一社会信用代码').inputValue(), org.code, 'the code comes from the link');
      assert.equal(await page.locator('.site-nav a[aria-current="page"]').innerText(), '信用报告');
      assert.ok(await page.getByRole('radio', { name: '完整版' }).isChecked(), '完整版 by default');
      assert.match(await page.locator('main').innerText(), /自然人的信用报告只出具给本人/);

      const got = await download(page, page.getByRole('button', { name: '下载信用报告' }), tmp);
      const m = FILE_NAME.exec(got.name);
      assert.ok(m, `the file is named as the server says: ${got.name}`);
      assert.equal(got.bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
      assert.ok(got.bytes.length > 5000, `a whole report, not an error page (${got.bytes.length} bytes)`);
      await page.locator('#issued:not([hidden])').waitFor();
      assert.equal(await page.locator('#issued-number').innerText(), m[1], 'the page names the number issued');
      const { number, code, text } = numberAndCode(got.file);
      assert.equal(number, m[1], 'the PDF carries the number of its file name');
      assert.ok(text.includes(org.name) && text.includes(org.code), 'the PDF names the organisation');
      report = { file: got.file, name: got.name, number, code };
      await noSideScroll(page, 'report');
      await shot(page, 'reports-report');
      await clean(page, 'report');
    } finally {
      await closePage(page);
    }
  });

  test('a third party verifies it by number and code: 真实有效, with the subject\'s name', async (t) => {
    if (!report) return t.skip('no report was downloaded');
    const page = await openPage(browser);
    try {
      await page.goto(`${BASE}/verify.html`);
      await settle(page);
      // typed in lower case without the hyphen, as people do
      await page.getByLabel('报告编号', { exact: true }).fill(report.number);
      await page.getByLabel('核验码', { exact: true }).fill(report.code.replace('-', '').toLowerCase());
      await page.getByRole('button', { name: '核验', exact: true }).click();
      await page.locator('#result:not([hidden])').waitFor();
      assert.equal(await page.locator('#verdict-title').innerText(), '真实有效');
      assert.equal(await page.locator('#report-subject-name').innerText(), org.name);
      assert.equal(await page.locator('#report-number').innerText(), report.number);
      assert.equal(await page.locator('#report-warning').count(), 0, 'no warning for a genuine report');
      // the summary and the records by section, folded until opened
      assert.ok(await page.locator('#report-summary tbody tr').count() > 0, 'the summary table is shown');
      const section = page.locator('details.report-section').first();
      assert.equal(await section.locator('.record-card').first().isVisible(), false, 'sections start folded');
      await section.locator('summary').click();
      await section.locator('.record-card').first().waitFor({ state: 'visible' });
      await shot(page, 'reports-verify-genuine');
      await clean(page, 'verify-genuine');
    } finally {
      await closePage(page);
    }
  });

  test('the QR code\'s link verifies at once', async (t) => {
    if (!report) return t.skip('no report was downloaded');
    const page = await openPage(browser);
    try {
      const requests = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/v1/reports/verify')) requests.push(r.postDataJSON());
      });
      await page.goto(`${BASE}/verify.html?n=${report.number}&c=${report.code}`);
      await page.locator('#result:not([hidden])').waitFor();
      assert.equal(await page.locator('#verdict-title').innerText(), '真实有效');
      assert.equal(await page.locator('#report-subject-name').innerText(), org.name);
      assert.deepEqual(requests, [{ number: report.number, code: report.code }], 'one check, with what the link carries');
      assert.equal(await page.getByLabel('报告编号', { exact: true }).inputValue(), report.number);
      await clean(page, 'verify-qr');
    } finally {
      await closePage(page);
    }
  });

  test('an uploaded report verifies; one changed byte fails and shows the genuine content', async (t) => {
    if (!report) return t.skip('no report was downloaded');
    const page = await openPage(browser);
    try {
      await page.goto(`${BASE}/verify.html`);
      await settle(page);
      // nothing chosen: refused at the field, nothing sent
      await page.getByRole('button', { name: '上传并核验' }).click();
      assert.match(await page.locator('#file-error').innerText(), /请选择要核验的报告/);

      await page.getByLabel('报告 PDF 文件').setInputFiles(report.file);
      await page.getByRole('button', { name: '上传并核验' }).click();
      await page.locator('#result:not([hidden])').waitFor();
      assert.equal(await page.locator('#verdict-title').innerText(), '真实有效');
      assert.equal(await page.locator('#report-subject-name').innerText(), org.name);

      // one byte in the middle of the file changed, as a forger would
      const bytes = Buffer.from(fs.readFileSync(report.file));
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      const altered = path.join(tmp, `altered-${crypto.randomBytes(3).toString('hex')}.pdf`);
      fs.writeFileSync(altered, bytes);
      await page.getByLabel('报告 PDF 文件').setInputFiles(altered);
      await page.getByRole('button', { name: '上传并核验' }).click();
      await page.locator('#verdict-title', { hasText: '核验未通过' }).waitFor();
      assert.equal(await page.locator('#verdict').getAttribute('data-problem'), 'altered');
      assert.ok((await page.locator('#verdict-message').innerText()).length > 4, 'the server\'s message is shown');
      const warning = page.locator('#report-warning');
      assert.ok(await warning.isVisible(), 'a warning above the genuine content');
      assert.match(await warning.innerText(), /真实内容/);
      assert.equal(await page.locator('#report-subject-name').innerText(), org.name, 'the genuine report\'s subject');
      assert.equal(await page.locator('#report-number').innerText(), report.number);
      await shot(page, 'reports-verify-altered');
      await clean(page, 'verify-altered');
    } finally {
      await closePage(page);
    }
  });

  test('a scoped report (无违法违规证明版) covers the two domains picked', async (t) => {
    if (!report) return t.skip('no report was downloaded');
    const page = await openPage(browser, { expectStatus: [404] });
    try {
      await page.goto(`${BASE}/report.html`);
      await settle(page);
      // an unknown organisation: the server's error at the code field
      await page.getByLabel('统一社会信用代码').fill('91440101MA59XXXX0A');
      await page.getByRole('button', { name: '下载信用报告' }).click();
      await page.locator('#code-error:not([hidden])').waitFor();
      assert.match(await page.locator('#code-error').innerText(), /NOT_FOUND/);

      await page.getByLabel('统一社会信用代码').fill(org.code.toLowerCase());
      await page.getByRole('radio', { name: '无违法违规证明版' }).check();
      await page.locator('#domain-list li').first().waitFor();
      // no domain chosen: refused at the domains, nothing sent
      await page.getByRole('button', { name: '下载信用报告' }).click();
      assert.match(await page.locator('#domains-error').innerText(), /至少选择一个领域/);
      // the default period: the last 3 years up to today
      const to = await page.getByLabel('截止日期').inputValue();
      const from = await page.getByLabel('开始日期').inputValue();
      assert.equal(Number(to.slice(0, 4)) - Number(from.slice(0, 4)), 3, `default period ${from}–${to}`);
      assert.equal(from.slice(4), to.slice(4));

      const filter = page.getByLabel('筛选领域');
      await filter.fill('市场');
      assert.equal(await page.locator('#domain-list li:not([hidden])').count(), 1, 'the filter leaves 市场监管');
      await page.getByRole('checkbox', { name: '市场监管' }).check();
      await filter.fill('税务');
      await page.getByRole('checkbox', { name: '税务' }).check();
      await filter.fill('');
      assert.match(await page.locator('#domains-chosen').innerText(), /已选择 2 个领域：市场监管、税务/);

      const got = await download(page, page.getByRole('button', { name: '下载信用报告' }), tmp);
      const m = SCOPED_NAME.exec(got.name);
      assert.ok(m, `the scoped report's file name: ${got.name}`);
      const { number, code, text } = numberAndCode(got.file);
      assert.equal(number, m[1]);
      assert.match(text, /无违法违规证明版/);
      assert.notEqual(number, report.number, 'a new report');

      const v = await apiPost('/api/v1/reports/verify', { number, code });
      assert.equal(v.body.genuine, true);
      assert.deepEqual(v.body.report.domains.map((d) => d.code), ['market', 'tax']);
      assert.deepEqual(v.body.report.period, { from, to });
      assert.equal(v.body.report.subject.code, org.code, 'the code typed in lower case was sent in capitals');

      await page.goto(`${BASE}/verify.html?n=${number}&c=${code}`);
      await page.locator('#result:not([hidden])').waitFor();
      assert.equal(await page.locator('#verdict-title').innerText(), '真实有效');
      assert.deepEqual(await page.locator('#report-domains tbody tr td:first-child').allInnerTexts(), ['市场监管', '税务']);
      assert.match(await page.locator('.report-subject').innerText(), new RegExp(`${from} 至 ${to}`));
      await clean(page, 'scoped');
    } finally {
      await closePage(page);
    }
  });

  test('the report and verification pages fit a phone', async (t) => {
    if (!report) return t.skip('no report was downloaded');
    const page = await openPage(browser, { mobile: true });
    try {
      await page.goto(`${BASE}/report.html?code=${org.code}`);
      await settle(page);
      await page.getByRole('radio', { name: '无违法违规证明版' }).check();
      await page.locator('#domain-list li').first().waitFor();
      await noSideScroll(page, 'report (phone)');
      await shot(page, 'reports-report-phone');
      const bytes = Buffer.from(fs.readFileSync(report.file));
      bytes[bytes.length >> 1] ^= 0x01;
      await page.goto(`${BASE}/verify.html`);
      await settle(page);
      await page.getByLabel('报告 PDF 文件').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: bytes });
      await page.getByRole('button', { name: '上传并核验' }).click();
      await page.locator('#verdict-title', { hasText: '核验未通过' }).waitFor();
      await page.locator('details.report-section summary').first().click();
      await noSideScroll(page, 'verify (phone)');
      await shot(page, 'reports-verify-altered-phone');
      await page.goto(`${BASE}/verify.html?n=${report.number}&c=${report.code}`);
      await page.locator('#verdict-title', { hasText: '真实有效' }).waitFor();
      await noSideScroll(page, 'verify genuine (phone)');
      await shot(page, 'reports-verify-genuine-phone');
      await clean(page, 'phone');
    } finally {
      await closePage(page);
    }
  });
});

describe('a person\'s own report and its authorisations', () => {
  const LOGIN = `e2e-report-${crypto.randomBytes(3).toString('hex')}`;
  const PASSWORD = `Rp-${crypto.randomBytes(12).toString('base64url')}-7a`;
  let person = null;

  before(() => {
    // a natural person of the city with a verified account, added on the running server's database
    person = personsInCity()[0];
    assert.ok(person, 'the city has a natural person');
    execFileSync(XY, ['user', 'add', LOGIN, '--role', 'subject', '--name', '端到端报告测试', '--password-stdin'],
      { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
    execFileSync(XY, ['user', 'verify', LOGIN, '--code', person.id, '--name', person.name,
      '--evidence', '居民身份证（端到端测试）'], { stdio: ['ignore', 'ignore', 'inherit'] });
  });

  /** The agency asks for the person's report through the API: its status. */
  async function agencyAsks() {
    const acct = account('agency');
    const res = await fetch(`${BASE}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: acct.login, password: acct.password }),
    });
    const s = await res.json();
    assert.equal(res.status, 200, 'the demo agency signs in');
    const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
    const headers = { Cookie: cookie, 'X-CSRF-Token': s.csrf_token };
    const r = await fetch(`${BASE}/api/v1/reports`, {
      method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ code: person.id }),
    });
    await r.arrayBuffer();
    await fetch(`${BASE}/api/v1/session`, { method: 'DELETE', headers });
    return r.status;
  }

  test('a verified person downloads its own report on 我的信用, authorises an agency and revokes it', async () => {
    // 401: the session check before signing in
    const page = await openPage(browser, { expectStatus: [401] });
    try {
      await page.goto(`${BASE}/my.html`);
      await page.waitForURL(/\/console\/login\.html\?.*next=/);
      await page.getByLabel('登录名').fill(LOGIN);
      await page.getByLabel('口令', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(/\/my\.html$/);
      await page.locator('#content').waitFor({ state: 'visible' });

      const got = await download(page, page.getByRole('button', { name: '下载本人信用报告' }), tmp);
      const m = FILE_NAME.exec(got.name);
      assert.ok(m, `the file is named as the server says: ${got.name}`);
      assert.equal(got.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(await page.locator('#my-report-number').innerText(), m[1]);
      const { text } = numberAndCode(got.file);
      assert.match(text, /自然人版/);
      assert.ok(!text.includes(person.id), 'the full ID number is not printed');

      // 授权机构查询: none in force; an agency is authorised through the form
      await page.locator('#grants-section').waitFor({ state: 'visible' });
      await page.locator('#grants-empty, #grants-table').first().waitFor();
      assert.equal(await page.locator('#grants .grant-revoke').count(), 0, 'no authorisation in force yet');
      assert.equal(await agencyAsks(), 403, 'no authorisation: the agency is refused');
      const agency = account('agency');
      await page.getByLabel('机构账号').fill(agency.login);
      await page.getByLabel('授权用途').fill('贷款');
      await page.getByRole('button', { name: '授权', exact: true }).click();
      assert.match(await page.locator('#purpose-error').innerText(), /至少5个字/, 'a short purpose is refused at its field');
      await page.getByLabel('授权用途').fill('办理个人住房贷款审查');
      await page.getByRole('button', { name: '授权', exact: true }).click();
      const row = page.locator('#grants-table tbody tr', { hasText: agency.login, has: page.locator('.grant-revoke') });
      await row.waitFor();
      assert.match(await row.innerText(), /办理个人住房贷款审查/);
      assert.match(await row.locator('td[data-label="状态"]').innerText(), /有效/);
      assert.equal(await agencyAsks(), 201, 'with the authorisation the agency has the report issued');
      await shot(page, 'reports-my');

      await row.getByRole('button', { name: /撤销/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.locator('#confirm-ok').click();
      await page.locator('#grants-status', { hasText: '已撤销' }).waitFor();
      assert.equal(await page.locator('#grants-table .grant-revoke').count(), 0, 'nothing left to revoke');
      assert.match(await page.locator('#grants-table tbody tr').first().innerText(), /已于.*撤销/);
      assert.equal(await agencyAsks(), 403, 'after revocation the agency is refused again');
      await clean(page, 'my-report');
    } finally {
      await closePage(page);
    }
  });
});
