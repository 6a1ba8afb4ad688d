// The virtual clock. Every reading of time in the engine goes through one of these; nothing in
// engine/ reads the wall clock. It wraps a private @sinonjs/fake-timers clock (never the global
// timers, which cucumber uses for its own step timeouts) and only ever moves forward.
import { createClock } from '@sinonjs/fake-timers';
import { EngineError } from './errors.ts';

export class VirtualClock {
  private readonly fake: ReturnType<typeof createClock>;
  /** Whether every step so far was a whole number of milliseconds (the fake clock carries no remainder). */
  private wholeMs = true;

  constructor(startMs: number) {
    this.fake = createClock(startMs);
  }

  /** Milliseconds since the Unix epoch, in virtual time. */
  nowMs(): number {
    return this.fake.now;
  }

  /** RFC 3339 timestamp with second precision, as Kubernetes stores metav1.Time. */
  nowRfc3339(): string {
    return toRfc3339(this.fake.now);
  }

  /**
   * Moves time forward to `targetMs`. The engine's own event queue decides what runs meanwhile:
   * the fake clock holds no timers, so setting its time gives the `now` a tick would, without a
   * tick's search for timers due and its state object at every instant the loop visits. A tick
   * by a fraction of a millisecond carries the remainder over to later ticks; from the first
   * such step on, every step ticks, so `now` stays what ticks alone would give.
   */
  advanceTo(targetMs: number): void {
    const now = this.fake.now;
    if (targetMs < now) throw new EngineError(`virtual time cannot go back from ${now} to ${targetMs}`);
    if (!(targetMs > now)) return;
    if (this.wholeMs && Number.isInteger(targetMs - now)) this.fake.setSystemTime(targetMs);
    else {
      this.wholeMs = false;
      this.fake.tick(targetMs - now);
    }
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

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

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

/** `YYYY-MM-DDTHH:MM:SSZ` for seconds since the epoch, without a Date. */
function formatUtcSeconds(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const secOfDay = seconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  if (year < 1000 || year > 9999) return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  const h = Math.floor(secOfDay / 3600);
  const m = Math.floor((secOfDay % 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(secOfDay % 60)}Z`;
}

export function parseRfc3339(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

const parsed = new Map<string, number>();

/**
 * Date.parse, remembered for the last thousand or so texts: controllers read the same stored
 * timestamps (lastScheduleTime, startTime, completionTime) on every sync.
 */
export function parseTimeMs(s: string): number {
  let ms = parsed.get(s);
  if (ms === undefined) {
    if (parsed.size >= 1024) parsed.clear();
    parsed.set(s, (ms = Date.parse(s)));
  }
  return ms;
}
