// approvals.js - the queue of 严重失信主体名单 additions that wait for a second person
// (GET /api/v1/approvals) and the decision on each (POST /api/v1/approvals/{id}). Approvers
// (list.approve: the credit office and the reviewers) see every department's additions in full
// and approve or reject them after a confirmation; a reason is required to reject and is sent to
// the submitter. The submitter never decides its own (the server refuses; the buttons are not
// offered). A department's own staff see their department's additions, masked, to follow them.
import { ApiError, showError, showNotice } from '../api.js';
import { confirmModal, h, param, show } from '../ui.js';
import { call, can, startPage, when } from './session.js';

const PAGE = 20;
const REASON_MAX = 2000;

let state = 'pending';
let before = null;

function subjectLine(a) {
  const s = a.subject || {};
  return h('p', { class: 'record-links' }, '信用主体：', h('strong', null, show(s.name)),
    s.code ? h('span', { class: 'meta code' }, `（${s.code}）`) : null,
    s.kind_name ? h('span', { class: 'badge badge-kind' }, s.kind_name) : null);
}

function fields(rec) {
  const fs = Array.isArray(rec && rec.fields) ? rec.fields : [];
  if (!fs.length) return h('p', { class: 'empty' }, '没有字段。');
  return h('dl', { class: 'fields' }, fs.flatMap((f) => [h('dt', null, show(f.name || f.code)), h('dd', null, show(f.value))]));
}

function facts(a) {
  const rows = [
    ['名单', `${show(a.item_name)}`],
    ['报送部门', show(a.department && a.department.name)],
    ['报送人', show(a.submitted_by)],
    ['报送时间', when(a.submitted_at)],
    ['列入日期', show(a.record && a.record.decision_date)],
  ];
  if (a.state !== 'pending') {
    rows.push(['审核人', show(a.decided_by)], ['审核时间', when(a.decided_at)]);
    if (a.reason) rows.push(['不予发布的理由', a.reason]);
  }
  return h('dl', { class: 'record-facts' }, rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, v))));
}

function decisionForm(a) {
  const id = `reason-${a.id}`;
  const reason = h('textarea', { id, rows: 2, maxlength: REASON_MAX, 'aria-describedby': `${id}-error` });
  const err = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const status = h('div', { 'aria-live': 'polite' });
  const approve = h('button', { type: 'button', 'data-decision': 'approve' }, '审核通过并公示');
  const reject = h('button', { type: 'button', class: 'danger', 'data-decision': 'reject' }, '不予发布');
  const setErr = (text) => {
    err.textContent = text || '';
    err.hidden = !text;
    if (text) reason.setAttribute('aria-invalid', 'true');
    else reason.removeAttribute('aria-invalid');
  };
  reason.addEventListener('input', () => setErr(''));
  const decide = async (decision) => {
    status.replaceChildren();
    const text = reason.value.trim();
    if (decision === 'reject' && !text) {
      setErr('不予发布须写明理由，理由将告知报送人');
      reason.focus();
      return;
    }
    const subject = show(a.subject && a.subject.name);
    const ok = await confirmModal(
      decision === 'approve' ? '确认审核通过' : '确认不予发布',
      decision === 'approve'
        ? `“${subject}”将列入${show(a.item_name)}并立即在门户公示，各部门核查时将命中该条目。`
        : `“${subject}”的这条${show(a.item_name)}列入将不予发布，报送人会收到理由。`,
      decision === 'approve' ? '审核通过' : '不予发布', { okId: 'confirm-ok' });
    if (!ok) return;
    approve.disabled = true;
    reject.disabled = true;
    try {
      const res = await call('POST', `/api/v1/approvals/${encodeURIComponent(a.id)}`, { json: { decision, reason: text || null } });
      showNotice(status, `第 ${res.id} 号：${show(res.state_name)}。`, 'info');
      setTimeout(() => load(false), 600);
    } catch (e) {
      if (e instanceof ApiError && e.field === 'reason') {
        setErr(`${e.message} (${e.code})`);
        reason.focus();
      } else {
        showError(status, e);
      }
      approve.disabled = false;
      reject.disabled = false;
    }
  };
  approve.addEventListener('click', () => decide('approve'));
  reject.addEventListener('click', () => decide('reject'));
  return h('div', { class: 'decision' },
    h('div', { class: 'field' }, h('label', { for: id }, '理由（不予发布时必填，将告知报送人；请勿填写身份证号码）'), reason, err),
    h('div', { class: 'actions' }, approve, reject), status);
}

function card(a) {
  const badge = h('span', { class: `badge ${a.state === 'rejected' ? 'badge-negative' : a.state === 'approved' ? 'badge-positive' : 'badge-state open'}` }, show(a.state_name));
  const note = a.state === 'pending' && a.full && !a.may_decide
    ? h('p', { class: 'meta' }, '您是该条目的报送人：须由另一名工作人员审核。')
    : null;
  return h('li', { class: 'record-card approval', 'data-approval': a.id, 'data-state': a.state },
    h('h2', { class: 'record-title' }, badge, ` 第 ${a.id} 号 · ${show(a.item_name)}`),
    subjectLine(a), facts(a),
    h('details', null, h('summary', null, a.full ? '条目的全部字段' : '条目的字段（已脱敏）'), fields(a.record)),
    note, a.may_decide ? decisionForm(a) : null);
}

async function load(more) {
  const status = document.getElementById('queue-status');
  const box = document.getElementById('queue');
  status.replaceChildren();
  if (!more) before = null;
  try {
    const data = await call('GET', '/api/v1/approvals', { params: { state, before: more ? before : null, limit: PAGE } });
    const items = Array.isArray(data.items) ? data.items : [];
    if (items.length) before = Math.min(...items.map((a) => Number(a.id)));
    document.getElementById('more').hidden = !data.has_more;
    if (!more) {
      box.replaceChildren(items.length
        ? h('ul', { class: 'records', id: 'approvals-list' })
        : h('p', { class: 'empty', id: 'approvals-empty' }, state === 'pending' ? '没有待审核的名单列入。' : '还没有已审核的名单列入。'));
    }
    const list = document.getElementById('approvals-list');
    if (list) list.append(...items.map(card));
  } catch (err) {
    showError(status, err);
  }
}

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'approvals.html', need: ['list.approve', 'batch.submit', 'batch.read_dept'], statusBox: status });
  if (!s) return;
  state = param('state') === 'done' ? 'done' : 'pending';
  for (const a of document.querySelectorAll('.typenav a')) {
    if (a.dataset.state === state) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.getElementById('lead').textContent = can('list.approve')
    ? '新列入严重失信主体名单（黑名单）的条目，须由报送人以外的工作人员审核通过后才在门户公示、才会在核查中命中。不予发布的须写明理由。'
    : `${show(s.dept && s.dept.name) === '—' ? '本部门' : s.dept.name}报送的严重失信主体名单列入的审核情况（已脱敏）。审核由信用办工作人员或审核员办理。`;
  document.getElementById('more').addEventListener('click', () => load(true));
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  await load(false);
}

main();
