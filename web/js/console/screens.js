// screens.js - batch screening (批量筛查): upload a CSV or xlsx of subjects with a business
// scenario (permission check), and the department's jobs with their progress, refreshed every
// few seconds while any is queued or running, with the downloads of a finished job (results as
// CSV and Excel, the rows that were not checked) and a link to its check for feedback.
import { apiGet, showError } from '../api.js';
import { h, show } from '../ui.js';
import { call, fieldError, startPage, table, when } from './session.js';

const STATES = {
  queued: ['排队中', 'badge-kind'],
  running: ['筛查中', 'badge-dispute'],
  done: ['已完成', 'badge-positive'],
  failed: ['失败', 'badge-negative'],
};
const POLL_MS = 2000;
const MAX_BYTES = 32 * 1024 * 1024; // screen.max_bytes by default; the server says the last word

const list = document.getElementById('list');
const listStatus = document.getElementById('list-status');
const moreBox = document.getElementById('more-box');
const autoNote = document.getElementById('auto-note');
const scenarioSel = document.getElementById('up-scenario');
const fileIn = document.getElementById('up-file');
const upStatus = document.getElementById('upload-status');

let jobs = [];
let hasMore = false;
let pollTimer = null;

function stateBadge(st) {
  const [text, cls] = STATES[st] || [show(st), ''];
  return h('span', { class: `badge ${cls} screen-state`, 'data-state': st }, text);
}

function progressCell(j) {
  const total = Number(j.rows_total) || 0;
  const done = Number(j.rows_done) || 0;
  const label = total ? `${done}/${total} 行` : `${done} 行`;
  if (j.state !== 'running' && j.state !== 'queued') return h('span', { class: 'screen-rows' }, label);
  return h('span', { class: 'screen-progress' },
    h('progress', { max: total || 1, value: total ? done : 0, 'aria-label': `任务 ${j.id} 进度 ${label}` }),
    ' ', label);
}

function downloads(j) {
  const links = [];
  const l = j.links || {};
  if (l.results_csv) links.push(h('a', { href: l.results_csv, download: `screen-${j.id}-results.csv`, class: 'dl-results-csv' }, '结果 CSV'));
  if (l.results_xlsx) links.push(h('a', { href: l.results_xlsx, download: `screen-${j.id}-results.xlsx`, class: 'dl-results-xlsx' }, '结果 Excel'));
  if (l.errors && Number(j.rows_bad) > 0) links.push(h('a', { href: l.errors, download: `screen-${j.id}-errors.csv`, class: 'dl-errors' }, '问题清单'));
  if (j.check_id && j.state === 'done') links.push(h('a', { href: `feedback.html?check=${encodeURIComponent(j.check_id)}`, class: 'to-check' }, `核查 #${j.check_id}`));
  if (!links.length) return '—';
  const out = [];
  links.forEach((a, i) => { if (i) out.push(' · '); out.push(a); });
  return h('span', { class: 'screen-links' }, ...out);
}

function render() {
  if (!jobs.length) {
    list.replaceChildren(h('p', { class: 'empty' }, '还没有筛查任务。'));
  } else {
    list.replaceChildren(table(null,
      ['任务', '文件', '业务场景', '状态', '进度', '问题行', '命中主体', '提交', '完成', '下载与反馈'],
      jobs.map((j) => ({
        attrs: { 'data-screen-id': j.id },
        cells: [
          `#${j.id}`,
          h('span', { class: 'file-name' }, show(j.file_name)),
          show(j.scenario_name || j.scenario),
          j.error ? h('span', null, stateBadge(j.state), h('span', { class: 'meta screen-error' }, ` ${j.error}`)) : stateBadge(j.state),
          progressCell(j), show(j.rows_bad), show(j.hits),
          when(j.submitted_at), when(j.finished_at), downloads(j),
        ],
      })), { id: 'screens-table' }));
  }
  moreBox.hidden = !hasMore;
}

function busy() {
  return jobs.some((j) => j.state === 'queued' || j.state === 'running');
}

function schedule() {
  clearTimeout(pollTimer);
  autoNote.hidden = !busy();
  if (busy()) pollTimer = setTimeout(() => refresh(), POLL_MS);
}

/** Reload the jobs shown so far (the newest ones). */
async function refresh() {
  const n = Math.min(100, Math.max(20, jobs.length));
  try {
    const data = await call('GET', '/api/v1/screens', { params: { per_page: n } });
    jobs = Array.isArray(data.items) ? data.items : [];
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
  const last = jobs[jobs.length - 1];
  try {
    const data = await call('GET', '/api/v1/screens', { params: { per_page: 20, before: last ? last.id : '' } });
    jobs = jobs.concat(Array.isArray(data.items) ? data.items : []);
    hasMore = !!data.has_more;
    render();
  } catch (err) {
    showError(listStatus, err);
  }
});

function formatOf(file) {
  if (/\.xlsx$/i.test(file.name)) return ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
  if (/\.csv$/i.test(file.name)) return ['csv', 'text/csv'];
  return [null, 'application/octet-stream'];
}

document.getElementById('upload-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  upStatus.replaceChildren();
  const file = fileIn.files && fileIn.files[0];
  fieldError(scenarioSel, scenarioSel.value ? '' : '请选择业务场景');
  fieldError(fileIn, file ? '' : '请选择要筛查的文件');
  if (!scenarioSel.value) return scenarioSel.focus();
  if (!file) return fileIn.focus();
  const [format, type] = formatOf(file);
  let problem = '';
  if (file.size === 0) problem = '文件是空的';
  else if (file.size > MAX_BYTES) problem = `文件 ${(file.size / 1048576).toFixed(1)} MB，超过 ${MAX_BYTES / 1048576} MB 的上限，请拆分后上传`;
  else if (!format) problem = '只能上传 .csv 或 .xlsx 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）';
  fieldError(fileIn, problem);
  if (problem) return fileIn.focus();
  const submit = document.getElementById('upload-submit');
  submit.disabled = true;
  try {
    const j = await call('POST', '/api/v1/screens', {
      params: { scenario: scenarioSel.value, file_name: file.name, format },
      headers: { 'Content-Type': type },
      body: file,
    });
    upStatus.replaceChildren(h('div', { class: 'alert alert-info', role: 'status', id: 'upload-done' },
      h('p', null, `已提交筛查任务 #${j.id}（${show(j.file_name || file.name)}），正在后台筛查，完成后可在下方下载结果。`)));
    fileIn.value = '';
    await refresh();
  } catch (err) {
    if (err && err.field === 'scenario') fieldError(scenarioSel, err.message);
    else if (err && (err.field === 'file' || err.field === 'format' || err.status === 413)) fieldError(fileIn, err.message || '文件过大');
    showError(upStatus, err);
  } finally {
    submit.disabled = false;
  }
});

/* The business scenarios, from GET /api/v1/catalog (public). */
async function loadScenarios() {
  let list = [];
  try {
    const cat = await apiGet('/api/v1/catalog');
    list = (cat && Array.isArray(cat.scenarios)) ? cat.scenarios : [];
  } catch (err) {
    showError(upStatus, err, '业务场景加载失败，请刷新页面重试。');
  }
  scenarioSel.replaceChildren(h('option', { value: '' }, '请选择业务场景'),
    ...list.map((s) => h('option', { value: s.code }, s.name ? `${s.name}（${s.code}）` : s.code)));
}

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'screens.html', need: ['check'], statusBox: status });
  if (!s) return;
  await loadScenarios();
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  await refresh();
}

main();
