// The virtual clock. Every reading of time in the engine goes through one of these; nothing in
// engine/ reads the wall clock. It wraps a private @sinonjs/fake-timers clock (never the global
// timers, which cucumber uses for its own step timeouts) and only ever moves forward.
import { createClock } from '@sinonjs/fake-timers';
import { EngineError } from './errors.ts';
import { Memo } from './util/memo.ts';

export class VirtualClock {
  private readonly fake: ReturnType<typeof createClock>;
  /**
   * Whether every step so far was a whole number of milliseconds: until the first fractional
   * step the fake clock is not moved at all (it holds no timers, and `now` is the sum of the
   * steps); from it on, every step ticks the fake clock, which carries the remainders.
   */
  private wholeMs = true;
  /** The current time, the fake clock's `now` once it ticks. */
  private now: number;

  constructor(startMs: number) {
    this.fake = createClock(startMs);
    this.now = this.fake.now;
  }

  /** Milliseconds since the Unix epoch, in virtual time. */
  nowMs(): number {
    return this.now;
  }

  /** RFC 3339 timestamp with second precision, as Kubernetes stores metav1.Time. */
  nowRfc3339(): string {
    return toRfc3339(this.now);
  }

  /**
   * Moves time forward to `targetMs`. The engine's own event queue decides what runs meanwhile:
   * the fake clock holds no timers, so while every step is whole milliseconds the time is kept
   * here and the fake clock is left where it started (a tick would search its timers and make a
   * state object, setting its time makes a closure to shift them, at every instant the loop
   * visits; and `now` is read from this object rather than the fake clock's). A tick by
   * a fraction of a millisecond carries the remainder over to later ticks; at the first such
   * step the fake clock is set to the time so far, and from then on every step ticks it, so
   * `now` stays what ticks alone would give.
   */
  advanceTo(targetMs: number): void {
    const now = this.now;
    if (targetMs < now) throw new EngineError(`virtual time cannot go back from ${now} to ${targetMs}`);
    if (!(targetMs > now)) return;
    if (this.wholeMs && Number.isInteger(targetMs - now)) {
      this.now = targetMs;
      return;
    }
    if (this.wholeMs) {
      this.wholeMs = false;
      this.fake.setSystemTime(now);
    }
    this.fake.tick(targetMs - now);
    this.now = this.fake.now;
  }
}

// Many writes share a few virtual seconds (now, a pod's start, a condition's last change): a
// small direct-mapped cache by second formats each of them once.
const RFC3339_CACHE_SIZE = 256;
const cachedSeconds = new Float64Array(RFC3339_CACHE_SIZE).fill(NaN);
const cachedTexts: string[] = new Array<string>(RFC3339_CACHE_SIZE).fill('');

/** metav1.Time serialises with second precision (apimachinery/pkg/apis/meta/v1/time.go). */
export function toRfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  const slot = second & (RFC3339_CACHE_SIZE - 1);
  if (cachedSeconds[slot] !== second) {
    cachedSeconds[slot] = second;
    cachedTexts[slot] = formatUtcSeconds(second);
  }
  return cachedTexts[slot]!;
}

/** The proleptic Gregorian [year, month, day] of a count of days since 1970-01-01 (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (month <= 2 ? 1 : 0), month, day];
}

/** The characters of a timestamp being formatted: `YYYY-MM-DDTHH:MM:SSZ`, the digits written per text. */
const RFC3339_CODES: number[] = [...'0000-00-00T00:00:00Z'].map((ch) => ch.charCodeAt(0));
/** The day whose date characters RFC3339_CODES holds (the next texts are most likely of the same day). */
let codesDay = NaN;
let codesDayInRange = false;

/**
 * `YYYY-MM-DDTHH:MM:SSZ` for seconds since the epoch, without a Date: the digits go into one
 * array of character codes and become one flat string, with no padded pieces to join.
 */
function formatUtcSeconds(seconds: number): string {
  if (!Number.isInteger(seconds)) return formatOther(seconds);
  const days = Math.floor(seconds / 86400);
  const c = RFC3339_CODES;
  if (days !== codesDay) {
    const [year, month, day] = civilFromDays(days);
    codesDay = days;
    codesDayInRange = year >= 1000 && year <= 9999;
    if (codesDayInRange) {
      putDigits(c, 0, year, 4);
      putDigits(c, 5, month, 2);
      putDigits(c, 8, day, 2);
    }
  }
  if (!codesDayInRange) return formatOther(seconds);
  const secOfDay = seconds - days * 86400;
  putDigits(c, 11, Math.floor(secOfDay / 3600), 2);
  putDigits(c, 14, Math.floor((secOfDay % 3600) / 60), 2);
  putDigits(c, 17, secOfDay % 60, 2);
  return String.fromCharCode.apply(null, c);
}

/** A time whose year has other than four digits (or no time at all, NaN), as Date formats it. */
function formatOther(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const secOfDay = seconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  if (year < 1000 || year > 9999) return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  const h = Math.floor(secOfDay / 3600);
  const m = Math.floor((secOfDay % 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(secOfDay % 60)}Z`;
}

/** Writes the `n` decimal digits of `value` (zero-padded) into `codes` at `at`. */
function putDigits(codes: number[], at: number, value: number, n: number): void {
  for (let i = at + n - 1; i >= at; i--) {
    codes[i] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
}

export function parseRfc3339(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Date.parse (NaN when it cannot read the text), remembered for the last thousand or so texts:
 * the controllers read the same stored times (start, completion, schedule) on every sync.
 */
export function parseTimeMs(s: string): number {
  return knownTimes.get(s);
}

/**
 * Date.parse, read directly when the text is as toRfc3339 writes it, `YYYY-MM-DDTHH:MM:SSZ` with
 * every field in range (the times the controllers and kubelets write); anything else goes to
 * Date.parse's general parser.
 */
function readRfc3339(s: string): number {
  if (s.length !== 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 90) return Date.parse(s);
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if ((hour | minute | second) < 0 || year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return Date.parse(s);
  return (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); civilFromDays's inverse. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal number of `n` digits at `from`, or -1 when a character is not a digit. */
function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const knownTimes = new Memo<number>(1024, readRfc3339);
