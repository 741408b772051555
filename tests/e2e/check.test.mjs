// check.test.mjs - the console's check page (web/console/check.html) in headless chromium: the
// demo department user picks a scenario, pastes codes of organisations on the 失信被执行人 list
// (read from the demo city's files) and a listed name alone, runs the check and reads the hits,
// the measures and the score and reasons of the name match; the check is in 最近的核查 with its
// 反馈 link; ?id= shows it again at phone width without a horizontal scroll. Every page stays
// free of console errors, exceptions and CSP violations, and leaves a screenshot in $E2E_OUT.
import assert from 'node:assert/strict';
import fs from 'node:fs';
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

/** Organisations of the city's 失信被执行人 files: [{ code, name }]. */
function listedOrgs() {
  const out = [];
  for (const f of fs.readdirSync(CITY).filter((x) => /^sxbzxr-.*\.csv$/.test(x))) {
    const rows = parseCsv(fs.readFileSync(path.join(CITY, f), 'utf8'));
    const head = rows[0];
    const [mc, lb, code] = ['XDR_MC', 'XDR_LB', 'XDR_SHXYM'].map((k) => head.indexOf(k));
    for (const r of rows.slice(1)) {
      if (r[lb] === '法人及非法人组织' && r[code] && /有限公司$/.test(r[mc])) out.push({ code: r[code], name: r[mc] });
    }
  }
  return out;
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
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

test('a department user checks codes and a name on the check page', async () => {
  const orgs = listedOrgs().slice(0, 10);
  assert.ok(orgs.length >= 2, 'the demo city lists organisations as 失信被执行人');
  const page = await openPage(browser);
  try {
    await signIn(page);
    await page.getByRole('navigation', { name: '工作台菜单' }).getByRole('link', { name: '核查', exact: true }).click();
    await page.waitForURL(/\/console\/check\.html$/);
    await page.locator('#content').waitFor({ state: 'visible' });

    // the form refuses nothing pasted, and a scenario not chosen, before asking the server
    await page.getByRole('button', { name: '核查', exact: true }).click();
    assert.match(await page.locator('#scenario-error').textContent(), /请选择业务场景/);
    await page.getByLabel('业务场景').selectOption('gov_procurement');
    await page.getByRole('button', { name: '核查', exact: true }).click();
    assert.match(await page.locator('#subjects-error').textContent(), /请至少填写一个信用主体/);

    await page.getByRole('textbox', { name: /^信用主体/ }).fill(orgs.map((o) => o.code).join('\n'));
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.locator('#result:not([hidden])').waitFor();
    assert.equal(await page.locator('.check-subject').count(), orgs.length);
    const hitCards = page.locator('.check-subject:has(.check-hit)');
    assert.ok(await hitCards.count() >= 1, 'at least one listed organisation is a hit today');
    const first = hitCards.first();
    assert.match(await first.locator('.check-hits').textContent(), /失信被执行人/);
    assert.match(await first.locator('.check-reasons').first().textContent(), /统一社会信用代码一致/);
    const id = (await page.locator('#result-title').textContent()).replace(/\D/g, '');
    assert.ok(id, 'the check has a number');
    assert.equal(await page.locator('#feedback-link').getAttribute('href'), `feedback.html?check=${id}`);
    assert.ok(await page.locator(`#recent-table tr[data-check-id="${id}"]`).count() === 1, 'the check is among the recent ones');
    await shot(page, 'check-codes');

    // the name alone of a listed organisation that hit: a score and the reasons
    const no = Number(await first.getAttribute('data-subject-no'));
    await page.getByRole('textbox', { name: /^信用主体/ }).fill(orgs[no].name);
    await page.getByRole('button', { name: '核查', exact: true }).click();
    await page.waitForFunction((old) => document.getElementById('result-title').textContent !== old, `核查 #${id}`);
    const hit = page.locator('.check-subject .check-hit').first();
    await hit.waitFor();
    assert.equal(await hit.locator('.check-score').textContent(), '100');
    assert.match(await hit.locator('.check-reasons').textContent(), /名称核心部分相同/);
    assert.match(await hit.textContent(), new RegExp(`名单主体：${orgs[no].name}`));
    await settle(page);
    await assertClean(page, 'check page');
    await shot(page, 'check-name');

    // a stored check at phone width: the same cards, nothing wider than the screen
    const phone = await openPage(browser, { mobile: true });
    try {
      await phone.context().addCookies(await page.context().cookies());
      await phone.goto(`${BASE}/console/check.html?id=${id}`);
      await phone.locator('#result:not([hidden])').waitFor();
      assert.equal(await phone.locator('.check-subject').count(), orgs.length);
      const wide = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 1, `the page is ${wide}px wider than the phone`);
      await settle(phone);
      await assertClean(phone, 'check page on a phone');
      await shot(phone, 'check-phone');
    } finally {
      await closePage(phone);
    }
  } finally {
    await closePage(page);
  }
});
