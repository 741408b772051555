// index.js - the console home: who is signed in (login, role, department), the pages this role
// may open (the same menu as the header, with a line on each), the role's permissions, and a
// form to change one's own password (POST /api/v1/session/password).
import { showError, showNotice } from '../api.js';
import { h, show } from '../ui.js';
import { call, fieldError, menuFor, PERMISSION_TEXT, startPage } from './session.js';

const DESCRIPTIONS = {
  'users.html': '创建账号，变更角色，停用、启用、解锁账号，重置口令',
  'verify.html': '查验证件原件后，把信用主体账号关联到其信用档案',
  'tokens.html': '为部门业务系统签发、吊销接口令牌',
  'keys.html': '查看数据加密密钥的版本和各版本加密的数据量',
  'batches.html': '上传报送文件，查看批次进度、入库结果和错误报告',
  'assessment.html': '各部门的报送量、拒收率和及时率',
  'stats.html': '信用档案覆盖率，按月份、类别和部门的记录数，部门考核，办理时限和联合奖惩闭环，图表和 Excel 导出',
  'audit.html': '按操作人、操作、主体和日期查询审计记录，核验审计链，导出签名检查点',
  'lookup.html': '说明用途后查询信用主体的非公开信用信息',
  'me.html': '本主体的全部信用信息，以及谁查询过我的非公开信息',
  'cases.html': '异议、信用修复和失信被执行人履行报告的办理队列，含办理期限和超期提醒',
  '../my.html': '对本主体的记录提出异议、申请信用修复，查看办理进度和通知',
};

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'index.html', statusBox: status });
  if (!s) return;
  const facts = [
    ['登录名', s.login],
    ['角色', s.role_name || s.role],
  ];
  if (s.dept && (s.dept.name || s.dept.code)) facts.push(['所属部门', `${show(s.dept.name)}（${show(s.dept.code)}）`]);
  else if (s.dept_id) facts.push(['所属部门', `部门编号 ${s.dept_id}`]);
  if (s.role === 'subject') facts.push(['实名核验', s.subject_verified ? '已核验，已关联信用主体' : '尚未核验']);
  facts.push(['闲置超时', `${Math.round((Number(s.idle_timeout_s) || 1800) / 60)} 分钟`]);
  document.getElementById('who').replaceChildren(...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, show(v))]));

  const pages = menuFor(s.permissions).filter((m) => m.href !== 'index.html');
  document.getElementById('menu-cards').replaceChildren(...pages.map((m) => h('a', { class: 'entry', href: m.href },
    h('strong', null, m.text), h('span', null, DESCRIPTIONS[m.href] || ''))));
  document.getElementById('menu-empty').hidden = pages.length > 0;
  const perms = Array.isArray(s.permissions) ? s.permissions : [];
  document.getElementById('perms').replaceChildren(...(perms.length
    ? perms.map((p) => h('li', null, PERMISSION_TEXT[p] || p, ' ', h('span', { class: 'meta code' }, p)))
    : [h('li', null, '无')]));
  status.replaceChildren();
  document.getElementById('content').hidden = false;
}

const pwForm = document.getElementById('pw-form');
const pw = {
  old: document.getElementById('pw-old'),
  new: document.getElementById('pw-new'),
  again: document.getElementById('pw-again'),
};
pwForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const box = document.getElementById('pw-status');
  box.replaceChildren();
  let first = null;
  const check = (input, bad, text) => {
    fieldError(input, bad ? text : '');
    if (bad && !first) first = input;
  };
  check(pw.old, !pw.old.value, '请输入原口令');
  check(pw.new, pw.new.value.length < 8, '新口令至少8个字符');
  check(pw.again, pw.again.value !== pw.new.value, '两次输入的新口令不一致');
  if (first) {
    first.focus();
    return;
  }
  const submit = document.getElementById('pw-submit');
  submit.disabled = true;
  try {
    await call('POST', '/api/v1/session/password', { json: { old_password: pw.old.value, new_password: pw.new.value } });
    pwForm.reset();
    showNotice(box, '口令已修改。下次登录请使用新口令。', 'info');
  } catch (err) {
    showError(box, err);
  } finally {
    submit.disabled = false;
  }
});

main();
