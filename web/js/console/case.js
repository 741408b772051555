// case.js - one case in the console (?id=N) for reviewers and department staff: the state with
// its deadline and who acts, the actions the server allows this clerk now (the case's `events`:
// each with a reasons box, required where the rule says so; `correct` with the record's fields
// and their current values to edit and 不再公示该记录), a confirmation before final steps, the
// filer's statement and evidence (downloads), the whole history and the record in full.
// Errors are shown next to the field they concern (the API's `field`: reasons or a field code).
import { showNotice } from '../api.js';
import {
  cnDate, evidenceList, factsList, filedRows, isOpen, loadCase, nextStepText, overdueBadge, renderEvents,
  setFieldError, showRecord, stateBadge, stepsTable,
} from '../remedy.js';
import { h, param, show } from '../ui.js';
import { call, startPage } from './session.js';

const id = param('id');
let current = null;

function stateBlock(c) {
  const facts = [
    ['案件类型', c.kind_label],
    ['案件编号', c.id],
    ['提交日期', cnDate(c.filed)],
    ['办理期限', c.due ? cnDate(c.due) : '—'],
    ['等待', isOpen(c) ? show(c.waiting_for_label) : '已办结'],
    ['记录', c.item_name],
    ['认定部门', c.department && c.department.name],
  ];
  if (c.ground_label) facts.push(['异议理由', c.ground_label]);
  return [
    h('p', { class: 'case-state' }, stateBadge(c), ' ', overdueBadge(c), ' ', h('strong', { id: 'next-step' }, nextStepText(c))),
    c.result_record ? h('p', { id: 'result' }, '更正后的记录：',
      h('a', { href: `../record.html?id=${encodeURIComponent(c.result_record)}`, id: 'result-link' }, `公示页面（${c.result_record}）`)) : null,
    factsList(facts),
  ];
}

/** The correction form: every field of the record with its current value, plus unpublish. */
function correctionForm(c) {
  const fields = Array.isArray(c.record_view && c.record_view.fields) ? c.record_view.fields : [];
  const rows = fields.map((f) => {
    const fid = `corr-${f.code}`;
    return h('div', { class: 'field corr-field' },
      h('label', { for: fid }, show(f.name || f.code), ' ', h('span', { class: 'meta code' }, f.code)),
      h('input', {
        type: 'text', id: fid, name: f.code, value: f.value ?? '', 'data-field': f.code, 'data-old': f.value ?? '',
        maxlength: '2000', 'aria-describedby': `${fid}-error`,
      }),
      h('p', { class: 'field-error', id: `${fid}-error`, hidden: true }));
  });
  return h('fieldset', { class: 'field corrections' },
    h('legend', { class: 'label' }, '更正后的记录内容（只提交改动的字段）'),
    h('div', { class: 'form-grid' }, rows),
    h('div', { class: 'field' },
      h('label', { class: 'check', for: 'unpublish' }, h('input', { type: 'checkbox', id: 'unpublish', name: 'unpublish', 'aria-describedby': 'unpublish-help unpublish-error' }), ' 不再公示该记录'),
      h('span', { class: 'help', id: 'unpublish-help' }, '适用于重复、不应公示或超期公示的记录：更正后该记录停止公示，平台内部保留。'),
      h('p', { class: 'field-error', id: 'unpublish-error', hidden: true })));
}

function collectCorrections(ev, form) {
  if (ev.id !== 'correct') return {};
  const corrections = {};
  for (const input of form.querySelectorAll('input[data-field]')) {
    setFieldError(input, '');
    if (input.value !== input.dataset.old) corrections[input.dataset.field] = input.value.trim();
  }
  const unpublish = form.querySelector('#unpublish').checked;
  if (!Object.keys(corrections).length && !unpublish) {
    return { error: '请至少修改一个字段，或勾选“不再公示该记录”', input: form.querySelector('#unpublish') };
  }
  return { corrections, unpublish };
}

function render(c) {
  current = c;
  document.title = `${show(c.kind_label)}案件 第 ${c.id} 号 — 信用广州工作人员平台`;
  document.getElementById('page-title').textContent = `${show(c.kind_label)}案件 第 ${c.id} 号`;
  document.getElementById('state').replaceChildren(...stateBlock(c).filter(Boolean));
  document.getElementById('filed').replaceChildren(...filedRows(c));
  document.getElementById('evidence').replaceChildren(evidenceList(c.id, c.evidence));
  document.getElementById('history').replaceChildren(stepsTable(c.steps));
  const rec = c.record_view;
  if (rec) {
    showRecord(rec, false);
  } else {
    document.getElementById('record').replaceChildren(h('p', { class: 'empty' }, '无法显示该记录。'));
  }
  renderEvents(document.getElementById('actions'), c, {
    call,
    onDone: async (ev) => {
      await load();
      const notice = showNotice(document.getElementById('notice'), `已办理：${show(ev.label)}。${nextStepText(current)}。`, 'info');
      notice.id = 'done-notice';
      document.getElementById('notice').scrollIntoView();
    },
    extra: (ev) => (ev.id === 'correct' ? correctionForm(c) : null),
    collect: collectCorrections,
  });
}

function load() {
  return loadCase(call, id, render, '没有这个案件，或它不在您的办理范围内。');
}

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'cases.html', need: ['review', 'remedy.dept'], statusBox: status });
  if (!s) return;
  if (!id || !/^\d+$/.test(id)) {
    showNotice(status, '缺少案件编号。请从“异议与修复”队列中打开案件。', 'warn');
    return;
  }
  await load();
}

main();
