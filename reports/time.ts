// Virtual time as reports write it: an offset from the scenario's start (`+5m00s`), which is what
// a learner follows, and the wall-clock time of the simulated cluster (`2020-06-07 22:05:00Z`),
// which is what kubectl's timestamps show.

/** `+4s`-style offsets with minutes and seconds always written: `+0m09s`, `+5m00s`, `+1h05m00s`, `+0m04.5s`. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const secondsMs = abs % 60_000;
  const whole = Math.floor(secondsMs / 1000);
  const fraction = secondsMs % 1000 === 0 ? '' : `.${String(secondsMs % 1000).padStart(3, '0').replace(/0+$/, '')}`;
  const seconds = `${String(whole).padStart(2, '0')}${fraction}s`;
  return hours > 0 ? `${sign}${hours}h${String(minutes).padStart(2, '0')}m${seconds}` : `${sign}${minutes}m${seconds}`;
}

/** The short form for an axis: `+0s`, `+30s`, `+4m`, `+4m30s`, `+1h`, `+1h05m`. */
export function formatAxisOffset(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.round((ms % 60_000) / 100) / 10;
  if (hours > 0) return `+${hours}h${minutes || seconds ? `${String(minutes).padStart(2, '0')}m` : ''}${seconds ? `${seconds}s` : ''}`;
  if (minutes > 0) return `+${minutes}m${seconds ? `${seconds}s` : ''}`;
  return `+${seconds}s`;
}

/** The cluster's clock: `2020-06-07 22:05:00Z`, with milliseconds only when there are some. */
export function formatClock(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second < MIN_ISO_SECOND || second > MAX_ISO_SECOND) return clockFromIsoTime(ms);
  setIsoSecond(second);
  const fraction = ms - second * 1000;
  if (fraction === 0) return `${clockPrefix}Z`;
  // Whole milliseconds without their trailing zeros (there is a non-zero digit); a fraction of one
  // is written as isoTime writes it.
  return Number.isInteger(fraction) ? `${clockPrefix}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}Z` : clockFromIsoTime(ms);
}

/** formatClock by rewriting isoTime's text: for the years past 9999 and fractions of a millisecond. */
function clockFromIsoTime(ms: number): string {
  return isoTime(ms).replace('T', ' ').replace(/(\.\d*?)0+Z$/, '$1Z');
}

// Years 0 to 9999 have the plain YYYY-MM-DDTHH:MM:SS form.
const MIN_ISO_SECOND = -62167219200;
const MAX_ISO_SECOND = 253402300799;
const SECONDS_PER_DAY = 86_400;
/** `00` to `59`. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

let isoSecond = NaN;
/** `YYYY-MM-DDTHH:MM:SS` and `YYYY-MM-DD HH:MM:SS` of isoSecond. */
let isoPrefix = '';
let clockPrefix = '';
let isoDay = NaN;
/** `YYYY-MM-DD` of isoDay. */
let isoDate = '';

/**
 * Makes isoSecond `second` (within the plain years): the date formatted by Date once per day, the
 * time of day from the seconds into it. Events and steps come many to a second, seconds many to a
 * day.
 */
function setIsoSecond(second: number): void {
  if (second === isoSecond) return;
  isoSecond = second;
  const day = Math.floor(second / SECONDS_PER_DAY);
  if (day !== isoDay) {
    isoDay = day;
    isoDate = new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
  }
  const ofDay = second - day * SECONDS_PER_DAY;
  const time = `${TWO_DIGITS[Math.floor(ofDay / 3600)]}:${TWO_DIGITS[Math.floor(ofDay / 60) % 60]}:${TWO_DIGITS[ofDay % 60]}`;
  isoPrefix = `${isoDate}T${time}`;
  clockPrefix = `${isoDate} ${time}`;
}

/**
 * `new Date(ms).toISOString()` without `.000` for whole seconds (`2020-06-07T22:05:00Z`), the
 * date and time part made once per second (setIsoSecond): events come many to a second.
 */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second < MIN_ISO_SECOND || second > MAX_ISO_SECOND) return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  setIsoSecond(second);
  const fraction = ms - second * 1000;
  return fraction === 0 ? `${isoPrefix}Z` : `${isoPrefix}.${String(fraction).padStart(3, '0')}Z`;
}

/** How every state attachment's title begins. */
export const STATE_TITLE_PREFIX = 't = ';

/** The title of a state attachment: `t = +5m00s (2020-06-07 22:05:00Z)`. */
export function virtualTimeTitle(startMs: number, nowMs: number): string {
  return `${STATE_TITLE_PREFIX}${formatOffset(nowMs - startMs)} (${formatClock(nowMs)})`;
}
