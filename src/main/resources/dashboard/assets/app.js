// The dashboard's entry point: a small hash router (#/, #/articles, #/articles/{id}) and the
// range bar. Each page is a function (section, context) that fills its section; a page that
// finishes after the reader has moved on writes into a section no longer shown.

import { ApiError } from './api.js';
import { el, show } from './dom.js';
import { rangeFrom, rangeParams, fromInput, toInput } from './range.js';
import { overviewPage } from './pages/overview.js';
import { articlesPage } from './pages/articles.js';
import { articlePage } from './pages/article.js';

const ID = '[A-Za-z0-9][A-Za-z0-9._~-]{0,127}';
const ROUTES = [
  { pattern: /^\/$/, page: overviewPage, nav: 'overview', ranged: true },
  { pattern: /^\/articles$/, page: articlesPage, nav: 'articles', ranged: false },
  { pattern: new RegExp(`^/articles/(${ID})$`), page: articlePage, nav: 'articles', ranged: true },
];

const view = document.getElementById('view');
const rangebar = document.getElementById('rangebar');
const customForm = document.getElementById('custom-range');

function current() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const q = hash.indexOf('?');
  const path = q < 0 ? hash : hash.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  return { path, params };
}

/** Navigates to the same route with other parameters; the same ones again read afresh ("now" moved). */
function navigate(params) {
  const hash = `#${current().path}?${new URLSearchParams(params)}`;
  if (hash === location.hash) render();
  else location.hash = hash;
}

function render() {
  const { path, params } = current();
  const route = ROUTES.find((r) => r.pattern.test(path));
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', link.dataset.nav === route?.nav);
    if (link.dataset.nav === route?.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const section = el('section', { class: 'page' }, el('p', { class: 'loading', text: 'Loading…' }));
  show(view, section);
  if (!route) {
    rangebar.hidden = true;
    show(section, el('h1', { text: 'Not found' }),
      el('p', {}, 'There is no such page. ', el('a', { href: '#/', text: 'Back to the overview' })));
    return;
  }
  const range = rangeFrom(params);
  showRange(route.ranged, range);
  const id = route.pattern.exec(path)[1];
  route.page(section, { range, params, id, navigate })
    .catch((error) => showError(section, error));
}

function showRange(visible, range) {
  rangebar.hidden = !visible;
  for (const button of rangebar.querySelectorAll('[data-range]')) {
    const active = button.dataset.range === range.key;
    button.classList.toggle('active', active);
    button.setAttribute('aria-pressed', String(active));
  }
  customForm.hidden = range.key !== 'custom';
  customForm.elements.from.value = toInput(range.from);
  customForm.elements.to.value = toInput(range.to);
}

function showError(section, error) {
  if (error instanceof ApiError && error.status === 401) {
    show(section, el('div', { class: 'error', role: 'alert' },
      'Your session has ended. ', el('a', { href: './', text: 'Sign in again' })));
    return;
  }
  const message = error instanceof ApiError ? error.message : 'Something went wrong in the dashboard.';
  if (!(error instanceof ApiError)) console.error(error);
  show(section, el('div', { class: 'error', role: 'alert', text: message }));
}

rangebar.addEventListener('click', (event) => {
  const button = event.target.closest('[data-range]');
  if (!button) return;
  if (button.dataset.range === 'custom') {
    customForm.hidden = false;
    customForm.elements.from.focus();
    return;
  }
  navigate({ range: button.dataset.range });
});

customForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const from = fromInput(customForm.elements.from.value);
  const to = fromInput(customForm.elements.to.value);
  const toField = customForm.elements.to;
  toField.setCustomValidity(from <= to ? '' : 'The end must not be before the start.');
  if (toField.reportValidity()) navigate(rangeParams({ key: 'custom', from, to }));
});

window.addEventListener('hashchange', render);
render();
