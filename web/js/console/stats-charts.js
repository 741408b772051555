// stats-charts.js - the four charts of the statistics page with Apache ECharts: records by month,
// by information item, by department, and each department's timely share. ECharts comes from
// npm (package.json) and the server serves its ES module at /vendor/ from node_modules
// (src/http/static.c): no CDN, nothing of it in git. It is loaded only when a chart is drawn, so
// the tables work even if it is missing.
//
// Under the portal's CSP (no inline style) the tooltip renders on the canvas (renderMode
// 'richText'): ECharts' HTML tooltip would write style attributes. Each chart is role="img" with
// a Chinese description of its data (ECharts' aria option) and the same numbers are in the
// tables below it. One ResizeObserver resizes every chart with its box (phones, rotation).
import { deptName, num } from './stats-format.js';

const ECHARTS_URL = '../../vendor/echarts.esm.min.mjs';
const COLORS = ['#0b4ea2', '#c8102e', '#1b7a3a', '#9a5b00', '#5b2a86', '#0f766e', '#64748b'];
const ROW_PX = 30; // height per bar of a horizontal bar chart
const MAX_DESC_ITEMS = 12; // data points named in a chart's spoken description

let loading = null;
const charts = new Map(); // element id -> ECharts instance
let observer = null;

/** The ECharts module (once per page); rejects when /vendor/ does not serve it. */
export function loadECharts() {
  if (!loading) loading = import(ECHARTS_URL);
  return loading;
}

function font() {
  return getComputedStyle(document.body).fontFamily;
}

function reducedMotion() {
  return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** "名称 12 条、名称 3 条…" for the spoken description, at most MAX_DESC_ITEMS entries. */
function describe(title, names, values, unit) {
  const parts = names.slice(0, MAX_DESC_ITEMS).map((n, i) => `${n} ${values[i]}${unit}`);
  const more = names.length > MAX_DESC_ITEMS ? `，另有 ${names.length - MAX_DESC_ITEMS} 项见下方表格` : '';
  return `${title}：${parts.join('，')}${more}。`;
}

function base(title, description) {
  return {
    animation: !reducedMotion(),
    color: COLORS,
    textStyle: { fontFamily: font() },
    aria: { enabled: true, label: { description }, decal: { show: false } },
    title: { show: false, text: title },
    grid: { left: 8, right: 64, top: 36, bottom: 8, containLabel: true }, // right: room for the bar labels
  };
}

const countFormatter = (v) => `${num(v)} 条`;

/** The value axis' ticks: shares at 0/20/…/100% (0/50/100% when narrow), counts in `split` steps. */
function valueTicks(percent, split) {
  return percent ? { min: 0, max: 100, interval: split < 5 ? 50 : 20 } : { minInterval: 1, splitNumber: split };
}

/** Horizontal bars, first item at the top; values already in the unit of the axis. */
function barsOption(title, names, values, { percent = false, name = '记录数', labelWidth = 120, split = 5 } = {}) {
  const fmt = percent ? (v) => `${Number(v).toFixed(1)}%` : countFormatter;
  return {
    ...base(title, describe(title, names, values.map((v) => (percent ? `${Number(v).toFixed(1)}%` : num(v))),
      percent ? '' : ' 条')),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', valueFormatter: fmt },
    xAxis: {
      type: 'value', ...valueTicks(percent, split),
      axisLabel: { formatter: percent ? '{value}%' : (v) => num(v), hideOverlap: true },
    },
    yAxis: {
      type: 'category', inverse: true, data: names,
      axisLabel: { width: labelWidth, overflow: 'truncate', interval: 0 },
    },
    series: [{
      name, type: 'bar', data: values, barMaxWidth: 22,
      label: { show: true, position: 'right', formatter: (p) => fmt(p.value) },
    }],
  };
}

function monthsOption(d) {
  const title = '按月份的记录数';
  const rows = d.by_month || [];
  const months = rows.map((m) => m.month);
  const records = rows.map((m) => m.records);
  const versions = rows.map((m) => m.versions);
  return {
    ...base(title, describe(title, months, records.map(num), ' 条')),
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: countFormatter },
    legend: { top: 0, data: ['新增记录', '记录版本（含更正）'] },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v) => num(v) } },
    series: [
      { name: '新增记录', type: 'bar', data: records, barMaxWidth: 28 },
      { name: '记录版本（含更正）', type: 'line', data: versions, symbolSize: 6 },
    ],
  };
}

function categoriesOption(d, { labelWidth, split }) {
  const rows = d.by_category || [];
  return barsOption('按信息类别的记录数', rows.map((c) => c.item_name || c.item), rows.map((c) => c.records),
    { labelWidth, split });
}

function departmentsOption(d, { labelWidth, split }) {
  const rows = d.by_department || [];
  return barsOption('按部门的记录数', rows.map((r) => deptName(r.department)), rows.map((r) => r.records),
    { labelWidth, split });
}

/** Departments whose timely share is known (a department without timed records has none). */
function timelyRows(d) {
  return (d.departments || []).filter((r) => r.timely_permille !== null && r.timely_permille !== undefined);
}

function timelyOption(d, { labelWidth, split }) {
  const rows = timelyRows(d);
  return barsOption('各部门的及时报送率', rows.map((r) => deptName(r.department)),
    rows.map((r) => r.timely_permille / 10), { percent: true, name: '及时率', labelWidth, split });
}

/** Room for the names of horizontal bars (a third of the chart, 72 to 200 pixels) and fewer
 * value ticks on a narrow chart, so their numbers do not run together. */
function fit(el) {
  return { labelWidth: Math.round(Math.min(200, Math.max(72, el.clientWidth * 0.33))), split: el.clientWidth < 440 ? 3 : 5 };
}

/** The charts: element id, option builder, number of horizontal bars (null: fixed height). */
const CHARTS = [
  { id: 'chart-months', option: monthsOption, bars: null, count: (d) => (d.by_month || []).length },
  { id: 'chart-categories', option: categoriesOption, bars: (d) => (d.by_category || []).length },
  { id: 'chart-departments', option: departmentsOption, bars: (d) => (d.by_department || []).length },
  { id: 'chart-timely', option: timelyOption, bars: (d) => timelyRows(d).length, percent: true },
];

function observe(el) {
  if (!observer) {
    observer = new ResizeObserver((entries) => {
      for (const e of entries) {
        const c = charts.get(e.target.id);
        if (!c) continue;
        // names of horizontal bars keep a third of the new width (a phone turned sideways)
        const spec = CHARTS.find((s) => s.id === e.target.id);
        if (spec.bars) {
          const f = fit(e.target);
          c.setOption({ xAxis: valueTicks(!!spec.percent, f.split), yAxis: { axisLabel: { width: f.labelWidth } } });
        }
        c.resize();
      }
    });
  }
  observer.observe(el);
}

/** An empty-state line after the chart element (made once, shown when there is no data). */
function emptyNote(el) {
  let p = el.nextElementSibling;
  if (!p || !p.classList.contains('chart-empty')) {
    p = document.createElement('p');
    p.className = 'empty chart-empty';
    p.textContent = '本期间没有数据。';
    el.after(p);
  }
  return p;
}

/**
 * Draw (or redraw) every chart for the overview d. Resolves when drawn; rejects when ECharts
 * cannot be loaded (the caller says so; the tables are unaffected).
 */
export async function drawCharts(d) {
  const echarts = await loadECharts();
  for (const spec of CHARTS) {
    const el = document.getElementById(spec.id);
    if (!el) continue;
    const n = spec.bars ? spec.bars(d) : spec.count(d);
    el.hidden = n === 0;
    emptyNote(el).hidden = n !== 0;
    if (n === 0) continue;
    el.setAttribute('role', 'img');
    // CSSOM, not a style attribute: allowed by the CSP
    if (spec.bars) el.style.height = `${Math.max(200, n * ROW_PX + 60)}px`;
    let chart = charts.get(spec.id);
    if (!chart) {
      chart = echarts.init(el, null, { renderer: 'canvas', locale: 'ZH' });
      charts.set(spec.id, chart);
      observe(el);
    } else {
      chart.resize();
    }
    chart.setOption(spec.option(d, fit(el)), { notMerge: true });
  }
}
