// fileform.js - what the two filing forms (提出异议, 申请信用修复) share: the start of the page
// (the session, the subject's own record from its full file, shown as a card), the statement
// with its counter and check, the evidence picker (checked in the page: type, size, count), and
// filing: POST /api/v1/cases, then each evidence file to /api/v1/cases/{id}/evidence, then the
// case page. A server error with a `field` is shown next to that field; the others above the
// buttons. When the case was filed but a file could not be uploaded, the page says so and links
// to the case, where more files can be added.
import { ApiError, showError, showNotice } from './api.js';
import { call, startSubjectPage } from './account.js';
import {
  charCount, charCounter, checkEvidence, EVIDENCE_RULE, setFieldError, showRecord, STATEMENT_MAX, uploadErrorText,
  uploadEvidence,
} from './remedy.js';
import { h, param, recordTitle, setTitle } from './ui.js';

/** The record with public id `id` in the subject's own file (public or not), or null. */
export async function findOwnRecord(id) {
  const data = await call('GET', '/api/v1/me/file');
  for (const tab of Array.isArray(data.tabs) ? data.tabs : []) {
    for (const rec of Array.isArray(tab.records) ? tab.records : []) if (rec.id === id) return rec;
  }
  return null;
}

/**
 * Start a filing page for ?record=ID: the session, the record in the subject's own file (and the
 * answers of `also`, functions making more requests at the same time), the page title
 * "<title>：<record title>" and the record card in #record. Resolves to [record, ...answers], or
 * null after a notice in #status (`missing` when the URL names no record).
 */
export async function startFilingPage({ title, missing, also = [] }) {
  const status = document.getElementById('status');
  const s = await startSubjectPage({ statusBox: status });
  if (!s) return null;
  const id = param('record');
  if (!id) {
    showNotice(status, missing, 'warn');
    return null;
  }
  let got;
  try {
    got = await Promise.all([findOwnRecord(id), ...also.map((f) => f())]);
  } catch (err) {
    showError(status, err);
    return null;
  }
  const rec = got[0];
  if (!rec) {
    showNotice(status, `未找到编号为 ${id} 的记录，或该记录不属于您的信用主体。`, 'warn');
    return null;
  }
  setTitle(`${title}：${recordTitle(rec)}`);
  showRecord(rec, rec.public !== false && !rec.hidden);
  return got;
}

/**
 * Wire the statement textarea (its counter #<id>-count, its error cleared on input) and the
 * evidence file input; returns the files' check (as evidencePicker).
 */
export function filingInputs(statement, files) {
  charCounter(statement, STATEMENT_MAX, document.getElementById(`${statement.id}-count`));
  const checkFiles = evidencePicker(files);
  statement.addEventListener('input', () => setFieldError(statement, ''));
  return checkFiles;
}

/** Check the statement (required, at most STATEMENT_MAX characters; `what` names it); shows and returns the error or ''. */
function checkStatement(statement, what) {
  const n = charCount(statement.value.trim());
  const err = n === 0 ? `请填写${what}` : n > STATEMENT_MAX ? `${what}有${n}字，超过了${STATEMENT_MAX}字的上限` : '';
  setFieldError(statement, err);
  return err;
}

/**
 * The rest of a filing form's submit, after its own checks (`first`: their first invalid input, or
 * null): check the statement (`what` names it) and the files (checkFiles, from filingInputs), put
 * the focus on the first invalid input, or else file the case (body() gives its JSON; fields as
 * for fileCase) with the status box #form-status and the button #submit.
 */
export async function submitFiling({ first, statement, what, files, checkFiles, body, fields }) {
  let bad = first;
  if (checkStatement(statement, what) && !bad) bad = statement;
  const checked = checkFiles();
  if (checked.error && !bad) bad = files;
  if (bad) {
    bad.focus();
    return;
  }
  await fileCase({
    body: body(),
    files: checked.files,
    fields,
    status: document.getElementById('form-status'),
    submit: document.getElementById('submit'),
  });
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
