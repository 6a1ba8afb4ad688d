// Time formatting as kubectl and the Go standard library do it: the AGE column's HumanDuration,
// Go's time.Duration.String() and the RFC1123Z layout used by kubectl describe. Durations come in
// as milliseconds of virtual time; nothing here reads a clock.

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** duration.HumanDuration: the AGE format, e.g. `119s`, `2m45s`, `24m`, `3h5m`, `2d3h`, `2y80d`. */
// k8s.io/apimachinery/pkg/util/duration/duration.go
export function humanDuration(ms: number): string {
  // Go truncates toward zero (int(d.Seconds())): -1.9s still counts as "now" (clock skew allowance).
  const seconds = Math.trunc(ms / SECOND_MS);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(ms / MINUTE_MS);
  if (minutes < 10) {
    const s = Math.floor(ms / SECOND_MS) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** duration.ShortHumanDuration: one unit only, e.g. `59s`, `1m`, `23h`, `364d`, `1y`. */
// k8s.io/apimachinery/pkg/util/duration/duration.go
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND_MS);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE_MS);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR_MS);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.floor(hours / 24)}d`;
  return `${Math.trunc(ms / HOUR_MS / 24 / 365)}y`;
}

/**
 * Milliseconds since the epoch of a metav1.Time. The API serialises these with whole seconds, so a
 * real client never sees a fraction; dropping it here keeps ages identical to kubectl's.
 */
// k8s.io/apimachinery/pkg/apis/meta/v1/time.go (MarshalJSON uses RFC3339 without fractions)
export function timestampMs(timestamp: string): number {
  return Math.floor(Date.parse(timestamp) / SECOND_MS) * SECOND_MS;
}

/** translateTimestampSince: HumanDuration of the time since a metav1.Time, `<unknown>` when unset. */
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go
export function translateTimestampSince(timestamp: string | undefined, nowMs: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(nowMs - timestampMs(timestamp));
}

/** translateMicroTimestampSince: the same for a metav1.MicroTime, which keeps its fraction. */
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go
export function translateMicroTimestampSince(timestamp: string | undefined, nowMs: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(nowMs - Date.parse(timestamp));
}

/** The decimal fraction of value / 10^precision without trailing zeros, with its point: `.5`, or ``. */
function fraction(value: bigint, precision: number): string {
  if (precision === 0) return '';
  const digits = (value % 10n ** BigInt(precision)).toString().padStart(precision, '0').replace(/0+$/, '');
  return digits === '' ? '' : `.${digits}`;
}

/** Go's time.Duration.String(): `0s`, `1.5s`, `1m30s`, `5m0s`, `1h0m0s`, `250ms`. */
// go/src/time/time.go (Duration.String)
export function goDuration(ms: number): string {
  // The same few durations (pull times, back-offs) are printed over and over: remembered.
  let text = durations.get(ms);
  if (text === undefined) {
    if (durations.size >= 1024) durations.clear();
    durations.set(ms, (text = formatGoDuration(ms)));
  }
  return text;
}

const durations = new Map<number, string>();

function formatGoDuration(ms: number): string {
  const wholeMs = Math.trunc(ms);
  let nanos = BigInt(wholeMs) * 1_000_000n + BigInt(Math.round((ms - wholeMs) * 1e6));
  const sign = nanos < 0n ? '-' : '';
  if (nanos < 0n) nanos = -nanos;
  if (nanos === 0n) return '0s';
  if (nanos < 1_000_000_000n) {
    // Below one second Go switches to the largest unit that keeps an integer part: ms, µs or ns.
    const [unit, precision]: [string, number] = nanos < 1_000n ? ['ns', 0] : nanos < 1_000_000n ? ['µs', 3] : ['ms', 6];
    const whole = nanos / 10n ** BigInt(precision);
    return `${sign}${whole}${fraction(nanos, precision)}${unit}`;
  }
  const totalSeconds = nanos / 1_000_000_000n;
  let text = `${totalSeconds % 60n}${fraction(nanos, 9)}s`;
  const totalMinutes = totalSeconds / 60n;
  if (totalMinutes > 0n) {
    text = `${totalMinutes % 60n}m${text}`;
    const hours = totalMinutes / 60n;
    // Go stops at hours because days differ in length.
    if (hours > 0n) text = `${hours}h${text}`;
  }
  return sign + text;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Go's time.RFC1123Z layout, `Mon, 02 Jan 2006 15:04:05 -0700`, at the given UTC offset. */
// go/src/time/format.go (RFC1123Z)
export function rfc1123z(ms: number, tzOffsetMinutes = 0): string {
  const local = new Date(ms + tzOffsetMinutes * MINUTE_MS);
  const offset = Math.abs(tzOffsetMinutes);
  const zone = `${tzOffsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(offset / 60))}${pad(offset % 60)}`;
  const day = `${WEEKDAYS[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${pad(local.getUTCFullYear(), 4)}`;
  const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${day} ${clock} ${zone}`;
}
