// feedback.js - feedback on a check (反馈): with ?check=ID the check (GET /api/v1/checks/{id})
// subject by subject, each hit with the feedback given so far (GET .../feedback) and a form
// (POST .../feedback): measure (those the check gave for the hit's list), taken, result, amount,
// basis (filled with the measure's 政策依据), date acted (today). Without ?check, the
// department's recent checks (GET /api/v1/checks; ?scenario narrows them) to choose from.
import { apiGet, showError } from '../api.js';
import { h, loading, param, show } from '../ui.js';
import { call, fieldError, startPage, table, when } from './session.js';

const statusBox = document.getElementById('status');
let seq = 0;

/** Today in Beijing, YYYY-MM-DD. */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

async function recent() {
  const sec = document.getElementById('recent');
  const st = document.getElementById('recent-status');
  sec.hidden = false;
  try {
    const d = await call('GET', '/api/v1/checks', { params: { scenario: param('scenario'), limit: 50 } });
    const list = d.checks || d.items || [];
    document.getElementById('recent-list').replaceChildren(!list.length
      ? h('p', { class: 'empty' }, '还没有核查。')
      : table(null, ['核查', '业务场景', '主体数', '命中', '时间'], list.map((c) => [
        h('a', { href: `feedback.html?check=${encodeURIComponent(c.id)}` }, `#${c.id}`),
        show(c.scenario_name || c.scenario), show(c.subjects), show(c.hits), when(c.checked_at)])));
  } catch (err) {
    showError(st, err);
  }
}

function feedbackList(rows) {
  if (!rows.length) return h('p', { class: 'meta' }, '尚未反馈。');
  return h('ul', { class: 'plain feedback-list' }, rows.map((f) => h('li', { class: f.current ? '' : 'superseded' },
    `${f.acted_on} ${f.taken ? '已采取' : '未采取'}`,
    f.measure ? ` 措施${f.measure}（${show(f.measure_item)}）` : ' （未指定措施）',
    `：${f.result}`, f.amount ? `；金额 ${f.amount} 元` : '', `；依据 ${f.basis}`,
    ` — ${show(f.given_by)}`, f.current ? '' : '（已被后续反馈取代）')));
}

function field(label, input, help) {
  const id = input.id;
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    help ? h('span', { class: 'help' }, help) : null, h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function form(checkId, subjectNo, hit, measures, onSaved) {
  const n = ++seq;
  const measure = h('select', { id: `m-${n}` },
    h('option', { value: '' }, '（不指定措施）'),
    measures.map((m) => h('option', { value: String(m.no) }, `${m.no}. ${m.item}（${m.level}）`)));
  const taken = h('select', { id: `t-${n}` }, h('option', { value: 'true' }, '已采取'), h('option', { value: 'false' }, '未采取'));
  const result = h('textarea', { id: `r-${n}`, rows: '2', maxlength: '500' });
  const amount = h('input', { id: `a-${n}`, type: 'text', inputmode: 'decimal', placeholder: '如 1234.56' });
  const basis = h('textarea', { id: `b-${n}`, rows: '2', maxlength: '300' });
  const actedOn = h('input', { id: `d-${n}`, type: 'date', value: today() });
  const status = h('div', { 'aria-live': 'polite' });
  const inputs = { measure, taken, result, amount, basis, acted_on: actedOn };
  measure.addEventListener('change', () => {
    const m = measures.find((x) => String(x.no) === measure.value);
    if (m && m.basis) basis.value = m.basis;
  });
  if (measures.length) {
    measure.value = String(measures[0].no);
    basis.value = measures[0].basis || '';
  }
  const f = h('form', { class: 'form-grid feedback-form', novalidate: true },
    field('措施', measure), field('是否采取', taken), field('执行结果', result, '未采取时请说明原因'),
    field('涉及金额（元）', amount, '可不填'), field('依据', basis), field('采取措施日期', actedOn),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, '提交反馈')), status);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    Object.values(inputs).forEach((i) => fieldError(i, ''));
    status.replaceChildren();
    const body = {
      subject_no: subjectNo, record: hit.record, measure: measure.value ? Number(measure.value) : null,
      taken: taken.value === 'true', result: result.value.trim(), basis: basis.value.trim(), acted_on: actedOn.value,
    };
    if (amount.value.trim()) body.amount = amount.value.trim();
    try {
      await call('POST', `/api/v1/checks/${encodeURIComponent(checkId)}/feedback`, { json: body });
      result.value = '';
      amount.value = '';
      await onSaved();
    } catch (err) {
      if (err.field && inputs[err.field]) fieldError(inputs[err.field], err.message);
      showError(status, err);
    }
  });
  return f;
}

/* The lists each measure of the catalogue applies to (withdrawn ones too: a check may have given
 * a measure withdrawn since), {no: [{item, name}]}; empty when the catalogue cannot be read. */
async function measureLists() {
  try {
    const d = await apiGet('/api/v1/measures', { withdrawn: '1' });
    return Object.fromEntries((d.measures || []).map((m) => [m.seq, (m.applies && m.applies.lists) || []]));
  } catch {
    return {};
  }
}

/* The subject's measures that belong to this hit's list: the server takes feedback on a hit only
 * for a measure the check gave for that hit (a red list's incentive is no measure for a black
 * list's entry). A measure whose lists are unknown is offered rather than hidden. */
function measuresOfHit(measures, hit, lists) {
  return measures.filter((m) => {
    const l = lists[m.no];
    return !l || l.some((x) => x.item === hit.list && (!x.name || x.name === hit.list_name));
  });
}

/* The section is shown once the check and its hits are in it, never as an empty 「核查」 heading. */
async function showCheck(id) {
  const sec = document.getElementById('check');
  loading(statusBox, '正在读取核查…');
  const [c, lists] = await Promise.all([call('GET', `/api/v1/checks/${encodeURIComponent(id)}`), measureLists()]);
  document.getElementById('check-title').textContent = `核查 #${c.id}：${show(c.scenario_name || c.scenario)}`;
  document.getElementById('check-meta').textContent =
    `${show(c.department || '')} ${when(c.checked_at)} 核查，名单版本 ${show(c.list_version)}。只有命中名单的主体需要反馈。`;
  const render = async () => {
    const fb = await call('GET', `/api/v1/checks/${encodeURIComponent(id)}/feedback`);
    const rows = fb.feedback || [];
    const parts = [];
    (c.results || []).forEach((r, i) => {
      const no = Number.isInteger(r.subject_no) ? r.subject_no : i;
      if (!r.hits || !r.hits.length) return;
      parts.push(h('section', { class: 'panel', 'data-subject-no': no },
        h('h3', null, `主体 ${no}：${show(r.code || r.name)}`),
        r.hits.map((hit) => h('div', { class: 'hit' },
          h('h4', null, `${show(hit.list_name)}（${hit.entry_date}${hit.end_date ? ` 至 ${hit.end_date}` : ''}）`,
            hit.disputed ? h('span', { class: 'badge badge-dispute' }, '有异议') : ''),
          hit.document ? h('p', { class: 'meta' }, hit.document) : null,
          feedbackList(rows.filter((f) => f.subject_no === no && f.record === hit.record)),
          form(id, no, hit, measuresOfHit(r.measures || [], hit, lists), render)))));
    });
    document.getElementById('subjects').replaceChildren(...(parts.length ? parts : [h('p', { class: 'empty' }, '本次核查没有命中，无需反馈。')]));
  };
  await render();
  statusBox.replaceChildren();
  sec.hidden = false;
}

(async () => {
  const s = await startPage({ page: 'feedback.html', need: ['check'], statusBox });
  if (!s) return;
  statusBox.replaceChildren();
  document.getElementById('content').hidden = false;
  const id = param('check');
  try {
    if (id && /^\d{1,18}$/.test(id)) await showCheck(id);
    else await recent();
  } catch (err) {
    showError(statusBox, err);
  }
})();
