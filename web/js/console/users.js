// users.js - account management (user.manage): the list of accounts with disable / enable /
// unlock / reset-password / change-role, and a form that creates an account. A new
// administrator, security administrator or auditor (also one given such a role later) gets a
// TOTP secret, shown here exactly once.
import { errorText, showError, showNotice } from '../api.js';
import { h, show } from '../ui.js';
import {
  call, confirmDialog, copyText, fieldError, isFuture, ROLES, roleLabel as labelOf, startPage, table, when,
} from './session.js';

const DEPT_ROLES = new Set(['submitter', 'dept_user']);
const MFA_ROLES = new Set(['sysadmin', 'secadmin', 'auditor']);

const form = document.getElementById('create-form');
const createStatus = document.getElementById('create-status');
const created = document.getElementById('created');
const listStatus = document.getElementById('list-status');
const list = document.getElementById('list');
const f = {
  login: document.getElementById('new-login'),
  name: document.getElementById('new-name'),
  role: document.getElementById('new-role'),
  dept: document.getElementById('new-dept'),
  password: document.getElementById('new-password'),
};
const deptField = document.getElementById('new-dept-field');
let departments = [];
let me = null;

function roleLabel(role, name) {
  return name || labelOf(role);
}

function statusOf(u) {
  if (u.status === 'disabled') return h('span', { class: 'badge badge-negative' }, '已停用');
  if (isFuture(u.locked_until)) return h('span', { class: 'badge badge-dispute' }, `锁定至 ${when(u.locked_until)}`);
  return h('span', { class: 'badge badge-positive' }, '启用');
}

async function act(u, verb, done) {
  listStatus.replaceChildren();
  try {
    await call('POST', `/api/v1/users/${encodeURIComponent(u.login)}/${verb}`);
    showNotice(listStatus, done, 'info');
    await load();
  } catch (err) {
    showError(listStatus, err);
  }
}

function actions(u) {
  const box = h('div', { class: 'row-actions' });
  const btn = (text, label, fn) => {
    const b = h('button', { type: 'button', class: 'secondary small', 'aria-label': label }, text);
    b.addEventListener('click', () => {
      b.disabled = true;
      fn().finally(() => { b.disabled = false; });
    });
    box.append(b);
  };
  if (u.status === 'disabled') btn('启用', `启用账号 ${u.login}`, () => act(u, 'enable', `已启用账号 ${u.login}。`));
  else btn('停用', `停用账号 ${u.login}`, () => act(u, 'disable', `已停用账号 ${u.login}，其会话已全部结束。`));
  if (isFuture(u.locked_until)) btn('解锁', `解锁账号 ${u.login}`, () => act(u, 'unlock', `已解锁账号 ${u.login}。`));
  btn('重置口令', `重置账号 ${u.login} 的口令`, async () => openReset(u));
  if (!me || u.login !== me.login) btn('变更角色', `变更账号 ${u.login} 的角色`, async () => openRole(u));
  if (u.has_totp || MFA_ROLES.has(u.role)) btn('重置动态口令', `重置账号 ${u.login} 的动态口令`, () => resetTotp(u));
  return box;
}

async function resetTotp(u) {
  const ok = await confirmDialog('重置动态口令',
    `账号 ${u.login} 原来的动态口令将立即失效，须把新的密钥录入其身份验证器后才能登录。确定重置吗？`, '重置');
  if (!ok) return;
  listStatus.replaceChildren();
  try {
    const res = await call('POST', `/api/v1/users/${encodeURIComponent(u.login)}/totp-reset`);
    showNotice(listStatus, `已重置账号 ${u.login} 的动态口令。`, 'info');
    if (res.totp_secret) {
      created.replaceChildren(oncePanel(u, res.totp_secret, res.otpauth_uri));
      created.scrollIntoView();
    }
    await load();
  } catch (err) {
    showError(listStatus, err);
  }
}

async function load() {
  let data;
  try {
    data = await call('GET', '/api/v1/users');
  } catch (err) {
    showError(list, err);
    return;
  }
  const items = Array.isArray(data.items) ? data.items : [];
  if (!items.length) {
    list.replaceChildren(h('p', { class: 'empty' }, '还没有账号。'));
    return;
  }
  list.replaceChildren(table(`共 ${items.length} 个账号`,
    ['登录名', '显示名称', '角色', '部门', '状态', '动态口令', '最近登录', '创建于', '操作'],
    items.map((u) => ({
      attrs: { 'data-login': u.login },
      cells: [
        h('span', { class: 'code' }, u.login), show(u.display_name), roleLabel(u.role, u.role_name),
        u.dept ? show(u.dept.name || u.dept.code) : '—', statusOf(u), u.has_totp ? '已设置' : '—',
        when(u.last_login_at), when(u.created_at), actions(u),
      ],
    })), { id: 'users-table' }));
}

// ---- reset password dialog ----
const dlg = document.getElementById('pw-dialog');
const pwForm = document.getElementById('pw-form');
const pwNew = document.getElementById('pw-new');
const pwStatus = document.getElementById('pw-status');
let resetting = null;

function openReset(u) {
  resetting = u;
  document.getElementById('pw-for').textContent = `为账号 ${u.login}（${show(u.display_name)}）设置新口令。`;
  pwNew.value = '';
  fieldError(pwNew, '');
  pwStatus.replaceChildren();
  dlg.showModal();
  pwNew.focus();
}

document.getElementById('pw-cancel').addEventListener('click', () => dlg.close());
pwForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (pwNew.value.length < 8) {
    fieldError(pwNew, '口令至少8个字符');
    pwNew.focus();
    return;
  }
  const submit = document.getElementById('pw-submit');
  submit.disabled = true;
  try {
    await call('POST', `/api/v1/users/${encodeURIComponent(resetting.login)}/password`, { json: { password: pwNew.value } });
    pwNew.value = '';
    dlg.close();
    showNotice(listStatus, `已重置账号 ${resetting.login} 的口令，其会话已全部结束。`, 'info');
    await load();
  } catch (err) {
    showError(pwStatus, err);
  } finally {
    submit.disabled = false;
  }
});

// ---- change role dialog ----
const roleDlg = document.getElementById('role-dialog');
const roleForm = document.getElementById('role-form');
const roleNew = document.getElementById('role-new');
const roleDept = document.getElementById('role-dept');
const roleDeptField = document.getElementById('role-dept-field');
const roleNote = document.getElementById('role-note');
const roleStatus = document.getElementById('role-status');
let changing = null;

function syncRole() {
  const u = changing;
  const role = roleNew.value;
  const need = DEPT_ROLES.has(role);
  roleDeptField.hidden = !need;
  roleDept.required = need;
  if (!need) roleDept.value = '';
  else if (!roleDept.value && u && u.dept && u.dept.code) roleDept.value = u.dept.code;
  const notes = [];
  if (u && role && MFA_ROLES.has(role) && !u.has_totp) {
    notes.push('该角色须使用动态口令：变更后将生成新的动态口令密钥，只显示一次，请当场录入该用户的身份验证器。');
  }
  if (u && u.role === 'subject' && role && role !== 'subject') notes.push('改为其他角色将解除该账号与信用主体的关联。');
  if (u && role === 'subject' && u.role !== 'subject') notes.push('改为信用主体后，须由信用办工作人员核验身份，才能查看信用档案。');
  roleNote.textContent = notes.join('');
  roleNote.hidden = notes.length === 0;
}

function openRole(u) {
  changing = u;
  document.getElementById('role-for').textContent =
    `账号 ${u.login}（${show(u.display_name)}）现为${roleLabel(u.role, u.role_name)}${u.dept ? `，属于${show(u.dept.name || u.dept.code)}` : ''}。`;
  roleNew.replaceChildren(h('option', { value: '' }, '请选择角色'),
    ...ROLES.map(([r, label]) => h('option', { value: r }, r === u.role ? `${label}（当前）` : label)));
  roleDept.replaceChildren(h('option', { value: '' }, '请选择部门'),
    ...departments.map((d) => h('option', { value: d.code }, `${d.name}（${d.code}）`)));
  roleNew.value = '';
  roleDept.value = '';
  fieldError(roleNew, '');
  fieldError(roleDept, '');
  roleStatus.replaceChildren();
  syncRole();
  roleDlg.showModal();
  roleNew.focus();
}

roleNew.addEventListener('change', syncRole);
document.getElementById('role-cancel').addEventListener('click', () => roleDlg.close());
roleForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const u = changing;
  const role = roleNew.value;
  const sameDept = !DEPT_ROLES.has(role) || (u.dept && u.dept.code === roleDept.value);
  let first = null;
  const check = (input, bad, text) => {
    fieldError(input, bad ? text : '');
    if (bad && !first) first = input;
  };
  check(roleNew, !role, '请选择新角色');
  if (role) check(roleNew, role === u.role && sameDept, '新角色与现在的角色相同');
  check(roleDept, roleDept.required && !roleDept.value, '请选择所属部门');
  if (first) {
    first.focus();
    return;
  }
  const body = { role };
  if (DEPT_ROLES.has(role) && roleDept.value) body.dept = roleDept.value;
  const submit = document.getElementById('role-submit');
  submit.disabled = true;
  try {
    const res = await call('POST', `/api/v1/users/${encodeURIComponent(u.login)}/role`, { json: body });
    roleDlg.close();
    showNotice(listStatus, `已将账号 ${u.login} 的角色变更为${labelOf(role)}，其会话已全部结束。`, 'info');
    if (res.totp_secret) {
      createStatus.replaceChildren();
      created.replaceChildren(oncePanel(u, res.totp_secret, res.otpauth_uri));
      created.scrollIntoView();
    }
    await load();
  } catch (err) {
    showError(roleStatus, err);
    const input = { role: roleNew, dept: roleDept }[err.field];
    if (input) {
      fieldError(input, errorText(err));
      input.focus();
    }
  } finally {
    submit.disabled = false;
  }
});

// ---- create ----
function syncDept() {
  const need = DEPT_ROLES.has(f.role.value);
  deptField.hidden = !need;
  f.dept.required = need;
  if (!need) f.dept.value = '';
}

function oncePanel(user, secret, uri) {
  const secretBox = h('input', { type: 'text', id: 'totp-secret', class: 'code', readonly: true, value: secret,
    'aria-describedby': 'totp-warning' });
  const copied = h('p', { class: 'meta', role: 'status' });
  const copy = h('button', { type: 'button', class: 'secondary small', id: 'copy-secret' }, '复制密钥');
  copy.addEventListener('click', () => copyText(secret, secretBox, copied));
  const close = h('button', { type: 'button', class: 'secondary small' }, '我已录入，关闭');
  close.addEventListener('click', () => created.replaceChildren());
  const parts = [
    h('h3', null, `账号 ${user.login} 的动态口令密钥`),
    h('p', { id: 'totp-warning', class: 'strong' },
      '此密钥只显示这一次：请立即录入该用户的身份验证器（如手机上的验证器应用），离开本页后无法再次查看；不要通过聊天工具或邮件发送。'),
    h('div', { class: 'field' }, h('label', { for: 'totp-secret' }, '密钥（base32）'),
      h('div', { class: 'copy-row' }, secretBox, copy)),
  ];
  if (uri) {
    parts.push(h('div', { class: 'field' }, h('label', { for: 'totp-uri' }, '身份验证器链接（otpauth）'),
      h('input', { type: 'text', id: 'totp-uri', class: 'code', readonly: true, value: uri })));
  }
  parts.push(copied, h('div', { class: 'actions' }, close));
  return h('div', { class: 'alert alert-warn once', role: 'alert' }, parts);
}

function validate() {
  let first = null;
  const check = (input, bad, text) => {
    fieldError(input, bad ? text : '');
    if (bad && !first) first = input;
  };
  check(f.login, !/^[a-z0-9._-]{3,32}$/.test(f.login.value.trim()), '登录名须为3至32个字符，只能用小写字母、数字和 . _ -');
  check(f.name, !f.name.value.trim(), '请输入显示名称');
  check(f.role, !f.role.value, '请选择角色');
  check(f.dept, f.dept.required && !f.dept.value, '请选择所属部门');
  check(f.password, f.password.value.length < 8, '口令至少8个字符');
  if (first) first.focus();
  return !first;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  createStatus.replaceChildren();
  if (!validate()) return;
  const body = {
    login: f.login.value.trim(), display_name: f.name.value.trim(), role: f.role.value, password: f.password.value,
  };
  if (f.dept.value) body.dept = f.dept.value;
  const submit = document.getElementById('create-submit');
  submit.disabled = true;
  try {
    const res = await call('POST', '/api/v1/users', { json: body });
    const user = res.user || { login: body.login, role: body.role };
    form.reset();
    syncDept();
    showNotice(createStatus, `已创建账号 ${user.login}（${roleLabel(user.role, user.role_name)}）。`, 'info');
    if (res.totp_secret) created.replaceChildren(oncePanel(user, res.totp_secret, res.otpauth_uri));
    else created.replaceChildren();
    await load();
  } catch (err) {
    showError(createStatus, err);
    if (err.field) {
      const input = { login: f.login, display_name: f.name, role: f.role, dept: f.dept, password: f.password }[err.field];
      if (input) {
        fieldError(input, errorText(err));
        input.focus();
      }
    }
  } finally {
    submit.disabled = false;
  }
});

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'users.html', need: ['user.manage'], statusBox: status });
  if (!s) return;
  me = s;
  f.role.replaceChildren(h('option', { value: '' }, '请选择角色'),
    ...ROLES.map(([r, label]) => h('option', { value: r }, label)));
  f.dept.replaceChildren(h('option', { value: '' }, '请选择部门'));
  try {
    const d = await call('GET', '/api/v1/departments');
    departments = Array.isArray(d.items) ? d.items : [];
    for (const dep of departments) f.dept.append(h('option', { value: dep.code }, `${dep.name}（${dep.code}）`));
  } catch (err) {
    showError(createStatus, err, '部门列表加载失败，暂时无法创建部门账号。');
  }
  f.role.addEventListener('change', syncDept);
  syncDept();
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  await load();
}

main();
