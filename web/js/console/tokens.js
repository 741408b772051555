// tokens.js - API tokens for departments' systems (security.manage): issue one for a department
// and some of its catalogue items (shown exactly once, with a copy button), list them, revoke.
import { apiGet, showError, showNotice } from '../api.js';
import { h, show } from '../ui.js';
import { call, confirmDialog, copyText, fieldError, isFuture, startPage, table, when } from './session.js';

const form = document.getElementById('issue-form');
const issueStatus = document.getElementById('issue-status');
const issued = document.getElementById('issued');
const listStatus = document.getElementById('list-status');
const list = document.getElementById('list');
const dept = document.getElementById('tok-dept');
const name = document.getElementById('tok-name');
const days = document.getElementById('tok-days');
const itemsBox = document.getElementById('tok-items');

let departments = [];
const itemNames = new Map();

function itemText(id) {
  return itemNames.get(id) || id;
}

function syncItems() {
  const d = departments.find((x) => x.code === dept.value);
  const items = d && Array.isArray(d.items) ? d.items : [];
  itemsBox.replaceChildren(...items.map((id) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'items', value: id }), ` ${itemText(id)}`)));
  if (!items.length) itemsBox.append(h('span', { class: 'meta' }, d ? '该部门在目录中没有负责的信息项。' : '请先选择部门。'));
}

function stateOf(t) {
  if (t.revoked_at) return h('span', { class: 'badge badge-negative' }, '已吊销');
  if (t.expires_at && !isFuture(t.expires_at)) return h('span', { class: 'badge' }, '已过期');
  return h('span', { class: 'badge badge-positive' }, '有效');
}

async function revoke(t) {
  const ok = await confirmDialog('吊销接口令牌',
    `吊销后，使用令牌 ${t.prefix}（${show(t.name)}）的部门系统将无法再报送，且不能恢复。确定吊销吗？`, '吊销');
  if (!ok) return;
  listStatus.replaceChildren();
  try {
    await call('DELETE', `/api/v1/tokens/${encodeURIComponent(t.id)}`);
    showNotice(listStatus, `已吊销接口令牌 ${t.prefix}。`, 'info');
    await load();
  } catch (err) {
    showError(listStatus, err);
  }
}

async function load() {
  let data;
  try {
    data = await call('GET', '/api/v1/tokens');
  } catch (err) {
    showError(list, err);
    return;
  }
  const items = Array.isArray(data.items) ? data.items : [];
  if (!items.length) {
    list.replaceChildren(h('p', { class: 'empty' }, '还没有签发接口令牌。'));
    return;
  }
  list.replaceChildren(table(`共 ${items.length} 个接口令牌`,
    ['前缀', '名称', '部门', '信息项', '签发人', '签发于', '有效期至', '状态', '最近使用', '操作'],
    items.map((t) => {
      let action = '—';
      if (!t.revoked_at) {
        action = h('button', { type: 'button', class: 'secondary small danger-text', 'aria-label': `吊销令牌 ${t.prefix}` }, '吊销');
        action.addEventListener('click', () => revoke(t));
      }
      const its = Array.isArray(t.items) && t.items.length ? t.items.map(itemText).join('、') : '本部门全部信息项';
      return {
        attrs: { 'data-token-id': t.id, 'data-prefix': t.prefix },
        cells: [h('span', { class: 'code' }, show(t.prefix)), show(t.name), t.dept ? show(t.dept.name || t.dept.code) : '—',
          its, show(t.created_by), when(t.created_at), when(t.expires_at), stateOf(t), when(t.last_used_at), action],
      };
    }), { id: 'tokens-table' }));
}

function oncePanel(res) {
  const box = h('input', { type: 'text', id: 'token-value', class: 'code', readonly: true, value: res.token,
    'aria-describedby': 'token-warning' });
  const copied = h('p', { class: 'meta', role: 'status' });
  const copy = h('button', { type: 'button', class: 'secondary small', id: 'copy-token' }, '复制令牌');
  copy.addEventListener('click', () => copyText(res.token, box, copied));
  const close = h('button', { type: 'button', class: 'secondary small' }, '我已保存，关闭');
  close.addEventListener('click', () => issued.replaceChildren());
  return h('div', { class: 'alert alert-warn once', role: 'alert' },
    h('h3', null, `接口令牌 ${show(res.prefix)}`),
    h('p', { id: 'token-warning', class: 'strong' },
      `令牌只显示这一次：请立即复制并交给部门系统的管理员保存。平台只保存令牌的摘要，离开本页后无法再次查看；有效期至 ${when(res.expires_at)}。`),
    h('div', { class: 'field' }, h('label', { for: 'token-value' }, '接口令牌'), h('div', { class: 'copy-row' }, box, copy)),
    copied, h('div', { class: 'actions' }, close));
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  issueStatus.replaceChildren();
  let first = null;
  const check = (input, bad, text) => {
    fieldError(input, bad ? text : '');
    if (bad && !first) first = input;
  };
  const n = parseInt(days.value, 10);
  check(dept, !dept.value, '请选择部门');
  check(name, !name.value.trim(), '请输入令牌名称');
  check(days, days.value !== '' && !(n >= 1 && n <= 366), '有效天数须为1至366');
  if (first) {
    first.focus();
    return;
  }
  const body = { dept: dept.value, name: name.value.trim() };
  const items = [...itemsBox.querySelectorAll('input[name="items"]:checked')].map((c) => c.value);
  if (items.length) body.items = items;
  if (days.value !== '') body.expires_days = n;
  const submit = document.getElementById('issue-submit');
  submit.disabled = true;
  try {
    const res = await call('POST', '/api/v1/tokens', { json: body });
    name.value = '';
    issued.replaceChildren(oncePanel(res));
    document.getElementById('copy-token').focus();
    await load();
  } catch (err) {
    showError(issueStatus, err);
  } finally {
    submit.disabled = false;
  }
});

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'tokens.html', need: ['security.manage'], statusBox: status });
  if (!s) return;
  try {
    const [d, cat] = await Promise.all([apiGet('/api/v1/departments'), apiGet('/api/v1/catalog')]);
    departments = Array.isArray(d.items) ? d.items : [];
    for (const it of cat.items || []) itemNames.set(it.id, it.name);
  } catch (err) {
    showError(issueStatus, err, '部门或目录加载失败，暂时无法签发令牌。');
  }
  dept.replaceChildren(h('option', { value: '' }, '请选择部门'),
    ...departments.map((x) => h('option', { value: x.code }, `${x.name}（${x.code}）`)));
  dept.addEventListener('change', syncItems);
  syncItems();
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  await load();
}

main();
