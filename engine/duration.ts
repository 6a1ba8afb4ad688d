// Go's time.ParseDuration (src/time/format.go), for Go-style durations in steps (`1h30m`) and
// kubectl flags (`--timeout=90s`), with Go's error messages.
import { UserError } from './errors.ts';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in a Go duration such as `1h30m`, `90s`, `1.5h`, `300ms`. */
export function parseDuration(text: string): number {
  const quoted = `"${text}"`;
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new UserError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(\.\d*)?/.exec(s)!;
    if (num[0] === '' || num[0] === '.') throw new UserError(`time: invalid duration ${quoted}`);
    s = s.slice(num[0].length);
    const unit = /^[^\d.]+/.exec(s)?.[0];
    if (unit === undefined) throw new UserError(`time: missing unit in duration ${quoted}`);
    const ms = UNIT_MS[unit];
    if (ms === undefined) throw new UserError(`time: unknown unit "${unit}" in duration ${quoted}`);
    s = s.slice(unit.length);
    total += Number(num[0]) * ms;
  }
  return sign * total;
}
