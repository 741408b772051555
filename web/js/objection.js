// objection.js - 提出异议 (?record=ID): the record as the subject sees it, the six grounds as
// radio buttons with a line each, the statement with a character counter (at most 2000), and
// evidence files (PDF/JPEG/PNG, refused in the page when of another type or too large, and again
// by the server). Submitting files the case, uploads the files and opens the case page.
import { showError, showNotice } from './api.js';
import { startSubjectPage } from './account.js';
import { evidencePicker, fileCase, findOwnRecord } from './fileform.js';
import { charCount, charCounter, GROUNDS, setFieldError, STATEMENT_MAX, statusBadges } from './remedy.js';
import { h, param, recordCard, recordTitle, setTitle, show } from './ui.js';

setTitle('提出异议');

const form = document.getElementById('objection-form');
const statement = document.getElementById('statement');
const files = document.getElementById('files');
const groundField = document.getElementById('ground-field');

function buildGrounds() {
  document.getElementById('grounds').replaceChildren(...GROUNDS.map(([id, label, line]) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'ground', id: `ground-${id}`, value: id, 'aria-describedby': `ground-${id}-help` }),
    h('label', { for: `ground-${id}` }, label),
    h('span', { class: 'help', id: `ground-${id}-help` }, line))));
}

function groundInput() {
  return form.querySelector('input[name="ground"]:checked');
}

/** Ground errors belong to the fieldset; the first radio carries focus and aria-invalid. */
function groundError(text) {
  const box = document.getElementById('ground-error');
  box.textContent = text || '';
  box.hidden = !text;
  groundField.classList.toggle('invalid', !!text);
}

async function main() {
  const status = document.getElementById('status');
  const s = await startSubjectPage({ statusBox: status });
  if (!s) return;
  const id = param('record');
  if (!id) {
    showNotice(status, '缺少记录编号。请从“我的信用”中选择要提出异议的记录。', 'warn');
    return;
  }
  let rec;
  try {
    rec = await findOwnRecord(id);
  } catch (err) {
    showError(status, err);
    return;
  }
  if (!rec) {
    showNotice(status, `未找到编号为 ${id} 的记录，或该记录不属于您的信用主体。`, 'warn');
    return;
  }
  setTitle(`提出异议：${recordTitle(rec)}`);
  const card = recordCard(rec, { level: 3, link: rec.public !== false && !rec.hidden, tag: 'div' });
  card.querySelector('.record-title').append(...statusBadges(rec));
  document.getElementById('record').replaceChildren(card);
  if (rec.disputed) {
    document.getElementById('record').append(h('p', { class: 'meta' }, '该记录已有异议正在处理中。同一条记录，您只能有一件未办结的异议。'));
  }
  buildGrounds();
  charCounter(statement, STATEMENT_MAX, document.getElementById('statement-count'));
  const checkFiles = evidencePicker(files);
  form.addEventListener('change', (ev) => {
    if (ev.target.name === 'ground') groundError('');
  });
  statement.addEventListener('input', () => setFieldError(statement, ''));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let first = null;
    const ground = groundInput();
    groundError(ground ? '' : '请选择异议理由');
    if (!ground) first = form.querySelector('input[name="ground"]');
    const n = charCount(statement.value.trim());
    const sErr = n === 0 ? '请填写异议陈述' : n > STATEMENT_MAX ? `异议陈述有${n}字，超过了${STATEMENT_MAX}字的上限` : '';
    setFieldError(statement, sErr);
    if (sErr && !first) first = statement;
    const checked = checkFiles();
    if (checked.error && !first) first = files;
    if (first) {
      first.focus();
      return;
    }
    await fileCase({
      body: { kind: 'objection', record: rec.id, ground: ground.value, statement: statement.value.trim() },
      files: checked.files,
      fields: {
        ground: (text) => {
          groundError(text);
          form.querySelector('input[name="ground"]').focus();
        },
        statement,
      },
      status: document.getElementById('form-status'),
      submit: document.getElementById('submit'),
    });
  });
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  document.getElementById('page-title').textContent = `提出异议：${show(rec.item_name)}`;
}

main();
