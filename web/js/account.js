// account.js - the signed-in subject on the portal (我的信用, 提出异议, 申请信用修复, case pages):
// the session (GET /api/v1/session, the same one the console uses), the CSRF token on every
// write, the header's user box with the unread notification count, and the way to the login
// page. Sign-in is the console's login page, which brings the subject back here (`next`).
// The CSRF token lives only in this module's memory; the session cookie is HttpOnly.
import { showNotice } from './api.js';
import { fetchSession, leaveForLogin, refreshUnread, SIGNED_IN, signedCall, signOutButton } from './call.js';
import { h } from './ui.js';

export { setUnread } from './call.js';

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
  leaveForLogin(reason, 'console/login.html', here);
}

/**
 * Call the API as the signed-in subject. Options: params, json, body, headers (as the console's
 * session.call). Writes carry X-CSRF-Token; a 401 goes to the login page.
 */
export const call = signedCall({ csrf: () => (current ? current.csrf_token || '' : ''), toLogin });

function buildUserBox(box) {
  const signout = signOutButton(call, () => {
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
  const s = await fetchSession(statusBox, toLogin);
  if (!s) return null;
  current = s;
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
  if (unread) refreshUnread(call);
  return current;
}
