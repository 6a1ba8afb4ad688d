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

const HEADER_LINE = `${HEADER.map(csvField).join(',')}\n`;

/**
 * The scenario's events as CSV, one row per recording; undefined when there were none. Each row
 * is written straight into the text; the offset and clock columns (never quoted: digits, signs,
 * `hms.:TZ-`) are made once per instant, as events come many to an instant.
 */
export function eventsCsv(records: readonly TraceRecord[], startMs: number): string | undefined {
  let text = HEADER_LINE;
  let rows = 0;
  let lastMs = NaN;
  let times = '';
  for (const r of records) {
    if (r.kind !== 'event') continue;
    if (r.tMs !== lastMs) {
      lastMs = r.tMs;
      times = `${formatOffset(r.tMs - startMs)},${isoTime(r.tMs)},`;
    }
    const object = r.namespace && r.namespace !== 'default' ? `${r.namespace}/${r.object}` : r.object;
    text += `${times}${csvField(r.type)},${csvField(r.reason)},${csvField(object)},${csvField(r.message)},${r.count}\n`;
    rows++;
  }
  return rows === 0 ? undefined : text;
}
