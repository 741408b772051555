// stats.js - 统计分析, the credit office's dashboard (GET /api/v1/stats/overview): filters by
// month range and department kept in the URL (a view can be bookmarked, Back returns to the
// previous one), the key figures, four ECharts charts (stats-charts.js) and the tables
// (stats-tables.js), each with 导出 Excel (GET /api/v1/stats/export?table=...&format=xlsx with the
// same filters). The office sets a kind's 主体总数 and its 来源 in the coverage table (PUT
// /api/v1/stats/registered), which is what the coverage share is computed against.
import { showError, showNotice } from '../api.js';
import { h, loading, param } from '../ui.js';
import { call, callFile, can, fieldError, startPage, when } from './session.js';
import { drawCharts } from './stats-charts.js';
import { num, pct, permille, sum } from './stats-format.js';
import { buildTable, checkRegistered, registeredForm, TABLES } from './stats-tables.js';

const statusBox = document.getElementById('status');
const statsStatus = document.getElementById('stats-status');
const chartsStatus = document.getElementById('charts-status');
const statsBox = document.getElementById('stats');
const form = document.getElementById('filters');
const inputs = {
  from: document.getElementById('f-from'),
  to: document.getElementById('f-to'),
  dept: document.getElementById('f-dept'),
};
const submit = document.getElementById('f-submit');

const MAX_PARAM_CHARS = 40; // longer than any month or USCC: a mangled URL, not sent on

let shown = null; // the filters of the overview on screen: {from, to, dept}

/** The filters of the page's URL (absent ones null: the server picks the last 12 months). */
function filtersFromUrl() {
  const f = {};
  for (const k of ['from', 'to', 'dept']) {
    const v = param(k);
    f[k] = v && v.length <= MAX_PARAM_CHARS ? v : null;
  }
  return f;
}

function query(f, extra = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...extra, ...f })) if (v) q.set(k, v);
  return q;
}

function kindOf(d, kind) {
  return (d.clocks || []).find((c) => c.kind === kind) || {};
}

/** Coverage over the kinds whose 主体总数 is set; null when none is. */
function coverage(d) {
  const set = (d.coverage || []).filter((c) => Number.isFinite(c.registered));
  if (!set.length) return { value: '—', sub: '未设置主体总数' };
  const share = permille(sum(set, 'with_records'), sum(set, 'registered'));
  const all = (d.coverage || []).length;
  return { value: pct(share), sub: set.length === all ? '全部主体类别' : `${set.length} 类主体（共 ${all} 类）` };
}

/** The key figures at the top: label, value and a second line (sub), bad when it needs action. */
const KPIS = [
  { id: 'subjects', label: '平台主体数', get: (d) => ({ value: num(sum(d.coverage, 'subjects')),
    sub: `有信用记录 ${num(sum(d.coverage, 'with_records'))}` }) },
  { id: 'records', label: '本期新增记录', get: (d) => ({ value: num(sum(d.by_month, 'records')),
    sub: `${(d.by_month || []).length} 个月` }) },
  { id: 'coverage', label: '信用档案覆盖率', get: coverage },
  { id: 'timely', label: '及时报送率', get: (d) => {
    const t = sum(d.departments, 'timely');
    const l = sum(d.departments, 'late');
    return { value: pct(permille(t, t + l)), sub: `逾期 ${num(l)} 条`, bad: l > 0 };
  } },
  { id: 'objections', label: '办理中的异议', get: (d) => {
    const c = kindOf(d, 'objection');
    return { value: num(c.open), sub: `其中超期 ${num(c.open_overdue)}`, bad: c.open_overdue > 0 };
  } },
  { id: 'repairs', label: '办理中的信用修复', get: (d) => {
    const c = kindOf(d, 'repair');
    return { value: num(c.open), sub: `其中超期 ${num(c.open_overdue)}`, bad: c.open_overdue > 0 };
  } },
  { id: 'feedback', label: '联合奖惩反馈率', get: (d) => {
    const j = d.joint || {};
    return { value: pct(j.feedback_permille), sub: `命中主体 ${num(j.subjects_hit)}` };
  } },
];

function renderKpis(d) {
  document.getElementById('kpis').replaceChildren(...KPIS.map((k) => {
    const v = k.get(d);
    return h('div', { class: v.bad ? 'count bad' : 'count', id: `kpi-${k.id}` },
      h('dt', null, k.label),
      h('dd', null, h('span', { class: 'kpi-value' }, v.value), v.sub ? h('span', { class: 'kpi-sub' }, v.sub) : null));
  }));
}

// ---- the tables: one section each, made once (their status boxes stay, so aria-live speaks) ----

const sections = new Map(); // spec id -> {status, holder}

function buildSections() {
  const box = document.getElementById('tables');
  for (const spec of TABLES) {
    const titleId = `${spec.id}-title`;
    const status = h('div', { id: `${spec.id}-status`, 'aria-live': 'polite' });
    const holder = h('div', { id: `${spec.id}-table` });
    const button = spec.export
      ? h('button', { type: 'button', class: 'secondary small export', 'data-table': spec.export, id: `export-${spec.id}`,
        'aria-label': `导出 Excel：${spec.title}` }, '导出 Excel')
      : null;
    if (button) button.addEventListener('click', () => exportTable(spec, button, status));
    box.append(h('section', { class: 'section stats-section', id: `sec-${spec.id}`, 'aria-labelledby': titleId },
      h('div', { class: 'section-head' }, h('h2', { id: titleId }, spec.title), button),
      spec.note ? h('p', { class: 'meta' }, spec.note) : null,
      status, holder));
    sections.set(spec.id, { status, holder });
  }
}

function scopeText(d) {
  const p = d.period || {};
  const dept = d.department ? `部门：${d.department.name || d.department.code}` : '全部部门';
  return `${p.from || '—'} 至 ${p.to || '—'}，${dept}`;
}

function renderTables(d) {
  const scope = scopeText(d);
  for (const spec of TABLES) {
    const { holder } = sections.get(spec.id);
    const extra = spec.id === 'coverage' && can('stats.manage')
      ? { label: '设置主体总数', cell: (data, i) => registeredForm(data.coverage[i], saveRegistered) }
      : null;
    holder.replaceChildren(buildTable(spec, d, { caption: `${spec.title}（${scope}）`, extraColumn: extra }));
  }
}

// ---- downloads and the coverage form ----

async function exportTable(spec, button, status) {
  const f = shown || filtersFromUrl();
  button.disabled = true;
  status.replaceChildren(h('p', { class: 'loading', role: 'status' }, `正在导出“${spec.title}”…`));
  try {
    const { blob, filename } = await callFile('GET', `/api/v1/stats/export?${query(f, { table: spec.export, format: 'xlsx' })}`);
    const name = /\.xlsx$/i.test(filename) ? filename : `统计-${spec.export}-${f.from || ''}-${f.to || ''}.xlsx`;
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    showNotice(status, `已导出“${spec.title}”：${name}`, 'info');
  } catch (err) {
    showError(status, err);
  } finally {
    button.disabled = false;
  }
}

async function saveRegistered(kind, count, source, formEl) {
  const { status } = sections.get('coverage');
  fieldError(count, '');
  fieldError(source, '');
  const bad = checkRegistered(count, source);
  if (bad) {
    fieldError(bad[0], bad[1]);
    bad[0].focus();
    return;
  }
  const button = formEl.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await call('PUT', '/api/v1/stats/registered',
      { json: { kind, registered: Number(count.value.trim()), source: source.value.trim() } });
    await load(shown || filtersFromUrl());
    showNotice(status, `已保存主体总数 ${num(Number(count.value.trim()))}，覆盖率已按此重新计算。`, 'info');
  } catch (err) {
    if (err.field === 'registered' || err.field === 'source') {
      const input = err.field === 'registered' ? count : source;
      fieldError(input, err.message);
      input.focus();
    }
    showError(status, err);
  } finally {
    button.disabled = false;
  }
}

// ---- the department select and loading ----

/** Fill the department select: every department of the platform, then any the data names. */
async function fillDepartments(selected) {
  const seen = new Map();
  try {
    const r = await call('GET', '/api/v1/departments');
    for (const d of r.items || []) if (d.code) seen.set(d.code, d.name || d.code);
  } catch (err) {
    showError(statsStatus, err, '部门列表无法加载：仍可按全部部门统计。');
  }
  if (selected && !seen.has(selected)) seen.set(selected, selected);
  inputs.dept.replaceChildren(h('option', { value: '' }, '全部部门'),
    ...[...seen].map(([code, name]) => h('option', { value: code }, name)));
  inputs.dept.value = selected || '';
}

function clearFieldErrors() {
  for (const input of Object.values(inputs)) fieldError(input, '');
}

async function load(f) {
  clearFieldErrors();
  submit.disabled = true;
  loading(statsStatus, '正在统计…');
  let d;
  try {
    d = await call('GET', '/api/v1/stats/overview', { params: f });
  } catch (err) {
    if (inputs[err.field]) fieldError(inputs[err.field], err.message);
    showError(statsStatus, err);
    submit.disabled = false;
    return;
  }
  shown = { from: d.period ? d.period.from : f.from, to: d.period ? d.period.to : f.to,
    dept: d.department ? d.department.code : null };
  inputs.from.value = shown.from || '';
  inputs.to.value = shown.to || '';
  if (shown.dept && ![...inputs.dept.options].some((o) => o.value === shown.dept)) {
    inputs.dept.append(h('option', { value: shown.dept }, d.department.name || shown.dept));
  }
  inputs.dept.value = shown.dept || '';
  document.getElementById('stats-scope').textContent = `统计期间：${scopeText(d)}；数据截至 ${when(d.as_of)}（北京时间）`;
  renderKpis(d);
  renderTables(d);
  statsBox.hidden = false;
  statsStatus.replaceChildren(h('p', { class: 'visually-hidden', role: 'status' }, `已统计：${scopeText(d)}`));
  submit.disabled = false;
  const grid = document.querySelector('.chart-grid');
  try {
    await drawCharts(d);
    grid.hidden = false;
    chartsStatus.replaceChildren();
  } catch (err) {
    // empty chart boxes would say nothing: the tables below hold the same numbers
    grid.hidden = true;
    showNotice(chartsStatus, '图表无法显示：图表组件（Apache ECharts）未能加载，请联系系统管理员（服务器需执行 npm ci）。下方表格的数据不受影响。',
      'warn');
    console.warn('stats: charts not drawn', err); // the browser's own words, for the administrator
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  clearFieldErrors();
  const f = { from: inputs.from.value.trim() || null, to: inputs.to.value.trim() || null, dept: inputs.dept.value || null };
  for (const k of ['from', 'to']) {
    if (f[k] && !/^\d{4}-(0[1-9]|1[0-2])$/.test(f[k])) {
      fieldError(inputs[k], `月份 "${f[k]}" 应为“年-月”，如 2026-01`);
      inputs[k].focus();
      return;
    }
  }
  if (f.from && f.to && f.from > f.to) {
    fieldError(inputs.to, `截止月份 ${f.to} 早于起始月份 ${f.from}`);
    inputs.to.focus();
    return;
  }
  const q = query(f).toString();
  history.pushState(null, '', `stats.html${q ? `?${q}` : ''}`);
  load(f);
});

// Back and Forward move between the views the clerk chose
window.addEventListener('popstate', () => load(filtersFromUrl()));

(async () => {
  const s = await startPage({ page: 'stats.html', need: ['stats.read'], statusBox });
  if (!s) return;
  statusBox.replaceChildren();
  document.getElementById('content').hidden = false;
  buildSections();
  const f = filtersFromUrl();
  await fillDepartments(f.dept);
  await load(f);
})();
