// The events of one scenario as a table (CSV, which Allure shows as a table): every event as it
// was recorded or repeated, in virtual time, with the columns of `kubectl get events` that a
// learner reads, the time both from the start and as the RFC 3339 timestamp kubectl shows.
import type { TraceRecord } from '../engine/trace.ts';
import { formatOffset, isoTime } from './time.ts';

const HEADER = ['TIME', 'CLOCK', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE', 'COUNT'];

/** RFC 4180 quoting: only fields with a comma, a quote or a line break are quoted. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The scenario's events as CSV, one row per recording; undefined when there were none. */
export function eventsCsv(records: readonly TraceRecord[], startMs: number): string | undefined {
  const rows: string[][] = [];
  for (const r of records) {
    if (r.kind !== 'event') continue;
    const object = r.namespace && r.namespace !== 'default' ? `${r.namespace}/${r.object}` : r.object;
    rows.push([formatOffset(r.tMs - startMs), isoTime(r.tMs), r.type, r.reason, object, r.message, String(r.count)]);
  }
  if (rows.length === 0) return undefined;
  return `${[HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}
