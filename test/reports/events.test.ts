import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsCsv } from '../../reports/events.ts';
import type { TraceRecord } from '../../engine/trace.ts';

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
