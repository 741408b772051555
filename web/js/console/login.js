// login.js - the console's login: login name and password, then, when the server answers
// MFA_REQUIRED, the 6-digit TOTP code (all three are sent again). Lockout, disabled accounts and
// wrong codes come back as LOGIN_FAILED with the server's own message, shown as
// "<message> (<CODE>)". On success the clerk goes to the page they came from (a console page,
// or one of the portal's pages for the signed-in subject) or, without one, the console home;
// a subject without one goes to the portal's 我的信用, where its objections and repairs are.
import { ApiError, apiRequest, showError, showNotice } from '../api.js';
import { markSignedIn } from './session.js';

const form = document.getElementById('login-form');
const status = document.getElementById('status');
const login = document.getElementById('login');
const password = document.getElementById('password');
const totpField = document.getElementById('totp-field');
const totp = document.getElementById('totp');
const submit = document.getElementById('login-submit');

const REASONS = {
  timeout: ['登录已超时，请重新登录。', 'warn'],
  login: ['请先登录。', 'info'],
  signed_out: ['您已退出登录。', 'info'],
};

function fieldError(input, text) {
  const box = document.getElementById(`${input.id}-error`);
  box.textContent = text || '';
  box.hidden = !text;
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

// The portal's pages for the signed-in subject, one folder up.
const PORTAL_NEXT = /^\.\.\/(my|objection|repair|case|record)\.html(\?[A-Za-z0-9=&%._-]*)?$/;

/** The page to return to: a console page of this folder or one of the portal's subject pages
 * (never another site), or null. */
function nextPage() {
  const next = new URLSearchParams(location.search).get('next') || '';
  if (PORTAL_NEXT.test(next)) return next;
  return /^[a-z]+\.html(\?[A-Za-z0-9=&%._-]*)?$/.test(next) && !next.startsWith('login.html') ? next : null;
}

function showTotp() {
  totpField.hidden = false;
  totp.required = true;
  totp.value = '';
  submit.textContent = '验证并登录';
  totp.focus();
}

function validate() {
  let first = null;
  const check = (input, bad, text) => {
    fieldError(input, bad ? text : '');
    if (bad && !first) first = input;
  };
  check(login, !login.value.trim(), '请输入登录名');
  check(password, !password.value, '请输入口令');
  if (!totpField.hidden) check(totp, !/^\d{6}$/.test(totp.value.trim()), '请输入6位数字的动态口令');
  if (first) first.focus();
  return !first;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (!validate()) return;
  const body = { login: login.value.trim(), password: password.value };
  if (!totpField.hidden) body.totp = totp.value.trim();
  submit.disabled = true;
  status.replaceChildren();
  try {
    const s = await apiRequest('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    markSignedIn();
    password.value = '';
    location.replace(nextPage() || (s && s.role === 'subject' ? '../my.html' : 'index.html'));
    return;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'MFA_REQUIRED') {
      showNotice(status, `${err.message}`, 'info');
      showTotp();
    } else {
      showError(status, err);
      if (!totpField.hidden) {
        totp.value = '';
        totp.focus();
      } else if (err instanceof ApiError && err.code === 'LOGIN_FAILED') {
        password.value = '';
        password.focus();
      }
    }
  } finally {
    submit.disabled = false;
  }
});

for (const input of [login, password, totp]) input.addEventListener('input', () => fieldError(input, ''));

const reason = REASONS[new URLSearchParams(location.search).get('reason')];
if (reason) {
  const forPortal = PORTAL_NEXT.test(new URLSearchParams(location.search).get('next') || '');
  showNotice(status, forPortal ? `${reason[0]}信用主体请使用已核验身份的账号登录，登录后返回“我的信用”。` : reason[0], reason[1]);
}
login.focus();
