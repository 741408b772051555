// lists.js - red and black lists: one list type at a time (?type=), its legal basis and publicity
// rule from the catalogue, and its entries with entry and exit dates, a page at a time.
import { apiGet, showError, showNotice } from './api.js';
import {
  dateLabels, disputedBadge, h, hrefWith, loading, pageParam, pager, param, recordHref, recordSummary,
  setTitle, show, subjectHref,
} from './ui.js';

const TYPES = {
  hmd: { name: '守信激励红名单', intro: '经认定的守信主体，在有效期内享受守信激励措施。' },
  sxbzxr: { name: '失信被执行人', intro: '人民法院依法公布的失信被执行人。依照法律规定，自然人姓名予以公布，身份证号码遮蔽显示。' },
  yzsx: { name: '严重失信主体名单', intro: '依法认定的严重失信主体，在有效期内实施失信惩戒措施。' },
  jyyc: { name: '经营异常名录', intro: '被列入经营异常名录的市场主体；履行相关义务后可申请移出。' },
};
const PER_PAGE = 20;

const basis = document.getElementById('basis');
const results = document.getElementById('results');

async function showBasis(type) {
  const t = TYPES[type];
  document.getElementById('list-title').textContent = t.name;
  basis.replaceChildren(h('p', null, t.intro));
  try {
    const cat = await apiGet('/api/v1/catalog');
    const item = (cat.items || []).find((i) => i.id === type);
    if (!item) return;
    const dl = h('dl', { class: 'fields', id: 'list-basis' },
      h('dt', null, '法律依据'), h('dd', null, show(item.legal_basis)),
      h('dt', null, '公示期限'), h('dd', null, show(item.publicity_note)),
      h('dt', null, '目录类别'), h('dd', null, show(item.category_name)),
      h('dt', null, '公开属性'), h('dd', null, show(item.openness)));
    basis.append(dl);
  } catch (err) {
    const box = h('div');
    basis.append(box);
    showError(box, err, '法律依据暂时无法加载。');
  }
}

function row(type, entry, withEnd) {
  const rec = entry.record || {};
  const s = entry.subject || {};
  const [inLabel, outLabel] = dateLabels(type);
  const reason = recordSummary(rec);
  return h('tr', { 'data-record-id': rec.id },
    h('td', { 'data-label': '主体名称' },
      s.id ? h('a', { href: subjectHref(s) }, show(s.name)) : show(s.name),
      ' ', h('span', { class: 'badge badge-kind' }, show(s.kind_name)),
      rec.disputed ? [' ', disputedBadge()] : null,
      s.code ? h('div', { class: 'meta code' }, s.code) : null),
    h('td', { 'data-label': '事由' }, reason ? reason : '—',
      h('div', { class: 'meta' }, h('a', { href: recordHref(rec) }, '查看详情'))),
    h('td', { 'data-label': '认定部门' }, show(rec.department && rec.department.name)),
    h('td', { 'data-label': inLabel, class: 'nowrap date-in' }, show(rec.decision_date)),
    withEnd ? h('td', { 'data-label': outLabel, class: 'nowrap date-out' }, show(rec.end_date)) : null,
    h('td', { 'data-label': '公示截止', class: 'nowrap' },
      rec.public_until === null ? '无固定截止日期' : show(rec.public_until)));
}

async function showEntries(type, page) {
  loading(results);
  let data;
  try {
    data = await apiGet(`/api/v1/lists/${type}`, { page, per_page: PER_PAGE });
  } catch (err) {
    showError(results, err);
    return;
  }
  const items = Array.isArray(data.items) ? data.items : [];
  if (!items.length) {
    showNotice(results, page > 1 ? '没有更多条目了。' : '该名单目前没有公示条目。', 'warn');
    return;
  }
  const [inLabel, outLabel] = dateLabels(type);
  // entries that left a list are no longer public: show the exit column only when it says something
  const withEnd = items.some((e) => e.record && e.record.end_date);
  const cols = ['主体名称', '事由', '认定部门', inLabel, withEnd ? outLabel : null, '公示截止'].filter(Boolean);
  const table = h('table', { class: 'data', id: 'list-table' },
    h('caption', null, `${TYPES[type].name}，第 ${data.page || page} 页`),
    h('thead', null, h('tr', null, cols.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, items.map((e) => row(type, e, withEnd))));
  results.replaceChildren(h('div', { class: 'table-wrap' }, table),
    pager(page, !!data.has_more, (p) => hrefWith({ page: p === 1 ? null : p })));
}

function main() {
  const type = TYPES[param('type')] ? param('type') : 'hmd';
  for (const a of document.querySelectorAll('.typenav a')) {
    if (a.dataset.type === type) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  setTitle(TYPES[type].name);
  showBasis(type);
  showEntries(type, pageParam());
}

main();
