// verify.js - 报告核验: anyone checks a credit report, by its number and verification code
// (POST /api/v1/reports/verify; prefilled from ?n=&c=, the QR code's link, and then checked at
// once) or by uploading the PDF itself (POST /api/v1/reports/verify-file, the file as the raw
// body). The verdict says plainly 真实有效 or 核验未通过 with the server's message; when the server
// returns the report as issued (its signed content), the page shows what that report said:
// subject, number, time, version and period, the domains of a scoped report, the summary table
// and the records by section (collapsible). For an altered file that content comes under a
// warning: it is what the genuine report said, not what the file in hand says.
import { ApiError, apiPost, apiRequest, errorText, showError, showNotice } from './api.js';
import { cnTime } from './remedy.js';
import { dateLabels, disputedBadge, fieldList, h, param, recordTitle, setTitle, show } from './ui.js';

const UPLOAD_MAX = 16 * 1024 * 1024; // the server's limit for an uploaded report
const status = document.getElementById('status');
const result = document.getElementById('result');
const numberInput = document.getElementById('number');
const codeInput = document.getElementById('vcode');
const fileInput = document.getElementById('file');

const SCOPE = { full: '完整版', scoped: '无违法违规证明版' };

// ---- field errors ----

function fieldError(input, text) {
  const box = document.getElementById(`${input.id}-error`);
  box.textContent = text || '';
  box.hidden = !text;
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** Number and code as typed: no spaces, capitals (the server takes either case). */
function cleaned(input) {
  return input.value.replace(/\s+/g, '').toUpperCase();
}

function checkNumber(n) {
  if (!n) return '请输入报告编号';
  if (!/^XYBG\d{16}$/.test(n)) return `报告编号应为 XYBG 加16位数字，“${n.slice(0, 30)}”不是`;
  return '';
}

function checkCode(c) {
  if (!c) return '请输入核验码';
  if (!/^[0-9A-Z]{4}-?[0-9A-Z]{4}$/.test(c)) return `核验码应为8位字母和数字（如 ABCD-EFGH），“${c.slice(0, 20)}”不是`;
  return '';
}

// ---- the report as issued ----

function factList(rows, cls = 'fields') {
  return h('dl', { class: cls }, rows.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [
    h('dt', null, k), h('dd', null, v instanceof Node ? v : show(v))]));
}

function periodText(c) {
  if (c.period && c.period.from && c.period.to) return `${c.period.from} 至 ${c.period.to}`;
  return undefined;
}

function subjectBlock(c) {
  const s = c.subject || {};
  const ids = Array.isArray(s.identifiers) ? s.identifiers : [];
  const rows = [
    ['主体名称', h('span', { id: 'report-subject-name' }, show(s.name))],
    ['主体类别', s.kind_label],
  ];
  if (ids.length) for (const id of ids) rows.push([show(id.type), h('span', { class: 'code' }, show(id.value))]);
  else rows.push(['代码', h('span', { class: 'code' }, show(s.code))]);
  rows.push(
    ['报告名称', `${show(c.title)}（${show(c.edition)}）`],
    ['报告版本', SCOPE[c.scope] || show(c.scope)],
    ['报告编号', h('span', { class: 'code', id: 'report-number' }, show(c.number))],
    ['出具时间', cnTime(c.issued_at)],
    ['出具机构', c.issuer],
    ['信息截至', c.as_of],
  );
  const period = periodText(c);
  if (period) rows.push(['报告期', period]);
  return h('section', { class: 'panel report-subject', 'aria-labelledby': 'report-subject-title' },
    h('h3', { id: 'report-subject-title' }, '报告主体与基本信息'), factList(rows));
}

function table(id, caption, heads, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', id },
    h('caption', null, caption),
    h('thead', null, h('tr', null, heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows.map((cells) => h('tr', null, cells.map((v, i) => h('td', { 'data-label': heads[i] }, show(v))))))));
}

function domainsBlock(c) {
  const ds = Array.isArray(c.domains) ? c.domains : [];
  if (!ds.length) return null;
  return h('section', { class: 'section', 'aria-labelledby': 'report-domains-title' },
    h('h3', { id: 'report-domains-title' }, '证明领域'),
    table('report-domains', `共 ${ds.length} 个领域`, ['领域', '违法违规记录', '结论'],
      ds.map((d) => [d.name, `${Number(d.records) || 0} 条`, d.finding])));
}

function summaryBlock(c) {
  const rows = Array.isArray(c.summary) ? c.summary : [];
  const total = rows.reduce((n, s) => n + (Number(s.records) || 0), 0);
  return h('section', { class: 'section', 'aria-labelledby': 'report-summary-title' },
    h('h3', { id: 'report-summary-title' }, '信息概要'),
    rows.length
      ? table('report-summary', `共 ${total} 条记录`, ['信息类别', '信息项', '记录数'],
        rows.map((s) => [s.category_label, s.item_name, `${Number(s.records) || 0} 条`]))
      : h('p', { class: 'empty' }, '报告没有信息概要。'));
}

function recordItem(item, r) {
  const [dLabel, eLabel] = dateLabels(item);
  const facts = [['决定部门', r.department], [dLabel, r.decision_date]];
  if (r.end_date) facts.push([eLabel, r.end_date]);
  return h('li', { class: 'record-card' },
    h('h4', { class: 'record-title' }, h('span', null, recordTitle(r)), r.disputed ? disputedBadge() : null),
    h('dl', { class: 'record-facts' }, facts.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, show(v))))),
    fieldList(r));
}

function sectionsBlock(c) {
  const secs = Array.isArray(c.sections) ? c.sections : [];
  const parts = secs.map((s) => {
    const recs = Array.isArray(s.records) ? s.records : [];
    return h('details', { class: 'report-section', 'data-item': s.item },
      h('summary', null, h('span', { class: 'section-name' }, show(s.item_name)),
        h('span', { class: 'meta' }, `（${show(s.category_label)}）共 ${recs.length} 条`)),
      recs.length
        ? h('ul', { class: 'records' }, recs.map((r) => recordItem(s.item, r)))
        : h('p', { class: 'empty' }, '无记录。'));
  });
  return h('section', { class: 'section', 'aria-labelledby': 'report-sections-title' },
    h('h3', { id: 'report-sections-title' }, '详细信息'),
    parts.length
      ? h('p', { class: 'meta' }, '点击各信息项展开记录。')
      : h('p', { class: 'empty' }, '报告没有列出记录。'),
    ...parts);
}

function renderReport(c, genuine) {
  const box = document.getElementById('report');
  const warning = genuine ? null : h('div', { class: 'alert alert-warn', role: 'note', id: 'report-warning' },
    h('p', null, h('strong', null, '以下是本平台出具时该报告的真实内容。')),
    h('p', null, '您核验的文件与之不符，请以以下内容为准，并向提供报告的一方核实。'));
  box.replaceChildren(...[
    h('h2', { id: 'report-title' }, genuine ? '报告内容' : '本平台出具时的报告内容'),
    warning, subjectBlock(c), domainsBlock(c), summaryBlock(c), sectionsBlock(c)].filter(Boolean));
  box.hidden = false;
}

// ---- the verdict ----

function render(check) {
  const genuine = check.genuine === true;
  const verdict = document.getElementById('verdict');
  verdict.className = `verdict ${genuine ? 'verdict-ok' : 'verdict-bad'}`;
  verdict.dataset.problem = check.problem || '';
  document.getElementById('verdict-title').textContent = genuine ? '真实有效' : '核验未通过';
  document.getElementById('verdict-message').textContent = show(check.message);
  const facts = [];
  if (check.number) facts.push(['报告编号', h('span', { class: 'code' }, check.number)]);
  if (check.issued_at) facts.push(['出具时间', cnTime(check.issued_at)]);
  document.getElementById('verdict-facts').replaceChildren(...facts.flatMap(([k, v]) => [
    h('dt', null, k), h('dd', null, v)]));
  const c = check.report && typeof check.report === 'object' ? check.report : null;
  if (c) renderReport(c, genuine);
  else {
    document.getElementById('report').hidden = true;
    document.getElementById('report').replaceChildren();
  }
  setTitle(`${genuine ? '真实有效' : '核验未通过'}：${check.number || '信用报告核验'}`);
  result.hidden = false;
  result.focus();
}

async function run(fn, busy, button) {
  status.replaceChildren();
  result.hidden = true;
  button.disabled = true;
  showNotice(status, busy, 'info');
  try {
    const check = await fn();
    status.replaceChildren();
    render(check);
    return null;
  } catch (err) {
    status.replaceChildren();
    return err;
  } finally {
    button.disabled = false;
  }
}

// ---- the two forms ----

const FIELDS = { number: numberInput, code: codeInput };

async function verifyByCode() {
  const number = cleaned(numberInput);
  const code = cleaned(codeInput);
  numberInput.value = number;
  codeInput.value = code;
  const errs = [[numberInput, checkNumber(number)], [codeInput, checkCode(code)]];
  for (const [input, text] of errs) fieldError(input, text);
  const bad = errs.find(([, t]) => t);
  if (bad) {
    bad[0].focus();
    return;
  }
  const err = await run(() => apiPost('/api/v1/reports/verify', { number, code }), '正在核验…',
    document.getElementById('code-submit'));
  if (!err) return;
  const input = err instanceof ApiError && err.field ? FIELDS[err.field] : null;
  if (input) {
    fieldError(input, errorText(err));
    input.focus();
  } else showError(status, err);
}

async function verifyFile() {
  const file = fileInput.files && fileInput.files[0];
  let text = '';
  if (!file) text = '请选择要核验的报告 PDF 文件';
  else if (file.size === 0) text = `文件“${file.name}”是空的`;
  else if (file.size > UPLOAD_MAX) {
    text = `文件“${file.name}”有 ${(file.size / 1048576).toFixed(1)} MB，超过 16 MB 的上限；信用报告不会这么大`;
  }
  fieldError(fileInput, text);
  if (text) {
    fileInput.focus();
    return;
  }
  const err = await run(() => apiRequest('/api/v1/reports/verify-file', {
    method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: file,
  }), `正在上传并核验“${file.name}”…`, document.getElementById('file-submit'));
  if (!err) return;
  if (err instanceof ApiError && (err.field === 'file' || err.status === 413)) {
    fieldError(fileInput, errorText(err));
    fileInput.focus();
  } else showError(status, err);
}

function main() {
  setTitle('信用报告核验');
  document.getElementById('code-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    verifyByCode();
  });
  document.getElementById('file-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    verifyFile();
  });
  for (const input of [numberInput, codeInput]) input.addEventListener('input', () => fieldError(input, ''));
  fileInput.addEventListener('change', () => fieldError(fileInput, ''));
  // the QR code printed on a report opens verify.html?n=NUMBER&c=CODE: check it at once
  const n = param('n');
  const c = param('c');
  if (n) numberInput.value = n.slice(0, 24);
  if (c) codeInput.value = c.slice(0, 12);
  if (n && c) verifyByCode();
}

main();
