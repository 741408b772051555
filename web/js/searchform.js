// searchform.js - the organisation search box shared by the home and search pages.

/** Length in characters (not UTF-16 units), as the server counts them. */
export function charLength(s) {
  return [...s].length;
}

export const TOO_SHORT = '请至少输入2个字';
export const NO_ID_HERE = '请不要在此输入身份证号码：查询自然人请使用“姓名＋身份证号码”的自然人查询。';

/** q as it may be shown (titles, messages): runs of 15+ digits masked as the server does. */
export function shownQuery(q) {
  return String(q).replace(/\d{15,}[\dXx]*/g, (m) => m.slice(0, 6) + '*'.repeat(Math.max(m.length - 10, 0)) + m.slice(-4));
}

/** A run of 15 or more digits: an ID number, which must never go into a URL. */
export function looksLikeIdNumber(s) {
  return /\d{15,}/.test(s) && !/^\d{15}$/.test(s); // 15 digits alone: a 工商注册号
}

function setFieldError(input, box, text) {
  if (text) {
    box.textContent = text;
    box.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  } else {
    box.textContent = '';
    box.hidden = true;
    input.removeAttribute('aria-invalid');
  }
}

/** Validate the q box on submit; show "请至少输入2个字" next to it instead of searching. */
export function wireSearchForm(form) {
  const input = form.querySelector('input[name="q"]');
  const box = form.querySelector('.field-error');
  form.addEventListener('submit', (ev) => {
    const q = input.value.trim();
    if (charLength(q) < 2) {
      ev.preventDefault();
      setFieldError(input, box, TOO_SHORT);
      input.focus();
      return;
    }
    if (looksLikeIdNumber(q)) {
      // stop it here: a GET form would put the number into the address, history and logs
      ev.preventDefault();
      setFieldError(input, box, NO_ID_HERE);
      const person = document.getElementById('person-name') || document.querySelector('#person-form input');
      if (person) person.focus(); else input.focus();
      return;
    }
    input.value = q;
    setFieldError(input, box, '');
  });
  input.addEventListener('input', () => setFieldError(input, box, ''));
  return { input, showError: (text) => setFieldError(input, box, text) };
}
