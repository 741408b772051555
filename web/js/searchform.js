// searchform.js - the organisation search box shared by the home and search pages.

/** Length in characters (not UTF-16 units), as the server counts them. */
export function charLength(s) {
  return [...s].length;
}

export const TOO_SHORT = '请至少输入2个字';

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
    input.value = q;
    setFieldError(input, box, '');
  });
  input.addEventListener('input', () => setFieldError(input, box, ''));
  return { input, showError: (text) => setFieldError(input, box, text) };
}
