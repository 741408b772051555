// verify.js - real-name verification of subject accounts (identity.verify, the credit office):
// the clerk has seen the original document, types the account's login, the document's code
// (USCC or ID number) and the name on it, and what was seen; POST /api/v1/users/{login}/verify
// links the account to that credit subject. The office cannot list accounts, so the login is
// typed. The code is a password-like field: only in the request body, never in the address,
// and the form is cleared after a success.
import { errorText, showError, showNotice } from '../api.js';
import { call, fieldError, startPage } from './session.js';

const form = document.getElementById('verify-form');
const formStatus = document.getElementById('form-status');
const verified = document.getElementById('verified');
const f = {
  login: document.getElementById('v-login'),
  code: document.getElementById('v-code'),
  name: document.getElementById('v-name'),
  evidence: document.getElementById('v-evidence'),
};
const showCode = document.getElementById('v-code-show');

function hideCode() {
  f.code.type = 'password';
  showCode.setAttribute('aria-pressed', 'false');
  showCode.textContent = '显示';
}

showCode.addEventListener('click', () => {
  if (f.code.type === 'password') {
    f.code.type = 'text';
    showCode.setAttribute('aria-pressed', 'true');
    showCode.textContent = '隐藏';
  } else {
    hideCode();
  }
});

function validate() {
  let first = null;
  const check = (input, bad, text) => {
    fieldError(input, bad ? text : '');
    if (bad && !first) first = input;
  };
  const code = f.code.value.replace(/\s+/g, '');
  check(f.login, !f.login.value.trim() || /[/?#\s]/.test(f.login.value.trim()), '请输入信用主体账号的登录名');
  check(f.code, !code, '请输入统一社会信用代码或身份证号码');
  if (code) check(f.code, !/^[0-9A-Za-z]+$/.test(code), '代码或号码只能包含数字和字母');
  check(f.name, !f.name.value.trim(), '请输入证件上的名称');
  check(f.evidence, !f.evidence.value.trim(), '请写明查验的证件，例如：营业执照原件');
  if (first) first.focus();
  return !first;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  formStatus.replaceChildren();
  verified.replaceChildren();
  if (!validate()) return;
  const login = f.login.value.trim();
  const name = f.name.value.trim();
  const body = { code: f.code.value.replace(/\s+/g, '').toUpperCase(), name, evidence: f.evidence.value.trim() };
  const submit = document.getElementById('verify-submit');
  submit.disabled = true;
  try {
    await call('POST', `/api/v1/users/${encodeURIComponent(login)}/verify`, { json: body });
    form.reset();
    hideCode();
    for (const input of Object.values(f)) fieldError(input, '');
    showNotice(verified, `已核验账号 ${login} 的身份，并关联到信用主体“${name}”。该账号须重新登录后查看本主体的信用档案。`,
      'info').id = 'verify-done';
    f.login.focus();
  } catch (err) {
    showError(formStatus, err);
    const input = err.field ? f[err.field] : null;
    if (input) {
      fieldError(input, errorText(err));
      input.focus();
    }
  } finally {
    body.code = '';
    submit.disabled = false;
  }
});

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'verify.html', need: ['identity.verify'], statusBox: status });
  if (!s) return;
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  f.login.focus();
}

main();
