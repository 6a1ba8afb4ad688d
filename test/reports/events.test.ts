import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsCsv } from '../../reports/events.ts';
import type { TraceRecord } from '../../engine/trace.ts';
import { formatOffset, isoTime } from '../../reports/time.ts';

const START = Date.parse('2020-06-07T22:00:00Z');

test('events become CSV rows with the time from the start and kubectl timestamp, quoted where needed', () => {
  const records: TraceRecord[] = [
    { tMs: START, kind: 'node', name: 'm01', status: 'Ready', schedulable: true },
    { tMs: START + 60_000, kind: 'event', type: 'Warning', reason: 'Unhealthy', object: 'pod/kubia-liveness', objectUid: 'u1', namespace: 'default', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', count: 1 },
    { tMs: START + 100_000, kind: 'event', type: 'Normal', reason: 'Killing', object: 'pod/kubia-liveness', objectUid: 'u1', namespace: 'default', message: 'Container kubia failed liveness probe, will be restarted', count: 1 },
    { tMs: START + 101_000, kind: 'event', type: 'Normal', reason: 'Pulled', object: 'pod/x', objectUid: 'u2', namespace: 'kube-system', message: 'Successfully pulled image "nginx"', count: 2 },
  ];
  assert.equal(
    eventsCsv(records, START),
    [
      'TIME,CLOCK,TYPE,REASON,OBJECT,MESSAGE,COUNT',
      '+1m00s,2020-06-07T22:01:00Z,Warning,Unhealthy,pod/kubia-liveness,Liveness probe failed: HTTP probe failed with statuscode: 500,1',
      '+1m40s,2020-06-07T22:01:40Z,Normal,Killing,pod/kubia-liveness,"Container kubia failed liveness probe, will be restarted",1',
      '+1m41s,2020-06-07T22:01:41Z,Normal,Pulled,kube-system/pod/x,"Successfully pulled image ""nginx""",2',
      '',
    ].join('\n'),
  );
});

test('no events, no table', () => {
  assert.equal(eventsCsv([], START), undefined);
});

/** The table as first written: an array of fields per row, each quoted where needed, joined. */
function referenceCsv(records: readonly TraceRecord[], startMs: number): string | undefined {
  const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows: string[][] = [];
  for (const r of records) {
    if (r.kind !== 'event') continue;
    const object = r.namespace && r.namespace !== 'default' ? `${r.namespace}/${r.object}` : r.object;
    rows.push([formatOffset(r.tMs - startMs), isoTime(r.tMs), r.type, r.reason, object, r.message, String(r.count)]);
  }
  if (rows.length === 0) return undefined;
  return `${[['TIME', 'CLOCK', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE', 'COUNT'], ...rows].map((row) => row.map(field).join(',')).join('\n')}\n`;
}

test('the rows are the fields of each event quoted where needed, whatever the instants and texts (against the table as first written)', () => {
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const texts = ['', 'plain', 'a, b', 'say "hi"', 'two\nlines', 'cr\rhere', '"', ',', 'ünïcode 😀'];
  for (let round = 0; round < 50; round++) {
    const records: TraceRecord[] = [];
    let t = START - 5_000;
    for (let i = 0; i < 40; i++) {
      // Often the same instant as the one before, sometimes back to an earlier one, fractions too.
      const step = next(4);
      t = step === 0 ? t : step === 1 ? t + 250 : step === 2 ? t + 61_000 : t - 1_500;
      if (next(5) === 0) records.push({ tMs: t, kind: 'pod', uid: 'p', namespace: 'default', name: 'p', node: '', status: 'Pending', ready: '0/1', restarts: 0, deleted: false });
      else records.push({ tMs: t, kind: 'event', type: texts[next(texts.length)], reason: texts[next(texts.length)], object: `pod/${texts[next(texts.length)]}`, objectUid: 'u', namespace: next(2) ? 'default' : texts[next(texts.length)], message: texts[next(texts.length)], count: next(3) });
    }
    assert.equal(eventsCsv(records, START), referenceCsv(records, START));
  }
});
