// me.js - the subject's own view (self.read): its whole credit file, public and non-public,
// free and unlimited, and who read its non-public information, when and for what purpose.
import { showError, showNotice } from '../api.js';
import { h, show } from '../ui.js';
import { call, startPage, table, when } from './session.js';
import { renderFile } from './file.js';

async function loadFile() {
  const box = document.getElementById('file-status');
  try {
    const data = await call('GET', '/api/v1/me/file');
    box.replaceChildren();
    renderFile(document.getElementById('file'), data);
  } catch (err) {
    showError(box, err);
  }
}

async function loadReads() {
  const box = document.getElementById('reads');
  try {
    const data = await call('GET', '/api/v1/me/reads');
    const items = Array.isArray(data.items) ? data.items : [];
    if (!items.length) {
      box.replaceChildren(h('p', { class: 'empty', id: 'reads-empty' }, '还没有人查询过您的非公开信息。'));
      return;
    }
    box.replaceChildren(table(`共 ${items.length} 次查询`, ['时间', '查询单位', '查询人角色', '查询用途'],
      items.map((r) => [h('span', { class: 'nowrap' }, when(r.at)), show(r.actor_dept), show(r.role_name), show(r.purpose)]),
      { id: 'reads-table' }));
  } catch (err) {
    showError(document.getElementById('reads-status'), err);
  }
}

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'me.html', need: ['self.read'], statusBox: status });
  if (!s) return;
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  if (!s.subject_verified) {
    showNotice(document.getElementById('file-status'),
      '您的身份尚未核验，暂时不能查看信用档案。请携带身份证件或营业执照到信用办核验身份。', 'warn');
    document.getElementById('reads-status').hidden = true;
    return;
  }
  await Promise.all([loadFile(), loadReads()]);
}

main();
