// reportfile.js - what the report pages share: asking POST /api/v1/reports for a report (the answer
// is the PDF itself, not JSON, so api.js's request() cannot read it), saving it under the server's
// file name, the report number read from that name, Beijing's today and the period arithmetic.
import { ApiError, apiErrorOf, dispositionName } from './api.js';

// An answer that is not a report: what to say when the server sent no error body of its own.
const FALLBACK = {
  403: ['DENIED', '无权获取该报告'],
  404: ['NOT_FOUND', '未找到该主体'],
};

export const NUMBER_RE = /XYBG\d{16}/;

async function errorOf(res) {
  let body = null;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = null;
  }
  return apiErrorOf(res, body, FALLBACK);
}

/**
 * Ask for a report. body: the JSON of POST /api/v1/reports. csrf: the signed-in session's CSRF
 * token, or null to ask anonymously (no cookie: an organisation's report is public, and a stale
 * cookie must not turn a visitor's request into a 401). Resolves to { blob, name, number };
 * throws ApiError (with `field` when the server named one).
 */
export async function requestReport(body, { csrf = null } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/pdf, application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch('/api/v1/reports', {
      method: 'POST',
      credentials: csrf ? 'same-origin' : 'omit',
      cache: 'no-store',
      headers,
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }
  if (!res.ok) throw await errorOf(res);
  const blob = await res.blob();
  // a report is a PDF; anything else (a proxy's page) must not be saved as one
  const head = await blob.slice(0, 5).text();
  if (head !== '%PDF-') {
    throw new ApiError({
      status: res.status, code: 'PARSE', message: '服务器返回的不是 PDF 文件，请稍后重试',
      requestId: res.headers.get('X-Request-Id'),
    });
  }
  const name = dispositionName(res.headers.get('Content-Disposition'), '公共信用信息报告.pdf');
  const number = (NUMBER_RE.exec(name) || [''])[0];
  return { blob: new Blob([blob], { type: 'application/pdf' }), name, number };
}

let lastUrl = null;

/**
 * Save `blob` as `name` (the browser's download) and return the object URL, which stays valid
 * until the next report is saved, so a "save again" link can use it.
 */
export function saveBlob(blob, name) {
  if (lastUrl) URL.revokeObjectURL(lastUrl);
  lastUrl = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = lastUrl;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  return lastUrl;
}

/** Today in Beijing, "YYYY-MM-DD" (the server's reports are dated in UTC+8). */
export function beijingToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** "YYYY-MM-DD" moved by whole years (29 February becomes 28 February) or days. */
export function shiftDay(day, { years = 0, days = 0 } = {}) {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  const t = new Date(Date.UTC(y + years, m - 1, Math.min(d, last)) + days * 86400000);
  return t.toISOString().slice(0, 10);
}

/** A valid calendar day written YYYY-MM-DD. */
export function isDay(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s || '')) return false;
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}
