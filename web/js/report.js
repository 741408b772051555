// report.js - 信用报告: anyone downloads an organisation's public credit report by its 统一社会信用代码
// (prefilled from ?code=), 完整版 or 无违法违规证明版 (domains from /api/v1/reports/domains, with a
// filter; a period, by default the last 3 years). The PDF is fetched, then saved under the server's
// file name, and the page says which report number was issued. An error the server ties to a
// field is shown at that field. The request goes without the session cookie unless this tab is
// signed in (then with its CSRF token), so a stale cookie never turns a visitor's download into 401.
import { ApiError, apiGet, apiRequest, errorText, showError, showNotice } from './api.js';
import { SIGNED_IN } from './call.js';
import { beijingToday, isDay, requestReport, saveBlob, shiftDay } from './reportfile.js';
import { h, param, setTitle } from './ui.js';

const form = document.getElementById('report-form');
const codeInput = document.getElementById('code');
const scoped = document.getElementById('scoped-options');
const fromInput = document.getElementById('from');
const toInput = document.getElementById('to');
const filter = document.getElementById('domain-filter');
const list = document.getElementById('domain-list');
const chosenLine = document.getElementById('domains-chosen');
const formStatus = document.getElementById('form-status');
const submit = document.getElementById('submit');

const CODE_MAX = 18;
const PERIOD_MAX_YEARS = 5;

let domains = []; // [{code, name}] as the server lists them

// ---- field errors: the box #<id>-error, aria-invalid on the input (or the fieldset's class) ----

function fieldError(id, text) {
  const box = document.getElementById(`${id}-error`);
  box.textContent = text || '';
  box.hidden = !text;
  const el = document.getElementById(id === 'scope' || id === 'domains' ? `${id}-field` : id);
  if (el.tagName === 'FIELDSET') el.classList.toggle('invalid', !!text);
  else if (text) el.setAttribute('aria-invalid', 'true');
  else el.removeAttribute('aria-invalid');
}

function clearErrors() {
  for (const id of ['code', 'scope', 'domains', 'from', 'to']) fieldError(id, '');
  formStatus.replaceChildren();
}

/** The element to focus for a field's error. */
function focusTarget(id) {
  if (id === 'scope') return document.querySelector('input[name="scope"]:checked');
  if (id === 'domains') return list.querySelector('input:not([hidden])') || filter;
  return document.getElementById(id);
}

// ---- the scope and the domains ----

function isScoped() {
  return document.getElementById('scope-scoped').checked;
}

function chosenDomains() {
  return [...list.querySelectorAll('input[type="checkbox"]:checked')].map((c) => c.value);
}

function showChosen() {
  const codes = chosenDomains();
  const names = codes.map((c) => (domains.find((d) => d.code === c) || { name: c }).name);
  chosenLine.textContent = codes.length ? `已选择 ${codes.length} 个领域：${names.join('、')}` : '尚未选择领域。';
  if (codes.length) fieldError('domains', '');
}

function applyFilter() {
  const q = filter.value.trim().toLowerCase();
  let shown = 0;
  for (const li of list.children) {
    const on = !q || li.dataset.name.toLowerCase().includes(q) || li.dataset.code.includes(q);
    li.hidden = !on;
    if (on) shown++;
  }
  document.getElementById('domains-none').hidden = shown > 0 || !domains.length;
}

function renderDomains(wanted) {
  list.replaceChildren(...domains.map((d) => {
    const id = `domain-${d.code}`;
    return h('li', { 'data-code': d.code, 'data-name': d.name },
      h('input', { type: 'checkbox', id, name: 'domains', value: d.code, checked: wanted.has(d.code) }),
      h('label', { for: id }, d.name));
  }));
  showChosen();
  applyFilter();
}

async function loadDomains(wanted) {
  const box = document.getElementById('domains-status');
  box.replaceChildren(h('p', { class: 'loading', role: 'status' }, '正在加载领域列表…'));
  try {
    const data = await apiGet('/api/v1/reports/domains');
    domains = (Array.isArray(data.items) ? data.items : []).filter((d) => d && d.code && d.name);
    box.replaceChildren();
    renderDomains(wanted);
  } catch (err) {
    showError(box, err, '领域列表暂时无法加载，请稍后刷新页面；完整版报告不受影响。');
  }
}

function showScope() {
  scoped.hidden = !isScoped();
  fieldError('scope', '');
}

// ---- checks before sending ----

/** The code as typed, without spaces, in capitals. */
function typedCode() {
  return codeInput.value.replace(/\s+/g, '').toUpperCase();
}

function checkCode(code) {
  if (!code) return '请输入统一社会信用代码';
  if ([...code].length !== CODE_MAX) return `统一社会信用代码应为18位，“${code.slice(0, 24)}”是${[...code].length}位`;
  if (!/^[0-9A-Z]+$/.test(code)) return `统一社会信用代码只含数字和大写字母，“${code}”中有其他字符`;
  return '';
}

/** Errors of the scoped part, as [field, message] pairs. */
function checkScoped() {
  const errs = [];
  if (!chosenDomains().length) errs.push(['domains', '请至少选择一个领域']);
  const from = fromInput.value;
  const to = toInput.value;
  const today = beijingToday();
  if (from && !isDay(from)) errs.push(['from', `开始日期“${from}”不是有效日期`]);
  if (to && !isDay(to)) errs.push(['to', `截止日期“${to}”不是有效日期`]);
  else if (to && to > today) errs.push(['to', `截止日期不能晚于今天（${today}）`]);
  if (isDay(from) && isDay(to)) {
    if (from > to) errs.push(['from', `开始日期 ${from} 晚于截止日期 ${to}`]);
    else if (from < shiftDay(to, { years: -PERIOD_MAX_YEARS })) errs.push(['from', '报告期最长5年，请缩短报告期']);
  }
  return errs;
}

function requestBody(code) {
  const body = { code, scope: isScoped() ? 'scoped' : 'full' };
  if (isScoped()) {
    body.domains = chosenDomains();
    if (fromInput.value) body.from = fromInput.value;
    if (toInput.value) body.to = toInput.value;
  }
  return body;
}

/** The CSRF token when this tab is signed in (an agency's authorised request, a subject's own), else null. */
async function signedInCsrf() {
  if (sessionStorage.getItem(SIGNED_IN) !== '1') return null;
  try {
    const s = await apiRequest('/api/v1/session', { method: 'GET' });
    return s.csrf_token || null;
  } catch {
    return null; // signed out since: ask as a visitor
  }
}

// ---- the download ----

function showIssued({ blob, name, number }) {
  const url = saveBlob(blob, name);
  const box = document.getElementById('issued');
  document.getElementById('issued-text').replaceChildren(
    '已出具报告，编号 ', h('strong', { class: 'code', id: 'issued-number' }, number || '（未能读取）'),
    '，文件“', h('span', { id: 'issued-name' }, name), '”已开始下载。');
  const save = document.getElementById('issued-save');
  save.href = url;
  save.download = name;
  box.hidden = false;
  box.focus();
}

function showServerError(err) {
  const field = err instanceof ApiError ? err.field : null;
  const map = { code: 'code', scope: 'scope', domains: 'domains', from: 'from', to: 'to' };
  if (field && map[field] && (map[field] === 'code' || field === 'scope' || isScoped())) {
    fieldError(map[field], errorText(err));
    const t = focusTarget(map[field]);
    if (t) t.focus();
    return;
  }
  showError(formStatus, err, err instanceof ApiError && err.status === 404
    ? '请核对统一社会信用代码，或先在“信用查询”中按名称查找。' : null);
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors();
  const code = typedCode();
  codeInput.value = code;
  const errs = [];
  const codeErr = checkCode(code);
  if (codeErr) errs.push(['code', codeErr]);
  if (isScoped()) errs.push(...checkScoped());
  if (errs.length) {
    for (const [field, text] of errs) fieldError(field, text);
    focusTarget(errs[0][0]).focus();
    return;
  }
  submit.disabled = true;
  document.getElementById('issued').hidden = true;
  showNotice(formStatus, '正在出具报告，请稍候…', 'info');
  try {
    const csrf = await signedInCsrf();
    const got = await requestReport(requestBody(code), { csrf });
    formStatus.replaceChildren();
    showIssued(got);
  } catch (err) {
    formStatus.replaceChildren();
    showServerError(err);
  } finally {
    submit.disabled = false;
  }
});

function main() {
  setTitle('信用报告');
  const today = beijingToday();
  fromInput.value = shiftDay(today, { years: -3 });
  toInput.value = today;
  fromInput.max = today;
  toInput.max = today;
  const code = param('code');
  // a code from a link (subject.html); an ID number is never put in a URL, so none comes here
  if (code && code.length <= CODE_MAX) codeInput.value = code.toUpperCase();
  const wanted = new Set((param('domains') || '').split(',').filter(Boolean));
  if (param('scope') === 'scoped' || wanted.size) document.getElementById('scope-scoped').checked = true;
  for (const r of document.querySelectorAll('input[name="scope"]')) r.addEventListener('change', showScope);
  showScope();
  filter.addEventListener('input', applyFilter);
  list.addEventListener('change', showChosen);
  document.getElementById('domains-clear').addEventListener('click', () => {
    for (const c of list.querySelectorAll('input:checked')) c.checked = false;
    showChosen();
  });
  codeInput.addEventListener('input', () => fieldError('code', ''));
  fromInput.addEventListener('input', () => fieldError('from', ''));
  toInput.addEventListener('input', () => fieldError('to', ''));
  loadDomains(wanted);
}

main();
