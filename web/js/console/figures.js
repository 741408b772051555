// figures.js - the key figures of the closed loop of joint rewards and punishments (GET
// /api/v1/joint/figures): per department and business scenario the checks, subjects, hits,
// feedback and measures of a period, the feedback rate as a bar (<progress>: no inline style
// under the CSP), and for the credit office the totals. For a department each row links to its
// checks of that scenario on the feedback page (the office has no feedback page).
import { showError } from '../api.js';
import { h, param, show } from '../ui.js';
import { call, can, fieldError, startPage, table } from './session.js';

const statusBox = document.getElementById('status');
const figStatus = document.getElementById('fig-status');
const box = document.getElementById('figures');
const fromIn = document.getElementById('f-from');
const toIn = document.getElementById('f-to');

function rate(permille) {
  if (permille === null || permille === undefined) return h('span', { class: 'meta' }, '—（无命中）');
  const pct = `${(permille / 10).toFixed(1)}%`;
  return h('span', { class: 'rate' },
    h('progress', { max: '1000', value: String(permille), 'aria-label': `反馈率 ${pct}` }, pct), ` ${pct}`);
}

/** The cells of a row; `link` null for the total, '' for a row without a link. */
function cells(r, link) {
  let dept = h('strong', null, '合计');
  if (link) dept = h('a', { href: link }, show(r.department));
  else if (link === '') dept = show(r.department);
  return [
    dept,
    link !== null ? show(r.scenario_name || r.scenario) : '',
    show(r.checks), show(r.subjects), show(r.hit_subjects), show(r.fed_subjects),
    rate(r.feedback_rate_permille), show(r.measures_taken), show(r.measures_not_taken), show(r.amount),
  ];
}

async function load(from, to) {
  figStatus.replaceChildren();
  try {
    const d = await call('GET', '/api/v1/joint/figures', { params: { from, to } });
    document.getElementById('fig-period').textContent =
      `统计期间：${d.from} 至 ${d.to}（按核查日期，北京时间）${d.all_departments ? '，全部部门' : '，本部门'}`;
    fromIn.value = d.from;
    toIn.value = d.to;
    // the checks behind a row are on the feedback page, which only the departments (check) use:
    // the credit office reads the figures without a link it could not follow
    const rows = (d.rows || []).map((r) => ({
      cells: cells(r, can('check') ? `feedback.html?scenario=${encodeURIComponent(r.scenario)}` : ''),
    }));
    if (d.total) rows.push({ attrs: { class: 'total-row' }, cells: cells(d.total, null) });
    box.replaceChildren(!d.rows || !d.rows.length
      ? h('p', { class: 'empty' }, '本期间没有核查。')
      : table('按部门和业务场景', ['部门', '业务场景', '核查次数', '核查主体', '命中主体', '已反馈主体',
        '反馈率', '已采取措施', '未采取措施', '涉及金额（元）'], rows, { id: 'figures-table' }));
  } catch (err) {
    if (err.field === 'from' || err.field === 'to') fieldError(err.field === 'from' ? fromIn : toIn, err.message);
    showError(figStatus, err);
  }
}

document.getElementById('period').addEventListener('submit', (ev) => {
  ev.preventDefault();
  fieldError(fromIn, '');
  fieldError(toIn, '');
  const q = new URLSearchParams();
  if (fromIn.value) q.set('from', fromIn.value);
  if (toIn.value) q.set('to', toIn.value);
  history.replaceState(null, '', `figures.html?${q}`);
  load(fromIn.value || null, toIn.value || null);
});

(async () => {
  const s = await startPage({ page: 'figures.html', need: ['check', 'stats.read'], statusBox });
  if (!s) return;
  statusBox.replaceChildren();
  document.getElementById('content').hidden = false;
  await load(param('from'), param('to'));
})();
