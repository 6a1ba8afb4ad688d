// CronJob schedules as v1.32 reads them: github.com/robfig/cron/v3 v3.0.1's ParseStandard (five
// fields or a descriptor, optionally behind `TZ=`/`CRON_TZ=`) and SpecSchedule.Next, ported
// field for field, with robfig's error messages (the apiserver shows them verbatim) and its
// daylight-saving behaviour: a time that does not exist on the spring-forward day is skipped, and
// one that occurs twice on the fall-back day fires twice. cron-parser implements other rules (it
// moves a skipped time forward and fires a repeated one once, and accepts `L`, `#`, `H`, seconds
// and `7` for Sunday), so it serves only as an independent cross-check in the tests.
//
// Time zones come from the runtime's IANA database (Intl). Go's time.Date and AddDate are
// emulated on top of it, including how Go resolves a wall-clock time inside a gap.
import { UserError } from '../errors.ts';
import { parseDuration } from '../duration.ts';
import { civilFromDays } from '../clock.ts';

/** A parsed schedule: the next activation strictly after `afterMs`, or undefined (Go's zero time). */
export interface CronSchedule {
  next(afterMs: number): number | undefined;
}

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

// robfig/cron/v3 spec.go: the bounds of each field.
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** One field's bit set; `star` is robfig's starBit (the field was `*` or `?` with step 1). */
interface Field {
  bits: boolean[];
  star: boolean;
}

// ---- parsing (robfig/cron/v3 parser.go) -------------------------------------------------------

/** cron.ParseStandard: throws a UserError with robfig's message when the spec does not parse. */
export function parseStandard(spec: string): CronSchedule {
  if (spec.length === 0) throw new UserError('empty spec string');
  let zone: Zone = LOCAL_ZONE;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    // Go slices spec[eq+1:i] with i = -1 when there is no space, which panics; the apiserver's
    // panic handler answers with an internal error. A parse error is the closest stand-in.
    const name = space < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, space);
    const loaded = loadLocation(name);
    if (typeof loaded === 'string') throw new UserError(`provided bad location ${name}: ${loaded}`);
    zone = loaded;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) return parseDescriptor(spec, zone);
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  // normalizeFields with Minute|Hour|Dom|Month|Dow: exactly five fields, printed as Go prints a []string.
  if (fields.length !== 5) throw new UserError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return new SpecSchedule(getField(fields[0], MINUTES), getField(fields[1], HOURS), getField(fields[2], DOM), getField(fields[3], MONTHS), getField(fields[4], DOW), zone);
}

function getField(field: string, bounds: Bounds): Field {
  const out: Field = { bits: new Array<boolean>(bounds.max + 1).fill(false), star: false };
  for (const expr of field.split(',').filter((e) => e !== '')) getRange(expr, bounds, out);
  return out;
}

/** getRange: `*`, `?`, `n`, `a-b`, each optionally `/step`; `n/step` means `n-max/step`. */
function getRange(expr: string, bounds: Bounds, into: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], bounds.names);
    else throw new UserError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (singleDigit) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new UserError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new UserError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new UserError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new UserError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new UserError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) into.bits[i] = true;
  into.star ||= star;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** mustParseInt over strconv.Atoi, with its error texts. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new UserError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const big = BigInt(expr);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    throw new UserError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  }
  if (big < 0n) throw new UserError(`negative number (${big}) not allowed: ${expr}`);
  return Number(big);
}

function all(bounds: Bounds): Field {
  const bits = new Array<boolean>(bounds.max + 1).fill(false);
  for (let i = bounds.min; i <= bounds.max; i++) bits[i] = true;
  return { bits, star: true };
}

function only(value: number, bounds: Bounds): Field {
  const bits = new Array<boolean>(bounds.max + 1).fill(false);
  bits[value] = true;
  return { bits, star: false };
}

/** parseDescriptor: the @-macros, and `@every <duration>`. */
function parseDescriptor(descriptor: string, zone: Zone): CronSchedule {
  const midnight = [only(0, MINUTES), only(0, HOURS)] as const;
  switch (descriptor) {
    case '@yearly':
    case '@annually':
      return new SpecSchedule(...midnight, only(1, DOM), only(1, MONTHS), all(DOW), zone);
    case '@monthly':
      return new SpecSchedule(...midnight, only(1, DOM), all(MONTHS), all(DOW), zone);
    case '@weekly':
      return new SpecSchedule(...midnight, all(DOM), all(MONTHS), only(0, DOW), zone);
    case '@daily':
    case '@midnight':
      return new SpecSchedule(...midnight, all(DOM), all(MONTHS), all(DOW), zone);
    case '@hourly':
      return new SpecSchedule(only(0, MINUTES), all(HOURS), all(DOM), all(MONTHS), all(DOW), zone);
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    let ms: number;
    try {
      ms = parseDuration(descriptor.slice(every.length));
    } catch (e) {
      throw new UserError(`failed to parse duration ${descriptor}: ${(e as Error).message}`);
    }
    return new ConstantDelaySchedule(ms);
  }
  throw new UserError(`unrecognized descriptor: ${descriptor}`);
}

/** ConstantDelaySchedule (constantdelay.go): at least a second, whole seconds, counted from `t` less its fraction. */
class ConstantDelaySchedule implements CronSchedule {
  private readonly delayMs: number;
  constructor(ms: number) {
    const atLeastSecond = Math.max(ms, 1000);
    this.delayMs = atLeastSecond - (atLeastSecond % 1000);
  }
  next(afterMs: number): number {
    return afterMs + this.delayMs - mod(afterMs, 1000);
  }
}

// ---- SpecSchedule.Next (robfig/cron/v3 spec.go) -------------------------------------------------

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** How many of next()'s recent answers a schedule keeps. */
const ANSWER_SLOTS = 8;

class SpecSchedule implements CronSchedule {
  /**
   * Recent answers of next(): a CronJob's syncs ask again from the same few times within a run.
   * A ring of the last questions, compared as numbers (a Map hashes a boxed number per lookup).
   */
  private readonly askedMs = new Float64Array(ANSWER_SLOTS).fill(NaN);
  private readonly answered: (number | undefined)[] = new Array<number | undefined>(ANSWER_SLOTS).fill(undefined);
  private nextSlot = 0;

  constructor(
    private readonly minute: Field,
    private readonly hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
    private readonly zone: Zone,
  ) {}

  next(afterMs: number): number | undefined {
    const asked = this.askedMs;
    for (let i = 0; i < ANSWER_SLOTS; i++) if (asked[i] === afterMs) return this.answered[i];
    const t = this.compute(afterMs);
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % ANSWER_SLOTS;
    asked[slot] = afterMs;
    this.answered[slot] = t;
    return t;
  }

  private compute(afterMs: number): number | undefined {
    const z = this.zone;
    const fixed = z === UTC_ZONE;
    // Start at the earliest possible time: the upcoming second.
    let t = afterMs + 1000 - mod(afterMs, 1000);
    let added = false;
    const yearLimit = z.fields(t).year + 5;
    // The labelled loop is robfig's `goto WRAP`.
    wrap: for (;;) {
      let f = z.fields(t);
      if (f.year > yearLimit) return undefined;
      while (!this.month.bits[f.month]) {
        if (!added) {
          added = true;
          t = z.date(f.year, f.month, 1, 0, 0, 0);
        }
        f = z.fields(t);
        t = z.date(f.year, f.month + 1, f.day, f.hour, f.minute, f.second); // AddDate(0, 1, 0)
        f = z.fields(t);
        if (f.month === 1) continue wrap;
      }
      while (!this.dayMatches(f)) {
        if (!added) {
          added = true;
          t = z.date(f.year, f.month, f.day, 0, 0, 0);
          f = z.fields(t);
        }
        t = z.date(f.year, f.month, f.day + 1, f.hour, f.minute, f.second); // AddDate(0, 0, 1)
        f = z.fields(t);
        // Midnight may not exist on a daylight-saving day: robfig moves back to the day's start.
        if (f.hour !== 0) {
          t += (f.hour > 12 ? 24 - f.hour : -f.hour) * HOUR_MS;
          f = z.fields(t);
        }
        if (f.day === 1) continue wrap;
      }
      while (!this.hour.bits[f.hour]) {
        if (!added) {
          added = true;
          t = z.date(f.year, f.month, f.day, f.hour, 0, 0);
        }
        // In UTC an hour, a minute or a second later is always the next wall-clock value, so
        // robfig's one-step loops can jump straight to the next value that matches.
        t += (fixed ? nextSet(this.hour.bits, f.hour, 24) - f.hour : 1) * HOUR_MS;
        f = z.fields(t);
        if (f.hour === 0) continue wrap;
      }
      while (!this.minute.bits[f.minute]) {
        if (!added) {
          added = true;
          t -= mod(t, MINUTE_MS); // Truncate(time.Minute), on absolute time
        }
        t += (fixed ? nextSet(this.minute.bits, f.minute, 60) - f.minute : 1) * MINUTE_MS;
        f = z.fields(t);
        if (f.minute === 0) continue wrap;
      }
      // The seconds field of a standard schedule is always 0.
      while (f.second !== 0) {
        if (!added) {
          added = true;
          t -= mod(t, 1000);
        }
        t += (fixed ? 60 - f.second : 1) * 1000;
        f = z.fields(t);
        if (f.second === 0) continue wrap;
      }
      return t;
    }
  }

  /** dayMatches: day-of-month and day-of-week are ANDed if either has the star bit, else ORed. */
  private dayMatches(f: Readonly<WallFields>): boolean {
    const domMatch = this.dom.bits[f.day];
    const dowMatch = this.dow.bits[f.weekday];
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }
}

/** The first set index after `from`, or `limit` (where the field wraps to 0). */
function nextSet(bits: boolean[], from: number, limit: number): number {
  for (let i = from + 1; i < limit; i++) if (bits[i]) return i;
  return limit;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

// ---- time zones (Go's time.LoadLocation, time.Date, Time.In) -----------------------------------

/** The wall clock in a zone; month 1-12, weekday 0 (Sunday) to 6. */
export interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** A time zone: wall-clock fields of an instant, and the instant of a wall-clock time. */
export interface Zone {
  readonly name: string;
  fields(ms: number): Readonly<WallFields>;
  /** time.Date(y, m, d, h, mi, s, 0, loc): out-of-range values normalise, gaps resolve as Go does. */
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number;
  /** Offset from UTC at an instant, in ms. */
  offsetMs(ms: number): number;
}

class UtcZone implements Zone {
  readonly name = 'UTC';
  /** The last instant asked about and its fields: Next asks twice in a row for the same one (nothing changes them). */
  private lastMs = NaN;
  private lastFields: Readonly<WallFields> | undefined = undefined;
  fields(ms: number): Readonly<WallFields> {
    if (ms === this.lastMs) return this.lastFields!;
    const f = utcFields(ms);
    this.lastMs = ms;
    this.lastFields = f;
    return f;
  }
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  offsetMs(): number {
    return 0;
  }
}

class IanaZone implements Zone {
  private readonly format: Intl.DateTimeFormat;
  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short',
    });
  }

  fields(ms: number): WallFields {
    const parts: Record<string, string> = {};
    for (const p of this.format.formatToParts(ms)) parts[p.type] = p.value;
    const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
    return {
      year,
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      second: Number(parts.second),
      weekday: WEEKDAYS.indexOf(parts.weekday),
    };
  }

  offsetMs(ms: number): number {
    const f = this.fields(ms);
    const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
    return wall - (ms - mod(ms, 1000));
  }

  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    // time.Date: take the wall clock as if it were UTC, look up the offset there, and if the
    // instant that offset gives lies in another zone period, use that period's offset instead.
    const unix = Date.UTC(year, month - 1, day, hour, minute, second);
    const offset = this.offsetMs(unix);
    const utc = unix - offset;
    const actual = this.offsetMs(utc);
    return actual === offset ? utc : unix - actual;
  }
}

/**
 * The UTC wall clock of an instant by arithmetic (clock.ts civilFromDays), without a Date object
 * per call: the schedule math asks for it several times per Next.
 */
export function utcFields(ms: number): WallFields {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
  }
  const days = Math.floor(ms / 86_400_000);
  const secondOfDay = Math.floor((ms - days * 86_400_000) / 1000);
  const [year, month, day] = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor(secondOfDay / 60) % 60,
    second: secondOfDay % 60,
    // 1970-01-01 was a Thursday.
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const UTC_ZONE: Zone = new UtcZone();
/**
 * The kube-controller-manager's local zone, which schedules without `spec.timeZone` use. The
 * simulated one runs in UTC, as the control-plane containers of kubeadm, kind and minikube do.
 */
export const LOCAL_ZONE: Zone = UTC_ZONE;
const zones = new Map<string, Zone>([['UTC', UTC_ZONE], ['', UTC_ZONE]]);
let canonicalNames: Map<string, string> | undefined;

/**
 * time.LoadLocation: the zone, or Go's error text (`unknown time zone X`). Like Go's database
 * lookup the name is case-sensitive; `""` and `UTC` are UTC and `Local` is the local zone.
 */
export function loadLocation(name: string): Zone | string {
  if (name === 'Local') return LOCAL_ZONE;
  const known = zones.get(name);
  if (known) return known;
  let zone: IanaZone;
  try {
    zone = new IanaZone(name);
  } catch {
    return `unknown time zone ${name}`;
  }
  // Intl accepts any capitalisation; Go's lookup in its zoneinfo files does not.
  canonicalNames ??= new Map(Intl.supportedValuesOf('timeZone').map((n) => [n.toLowerCase(), n]));
  const canonical = canonicalNames.get(name.toLowerCase());
  if (canonical !== undefined && canonical !== name) return `unknown time zone ${name}`;
  zones.set(name, zone);
  return zone;
}
