// keys.js - the data keys' status for the security administrator (security.manage), read only:
// GET /api/v1/keys gives the current key version, the versions the server holds, and how many
// sealed values each place holds under each version. Rotation is not done here: it runs on the
// server (`xinyong key rotate`), and the keys never pass through a browser.
import { showError, showNotice } from '../api.js';
import { h, show } from '../ui.js';
import { call, startPage, table } from './session.js';

/** Where sealed values live, in the order shown. */
const PLACES = [
  ['subjects', '信用主体证件号码'],
  ['identifiers', '旧格式标识（待转换）'],
  ['records', '信用记录中的证件号码'],
  ['totp', '账户动态口令密钥'],
];

function placeLabel(place) {
  const p = PLACES.find(([k]) => k === place);
  return p ? p[1] : show(place);
}

function placeOrder(place) {
  const i = PLACES.findIndex(([k]) => k === place);
  return i < 0 ? PLACES.length : i;
}

function versionLabel(v, current) {
  if (!v) return '旧格式（未分版本）';
  return v === current ? `第 ${v} 版（当前）` : `第 ${v} 版`;
}

function stateOf(v, current) {
  if (v === current) return h('span', { class: 'badge badge-positive' }, '当前版本');
  return h('span', { class: 'badge badge-dispute' }, '待重新加密');
}

async function load() {
  const keysStatus = document.getElementById('keys-status');
  const sealedStatus = document.getElementById('sealed-status');
  const sealedBox = document.getElementById('sealed');
  keysStatus.replaceChildren();
  sealedStatus.replaceChildren();
  let data;
  try {
    data = await call('GET', '/api/v1/keys');
  } catch (err) {
    showError(keysStatus, err);
    return;
  }
  const current = Number(data.current) || 0;
  const versions = (Array.isArray(data.versions) ? data.versions : []).map(Number).sort((a, b) => a - b);
  const facts = [
    ['密钥来源', data.from_environment ? '环境变量 XINYONG_KEYS' : '服务器上的密钥文件'],
    ['当前版本', current ? `第 ${current} 版` : '—'],
    ['服务器持有的版本', versions.length ? versions.map((v) => (v === current ? `${v}（当前）` : String(v))).join('、') : '—'],
  ];
  document.getElementById('keys').replaceChildren(...facts.flatMap(([k, v], i) => [
    h('dt', null, k), h('dd', { id: ['key-source', 'key-current', 'key-versions'][i] }, show(v))]));

  const sealed = (Array.isArray(data.sealed) ? data.sealed : []).slice().sort((a, b) =>
    placeOrder(a.place) - placeOrder(b.place) || Number(b.version) - Number(a.version));
  if (!sealed.length) {
    sealedBox.replaceChildren(h('p', { class: 'empty', id: 'sealed-empty' }, '还没有加密保存的数据。'));
    return;
  }
  const stale = sealed.filter((s) => Number(s.version) !== current).reduce((n, s) => n + (Number(s.count) || 0), 0);
  if (stale > 0) {
    showNotice(sealedStatus, `有 ${stale} 个值仍使用旧版本的密钥加密：密钥轮换尚未完成。请服务器运维人员运行 xinyong key rotate 完成重新加密。`,
      'warn').id = 'keys-stale';
  } else {
    showNotice(sealedStatus, '全部加密数据都已使用当前版本的密钥。', 'info').id = 'keys-current';
  }
  sealedBox.replaceChildren(table(null, ['位置', '密钥版本', '数量', '状态'],
    sealed.map((s) => ({
      attrs: { 'data-place': s.place, 'data-version': String(s.version) },
      cells: [placeLabel(s.place), versionLabel(Number(s.version), current), show(s.count), stateOf(Number(s.version), current)],
    })), { id: 'sealed-table' }));
}

document.getElementById('refresh').addEventListener('click', async (ev) => {
  const btn = ev.currentTarget;
  btn.disabled = true;
  try {
    await load();
  } finally {
    btn.disabled = false;
  }
});

async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'keys.html', need: ['security.manage'], statusBox: status });
  if (!s) return;
  status.replaceChildren();
  document.getElementById('content').hidden = false;
  await load();
}

main();
