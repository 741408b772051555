// fileform.js - what the two filing forms (提出异议, 申请信用修复) share: finding the subject's own
// record in its full file, the evidence picker (checked in the page: type, size, count), and
// filing: POST /api/v1/cases, then each evidence file to /api/v1/cases/{id}/evidence, then the
// case page. A server error with a `field` is shown next to that field; the others above the
// buttons. When the case was filed but a file could not be uploaded, the page says so and links
// to the case, where more files can be added.
import { ApiError, showError, showNotice } from './api.js';
import { call } from './account.js';
import { checkEvidence, EVIDENCE_RULE, setFieldError, uploadErrorText, uploadEvidence } from './remedy.js';
import { h } from './ui.js';

/** The record with public id `id` in the subject's own file (public or not), or null. */
export async function findOwnRecord(id) {
  const data = await call('GET', '/api/v1/me/file');
  for (const tab of Array.isArray(data.tabs) ? data.tabs : []) {
    for (const rec of Array.isArray(tab.records) ? tab.records : []) if (rec.id === id) return rec;
  }
  return null;
}

/** Wire the file input: its help line, and the check on every change. */
export function evidencePicker(input) {
  document.getElementById(`${input.id}-help`).textContent = EVIDENCE_RULE;
  const check = () => {
    const r = checkEvidence(input.files);
    setFieldError(input, r.error);
    return r;
  };
  input.addEventListener('change', check);
  return check;
}

/**
 * File a case. body: the POST /api/v1/cases JSON; files: checked evidence; fields: server field
 * name -> input, or a function taking the message (errors go next to the field); status: the box for other errors; submit: the button.
 * Goes to the case page when everything went through.
 */
export async function fileCase({ body, files, fields, status, submit }) {
  submit.disabled = true;
  status.replaceChildren();
  let created;
  try {
    created = await call('POST', '/api/v1/cases', { json: body });
  } catch (err) {
    const input = err instanceof ApiError && err.field ? fields[err.field] : null;
    if (typeof input === 'function') {
      input(`${err.message} (${err.code})`);
    } else if (input) {
      setFieldError(input, `${err.message} (${err.code})`);
      input.focus();
    } else {
      showError(status, err);
    }
    submit.disabled = false;
    return;
  }
  const id = created.id;
  if (files.length) {
    showNotice(status, `已提交，案件编号 ${id}。正在上传证明材料…`, 'info');
    const results = await uploadEvidence(call, id, files, (name) => {
      status.querySelector('p').textContent = `已提交，案件编号 ${id}。正在上传“${name}”…`;
    });
    const failed = results.filter((r) => !r.ok);
    if (failed.length) {
      const alert = showError(status, failed[0].error);
      alert.replaceChildren(
        h('p', { class: 'error-message' }, `已提交，案件编号 ${id}；但有 ${failed.length} 个文件未能上传。`),
        ...failed.map((r) => h('p', null, uploadErrorText(r))),
        h('p', null, h('a', { href: `case.html?id=${encodeURIComponent(id)}`, id: 'to-case' }, '前往案件页面补充上传')));
      return;
    }
  }
  location.assign(`case.html?id=${encodeURIComponent(id)}&filed=1`);
}
