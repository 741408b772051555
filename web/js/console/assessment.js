// assessment.js - departments' submission figures: batches, rows, rejected share, and the share
// of records submitted within the statutory working days of the decision (null: no record with
// a known decision date yet).
import { showError } from '../api.js';
import { h, show } from '../ui.js';
import { num, pct } from './stats-format.js';
import { call, startPage, table } from './session.js';


async function main() {
  const status = document.getElementById('status');
  const s = await startPage({ page: 'assessment.html', need: ['batch.submit', 'batch.read_dept', 'batch.read_all'],
    statusBox: status });
  if (!s) return;
  let data;
  try {
    data = await call('GET', '/api/v1/assessment');
  } catch (err) {
    showError(status, err);
    return;
  }
  const days = data.timely_working_days || 7;
  document.getElementById('assess-lead').textContent =
    `及时报送：行政决定作出后 ${days} 个工作日内报送到平台。${s.permissions.includes('batch.read_all') ? '显示所有部门。' : '显示本部门。'}`;
  const items = Array.isArray(data.items) ? data.items : [];
  const box = document.getElementById('table');
  if (!items.length) {
    box.replaceChildren(h('p', { class: 'empty' }, '还没有报送数据。'));
  } else {
    box.replaceChildren(table(`报送考核指标（${items.length} 个部门）`,
      ['部门', '批次', '报送行数', '接收', '拒收', '拒收率', '记录数', '及时', '无法判断', '及时率'],
      items.map((a) => ({
        attrs: { 'data-dept': a.department ? a.department.code : '' },
        cells: [
          a.department ? show(a.department.name || a.department.code) : '—', num(a.batches), num(a.rows), num(a.accepted),
          num(a.rejected), pct(a.rejected_permille), num(a.records), num(a.timely), num(a.untimed), pct(a.timely_permille),
        ],
      })), { id: 'assessment-table' }));
  }
  status.replaceChildren();
  document.getElementById('content').hidden = false;
}

main();
