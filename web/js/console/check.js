// check.js - a clerk checks subjects before acting (核查, permission check): a business scenario
// and up to 100 subjects pasted one a line (a code, a name, or "code,name"), POST
// /api/v1/checks, and per subject the list entries in effect (list, dates, 有异议, and for a
// match by name its score and reasons) and the measures that apply (level, content, basis).
// ?id=N shows a stored check (GET /api/v1/checks/{id}, page by page for a batch, which keeps
// only its subjects with a hit); ?scenario= and ?code= fill the form. Below, the department's
// recent checks (GET /api/v1/checks), each linking here and to its feedback page
// (feedback.html?check=N).
import { apiGet, showError } from '../api.js';
import { h, param, show } from '../ui.js';
import { call, can, fieldError, startPage, table, when } from './session.js';

const MAX_SUBJECTS = 100;
const MAX_NAME_CHARS = 200;
const MAX_CODE_BYTES = 64;
const PAGE = 100;
const CODE_RE = /^[0-9A-Za-z-]+$/;

// 重点关注名单 in the neutral colour: the yellow of badge-dispute is 有异议's, in the next column
const KIND = { red: ['红名单', 'badge-positive'], black: ['黑名单', 'badge-negative'], watch: ['重点关注名单', 'badge-kind'] };
const STATE = { running: '进行中', done: '已完成', failed: '失败' };

const scenarioSel = document.getElementById('scenario');
const subjectsIn = document.getElementById('subjects');
const formStatus = document.getElementById('form-status');
const resultBox = document.getElementById('result');
const resultList = document.getElementById('result-list');
const resultMore = document.getElementById('result-more-box');
const recentList = document.getElementById('recent-list');
const recentStatus = document.getElementById('recent-status');
const recentMore = document.getElementById('recent-more-box');

let shown = null; // the check on screen: { id, nextFrom }
let recent = [];
let recentHasMore = false;

/** The subjects of the textarea: [{ subject, line }], or an error naming the line. */
function parseSubjects(text) {
  const out = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    const comma = raw.search(/[,，]/);
    let code = '';
    let name = '';
    if (comma >= 0) {
      code = raw.slice(0, comma).trim();
      name = raw.slice(comma + 1).trim();
    } else if (CODE_RE.test(raw)) {
      code = raw;
    } else {
      name = raw;
    }
    const line = i + 1;
    if (code && (code.length > MAX_CODE_BYTES || !CODE_RE.test(code))) return { error: `第 ${line} 行：代码只能由字母、数字和连字符组成（最多64个字符）` };
    if ([...name].length > MAX_NAME_CHARS) return { error: `第 ${line} 行：名称最多200个字` };
    if (!code && !name) return { error: `第 ${line} 行：请填写代码或名称` };
    const subject = {};
    if (code) subject.code = code;
    if (name) subject.name = name;
    out.push({ subject, line });
  }
  if (!out.length) return { error: '请至少填写一个信用主体' };
  if (out.length > MAX_SUBJECTS) return { error: `一次最多核查 ${MAX_SUBJECTS} 个信用主体，现有 ${out.length} 个；更多请用“批量筛查”` };
  return { subjects: out };
}

function kindBadge(kind) {
  const [text, cls] = KIND[kind] || [show(kind), 'badge-kind'];
  return h('span', { class: `badge ${cls}` }, text);
}

function hitsTable(r) {
  return table(`${subjectLabel(r)} 的名单记录`,
    ['名单', '类别', '列入日期', '移出日期', '文书号', '异议', '匹配度', '匹配理由'],
    r.hits.map((x) => ({
      attrs: { class: 'check-hit', 'data-record': x.record },
      cells: [
        x.matched_name ? h('span', null, show(x.list_name), h('br'), h('span', { class: 'meta' }, `名单主体：${x.matched_name}`)) : show(x.list_name),
        kindBadge(x.list_kind),
        show(x.entry_date),
        x.end_date ? x.end_date : '无',
        show(x.document),
        x.disputed ? h('span', { class: 'badge badge-dispute', title: '该记录正在异议处理中' }, '有异议') : '—',
        h('span', { class: 'check-score' }, show(x.score)),
        h('span', { class: 'check-reasons' }, show(x.reasons)),
      ],
    })), { class: 'data check-hits' });
}

function measuresTable(r) {
  return table(`${subjectLabel(r)} 适用的联合奖惩措施`,
    ['序号', '措施', '类型', '等级', '内容', '依据', '实施部门'],
    r.measures.map((m) => ({
      attrs: { class: 'check-measure', 'data-no': m.no },
      cells: [show(m.no), show(m.item), show(m.kind), h('span', { class: 'badge badge-kind' }, show(m.level)),
        show(m.content), show(m.basis), show(m.department)],
    })), { class: 'data check-measures' });
}

function subjectLabel(r) {
  if (r.code && r.name) return `${r.code}（${r.name}）`;
  return r.code || r.name || `第 ${r.subject_no + 1} 个主体`;
}

function subjectCard(r) {
  let verdict;
  if (r.hits.length) verdict = h('span', { class: 'badge badge-negative check-verdict' }, `命中 ${r.hits.length} 条`);
  else verdict = h('span', { class: 'badge badge-positive check-verdict' }, '未命中');
  const found = r.code
    ? (r.found ? '平台有该主体的信用档案。' : '平台没有该代码的信用主体。')
    : (r.found ? '有名单主体的名称与之相符。' : '没有名单主体的名称与之相符。');
  return h('section', { class: 'panel check-subject', 'data-subject-no': r.subject_no, 'aria-label': `第 ${r.subject_no + 1} 个主体` },
    h('h3', null, `${r.subject_no + 1}. `, h('span', { class: 'subject-label' }, subjectLabel(r)), ' ', verdict),
    h('p', { class: 'meta' }, found),
    r.hits.length ? hitsTable(r) : null,
    r.measures.length ? measuresTable(r)
      : (r.hits.length ? h('p', { class: 'meta' }, '该业务场景下没有对本部门适用的措施。') : null));
}

function renderCheck(c, append) {
  shown = { id: c.id, nextFrom: c.next_from };
  document.getElementById('result-title').textContent = `核查 #${c.id}`;
  document.getElementById('feedback-link').href = `feedback.html?check=${encodeURIComponent(c.id)}`;
  const facts = [
    ['业务场景', c.scenario_name ? `${c.scenario_name}（${c.scenario}）` : c.scenario],
    ['核查部门', c.department || '本机运维'],
    ['核查时间', when(c.checked_at)],
    ['方式', c.kind === 'batch' ? '批量筛查' : '接口核查'],
    ['状态', STATE[c.state] || show(c.state)],
    ['主体数', show(c.subjects)],
    ['命中记录', show(c.hits)],
    ['名单版本', show(c.list_version)],
  ];
  document.getElementById('result-facts').replaceChildren(...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
  const cards = (c.results || []).map(subjectCard);
  if (!append) {
    const note = c.results_scope === 'hits_only'
      ? h('p', { class: 'meta', id: 'hits-only-note' }, '批量筛查只列出有命中的主体。')
      : null;
    resultList.replaceChildren(...(note ? [note] : []),
      ...(cards.length ? cards : [h('p', { class: 'empty' }, '没有命中的主体。')]));
  } else {
    resultList.append(...cards);
  }
  resultMore.hidden = c.next_from === null || c.next_from === undefined;
  resultBox.hidden = false;
}

async function showCheck(id, from = 0) {
  const c = await call('GET', `/api/v1/checks/${encodeURIComponent(id)}`, { params: { from, limit: PAGE } });
  renderCheck(c, from > 0);
  return c;
}

document.getElementById('result-more').addEventListener('click', async () => {
  if (!shown || shown.nextFrom === null) return;
  try {
    await showCheck(shown.id, shown.nextFrom);
  } catch (err) {
    showError(formStatus, err);
  }
});

/** A server error about subjects[i].x as the line of the textarea it came from. */
function subjectError(err, parsed) {
  const m = /^subjects\[(\d+)\]/.exec((err && err.field) || '');
  if (!m || !parsed[Number(m[1])]) return err && err.field === 'subjects' ? err.message : '';
  return `第 ${parsed[Number(m[1])].line} 行：${err.message}`;
}

document.getElementById('check-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  formStatus.replaceChildren();
  fieldError(scenarioSel, scenarioSel.value ? '' : '请选择业务场景');
  const p = parseSubjects(subjectsIn.value);
  fieldError(subjectsIn, p.error || '');
  if (!scenarioSel.value) return scenarioSel.focus();
  if (p.error) return subjectsIn.focus();
  const submit = document.getElementById('check-submit');
  submit.disabled = true;
  try {
    const c = await call('POST', '/api/v1/checks', { json: { scenario: scenarioSel.value, subjects: p.subjects.map((x) => x.subject) } });
    renderCheck(c, false);
    history.replaceState(null, '', `check.html?id=${encodeURIComponent(c.id)}`);
    resultBox.focus();
    await loadRecent(false);
  } catch (err) {
    if (err && err.field === 'scenario') fieldError(scenarioSel, err.message);
    const line = subjectError(err, p.subjects);
    if (line) fieldError(subjectsIn, line);
    showError(formStatus, err);
  } finally {
    submit.disabled = false;
  }
});

function renderRecent() {
  if (!recent.length) {
    recentList.replaceChildren(h('p', { class: 'empty' }, '还没有核查。'));
  } else {
    recentList.replaceChildren(table(null, ['核查', '时间', '业务场景', '方式', '主体数', '命中记录', '状态', '核查人', '操作'],
      recent.map((c) => ({
        attrs: { 'data-check-id': c.id },
        cells: [
          `#${c.id}`, when(c.checked_at), show(c.scenario_name || c.scenario),
          c.kind === 'batch' ? '批量筛查' : '接口核查', show(c.subjects), show(c.hits), STATE[c.state] || show(c.state),
          show(c.asked_by),
          h('span', null,
            h('a', { href: `check.html?id=${encodeURIComponent(c.id)}`, class: 'to-check' }, '查看'), ' · ',
            h('a', { href: `feedback.html?check=${encodeURIComponent(c.id)}`, class: 'to-feedback' }, '反馈')),
        ],
      })), { id: 'recent-table' }));
  }
  recentMore.hidden = !recentHasMore;
}

async function loadRecent(more) {
  const last = recent[recent.length - 1];
  try {
    const d = await call('GET', '/api/v1/checks', { params: { limit: 20, before: more && last ? last.id : '' } });
    const got = Array.isArray(d.checks) ? d.checks : [];
    recent = more ? recent.concat(got) : got;
    recentHasMore = !!d.has_more;
    recentStatus.replaceChildren();
    renderRecent();
  } catch (err) {
    showError(recentStatus, err);
  }
}

document.getElementById('recent-refresh').addEventListener('click', () => loadRecent(false));
document.getElementById('recent-more').addEventListener('click', () => loadRecent(true));

/* The business scenarios from GET /api/v1/catalog (public). */
async function loadScenarios() {
  const cat = await apiGet('/api/v1/catalog');
  const list = (cat && Array.isArray(cat.scenarios)) ? cat.scenarios : [];
  scenarioSel.replaceChildren(h('option', { value: '' }, '请选择业务场景'),
    ...list.map((s) => h('option', { value: s.code, title: s.note || '' }, `${s.name}（${s.code}）`)));
  const want = param('scenario');
  if (want && list.some((s) => s.code === want)) scenarioSel.value = want;
}

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'check.html', need: ['check', 'batch.read_all'], statusBox: status });
  if (!s) return;
  try {
    await loadScenarios();
  } catch (err) {
    showError(formStatus, err, '业务场景加载失败。');
  }
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  // the credit office reads every department's checks but does not check itself
  if (!can('check')) document.getElementById('check-form').closest('section').hidden = true;
  // ?code= (复核队列's 重新核查) fills the form; the clerk still runs the check
  const code = param('code');
  if (code && code.length <= MAX_CODE_BYTES && CODE_RE.test(code)) subjectsIn.value = code;
  const id = param('id');
  if (id) {
    try {
      await showCheck(id);
    } catch (err) {
      showError(formStatus, err);
    }
  }
  await loadRecent(false);
}

main();
