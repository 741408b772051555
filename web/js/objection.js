// objection.js - 提出异议 (?record=ID): the record as the subject sees it, the six grounds as
// radio buttons with a line each, the statement with a character counter (at most 2000), and
// evidence files (PDF/JPEG/PNG, refused in the page when of another type or too large, and again
// by the server). Submitting files the case, uploads the files and opens the case page.
import { filingInputs, startFilingPage, submitFiling } from './fileform.js';
import { GROUNDS } from './remedy.js';
import { h, setTitle, show } from './ui.js';

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
  const got = await startFilingPage({ title: '提出异议', missing: '缺少记录编号。请从“我的信用”中选择要提出异议的记录。' });
  if (!got) return;
  const [rec] = got;
  if (rec.disputed) {
    document.getElementById('record').append(h('p', { class: 'meta' }, '该记录已有异议正在处理中。同一条记录，您只能有一件未办结的异议。'));
  }
  buildGrounds();
  const checkFiles = filingInputs(statement, files);
  form.addEventListener('change', (ev) => {
    if (ev.target.name === 'ground') groundError('');
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let first = null;
    const ground = groundInput();
    groundError(ground ? '' : '请选择异议理由');
    if (!ground) first = form.querySelector('input[name="ground"]');
    await submitFiling({
      first,
      statement,
      what: '异议陈述',
      files,
      checkFiles,
      body: () => ({ kind: 'objection', record: rec.id, ground: ground.value, statement: statement.value.trim() }),
      fields: {
        ground: (text) => {
          groundError(text);
          form.querySelector('input[name="ground"]').focus();
        },
        statement,
      },
    });
  });
  document.getElementById('status').replaceChildren();
  document.getElementById('content').hidden = false;
  document.getElementById('page-title').textContent = `提出异议：${show(rec.item_name)}`;
}

main();
