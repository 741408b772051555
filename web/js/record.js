// record.js - one public record (GET /api/v1/records/{id}) with a link to its subject's file.
import { apiGet, showError, showNotice } from './api.js';
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
    body.append(h('p', { class: 'meta' }, '该信息正在异议处理中，处理结果以信息提供部门核实为准。'));
  }
  status.replaceChildren();
  document.getElementById('record').hidden = false;
}

main();
