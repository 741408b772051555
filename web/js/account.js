// account.js - the signed-in subject on the portal (我的信用, 提出异议, 申请信用修复, case pages):
// the session (GET /api/v1/session, the same one the console uses), the CSRF token on every
// write, the header's user box with the unread notification count, and the way to the login
// page. Sign-in is the console's login page, which brings the subject back here (`next`).
// The CSRF token lives only in this module's memory; the session cookie is HttpOnly.
import { ApiError, apiRequest, showError, showNotice } from './api.js';
import { h } from './ui.js';

// the console's flag for "this tab was signed in" (a later 401 then means a timeout)
const SIGNED_IN = 'xy.console.signed_in';

let current = null;

export function session() {
  return current;
}

export function can(perm) {
  return !!current && Array.isArray(current.permissions) && current.permissions.includes(perm);
}

/** This page and its query, as the login page's `next` (a portal page one folder up). */
function here() {
  return `../${location.pathname.split('/').pop() || 'my.html'}${location.search}`;
}

/** Leave for the console's login page, which sends the subject back to this page. */
export function toLogin(reason) {
  const was = sessionStorage.getItem(SIGNED_IN) === '1';
  sessionStorage.removeItem(SIGNED_IN);
  const why = reason || (was ? 'timeout' : 'login');
  const qs = new URLSearchParams({ reason: why });
  if (why !== 'signed_out') qs.set('next', here());
  location.replace(`console/login.html?${qs}`);
}

/**
 * Call the API as the signed-in subject. Options: params, json, body, headers (as the console's
 * session.call). Writes carry X-CSRF-Token; a 401 goes to the login page.
 */
export async function call(method, path, opts = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const url = qs.toString() ? `${path}?${qs}` : path;
  const init = { method, headers: { ...(opts.headers || {}) } };
  if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = current ? current.csrf_token || '' : '';
  if (opts.json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    init.body = opts.body;
  }
  try {
    return await apiRequest(url, init);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      toLogin('timeout');
      return new Promise(() => {});
    }
    throw err;
  }
}

/** Show the unread count in the header (a link to the notifications on 我的信用). */
export function setUnread(n) {
  const link = document.getElementById('notice-link');
  if (!link) return;
  const count = Number(n) || 0;
  const words = h('span', { class: 'visually-hidden' }, count ? `，${count}条未读` : '，没有未读');
  if (count) link.replaceChildren('通知', h('span', { class: 'badge badge-unread', id: 'notice-count' }, String(count)), words);
  else link.replaceChildren('通知', words);
}

async function refreshUnread() {
  try {
    const data = await call('GET', '/api/v1/notifications', { params: { unread: 1 } });
    setUnread(data.unread);
  } catch {
    setUnread(0); // the count is a convenience; the page's own content says what failed
  }
}

function buildUserBox(box) {
  const signout = h('button', { type: 'button', class: 'secondary small', id: 'signout' }, '退出登录');
  signout.addEventListener('click', async () => {
    signout.disabled = true;
    try {
      await call('DELETE', '/api/v1/session');
    } catch {
      // the session is unusable either way
    }
    sessionStorage.removeItem(SIGNED_IN);
    location.replace('index.html');
  });
  box.replaceChildren(
    h('a', { href: 'my.html#notices-title', id: 'notice-link', class: 'notice-link' }, '通知'),
    h('span', { class: 'user-login', id: 'user-login' }, current.login),
    signout);
  box.hidden = false;
}

/**
 * Start a page for the signed-in subject: the session (or the login page), the user box, and
 * the checks that the account may file (remedy.file) and is verified. Resolves to the session,
 * or null after a notice in statusBox.
 */
export async function startSubjectPage({ statusBox, unread = true }) {
  try {
    current = await apiRequest('/api/v1/session', { method: 'GET' });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      toLogin();
      return new Promise(() => {});
    }
    showError(statusBox, err, '无法确认登录状态，请稍后刷新页面。');
    return null;
  }
  sessionStorage.setItem(SIGNED_IN, '1');
  const box = document.getElementById('userbox');
  if (box) buildUserBox(box);
  if (!can('remedy.file')) {
    showNotice(statusBox, `“我的信用”供信用主体本人使用。您的账号角色是${current.role_name || current.role}，请到工作人员平台办理。`,
      'warn');
    statusBox.append(h('p', null, h('a', { href: 'console/index.html' }, '前往工作人员平台')));
    return null;
  }
  if (!current.subject_verified) {
    showNotice(statusBox,
      '您的身份尚未核验，暂时不能查看信用档案或提出异议。请携带身份证件或营业执照到信用办核验身份。', 'warn');
    return null;
  }
  if (unread) refreshUnread();
  return current;
}
