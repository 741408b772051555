// lookup.js - non-public credit information (record.read_private): the clerk states the purpose
// of the lookup (at least 5 characters) and gives a 统一社会信用代码 or an ID number; both go only
// in the POST body (an ID number must never reach an address, a history or a log). The server
// records the read, with its purpose, in the audit trail; the subject sees it.
import { showError, showNotice } from '../api.js';
import { call, fieldError, startPage } from './session.js';
import { renderFile } from './file.js';

const MIN_PURPOSE = 5;
const form = document.getElementById('lookup-form');
const code = document.getElementById('q-code');
const purpose = document.getElementById('q-purpose');
const formStatus = document.getElementById('form-status');
const resultStatus = document.getElementById('result-status');
const article = document.getElementById('file');

function chars(s) {
  return [...s].length;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  formStatus.replaceChildren();
  const c = code.value.trim().toUpperCase();
  const p = purpose.value.trim();
  let first = null;
  const check = (input, bad, text) => {
    fieldError(input, bad ? text : '');
    if (bad && !first) first = input;
  };
  check(code, !/^[0-9A-Z]{15,18}$/.test(c), '请输入18位统一社会信用代码或身份证号码');
  check(purpose, chars(p) < MIN_PURPOSE, `请说明查询用途（至少${MIN_PURPOSE}个字），例如：行政许可审查：某某项目`);
  if (first) {
    first.focus();
    return;
  }
  const submit = document.getElementById('lookup-submit');
  submit.disabled = true;
  article.hidden = true;
  showNotice(resultStatus, '正在查询…', 'info');
  try {
    const data = await call('POST', '/api/v1/internal/file', { json: { code: c, purpose: p } });
    resultStatus.replaceChildren();
    renderFile(article, data, { note: `本次查询用途：${p}。本次查询已记入审计日志，信用主体本人可以查看。` });
  } catch (err) {
    showError(resultStatus, err, err.status === 404 ? '平台没有该代码对应的信用主体。' : null);
    if (err.field === 'purpose') fieldError(purpose, err.message);
    if (err.field === 'code') fieldError(code, err.message);
  } finally {
    submit.disabled = false;
  }
});

for (const input of [code, purpose]) input.addEventListener('input', () => fieldError(input, ''));

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'lookup.html', need: ['record.read_private'], statusBox: status });
  if (!s) return;
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  code.focus();
}

main();
