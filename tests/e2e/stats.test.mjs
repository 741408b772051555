// stats.test.mjs - the credit office's dashboard (统计分析, web/console/stats.html) in headless
// chromium against the real server and the demo city of run.sh: the office opens it from the
// menu; the key figures, the four ECharts charts (a canvas each, and the instance's series are
// the API's numbers) and the tables are what GET /api/v1/stats/overview says; choosing a
// department narrows them and stays in the URL (reload and Back); 导出 Excel of 部门考核 is an
// xlsx workbook (a zip holding the sheet, with the department and a Chinese header); setting a
// kind's 主体总数 (a bad one refused at its field first) makes its coverage share appear; the page
// fits a phone and its charts follow the width; a department user gets neither the menu entry,
// the page nor the API; ECharts comes from node_modules at /vendor/, one listed file only.
// Screenshots: stats-desktop.png, stats-phone.png in $E2E_OUT.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { api, assertClean, BASE, closePage, launch, openPage, settle, shot } from './lib.mjs';

const ACCOUNTS_FILE = process.env.E2E_ACCOUNTS;
if (!ACCOUNTS_FILE) throw new Error('E2E_ACCOUNTS is not set: run tests/e2e/run.sh');

function account(role) {
  for (const line of fs.readFileSync(ACCOUNTS_FILE, 'utf8').split('\n')) {
    const [login, r, password] = line.split('\t');
    if (r === role) return { login, password };
  }
  throw new Error(`the demo accounts file has no ${role}`);
}

// the page's formatting rules (stats-format.js), to compare what a clerk reads
const INT = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const num = (v) => INT.format(v);
const pct = (p) => (p === null || p === undefined ? '—' : `${(p / 10).toFixed(1)}%`);
const sum = (rows, k) => rows.reduce((s, r) => s + (r[k] || 0), 0);
const deptName = (d) => (d && (d.name || d.code)) || '—';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
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

/** The office's dashboard, opened from the menu as a clerk would, charts without animation. */
async function openDashboard(page) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signIn(page, 'office');
  await Promise.all([page.waitForURL(/\/console\/stats\.html/),
    page.getByRole('navigation', { name: '工作台菜单' }).getByRole('link', { name: '统计分析', exact: true }).click()]);
  await page.locator('#stats').waitFor({ state: 'visible' });
}

/** GET /api/v1/stats/overview with the page's session (the numbers the page should show). */
async function overview(page, params = {}) {
  return page.evaluate(async (q) => {
    const r = await fetch(`/api/v1/stats/overview?${new URLSearchParams(q)}`, { headers: { Accept: 'application/json' } });
    return { status: r.status, body: await r.json() };
  }, params);
}

/** What each chart's ECharts instance holds: canvas, size, axis names and series data. */
async function chartData(page) {
  return page.evaluate(async () => {
    // the page's own module instance: the same URL is the same module in one document
    const echarts = await import('/vendor/echarts.esm.min.mjs');
    const out = {};
    for (const id of ['chart-months', 'chart-categories', 'chart-departments', 'chart-timely']) {
      const el = document.getElementById(id);
      const c = el && echarts.getInstanceByDom(el);
      if (!c) {
        out[id] = null;
        continue;
      }
      const o = c.getOption();
      const canvas = el.querySelector('canvas');
      out[id] = {
        hidden: el.hidden,
        canvas: !!canvas,
        canvasWidth: canvas ? canvas.getBoundingClientRect().width : 0,
        boxWidth: el.clientWidth,
        label: el.getAttribute('aria-label') || '',
        x: o.xAxis && o.xAxis[0] ? o.xAxis[0].data || null : null,
        y: o.yAxis && o.yAxis[0] ? o.yAxis[0].data || null : null,
        series: o.series.map((s) => s.data),
      };
    }
    return out;
  });
}

/** Poll `fn` until it returns a truthy value (a state, not a fixed wait). */
async function until(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The charts, once every chart with data is drawn with the overview d's numbers. */
async function chartsOf(page, d) {
  const timely = d.departments.filter((r) => r.timely_permille !== null);
  const want = {
    'chart-months': { x: d.by_month.map((m) => m.month), series: [d.by_month.map((m) => m.records), d.by_month.map((m) => m.versions)] },
    'chart-categories': { y: d.by_category.map((c) => c.item_name || c.item), series: [d.by_category.map((c) => c.records)] },
    'chart-departments': { y: d.by_department.map((r) => deptName(r.department)), series: [d.by_department.map((r) => r.records)] },
    'chart-timely': { y: timely.map((r) => deptName(r.department)), series: [timely.map((r) => r.timely_permille / 10)] },
  };
  let got;
  try {
    return await until(async () => {
      got = await chartData(page);
      for (const [id, w] of Object.entries(want)) {
        const c = got[id];
        if (!c || !c.canvas || c.hidden) return null;
        if (JSON.stringify(c.series) !== JSON.stringify(w.series)) return null;
        if (w.x && JSON.stringify(c.x) !== JSON.stringify(w.x)) return null;
        if (w.y && JSON.stringify(c.y) !== JSON.stringify(w.y)) return null;
      }
      return got;
    }, 'the charts to show the API numbers');
  } catch (e) {
    // the difference, for whoever reads the failure
    assert.deepEqual(got, want, e.message);
    throw e;
  }
}

/** A table's body rows as arrays of cell texts (row header first). */
async function rowsOf(page, id) {
  return page.locator(`#t-${id} tbody tr`).evaluateAll((trs) => trs.map((tr) =>
    [...tr.children].map((c) => c.textContent.trim())));
}

/** The files of a zip archive (stored or deflated entries), by name: enough to read an xlsx. */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'the file is a zip archive (end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'a central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

// the department the filter test picks, for the export test
let picked = null;

test('the office reads the dashboard: key figures, charts and tables are the API numbers', async () => {
  const page = await openPage(browser);
  try {
    await openDashboard(page);
    const { status, body: d } = await overview(page);
    assert.equal(status, 200, JSON.stringify(d));
    const records = sum(d.by_month, 'records');
    assert.ok(records > 0, 'the demo city has records in the default period');
    assert.ok(d.by_department.length > 1, 'records of several departments');

    // the period the server chose is in the filters and the scope line
    assert.equal(await page.getByLabel('起始月份').inputValue(), d.period.from);
    assert.equal(await page.getByLabel('截止月份').inputValue(), d.period.to);
    assert.equal(await page.getByLabel('部门', { exact: true }).inputValue(), '');
    assert.match(await page.locator('#stats-scope').textContent(), new RegExp(`${d.period.from} 至 ${d.period.to}，全部部门`));

    // key figures
    const kpi = (id) => page.locator(`#kpi-${id} .kpi-value`).textContent();
    assert.equal(await kpi('subjects'), num(sum(d.coverage, 'subjects')));
    assert.equal(await kpi('records'), num(records));
    const objection = d.clocks.find((c) => c.kind === 'objection');
    assert.equal(await kpi('objections'), num(objection.open));
    const t = sum(d.departments, 'timely');
    const l = sum(d.departments, 'late');
    assert.equal(await kpi('timely'), t + l ? pct(Math.round((t * 1000) / (t + l))) : '—');
    assert.equal(await kpi('feedback'), pct(d.joint.feedback_permille));

    // charts: a canvas each, the instance's data are the API's
    const charts = await chartsOf(page, d);
    assert.match(charts['chart-months'].label, /按月份的记录数/, 'the chart has a spoken description');

    // tables: one row per entry, the numbers as the API says, accessible markup
    assert.deepEqual((await rowsOf(page, 'months')).map((r) => r.slice(0, 2)),
      d.by_month.map((m) => [m.month, num(m.records)]));
    assert.match(await page.locator('#t-months tfoot').textContent(), new RegExp(`^合计${num(records)}`));
    assert.deepEqual((await rowsOf(page, 'by-department')).map((r) => r.slice(0, 2)),
      d.by_department.map((r) => [deptName(r.department), num(r.records)]));
    assert.deepEqual((await rowsOf(page, 'assessment')).map((r) => [r[0], r[1], r[5], r[8]]),
      d.departments.map((r) => [deptName(r.department), num(r.records), num(r.timely), pct(r.timely_permille)]));
    assert.deepEqual((await rowsOf(page, 'clocks')).map((r) => r.slice(0, 3)),
      d.clocks.map((c) => [c.label, num(c.open), num(c.open_overdue)]));
    assert.deepEqual((await rowsOf(page, 'coverage')).map((r) => r.slice(0, 3)),
      d.coverage.map((c) => [c.label, num(c.subjects), num(c.with_records)]));
    for (const id of ['coverage', 'months', 'categories', 'by-department', 'assessment', 'clocks', 'joint']) {
      assert.equal(await page.locator(`#t-${id} caption`).count(), 1, `${id} has a caption`);
      assert.equal(await page.locator(`#t-${id} thead th:not([scope="col"])`).count(), 0, `${id}: column headers have scope`);
      assert.equal(await page.locator(`#t-${id} tbody tr > th[scope="row"]`).count(),
        await page.locator(`#t-${id} tbody tr`).count(), `${id}: each row has a row header`);
    }
    for (const id of ['coverage', 'months', 'categories', 'by-department', 'assessment', 'clocks', 'joint']) {
      assert.equal(await page.locator(`#sec-${id}`).getByRole('button', { name: /^导出 Excel/ }).count(), 1, `${id} exports`);
    }
    assert.equal(await page.locator('#stats-status[aria-live="polite"]').count(), 1);

    await shot(page, 'stats-desktop');
    await assertClean(page, 'stats');
  } finally {
    await closePage(page);
  }
});

test('choosing a department narrows the tables and charts, and stays in the URL', async () => {
  const page = await openPage(browser);
  try {
    await openDashboard(page);
    const all = (await overview(page)).body;
    const total = sum(all.by_month, 'records');
    // the department with the most records that still has fewer than all of them
    const dep = [...all.by_department].sort((a, b) => b.records - a.records).find((r) => r.records < total);
    assert.ok(dep, 'a department with part of the records');
    picked = dep.department;

    await page.getByLabel('部门', { exact: true }).selectOption(picked.code);
    await page.getByRole('button', { name: '统计', exact: true }).click();
    await page.waitForURL(new RegExp(`[?&]dept=${picked.code}`));
    await until(async () => (await page.locator('#stats-scope').textContent()).includes(`部门：${picked.name}`),
      'the scope line to name the department');
    const d = (await overview(page, { from: all.period.from, to: all.period.to, dept: picked.code })).body;
    assert.equal(d.department.code, picked.code);
    const records = sum(d.by_month, 'records');
    assert.notEqual(records, total, 'the department has fewer records than the city');
    assert.equal(await page.locator('#kpi-records .kpi-value').textContent(), num(records));
    assert.deepEqual((await rowsOf(page, 'months')).map((r) => r.slice(0, 2)), d.by_month.map((m) => [m.month, num(m.records)]));
    assert.deepEqual((await rowsOf(page, 'by-department')).map((r) => r.slice(0, 2)),
      d.by_department.map((r) => [deptName(r.department), num(r.records)]));
    assert.deepEqual((await rowsOf(page, 'assessment')).map((r) => r.slice(0, 2)),
      d.departments.map((r) => [deptName(r.department), num(r.records)]));
    await chartsOf(page, d);

    // a bookmark of this view opens it again
    await page.reload();
    await page.locator('#stats').waitFor({ state: 'visible' });
    assert.equal(await page.getByLabel('部门', { exact: true }).inputValue(), picked.code);
    await until(async () => (await page.locator('#kpi-records .kpi-value').textContent()) === num(records), 'the bookmarked view');
    await chartsOf(page, d);

    // Back returns to every department
    await page.goBack();
    await until(async () => (await page.locator('#kpi-records .kpi-value').textContent()) === num(total), 'the view before');
    assert.equal(await page.getByLabel('部门', { exact: true }).inputValue(), '');
    await chartsOf(page, all);

    // a month range the wrong way round is refused at its field, without a request
    await page.getByLabel('起始月份').fill('2026-10');
    await page.getByLabel('截止月份').fill('2026-03');
    const before = page.e2e.log.requests.length;
    await page.getByRole('button', { name: '统计', exact: true }).click();
    await page.locator('#f-to-error:not([hidden])').waitFor();
    assert.match(await page.locator('#f-to-error').textContent(), /早于起始月份/);
    assert.equal(await page.getByLabel('截止月份').getAttribute('aria-invalid'), 'true');
    assert.equal(page.e2e.log.requests.slice(before).filter((r) => r.url.includes('/api/')).length, 0);
    await assertClean(page, 'stats filter');
  } finally {
    await closePage(page);
  }
});

test('部门考核 downloads as an xlsx workbook of the chosen department', async () => {
  assert.ok(picked, 'the filter test chose a department');
  const page = await openPage(browser);
  try {
    // the bookmarked view of the department, straight from the address bar
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(page, 'office');
    await page.goto(`${BASE}/console/stats.html?dept=${picked.code}`);
    await until(async () => (await page.locator('#stats-scope').textContent()).includes(`部门：${picked.name}`),
      'the department view');
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel：部门考核' }).click()]);
    // the server's Chinese file name (filename*), not its ASCII stand-in
    assert.match(download.suggestedFilename(), /^信用统计-部门考核-\d{4}-\d{2}至\d{4}-\d{2}\.xlsx$/);
    const buf = fs.readFileSync(await download.path());
    assert.equal(buf.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'an xlsx is a zip archive');
    const files = unzip(buf);
    assert.match(files.get('[Content_Types].xml').toString('utf8'), /spreadsheetml/);
    assert.ok([...files.keys()].some((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)), 'the workbook has a sheet');
    const text = [...files].filter(([n]) => n.startsWith('xl/')).map(([, b]) => b.toString('utf8')).join('\n');
    assert.ok(text.includes('部门'), 'a Chinese column header');
    assert.ok(text.includes(picked.name), 'the chosen department is in the workbook');
    await page.locator('#assessment-status .alert-info').waitFor();
    await assertClean(page, 'stats export');
  } finally {
    await closePage(page);
  }
});

test('the office sets a kind\'s 主体总数 and its coverage share appears', async () => {
  const page = await openPage(browser);
  try {
    await openDashboard(page);
    const d = (await overview(page)).body;
    const c = d.coverage.find((k) => k.registered === null) || d.coverage[0];
    const form = page.locator(`form.registered-form[data-kind="${c.kind}"]`);
    const count = form.getByLabel('主体总数');
    const source = form.getByLabel('来源');

    // a number that is not a whole number is refused at its field, before any request
    await count.fill('12.5');
    await source.fill('端到端测试：登记机关统计');
    const before = page.e2e.log.requests.length;
    await form.getByRole('button', { name: '保存' }).click();
    await page.locator(`#reg-${c.kind}-registered-error:not([hidden])`).waitFor();
    assert.match(await page.locator(`#reg-${c.kind}-registered-error`).textContent(), /主体总数 "12\.5"/);
    assert.equal(page.e2e.log.requests.slice(before).filter((r) => r.method === 'PUT').length, 0);

    const registered = Math.max(c.with_records, 1) * 4;
    await count.fill(String(registered));
    await form.getByRole('button', { name: '保存' }).click();
    await page.locator('#coverage-status .alert-info').waitFor();
    assert.match(await page.locator('#coverage-status').textContent(), new RegExp(`已保存主体总数 ${num(registered)}`));

    const after = (await overview(page)).body.coverage.find((k) => k.kind === c.kind);
    assert.equal(after.registered, registered);
    assert.equal(after.registered_source, '端到端测试：登记机关统计');
    assert.notEqual(after.share_permille, null, 'the share is computed once 主体总数 is set');
    const row = page.locator(`#t-coverage tbody tr[data-kind="${c.kind}"]`);
    const cells = await row.locator('th, td').allTextContents();
    assert.equal(cells[3], num(registered));
    assert.equal(cells[4], '端到端测试：登记机关统计');
    assert.equal(cells[5], pct(after.share_permille));
    assert.notEqual(await page.locator('#kpi-coverage .kpi-value').textContent(), '—');
    await assertClean(page, 'stats registered');
  } finally {
    await closePage(page);
  }
});

test('at phone width the dashboard fits and its charts follow the width', async () => {
  const page = await openPage(browser, { mobile: true });
  try {
    await openDashboard(page);
    const d = (await overview(page)).body;
    const charts = await chartsOf(page, d);
    for (const [id, c] of Object.entries(charts)) {
      assert.ok(c.canvasWidth > 200 && c.canvasWidth <= c.boxWidth + 1 && c.boxWidth <= 390, `${id} fits: ${JSON.stringify(c)}`);
    }
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 1, `the page scrolls sideways by ${wide} px`);
    await shot(page, 'stats-phone');

    // turned sideways, the charts take the new width
    await page.setViewportSize({ width: 844, height: 390 });
    await until(async () => {
      const c = (await chartData(page))['chart-months'];
      return c.canvasWidth > 500 && c.canvasWidth <= c.boxWidth + 1;
    }, 'the charts to resize');
    await assertClean(page, 'stats phone');
  } finally {
    await closePage(page);
  }
});

test('a department user gets neither the menu entry, the page nor the API', async () => {
  const page = await openPage(browser, { expectStatus: [403] });
  try {
    await signIn(page, 'dept_user');
    const menu = page.getByRole('navigation', { name: '工作台菜单' });
    assert.equal(await menu.getByRole('link', { name: '统计分析' }).count(), 0);
    assert.equal(await page.locator('#menu-cards a[href="stats.html"]').count(), 0);
    await page.goto(`${BASE}/console/stats.html`);
    await settle(page);
    assert.match(await page.locator('#status').textContent(), /无权使用本页面/);
    assert.equal(await page.locator('#content').isHidden(), true);
    assert.equal(await page.locator('#stats canvas').count(), 0);
    const r = await overview(page);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'DENIED');
    await assertClean(page, 'stats denied');
  } finally {
    await closePage(page);
  }
});

test('ECharts is served from node_modules at /vendor/, that file only', async () => {
  const ok = await fetch(`${BASE}/vendor/echarts.esm.min.mjs`);
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type'), /^text\/javascript/);
  const js = await ok.text();
  assert.ok(js.length > 100000 && /export\s*\{/.test(js.slice(-2000)), 'the ECharts ES module');
  for (const p of ['/vendor/', '/vendor/echarts.min.js', '/vendor/echarts/package.json', '/vendor/../package.json',
    '/vendor/echarts.esm.min.mjs/', '/vendor/tslib/tslib.js']) {
    const r = await api(p);
    assert.equal(r.status, 404, `${p} is not served`);
  }
});
