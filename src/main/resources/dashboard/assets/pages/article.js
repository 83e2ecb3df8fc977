// #/articles/{id} — one article: its URL, title, the enabled switch, its totals and chart for
// the range, and the edit form. A deleted article that has stats still shows them.

import * as api from '../api.js';
import { el, outsideLink, show } from '../dom.js';
import { dateTime, relative } from '../format.js';
import { apiQuery, routeHref } from '../range.js';
import { chartCard, rangeLine, totalsCards } from './common.js';
import { articleForm } from './form.js';

export async function articlePage(section, { range, id }) {
  const [article, stats] = await Promise.all([
    api.get(api.articlePath(id)).catch((e) => (e.status === 404 ? null : Promise.reject(e))),
    api.get(`stats/${api.articlePath(id)}`, { ...apiQuery(range), bucket: range.bucket })
      .catch((e) => (e.status === 404 ? null : Promise.reject(e))),
  ]);
  if (article === null && stats === null) {
    show(section, back(range), el('h1', { text: 'No such article' }),
      el('p', {}, 'No article has the id ', el('code', { text: id }), ', and nothing was ever counted for it.'));
    return;
  }
  const heading = el('h1', { id: 'article-title' });
  setTitle(heading, article ?? { id, title: '' });
  const info = article ? details(article, heading) : null;
  const chart = stats
    ? chartCard('Clicks and unique readers', { points: stats.series, bucket: range.bucket, totals: stats })
    : null;
  show(section,
    back(range),
    el('div', { class: 'page-head' }, el('div', {}, heading, rangeLine(range))),
    info ? info.card : el('div', { class: 'card notice' }, 'This article was deleted. Its stats remain.'),
    stats ? totalsCards(stats) : null,
    chart?.card,
    info ? el('div', { class: 'card' }, el('h2', { text: 'Edit' }),
      articleForm({ article, onSaved: info.refresh })) : null);
  chart?.draw();
}

function back(range) {
  return el('p', { class: 'crumbs' }, el('a', { href: routeHref('/', range), text: '← Overview' }),
    ' · ', el('a', { href: '#/articles', text: 'All articles' }));
}

function setTitle(heading, article) {
  heading.textContent = article.title === '' ? article.id : article.title;
  document.title = `${heading.textContent} · linkgate`;
}

/** The facts card and its refresh(article) for when the article changes. */
function details(article, heading) {
  let current = article;
  const url = el('dd', { id: 'article-url' }, outsideLink(article.url));
  const updated = el('dd', {});
  const readerLink = new URL(`../go/${encodeURIComponent(article.id)}`, document.baseURI).href;
  const toggle = el('input', { type: 'checkbox', role: 'switch', id: 'enabled-toggle' });
  const state = el('span', { class: 'switch-state', id: 'enabled-state' });
  const problem = el('p', { class: 'field-error', role: 'alert' });
  const refresh = (a) => {
    current = a;
    toggle.checked = a.enabled;
    state.textContent = a.enabled ? 'Enabled: readers are sent on' : 'Disabled: readers get 410 Gone';
    url.replaceChildren(outsideLink(a.url));
    updated.replaceChildren(el('time', { datetime: a.updatedAt, title: dateTime(a.updatedAt), text: relative(a.updatedAt) }));
    setTitle(heading, a);
  };
  toggle.addEventListener('change', async () => {
    const wanted = toggle.checked;
    toggle.disabled = true;
    problem.textContent = '';
    try {
      current = await api.patch(api.articlePath(current.id), { enabled: wanted });
    } catch (error) {
      problem.textContent = error.message;
    } finally {
      toggle.disabled = false;
      refresh(current);
    }
  });
  refresh(article);
  const card = el('div', { class: 'card' },
    el('dl', { class: 'facts' },
      el('dt', { text: 'Id' }), el('dd', {}, el('code', { text: article.id })),
      el('dt', { text: 'Source' }), url,
      el('dt', { text: 'Reader link' }), el('dd', {}, el('code', { text: readerLink })),
      el('dt', { text: 'Status' }), el('dd', {},
        el('label', { class: 'switch' }, toggle, state), problem),
      el('dt', { text: 'Created' }), el('dd', {},
        el('time', { datetime: article.createdAt, title: dateTime(article.createdAt), text: relative(article.createdAt) })),
      el('dt', { text: 'Updated' }), updated));
  return { card, refresh };
}
