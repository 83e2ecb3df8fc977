// Clicks and unique readers over time, drawn by uPlot (loaded by index.html from its webjar as
// the global uPlot). uPlot sets element styles through the CSSOM, which the page's
// Content-Security-Policy (style-src 'self', nothing inline) allows.

import { number } from './format.js';

const COLORS = { clicks: '#2563eb', uniqueReaders: '#059669', blocked: '#dc2626' };
const LABELS = { clicks: 'Clicks', uniqueReaders: 'Unique readers', blocked: 'Blocked' };
const HEIGHT = 260;

/**
 * Draws points ([{t, clicks, uniqueReaders, ...}], one per bucket) into container, one line per
 * field of fields; times are shown in UTC like the buckets. Follows the container's width.
 */
export function lineChart(container, points, fields = ['clicks', 'uniqueReaders']) {
  const uPlot = globalThis.uPlot;
  if (typeof uPlot !== 'function') throw new Error('uPlot did not load');
  const xs = points.map((p) => Date.parse(p.t) / 1000);
  const data = [xs, ...fields.map((f) => points.map((p) => p[f]))];
  const dots = points.length <= 48;
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
      { label: 'Time (UTC)' },
      ...fields.map((f) => ({
        label: LABELS[f],
        stroke: COLORS[f],
        width: 2,
        fill: f === 'clicks' ? 'rgba(37, 99, 235, 0.08)' : undefined,
        // Dashed, so that clicks stay visible where every click was a different reader.
        dash: f === 'clicks' ? undefined : [6, 4],
        points: { show: dots },
        value: (u, v) => (v === null || v === undefined ? '–' : number(v)),
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
