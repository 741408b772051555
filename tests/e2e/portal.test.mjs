// portal.test.mjs - the 信用广州 portal in headless chromium against the real server (run.sh starts
// it on a fresh demo city). Each test does what a reader would do and checks what they would see;
// every page visited must load without console errors, exceptions or CSP violations, and leaves a
// full-page screenshot in $E2E_OUT.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api, apiPost, assertClean, BASE, closePage, findFullIdNumbers, launch, openPage, personsInCity, settle, shot,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Open `path` on a fresh page, wait for its fetches, check it is clean, screenshot it. */
async function visit(path, name, opts = {}) {
  const page = await openPage(browser, opts);
  const res = await page.goto(BASE + path);
  assert.equal(res.status(), 200, `${path}: HTTP status`);
  await settle(page);
  return page;
}

async function finish(page, name) {
  await shot(page, name);
  await assertClean(page, name);
  await closePage(page);
}

// ---- demo data, found through the API ----

/** An organisation with a public penalty that has a fine: { subject, record, fine }. */
async function companyWithFine() {
  for (let p = 1; p <= 10; p++) {
    const { status, body } = await api(`/api/v1/records?item=xzcf&per_page=50&page=${p}`);
    assert.equal(status, 200, 'GET /api/v1/records?item=xzcf');
    for (const { record, subject } of body.items) {
      const fine = record.fields.find((f) => f.name.includes('罚款金额'));
      if (!subject.masked && subject.kind !== 'person' && fine && [...subject.name].length >= 6) {
        return { subject, record, fine };
      }
    }
    if (!body.has_more) break;
  }
  throw new Error('the demo city has no organisation with a fined penalty');
}

/** 4 characters of the name that are not the city or district prefix: what a reader would type. */
function partOfName(name) {
  const rest = name.replace(/^广州(市)?/, '').replace(/^[^区]{1,3}区/, '');
  const chars = [...(rest.length >= 4 ? rest : name)];
  return chars.slice(0, 4).join('');
}

/** A natural person from the generated files whom the API finds and whose file has records. */
async function personWithRecords() {
  for (const p of personsInCity()) {
    const { status, body } = await apiPost('/api/v1/subjects/person', { name: p.name, id_number: p.id });
    if (status !== 200 || !body.items?.length) continue;
    const summary = body.items[0];
    const file = await api(`/api/v1/subjects/${summary.id}`);
    if (file.status !== 200) continue;
    const tab = file.body.tabs.find((t) => t.records.length > 0);
    if (tab) return { ...p, summary, tab, record: tab.records[0] };
  }
  throw new Error('no natural person of the generated files has a public record');
}

let company;
before(async () => {
  company = await companyWithFine();
});

// ---- the tests ----

describe('the portal', () => {
  test('home page: a labelled search box finds a company by part of its name', async () => {
    const q = partOfName(company.subject.name);
    const page = await visit('/', 'home');
    const box = page.getByLabel('企业或组织名称、统一社会信用代码');
    await box.waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    for (const text of ['双公示', '红黑名单', '关于']) {
      assert.ok(await page.locator('main a', { hasText: text }).count(), `home links to ${text}`);
    }
    await shot(page, 'home');
    await box.fill(q);
    await Promise.all([page.waitForURL(/search\.html\?q=/), box.press('Enter')]);
    await settle(page);
    const link = page.locator('.results a.result-name', { hasText: company.subject.name });
    await link.first().waitFor();
    await shot(page, 'search-results');
    await assertClean(page, 'search-results');
    await closePage(page);
  });

  test('a company page shows its penalty with the fine and the department', async () => {
    const { subject, record, fine } = company;
    const page = await visit(`/search.html?q=${encodeURIComponent(partOfName(subject.name))}`, 'search');
    const link = page.locator('.results a.result-name', { hasText: subject.name }).first();
    await Promise.all([page.waitForURL(/subject\.html\?id=/), link.click()]);
    await settle(page);
    assert.equal(await page.locator('#subject-name').textContent(), subject.name);
    const tabs = page.getByRole('tab');
    assert.deepEqual(await tabs.allTextContents().then((t) => t.map((s) => s.replace(/[，共条\d\s]/g, ''))),
      ['基本信息', '行政许可', '行政处罚', '守信激励', '失信惩戒', '经营异常', '其他']);
    await shot(page, 'subject-basic');
    await page.getByRole('tab', { name: /行政处罚/ }).click();
    const panel = page.locator('#panel-penalty');
    await panel.waitFor({ state: 'visible' });
    const card = panel.locator(`[data-record-id="${record.id}"]`);
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /罚款金额/);
    assert.ok(text.includes(fine.value), `the card shows the fine ${fine.value}`);
    assert.ok(text.includes(record.department.name), `the card shows ${record.department.name}`);
    assert.ok(text.includes(record.decision_date), 'the card shows the decision date');
    assert.match(text, /公示截止/);
    await shot(page, 'subject-penalty');
    await assertClean(page, 'subject-penalty');

    // the record's own page
    await Promise.all([page.waitForURL(/record\.html\?id=/), card.locator('.record-title a').click()]);
    await settle(page);
    const body = await page.locator('#record').innerText();
    assert.ok(body.includes(fine.value) && body.includes(record.department.name), 'record page: fine, department');
    assert.ok(body.includes(subject.name), 'record page links its subject');
    await finish(page, 'record');
  });

  test('tabs are keyboard usable (arrows, Home, End) and follow the ARIA tabs pattern', async () => {
    const page = await visit(`/subject.html?id=${company.subject.id}`, 'subject-keys');
    const tablist = page.getByRole('tablist');
    assert.ok(await tablist.getAttribute('aria-label'), 'the tablist has a name');
    const selected = () => page.locator('[role="tab"][aria-selected="true"]').getAttribute('id');
    const focused = () => page.evaluate(() => document.activeElement?.id);
    const visiblePanels = () => page.locator('[role="tabpanel"]:visible').evaluateAll((els) => els.map((e) => e.id));

    await page.getByRole('tab', { name: /基本信息/ }).focus();
    assert.equal(await selected(), 'tab-basic');
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-license');
    assert.equal(await focused(), 'tab-license');
    assert.deepEqual(await visiblePanels(), ['panel-license']);
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-penalty');
    assert.deepEqual(await visiblePanels(), ['panel-penalty']);
    await page.keyboard.press('End');
    assert.equal(await selected(), 'tab-other');
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-basic', 'ArrowRight wraps to the first tab');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await selected(), 'tab-other', 'ArrowLeft wraps to the last tab');
    await page.keyboard.press('Home');
    assert.equal(await selected(), 'tab-basic');
    assert.equal(await focused(), 'tab-basic');
    // one tab stop: the selected tab only; Tab then moves into the panel
    assert.equal(await page.locator('[role="tab"][tabindex="0"]').count(), 1);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'panel-basic');
    assert.equal(await page.locator('#panel-basic').getAttribute('aria-labelledby'), 'tab-basic');
    await finish(page, 'subject-keyboard');
  });

  test('a disputed record carries a visible 有异议 badge', async () => {
    // the subject page's badge, whatever the record: mark a real penalty as disputed on its way
    // to the page (a real objection, end to end, is in remedies.test.mjs)
    const page = await openPage(browser);
    await page.route('**/api/v1/subjects/*', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      for (const tab of json.tabs) {
        for (const r of tab.records) if (r.id === company.record.id) r.disputed = true;
      }
      await route.fulfill({ response, json });
    });
    await page.goto(`${BASE}/subject.html?id=${company.subject.id}#penalty`);
    await settle(page);
    const card = page.locator(`#panel-penalty [data-record-id="${company.record.id}"]`);
    await card.waitFor();
    const badge = card.locator('.badge-dispute');
    assert.ok(await badge.isVisible(), 'the badge is visible');
    assert.equal(await badge.textContent(), '有异议');
    await finish(page, 'subject-disputed');
  });

  test('paging: search results and 双公示 go to the next page and back', async () => {
    const page = await visit(`/search.html?q=${encodeURIComponent('有限公司')}`, 'search-paging');
    const names = () => page.locator('.results a.result-name').allTextContents();
    const first = await names();
    assert.equal(first.length, 20, 'a full first page');
    await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: '下一页' }).click()]);
    await settle(page);
    const second = await names();
    assert.ok(second.length > 0, 'a second page');
    assert.notDeepEqual(second, first, 'other results');
    assert.match(await page.locator('.pager .current').textContent(), /第 2 页/);
    await shot(page, 'search-page-2');
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('page')),
      page.getByRole('link', { name: '上一页' }).click()]);
    await settle(page);
    assert.deepEqual(await names(), first);
    await assertClean(page, 'search-paging');

    await page.goto(`${BASE}/sgs.html?item=xzxk`);
    await settle(page);
    await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: '下一页' }).click()]);
    await settle(page);
    assert.ok(await page.locator('#records-table tbody tr').count() > 0, '双公示 page 2 has rows');
    assert.equal(new URL(page.url()).searchParams.get('item'), 'xzxk', 'the filter is kept');
    await finish(page, 'sgs-page-2');
  });

  test('a natural person is found by name and ID number (POST only) and shown masked', async () => {
    const person = await personWithRecords();
    const page = await visit('/search.html', 'person-search');
    await page.getByLabel('完整姓名').fill(person.name);
    await page.getByLabel('身份证号码').fill(person.id);
    await shot(page, 'person-form');
    await Promise.all([page.waitForURL(/subject\.html\?id=[0-9a-f]{16}$/),
      page.locator('#person-form button[type="submit"]').click()]);
    await settle(page);

    const checkMasked = async (label) => {
      const text = await page.locator('body').innerText();
      assert.match(text, /\d{6}\*{8}\d{3}[\dX]/, `${label}: the masked ID is shown`);
      assert.ok(!text.includes(person.id), `${label}: the full ID number is not on the page`);
      assert.deepEqual(findFullIdNumbers(text), [], `${label}: no full 18-character ID number on the page`);
      assert.ok(!page.url().includes(person.id), `${label}: the ID number is not in the URL`);
    };
    await checkMasked('person file');
    assert.equal(await page.locator('#subject-kind').textContent(), '自然人');
    await shot(page, 'person-subject');

    await page.getByRole('tab', { name: new RegExp(person.tab.tab_name) }).click();
    await shot(page, 'person-subject-records');
    await page.goto(`${BASE}/record.html?id=${person.record.id}`);
    await settle(page);
    await page.locator('#record').waitFor();
    await checkMasked('person record');

    // the number travelled only in the POST body, never in any URL the browser asked for
    const { requests } = page.e2e.log;
    assert.ok(requests.every((r) => !r.url.includes(person.id)), 'no request URL carries the ID number');
    const post = requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/v1/subjects/person'));
    assert.ok(post && post.body.includes(person.id), 'the ID number was sent in the POST body');
    await finish(page, 'person-record');
  });

  test('search messages: too short, nothing found, unknown person, too many requests', async () => {
    // a 1-character name is refused before any request
    let page = await visit('/search.html?q=%E4%BF%A1', 'search-short');
    await page.getByText('请至少输入2个字').first().waitFor();
    assert.ok(page.e2e.log.requests.every((r) => !r.url.includes('/api/v1/subjects?')), 'no search request');
    await finish(page, 'search-too-short');

    page = await visit(`/search.html?q=${encodeURIComponent('无此名称的测试机构甲乙丙')}`, 'search-none');
    await page.getByText(/未找到名称包含/).waitFor();
    await finish(page, 'search-no-results');

    // the server's own 400 for q reaches the reader with its message and code
    page = await openPage(browser, { expectStatus: [400] });
    await page.route('**/api/v1/subjects?*', async (route) => {
      const u = new URL(route.request().url());
      u.searchParams.set('q', 'x');
      await route.continue({ url: u.toString() });
    });
    await page.goto(`${BASE}/search.html?q=${encodeURIComponent('测试')}`);
    await page.locator('#results .alert-error').waitFor();
    const bad = await page.locator('#results').innerText();
    assert.match(bad, /\(INVALID\)/);
    assert.match(bad, /至少输入2个字/);
    await finish(page, 'search-server-400');

    // an unknown person: 404 shown with message and code, no navigation
    page = await openPage(browser, { expectStatus: [404] });
    await page.goto(`${BASE}/search.html`);
    await page.getByLabel('完整姓名').fill('测试人');
    await page.getByLabel('身份证号码').fill('11010519491231002X');
    await page.locator('#person-form button[type="submit"]').click();
    await page.locator('#person-error .alert-error').waitFor();
    assert.match(await page.locator('#person-error').innerText(), /\(NOT_FOUND\)/);
    assert.match(page.url(), /search\.html$/);
    await finish(page, 'person-not-found');

    // 429 as the server sends it: the Chinese message, the wait, the code
    page = await openPage(browser, { expectStatus: [429] });
    await page.route('**/api/v1/subjects?*', (route) => route.fulfill({
      status: 429,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '7', 'X-Request-Id': 'e2e429' },
      body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', request_id: 'e2e429' } }),
    }));
    await page.goto(`${BASE}/search.html?q=${encodeURIComponent('测试')}`);
    await page.locator('#results .alert-error').waitFor();
    const limited = await page.locator('#results').innerText();
    assert.match(limited, /请求过于频繁，请稍后再试/);
    assert.match(limited, /7 秒/);
    assert.match(limited, /\(RATE_LIMITED\)/);
    await finish(page, 'search-rate-limited');

    // an unknown subject
    page = await openPage(browser, { expectStatus: [404] });
    await page.goto(`${BASE}/subject.html?id=0000000000000000`);
    await page.locator('#status .alert-error').waitFor();
    assert.match(await page.locator('#status').innerText(), /\(NOT_FOUND\)/);
    await finish(page, 'subject-not-found');
  });

  test('双公示: filter by type, department and date range', async () => {
    const deps = (await api('/api/v1/departments')).body.items.filter((d) => d.items.includes('xzcf'));
    let dept = null;
    let sample = null;
    for (const d of deps) {
      const r = await api(`/api/v1/records?item=xzcf&dept=${d.code}&per_page=5`);
      if (r.status === 200 && r.body.items.length) {
        dept = d;
        sample = r.body.items[0].record;
        break;
      }
    }
    assert.ok(dept, 'some department has public penalties');

    const page = await visit('/sgs.html', 'sgs');
    await page.locator('#records-table tbody tr').first().waitFor();
    await shot(page, 'sgs');
    await page.getByLabel('信息类型').selectOption('xzcf');
    await page.locator(`#dept option[value="${dept.code}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('决定部门').selectOption(dept.code);
    await Promise.all([page.waitForURL(/dept=/), page.getByRole('button', { name: '查询' }).click()]);
    await settle(page);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('item'), 'xzcf');
    assert.equal(url.searchParams.get('dept'), dept.code);
    assert.ok(!url.searchParams.has('from'), 'empty filters stay out of the URL');
    const depts = await page.locator('#records-table tbody td.dept').allTextContents();
    assert.ok(depts.length > 0, 'rows for the department');
    assert.ok(depts.every((t) => t === dept.name), `every row is from ${dept.name}`);
    assert.equal(await page.getByLabel('决定部门').inputValue(), dept.code, 'the filter stays selected');
    await shot(page, 'sgs-dept');

    // a one-day range around a known decision
    await page.getByLabel('决定日期 自').fill(sample.decision_date);
    await page.getByLabel('决定日期 至').fill(sample.decision_date);
    await Promise.all([page.waitForURL(/from=/), page.getByRole('button', { name: '查询' }).click()]);
    await settle(page);
    const dates = await page.locator('#records-table tbody td:nth-child(4)').allTextContents();
    assert.ok(dates.length > 0 && dates.every((d) => d === sample.decision_date), 'rows within the range');
    assert.ok(await page.locator(`[data-record-id="${sample.id}"]`).count(), 'the known record is listed');
    await shot(page, 'sgs-dept-date');
    await assertClean(page, 'sgs');
    await closePage(page);
  });

  test('红黑名单: each list shows entries with entry dates and its legal basis', async () => {
    for (const type of ['hmd', 'sxbzxr', 'yzsx', 'jyyc']) {
      const page = await visit(`/lists.html?type=${type}`, `lists-${type}`);
      await page.locator('#list-table tbody tr').first().waitFor();
      const rows = await page.locator('#list-table tbody tr').count();
      assert.ok(rows > 0, `${type}: entries`);
      const dates = await page.locator('#list-table td.date-in').allTextContents();
      assert.ok(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), `${type}: entry dates`);
      await page.locator('#list-basis').waitFor();
      assert.match(await page.locator('#list-basis').innerText(), /法律依据\s*\S/);
      assert.equal(await page.locator(`.typenav a[data-type="${type}"]`).getAttribute('aria-current'), 'page');
      if (type === 'hmd' || type === 'yzsx') {
        const out = await page.locator('#list-table td.date-out').allTextContents();
        assert.ok(out.some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), `${type}: validity end dates`);
      }
      assert.deepEqual(findFullIdNumbers(await page.locator('body').innerText()), [], `${type}: no full ID`);
      await finish(page, `lists-${type}`);
    }
  });

  test('about page: legal basis, publicity periods, masking, objections', async () => {
    const page = await visit('/about.html', 'about');
    const text = await page.locator('main').innerText();
    for (const s of ['广州市公共信用信息管理规定', '5年', '失信被执行人', '2026年4月1日', '440106********1234', '异议', '我的信用', '信用承诺书']) {
      assert.ok(text.includes(s), `about mentions ${s}`);
    }
    await page.locator('#catalog tbody tr').first().waitFor();
    await finish(page, 'about');
  });

  test('every page is served with the CSP and loads cleanly, also on a phone', async () => {
    const pages = ['/', '/search.html', '/sgs.html', '/lists.html', '/about.html',
      `/subject.html?id=${company.subject.id}`, `/record.html?id=${company.record.id}`];
    for (const path of pages) {
      const res = await fetch(BASE + path);
      const csp = res.headers.get('content-security-policy') || '';
      assert.match(csp, /script-src 'self'/, `${path}: CSP script-src`);
      assert.match(csp, /style-src 'self'/, `${path}: CSP style-src`);
      const html = path.includes('?') ? '' : await res.text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=/i, `${path}: no inline script, style or handler`);
    }
    for (const [path, name] of [['/', 'home'], [`/subject.html?id=${company.subject.id}#penalty`, 'subject'],
      ['/sgs.html?item=xzcf', 'sgs'], ['/lists.html?type=sxbzxr', 'lists'], ['/search.html', 'search']]) {
      const page = await visit(path, `${name}-phone`, { mobile: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${name}: no sideways scrolling on a phone (${overflow}px)`);
      await finish(page, `${name}-phone`);
    }
  });
});
