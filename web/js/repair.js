// repair.js - 申请信用修复 (?record=ID): the penalty record and where it stands (before the
// minimum publicity period: the first day an application is possible; past the maximum: no
// application needed), the published 信用承诺书 (GET /api/v1/commitment) with the required
// checkbox that signs it, the statement of how the duty was fulfilled, and the proof files.
// Submitting files the case (with the id of the commitment signed), uploads the proof and opens
// the case page.
import { apiGet, showError, showNotice } from './api.js';
import { startSubjectPage } from './account.js';
import { evidencePicker, fileCase, findOwnRecord } from './fileform.js';
import { charCount, charCounter, repairLine, setFieldError, STATEMENT_MAX, statusBadges } from './remedy.js';
import { h, param, recordCard, recordTitle, setTitle, show } from './ui.js';

setTitle('申请信用修复');

const form = document.getElementById('repair-form');
const statement = document.getElementById('statement');
const signed = document.getElementById('signed');
const files = document.getElementById('files');

function windowNotice(rec) {
  const box = document.getElementById('window');
  const line = repairLine(rec);
  const kind = rec.repair.window === 'possible' ? 'info' : 'warn';
  const alert = showNotice(box, line, kind);
  alert.id = 'window-line';
  alert.dataset.window = rec.repair.window;
}

async function main() {
  const status = document.getElementById('status');
  const s = await startSubjectPage({ statusBox: status });
  if (!s) return;
  const id = param('record');
  if (!id) {
    showNotice(status, '缺少记录编号。请从“我的信用”中选择要申请修复的行政处罚记录。', 'warn');
    return;
  }
  let rec;
  let commitment;
  try {
    [rec, commitment] = await Promise.all([findOwnRecord(id), apiGet('/api/v1/commitment')]);
  } catch (err) {
    showError(status, err);
    return;
  }
  if (!rec) {
    showNotice(status, `未找到编号为 ${id} 的记录，或该记录不属于您的信用主体。`, 'warn');
    return;
  }
  setTitle(`申请信用修复：${recordTitle(rec)}`);
  const card = recordCard(rec, { level: 3, link: rec.public !== false && !rec.hidden, tag: 'div' });
  card.querySelector('.record-title').append(...statusBadges(rec));
  document.getElementById('record').replaceChildren(card);
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  if (!rec.repair) {
    showNotice(document.getElementById('window'), '只有行政处罚信息可以申请信用修复，这条记录不适用。', 'warn');
    return;
  }
  windowNotice(rec);
  if (rec.repair.window !== 'possible') return;

  document.getElementById('commitment-title').textContent = show(commitment.title || '信用承诺书');
  document.getElementById('commitment-text').replaceChildren(
    ...String(commitment.text || '').split(/\n+/).filter((p) => p.trim()).map((p) => h('p', null, p)));
  charCounter(statement, STATEMENT_MAX, document.getElementById('statement-count'));
  const checkFiles = evidencePicker(files);
  signed.addEventListener('change', () => setFieldError(signed, ''));
  statement.addEventListener('input', () => setFieldError(statement, ''));
  form.hidden = false;

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let first = null;
    setFieldError(signed, signed.checked ? '' : '请阅读信用承诺书，并勾选“本人已阅读并签署上述信用承诺”');
    if (!signed.checked) first = signed;
    const n = charCount(statement.value.trim());
    const sErr = n === 0 ? '请填写履行情况说明' : n > STATEMENT_MAX ? `履行情况说明有${n}字，超过了${STATEMENT_MAX}字的上限` : '';
    setFieldError(statement, sErr);
    if (sErr && !first) first = statement;
    const checked = checkFiles();
    if (checked.error && !first) first = files;
    if (first) {
      first.focus();
      return;
    }
    await fileCase({
      body: { kind: 'repair', record: rec.id, statement: statement.value.trim(), commitment: commitment.id },
      files: checked.files,
      fields: { statement, commitment: signed },
      status: document.getElementById('form-status'),
      submit: document.getElementById('submit'),
    });
  });
}

main();
