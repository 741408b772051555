// call.js - what the two signed-in sides share, the portal's subject pages (account.js) and the
// staff console (console/session.js): the session fetched at page start, API calls with the CSRF
// token on every write and a 401 that leaves for the console's login page, that login page's
// "this tab was signed in" flag, and the header's unread notification count. Each side keeps its
// own session in memory and says here how to read its CSRF token and where its login page is.
import { ApiError, apiRequest, showError } from './api.js';
import { h } from './ui.js';

// sessionStorage flag: this tab was signed in, so a later 401 means the session timed out
// (rather than "not signed in yet"). Holds no secret.
export const SIGNED_IN = 'xy.console.signed_in';

/**
 * Leave for the login page `login` (a URL relative to the page); `reason` picks its message
 * (timeout, login, signed_out; by default timeout when this tab was signed in, else login).
 * `next()` gives the page to come back to (not asked for after signing out).
 */
export function leaveForLogin(reason, login, next) {
  const was = sessionStorage.getItem(SIGNED_IN) === '1';
  sessionStorage.removeItem(SIGNED_IN);
  const why = reason || (was ? 'timeout' : 'login');
  const qs = new URLSearchParams({ reason: why });
  if (why !== 'signed_out') qs.set('next', next());
  location.replace(`${login}?${qs}`);
}

/**
 * The session of the signed-in caller (GET /api/v1/session), which carries the CSRF token. On a
 * 401 calls toLogin() (the returned promise then never settles: the page is leaving); on another
 * error shows it in statusBox and resolves to null.
 */
export async function fetchSession(statusBox, toLogin) {
  try {
    return await apiRequest('/api/v1/session', { method: 'GET' });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      toLogin();
      return new Promise(() => {});
    }
    showError(statusBox, err, '无法确认登录状态，请稍后刷新页面。');
    return null;
  }
}

/**
 * A call(method, path, opts) for a signed-in page. csrf() gives the session's CSRF token ('' when
 * none); toLogin(reason) leaves for the login page; after() (optional) runs on every answered
 * call (the console's idle timer). The call's options: params (query; empty and null ones are
 * left out), json (a JSON body), body (a raw body, e.g. a File), headers. Non-GET requests carry
 * X-CSRF-Token. A 401 goes to the login page (the returned promise then never settles).
 */
export function signedCall({ csrf, toLogin, after = null }) {
  return async function call(method, path, opts = {}) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.params || {})) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const url = qs.toString() ? `${path}?${qs}` : path;
    const init = { method, headers: { ...(opts.headers || {}) } };
    if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = csrf();
    if (opts.json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(opts.json);
    } else if (opts.body !== undefined) {
      init.body = opts.body;
    }
    try {
      const res = await apiRequest(url, init);
      if (after) after();
      return res;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        toLogin('timeout');
        return new Promise(() => {});
      }
      throw err;
    }
  };
}

/**
 * The header's 退出登录 button: DELETE /api/v1/session (the session is unusable either way if that
 * fails), then after() (where the side goes next).
 */
export function signOutButton(call, after) {
  const signout = h('button', { type: 'button', class: 'secondary small', id: 'signout' }, '退出登录');
  signout.addEventListener('click', async () => {
    signout.disabled = true;
    try {
      await call('DELETE', '/api/v1/session');
    } catch {
      // the session is unusable either way
    }
    after();
  });
  return signout;
}

/** Show the unread notification count in the header ("通知 3"; words for screen readers). */
export function setUnread(n) {
  const link = document.getElementById('notice-link');
  if (!link) return;
  const count = Number(n) || 0;
  const words = h('span', { class: 'visually-hidden' }, count ? `，${count}条未读` : '，没有未读');
  if (count) link.replaceChildren('通知', h('span', { class: 'badge badge-unread', id: 'notice-count' }, String(count)), words);
  else link.replaceChildren('通知', words);
}

/** Ask for the unread count with `call` and show it (0 when that fails). */
export async function refreshUnread(call) {
  try {
    const data = await call('GET', '/api/v1/notifications', { params: { unread: 1 } });
    setUnread(data.unread);
  } catch {
    setUnread(0); // a convenience: the page's own content says what failed
  }
}

/**
 * Wire a "mark all as read" button: POST /api/v1/notifications/read up to its data-upto, then
 * onRead(answer) (optional) and reload(); errors go to statusBox.
 */
export function markReadButton(button, { call, reload, statusBox, onRead = null }) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const res = await call('POST', '/api/v1/notifications/read', { json: { upto: Number(button.dataset.upto) || 0 } });
      if (onRead) onRead(res);
      await reload();
    } catch (err) {
      showError(statusBox, err);
    } finally {
      button.disabled = false;
    }
  });
}
