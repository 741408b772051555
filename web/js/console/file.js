// file.js - a whole credit file (public and non-public records) in the console: the subject
// block, then the tabs in the server's order, following the WAI-ARIA tabs pattern as the
// portal's subject page does. Records not public now carry a "非公开" badge. Record titles
// do not link to the portal's record page, where a non-public record does not exist.
import { h, recordCard, show } from '../ui.js';

function isPrivate(rec) {
  return rec.public === false; // only the full file says; the public one has no such field
}

function basicPanel(subject, asOf) {
  const rows = [['名称', subject.name], ['主体类别', subject.kind_name]];
  const ids = Array.isArray(subject.identifiers) ? subject.identifiers : [];
  for (const id of ids) rows.push([id.type_name || id.type, id.value]);
  if (!ids.length && subject.code) rows.push(['代码', subject.code]);
  rows.push(['信息截至', asOf]);
  return [h('h3', { class: 'visually-hidden' }, '基本信息'),
    h('dl', { class: 'fields' }, rows.flatMap(([k, v]) => [h('dt', null, show(k)), h('dd', null, show(v))]))];
}

function recordsPanel(tab) {
  const records = Array.isArray(tab.records) ? tab.records : [];
  const head = h('h3', { class: 'visually-hidden' }, tab.tab_name);
  if (!records.length) return [head, h('p', { class: 'empty' }, `暂无${tab.tab_name}信息。`)];
  const note = tab.count > records.length ? h('p', { class: 'meta' }, `共 ${tab.count} 条，显示前 ${records.length} 条。`) : null;
  return [head, note, h('ul', { class: 'records' }, records.map((r) => {
    const card = recordCard(r, { link: false });
    if (isPrivate(r)) {
      card.classList.add('private');
      card.querySelector('.record-title').append(h('span', { class: 'badge badge-private', title: '该记录目前不在公示范围内' }, '非公开'));
    }
    return card;
  }))];
}

function select(tabs, index, focus) {
  tabs.forEach((btn, i) => {
    const on = i === index;
    btn.setAttribute('aria-selected', on ? 'true' : 'false');
    btn.tabIndex = on ? 0 : -1;
    document.getElementById(btn.getAttribute('aria-controls')).hidden = !on;
  });
  if (focus) tabs[index].focus();
}

/** Render `data` (the shape of GET /api/v1/subjects/{code}) into `article`. */
export function renderFile(article, data, { note = null } = {}) {
  const s = data.subject || {};
  const ids = Array.isArray(s.identifiers) ? s.identifiers : [];
  const known = ids.find((x) => x.value === s.code);
  const label = (known && known.type_name) || (s.kind === 'person' ? '证件号码' : '代码');
  const head = h('header', { class: 'panel' },
    h('div', { class: 'subject-head' }, h('h2', { id: 'subject-name', class: 'file-name' }, show(s.name)),
      h('span', { class: 'badge badge-kind' }, show(s.kind_name)),
      data.private ? h('span', { class: 'badge badge-private' }, '含非公开信息') : null),
    h('p', { class: 'meta subject-meta' }, `${label}：`, h('span', { class: 'code', id: 'subject-code' }, show(s.code)),
      `　信息截至 ${show(data.as_of)}`),
    note ? h('p', { class: 'meta' }, note) : null);
  const tablist = h('div', { class: 'tablist', role: 'tablist', 'aria-label': '信用信息分类' });
  const panels = h('div');
  const tabs = [];
  for (const tab of Array.isArray(data.tabs) ? data.tabs : []) {
    const tabId = `tab-${tab.tab}`;
    const panelId = `panel-${tab.tab}`;
    const count = tab.tab === 'basic' ? null : h('span', { class: 'badge badge-count' }, String(tab.count ?? 0));
    const btn = h('button', {
      type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'aria-selected': 'false', tabindex: '-1',
      'data-tab': tab.tab,
    }, tab.tab_name, count ? h('span', { class: 'visually-hidden' }, '，共') : null, count,
    count ? h('span', { class: 'visually-hidden' }, '条') : null);
    panels.append(h('div', {
      role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, tabindex: '0', class: 'tabpanel', hidden: true,
    }, tab.tab === 'basic' ? basicPanel(s, data.as_of) : recordsPanel(tab)));
    tablist.append(btn);
    tabs.push(btn);
  }
  article.replaceChildren(head, tablist, panels);
  article.hidden = false;
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
  select(tabs, 0, false);
}
