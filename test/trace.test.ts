import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scenario } from '../engine/scenario.ts';
import type { PodTraceRecord, TraceRecord } from '../engine/trace.ts';

function scenario(): Scenario {
  return new Scenario({ seed: 1, readFile: () => undefined });
}

function pods(records: readonly TraceRecord[], startMs: number): [number, string, string, string, boolean][] {
  return records.filter((r): r is PodTraceRecord => r.kind === 'pod').map((r) => [r.tMs - startMs, r.node, r.status, r.ready, r.deleted]);
}

test('a pod is recorded each time what kubectl shows of it changes, and when it goes', () => {
  const s = scenario();
  s.run('kubectl run web --image=nginx');
  s.pass('10 seconds');
  s.run('kubectl delete pod web');
  s.pass('1 minute');
  const shown = pods(s.cluster.trace!.records(), s.cluster.startMs).filter(([, node, status]) => node !== '' && status !== '');
  // The kubelet's timings (README, "What differs"): sandbox 1 s, first pull 3 s; nginx exits on SIGTERM.
  assert.deepEqual(
    shown.map(([t, , status, ready, deleted]) => [t, status, ready, deleted]),
    [
      // Bound, before the kubelet reports ContainerCreating in the same instant: kubectl shows the phase.
      [0, 'Pending', '0/1', false],
      [0, 'ContainerCreating', '0/1', false],
      [4000, 'Running', '1/1', false],
      [10_000, 'Terminating', '1/1', false],
      [10_000, 'Terminating', '1/1', true],
    ],
  );
});

test('status writes that change nothing kubectl shows are not recorded', () => {
  const s = scenario();
  s.run('kubectl run web --image=nginx');
  s.pass('1 hour');
  const records = pods(s.cluster.trace!.records(), s.cluster.startMs);
  for (let i = 1; i < records.length; i++) assert.notDeepEqual(records[i].slice(1), records[i - 1].slice(1), `record ${i} repeats the one before`);
});

test('events are recorded with their type, reason, object and message', () => {
  const s = scenario();
  s.run('kubectl create deployment web --image=luksa/kubia-unhealthy');
  s.pass('1 minute');
  const events = s.cluster.trace!.records().filter((r) => r.kind === 'event');
  const scheduled = events.find((e) => e.reason === 'Scheduled');
  assert.ok(scheduled, 'the scheduler records Scheduled');
  assert.match(scheduled.object, /^pod\/web-/);
  assert.equal(scheduled.type, 'Normal');
  assert.match(scheduled.message, /^Successfully assigned default\/web-\S+ to m0\d$/);
  assert.ok(events.some((e) => e.object === 'deployment/web' && e.reason === 'ScalingReplicaSet'));
});

test('repeated events carry their count', () => {
  const s = scenario();
  s.applyManifest(`apiVersion: v1
kind: Pod
metadata: {name: kubia-liveness}
spec:
  containers:
  - name: kubia
    image: luksa/kubia-unhealthy
    livenessProbe: {httpGet: {path: /, port: 8080}}
`);
  s.pass('2 minutes');
  const unhealthy = s.cluster.trace!.records().filter((r) => r.kind === 'event' && r.reason === 'Unhealthy');
  assert.deepEqual(unhealthy.map((e) => (e.kind === 'event' ? e.count : 0)).slice(0, 3), [1, 2, 3]);
});

test('node readiness is recorded when it changes', () => {
  const s = scenario();
  s.pass('1 second');
  const nodes = s.cluster.trace!.records().filter((r) => r.kind === 'node');
  assert.deepEqual(nodes.map((n) => (n.kind === 'node' ? [n.name, n.status, n.schedulable] : [])), [
    ['m01', 'Ready', true],
    ['m02', 'Ready', true],
    ['m03', 'Ready', true],
  ]);
  s.run('kubectl cordon m02');
  const last = s.cluster.trace!.records().filter((r) => r.kind === 'node').pop();
  assert.deepEqual(last && last.kind === 'node' ? [last.name, last.status, last.schedulable] : [], ['m02', 'Ready', false]);
});

test('the trace can be turned off', () => {
  const s = new Scenario({ seed: 1, readFile: () => undefined, trace: false });
  assert.equal(s.cluster.trace, undefined);
});
