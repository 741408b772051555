// cases.js - the console's queue of objections, repair applications and court removals:
// reviewers (review) see every case (queue=review), department staff (remedy.dept) the cases of
// their department's records (queue=dept). On top the counts per kind and state with the
// overdue ones; then the filtered list with overdue cases first, highlighted and saying 已超期
// N 天, each with its due date; the notifications; and, for department staff, the form a court
// uses to report that a 失信被执行人 has performed (POST /api/v1/cases, kind removal).
import { ApiError, showError, showNotice } from '../api.js';
import { markReadButton } from '../call.js';
import { charCount, cnDate, cnTime, nextStepText, overdueBadge, setFieldError, stateBadge, STATEMENT_MAX } from '../remedy.js';
import { h, param, show } from '../ui.js';
import { call, can, setUnread, startPage, table } from './session.js';

const KINDS = [['objection', '异议'], ['repair', '信用修复'], ['removal', '被执行人履行']];
const PAGE = 50;

let queue = null;
let before = null;
let shown = [];

function filters() {
  return {
    kind: param('kind') || '',
    state: param('state') || '',
    overdue: param('overdue') === '1' ? '1' : '',
  };
}

/** Overdue first (most overdue on top), then the nearest due day, then the oldest case. */
function byUrgency(a, b) {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.due || '9999-12-31';
  const db = b.due || '9999-12-31';
  if (da !== db) return da < db ? -1 : 1;
  return a.id - b.id;
}

function renderCounts(counts) {
  const list = Array.isArray(counts) ? counts : [];
  const total = list.reduce((s, c) => s + (Number(c.n) || 0), 0);
  const overdue = list.reduce((s, c) => s + (Number(c.overdue) || 0), 0);
  const summary = document.getElementById('overdue-summary');
  summary.replaceChildren(`共 ${total} 件`, overdue
    ? h('strong', { class: 'error-text', id: 'overdue-total' }, `，其中 ${overdue} 件已超期`)
    : h('span', { id: 'overdue-total' }, '，没有超期案件'));
  if (!list.length) {
    document.getElementById('counts').replaceChildren(h('p', { class: 'empty' }, '队列中还没有案件。'));
    return;
  }
  document.getElementById('counts').replaceChildren(table(null, ['案件类型', '办理状态', '件数', '其中已超期'],
    list.map((c) => ({
      attrs: { class: Number(c.overdue) ? 'overdue' : null, 'data-kind': c.kind, 'data-state': c.state },
      cells: [show(c.kind_label), show(c.state_label), String(c.n ?? 0),
        Number(c.overdue) ? h('strong', { class: 'error-text' }, `${c.overdue} 件已超期`) : '0'],
    })), { id: 'counts-table' }));
  // the state filter offers the states the queue has (plus the one chosen)
  const sel = document.getElementById('f-state');
  const want = filters().state;
  const seen = new Map(list.map((c) => [c.state, c.state_label]));
  if (want && !seen.has(want)) seen.set(want, want);
  sel.replaceChildren(h('option', { value: '' }, '全部'),
    ...[...seen].map(([id, label]) => h('option', { value: id, selected: id === want }, show(label))));
  const kinds = new Map(KINDS);
  for (const c of list) kinds.set(c.kind, c.kind_label || kinds.get(c.kind));
  document.getElementById('f-kind').replaceChildren(h('option', { value: '' }, '全部'),
    ...[...kinds].map(([id, label]) => h('option', { value: id, selected: id === filters().kind }, label)));
}

function caseRow(c) {
  const dueCell = c.due
    ? h('span', { class: c.overdue ? 'error-text nowrap' : 'nowrap' }, cnDate(c.due), c.overdue ? h('span', { class: 'visually-hidden' }, '（已超期）') : null)
    : '—';
  return {
    attrs: { class: c.overdue ? 'overdue' : null, 'data-case': c.id },
    cells: [
      h('a', { href: `case.html?id=${encodeURIComponent(c.id)}`, class: 'nowrap' }, `第 ${c.id} 号`),
      h('span', { class: 'nowrap' }, show(c.kind_label)),
      h('span', null, show(c.item_name), h('br'), h('span', { class: 'meta code' }, show(c.record))),
      show(c.department && c.department.name),
      h('span', { class: 'row-actions' }, stateBadge(c), overdueBadge(c)),
      dueCell,
      h('span', null, nextStepText(c)),
      h('span', { class: 'nowrap' }, cnDate(c.filed)),
    ],
  };
}

function renderQueue() {
  const box = document.getElementById('queue');
  if (!shown.length) {
    box.replaceChildren(h('p', { class: 'empty', id: 'queue-empty' }, '没有符合条件的案件。'));
    return;
  }
  const rows = [...shown].sort(byUrgency);
  const late = rows.filter((c) => c.overdue).length;
  box.replaceChildren(table(`共 ${rows.length} 件${late ? `，${late} 件已超期（排在最前）` : ''}`,
    ['案件', '类型', '记录', '认定部门', '状态', '办理期限', '下一步', '提交日期'], rows.map(caseRow), { id: 'queue-table' }));
}

async function loadQueue(more = false) {
  const status = document.getElementById('queue-status');
  status.replaceChildren();
  try {
    const data = await call('GET', '/api/v1/cases', { params: { queue, ...filters(), before: more ? before : null, limit: PAGE } });
    const list = Array.isArray(data.cases) ? data.cases : [];
    shown = more ? shown.concat(list) : list;
    if (list.length) before = Math.min(...list.map((c) => Number(c.id)));
    document.getElementById('more').hidden = !data.has_more;
    if (!more) renderCounts(data.counts);
    renderQueue();
  } catch (err) {
    showError(status, err);
  }
}

// ---- notifications ----

async function loadNotices() {
  const box = document.getElementById('notices');
  try {
    const data = await call('GET', '/api/v1/notifications');
    const list = Array.isArray(data.notifications) ? data.notifications : [];
    setUnread(data.unread);
    const button = document.getElementById('mark-read');
    button.hidden = !(Number(data.unread) > 0);
    button.dataset.upto = String(list.length ? Math.max(...list.map((n) => Number(n.id) || 0)) : 0);
    if (!list.length) {
      box.replaceChildren(h('p', { class: 'empty', id: 'notices-empty' }, '暂无通知。'));
      return;
    }
    box.replaceChildren(h('ul', { class: 'notices', id: 'notices-list' }, list.slice(0, 30).map((n) => h('li', {
      class: n.read ? 'notice' : 'notice unread', 'data-id': n.id,
    }, n.read ? null : h('span', { class: 'badge badge-unread-word' }, '未读'), show(n.text),
    h('span', { class: 'meta' }, ` ${cnTime(n.at)}`),
    n.case ? h('a', { href: `case.html?id=${encodeURIComponent(n.case)}` }, ` 办理案件 ${n.case}`) : null))));
  } catch (err) {
    showError(document.getElementById('notices-status'), err);
  }
}

markReadButton(document.getElementById('mark-read'), {
  call, reload: loadNotices, statusBox: document.getElementById('notices-status'),
  onRead: (res) => setUnread(res.unread),
});

// ---- a court reports performance ----

const rRecord = document.getElementById('r-record');
const rStatement = document.getElementById('r-statement');
for (const input of [rRecord, rStatement]) input.addEventListener('input', () => setFieldError(input, ''));
document.getElementById('removal-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const status = document.getElementById('removal-status');
  status.replaceChildren();
  const record = rRecord.value.trim().toLowerCase();
  const text = rStatement.value.trim();
  let first = null;
  const check = (input, bad, msg) => {
    setFieldError(input, bad ? msg : '');
    if (bad && !first) first = input;
  };
  check(rRecord, !/^[0-9a-f]{16}$/.test(record), record ? `记录编号“${record}”不是16位编号` : '请填写记录编号');
  check(rStatement, !text || charCount(text) > STATEMENT_MAX, text ? `说明不能超过${STATEMENT_MAX}字` : '请说明履行情况');
  if (first) {
    first.focus();
    return;
  }
  const button = document.getElementById('removal-submit');
  button.disabled = true;
  try {
    const res = await call('POST', '/api/v1/cases', { json: { kind: 'removal', record, statement: text } });
    rRecord.value = '';
    rStatement.value = '';
    const alert = showNotice(status, `已报告，案件编号 ${res.id}（${show(res.state_label)}）。该条失信被执行人信息已停止公示。`, 'info');
    alert.append(h('p', null, h('a', { href: `case.html?id=${encodeURIComponent(res.id)}` }, '查看案件')));
    await loadQueue();
  } catch (err) {
    const input = err instanceof ApiError && err.field === 'record' ? rRecord : err instanceof ApiError && err.field === 'statement' ? rStatement : null;
    if (input) {
      setFieldError(input, `${err.message} (${err.code})`);
      input.focus();
    } else {
      showError(status, err);
    }
  } finally {
    button.disabled = false;
  }
});

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'cases.html', need: ['review', 'remedy.dept'], statusBox: status });
  if (!s) return;
  queue = can('review') ? 'review' : 'dept';
  document.getElementById('queue-lead').textContent = queue === 'review'
    ? '全部异议、信用修复和被执行人履行案件。异议应在2个工作日内决定是否受理、受理后2个工作日内完成核查；信用修复应在10个工作日内作出决定。'
    : `${show(s.dept && s.dept.name) === '—' ? '本部门' : s.dept.name}的记录涉及的案件：转部门核实的异议应在10个工作日内答复；准予修复的决定应在3个工作日内确认接收。`;
  const f = filters();
  document.getElementById('f-overdue').checked = f.overdue === '1';
  document.getElementById('removal').hidden = !can('remedy.dept');
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  document.getElementById('more').addEventListener('click', () => loadQueue(true));
  await Promise.all([loadQueue(), loadNotices()]);
}

main();
