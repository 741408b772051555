// about.js - the about page is static text; this adds the catalogue table (each item's
// openness, publicity rule and legal basis) from GET /api/v1/catalog.
import { apiGet, showError, showNotice } from './api.js';
import { h, show } from './ui.js';

async function main() {
  const box = document.getElementById('catalog-table');
  let data;
  try {
    data = await apiGet('/api/v1/catalog');
  } catch (err) {
    showError(box, err, '目录暂时无法加载。');
    return;
  }
  const items = Array.isArray(data.items) ? data.items : [];
  if (!items.length) {
    showNotice(box, '目录为空。');
    return;
  }
  const cols = ['信息类别', '目录类别', '公开属性', '公示期限', '法律依据'];
  const table = h('table', { class: 'data', id: 'catalog' },
    h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, items.map((i) => h('tr', null,
      h('td', { 'data-label': cols[0] }, show(i.name), i.negative ? [' ', h('span', { class: 'badge badge-negative' }, '失信')] : null),
      h('td', { 'data-label': cols[1] }, `${show(i.category)} ${show(i.category_name)}`),
      h('td', { 'data-label': cols[2], class: 'nowrap' }, show(i.openness)),
      h('td', { 'data-label': cols[3] }, show(i.publicity_note)),
      h('td', { 'data-label': cols[4] }, show(i.legal_basis))))));
  box.replaceChildren(h('div', { class: 'table-wrap' }, table));
}

main();
