// session.js - the staff console's session: who is signed in (GET /api/v1/session), the menu
// their permissions allow, the CSRF token sent on every write, signing out, and the idle
// timeout. The CSRF token lives only in this module's memory: every page asks the server for
// the session again, which returns it. A 401 anywhere sends the clerk back to the login page
// with "登录已超时"; the session cookie itself is HttpOnly and never seen here.
import { ApiError, dispositionName, showNotice } from '../api.js';
import { fetchSession, leaveForLogin, refreshUnread, SIGNED_IN, signedCall, signOutButton } from '../call.js';
import { confirmModal, h } from '../ui.js';

export { setUnread } from '../call.js';

/** The console's pages, each shown to whoever holds any of `any` (all: the home page). */
export const MENU = [
  { href: 'index.html', text: '首页', any: null },
  { href: 'users.html', text: '账号管理', any: ['user.manage'] },
  { href: 'verify.html', text: '身份核验', any: ['identity.verify'] },
  { href: 'tokens.html', text: '接口令牌', any: ['security.manage'] },
  { href: 'keys.html', text: '密钥状态', any: ['security.manage'] },
  { href: 'batches.html', text: '报送批次', any: ['batch.submit', 'batch.read_dept', 'batch.read_all'] },
  { href: 'assessment.html', text: '考核指标', any: ['batch.submit', 'batch.read_dept', 'batch.read_all'] },
  { href: 'audit.html', text: '审计查询', any: ['audit.read'] },
  { href: 'lookup.html', text: '非公开信息查询', any: ['record.read_private'] },
  { href: 'me.html', text: '我的信用档案', any: ['self.read'] },
  { href: 'cases.html', text: '异议与修复', any: ['review', 'remedy.dept'] },
  { href: 'approvals.html', text: '名单审核', any: ['list.approve'] },
  { href: 'check.html', text: '核查', any: ['check', 'batch.read_all'] },
  { href: 'screens.html', text: '批量筛查', any: ['check'] },
  { href: 'feedback.html', text: '反馈', any: ['check'] },
  { href: 'rescreens.html', text: '复核队列', any: ['check'] },
  { href: 'figures.html', text: '联合奖惩统计', any: ['check', 'stats.read'] },
  { href: 'stats.html', text: '统计分析', any: ['stats.read'] },
  { href: 'measures.html', text: '措施清单', any: ['dept.manage'] },
  { href: '../my.html', text: '我的异议与修复', any: ['remedy.file'] },
];

// Who receives case notifications (filers, reviewers, department staff): only they are asked
// for the unread count.
const NOTICE_PERMS = ['review', 'remedy.dept', 'remedy.file'];

/** The roles an account can have, in the order the console offers them. */
export const ROLES = [
  ['sysadmin', '系统管理员'],
  ['secadmin', '安全管理员'],
  ['auditor', '审计管理员'],
  ['office', '信用办工作人员'],
  ['submitter', '部门报送员'],
  ['dept_user', '部门查询用户'],
  ['reviewer', '异议与修复审核员'],
  ['agency', '信用服务机构'],
  ['subject', '信用主体'],
];

export function roleLabel(role) {
  const r = ROLES.find(([k]) => k === role);
  if (r) return r[1];
  if (role === 'operator') return '本机运维（命令行）';
  if (role === 'anonymous') return '公众';
  return role;
}

/** What each permission lets the holder do, as the home page lists it. */
export const PERMISSION_TEXT = {
  'user.manage': '管理账号（创建、停用、解锁、重置口令）',
  'security.manage': '管理接口令牌、密钥和安全策略',
  'audit.read': '查阅和核验审计记录',
  'dept.manage': '管理部门与目录',
  'identity.verify': '核验信用主体的真实身份',
  'batch.submit': '报送本部门的信用信息',
  'batch.read_dept': '查看本部门的报送批次和考核指标',
  'batch.read_all': '查看所有部门的报送批次和考核指标',
  'record.read_private': '查询非公开信用信息（须说明用途）',
  review: '办理异议和信用修复',
  'agency.read': '经信用主体授权查询其信用信息',
  'self.read': '查看本主体的全部信用信息和被查询记录',
  'stats.read': '查看统计',
  'stats.manage': '设置各类主体的主体总数（覆盖率的分母）并重建统计计数',
  'remedy.file': '对本主体的记录提出异议、申请信用修复',
  'remedy.dept': '核实本部门记录的异议、接收信用修复决定、报告被执行人履行',
  'list.approve': '审核严重失信主体名单的列入',
};

let current = null;
let idleTimer = null;

export function session() {
  return current;
}

export function can(perm) {
  return !!current && Array.isArray(current.permissions) && current.permissions.includes(perm);
}

export function canAny(perms) {
  return !perms || perms.some(can);
}

export function menuFor(permissions) {
  const has = (p) => Array.isArray(permissions) && permissions.includes(p);
  return MENU.filter((m) => !m.any || m.any.some(has));
}

/** This page's file name and query, as a `next` for the login page. */
function here() {
  return (location.pathname.split('/').pop() || 'index.html') + location.search;
}

/** Leave for the login page; `reason` picks its message (timeout, login, signed_out). */
export function toLogin(reason) {
  leaveForLogin(reason, 'login.html', here);
}

export function markSignedIn() {
  sessionStorage.setItem(SIGNED_IN, '1');
}

/* The server ends a session idle for idle_timeout_s; this page follows its own requests and
 * leaves a little after the server would have ended it, rather than failing on the next click. */
function touch() {
  if (!current) return;
  clearTimeout(idleTimer);
  const s = Number(current.idle_timeout_s) > 0 ? Number(current.idle_timeout_s) : 1800;
  idleTimer = setTimeout(() => toLogin('timeout'), (s + 5) * 1000);
}

/**
 * Call the API as the signed-in clerk. Options: params (query), json (a JSON body), body (a raw
 * body, e.g. a File), headers. Non-GET requests carry X-CSRF-Token. A 401 goes to the login
 * page (the returned promise then never settles: the page is leaving). Every answered call
 * restarts the idle timer.
 */
export const call = signedCall({ csrf: () => (current ? current.csrf_token || '' : ''), toLogin, after: touch });

/**
 * Fetch a file the server makes on a write (e.g. a signed audit checkpoint): as call(), but the
 * answer is a Blob, with the file name of its Content-Disposition. Errors come as ApiError from
 * the server's JSON error body; a 401 goes to the login page.
 */
export async function callFile(method, path) {
  const headers = { Accept: 'text/plain, application/octet-stream, application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = current ? current.csrf_token || '' : '';
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError({ code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }
  if (!res.ok) {
    if (res.status === 401) {
      toLogin('timeout');
      return new Promise(() => {});
    }
    let e = {};
    try {
      const body = await res.json();
      e = (body && body.error) || {};
    } catch {
      e = {};
    }
    throw new ApiError({
      status: res.status,
      code: e.code || (res.status >= 500 ? 'INTERNAL' : 'INVALID'),
      message: e.message || (res.status >= 500 ? '服务器内部错误，请稍后再试' : '请求失败'),
      field: e.field || null,
      requestId: e.request_id || res.headers.get('X-Request-Id'),
    });
  }
  touch();
  return { blob: await res.blob(), filename: dispositionName(res.headers.get('Content-Disposition'), 'download.txt') };
}

function buildNav(nav, pageHref) {
  const items = menuFor(current.permissions).map((m) => h('li', null,
    h('a', { href: m.href, 'aria-current': m.href === pageHref ? 'page' : null }, m.text)));
  nav.replaceChildren(h('ul', null, items));
}

function buildUserBox(box) {
  const signout = signOutButton(call, () => {
    clearTimeout(idleTimer);
    toLogin('signed_out'); // the login page is the right place to be
  });
  const notices = canAny(NOTICE_PERMS)
    ? h('a', { class: 'notice-link', id: 'notice-link', href: can('remedy.file') ? '../my.html#notices-title' : 'cases.html#notices-title' }, '通知')
    : null;
  box.replaceChildren(...[
    notices,
    h('span', { class: 'user-login', id: 'user-login' }, current.login),
    h('span', { class: 'badge badge-role', id: 'user-role' }, current.role_name || current.role),
    signout].filter(Boolean));
  box.hidden = false;
  if (notices) refreshUnread(call);
}

/**
 * Start a console page: fetch the session (or go to the login page), fill the header's menu and
 * user box, then check the page's permission. Resolves to the session, or null when the role
 * may not use this page (a notice then says so in `statusBox`).
 */
export async function startPage({ page, need = null, statusBox }) {
  const s = await fetchSession(statusBox, toLogin);
  if (!s) return null;
  current = s;
  markSignedIn();
  touch();
  buildNav(document.getElementById('console-nav'), page);
  buildUserBox(document.getElementById('userbox'));
  if (need && !canAny(need)) {
    showNotice(statusBox, `您的角色（${current.role_name || current.role}）无权使用本页面。请从上方菜单选择可用的功能。`,
      'warn');
    return null;
  }
  return current;
}

/** "2024-05-01 14:03" in Beijing time, from seconds since 1970 or an ISO string; "—" when absent. */
const FMT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
  minute: '2-digit', hour12: false,
});

export function when(v) {
  if (v === undefined || v === null || v === '' || v === 0) return '—';
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  const p = Object.fromEntries(FMT.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** True when a time (seconds or ISO) lies in the future. */
export function isFuture(v) {
  if (v === undefined || v === null || v === '' || v === 0) return false;
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(String(v));
  return !Number.isNaN(d.getTime()) && d.getTime() > Date.now();
}

/** Set or clear a field's error message (the <p class="field-error"> named by its aria-describedby). */
export function fieldError(input, text) {
  const id = `${input.id}-error`;
  let box = document.getElementById(id);
  if (!box) return;
  if (text) {
    box.textContent = text;
    box.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  } else {
    box.textContent = '';
    box.hidden = true;
    input.removeAttribute('aria-invalid');
  }
}

/** Copy text to the clipboard; falls back to selecting `input` so the clerk can press Ctrl+C. */
export async function copyText(text, input, statusEl) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    if (input) {
      input.focus();
      input.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
    }
  }
  if (statusEl) statusEl.textContent = ok ? '已复制到剪贴板。' : '无法自动复制，已选中内容，请按 Ctrl+C 复制。';
  return ok;
}

/**
 * Ask the clerk to confirm in a modal <dialog>. Resolves true when they confirm.
 */
export function confirmDialog(title, text, okText = '确定') {
  return confirmModal(title, text, okText, { dialogClass: 'console-dialog' });
}

/** A <table class="data"> from column labels and rows of cells (strings or nodes). */
export function table(caption, columns, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', ...attrs },
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows.map((r) => h('tr', r.attrs || null,
      (r.cells || r).map((cell, i) => h('td', { 'data-label': columns[i] }, cell)))))));
}
