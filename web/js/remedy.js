// remedy.js - what the portal's 我的信用 pages and the console's case pages share about
// objections (异议), credit repair (信用修复) and court removals: dates in words, state badges
// that say their state in words, the sentence of the statutory next step, a record's repair
// window, the history of a case and of a record, evidence files (checked in the page before
// upload, then again by the server) and the actions a caller may take. Which actions those are
// always comes from the server (the case's `events`): nothing here decides who may do what.
import { ApiError, showError } from './api.js';
import { confirmModal, h, recordCard, show } from './ui.js';

/** The six objection grounds (DOMAIN.md §4, 信用广州), each with a line a citizen understands. */
export const GROUNDS = [
  ['wrong', '错误', '记录的内容与事实不符，例如金额、日期、文书号或当事人写错了。'],
  ['missing', '遗漏', '记录缺少应当公示的内容，例如已经履行、已经变更的情况没有写上。'],
  ['duplicate', '重复', '同一个决定被重复公示了两条或更多条记录。'],
  ['should_not_publish', '不应公示', '依法不应当公开的信息被公示了。'],
  ['past_period', '超期公示', '已经超过规定的公示期限，仍在公示。'],
  ['differs_from_source', '与认定机关信息不一致', '记录与作出决定的机关的文书或系统中的信息不一致。'],
];

/** Evidence files: what the server takes (remedy.evidence_max_bytes and _max_files defaults). */
export const EVIDENCE_TYPES = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 10;
export const EVIDENCE_RULE = '可上传PDF、JPEG或PNG文件，每个文件不超过10MB，每个案件最多10个文件。';
export const STATEMENT_MAX = 2000;

/** "2026年12月1日" from "2026-12-01" (or an ISO time); "—" when absent. */
export function cnDate(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v || ''));
  if (!m) return show(v);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** "2026-11-27 14:03" in Beijing time from an ISO time. */
const FMT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
  minute: '2-digit', hour12: false,
});
export function cnTime(v) {
  if (!v) return '—';
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  const p = Object.fromEntries(FMT.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** Whole days from the due day to today (Beijing), for "已超期 N 天". */
export function daysOverdue(due) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(due || ''));
  if (!m) return 0;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const t = Date.UTC(...today.split('-').map((x, i) => Number(x) - (i === 1 ? 1 : 0)));
  const d = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.max(0, Math.round((t - d) / 86400000));
}

/** A case is open while someone still has to act (the server names who); final cases have none. */
export function isOpen(c) {
  return !!(c && c.waiting_for);
}

/** The state as a badge: colour for the eye, the state's words for everyone. */
export function stateBadge(c) {
  const cls = !isOpen(c) ? 'badge badge-state done' : c.overdue ? 'badge badge-state overdue' : 'badge badge-state open';
  return h('span', { class: cls, 'data-state': c.state }, show(c.state_label || c.state));
}

/** "已超期 3 天" (the word and the number, not only the colour), or null. The server counts the
 * days (its today is the one that made the case overdue); older answers without it fall back to
 * the browser's clock. */
export function overdueBadge(c) {
  if (!c.overdue) return null;
  const n = Number.isInteger(c.overdue_days) ? c.overdue_days : daysOverdue(c.due);
  return h('span', { class: 'badge badge-overdue' }, n > 0 ? `已超期 ${n} 天` : '已超期');
}

// The statutory step that is due, by kind and state (DOMAIN.md §4): what must happen by the due
// day. Unknown pairs fall back to "<who> 应于 <date> 前处理".
const NEXT_STEP = {
  'objection/filed': '决定是否受理',
  'objection/accepted': '完成核查',
  'objection/referred': '完成核实并答复',
  'repair/applied': '作出是否准予信用修复的决定',
  'repair/accepted': '作出是否准予信用修复的决定',
  'repair/granted': '将信用修复决定告知认定部门',
};
const WHO = { reviewer: '平台', department: '认定部门', filer: '申请人', system: '系统' };

/** The plain-language line of what happens next: "平台应于2026年12月1日前决定是否受理". */
export function nextStepText(c) {
  if (!isOpen(c)) return `已办结：${show(c.state_label)}`;
  const who = WHO[c.waiting_for] || c.waiting_for_label || '经办部门';
  const what = NEXT_STEP[`${c.kind}/${c.state}`] || '处理';
  if (!c.due) return `等待${c.waiting_for_label || who}${what}`;
  return `${who}应于${cnDate(c.due)}前${what}`;
}

/** Where a record stands for credit repair, in words; null for a record without repair. */
export function repairLine(rec) {
  const r = rec && rec.repair;
  if (!r || !r.window) return null;
  if (r.window === 'not_yet') return `最短公示期未满，可于${cnDate(r.from)}起申请信用修复`;
  if (r.window === 'not_needed') return '已超过最长公示期，停止公示，无需申请信用修复';
  if (r.window === 'possible') return '最短公示期已满，可以申请信用修复';
  return r.label || null;
}

/** The badges of a record in the subject's full view: 有异议, 已修复（不再公示）, 已归档, 非公开. */
export function statusBadges(rec, { repaired = false } = {}) {
  const out = [];
  if (rec.hidden) {
    out.push(h('span', { class: 'badge badge-private', title: '该记录已停止公示，仍在平台内部保存' },
      repaired ? '已修复（不再公示）' : '不再公示'));
  }
  if (rec.archived) out.push(h('span', { class: 'badge badge-private', title: '超过5年，已归档，不再公开' }, '已归档'));
  if (!rec.hidden && !rec.archived && rec.public === false) {
    out.push(h('span', { class: 'badge badge-private', title: '该记录目前不在公示范围内' }, '非公开'));
  }
  return out;
}

/** A record's version history (public record page): version, arrival, source, changed fields. */
export function historyTable(history, { id = 'history-table' } = {}) {
  const rows = (Array.isArray(history) ? history : []).map((v) => h('tr', { 'data-version': v.version },
    h('td', { 'data-label': '版本' }, `第 ${show(v.version)} 版`),
    h('td', { 'data-label': '接收日期' }, cnDate(v.received)),
    h('td', { 'data-label': '来源' }, show(v.source)),
    h('td', { 'data-label': '变更的字段' },
      Array.isArray(v.changed) && v.changed.length ? v.changed.join('、') : (v.version > 1 ? '—' : '首次报送'))));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', id },
    h('caption', null, `共 ${rows.length} 个版本（旧版本的内容不再公示）`),
    h('thead', null, h('tr', null, ['版本', '接收日期', '来源', '变更的字段'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows)));
}

/** A <dl class="record-facts"> of [label, value] pairs ("—" for a missing value). */
export function factsList(facts) {
  return h('dl', { class: 'record-facts' }, facts.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, show(v)))));
}

/** What the filer filed, as <dt>/<dd> pairs: the ground with its line, the statement, the commitment. */
export function filedRows(c) {
  const ground = GROUNDS.find(([g]) => g === c.ground);
  const rows = [];
  if (ground) rows.push(['异议理由', `${ground[1]}：${ground[2]}`]);
  rows.push([c.kind === 'repair' ? '履行情况说明' : '陈述', c.statement]);
  if (c.kind === 'repair') rows.push(['信用承诺书', c.commitment ? `已签署（版本 ${c.commitment}）` : '—']);
  return rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', { class: 'statement' }, show(v))]);
}

/** Show record `rec` as a card with its status badges in the element #record (title linked when `link`). */
export function showRecord(rec, link) {
  const card = recordCard(rec, { level: 3, link, tag: 'div' });
  card.querySelector('.record-title').append(...statusBadges(rec));
  document.getElementById('record').replaceChildren(card);
}

/**
 * Fetch case `id` with `call` and hand it to render(c), then show #content; an error goes to
 * #status (with `notFound` as its second line on a 404).
 */
export async function loadCase(call, id, render, notFound) {
  const status = document.getElementById('status');
  try {
    render(await call('GET', `/api/v1/cases/${encodeURIComponent(id)}`));
    status.replaceChildren();
    document.getElementById('content').hidden = false;
  } catch (err) {
    showError(status, err, err.status === 404 ? notFound : null);
  }
}

/** The steps of a case: when, who, what, the state it led to, the reasons, the next due day. */
export function stepsTable(steps) {
  const list = Array.isArray(steps) ? steps : [];
  if (!list.length) return h('p', { class: 'empty' }, '暂无办理记录。');
  return h('ol', { class: 'steps', id: 'steps' }, list.map((s) => h('li', { class: 'step', 'data-event': s.event },
    h('p', { class: 'step-head' },
      h('strong', null, show(s.event_label || s.event)), ' → ', h('span', { class: 'step-to' }, show(s.to_label || s.to))),
    h('p', { class: 'meta' }, `${cnTime(s.at)} · ${show(s.actor_label || s.actor)}`,
      s.due ? ` · 下一步应于${cnDate(s.due)}前完成` : ''),
    s.reasons ? h('p', { class: 'step-reasons' }, h('span', { class: 'label' }, '理由：'), s.reasons) : null)));
}

/** The evidence files with download links (the server sends them as attachments). */
export function evidenceList(caseId, evidence) {
  const list = Array.isArray(evidence) ? evidence : [];
  if (!list.length) return h('p', { class: 'empty', id: 'evidence-empty' }, '尚未上传证明材料。');
  return h('ul', { class: 'evidence', id: 'evidence-list' }, list.map((e) => h('li', null,
    h('a', {
      href: `/api/v1/cases/${encodeURIComponent(caseId)}/evidence/${encodeURIComponent(e.sha256)}`,
      download: e.name || true,
    }, show(e.name)),
    h('span', { class: 'meta' }, ` ${typeLabel(e.mime)} · ${sizeText(e.bytes)} · ${cnTime(e.added)}`))));
}

function typeLabel(mime) {
  return { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' }[mime] || show(mime);
}

export function sizeText(n) {
  const b = Number(n) || 0;
  if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(1)} MB`;
  if (b >= 1024) return `${Math.ceil(b / 1024)} KB`;
  return `${b} 字节`;
}

/** The MIME type the server will be told for a file (its own type, else from its extension). */
function mimeOf(file) {
  if (EVIDENCE_TYPES[file.type]) return file.type;
  const ext = (/\.([A-Za-z0-9]+)$/.exec(file.name || '') || [])[1];
  const hit = Object.entries(EVIDENCE_TYPES).find(([, exts]) => ext && exts.includes(ext.toLowerCase()));
  return hit ? hit[0] : null;
}

/**
 * Check chosen files before anything is sent: type, size, count (`already` files are on the
 * case). Returns { files: [{file, mime}], error: '...' | null }.
 */
export function checkEvidence(fileList, already = 0) {
  const files = Array.from(fileList || []);
  if (files.length + already > EVIDENCE_MAX_FILES) {
    return { files: [], error: `每个案件最多${EVIDENCE_MAX_FILES}个文件，本案件已有${already}个，这次选择了${files.length}个` };
  }
  const out = [];
  for (const f of files) {
    const mime = mimeOf(f);
    if (!mime) return { files: [], error: `文件“${f.name}”的类型不受支持：只能上传PDF、JPEG或PNG文件` };
    if (f.size > EVIDENCE_MAX_BYTES) return { files: [], error: `文件“${f.name}”有${sizeText(f.size)}，超过了10MB的上限` };
    if (f.size === 0) return { files: [], error: `文件“${f.name}”是空文件` };
    out.push({ file: f, mime });
  }
  return { files: out, error: null };
}

/**
 * Upload checked files to case id one by one with `call` (the page's signed-in request
 * function). Resolves to [{name, ok, error}] (an ApiError per failed file).
 */
export async function uploadEvidence(call, id, checked, onProgress) {
  const results = [];
  for (const { file, mime } of checked) {
    if (onProgress) onProgress(file.name);
    try {
      await call('POST', `/api/v1/cases/${encodeURIComponent(id)}/evidence`, {
        body: file,
        headers: { 'Content-Type': mime, 'X-File-Name': encodeURIComponent(file.name) },
      });
      results.push({ name: file.name, ok: true });
    } catch (err) {
      results.push({ name: file.name, ok: false, error: err });
    }
  }
  return results;
}

/** The one line for a failed upload: "文件“a.pdf”：<server message> (CODE)". */
export function uploadErrorText(r) {
  const e = r.error;
  const msg = e instanceof ApiError ? `${e.message} (${e.code})` : String(e && e.message ? e.message : e);
  return `文件“${r.name}”未能上传：${msg}`;
}

/** A live character counter "123 / 2000 字" for a textarea, kept up to date. */
export function charCounter(textarea, max, counterEl) {
  const update = () => {
    const n = Array.from(textarea.value).length;
    counterEl.textContent = `${n} / ${max} 字`;
    counterEl.classList.toggle('over', n > max);
  };
  textarea.addEventListener('input', update);
  update();
  return update;
}

/** Characters as a person counts them (a Chinese character is one). */
export function charCount(s) {
  return Array.from(String(s || '')).length;
}

/** Set or clear the error line of a field: the element `${input.id}-error` next to it. */
export function setFieldError(input, text) {
  const box = document.getElementById(`${input.id}-error`);
  if (box) {
    box.textContent = text || '';
    box.hidden = !text;
  }
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/**
 * Ask to confirm in a modal <dialog>; resolves true when confirmed. The dialog says what the
 * step does in words; the cancel button has the focus, so Enter does not confirm by accident.
 */
export function confirmStep(title, text, okText) {
  return confirmModal(title, text, okText, { okId: 'confirm-ok', dialogClass: 'confirm-dialog console-dialog' });
}

// What a step does, for the confirmation (by event id; the label itself comes from the server).
const CONSEQUENCE = {
  refuse: '不予受理后案件即办结，理由将告知申请人。',
  refer: '案件将转交作出决定的部门核实，部门应在10个工作日内答复。',
  correct: '将按您填写的内容生成该记录的新版本（旧版本保留），案件办结为“已更正”，理由将告知申请人。',
  uphold: '维持原记录后案件即办结，理由将告知申请人。',
  withdraw: '撤回后案件即办结，不能恢复；如仍有异议，需要重新提出。',
  grant: '准予修复后该记录立即停止公示（平台内部保留），并在3个工作日内告知认定部门。',
  deny: '不予修复后案件即办结，理由将告知申请人。',
  notify: '确认已收到信用修复决定，案件将办结。',
};
// Steps that need no confirmation: they only move the case on, and can be followed by any outcome.
const NO_CONFIRM = new Set(['accept']);

/**
 * The actions the caller may take now on case c, one small form per event the server lists in
 * c.events: a reasons box (required when the event says so), `extra(ev)` for more inputs (the
 * console's correction form), a confirmation for final steps, then POST .../events. Options:
 * call (the page's signed-in request), onDone (after success), extra(ev) -> node|null,
 * collect(ev, form) -> {body fields} | {error, input} (more of the request), reasonsLabel(ev).
 */
export function renderEvents(box, c, opts) {
  const { call, onDone, extra = () => null, collect = () => ({}), reasonsLabel = null } = opts;
  const events = Array.isArray(c.events) ? c.events : [];
  if (!events.length) {
    box.replaceChildren(h('p', { class: 'empty', id: 'no-actions' }, '目前没有需要您办理的事项。'));
    return 0;
  }
  box.replaceChildren(...events.map((ev) => {
    const rid = `reasons-${ev.id}`;
    const reasons = h('textarea', {
      id: rid, name: 'reasons', rows: '3', maxlength: String(STATEMENT_MAX),
      required: ev.reasons_required, 'aria-describedby': `${rid}-error`,
    });
    const label = reasonsLabel ? reasonsLabel(ev) : (ev.reasons_required ? '理由（必填，将告知申请人）' : '说明（可选）');
    const status = h('div', { class: 'event-status', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', class: NO_CONFIRM.has(ev.id) ? null : 'danger', 'data-event': ev.id }, show(ev.label));
    const form = h('form', { class: 'event-form panel', 'data-event': ev.id, novalidate: true, 'aria-labelledby': `ev-${ev.id}-title` },
      h('h3', { id: `ev-${ev.id}-title` }, show(ev.label)),
      extra(ev),
      h('div', { class: 'field' }, h('label', { for: rid }, label), reasons,
        h('p', { class: 'field-error', id: `${rid}-error`, hidden: true })),
      status,
      h('div', { class: 'actions' }, submit));
    reasons.addEventListener('input', () => setFieldError(reasons, ''));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      status.replaceChildren();
      const text = reasons.value.trim();
      if (ev.reasons_required && !text) {
        setFieldError(reasons, `“${show(ev.label)}”须说明理由，理由将告知申请人`);
        reasons.focus();
        return;
      }
      if (charCount(text) > STATEMENT_MAX) {
        setFieldError(reasons, `理由不能超过${STATEMENT_MAX}字`);
        reasons.focus();
        return;
      }
      const more = collect(ev, form);
      if (more && more.error) {
        if (more.input) {
          setFieldError(more.input, more.error);
          more.input.focus();
        } else {
          status.replaceChildren(h('div', { class: 'alert alert-error', role: 'alert' }, h('p', null, more.error)));
        }
        return;
      }
      if (!NO_CONFIRM.has(ev.id)) {
        const ok = await confirmStep(`确定“${show(ev.label)}”？`, CONSEQUENCE[ev.id] || '该操作将记入案件的办理过程并通知相关方。', show(ev.label));
        if (!ok) return;
      }
      submit.disabled = true;
      try {
        await call('POST', `/api/v1/cases/${encodeURIComponent(c.id)}/events`, {
          json: { event: ev.id, reasons: text, ...(more || {}) },
        });
        await onDone(ev);
      } catch (err) {
        const at = err instanceof ApiError && err.field
          ? (err.field === 'reasons' ? reasons : form.querySelector(`[data-field="${CSS.escape(err.field)}"]`))
          : null;
        if (at) {
          setFieldError(at, `${err.message} (${err.code})`);
          at.focus();
        } else {
          const alert = h('div', { class: 'alert alert-error', role: 'alert' },
            h('p', { class: 'error-message' }, err instanceof ApiError ? `${err.message} (${err.code})` : String(err)));
          status.replaceChildren(alert);
        }
        submit.disabled = false;
      }
    });
    return form;
  }));
  return events.length;
}
