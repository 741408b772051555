// ui.js - small DOM helpers shared by the pages: element building (text only, never HTML),
// URL parameters, record cards, subject links and the pager.

/**
 * Build an element. `attrs` values are set as attributes (or, for `text`, as textContent);
 * children are nodes or strings (strings become text nodes). Never takes HTML, never an
 * event-handler or style attribute (the CSP forbids both anyway).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (/^on/i.test(k) || k === 'style') throw new Error(`refused attribute ${k}`);
    if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A URL query parameter of the current page (trimmed), or null. */
export function param(name) {
  const v = new URLSearchParams(location.search).get(name);
  return v === null ? null : v.trim();
}

/** A positive page number from the URL (1 when absent or not a number). */
export function pageParam() {
  const n = parseInt(param('page') || '1', 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** "—" for missing values. */
export function show(v) {
  return v === undefined || v === null || v === '' ? '—' : String(v);
}

export function setTitle(text) {
  document.title = `${text} — 信用广州`;
}

export function subjectHref(s) {
  return `subject.html?id=${encodeURIComponent(s.id)}`;
}

export function recordHref(r) {
  return `record.html?id=${encodeURIComponent(r.id)}`;
}

// Labels of a record's two dates, by catalogue item; lists use entry and exit dates.
const DATE_LABELS = {
  xzxk: ['许可决定日期', '有效期至'],
  xzcf: ['处罚决定日期', '公示截止期（部门报送）'],
  jyyc: ['列入日期', '移出日期'],
  yzsx: ['列入日期', '有效期至'],
  hmd: ['认定日期', '有效期至'],
  sxbzxr: ['列入日期', '移出日期'],
  nsxy: ['评价日期', '有效期至'],
};

export function dateLabels(item) {
  return DATE_LABELS[item] || ['决定日期', '截止日期'];
}

const NEGATIVE_TABS = new Set(['penalty', 'punish', 'abnormal']);

/** "negative", "positive" or "" for a record's tab (drives the card's colour and badge). */
export function tone(rec) {
  if (NEGATIVE_TABS.has(rec.tab)) return 'negative';
  if (rec.tab === 'reward') return 'positive';
  return '';
}

function fieldsOf(rec) {
  return Array.isArray(rec.fields) ? rec.fields : [];
}

/** The record's document number (文书号, 案号, 决定文号…), the best title a record has. */
export function recordTitle(rec) {
  const fs = fieldsOf(rec);
  const byCode = fs.find((f) => /(^|_)(WSH|AH|JDWH|RDWH|WH)$/.test(f.code || ''));
  const byName = fs.find((f) => /文书号|文号|案号/.test(f.name || ''));
  const f = byCode || byName;
  return f ? String(f.value) : rec.item_name || '信用记录';
}

/** A one-line summary: what was decided or why the entry was made. */
export function recordSummary(rec) {
  const order = [/许可内容|处罚内容/, /失信行为具体情形|列入事由|列入.*原因|认定事由/, /红名单名称|名单类型/,
    /内容|事由|原因/];
  const fs = fieldsOf(rec);
  for (const re of order) {
    const f = fs.find((x) => re.test(x.name || ''));
    if (f) return String(f.value);
  }
  return '';
}

export function disputedBadge() {
  return h('span', { class: 'badge badge-dispute', title: '该信息正在异议处理中' }, '有异议');
}

export function itemBadge(rec) {
  const t = tone(rec);
  const cls = t ? `badge badge-${t}` : 'badge badge-kind';
  return h('span', { class: cls }, rec.item_name || rec.item || '记录');
}

/** The facts every record shows: department, dates, publicity end, version. */
function factList(rec) {
  const [dLabel, eLabel] = dateLabels(rec.item);
  const dept = rec.department || {};
  const facts = [
    ['决定部门', dept.name || dept.code],
    [dLabel, rec.decision_date],
    ['公示截止', rec.public_until === null ? '无固定截止日期' : rec.public_until],
  ];
  if (rec.end_date) facts.push([eLabel, rec.end_date]);
  if (rec.version && rec.version > 1) facts.push(['版本', `第 ${rec.version} 版（已更正）`]);
  return h('dl', { class: 'record-facts' },
    facts.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, show(v)))));
}

/** All fields of a record, name: value, in the order the server gives them. */
export function fieldList(rec) {
  const fs = fieldsOf(rec);
  if (!fs.length) return h('p', { class: 'empty' }, '本记录没有更多公示字段。');
  return h('dl', { class: 'fields' }, fs.flatMap((f) => [
    h('dt', null, show(f.name || f.code)),
    h('dd', null, show(f.value)),
  ]));
}

/**
 * A record as a card. Options: level (heading level, default 3), link (title links to the
 * record page, default true), subject (a summary to link to), tag (default 'li').
 */
export function recordCard(rec, opts = {}) {
  const { level = 3, link = true, subject = null, tag = 'li' } = opts;
  const t = tone(rec);
  const cls = ['record-card', t, rec.disputed ? 'disputed' : ''].filter(Boolean).join(' ');
  const title = recordTitle(rec);
  const heading = h(`h${level}`, { class: 'record-title' },
    itemBadge(rec),
    link && rec.id ? h('a', { href: recordHref(rec) }, title) : h('span', null, title),
    rec.disputed ? disputedBadge() : null);
  const card = h(tag, { class: cls, 'data-record-id': rec.id, 'data-tab': rec.tab }, heading, factList(rec),
    fieldList(rec));
  if (subject) {
    card.append(h('p', { class: 'record-links' }, '信用主体：',
      h('a', { href: subjectHref(subject) }, show(subject.name)),
      subject.code ? h('span', { class: 'meta code' }, `（${subject.code}）`) : null));
  }
  return card;
}

/**
 * The pager: "上一页 · 第 N 页 · 下一页" as links built by `href(page)`.
 * Nothing when there is one page only.
 */
export function pager(page, hasMore, href) {
  if (page <= 1 && !hasMore) return h('span', { hidden: true });
  const prev = page > 1
    ? h('a', { class: 'button secondary', href: href(page - 1), rel: 'prev' }, '上一页')
    : h('span', { class: 'button secondary disabled', 'aria-hidden': 'true' }, '上一页');
  const next = hasMore
    ? h('a', { class: 'button secondary', href: href(page + 1), rel: 'next' }, '下一页')
    : h('span', { class: 'button secondary disabled', 'aria-hidden': 'true' }, '下一页');
  return h('nav', { class: 'pager', 'aria-label': '分页' }, prev,
    h('span', { class: 'current', 'aria-current': 'page' }, `第 ${page} 页`), next);
}

/** The same page's URL with some query parameters replaced (null removes one). */
export function hrefWith(changes) {
  const qs = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') qs.delete(k);
    else qs.set(k, String(v));
  }
  const s = qs.toString();
  return `${location.pathname.split('/').pop() || 'index.html'}${s ? `?${s}` : ''}`;
}

export function loading(box, text = '正在加载…') {
  box.replaceChildren(h('p', { class: 'loading', role: 'status' }, text));
}

/**
 * Ask to confirm in a modal <dialog>; resolves true when confirmed (false on 取消 or Esc). The
 * cancel button has the focus, so Enter does not confirm by accident. Options: okId (the id of
 * the confirm button), dialogClass (the dialog's class).
 */
export function confirmModal(title, text, okText, { okId = null, dialogClass = 'console-dialog' } = {}) {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', class: 'danger', id: okId }, okText);
    const cancel = h('button', { type: 'button', class: 'secondary' }, '取消');
    const dlg = h('dialog', { class: dialogClass, 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title), h('p', null, text), h('div', { class: 'actions' }, ok, cancel));
    const done = (v) => {
      dlg.close();
      dlg.remove();
      resolve(v);
    };
    ok.addEventListener('click', () => done(true));
    cancel.addEventListener('click', () => done(false));
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dlg);
    dlg.showModal();
    cancel.focus();
  });
}
