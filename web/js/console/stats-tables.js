// stats-tables.js - the tables of the statistics page (统计分析), one entry of TABLES each: its
// heading, the table GET /api/v1/stats/export downloads for it (null: none), its columns and how
// a row of GET /api/v1/stats/overview becomes cells. The first cell of a row is its row header
// (th scope=row); numeric columns are right-aligned; every cell carries its column's name in
// data-label, so on a phone each row reads as a small card (site.css). The coverage table holds
// the office's form to set a kind's 主体总数 and its 来源 (PUT /api/v1/stats/registered).
import { h, show } from '../ui.js';
import { days, deptName, num, pct, permille, sum, yuan } from './stats-format.js';

// the server's limits (service/stats.h: XY_STATS_REGISTERED_MAX, XY_STATS_SOURCE_MAX)
const MAX_REGISTERED = 9999999999;
const MAX_SOURCE_CHARS = 200;

const col = (label, isNum = false) => ({ label, num: isNum });

/** The page's tables in order. rows(d) gives [{cells, attrs}]; total(d) an optional last row. */
export const TABLES = [
  {
    id: 'coverage',
    title: '信用档案覆盖率',
    export: 'coverage',
    note: '主体总数为登记机关统计的本市主体数，由信用办按来源填写；未填写时不计算覆盖率。',
    columns: [col('主体类别'), col('平台主体数', true), col('有信用记录的主体', true), col('主体总数', true),
      col('来源'), col('覆盖率', true)],
    rows: (d) => (d.coverage || []).map((c) => ({
      attrs: { 'data-kind': c.kind },
      cells: [show(c.label || c.kind), num(c.subjects), num(c.with_records), num(c.registered), show(c.registered_source),
        pct(c.share_permille)],
    })),
    empty: '没有主体。',
  },
  {
    id: 'months',
    title: '按月份的记录数',
    export: 'months',
    columns: [col('月份'), col('新增记录', true), col('记录版本（含更正）', true)],
    rows: (d) => (d.by_month || []).map((m) => ({ cells: [show(m.month), num(m.records), num(m.versions)] })),
    total: (d) => ['合计', num(sum(d.by_month, 'records')), num(sum(d.by_month, 'versions'))],
    empty: '本期间没有记录。',
  },
  {
    id: 'categories',
    title: '按信息类别的记录数',
    export: 'categories',
    columns: [col('信息事项'), col('信息类别'), col('记录数', true), col('占比', true)],
    rows: (d) => {
      const all = sum(d.by_category, 'records');
      return (d.by_category || []).map((c) => ({
        attrs: { 'data-item': c.item },
        cells: [show(c.item_name || c.item), show(c.label), num(c.records), pct(permille(c.records, all))],
      }));
    },
    total: (d) => ['合计', '', num(sum(d.by_category, 'records')), ''],
    empty: '本期间没有记录。',
  },
  {
    id: 'by-department',
    title: '按部门的记录数',
    export: 'departments',
    columns: [col('部门'), col('记录数', true), col('占比', true)],
    rows: (d) => {
      const all = sum(d.by_department, 'records');
      return (d.by_department || []).map((r) => ({
        attrs: { 'data-dept': r.department ? r.department.code : '' },
        cells: [deptName(r.department), num(r.records), pct(permille(r.records, all))],
      }));
    },
    total: (d) => ['合计', num(sum(d.by_department, 'records')), ''],
    empty: '本期间没有记录。',
  },
  {
    id: 'assessment',
    title: '部门考核',
    export: 'departments',
    note: '及时：决定作出后 7 个工作日内报送；逾期：超过 7 个工作日；无法判断：缺少可用的决定日期。逾期平均延迟：逾期记录从决定日到报送日的工作日数的平均值。',
    columns: [col('部门'), col('记录数', true), col('报送行数', true), col('拒收', true), col('拒收率', true),
      col('及时', true), col('逾期', true), col('无法判断', true), col('及时率', true), col('逾期平均延迟（工作日）', true),
      col('异议', true), col('异议成立', true), col('异议不成立', true), col('异议办理中', true)],
    rows: (d) => (d.departments || []).map((r) => ({
      attrs: { 'data-dept': r.department ? r.department.code : '' },
      cells: [deptName(r.department), num(r.records), num(r.rows), num(r.rejected), pct(r.rejected_permille),
        num(r.timely), num(r.late), num(r.untimed), pct(r.timely_permille), days(r.mean_delay_days),
        num(r.objections), num(r.objections_upheld), num(r.objections_rejected), num(r.objections_open)],
    })),
    total: (d) => {
      const s = (k) => sum(d.departments, k);
      return ['合计', num(s('records')), num(s('rows')), num(s('rejected')), pct(permille(s('rejected'), s('rows'))),
        num(s('timely')), num(s('late')), num(s('untimed')), pct(permille(s('timely'), s('timely') + s('late'))), '',
        num(s('objections')), num(s('objections_upheld')), num(s('objections_rejected')), num(s('objections_open'))];
    },
    empty: '本期间没有部门报送。',
  },
  {
    id: 'clocks',
    title: '办理时限',
    export: 'clocks',
    note: '时限按工作日计：异议 2 个工作日内受理，部门核实 10 个工作日；信用修复 10 个工作日内决定。“其中已超期”为仍在办理而已过时限的件数。',
    columns: [col('事项'), col('办理中', true), col('其中已超期', true), col('已办结', true), col('按期办结', true),
      col('超期办结', true), col('按期办结率', true)],
    rows: (d) => (d.clocks || []).map((c) => ({
      attrs: { 'data-kind': c.kind },
      cells: [show(c.label || c.kind), num(c.open), num(c.open_overdue), num(c.closed), num(c.closed_on_time),
        num(c.closed_late), pct(permille(c.closed_on_time, c.closed))],
    })),
    empty: '没有异议和信用修复。',
  },
  {
    id: 'joint',
    title: '联合奖惩闭环',
    export: 'joint', // GET /api/v1/joint/figures and its page (联合奖惩统计) have the detail
    columns: [col('范围'), col('核查次数', true), col('核查主体', true), col('命中主体', true), col('已反馈主体', true),
      col('反馈率', true), col('已采取措施', true), col('未采取措施', true), col('涉及金额（元）', true)],
    rows: (d) => {
      const j = d.joint;
      if (!j) return [];
      return [{
        cells: [d.department ? deptName(d.department) : '全部部门', num(j.checks), num(j.subjects), num(j.subjects_hit),
          num(j.subjects_with_feedback), pct(j.feedback_permille), num(j.measures_taken), num(j.measures_not_taken),
          yuan(j.amount_fen)],
      }];
    },
    empty: '没有联合奖惩核查。',
  },
];

/** A <tr>: the first cell a row header, numbers right-aligned, each cell labelled for phones. */
function row(columns, cells, attrs, header = 'th') {
  return h('tr', attrs || null, cells.map((cell, i) => h(i === 0 ? header : 'td', {
    scope: i === 0 && header === 'th' ? 'row' : null,
    class: columns[i] && columns[i].num ? 'num' : null,
    'data-label': columns[i] ? columns[i].label : null,
  }, cell)));
}

/** The <table> of one spec for the overview d, with caption; or an empty-state line. */
export function buildTable(spec, d, { caption, extraColumn = null } = {}) {
  const rows = spec.rows(d);
  if (!rows.length) return h('p', { class: 'empty' }, spec.empty);
  const columns = extraColumn ? [...spec.columns, col(extraColumn.label)] : spec.columns;
  const body = rows.map((r, i) => row(columns, extraColumn ? [...r.cells, extraColumn.cell(d, i)] : r.cells, r.attrs));
  const total = spec.total ? spec.total(d) : null;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data stats-table', id: `t-${spec.id}` },
    h('caption', null, caption),
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h('tbody', null, body),
    total ? h('tfoot', null, row(columns, extraColumn ? [...total, ''] : total, { class: 'total-row' })) : null));
}

/**
 * The office's form for one coverage row: 主体总数 and 来源, checked here first (a whole number
 * from 0 to 9,999,999,999; a source of 1 to 200 characters), then `save(kind, registered,
 * source, form)` (which reports the server's errors at their field).
 */
export function registeredForm(c, save) {
  const id = `reg-${c.kind}`;
  const count = h('input', {
    type: 'number', id: `${id}-registered`, name: 'registered', min: '0', max: String(MAX_REGISTERED), step: '1',
    inputmode: 'numeric', required: true, value: c.registered === null || c.registered === undefined ? '' : String(c.registered),
    'aria-describedby': `${id}-registered-error`,
  });
  const source = h('input', {
    type: 'text', id: `${id}-source`, name: 'source', maxlength: String(MAX_SOURCE_CHARS), required: true,
    value: c.registered_source || '', placeholder: '如：市市场监管局 2026 年 10 月登记数', 'aria-describedby': `${id}-source-error`,
  });
  const label = c.label || c.kind;
  const form = h('form', { class: 'registered-form', 'data-kind': c.kind, novalidate: true, 'aria-label': `设置${label}的主体总数` },
    h('div', { class: 'field' }, h('label', { for: count.id }, '主体总数'), count,
      h('p', { class: 'field-error', id: `${count.id}-error`, hidden: true })),
    h('div', { class: 'field' }, h('label', { for: source.id }, '来源'), source,
      h('p', { class: 'field-error', id: `${source.id}-error`, hidden: true })),
    h('button', { type: 'submit', class: 'small' }, '保存'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    save(c.kind, count, source, form);
  });
  return form;
}

/** Client-side checks of the registered form: [field input, message] of the first problem, or null. */
export function checkRegistered(count, source) {
  const v = count.value.trim();
  if (!/^\d{1,10}$/.test(v) || Number(v) > MAX_REGISTERED) {
    return [count, `主体总数 "${v}" 应为 0 到 ${num(MAX_REGISTERED)} 之间的整数`];
  }
  const s = source.value.trim();
  if (!s) return [source, '请填写主体总数的来源（如登记机关和统计日期）'];
  if ([...s].length > MAX_SOURCE_CHARS) return [source, `来源不能超过 ${MAX_SOURCE_CHARS} 个字`];
  return null;
}
