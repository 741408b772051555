// measures.js - the credit office keeps the joint reward and punishment measures: the catalogue
// as a table filtered by list, scenario, department, kind, level and text; an edit form per
// measure (the reason is required; a refusal is shown at its field); add; withdraw after a
// confirmation; the history of a measure with the changed columns side by side; import with a
// dry run first; export as CSV or xlsx. Reading is public (GET /api/v1/measures); changes need
// dept.manage and apply to the next check at once (docs/lists.md "措施清单的维护").
import { ApiError, apiGet, showError, showNotice } from '../api.js';
import { h, show } from '../ui.js';
import { call, can, confirmDialog, fieldError, startPage, table, when } from './session.js';

/** The columns as the form shows them: [JSON member, label, kind of input, help]. */
const FIELDS = [
  ['matter', '事项', 'text', ''],
  ['content', '内容', 'area', ''],
  ['target', '对象', 'text', ''],
  ['basis', '政策依据', 'area', '法律、法规或文件名称及条款'],
  ['tier', '实施层级', 'text', '如：市、区'],
  ['frequency', '实施频次', 'text', '如：每次审批时'],
  ['lists', '名单类型', 'text', '目录中的名单项，如 sxbzxr，或 hmd:A级纳税人；多个用 ; 分隔'],
  ['scenarios', '应用场景', 'text', '场景代码或名称，如 gov_procurement 或 政府采购；多个用 ; 分隔'],
  ['depts', '实施部门', 'text', '部门登记名称，多个用 ; 分隔；或填“各相关部门”'],
  ['kind', '措施类别', 'kind', ''],
  ['level', '措施级别', 'level', '惩戒：禁止、限制、从严审核；激励：绿色通道、容缺受理、优先、减少检查'],
  ['note', '备注', 'area', '可留空'],
];
const LEVELS = { 惩戒: ['禁止', '限制', '从严审核'], 激励: ['绿色通道', '容缺受理', '优先', '减少检查'] };
const ACTIONS = { new: '新增', changed: '修改', restored: '恢复' };

let measures = [];
let editing = null; // the measure being edited, or { seq: 0 } for a new one
let importFile = null;
const label = Object.fromEntries(FIELDS.map(([k, l]) => [k, l]));

function byId(id) {
  return document.getElementById(id);
}

/* ---- the table ---- */

function filters() {
  return {
    list: byId('f-list').value,
    scenario: byId('f-scenario').value,
    dept: byId('f-dept').value,
    kind: byId('f-kind').value,
    level: byId('f-level').value,
    q: byId('f-q').value.trim(),
  };
}

function matches(m, f) {
  const a = m.applies;
  if (f.list && !(a && a.lists.some((l) => l.item === f.list))) return false;
  if (f.scenario && !(a && a.scenarios.includes(f.scenario))) return false;
  if (f.dept && !(a && (f.dept === '各相关部门' ? a.all_departments : a.departments.includes(f.dept)))) return false;
  if (f.kind && m.kind !== f.kind) return false;
  if (f.level && m.level !== f.level) return false;
  if (f.q) {
    const text = [m.seq, m.matter, m.content, m.target, m.basis, m.note, m.lists, m.scenarios, m.depts].join(' ');
    if (!text.includes(f.q)) return false;
  }
  return true;
}

// The names clerks read for the list and scenario codes of the filters (GET /api/v1/lists and
// /api/v1/catalog, both public); a code without a name is shown as it is.
const names = { list: {}, scenario: {} };

async function loadNames() {
  const [lists, cat] = await Promise.all([
    apiGet('/api/v1/lists').catch(() => ({})), apiGet('/api/v1/catalog').catch(() => ({}))]);
  for (const l of lists.lists || []) names.list[l.item] = l.name;
  for (const c of cat.scenarios || []) names.scenario[c.code] = c.name;
}

function fillSelect(sel, values, labels = {}) {
  const want = sel.value;
  sel.replaceChildren(h('option', { value: '' }, '全部'),
    ...[...values].sort().map((v) => h('option', { value: v, selected: v === want },
      labels[v] ? `${labels[v]}（${v}）` : v)));
}

function fillFilters() {
  const lists = new Set();
  const scenarios = new Set();
  const depts = new Set();
  const levels = new Set();
  for (const m of measures) {
    if (m.level) levels.add(m.level);
    if (!m.applies) continue;
    m.applies.lists.forEach((l) => lists.add(l.item));
    m.applies.scenarios.forEach((s) => scenarios.add(s));
    m.applies.departments.forEach((d) => depts.add(d));
    if (m.applies.all_departments) depts.add('各相关部门');
  }
  fillSelect(byId('f-list'), lists, names.list);
  fillSelect(byId('f-scenario'), scenarios, names.scenario);
  fillSelect(byId('f-dept'), depts);
  fillSelect(byId('f-level'), levels);
}

function stateBadges(m) {
  return [
    m.withdrawn ? h('span', { class: 'badge badge-negative' }, '已撤回') : null,
    !m.valid ? h('span', { class: 'badge badge-dispute', title: show(m.problem) }, '不符合规则') : null,
  ];
}

function rowActions(m) {
  const office = can('dept.manage');
  const btn = (text, cls, fn, id) => {
    const b = h('button', { type: 'button', class: `small ${cls}`, 'data-seq': m.seq, id }, text);
    b.addEventListener('click', fn);
    return b;
  };
  if (!office) return '—';
  return h('span', { class: 'row-actions' },
    btn(m.withdrawn ? '恢复' : '修改', 'secondary', () => openEdit(m), `edit-${m.seq}`),
    btn('历史', 'secondary', () => openHistory(m.seq), `history-${m.seq}`),
    m.withdrawn ? null : btn('撤回', 'danger', () => withdraw(m), `withdraw-${m.seq}`));
}

function render() {
  const f = filters();
  const shown = measures.filter((m) => matches(m, f));
  byId('list-count').textContent = `共 ${measures.length} 条措施，显示 ${shown.length} 条。`;
  if (!shown.length) {
    byId('list').replaceChildren(h('p', { class: 'empty' }, '没有符合条件的措施。'));
    return;
  }
  byId('list').replaceChildren(table(null, ['序号', '事项', '名单类型', '应用场景', '实施部门', '类别·级别', '政策依据', '操作'],
    shown.map((m) => ({
      attrs: { 'data-seq': m.seq, class: m.withdrawn ? 'withdrawn' : null },
      cells: [String(m.seq),
        h('span', null, h('strong', null, show(m.matter)), ' ', stateBadges(m), h('br'), h('span', { class: 'meta' }, show(m.content))),
        show(m.lists), show(m.scenarios), show(m.depts),
        h('span', { class: 'nowrap' }, `${show(m.kind)}·${show(m.level)}`),
        h('span', { class: 'meta' }, show(m.basis)),
        rowActions(m)],
    })), { id: 'measures-table' }));
}

async function load(status) {
  const res = await call('GET', '/api/v1/measures', { params: { withdrawn: byId('f-withdrawn').checked ? '1' : '' } });
  measures = Array.isArray(res.measures) ? res.measures : [];
  fillFilters();
  render();
  if (status) status.replaceChildren();
}

/* ---- edit, add, withdraw ---- */

function input(key, kind, value) {
  const id = `m-${key}`;
  const attrs = { id, name: key, 'aria-describedby': `${id}-help ${id}-error` };
  if (kind === 'area') return h('textarea', { ...attrs, rows: 3 }, value || '');
  if (kind === 'kind' || kind === 'level') {
    const opts = kind === 'kind' ? Object.keys(LEVELS) : [...LEVELS.惩戒, ...LEVELS.激励];
    const sel = h('select', attrs, h('option', { value: '' }, '请选择'),
      ...opts.map((o) => h('option', { value: o, selected: o === value }, o)));
    if (value && !opts.includes(value)) sel.append(h('option', { value, selected: true }, value));
    return sel;
  }
  return h('input', { ...attrs, type: 'text', value: value || '' });
}

function openEdit(m) {
  editing = m || { seq: 0 };
  const isNew = !m;
  byId('edit-title').textContent = isNew ? '新增措施' : `${m.withdrawn ? '恢复' : '修改'}措施：序号 ${m.seq}`;
  const fields = FIELDS.map(([key, text, kind, help]) => h('div', { class: kind === 'area' ? 'field field-wide' : 'field' },
    h('label', { for: `m-${key}` }, text),
    input(key, kind, m ? m[key] : ''),
    help ? h('span', { class: 'help', id: `m-${key}-help` }, help) : null,
    h('p', { class: 'field-error', id: `m-${key}-error`, hidden: true })));
  if (isNew) {
    fields.unshift(h('div', { class: 'field' }, h('label', { for: 'm-seq' }, '序号（可留空）'),
      h('input', { id: 'm-seq', type: 'text', inputmode: 'numeric', 'aria-describedby': 'm-seq-help m-seq-error' }),
      h('span', { class: 'help', id: 'm-seq-help' }, '留空则取已用最大序号加一'),
      h('p', { class: 'field-error', id: 'm-seq-error', hidden: true })));
  }
  byId('edit-fields').replaceChildren(...fields);
  byId('m-reason').value = '';
  fieldError(byId('m-reason'), '');
  byId('edit-status').replaceChildren();
  byId('edit').hidden = false;
  byId(isNew ? 'm-matter' : 'm-content').focus();
}

function closeEdit() {
  editing = null;
  byId('edit').hidden = true;
}

function editBody() {
  const body = { reason: byId('m-reason').value.trim() };
  for (const [key] of FIELDS) {
    const v = byId(`m-${key}`).value.trim();
    if (!editing.seq || v !== (editing[key] || '')) body[key] = v === '' ? null : v;
  }
  if (!editing.seq && byId('m-seq').value.trim()) body.seq = Number(byId('m-seq').value.trim());
  return body;
}

function showFieldError(err) {
  const el = err && err.field ? byId(`m-${err.field}`) : null;
  if (el) {
    fieldError(el, err.message);
    el.focus();
    return true;
  }
  return false;
}

async function save(ev) {
  ev.preventDefault();
  const status = byId('edit-status');
  for (const el of byId('edit-form').querySelectorAll('[aria-invalid]')) fieldError(el, '');
  if (!byId('m-reason').value.trim()) {
    fieldError(byId('m-reason'), '请填写修改原因。');
    byId('m-reason').focus();
    return;
  }
  const isNew = !editing.seq;
  byId('edit-save').disabled = true;
  try {
    if (editing.withdrawing) {
      await sendWithdraw(editing, byId('m-reason').value.trim());
      return;
    }
    const res = await call(isNew ? 'POST' : 'PUT', isNew ? '/api/v1/measures' : `/api/v1/measures/${editing.seq}`,
      { json: editBody() });
    closeEdit();
    await load(null);
    showNotice(byId('status'), res.changed
      ? `已保存序号 ${res.measure.seq}（${show(res.measure.matter)}），下一次核查即按新内容给出。`
      : `序号 ${res.measure.seq} 没有改动，未保存新版本。`);
  } catch (err) {
    if (!showFieldError(err)) showError(status, err); // m-reason too: its id is m-<field>
  } finally {
    byId('edit-save').disabled = false;
  }
}

/** Withdrawing asks for the reason in the same panel, then for a confirmation. */
function withdraw(m) {
  editing = { ...m, withdrawing: true };
  byId('edit-title').textContent = `撤回措施：序号 ${m.seq}（${show(m.matter)}）`;
  byId('edit-fields').replaceChildren(h('p', { class: 'field-wide meta' },
    '撤回后核查不再给出这条措施；历史版本保留，可随时修改以恢复。'));
  byId('m-reason').value = '';
  fieldError(byId('m-reason'), '');
  byId('edit-status').replaceChildren();
  byId('edit').hidden = false;
  byId('m-reason').focus();
}

async function sendWithdraw(m, reason) {
  const ok = await confirmDialog('撤回措施', `确定撤回序号 ${m.seq}“${show(m.matter)}”吗？`, '撤回');
  if (!ok) return;
  await call('DELETE', `/api/v1/measures/${m.seq}`, { json: { reason } });
  closeEdit();
  await load(null);
  showNotice(byId('status'), `已撤回序号 ${m.seq}。`);
}

/* ---- history ---- */

async function openHistory(seq) {
  const box = byId('history');
  box.hidden = false;
  byId('history-title').textContent = `修改历史：序号 ${seq}`;
  byId('history-list').replaceChildren();
  showNotice(byId('history-status'), '正在加载…');
  try {
    const res = await call('GET', `/api/v1/measures/${seq}/history`);
    byId('history-status').replaceChildren();
    const v = res.versions || [];
    byId('history-list').replaceChildren(...v.slice().reverse().map((x) => {
      const i = v.indexOf(x);
      const prev = i > 0 ? v[i - 1] : null;
      const what = x.withdrawn ? '撤回' : i === 0 ? '建立' : prev && prev.withdrawn ? '恢复' : '修改';
      const diff = (x.changed || []).map((k) => ({
        cells: [label[k] || k, h('del', null, show(prev && prev[k])), h('ins', null, show(x[k]))],
      }));
      return h('article', { class: 'panel version', 'data-version': x.version },
        h('h3', null, `${what} · ${when(x.updated_at)} · ${show(x.edited_by)}`),
        h('p', null, '原因：', show(x.reason)),
        diff.length ? table(null, ['字段', '修改前', '修改后'], diff) : (i === 0 ? h('p', { class: 'meta' }, show(x.matter)) : null));
    }));
    box.scrollIntoView({ block: 'start' });
  } catch (err) {
    showError(byId('history-status'), err);
  }
}

/* ---- import ---- */

function importReport(r) {
  const parts = [
    h('p', { id: 'import-summary' }, `${r.dry_run ? '试导入（未写入）' : '已导入'}：共 ${r.rows} 行，新增 ${r.added}，修改 ${r.updated}，恢复 ${r.restored}，未变 ${r.unchanged}，有问题 ${r.bad}。`),
  ];
  if (r.changes && r.changes.length) {
    parts.push(table(r.dry_run ? '将要写入的变化' : '已写入的变化', ['序号', '变化', '事项', '改动的字段'], r.changes.map((c) => [
      String(c.seq), ACTIONS[c.action] || c.action, show(c.matter), (c.changed || []).map((k) => label[k] || k).join('、') || '—'])));
  }
  if (r.problems && r.problems.length) {
    parts.push(table('有问题的行（未导入）', ['行', '列', '说明'], r.problems.map((p) => ({
      attrs: { class: 'bad' }, cells: [String(p.line), show(p.column), p.message] }))));
  }
  byId('import-result').replaceChildren(...parts);
}

async function runImport(dry) {
  const status = byId('import-status');
  fieldError(byId('i-file'), '');
  if (!importFile) {
    fieldError(byId('i-file'), '请选择 CSV 或 xlsx 文件。');
    return;
  }
  if (importFile.size > 5 * 1024 * 1024) {
    fieldError(byId('i-file'), '文件超过 5 MiB。');
    return;
  }
  const format = /\.xlsx$/i.test(importFile.name) ? 'xlsx' : 'csv';
  showNotice(status, dry ? '正在试导入…' : '正在导入…');
  try {
    const r = await call('POST', '/api/v1/measures/import', {
      params: { format, name: importFile.name, dry_run: dry ? '1' : '' },
      body: importFile,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    status.replaceChildren();
    importReport(r);
    byId('import-apply').disabled = !dry || (r.added + r.updated + r.restored) === 0;
    if (!dry) {
      importFile = null;
      byId('i-file').value = '';
      await load(null);
    }
  } catch (err) {
    byId('import-apply').disabled = true;
    if (err instanceof ApiError && err.field) fieldError(byId('i-file'), err.message);
    else showError(status, err);
  }
}

async function main() {
  const status = byId('status');
  const s = await startPage({ page: 'measures.html', need: ['dept.manage'], statusBox: status });
  if (!s) return;
  try {
    await loadNames();
    await load(status);
  } catch (err) {
    showError(status, err);
    return;
  }
  byId('content').hidden = false;
  for (const id of ['f-list', 'f-scenario', 'f-dept', 'f-kind', 'f-level']) byId(id).addEventListener('change', render);
  byId('f-q').addEventListener('input', render);
  byId('f-withdrawn').addEventListener('change', () => load(null).catch((err) => showError(status, err)));
  byId('filters').addEventListener('submit', (ev) => ev.preventDefault());
  byId('add').addEventListener('click', () => openEdit(null));
  byId('edit-form').addEventListener('submit', save);
  byId('edit-cancel').addEventListener('click', closeEdit);
  byId('history-close').addEventListener('click', () => { byId('history').hidden = true; });
  byId('i-file').addEventListener('change', () => {
    importFile = byId('i-file').files[0] || null;
    byId('import-apply').disabled = true;
    byId('import-result').replaceChildren();
  });
  byId('import-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    runImport(true);
  });
  byId('import-apply').addEventListener('click', async () => {
    const ok = await confirmDialog('导入措施清单', `确定把“${importFile ? importFile.name : ''}”中的变化写入措施清单吗？有问题的行不会导入。`, '导入');
    if (ok) runImport(false);
  });
}

main();
