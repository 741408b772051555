// repair.js - 申请信用修复 (?record=ID): the penalty record and where it stands (before the
// minimum publicity period: the first day an application is possible; past the maximum: no
// application needed), the published 信用承诺书 (GET /api/v1/commitment) with the required
// checkbox that signs it, the statement of how the duty was fulfilled, and the proof files.
// Submitting files the case (with the id of the commitment signed), uploads the proof and opens
// the case page.
import { apiGet, showNotice } from './api.js';
import { filingInputs, startFilingPage, submitFiling } from './fileform.js';
import { repairLine, setFieldError } from './remedy.js';
import { h, setTitle, show } from './ui.js';

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
  const got = await startFilingPage({
    title: '申请信用修复',
    missing: '缺少记录编号。请从“我的信用”中选择要申请修复的行政处罚记录。',
    also: [() => apiGet('/api/v1/commitment')],
  });
  if (!got) return;
  const [rec, commitment] = got;
  document.getElementById('status').replaceChildren();
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
  const checkFiles = filingInputs(statement, files);
  signed.addEventListener('change', () => setFieldError(signed, ''));
  form.hidden = false;

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let first = null;
    setFieldError(signed, signed.checked ? '' : '请阅读信用承诺书，并勾选“本人已阅读并签署上述信用承诺”');
    if (!signed.checked) first = signed;
    await submitFiling({
      first,
      statement,
      what: '履行情况说明',
      files,
      checkFiles,
      body: () => ({ kind: 'repair', record: rec.id, statement: statement.value.trim(), commitment: commitment.id }),
      fields: { statement, commitment: signed },
    });
  });
}

main();
