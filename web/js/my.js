// my.js - 我的信用: the signed-in subject's notifications (with the unread count and "mark as
// read"), its objections and repair applications with the state, the next statutory date and
// who acts, and all its records (GET /api/v1/me/file, public and not) with, per record, 提出异议
// and, for penalties, 申请信用修复 or the plain reason it is not possible yet or not needed.
import { showError } from './api.js';
import { call, setUnread, startSubjectPage } from './account.js';
import { markReadButton } from './call.js';
import { cnDate, cnTime, isOpen, nextStepText, overdueBadge, repairLine, stateBadge, statusBadges } from './remedy.js';
import { h, recordCard, recordTitle, setTitle, show } from './ui.js';

setTitle('我的信用');

let cases = [];

// ---- notifications ----

function renderNotices(data) {
  const box = document.getElementById('notices');
  const list = Array.isArray(data.notifications) ? data.notifications : [];
  const unread = Number(data.unread) || 0;
  setUnread(unread);
  const button = document.getElementById('mark-read');
  button.hidden = unread === 0;
  if (!list.length) {
    box.replaceChildren(h('p', { class: 'empty', id: 'notices-empty' }, '暂无通知。'));
    return;
  }
  box.replaceChildren(
    h('p', { class: 'meta', id: 'unread-line' }, unread ? `共 ${list.length} 条通知，其中 ${unread} 条未读。` : `共 ${list.length} 条通知，均已读。`),
    h('ul', { class: 'notices', id: 'notices-list' }, list.map((n) => h('li', {
      class: n.read ? 'notice' : 'notice unread', 'data-id': n.id,
    },
    n.read ? null : h('span', { class: 'badge badge-unread-word' }, '未读'),
    h('span', { class: 'notice-text' }, show(n.text)),
    h('span', { class: 'meta' }, ` ${cnTime(n.at)}`),
    n.case ? h('a', { href: `case.html?id=${encodeURIComponent(n.case)}`, class: 'notice-case' }, ` 查看案件 ${n.case}`) : null))));
  button.dataset.upto = String(Math.max(...list.map((n) => Number(n.id) || 0)));
}

async function loadNotices() {
  try {
    renderNotices(await call('GET', '/api/v1/notifications'));
  } catch (err) {
    showError(document.getElementById('notices-status'), err);
  }
}

markReadButton(document.getElementById('mark-read'), {
  call, reload: loadNotices, statusBox: document.getElementById('notices-status'),
});

// ---- cases ----

function caseRow(c) {
  return h('tr', { 'data-case': c.id, class: c.overdue ? 'overdue' : null },
    h('td', { 'data-label': '案件' }, h('a', { href: `case.html?id=${encodeURIComponent(c.id)}` }, `${show(c.kind_label)} 第 ${c.id} 号`)),
    h('td', { 'data-label': '记录' }, `${show(c.item_name)}`, c.ground_label ? h('span', { class: 'meta' }, `（理由：${c.ground_label}）`) : null),
    h('td', { 'data-label': '状态' }, stateBadge(c), ' ', overdueBadge(c)),
    h('td', { 'data-label': '下一步' }, nextStepText(c)),
    h('td', { 'data-label': '提交日期', class: 'nowrap' }, cnDate(c.filed)));
}

async function loadCases() {
  const box = document.getElementById('cases');
  try {
    const data = await call('GET', '/api/v1/cases', { params: { queue: 'mine', limit: 100 } });
    cases = Array.isArray(data.cases) ? data.cases : [];
    if (!cases.length) {
      box.replaceChildren(h('p', { class: 'empty', id: 'cases-empty' }, '您还没有提出过异议或信用修复申请。'));
      return;
    }
    box.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'cases-table' },
      h('caption', null, `共 ${cases.length} 件${data.has_more ? '（仅显示最近的）' : ''}`),
      h('thead', null, h('tr', null, ['案件', '记录', '状态', '下一步', '提交日期'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, cases.map(caseRow)))));
  } catch (err) {
    cases = [];
    showError(document.getElementById('cases-status'), err);
  }
}

// ---- records ----

function recordActions(rec) {
  const title = recordTitle(rec);
  const items = [];
  const mine = cases.filter((c) => c.record === rec.id);
  const openObjection = mine.find((c) => c.kind === 'objection' && isOpen(c));
  if (openObjection) {
    items.push(h('a', { href: `case.html?id=${openObjection.id}`, class: 'button secondary small' },
      `异议处理中：${show(openObjection.state_label)}`));
  } else {
    items.push(h('a', {
      href: `objection.html?record=${encodeURIComponent(rec.id)}`, class: 'button secondary small action-object',
      'aria-label': `对记录“${title}”提出异议`,
    }, '提出异议'));
  }
  if (rec.repair) {
    const applied = mine.find((c) => c.kind === 'repair' && c.state !== 'withdrawn');
    const line = repairLine(rec);
    if (applied) {
      items.push(h('a', { href: `case.html?id=${applied.id}`, class: 'button secondary small' },
        `信用修复：${show(applied.state_label)}`));
    } else if (rec.repair.window === 'possible') {
      items.push(h('a', {
        href: `repair.html?record=${encodeURIComponent(rec.id)}`, class: 'button small action-repair',
        'aria-label': `对记录“${title}”申请信用修复`,
      }, '申请信用修复'));
    } else if (line) {
      items.push(h('span', { class: 'repair-note' }, line));
    }
  }
  return h('p', { class: 'record-actions' }, items);
}

function renderRecords(data) {
  const box = document.getElementById('records');
  const tabs = (Array.isArray(data.tabs) ? data.tabs : []).filter((t) => t.tab !== 'basic');
  const s = data.subject || {};
  document.getElementById('who').textContent = `信用主体：${show(s.name)}（${show(s.code)}），信息截至${cnDate(data.as_of)}。`;
  const parts = [];
  for (const tab of tabs) {
    const records = Array.isArray(tab.records) ? tab.records : [];
    if (!records.length) continue;
    parts.push(h('h3', { class: 'tab-title' }, tab.tab_name, h('span', { class: 'badge badge-count' }, String(tab.count ?? records.length))));
    parts.push(h('ul', { class: 'records' }, records.map((rec) => {
      const repaired = cases.some((c) => c.record === rec.id && c.kind === 'repair' && ['granted', 'notified'].includes(c.state));
      const card = recordCard(rec, { link: rec.public !== false && !rec.hidden && !rec.archived });
      card.querySelector('.record-title').append(...statusBadges(rec, { repaired }));
      // the fields fold away: the list is for finding a record and acting on it
      const fields = card.querySelector('dl.fields, p.empty');
      if (fields) {
        const more = h('details', { class: 'record-more' }, h('summary', null, '查看记录的全部字段'));
        fields.before(more);
        more.append(fields);
      }
      card.append(recordActions(rec));
      return card;
    })));
  }
  if (!parts.length) parts.push(h('p', { class: 'empty' }, '本主体暂无信用记录。'));
  box.replaceChildren(...parts);
}

async function loadRecords() {
  try {
    renderRecords(await call('GET', '/api/v1/me/file'));
  } catch (err) {
    showError(document.getElementById('records-status'), err);
  }
}

async function main() {
  const status = document.getElementById('status');
  const s = await startSubjectPage({ statusBox: status, unread: false });
  if (!s) return;
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  await Promise.all([loadNotices(), loadCases()]);
  await loadRecords(); // the records' actions need the cases
  if (location.hash === '#notices-title') document.getElementById('notices-title').scrollIntoView();
}

main();
