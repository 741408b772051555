// audit.js - the audit trail for auditors (audit.read): search by actor, action, subject and
// date (the filters live in the page's address, so a search can be bookmarked), newest first,
// 100 rows at a time; "核验审计链", which has the server check the HMAC-SM3 chain; and
// "签名并下载检查点", which has the server sign the chain's head (SM2) and downloads the file, to
// be kept on another host for `xinyong audit verify --checkpoint FILE`.
import { showError, showNotice } from '../api.js';
import { h, param, show } from '../ui.js';
import { call, callFile, fieldError, roleLabel, startPage, table, when } from './session.js';

const PAGE = 100;
const FILTERS = [
  ['actor', 'f-actor'],
  ['action', 'f-action'],
  ['subject_id', 'f-subject'],
  ['from', 'f-from'],
  ['to', 'f-to'],
];
const RESULTS = { ok: ['成功', 'badge-positive'], denied: ['拒绝', 'badge-negative'], error: ['出错', 'badge-dispute'] };

const list = document.getElementById('list');
const listStatus = document.getElementById('list-status');
const moreBox = document.getElementById('more-box');
let rows = [];
let hasMore = false;
let query = {};

function resultBadge(r) {
  const [text, cls] = RESULTS[r] || [show(r), ''];
  return h('span', { class: `badge ${cls}` }, text);
}

function render() {
  if (!rows.length) {
    list.replaceChildren(h('p', { class: 'empty', id: 'audit-empty' }, '没有符合条件的审计记录。'));
  } else {
    list.replaceChildren(table(`显示 ${rows.length} 条${hasMore ? '（还有更早的记录）' : ''}`,
      ['序号', '时间', '操作人', '来源地址', '操作', '对象', '主体', '用途', '结果', '详情'],
      rows.map((r) => ({
        attrs: { 'data-seq': r.seq, 'data-action': r.action, 'data-actor': r.actor },
        cells: [
          show(r.seq), h('span', { class: 'nowrap' }, when(r.at)),
          h('span', { class: 'actor' }, h('span', { class: 'code' }, show(r.actor)),
            h('span', { class: 'meta' }, roleLabel(r.role) || '—', r.dept_id ? `，部门 ${r.dept_id}` : '')),
          h('span', { class: 'code' }, show(r.client)),
          h('span', { class: 'code' }, show(r.action)), show(r.target), show(r.subject_id), show(r.purpose),
          resultBadge(r.result), h('span', { class: 'detail' }, show(r.detail)),
        ],
      })), { id: 'audit-table' }));
  }
  moreBox.hidden = !hasMore;
}

async function fetchPage(before) {
  const data = await call('GET', '/api/v1/audit', { params: { ...query, limit: PAGE, before } });
  hasMore = !!data.has_more;
  return Array.isArray(data.items) ? data.items : [];
}

document.getElementById('more').addEventListener('click', async () => {
  const last = rows[rows.length - 1];
  try {
    rows = rows.concat(await fetchPage(last ? last.seq : undefined));
    render();
  } catch (err) {
    showError(listStatus, err);
  }
});

document.getElementById('audit-form').addEventListener('submit', (ev) => {
  const from = document.getElementById('f-from');
  const to = document.getElementById('f-to');
  const subject = document.getElementById('f-subject');
  fieldError(subject, subject.value.trim() && !/^\d+$/.test(subject.value.trim()) ? '主体编号为数字' : '');
  fieldError(to, from.value && to.value && from.value > to.value ? '截止日期不能早于起始日期' : '');
  if (subject.getAttribute('aria-invalid') || to.getAttribute('aria-invalid')) {
    ev.preventDefault();
    return;
  }
  // leave empty filters out of the address
  for (const [, id] of FILTERS) {
    const input = document.getElementById(id);
    input.value = input.value.trim();
    input.disabled = !input.value;
  }
});

document.getElementById('verify').addEventListener('click', async (ev) => {
  const btn = ev.currentTarget;
  const box = document.getElementById('verify-status');
  btn.disabled = true;
  showNotice(box, '正在核验…', 'info');
  try {
    const r = await call('POST', '/api/v1/audit/verify');
    if (r.ok) {
      const cps = r.checkpoints > 0 ? `，含 ${r.checkpoints} 个 SM2 签名检查点` : '';
      showNotice(box, `审计链完整：${show(r.rows)} 条记录${cps}，全部核验通过。`, 'info').id = 'verify-ok';
    } else {
      const problems = Array.isArray(r.problems) && r.problems.length ? r.problems : [r.problem || {}];
      const alert = h('div', { class: 'alert alert-error', role: 'alert', id: 'verify-bad' },
        h('p', { class: 'error-message' }, `审计链异常：发现 ${problems.length} 处问题，已核验 ${show(r.rows)} 条。`),
        h('ul', null, problems.slice(0, 20).map((p) => h('li', null,
          `${p.seq ? `序号 ${p.seq}：` : ''}${show(p.message)} (${show(p.code)})`))),
        problems.length > 20 ? h('p', null, `另有 ${problems.length - 20} 处问题未列出。`) : null);
      box.replaceChildren(alert);
    }
  } catch (err) {
    showError(box, err);
  } finally {
    btn.disabled = false;
  }
});

let checkpointUrl = null;
document.getElementById('checkpoint').addEventListener('click', async (ev) => {
  const btn = ev.currentTarget;
  const box = document.getElementById('checkpoint-status');
  btn.disabled = true;
  showNotice(box, '正在签名…', 'info');
  try {
    const { blob, filename } = await callFile('POST', '/api/v1/audit/checkpoint');
    if (checkpointUrl) URL.revokeObjectURL(checkpointUrl);
    checkpointUrl = URL.createObjectURL(blob);
    const link = h('a', { href: checkpointUrl, download: filename, id: 'checkpoint-link' }, `保存 ${filename}`);
    const seq = /^seq=(\d+)$/m.exec(await blob.text());
    box.replaceChildren(h('div', { class: 'alert alert-info', role: 'status', id: 'checkpoint-ok' },
      h('p', null, `已签名检查点${seq ? `（审计记录序号 ${seq[1]}）` : ''}，文件 ${filename} 已开始下载。`
        + '请把它保存到另一台主机上。'),
      h('p', null, '若浏览器没有自动下载，请点击：', link)));
    link.click();
  } catch (err) {
    showError(box, err);
  } finally {
    btn.disabled = false;
  }
});

// the form disables its empty inputs to keep them out of the address; coming back to this page
// from the history must find them usable again
window.addEventListener('pageshow', () => {
  for (const [, id] of FILTERS) document.getElementById(id).disabled = false;
});

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'audit.html', need: ['audit.read'], statusBox: status });
  if (!s) return;
  query = {};
  for (const [key, id] of FILTERS) {
    const v = param(key);
    if (v) {
      query[key] = v;
      document.getElementById(id).value = v;
    }
  }
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  list.replaceChildren(h('p', { class: 'loading', role: 'status' }, '正在查询…'));
  try {
    rows = await fetchPage(undefined);
    render();
  } catch (err) {
    list.replaceChildren();
    showError(listStatus, err);
  }
}

main();
