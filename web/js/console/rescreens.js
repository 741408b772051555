// rescreens.js - the department's re-screening queue (复核队列, GET /api/v1/rescreens): subjects
// it checked recently that a list change has put on a list (新命中) or taken off (已移出), with
// the entries, a link to check the subject again, and 已处理 (POST /api/v1/rescreens/{id}/done).
// The code is as the server answers it: an ID number comes masked.
import { showError } from '../api.js';
import { h, param, show } from '../ui.js';
import { call, confirmDialog, startPage, table, when } from './session.js';

const statusBox = document.getElementById('status');
const queueStatus = document.getElementById('queue-status');
const box = document.getElementById('queue');
const stateSel = document.getElementById('f-state');

const CHANGE = { hit: ['新命中', 'badge-negative'], cleared: ['已移出', 'badge-positive'] };
const ENTRY = { new: '新列入', kept: '仍在名单', gone: '已移出' };

function entries(list) {
  if (!list || !list.length) return '—';
  return h('ul', { class: 'plain' }, list.map((e) => h('li', { 'data-state': e.state },
    `${ENTRY[e.state] || show(e.state)}：${show(e.list_name || e.list)}`,
    e.document ? `（${e.document}）` : '',
    e.entry_date ? ` 列入 ${e.entry_date}` : '', e.end_date ? ` 截止 ${e.end_date}` : '')));
}

async function done(r) {
  const ok = await confirmDialog('标记为已处理', `确认已重新核查主体 ${r.code || ''} 并据此调整措施？`, '已处理');
  if (!ok) return;
  try {
    await call('POST', `/api/v1/rescreens/${encodeURIComponent(r.id)}/done`, { json: {} });
    await load();
  } catch (err) {
    showError(queueStatus, err);
  }
}

function doneButton(r) {
  const b = h('button', { type: 'button', class: 'small' }, '已处理');
  b.addEventListener('click', () => done(r));
  return b;
}

async function load() {
  const state = stateSel.value || 'open';
  queueStatus.replaceChildren();
  try {
    const d = await call('GET', '/api/v1/rescreens', { params: { state } });
    const rows = d.rescreens || [];
    box.replaceChildren(!rows.length
      ? h('p', { class: 'empty' }, state === 'open' ? '复核队列是空的。' : '没有已处理的复核事项。')
      : table(null, ['变化', '主体代码', '原核查', '名单记录', '加入时间', '操作'], rows.map((r) => {
        const [text, cls] = CHANGE[r.change] || [show(r.change), ''];
        const recheck = r.code && !r.code.includes('*')
          ? h('a', { class: 'button secondary small', href: `check.html?scenario=${encodeURIComponent(r.scenario)}&code=${encodeURIComponent(r.code)}` }, '重新核查')
          : null;
        return {
          attrs: { 'data-rescreen-id': r.id },
          cells: [
            h('span', { class: `badge ${cls}` }, text), show(r.code),
            h('a', { href: `feedback.html?check=${encodeURIComponent(r.check)}` }, `#${r.check} ${show(r.scenario_name || r.scenario)}`),
            entries(r.entries), when(r.queued_at),
            r.state === 'open'
              ? h('span', null, recheck, ' ', doneButton(r))
              : `已处理 ${when(r.done_at)} ${show(r.done_by)}${r.note ? `：${r.note}` : ''}`,
          ],
        };
      }), { id: 'rescreens-table' }));
  } catch (err) {
    showError(queueStatus, err);
  }
}

document.getElementById('filters').addEventListener('submit', (ev) => {
  ev.preventDefault();
  history.replaceState(null, '', `rescreens.html?state=${encodeURIComponent(stateSel.value)}`);
  load();
});

(async () => {
  const s = await startPage({ page: 'rescreens.html', need: ['check'], statusBox });
  if (!s) return;
  statusBox.replaceChildren();
  document.getElementById('content').hidden = false;
  if (param('state') === 'done') stateSel.value = 'done';
  await load();
})();
