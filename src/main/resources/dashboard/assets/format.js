// Numbers and dates for people, in the browser's language. Stats are kept per UTC hour and
// UTC day, so absolute times are shown in UTC and say so.

const numbers = new Intl.NumberFormat(undefined);
const percents = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const relatives = {
  long: new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }),
  short: new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' }),
};
const dateTimes = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC',
});
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** 1234567 → "1,234,567" (separators as the browser's language writes them). */
export function number(n) {
  return numbers.format(n);
}

/** Blocked attempts as a share of all attempts, blocked / (clicks + blocked); "–" when there were none. */
export function blockedShare(clicks, blocked) {
  const attempts = clicks + blocked;
  return attempts === 0 ? '–' : percents.format(blocked / attempts);
}

const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * A past or future instant relative to now: "3 hours ago", "yesterday", "in 2 days", "now";
 * style 'short' for table columns: "3 hr. ago", "28 sec. ago".
 */
export function relative(when, now = Date.now(), style = 'long') {
  const format = relatives[style];
  const seconds = (new Date(when).getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(Math.round(seconds), 'second');
}

/** "24 Nov 2026, 10:00 UTC". */
export function dateTime(when) {
  return `${dateTimes.format(new Date(when))} UTC`;
}

/** The start of a UTC bucket, for a label that says UTC: "24 Nov 2026, 10:00" (hour), "24 Nov 2026" (day). */
export function bucketStart(when, bucket) {
  return (bucket === 'day' ? dates : dateTimes).format(new Date(when));
}
