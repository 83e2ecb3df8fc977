// #/articles — every article, a page at a time (limit/after/next), a form to add one, and the
// bulk import of a CSV or NDJSON file with the lines the server rejected.

import * as api from '../api.js';
import { el, show } from '../dom.js';
import { dateTime, number, relative } from '../format.js';
import { articleForm } from './form.js';

const PAGE = 50;

export async function articlesPage(section, { params }) {
  const after = params.get('after') ?? '';
  const limit = Number.parseInt(params.get('limit') ?? '', 10) || PAGE;
  const listCard = el('div', { class: 'card' });
  const load = async () => {
    const page = await api.get('articles', { limit, after });
    show(listCard, el('h2', { text: after ? `Articles after ${after}` : 'All articles' }),
      list(page.items), pager(after, page.next, limit));
    return page;
  };
  const first = await load();
  const empty = first.items.length === 0 && !after;
  show(section,
    el('div', { class: 'page-head' }, el('h1', { text: 'Articles' })),
    el('div', { class: 'two' },
      el('details', { class: 'card', id: 'add-article', open: empty },
        el('summary', { text: 'Add an article' }),
        articleForm({ onSaved: (saved) => { location.hash = `#/articles/${encodeURIComponent(saved.id)}`; } })),
      el('details', { class: 'card', id: 'import-articles', open: empty },
        el('summary', { text: 'Import a file' }),
        importForm(() => load()))),
    listCard);
}

function list(items) {
  if (items.length === 0) return el('p', { class: 'muted', text: 'No articles yet.' });
  const rows = items.map((a) => el('tr', {},
    el('td', { class: 'id-cell' }, el('a', { href: `#/articles/${encodeURIComponent(a.id)}` }, el('code', { text: a.id }))),
    el('td', { class: 'title-cell', text: a.title }),
    el('td', { class: 'url-cell', title: a.url, text: a.url }),
    el('td', {}, el('span', { class: a.enabled ? 'badge on' : 'badge off', text: a.enabled ? 'Enabled' : 'Disabled' })),
    el('td', { class: 'when-cell' }, el('time', {
      datetime: a.updatedAt, title: dateTime(a.updatedAt), text: relative(a.updatedAt, Date.now(), 'short'),
    }))));
  return el('div', { class: 'table-wrap' },
    el('table', { id: 'articles' },
      el('thead', {}, el('tr', {},
        el('th', { text: 'Id' }), el('th', { text: 'Title' }), el('th', { class: 'url-cell', text: 'Source URL' }),
        el('th', { text: 'Status' }), el('th', { text: 'Updated' }))),
      el('tbody', {}, rows)));
}

function pager(after, next, limit) {
  const extra = limit === PAGE ? {} : { limit };
  const href = (cursor) => `#/articles?${new URLSearchParams({ ...extra, ...(cursor ? { after: cursor } : {}) })}`;
  return el('nav', { class: 'pager', 'aria-label': 'Pages' },
    after ? el('a', { href: href(''), class: 'button secondary', text: '← First page' }) : null,
    next ? el('a', { href: href(next), class: 'button secondary', id: 'next-page', text: 'Next page →' }) : null);
}

/** The content type to send a file as: by its name, else by what the browser says. */
function importType(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'application/x-ndjson';
  return file.type === 'text/csv' ? 'text/csv' : 'application/x-ndjson';
}

/** The import form; afterImport() reloads the list (its failure is shown with the result). */
function importForm(afterImport) {
  const file = el('input', { type: 'file', name: 'file', id: 'import-file', accept: '.csv,.ndjson,.jsonl,text/csv' });
  const submit = el('button', { type: 'submit', text: 'Import' });
  const result = el('div', { id: 'import-result', role: 'status' });
  const form = el('form', { class: 'import-form' },
    el('p', { class: 'muted' }, 'A CSV file with the header ', el('code', { text: 'id,url,title' }),
      ', or NDJSON with one ', el('code', { text: '{"id", "url", "title"}' }), ' object per line.',
      ' Existing ids are replaced.'),
    el('div', { class: 'field' }, el('label', { for: 'import-file', text: 'File' }), file),
    el('div', { class: 'actions' }, submit),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) {
      show(result, el('p', { class: 'field-error', text: 'Choose a file first.' }));
      return;
    }
    submit.disabled = true;
    show(result, el('p', { class: 'muted', text: 'Importing…' }));
    try {
      const answer = await api.upload('articles/import', chosen, importType(chosen));
      show(result, report(answer));
      await afterImport();
    } catch (error) {
      if (!(error instanceof api.ApiError)) throw error;
      show(result, el('p', { class: 'field-error', text: error.message }));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function report({ imported, rejected }) {
  const summary = el('p', { class: 'import-summary' },
    `Imported ${number(imported)} ${imported === 1 ? 'article' : 'articles'}.`,
    rejected.length ? ` ${number(rejected.length)} ${rejected.length === 1 ? 'line was' : 'lines were'} rejected:` : '');
  if (rejected.length === 0) return summary;
  return el('div', {}, summary, el('div', { class: 'table-wrap' },
    el('table', { id: 'import-rejected' },
      el('thead', {}, el('tr', {}, el('th', { class: 'num', text: 'Line' }), el('th', { text: 'Error' }))),
      el('tbody', {}, rejected.map((r) => el('tr', {},
        el('td', { class: 'num', text: number(r.line) }), el('td', { text: r.error })))))));
}
