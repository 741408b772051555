// lib.mjs - what the browser tests share: the browser, a page that records console errors and
// CSP violations, screenshots, the API from node, and reading the generated demo city's files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.E2E_BASE;
export const CITY = process.env.E2E_CITY;
export const OUT = process.env.E2E_OUT || path.resolve('tests/e2e/out');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

if (!BASE) throw new Error('E2E_BASE is not set: run tests/e2e/run.sh');

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update'],
  });
}

/**
 * A fresh context and page that record what would make a reader's page wrong: console errors,
 * uncaught exceptions, CSP violations and failed requests. `expectStatus` lists HTTP statuses a
 * test provokes on purpose (their "Failed to load resource" console line is then expected).
 */
export async function openPage(browser, { mobile = false, expectStatus = [] } = {}) {
  const context = await browser.newContext({
    viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const log = { console: [], errors: [], csp: [], http: [], failed: [], requests: [] };
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') log.console.push(m.text());
    if (/Content Security Policy/i.test(m.text())) log.csp.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  // A request still in flight when the page navigates away (a link, a redirect to the login page,
  // the favicon of a page that redirects before its load ends) is cancelled by the browser:
  // net::ERR_ABORTED, which says nothing about the server. How often that happens depends on the
  // machine's load, so such a failure is told apart by whether the main frame navigated after the
  // request started; that is decided in assertClean, because the browser may report the failure
  // before the navigation. Every other failure counts.
  let navigations = 0;
  const startedAt = new WeakMap();
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  page.on('request', (r) => {
    startedAt.set(r, navigations);
    log.requests.push({ method: r.method(), url: r.url(), body: r.postData() });
  });
  page.on('response', (r) => {
    if (r.status() >= 400) log.http.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    log.failed.push({ text: `failed ${r.url()} ${error}`, aborted: error === 'net::ERR_ABORTED', at: startedAt.get(r) });
  });
  const leftBehind = (f) => f.aborted && navigations > f.at;
  page.e2e = { log, context, expectStatus, failures: () => log.failed.filter((f) => !leftBehind(f)).map((f) => f.text) };
  return page;
}

/** Wait until the page's own scripts have done their fetches. */
export async function settle(page) {
  await page.waitForLoadState('networkidle');
}

/** No console errors, exceptions, CSP violations or unexpected HTTP failures on this page. */
export async function assertClean(page, label) {
  const { log, expectStatus } = page.e2e;
  let violations = [];
  try {
    violations = await page.evaluate(() => window.__csp || []);
  } catch {
    violations = [];
  }
  const expected = (t) => expectStatus.some((s) => t.includes(`status of ${s}`));
  const consoleErrors = log.console.filter((t) => !expected(t));
  const http = [...log.http.filter((t) => !expectStatus.some((s) => t.startsWith(`${s} `))), ...page.e2e.failures()];
  assert.deepEqual([...log.csp, ...violations], [], `${label}: CSP violations`);
  assert.deepEqual(log.errors, [], `${label}: uncaught exceptions`);
  assert.deepEqual(consoleErrors, [], `${label}: console errors`);
  assert.deepEqual(http, [], `${label}: failed requests`);
}

export async function shot(page, name) {
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

export async function closePage(page) {
  await page.e2e.context.close();
}

/** The API from node (no browser): parsed JSON plus status. */
export async function api(pathname, init) {
  const res = await fetch(BASE + pathname, init);
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

export function apiPost(pathname, obj) {
  return api(pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(obj),
  });
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF), UTF-8 with or without BOM. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/**
 * Natural persons named in the generated UTF-8 files: [{name, id}] (the generator writes the
 * headers either as field codes or as their Chinese names).
 */
export function personsInCity() {
  const NAME = ['XDR_MC', '行政相对人名称', '主体名称'];
  const KIND = ['XDR_LB', '行政相对人类别', '主体类别'];
  const ID = ['XDR_ZJHM', '证件号码'];
  const out = [];
  const seen = new Set();
  for (const f of fs.readdirSync(CITY).sort()) {
    if (!/\.csv$/.test(f) || /gb18030/.test(f) || f === 'manifest.csv' || f === 'departments.csv') continue;
    const rows = parseCsv(fs.readFileSync(path.join(CITY, f), 'utf8'));
    const head = rows[0] || [];
    const col = (names) => head.findIndex((h) => names.includes(h));
    const [ni, ki, ii] = [col(NAME), col(KIND), col(ID)];
    if (ni < 0 || ki < 0 || ii < 0) continue;
    for (const r of rows.slice(1)) {
      if (r[ki] !== '自然人' || !/^\d{17}[\dXx]$/.test(r[ii] || '')) continue;
      const key = `${r[ni]}|${r[ii]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: r[ni], id: r[ii].toUpperCase(), file: f });
    }
  }
  return out;
}

/** A citizen ID number with a valid GB 11643 check character anywhere in `text`. */
export function findFullIdNumbers(text) {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const found = [];
  for (const m of text.matchAll(/(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])/g)) {
    const s = m[0];
    if (!/^\d{6}(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/.test(s)) continue;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(s[i]) * W[i];
    if ('10X98765432'[sum % 11] === s[17]) found.push(s);
  }
  return found;
}
