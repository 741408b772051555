// stats-format.js - how the statistics pages write numbers: whole numbers in zh-CN grouping
// (1,234), shares from the server's permille as "12.3%", money from fen as yuan (1,234.50), and
// "—" for what the server could not compute (null: no denominator yet).

const INT = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const DAYS = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

/** 1234 -> "1,234"; anything not a number -> "—". */
export function num(v) {
  return isNum(v) ? INT.format(v) : '—';
}

/** 123 (permille) -> "12.3%"; null -> "—". */
export function pct(permille) {
  return isNum(permille) ? `${(permille / 10).toFixed(1)}%` : '—';
}

/** 1.46 -> "1.5"; null -> "—". */
export function days(v) {
  return isNum(v) ? DAYS.format(v) : '—';
}

/** 123450 (fen) -> "1,234.50"; null -> "—". */
export function yuan(fen) {
  return isNum(fen) ? YUAN.format(fen / 100) : '—';
}

/** part ÷ whole as permille (rounded), null when whole is 0: the server's convention. */
export function permille(part, whole) {
  return isNum(part) && isNum(whole) && whole > 0 ? Math.round((part * 1000) / whole) : null;
}

/** The sum of one numeric member over rows (non-numbers count 0). */
export function sum(rows, key) {
  return (Array.isArray(rows) ? rows : []).reduce((s, r) => s + (isNum(r && r[key]) ? r[key] : 0), 0);
}

/** A department's display name: its name, else its code, else "—". */
export function deptName(d) {
  return (d && (d.name || d.code)) || '—';
}
