// search.js - the search page: organisations by name or code (GET, in the URL, with paging),
// natural persons by exact full name and ID number (POST body only, never in a URL).
import { apiGet, apiPost, showError, showNotice } from './api.js';
import { charLength, shownQuery, TOO_SHORT, wireSearchForm } from './searchform.js';
import { h, hrefWith, loading, pageParam, pager, param, setTitle, show, subjectHref } from './ui.js';

const PER_PAGE = 20;
const form = wireSearchForm(document.getElementById('search-form'));
const section = document.getElementById('results-section');
const results = document.getElementById('results');

function resultItem(s) {
  const codeLabel = s.masked ? '证件号码' : '代码';
  return h('li', { class: 'result' },
    h('a', { class: 'result-name', href: subjectHref(s) }, show(s.name)),
    h('span', { class: 'badge badge-kind' }, show(s.kind_name)),
    s.code ? h('p', { class: 'meta' }, `${codeLabel}：`, h('span', { class: 'code' }, s.code)) : null);
}

async function searchOrgs(q, page) {
  section.hidden = false;
  setTitle(`“${shownQuery(q)}”的查询结果`);
  loading(results, '正在查询…');
  let data;
  try {
    data = await apiGet('/api/v1/subjects', { q, page, per_page: PER_PAGE });
  } catch (err) {
    let hint = null;
    if (err.status === 400 && err.field === 'q') {
      form.showError(err.message); // the server says what is wrong: too short, too long, an ID
    } else if (err.status === 400 && err.field === 'page') {
      hint = '结果过多，请输入更具体的名称。';
    }
    showError(results, err, hint);
    return;
  }
  const items = Array.isArray(data.items) ? data.items : [];
  if (!items.length) {
    showNotice(results, page > 1
      ? '没有更多结果了。'
      : `未找到名称包含“${shownQuery(q)}”的企业或组织。请检查输入，或换一个更短的关键词；查询自然人请使用下方的自然人查询。`, 'warn');
    if (page > 1) results.append(h('p', null, h('a', { href: hrefWith({ page: null }) }, '返回第一页')));
    return;
  }
  const how = data.match === 'code' ? '按代码精确匹配' : `名称包含“${shownQuery(q)}”`;
  const summary = h('p', { class: 'meta', role: 'status' }, `${how}，第 ${data.page || page} 页，本页 ${items.length} 条`,
    data.has_more ? '（还有更多）' : '');
  results.replaceChildren(summary, h('ul', { class: 'results' }, items.map(resultItem)),
    h('div', null, pagerFor(page, !!data.has_more)));
}

function pagerFor(page, hasMore) {
  return pager(page, hasMore, (p) => hrefWith({ page: p === 1 ? null : p }));
}

// ---- natural persons ----
const personForm = document.getElementById('person-form');
const personName = document.getElementById('person-name');
const personId = document.getElementById('person-id');
const personBox = document.getElementById('person-error');
const ID_RE = /^\d{17}[\dX]$/;

function markInvalid(input, bad) {
  if (bad) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

personForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const name = personName.value.trim();
  const idNumber = personId.value.trim().toUpperCase();
  markInvalid(personName, !name);
  markInvalid(personId, !ID_RE.test(idNumber));
  if (!name) {
    showNotice(personBox, '请输入完整姓名。', 'warn');
    personName.focus();
    return;
  }
  if (!ID_RE.test(idNumber)) {
    showNotice(personBox, '请输入18位身份证号码（末位可为 X）。', 'warn');
    personId.focus();
    return;
  }
  const button = personForm.querySelector('button[type="submit"]');
  button.disabled = true;
  loading(personBox, '正在查询…');
  try {
    const data = await apiPost('/api/v1/subjects/person', { name, id_number: idNumber });
    const found = (Array.isArray(data.items) && data.items[0]) || data.subject || (data.id ? data : null);
    if (!found || !found.id) {
      showNotice(personBox, '未找到与该姓名和身份证号码一致的自然人。', 'warn');
      return;
    }
    // The number is not kept in the page once it has done its job.
    personId.value = '';
    location.assign(subjectHref(found));
  } catch (err) {
    showError(personBox, err, err.status === 404 ? '请核对姓名和身份证号码是否完整、准确。' : null);
  } finally {
    button.disabled = false;
  }
});

// ---- start ----
const q = param('q');
if (q !== null) {
  form.input.value = q;
  if (charLength(q) < 2) {
    section.hidden = false;
    form.showError(TOO_SHORT);
    showNotice(results, `${TOO_SHORT}。`, 'warn');
  } else {
    searchOrgs(q, pageParam());
  }
}
