// sgs.js - 双公示 browse: licences (xzxk) and penalties (xzcf) by department and decision date,
// a page at a time. The filters live in the URL (a plain GET form), so a view can be shared.
import { apiGet, showError, showNotice } from './api.js';
import {
  dateLabels, disputedBadge, h, hrefWith, loading, pageParam, pager, param, recordHref, recordSummary,
  recordTitle, setTitle, show, subjectHref,
} from './ui.js';

const ITEMS = { xzxk: '行政许可', xzcf: '行政处罚' };
const PER_PAGE = 20;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const form = document.getElementById('filter-form');
const itemSel = document.getElementById('item');
const deptSel = document.getElementById('dept');
const fromIn = document.getElementById('from');
const toIn = document.getElementById('to');
const dateError = document.getElementById('date-error');
const results = document.getElementById('results');

let departments = [];

function fillDepartments(item, selected) {
  const keep = deptSel.querySelector('option[value=""]');
  const options = departments
    .filter((d) => !Array.isArray(d.items) || d.items.includes(item))
    .map((d) => h('option', { value: d.code, selected: d.code === selected }, show(d.name)));
  deptSel.replaceChildren(keep, ...options);
  if (selected && !options.some((o) => o.value === selected)) {
    // a department given in the URL that does not provide this item: keep it visible, selected
    deptSel.append(h('option', { value: selected, selected: true }, selected));
  }
}

function setDateError(text) {
  dateError.textContent = text || '';
  dateError.hidden = !text;
  for (const el of [fromIn, toIn]) {
    if (text) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
}

function row(entry) {
  const rec = entry.record || {};
  const s = entry.subject || {};
  const summary = recordSummary(rec);
  return h('tr', { 'data-record-id': rec.id },
    h('td', { 'data-label': '行政相对人' },
      s.id ? h('a', { href: subjectHref(s) }, show(s.name)) : show(s.name),
      s.code ? h('div', { class: 'meta code' }, s.code) : null),
    h('td', { 'data-label': '决定文书号' },
      h('a', { href: recordHref(rec) }, recordTitle(rec)),
      rec.disputed ? [' ', disputedBadge()] : null,
      summary ? h('div', { class: 'meta' }, summary) : null),
    h('td', { 'data-label': '决定部门', class: 'dept' }, show(rec.department && rec.department.name)),
    h('td', { 'data-label': dateLabels(rec.item)[0], class: 'nowrap' }, show(rec.decision_date)),
    h('td', { 'data-label': '公示截止', class: 'nowrap' },
      rec.public_until === null ? '无固定截止日期' : show(rec.public_until)));
}

async function loadDepartments(item, selected) {
  try {
    const data = await apiGet('/api/v1/departments');
    departments = Array.isArray(data.items) ? data.items : [];
    fillDepartments(item, selected);
  } catch (err) {
    const box = h('div');
    form.after(box);
    showError(box, err, '部门列表暂时无法加载，仍可按类型和日期查询。');
    if (selected) fillDepartments(item, selected);
  }
}

async function loadRecords(q, page) {
  loading(results, '正在查询…');
  let data;
  try {
    data = await apiGet('/api/v1/records', { ...q, page, per_page: PER_PAGE });
  } catch (err) {
    if (err.field === 'from' || err.field === 'to') setDateError(err.message);
    showError(results, err);
    return;
  }
  const items = Array.isArray(data.items) ? data.items : [];
  if (!items.length) {
    showNotice(results, page > 1 ? '没有更多记录了。' : '没有符合条件的公示信息。', 'warn');
    return;
  }
  const table = h('table', { class: 'data', id: 'records-table' },
    h('caption', null, `${ITEMS[q.item] || q.item}，第 ${data.page || page} 页`),
    h('thead', null, h('tr', null, ['行政相对人', '决定文书号', '决定部门', dateLabels(q.item)[0], '公示截止']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, items.map(row)));
  results.replaceChildren(h('div', { class: 'table-wrap' }, table),
    pager(page, !!data.has_more, (p) => hrefWith({ page: p === 1 ? null : p })));
}

function main() {
  const item = ITEMS[param('item')] ? param('item') : 'xzxk';
  const dept = param('dept') || '';
  const from = param('from') || '';
  const to = param('to') || '';
  const page = pageParam();
  itemSel.value = item;
  fromIn.value = DATE_RE.test(from) ? from : '';
  toIn.value = DATE_RE.test(to) ? to : '';
  setTitle(`双公示：${ITEMS[item]}`);
  loadDepartments(item, dept);
  itemSel.addEventListener('change', () => fillDepartments(itemSel.value, deptSel.value));

  form.addEventListener('submit', (ev) => {
    if (fromIn.value && toIn.value && fromIn.value > toIn.value) {
      ev.preventDefault();
      setDateError('开始日期不能晚于结束日期。');
      fromIn.focus();
      return;
    }
    setDateError('');
    // leave empty filters out of the URL
    for (const el of [deptSel, fromIn, toIn]) el.disabled = !el.value;
  });
  window.addEventListener('pageshow', () => {
    for (const el of [deptSel, fromIn, toIn]) el.disabled = false;
  });

  if ((from && !DATE_RE.test(from)) || (to && !DATE_RE.test(to))) {
    setDateError('日期格式应为 年-月-日，例如 2025-03-14。');
  } else if (from && to && from > to) {
    setDateError('开始日期不能晚于结束日期。');
    showNotice(results, '请修改日期范围后再查询。', 'warn');
    return;
  }
  loadRecords({ item, dept, from, to }, page);
}

main();
