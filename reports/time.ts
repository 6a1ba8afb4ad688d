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
  return isoTime(ms).replace('T', ' ').replace(/(\.\d*?)0+Z$/, '$1Z');
}

let isoSecond = NaN;
let isoPrefix = '';

/**
 * `new Date(ms).toISOString()` without `.000` for whole seconds (`2020-06-07T22:05:00Z`), the
 * date and time part formatted once per second: events come many to a second.
 */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Years 0 to 9999 have the plain YYYY-MM-DDTHH:MM:SS form.
  if (second < -62167219200 || second > 253402300799) return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const fraction = ms - second * 1000;
  return fraction === 0 ? `${isoPrefix}Z` : `${isoPrefix}.${String(fraction).padStart(3, '0')}Z`;
}

/** How every state attachment's title begins. */
export const STATE_TITLE_PREFIX = 't = ';

/** The title of a state attachment: `t = +5m00s (2020-06-07 22:05:00Z)`. */
export function virtualTimeTitle(startMs: number, nowMs: number): string {
  return `${STATE_TITLE_PREFIX}${formatOffset(nowMs - startMs)} (${formatClock(nowMs)})`;
}
