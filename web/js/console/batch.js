// batch.js - one batch: its facts, its counts once stored, and the link to its error report
// (a CSV download). Refreshed every few seconds while the batch is queued or running.
import { apiGet, showError, showNotice } from '../api.js';
import { h, param, show } from '../ui.js';
import { call, startPage, when } from './session.js';

const STATUS = {
  queued: ['排队中', 'badge-kind'],
  running: ['处理中', 'badge-dispute'],
  done: ['已完成', 'badge-positive'],
  failed: ['失败', 'badge-negative'],
};
const COUNTS = [
  ['rows', '数据行'],
  ['accepted', '接收'],
  ['rejected', '拒收'],
  ['warnings', '警告'],
  ['new_records', '新增记录'],
  ['new_versions', '更正（新版本）'],
  ['unchanged', '未变化'],
  ['new_subjects', '新增主体'],
];
const POLL_MS = 2000;
const itemNames = new Map();

function kv(dl, rows) {
  dl.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v instanceof Node ? v : show(v))]));
}

function render(b) {
  const [text, cls] = STATUS[b.status] || [show(b.status), ''];
  document.title = `批次 #${b.id} — 信用广州工作人员平台`;
  document.getElementById('batch-title').replaceChildren(`批次 #${b.id} `,
    h('span', { class: `badge ${cls} batch-status`, id: 'batch-status', 'data-status': b.status }, text));
  const facts = [
    ['部门', b.department ? `${show(b.department.name)}（${show(b.department.code)}）` : '—'],
    ['信息项', itemNames.has(b.item) ? `${itemNames.get(b.item)}（${b.item}）` : b.item],
    ['文件', b.file],
    ['文件大小', Number.isFinite(b.file_bytes) ? `${b.file_bytes.toLocaleString('zh-CN')} 字节` : null],
    ['提交人', b.submitted_by],
    ['开始处理', when(b.started_at)],
    ['处理完成', when(b.finished_at)],
  ];
  if (b.error) facts.push(['错误', h('span', { class: 'error-text' }, b.error)]);
  kv(document.getElementById('batch-facts'), facts);
  const c = b.counts || {};
  const finished = b.status === 'done' || b.status === 'failed';
  document.getElementById('batch-counts').replaceChildren(...COUNTS.map(([k, label]) => h('div',
    { class: `count${k === 'rejected' && c[k] > 0 ? ' bad' : ''}`, 'data-count': k },
    h('dt', null, label), h('dd', null, finished || c[k] ? show(c[k]) : '—'))));
  const report = document.getElementById('report');
  if (finished) {
    report.replaceChildren(
      h('a', { class: 'button secondary', id: 'error-report', href: `/api/v1/batches/${encodeURIComponent(b.id)}/errors`,
        download: `batch-${b.id}-errors.csv` }, '下载错误报告（CSV）'),
      h('span', { class: 'meta' }, c.rejected || c.warnings
        ? `　共 ${show(c.rejected)} 行被拒收，${show(c.warnings)} 行有警告；报告列出每一行的行号、字段和原因。`
        : '　本批次没有被拒收或有警告的行。'));
  } else {
    report.replaceChildren(h('span', { class: 'meta' }, '批次处理完成后可下载错误报告。'));
  }
  document.getElementById('batch-auto').hidden = finished;
  return finished;
}

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'batches.html', need: ['batch.submit', 'batch.read_dept', 'batch.read_all'],
    statusBox: status });
  if (!s) return;
  const id = param('id');
  if (!id || !/^\d{1,18}$/.test(id)) {
    showNotice(status, '缺少批次编号。请从批次列表进入。', 'warn');
    return;
  }
  try {
    const cat = await apiGet('/api/v1/catalog');
    for (const it of cat.items || []) itemNames.set(it.id, it.name);
  } catch {
    // item codes are shown instead of names
  }
  const poll = async () => {
    let b;
    try {
      b = await call('GET', `/api/v1/batches/${encodeURIComponent(id)}`);
    } catch (err) {
      showError(status, err);
      return;
    }
    status.replaceChildren();
    document.getElementById('content').hidden = false;
    if (!render(b)) setTimeout(poll, POLL_MS);
  };
  await poll();
}

main();
