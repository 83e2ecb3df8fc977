// The time range a page shows: a preset ending now (24 h, 7 days, 30 days) or a custom
// from/to, kept in the page's address (#/...?range=7d or ?from=...&to=...) so links keep it.

import { dateTime } from './format.js';

const HOUR = 3600 * 1000;
const PRESETS = {
  '24h': { length: 24 * HOUR, label: 'Last 24 hours' },
  '7d': { length: 7 * 24 * HOUR, label: 'Last 7 days' },
  '30d': { length: 30 * 24 * HOUR, label: 'Last 30 days' },
};
const DEFAULT = '7d';
// Up to a week the chart shows hours (at most 169 points), beyond it days.
const HOURLY_UP_TO = 7 * 24 * HOUR;

/** The range named by a route's parameters; a preset ending at now when there is no valid custom one. */
export function rangeFrom(params, now = Date.now()) {
  const from = new Date(params.get('from') ?? NaN);
  const to = new Date(params.get('to') ?? NaN);
  if (!Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && from <= to) {
    return { key: 'custom', from, to, bucket: bucketFor(from, to) };
  }
  const key = PRESETS[params.get('range')] ? params.get('range') : DEFAULT;
  const end = new Date(now);
  const start = new Date(now - PRESETS[key].length);
  return { key, from: start, to: end, bucket: bucketFor(start, end) };
}

function bucketFor(from, to) {
  return to - from <= HOURLY_UP_TO ? 'hour' : 'day';
}

/** The route parameters that name this range. */
export function rangeParams(range) {
  return range.key === 'custom'
    ? { from: range.from.toISOString(), to: range.to.toISOString() }
    : { range: range.key };
}

/** A link to a dashboard route that keeps the range: #/articles/a1?range=7d. */
export function routeHref(path, range, extra = {}) {
  return `#${path}?${new URLSearchParams({ ...rangeParams(range), ...extra })}`;
}

/** from/to for the stats API. */
export function apiQuery(range) {
  return { from: range.from.toISOString(), to: range.to.toISOString() };
}

/** "Last 7 days: 17 Nov 2026, 10:00 UTC – 24 Nov 2026, 10:00 UTC". */
export function describe(range) {
  const label = PRESETS[range.key]?.label ?? 'Custom range';
  return `${label}: ${dateTime(range.from)} – ${dateTime(range.to)}`;
}

/** A datetime-local input's value (UTC) for an instant, and back. */
export function toInput(date) {
  return date.toISOString().slice(0, 16);
}

export function fromInput(value) {
  return new Date(`${value}:00Z`);
}
