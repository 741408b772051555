// lists.js - the red and black lists as published (GET /api/v1/lists): one list at a time
// (?type=), its issuing department, legal basis, default duration, entries in effect and latest
// entry date; and its entries a page at a time (GET /api/v1/lists/{item}/entries) with entry and
// exit dates, document number, 有异议 and a link to the record. A new 严重失信主体名单 entry
// appears only after a second person approved it; natural persons are masked by the server.
import { apiGet, showError, showNotice } from './api.js';
import {
  dateLabels, disputedBadge, h, hrefWith, loading, pageParam, pager, param, setTitle, show, subjectHref,
} from './ui.js';

const PER_PAGE = 20;
const INTRO = {
  red: '经认定的守信主体，在有效期内享受守信激励措施。',
  black: '依法认定的严重失信主体，在列入期间实施失信惩戒措施。新列入的条目经报送人以外的工作人员审核后公示。',
  watch: '被列入重点关注名单的主体；履行相关义务后可申请移出。',
};

const nav = document.querySelector('.typenav ul');
const basis = document.getElementById('basis');
const results = document.getElementById('results');

function duration(l) {
  const m = Number(l.duration_months) || 0;
  if (!m) return '直至移出或有效期届满';
  return m % 12 === 0 ? `一般 ${m / 12} 年（${m} 个月）` : `${m} 个月`;
}

function showNav(lists, type) {
  nav.replaceChildren(...lists.map((l) => h('li', null, h('a', {
    href: `lists.html?type=${encodeURIComponent(l.item)}`,
    'data-type': l.item,
    class: l.kind === 'red' ? null : 'black',
    'aria-current': l.item === type ? 'page' : null,
  }, l.name))));
}

function showBasis(l) {
  document.getElementById('list-title').textContent = l.name;
  const count = `${l.in_effect_at_least ? '至少 ' : ''}${l.in_effect} 条`;
  const rows = [
    ['名单类型', l.kind_name],
    ['认定部门', l.issuer],
    ['法律依据', l.basis],
    ['列入期限', duration(l)],
    ['公示期限', l.publicity],
    ['公示中的条目', count],
    ['最近列入', l.last_updated || '暂无'],
  ];
  if (Array.isArray(l.names) && l.names.length) rows.splice(1, 0, ['包括', l.names.join('、')]);
  if (l.second_approval) rows.push(['列入审核', '新列入须经报送人以外的工作人员审核后公示']);
  basis.replaceChildren(h('p', null, INTRO[l.kind] || ''),
    h('dl', { class: 'fields', id: 'list-basis' }, rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, show(v))])));
}

function row(type, e, withEnd, withName) {
  const s = e.subject || {};
  const [inLabel, outLabel] = dateLabels(type);
  return h('tr', { 'data-record-id': e.record },
    h('td', { 'data-label': '主体名称' },
      s.id ? h('a', { href: subjectHref(s) }, show(s.name)) : show(s.name),
      ' ', h('span', { class: 'badge badge-kind' }, show(s.kind_name)),
      e.disputed ? [' ', disputedBadge()] : null,
      s.code ? h('div', { class: 'meta code' }, s.code) : null),
    withName ? h('td', { 'data-label': '名单' }, show(e.list_name)) : null,
    h('td', { 'data-label': '文书号' }, show(e.document),
      h('div', { class: 'meta' }, h('a', { href: e.href }, '查看详情'))),
    h('td', { 'data-label': '认定部门' }, show(e.department && e.department.name)),
    h('td', { 'data-label': inLabel, class: 'nowrap date-in' }, show(e.entry_date)),
    withEnd ? h('td', { 'data-label': outLabel, class: 'nowrap date-out' }, show(e.exit_date)) : null,
    h('td', { 'data-label': '公示截止', class: 'nowrap' }, e.public_until === null ? '无固定截止日期' : show(e.public_until)));
}

async function showEntries(l, page) {
  loading(results);
  let data;
  try {
    data = await apiGet(`/api/v1/lists/${encodeURIComponent(l.item)}/entries`, { page, per_page: PER_PAGE });
  } catch (err) {
    showError(results, err);
    return;
  }
  const entries = Array.isArray(data.entries) ? data.entries : [];
  if (!entries.length) {
    showNotice(results, page > 1 ? '没有更多条目了。' : '该名单目前没有公示条目。', 'warn');
    return;
  }
  const [inLabel, outLabel] = dateLabels(l.item);
  // entries that left a list are no longer public: show the exit column only when it says something
  const withEnd = entries.some((e) => e.exit_date);
  const withName = entries.some((e) => e.list_name);
  const cols = ['主体名称', withName ? '名单' : null, '文书号', '认定部门', inLabel, withEnd ? outLabel : null, '公示截止'].filter(Boolean);
  const table = h('table', { class: 'data', id: 'list-table' },
    h('caption', null, `${l.name}，第 ${data.page || page} 页`),
    h('thead', null, h('tr', null, cols.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, entries.map((e) => row(l.item, e, withEnd, withName))));
  results.replaceChildren(h('div', { class: 'table-wrap' }, table),
    pager(page, !!data.has_more, (p) => hrefWith({ page: p === 1 ? null : p })));
}

async function main() {
  let data;
  try {
    data = await apiGet('/api/v1/lists');
  } catch (err) {
    showError(results, err, '名单暂时无法加载。');
    return;
  }
  const lists = Array.isArray(data.lists) ? data.lists : [];
  if (!lists.length) {
    showNotice(results, '目录中没有名单。', 'warn');
    return;
  }
  const wanted = param('type');
  const l = lists.find((x) => x.item === wanted) || lists.find((x) => x.item === 'hmd') || lists[0];
  showNav(lists, l.item);
  setTitle(l.name);
  showBasis(l);
  showEntries(l, pageParam());
}

main();
