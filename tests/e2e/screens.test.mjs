// screens.test.mjs - the console's batch screening page (web/console/screens.html) in headless
// chromium: the demo department user opens 批量筛查 from the menu, is stopped before the server
// when no scenario or file is chosen or the file is no table, uploads a CSV of organisations on
// the demo city's 失信被执行人 list with one bad row, and sees the job run to 已完成 with its
// counts and the downloads (结果 CSV and Excel, 问题清单) and the link to its check; the
// downloads are the files the API gives; at phone width the page does not scroll sideways.
// Every page stays free of console errors, exceptions and CSP violations, and leaves a screenshot
// in $E2E_OUT.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertClean, BASE, CITY, closePage, launch, openPage, parseCsv, settle, shot } from './lib.mjs';

const ACCOUNTS_FILE = process.env.E2E_ACCOUNTS;
if (!ACCOUNTS_FILE) throw new Error('E2E_ACCOUNTS is not set: run tests/e2e/run.sh');

function deptUser() {
  for (const line of fs.readFileSync(ACCOUNTS_FILE, 'utf8').split('\n')) {
    const [login, role, password] = line.split('\t');
    if (role === 'dept_user') return { login, password };
  }
  throw new Error('the demo accounts file has no dept_user');
}

/** Codes of organisations of the city's 失信被执行人 files. */
function listedCodes() {
  const out = new Set();
  for (const f of fs.readdirSync(CITY).filter((x) => /^sxbzxr-.*\.csv$/.test(x))) {
    const rows = parseCsv(fs.readFileSync(path.join(CITY, f), 'utf8'));
    const [lb, code] = ['XDR_LB', 'XDR_SHXYM'].map((k) => rows[0].indexOf(k));
    for (const r of rows.slice(1)) if (r[lb] === '法人及非法人组织' && r[code]) out.add(r[code]);
  }
  return [...out];
}

let browser;
let tmp;
before(async () => {
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-screens-'));
});
after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function signIn(page) {
  const acct = deptUser();
  await page.goto(`${BASE}/console/login.html`);
  await page.getByLabel('登录名').fill(acct.login);
  await page.getByLabel('口令', { exact: true }).fill(acct.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/\/console\/index\.html$/);
  await page.locator('#content').waitFor({ state: 'visible' });
}

test('a department user uploads a table, follows the job and downloads the results', async () => {
  const codes = listedCodes().slice(0, 20);
  assert.ok(codes.length >= 2, 'the demo city lists organisations as 失信被执行人');
  const good = path.join(tmp, '供应商名单.csv');
  fs.writeFileSync(good, `统一社会信用代码,名称\n${codes.map((c) => `${c},`).join('\n')}\n91440101MA5XXXXX1X,坏代码\n`);
  const notTable = path.join(tmp, 'scan.pdf');
  fs.writeFileSync(notTable, '%PDF-1.4 not a table');

  const page = await openPage(browser);
  try {
    await signIn(page);
    await page.getByRole('navigation', { name: '工作台菜单' }).getByRole('link', { name: '批量筛查', exact: true }).click();
    await page.waitForURL(/\/console\/screens\.html$/);
    await page.locator('#content').waitFor({ state: 'visible' });
    await settle(page);

    // nothing chosen, then a file that is no table: refused on the page
    await page.getByRole('button', { name: '开始筛查', exact: true }).click();
    assert.match(await page.locator('#up-scenario-error').textContent(), /请选择业务场景/);
    await page.getByLabel('业务场景').selectOption('gov_procurement');
    await page.getByRole('button', { name: '开始筛查', exact: true }).click();
    assert.match(await page.locator('#up-file-error').textContent(), /请选择要筛查的文件/);
    await page.getByLabel('文件').setInputFiles(notTable);
    await page.getByRole('button', { name: '开始筛查', exact: true }).click();
    assert.match(await page.locator('#up-file-error').textContent(), /\.csv 或 \.xlsx/);
    assert.equal(page.e2e.log.requests.filter((r) => r.method === 'POST' && r.url.includes('/api/v1/screens')).length, 0,
      'nothing was sent for the refused choices');

    await page.getByLabel('文件').setInputFiles(good);
    await page.getByRole('button', { name: '开始筛查', exact: true }).click();
    await page.locator('#upload-done').waitFor();
    const id = (await page.locator('#upload-done').textContent()).match(/#(\d+)/)[1];
    const row = page.locator(`tr[data-screen-id="${id}"]`);
    await row.locator('.screen-state[data-state="done"]').waitFor({ timeout: 30000 });
    const text = await row.textContent();
    assert.match(text, /供应商名单\.csv/);
    assert.match(text, /政府采购/);
    assert.match(text, new RegExp(`${codes.length + 1}/${codes.length + 1} 行`));
    await shot(page, 'console-screens');

    // the links are the API's downloads, and what they give is the job's table
    const hrefs = await row.locator('.screen-links a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    const byText = Object.fromEntries(hrefs);
    assert.equal(byText['结果 CSV'], `/api/v1/screens/${id}/results?format=csv`);
    assert.equal(byText['结果 Excel'], `/api/v1/screens/${id}/results?format=xlsx`);
    assert.equal(byText['问题清单'], `/api/v1/screens/${id}/errors`);
    const check = hrefs.find(([t]) => t.startsWith('核查 #'));
    assert.ok(check && /^feedback\.html\?check=\d+$/.test(check[1]), `link to the check: ${JSON.stringify(hrefs)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: '问题清单' }).click()]);
    const report = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(report[0], ['行号', '列', '值', '问题']);
    assert.equal(report[1][0], String(codes.length + 2));
    const [results] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: '结果 CSV' }).click()]);
    const table = parseCsv(fs.readFileSync(await results.path(), 'utf8'));
    assert.equal(table[0][3], '结果');
    assert.ok(table.slice(1).some((r) => r[3] === '命中'), 'a listed organisation is a hit');
    await assertClean(page, 'screens.html');
  } finally {
    await closePage(page);
  }
});

test('the screening page fits a phone', async () => {
  const page = await openPage(browser, { mobile: true });
  try {
    await signIn(page);
    await page.goto(`${BASE}/console/screens.html`);
    await page.locator('#content').waitFor({ state: 'visible' });
    await settle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow} px`);
    await shot(page, 'console-screens-mobile');
    await assertClean(page, 'screens.html at phone width');
  } finally {
    await closePage(page);
  }
});
