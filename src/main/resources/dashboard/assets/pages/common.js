// Pieces shared by the overview and the article page.

import { el } from '../dom.js';
import { blockedShare, number } from '../format.js';
import { lineChart } from '../chart.js';
import { describe } from '../range.js';

/** The four totals of a range as cards; each value carries data-stat for tests and scripts. */
export function totalsCards({ clicks, uniqueReaders, blocked }) {
  const card = (stat, label, value, note) => el('div', { class: 'card stat' },
    el('div', { class: 'stat-label', text: label }),
    el('div', { class: 'stat-value', dataset: { stat }, text: value }),
    note ? el('div', { class: 'stat-note', text: note }) : null);
  return el('div', { class: 'cards' },
    card('clicks', 'Clicks', number(clicks)),
    card('uniqueReaders', 'Unique readers', number(uniqueReaders)),
    card('blocked', 'Blocked', number(blocked), 'without a session'),
    card('blockedShare', 'Blocked share', blockedShare(clicks, blocked), 'of all attempts'));
}

/**
 * A card holding a chart of points (a series of buckets of bucket); its legend shows totals
 * ({clicks, uniqueReaders}, e.g. the summary) when nothing is hovered. The chart is drawn once
 * the card is in the page.
 */
export function chartCard(title, { points, bucket, totals }) {
  const box = el('div', { class: 'chart' });
  const card = el('div', { class: 'card' },
    el('h2', {}, title, el('span', { class: 'muted', text: bucket === 'hour' ? ' · per hour (UTC)' : ' · per day (UTC)' })),
    box);
  return {
    card,
    draw() {
      if (points.length === 0) {
        box.append(el('p', { class: 'muted', text: 'No data in this range.' }));
      } else {
        lineChart(box, points, { bucket, totals });
      }
    },
  };
}

/** The range line under a page's heading. */
export function rangeLine(range) {
  return el('p', { class: 'muted range-line', text: describe(range) });
}
