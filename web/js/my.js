// my.js - 我的信用: the signed-in subject's notifications (with the unread count and "mark as
// read"), its objections and repair applications with the state, the next statutory date and
// who acts, and all its records (GET /api/v1/me/file, public and not) with, per record, 提出异议
// and, for penalties, 申请信用修复 or the plain reason it is not possible yet or not needed.
// Also the subject's own credit report (POST /api/v1/reports with {}: the PDF, saved under the
// server's file name) and, for a natural person, 授权机构查询: the authorisations given to agency
// accounts to have the person's report issued (GET/POST /api/v1/me/grants), each revocable.
import { ApiError, errorText, showError, showNotice } from './api.js';
import { call, session, setUnread, startSubjectPage, toLogin } from './account.js';
import { beijingToday, isDay, requestReport, saveBlob, shiftDay } from './reportfile.js';
import { markReadButton } from './call.js';
import { cnDate, cnTime, isOpen, nextStepText, overdueBadge, repairLine, stateBadge, statusBadges } from './remedy.js';
import { confirmModal, h, recordCard, recordTitle, setTitle, show } from './ui.js';

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
    const data = await call('GET', '/api/v1/me/file');
    renderRecords(data);
    return data;
  } catch (err) {
    showError(document.getElementById('records-status'), err);
    return null;
  }
}

// ---- the subject's own credit report ----

function wireMyReport() {
  const button = document.getElementById('my-report');
  const box = document.getElementById('my-report-status');
  button.addEventListener('click', async () => {
    button.disabled = true;
    showNotice(box, '正在出具报告，请稍候…', 'info');
    try {
      const { blob, name, number } = await requestReport({}, { csrf: (session() || {}).csrf_token || '' });
      const url = saveBlob(blob, name);
      box.replaceChildren(h('div', { class: 'alert alert-info', role: 'status', id: 'my-report-done' },
        h('p', null, '已出具报告，编号 ', h('strong', { class: 'code', id: 'my-report-number' }, number || '（未能读取）'),
          `，文件“${name}”已开始下载。`),
        h('p', null, h('a', { href: url, download: name }, '再次保存报告文件'))));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) toLogin('timeout');
      else showError(box, err);
    } finally {
      button.disabled = false;
    }
  });
}

// ---- 授权机构查询: a person's authorisations ----

const GRANT_FIELDS = ['grantee', 'purpose', 'expires_on'];

function grantField(id, text) {
  const input = document.getElementById(id);
  const box = document.getElementById(`${id}-error`);
  box.textContent = text || '';
  box.hidden = !text;
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function grantState(g) {
  if (g.active) return h('span', { class: 'badge badge-positive' }, '有效');
  if (g.revoked_at) return h('span', { class: 'badge' }, `已于${cnTime(g.revoked_at)}撤销`);
  return h('span', { class: 'badge' }, '已过期');
}

function grantRow(g) {
  const revoke = g.active
    ? h('button', {
      type: 'button', class: 'secondary small grant-revoke', 'data-id': g.id,
      'aria-label': `撤销对${show(g.grantee_name)}（${show(g.grantee)}）的授权`,
    }, '撤销')
    : null;
  return h('tr', { 'data-grant': g.id, 'data-grantee': g.grantee },
    h('td', { 'data-label': '机构' }, show(g.grantee_name), h('span', { class: 'meta' }, `（${show(g.grantee)}）`)),
    h('td', { 'data-label': '用途' }, show(g.purpose)),
    h('td', { 'data-label': '授权时间', class: 'nowrap' }, cnTime(g.granted_at)),
    h('td', { 'data-label': '截止日期', class: 'nowrap' }, cnDate(g.expires_on)),
    h('td', { 'data-label': '状态' }, grantState(g)),
    h('td', { 'data-label': '操作' }, revoke));
}

async function loadGrants() {
  const box = document.getElementById('grants');
  try {
    const data = await call('GET', '/api/v1/me/grants');
    const items = Array.isArray(data.items) ? data.items : [];
    if (!items.length) {
      box.replaceChildren(h('p', { class: 'empty', id: 'grants-empty' }, '您还没有授权任何机构。'));
      return;
    }
    const active = items.filter((g) => g.active).length;
    box.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'grants-table' },
      h('caption', null, `共 ${items.length} 项授权，其中 ${active} 项有效`),
      h('thead', null, h('tr', null, ['机构', '用途', '授权时间', '截止日期', '状态', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, items.map(grantRow)))));
  } catch (err) {
    showError(document.getElementById('grants-status'), err);
  }
}

async function revokeGrant(button) {
  const row = button.closest('tr');
  const who = row.querySelector('td').textContent;
  const ok = await confirmModal('撤销授权', `撤销后，${who}不能再为您出具信用报告。确定撤销吗？`, '撤销授权',
    { okId: 'confirm-ok', dialogClass: 'confirm-dialog' });
  if (!ok) return;
  const status = document.getElementById('grants-status');
  button.disabled = true;
  try {
    await call('POST', `/api/v1/me/grants/${encodeURIComponent(button.dataset.id)}/revoke`);
    showNotice(status, `已撤销对${who}的授权。`, 'info');
    await loadGrants();
  } catch (err) {
    showError(status, err);
    button.disabled = false;
  }
}

function checkGrant(v) {
  const errs = [];
  const today = beijingToday();
  const last = shiftDay(today, { years: 1 });
  if (!v.grantee) errs.push(['grantee', '请填写被授权机构的账号']);
  if ([...v.purpose].length < 5) errs.push(['purpose', '请说明授权用途（至少5个字），如“办理个人住房贷款审查”']);
  else if (/\d{15,}/.test(v.purpose)) errs.push(['purpose', '授权用途中请勿填写身份证号码']);
  if (!isDay(v.expires_on)) errs.push(['expires_on', v.expires_on ? `“${v.expires_on}”不是有效日期` : '请选择授权截止日期']);
  else if (v.expires_on < today || v.expires_on > last) errs.push(['expires_on', `授权截止日期应在今天（${today}）到一年之内（${last}）`]);
  return errs;
}

function wireGrantForm() {
  const form = document.getElementById('grant-form');
  const expires = document.getElementById('expires_on');
  const today = beijingToday();
  expires.min = today;
  expires.max = shiftDay(today, { years: 1 });
  if (!expires.value) expires.value = shiftDay(today, { days: 30 });
  for (const id of GRANT_FIELDS) document.getElementById(id).addEventListener('input', () => grantField(id, ''));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const status = document.getElementById('grant-form-status');
    status.replaceChildren();
    const v = Object.fromEntries(GRANT_FIELDS.map((id) => [id, document.getElementById(id).value.trim()]));
    for (const id of GRANT_FIELDS) grantField(id, '');
    const errs = checkGrant(v);
    if (errs.length) {
      for (const [id, text] of errs) grantField(id, text);
      document.getElementById(errs[0][0]).focus();
      return;
    }
    const submit = document.getElementById('grant-submit');
    submit.disabled = true;
    try {
      const g = await call('POST', '/api/v1/me/grants', { json: v });
      showNotice(status, `已授权${show(g.grantee_name)}（${show(g.grantee)}）在${cnDate(g.expires_on)}前为您出具信用报告。`, 'info');
      document.getElementById('grantee').value = '';
      document.getElementById('purpose').value = '';
      await loadGrants();
    } catch (err) {
      if (err instanceof ApiError && GRANT_FIELDS.includes(err.field)) {
        grantField(err.field, errorText(err));
        document.getElementById(err.field).focus();
      } else showError(status, err);
    } finally {
      submit.disabled = false;
    }
  });
  document.getElementById('grants').addEventListener('click', (ev) => {
    const b = ev.target.closest('button.grant-revoke');
    if (b) revokeGrant(b);
  });
}

/** Only a natural person's report needs an authorisation: an organisation's is public. */
async function startGrants(file) {
  const s = file && file.subject;
  if (!s || s.kind !== 'person') return;
  document.getElementById('grants-section').hidden = false;
  wireGrantForm();
  await loadGrants();
}

async function main() {
  const status = document.getElementById('status');
  const s = await startSubjectPage({ statusBox: status, unread: false });
  if (!s) return;
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  wireMyReport();
  await Promise.all([loadNotices(), loadCases()]);
  const file = await loadRecords(); // the records' actions need the cases
  await startGrants(file);
  if (location.hash === '#notices-title') document.getElementById('notices-title').scrollIntoView();
}

main();
