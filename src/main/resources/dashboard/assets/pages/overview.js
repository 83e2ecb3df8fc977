// #/ — totals for the range, clicks and unique readers over time, the top articles, the CSV.

import * as api from '../api.js';
import { el, show } from '../dom.js';
import { number } from '../format.js';
import { apiQuery, routeHref } from '../range.js';
import { chartCard, rangeLine, totalsCards } from './common.js';

const TOP = 20;

export async function overviewPage(section, { range }) {
  const query = apiQuery(range);
  const [summary, series, top] = await Promise.all([
    api.get('stats/summary', query),
    api.get('stats/series', { ...query, bucket: range.bucket }),
    api.get('stats/top', { ...query, limit: TOP }),
  ]);
  const chart = chartCard('Clicks and unique readers',
    { points: series.series, bucket: series.bucket, totals: summary });
  show(section,
    el('div', { class: 'page-head' },
      el('div', {}, el('h1', { text: 'Overview' }), rangeLine(range)),
      el('a', { class: 'button', id: 'download-csv', href: api.exportHref(range), download: '' }, 'Download CSV')),
    totalsCards(summary),
    chart.card,
    el('div', { class: 'card' }, el('h2', { text: 'Top articles' }), topTable(top.items, range)));
  chart.draw();
}

function topTable(items, range) {
  if (items.length === 0) {
    return el('p', { class: 'muted', text: 'No clicks or blocked attempts in this range.' });
  }
  const rows = items.map((item) => el('tr', {},
    el('td', { class: 'title-cell' },
      el('a', { href: routeHref(`/articles/${encodeURIComponent(item.id)}`, range) },
        item.title === '' ? el('span', { class: 'muted', text: '(no title)' }) : item.title),
      el('div', { class: 'id muted', text: item.id })),
    el('td', { class: 'num', text: number(item.clicks) }),
    el('td', { class: 'num', text: number(item.uniqueReaders) }),
    el('td', { class: 'num', text: number(item.blocked) })));
  return el('div', { class: 'table-wrap' },
    el('table', { id: 'top-articles' },
      el('thead', {}, el('tr', {},
        el('th', { text: 'Article' }),
        el('th', { class: 'num', text: 'Clicks' }),
        el('th', { class: 'num', text: 'Unique readers' }),
        el('th', { class: 'num', text: 'Blocked' }))),
      el('tbody', {}, rows)));
}
