// record.js - one public record (GET /api/v1/records/{id}) with a link to its subject's file:
// 有异议 while an objection is open, for penalties where the record stands for credit repair,
// its version history (each version: when it arrived, where from, which fields changed — names
// only, old values are not republished) and the way for the subject to object.
import { apiGet, showError, showNotice } from './api.js';
import { historyTable, repairLine } from './remedy.js';
import { h, param, recordCard, recordTitle, setTitle, show, subjectHref } from './ui.js';

const status = document.getElementById('status');

async function main() {
  const id = param('id');
  if (!id) {
    showNotice(status, '缺少记录编号。', 'warn');
    return;
  }
  let data;
  try {
    data = await apiGet(`/api/v1/records/${encodeURIComponent(id)}`);
  } catch (err) {
    showError(status, err, err.status === 404 ? '该记录不存在，或已超过公示期限。' : null);
    return;
  }
  const rec = data.record || data;
  const subject = data.subject || null;
  const title = `${show(rec.item_name)}：${recordTitle(rec)}`;
  setTitle(title);
  document.getElementById('record-title').textContent = title;
  const body = document.getElementById('record-body');
  if (subject) {
    body.append(h('p', { class: 'panel subject-line' }, '信用主体：',
      subject.id ? h('a', { href: subjectHref(subject) }, show(subject.name)) : show(subject.name), ' ',
      h('span', { class: 'badge badge-kind' }, show(subject.kind_name)), ' ',
      subject.code ? h('span', { class: 'meta code' }, subject.code) : null));
  }
  body.append(recordCard(rec, { level: 2, link: false, tag: 'section' }));
  if (rec.disputed) {
    body.append(h('p', { class: 'alert alert-warn', id: 'disputed-note', role: 'note' },
      '有异议：该信息正在异议处理中，处理结果以信息提供部门核实为准。'));
  }
  const repair = repairLine(rec);
  if (repair) {
    body.append(h('p', { class: 'panel repair-line', id: 'repair-line', 'data-window': rec.repair.window },
      h('strong', null, '信用修复：'), repair));
  }
  const history = Array.isArray(data.history) ? data.history : Array.isArray(rec.history) ? rec.history : null;
  if (history && history.length) {
    body.append(h('section', { class: 'section', 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, '版本记录'), historyTable(history)));
  }
  body.append(h('p', { class: 'object-link' },
    h('a', { href: `objection.html?record=${encodeURIComponent(rec.id)}`, id: 'object-link' }, '对这条记录有异议？'),
    h('span', { class: 'meta' }, ' 信用主体本人登录后可在线提出异议；也可以到信用办或认定部门办理。')));
  status.replaceChildren();
  document.getElementById('record').hidden = false;
}

main();
