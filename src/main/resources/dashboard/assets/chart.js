// Clicks and unique readers over time, drawn by uPlot (loaded by index.html from its webjar as
// the global uPlot). uPlot sets element styles through the CSSOM, which the page's
// Content-Security-Policy (style-src 'self', nothing inline) allows.

import { bucketStart, number } from './format.js';

// Contrasting hues (blue, orange: also apart for red-green colour blindness). Unique readers are
// drawn after clicks, thinner and dashed, so that both stay visible where the two are equal.
const COLORS = { clicks: '#2563eb', uniqueReaders: '#ea580c', blocked: '#dc2626' };
const LABELS = { clicks: 'Clicks', uniqueReaders: 'Unique readers', blocked: 'Blocked' };
const STYLES = {
  clicks: { width: 3, fill: 'rgba(37, 99, 235, 0.08)' },
  uniqueReaders: { width: 2, dash: [6, 4] },
  blocked: { width: 2, dash: [2, 3] },
};
const HEIGHT = 260;

/**
 * Draws points ([{t, clicks, uniqueReaders, ...}], one per bucket of bucket 'hour' or 'day') into
 * container, one line per field of fields; times are shown in UTC like the buckets. The legend
 * shows the hovered bucket, and the range's totals (totals[field], e.g. the summary) otherwise.
 * Follows the container's width.
 */
export function lineChart(container, points, { bucket, totals = {}, fields = ['clicks', 'uniqueReaders'] }) {
  const uPlot = globalThis.uPlot;
  if (typeof uPlot !== 'function') throw new Error('uPlot did not load');
  const xs = points.map((p) => Date.parse(p.t) / 1000);
  const data = [xs, ...fields.map((f) => points.map((p) => p[f]))];
  const dots = points.length <= 48;
  const shown = (v) => (v === null || v === undefined ? '–' : number(v));
  const options = {
    width: width(container),
    height: HEIGHT,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
    axes: [
      { stroke: '#475569', grid: { stroke: '#e2e8f0' } },
      { stroke: '#475569', grid: { stroke: '#e2e8f0' }, values: (u, splits) => splits.map(yLabel) },
    ],
    series: [
      {
        label: 'Time (UTC)',
        value: (u, v, s, idx) => (idx === null || idx === undefined ? 'whole range' : bucketStart(v * 1000, bucket)),
      },
      ...fields.map((f) => ({
        label: LABELS[f],
        stroke: COLORS[f],
        ...STYLES[f],
        points: { show: dots },
        value: (u, v, s, idx) => (idx === null || idx === undefined ? shown(totals[f]) : shown(v)),
      })),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
  const plot = new uPlot(options, data, container);
  const resize = new ResizeObserver(() => {
    if (!container.isConnected) {
      resize.disconnect();
      plot.destroy();
      return;
    }
    const w = width(container);
    if (w !== plot.width) plot.setSize({ width: w, height: HEIGHT });
  });
  resize.observe(container);
  return plot;
}

function width(container) {
  return Math.max(280, Math.floor(container.clientWidth || 600));
}

// Whole numbers only (counts), with separators.
function yLabel(value) {
  return Number.isInteger(value) ? number(value) : '';
}
