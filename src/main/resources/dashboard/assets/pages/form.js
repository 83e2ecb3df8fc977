// The add/edit form of an article. The server validates (and canonicalises) the URL; its
// message is shown next to the field it is about.

import * as api from '../api.js';
import { el } from '../dom.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

/**
 * A form for a new article (article undefined: id, url, title; saved with PUT after checking
 * that the id is free) or for changing one (url, title; saved with PATCH). onSaved gets the
 * article the server answered.
 */
export function articleForm({ article, onSaved }) {
  const creating = article === undefined;
  const fields = {};
  const errors = {};
  const field = (name, label, props) => {
    fields[name] = el('input', { name, id: `field-${name}`, 'aria-describedby': `error-${name}`, ...props });
    errors[name] = el('p', { class: 'field-error', id: `error-${name}`, role: 'alert' });
    return el('div', { class: 'field' }, el('label', { for: `field-${name}`, text: label }), fields[name], errors[name]);
  };
  const general = el('p', { class: 'field-error', role: 'alert' });
  const status = el('span', { class: 'saved', role: 'status' });
  const submit = el('button', { type: 'submit', text: creating ? 'Add article' : 'Save changes' });
  const form = el('form', { class: 'article-form', novalidate: true },
    creating ? field('id', 'Id (used in /go/{id})', { required: true, autocomplete: 'off', spellcheck: 'false' }) : null,
    field('url', 'Source URL', { type: 'url', required: true, autocomplete: 'off', spellcheck: 'false' }),
    field('title', 'Title', { autocomplete: 'off' }),
    general,
    el('div', { class: 'actions' }, submit, status));
  if (!creating) {
    fields.url.value = article.url;
    fields.title.value = article.title;
  }

  const clear = () => {
    for (const e of [...Object.values(errors), general]) e.textContent = '';
    status.textContent = '';
  };
  const fail = (name, message) => {
    (errors[name] ?? general).textContent = message;
    fields[name]?.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const id = creating ? fields.id.value.trim() : article.id;
    if (creating && !ID.test(id)) {
      fail('id', 'An id is 1–128 characters: a letter or digit first, then letters, digits, ".", "_", "~" or "-".');
      return;
    }
    submit.disabled = true;
    try {
      if (creating && await exists(id)) {
        fail('id', `An article with the id "${id}" already exists.`);
        return;
      }
      const body = { url: fields.url.value.trim(), title: fields.title.value };
      const saved = creating ? await api.put(api.articlePath(id), body) : await api.patch(api.articlePath(id), body);
      status.textContent = creating ? 'Added.' : 'Saved.';
      onSaved(saved);
    } catch (error) {
      if (!(error instanceof api.ApiError)) throw error;
      fail(fieldOf(error), error.message);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

async function exists(id) {
  try {
    await api.get(api.articlePath(id));
    return true;
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 404) return false;
    throw error;
  }
}

/** The field an API error is about: invalid_url is the URL; other 400s name their field first. */
function fieldOf(error) {
  if (error.code === 'invalid_url') return 'url';
  if (error.status === 400 && error.message.startsWith('title')) return 'title';
  if (error.status === 400 && error.message.startsWith('id ')) return 'id';
  return null;
}
