// api.js - talk to /api/v1/ and show its errors. Every error the portal shows goes through
// showError(), so a reader always sees the server's Chinese message and its stable code,
// e.g. "未找到该主体 (NOT_FOUND)". Text only ever reaches the DOM through textContent.

// Messages for failures that carry no error body of the server's (a proxy, a dropped connection).
const FALLBACK = {
  400: ['INVALID', '请求参数有误'],
  404: ['NOT_FOUND', '未找到'],
  405: ['METHOD', '不支持的请求方法'],
  413: ['TOO_LARGE', '请求内容过大'],
  415: ['UNSUPPORTED', '请求格式不受支持'],
  429: ['RATE_LIMITED', '请求过于频繁，请稍后再试'],
  500: ['INTERNAL', '服务器内部错误，请稍后再试'],
  503: ['UNAVAILABLE', '服务暂时不可用，请稍后再试'],
};

export class ApiError extends Error {
  constructor({ status = 0, code, message, field = null, requestId = null, retryAfter = null }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

function fallback(status) {
  return FALLBACK[status] || (status >= 500 ? FALLBACK[500] : ['INVALID', '请求失败']);
}

/**
 * The ApiError of a failed answer: the server's error body (body parsed, or null) when it sent
 * one, else what `extra[status]` or the common fallbacks say.
 */
export function apiErrorOf(res, body, extra = {}) {
  const e = (body && body.error) || {};
  const [code, message] = extra[res.status] || fallback(res.status);
  const retry = parseInt(res.headers.get('Retry-After') || '', 10);
  return new ApiError({
    status: res.status,
    code: e.code || code,
    message: e.message || message,
    field: e.field || null,
    requestId: e.request_id || res.headers.get('X-Request-Id'),
    retryAfter: Number.isFinite(retry) ? retry : null,
  });
}

async function request(path, init) {
  let res;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      cache: 'no-store',
      ...init,
      headers: { Accept: 'application/json', ...(init && init.headers) },
    });
  } catch {
    throw new ApiError({ code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }
  let body = null;
  try {
    const text = await res.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) throw apiErrorOf(res, body);
  if (res.status === 204) return {};
  if (body === null || typeof body !== 'object') {
    throw new ApiError({
      status: res.status,
      code: 'PARSE',
      message: '服务器返回的数据无法解析',
      requestId: res.headers.get('X-Request-Id'),
    });
  }
  return body;
}

/**
 * The file name of a Content-Disposition header: filename* (RFC 5987, UTF-8) first, then the
 * plain filename, else `fallback`. Only a base name is returned (no folders).
 */
export function dispositionName(header, fallback) {
  const h = String(header || '');
  let name = null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(h);
  if (star) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*"([^"]*)"/i.exec(h) || /filename\s*=\s*([^;\s]+)/i.exec(h);
    if (plain) name = plain[1];
  }
  name = (name || '').split(/[\\/]/).pop().trim();
  return name || fallback;
}

/** GET an API path ("/api/v1/...") with query parameters; empty and null ones are left out. */
export function apiGet(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return request(s ? `${path}?${s}` : path, { method: 'GET' });
}

/** POST a JSON body (used for the natural-person lookup, whose ID number never goes in a URL). */
export function apiPost(path, body) {
  return request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Any request, for the staff console's writes and uploads: `init` as for fetch (its headers are
 * added to Accept). Resolves to the parsed JSON body ({} for an empty 204); throws ApiError.
 */
export function apiRequest(path, init) {
  return request(path, init);
}

/** The one line a reader sees for an error: Chinese message, then the code. */
export function errorText(err) {
  if (err instanceof ApiError) {
    if (err.status === 429 || err.code === 'RATE_LIMITED') {
      const wait = err.retryAfter !== null ? `，请在 ${err.retryAfter} 秒后重试` : '';
      return `请求过于频繁，请稍后再试${wait} (${err.code || 'RATE_LIMITED'})`;
    }
    return `${err.message} (${err.code})`;
  }
  return `页面出错：${err && err.message ? err.message : String(err)} (CLIENT)`;
}

/**
 * Replace the content of `box` with an error alert. `hint` is an optional second line.
 * Returns the alert element.
 */
export function showError(box, err, hint) {
  const alert = document.createElement('div');
  alert.className = 'alert alert-error';
  alert.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.className = 'error-message';
  p.textContent = errorText(err);
  alert.append(p);
  if (hint) {
    const h = document.createElement('p');
    h.textContent = hint;
    alert.append(h);
  }
  if (err instanceof ApiError && err.requestId) {
    const r = document.createElement('p');
    r.className = 'request-id';
    r.textContent = `请求编号：${err.requestId}`;
    alert.append(r);
  }
  box.replaceChildren(alert);
  box.hidden = false;
  return alert;
}

/** A neutral or warning notice (role=status) in place of the content of `box`. */
export function showNotice(box, text, kind = 'info') {
  const alert = document.createElement('div');
  alert.className = `alert alert-${kind}`;
  alert.setAttribute('role', 'status');
  const p = document.createElement('p');
  p.textContent = text;
  alert.append(p);
  box.replaceChildren(alert);
  box.hidden = false;
  return alert;
}
