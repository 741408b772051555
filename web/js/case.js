// case.js - one of the subject's cases (?id=N): the state in plain language with the statutory
// date of the next step, what the subject filed, its evidence (downloads, and more while the
// case is open), the whole history (each step: what, who, when, the reasons) and the record.
// What the subject may do now (e.g. 撤回) comes from the case's `events`, never from this page.
import { showNotice } from './api.js';
import { call, startSubjectPage } from './account.js';
import {
  checkEvidence, cnDate, EVIDENCE_RULE, evidenceList, factsList, filedRows, isOpen, loadCase, nextStepText,
  overdueBadge, renderEvents, setFieldError, showRecord, stateBadge, stepsTable, uploadErrorText, uploadEvidence,
} from './remedy.js';
import { h, param, recordHref, setTitle, show } from './ui.js';

const id = param('id');
let current = null;

function stateBlock(c) {
  const lines = [
    h('p', { class: 'case-state' }, stateBadge(c), ' ', overdueBadge(c), ' ',
      h('strong', { id: 'next-step' }, nextStepText(c))),
  ];
  if (isOpen(c)) {
    lines.push(h('p', { class: 'meta', id: 'waiting-for' }, `目前由${show(c.waiting_for_label)}办理。`));
  }
  if (c.result_record) {
    lines.push(h('p', { id: 'result' }, '更正后的记录：',
      h('a', { href: recordHref({ id: c.result_record }), id: 'result-link' }, '查看更正后的公示记录')));
  }
  const facts = [
    ['案件类型', c.kind_label],
    ['案件编号', c.id],
    ['提交日期', cnDate(c.filed)],
    ['记录', c.item_name],
    ['认定部门', c.department && c.department.name],
  ];
  if (c.ground_label) facts.push(['异议理由', c.ground_label]);
  if (c.due) facts.push(['下一步办理期限', cnDate(c.due)]);
  lines.push(factsList(facts));
  return lines;
}

function render(c) {
  current = c;
  setTitle(`${show(c.kind_label)}案件 第 ${c.id} 号`);
  document.getElementById('page-title').textContent = `${show(c.kind_label)}案件 第 ${c.id} 号`;
  document.getElementById('state').replaceChildren(...stateBlock(c));
  document.getElementById('filed').replaceChildren(...filedRows(c));
  document.getElementById('evidence').replaceChildren(evidenceList(c.id, c.evidence));
  document.getElementById('evidence-form').hidden = !isOpen(c);
  document.getElementById('history').replaceChildren(stepsTable(c.steps));
  const rec = c.record_view;
  if (rec) {
    showRecord(rec, rec.public !== false && !rec.hidden && !rec.archived);
  } else {
    document.getElementById('record').replaceChildren(h('p', { class: 'empty' }, '该记录已不在您可查看的范围内。'));
  }
  const n = renderEvents(document.getElementById('actions'), c, {
    call,
    onDone: load,
    reasonsLabel: (ev) => (ev.reasons_required ? '理由（必填）' : (ev.id === 'withdraw' ? '撤回原因（可选）' : '说明（可选）')),
  });
  document.getElementById('actions-section').hidden = n === 0;
}

function load() {
  return loadCase(call, id, render, '没有这个案件，或该案件不是您提出的。');
}

const files = document.getElementById('files');
document.getElementById('files-help').textContent = EVIDENCE_RULE;
files.addEventListener('change', () => setFieldError(files, checkEvidence(files.files, (current?.evidence || []).length).error));
document.getElementById('evidence-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const box = document.getElementById('evidence-status');
  box.replaceChildren();
  if (!files.files.length) {
    setFieldError(files, '请选择要上传的文件');
    files.focus();
    return;
  }
  const checked = checkEvidence(files.files, (current?.evidence || []).length);
  setFieldError(files, checked.error);
  if (checked.error) {
    files.focus();
    return;
  }
  const button = document.getElementById('upload');
  button.disabled = true;
  const results = await uploadEvidence(call, id, checked.files);
  button.disabled = false;
  const failed = results.filter((r) => !r.ok);
  files.value = '';
  await load();
  if (failed.length) {
    setFieldError(files, failed.map(uploadErrorText).join('；'));
  } else {
    showNotice(box, `已上传 ${results.length} 个文件。`, 'info');
  }
});

async function main() {
  const status = document.getElementById('status');
  const s = await startSubjectPage({ statusBox: status });
  if (!s) return;
  if (!id || !/^\d+$/.test(id)) {
    showNotice(status, '缺少案件编号。请从“我的信用”中打开您的案件。', 'warn');
    return;
  }
  await load();
  if (param('filed') === '1' && current) {
    const notice = showNotice(document.getElementById('notice'), `已提交，案件编号 ${current.id}。${nextStepText(current)}。`, 'info');
    notice.id = 'filed-notice';
  }
}

main();
