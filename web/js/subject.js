// subject.js - a subject's credit file: the subject block, then the seven tabs as 信用中国 shows
// them (基本信息、行政许可、行政处罚、守信激励、失信惩戒、经营异常、其他), in the order the server
// gives. Tabs follow the WAI-ARIA tabs pattern: arrow keys, Home and End move and select.
import { apiGet, showError, showNotice } from './api.js';
import { h, param, recordCard, setTitle, show } from './ui.js';

const status = document.getElementById('status');
const file = document.getElementById('file');
const tablist = document.getElementById('tabs');
const panels = document.getElementById('panels');

function basicPanel(subject, asOf) {
  const rows = [
    ['名称', subject.name],
    ['主体类别', subject.kind_name],
  ];
  const ids = Array.isArray(subject.identifiers) ? subject.identifiers : [];
  for (const id of ids) rows.push([id.type_name || id.type, id.value]);
  if (!ids.length && subject.code) rows.push([subject.masked ? '证件号码' : '代码', subject.code]);
  rows.push(['信息截至', asOf]);
  return [
    h('h2', { class: 'visually-hidden' }, '基本信息'),
    h('dl', { class: 'fields' }, rows.flatMap(([k, v]) => [h('dt', null, show(k)), h('dd', null, show(v))])),
  ];
}

function recordsPanel(tab) {
  const records = Array.isArray(tab.records) ? tab.records : [];
  const head = h('h2', { class: 'visually-hidden' }, tab.tab_name);
  if (!records.length) return [head, h('p', { class: 'empty' }, `暂无${tab.tab_name}信息。`)];
  const note = tab.count > records.length
    ? h('p', { class: 'meta' }, `共 ${tab.count} 条，显示前 ${records.length} 条。`)
    : null;
  return [head, note, h('ul', { class: 'records' }, records.map((r) => recordCard(r)))];
}

function tabsOf(data) {
  return Array.isArray(data.tabs) ? data.tabs : [];
}

/** Select one tab: aria-selected, roving tabindex, the panel shown; optionally focus it. */
function select(tabs, index, focus) {
  tabs.forEach((btn, i) => {
    const on = i === index;
    btn.setAttribute('aria-selected', on ? 'true' : 'false');
    btn.tabIndex = on ? 0 : -1;
    document.getElementById(btn.getAttribute('aria-controls')).hidden = !on;
  });
  if (focus) tabs[index].focus();
  const id = tabs[index].dataset.tab;
  history.replaceState(null, '', id === 'basic' ? location.pathname + location.search : `#${id}`);
}

function buildTabs(data) {
  const tabs = [];
  for (const tab of tabsOf(data)) {
    const tabId = `tab-${tab.tab}`;
    const panelId = `panel-${tab.tab}`;
    const count = tab.tab === 'basic' ? null : h('span', { class: 'badge badge-count' }, String(tab.count ?? 0));
    const btn = h('button', {
      type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'aria-selected': 'false',
      tabindex: '-1', 'data-tab': tab.tab,
    }, tab.tab_name, count ? h('span', { class: 'visually-hidden' }, '，共') : null, count,
    count ? h('span', { class: 'visually-hidden' }, '条') : null);
    const panel = h('div', {
      role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, tabindex: '0', class: 'tabpanel', hidden: true,
    }, tab.tab === 'basic' ? basicPanel(data.subject, data.as_of) : recordsPanel(tab));
    tablist.append(btn);
    panels.append(panel);
    tabs.push(btn);
  }
  if (!tabs.length) return;

  tablist.addEventListener('click', (ev) => {
    const btn = ev.target.closest('[role="tab"]');
    if (btn) select(tabs, tabs.indexOf(btn), true);
  });
  tablist.addEventListener('keydown', (ev) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    let next = null;
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') next = (i + 1) % tabs.length;
    else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') next = (i - 1 + tabs.length) % tabs.length;
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = tabs.length - 1;
    if (next === null) return;
    ev.preventDefault();
    select(tabs, next, true);
  });

  const wanted = location.hash.slice(1);
  const start = Math.max(0, tabs.findIndex((b) => b.dataset.tab === wanted));
  select(tabs, start, false);
}

async function main() {
  const id = param('id');
  if (!id) {
    showNotice(status, '缺少主体编号。请从查询结果进入信用档案。', 'warn');
    return;
  }
  let data;
  try {
    data = await apiGet(`/api/v1/subjects/${encodeURIComponent(id)}`);
  } catch (err) {
    showError(status, err, err.status === 404 ? '该主体不存在，或其信息不在公示范围内。' : null);
    return;
  }
  const s = data.subject || {};
  setTitle(`${show(s.name)}的信用档案`);
  document.getElementById('subject-name').textContent = show(s.name);
  document.getElementById('subject-kind').textContent = show(s.kind_name);
  const meta = document.getElementById('subject-meta');
  const ids = Array.isArray(s.identifiers) ? s.identifiers : [];
  const known = ids.find((x) => x.value === s.code);
  const label = s.masked ? '证件号码' : (known && known.type_name) || '代码';
  meta.replaceChildren(`${label}：`, h('span', { class: 'code' }, show(s.code)),
    `　信息截至 ${show(data.as_of)}`);
  document.getElementById('subject-masked').hidden = !s.masked;
  // an organisation's credit report is public (report.html); a person's only in 我的信用
  const uscc = ids.find((x) => x.type === 'uscc');
  if (!s.masked && s.kind !== 'person' && uscc && uscc.value) {
    document.getElementById('report-link').href = `report.html?code=${encodeURIComponent(uscc.value)}`;
    document.getElementById('subject-actions').hidden = false;
  }
  buildTabs(data);
  status.replaceChildren();
  file.hidden = false;
}

main();
