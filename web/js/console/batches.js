// batches.js - department batches: upload a file for one catalogue item (batch.submit), and the
// list of batches (the department's own, or all for the credit office), refreshed every few
// seconds while any is queued or running. Each batch links to its detail page.
import { apiGet, showError } from '../api.js';
import { h, show } from '../ui.js';
import { call, can, fieldError, session, startPage, table, when } from './session.js';

export const STATUS = {
  queued: ['排队中', 'badge-kind'],
  running: ['处理中', 'badge-dispute'],
  done: ['已完成', 'badge-positive'],
  failed: ['失败', 'badge-negative'],
};
const POLL_MS = 2000;

const list = document.getElementById('list');
const listStatus = document.getElementById('list-status');
const moreBox = document.getElementById('more-box');
const autoNote = document.getElementById('auto-note');
const itemSel = document.getElementById('up-item');
const fileIn = document.getElementById('up-file');
const encSel = document.getElementById('up-encoding');
const upStatus = document.getElementById('upload-status');

const itemNames = new Map();
let batches = [];
let hasMore = false;
let pollTimer = null;

export function statusBadge(st) {
  const [text, cls] = STATUS[st] || [show(st), ''];
  return h('span', { class: `badge ${cls} batch-status`, 'data-status': st }, text);
}

function render() {
  if (!batches.length) {
    list.replaceChildren(h('p', { class: 'empty' }, '还没有报送批次。'));
  } else {
    list.replaceChildren(table(null,
      ['批次', '部门', '信息项', '文件', '状态', '行数', '接收', '拒收', '提交人', '开始', '完成'],
      batches.map((b) => ({
        attrs: { 'data-batch-id': b.id },
        cells: [
          h('a', { href: `batch.html?id=${encodeURIComponent(b.id)}`, 'aria-label': `批次 ${b.id} 详情` }, `#${b.id}`),
          b.department ? show(b.department.name || b.department.code) : '—',
          itemNames.get(b.item) || show(b.item), h('span', { class: 'file-name' }, show(b.file)),
          statusBadge(b.status), show(b.counts?.rows), show(b.counts?.accepted), show(b.counts?.rejected),
          show(b.submitted_by), when(b.started_at), when(b.finished_at),
        ],
      })), { id: 'batches-table' }));
  }
  moreBox.hidden = !hasMore;
}

function busy() {
  return batches.some((b) => b.status === 'queued' || b.status === 'running');
}

function schedule() {
  clearTimeout(pollTimer);
  autoNote.hidden = !busy();
  if (busy()) pollTimer = setTimeout(() => refresh(), POLL_MS);
}

/** Reload the batches shown so far (the newest ones). */
async function refresh() {
  const n = Math.min(100, Math.max(20, batches.length));
  try {
    const data = await call('GET', '/api/v1/batches', { params: { per_page: n } });
    batches = Array.isArray(data.items) ? data.items : [];
    hasMore = !!data.has_more;
    listStatus.replaceChildren();
    render();
  } catch (err) {
    showError(listStatus, err);
  }
  schedule();
}

document.getElementById('refresh').addEventListener('click', () => refresh());
document.getElementById('more').addEventListener('click', async () => {
  const last = batches[batches.length - 1];
  try {
    const data = await call('GET', '/api/v1/batches', { params: { per_page: 20, before: last ? last.id : '' } });
    batches = batches.concat(Array.isArray(data.items) ? data.items : []);
    hasMore = !!data.has_more;
    render();
  } catch (err) {
    showError(listStatus, err);
  }
});

function formatOf(file) {
  if (/\.(jsonl|ndjson)$/i.test(file.name)) return ['jsonl', 'application/x-ndjson'];
  if (/\.csv$/i.test(file.name)) return ['csv', 'text/csv'];
  return [null, 'application/octet-stream'];
}

document.getElementById('upload-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  upStatus.replaceChildren();
  const file = fileIn.files && fileIn.files[0];
  fieldError(itemSel, itemSel.value ? '' : '请选择信息项');
  fieldError(fileIn, file ? '' : '请选择要报送的文件');
  if (!itemSel.value) return itemSel.focus();
  if (!file) return fileIn.focus();
  if (file.size === 0) {
    fieldError(fileIn, '文件是空的');
    return fileIn.focus();
  }
  const [format, type] = formatOf(file);
  const submit = document.getElementById('upload-submit');
  submit.disabled = true;
  try {
    const b = await call('POST', '/api/v1/batches', {
      params: { item: itemSel.value, name: file.name, format, encoding: encSel.value },
      headers: { 'Content-Type': type },
      body: file,
    });
    const note = h('div', { class: 'alert alert-info', role: 'status', id: 'upload-done' },
      h('p', null, `已提交批次 #${b.id}（${show(b.file || file.name)}），正在后台入库。`,
        h('a', { href: `batch.html?id=${encodeURIComponent(b.id)}` }, '查看批次详情')));
    upStatus.replaceChildren(note);
    fileIn.value = '';
    await refresh();
  } catch (err) {
    showError(upStatus, err);
  } finally {
    submit.disabled = false;
  }
});

async function setupUpload() {
  document.getElementById('upload-panel').hidden = false;
  const s = session();
  const deptCode = (s.dept && s.dept.code) || (s.department && s.department.code) || null;
  let allowed = null;
  if (deptCode) {
    try {
      const d = await apiGet('/api/v1/departments');
      const mine = (d.items || []).find((x) => x.code === deptCode);
      if (mine && Array.isArray(mine.items)) allowed = mine.items;
    } catch {
      allowed = null;
    }
  }
  const ids = allowed || [...itemNames.keys()];
  itemSel.replaceChildren(h('option', { value: '' }, '请选择信息项'),
    ...ids.map((id) => h('option', { value: id }, `${itemNames.get(id) || id}（${id}）`)));
  if (ids.length === 1) itemSel.value = ids[0];
}

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'batches.html', need: ['batch.submit', 'batch.read_dept', 'batch.read_all'],
    statusBox: status });
  if (!s) return;
  try {
    const cat = await apiGet('/api/v1/catalog');
    for (const it of cat.items || []) itemNames.set(it.id, it.name);
  } catch (err) {
    showError(listStatus, err, '目录加载失败：信息项只显示代码。');
  }
  if (can('batch.submit')) await setupUpload();
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  await refresh();
}

main();
