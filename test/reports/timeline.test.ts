import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUIET_GAP_MS, n, renderTimeline } from '../../reports/timeline.ts';
import type { PodTraceRecord, TraceRecord } from '../../engine/trace.ts';

const START = Date.parse('2020-06-07T22:00:00Z');
const S = 1000;
const M = 60 * S;

function pod(tMs: number, name: string, status: string, extra: Partial<PodTraceRecord> = {}): PodTraceRecord {
  return { tMs: START + tMs, kind: 'pod', uid: `uid-${name}`, namespace: 'default', name, node: 'm01', status, ready: status === 'Running' ? '1/1' : '0/1', restarts: 0, deleted: false, ...extra };
}

/** The seed's figure 4.4: a pod deleted after 24 minutes, Terminating for 30 s, its replacement starting at once. */
const FIGURE_4_4: TraceRecord[] = [
  pod(0, 'kubia-a', 'ContainerCreating'),
  pod(4 * S, 'kubia-a', 'Running'),
  pod(24 * M, 'kubia-a', 'Terminating'),
  pod(24 * M, 'kubia-b', 'ContainerCreating', { node: 'm02' }),
  pod(24 * M + 1.5 * S, 'kubia-b', 'Running', { node: 'm02' }),
  { tMs: START + 24 * M, kind: 'event', type: 'Normal', reason: 'Killing', object: 'pod/kubia-a', objectUid: 'uid-kubia-a', namespace: 'default', message: 'Stopping container kubia', count: 1 },
  pod(24 * M + 30 * S, 'kubia-a', 'Terminating', { deleted: true }),
];

function render(records: TraceRecord[], endMs: number, markers = [{ startMs: START + 24 * M, endMs: START + 24 * M, text: 'When I run "kubectl delete pod kubia-a"' }]): string {
  return renderTimeline({ title: 'figure 4.4', records, startMs: START, endMs: START + endMs, markers });
}

/** The rectangles of one pod's lane, as [x, width, colour, hover text]. */
function segments(svg: string, name: string): [number, number, string, string][] {
  const re = new RegExp(`<rect x="([\\d.]+)" y="[\\d.]+" width="([\\d.]+)" height="20" fill="(#[0-9a-f]+)"><title>(${name}: [^<]*)</title>`, 'g');
  return [...svg.matchAll(re)].map((m) => [Number(m[1]), Number(m[2]), m[3], m[4]]);
}

test('one lane per pod, coloured by its STATUS, each state with its time span on hover', () => {
  const svg = render(FIGURE_4_4, 25 * M);
  const a = segments(svg, 'kubia-a');
  assert.deepEqual(a.map((s) => s[3]), [
    'kubia-a: ContainerCreating 0/1, 0 restarts, on m01, +0m00s to +0m04s',
    'kubia-a: Running 1/1, 0 restarts, on m01, +0m04s to +24m00s',
    'kubia-a: Terminating 0/1, 0 restarts, on m01, +24m00s to +24m30s',
  ]);
  assert.deepEqual(a.map((s) => s[2]), ['#f2c14e', '#2f9e44', '#8c6bb1']);
  const b = segments(svg, 'kubia-b');
  assert.deepEqual(b.map((s) => s[3]), ['kubia-b: ContainerCreating 0/1, 0 restarts, on m02, +24m00s to +24m01.5s', 'kubia-b: Running 1/1, 0 restarts, on m02, +24m01.5s to +25m00s']);
});

test('a quiet stretch longer than two minutes becomes a break, so the deletion is not a sliver', () => {
  const svg = render(FIGURE_4_4, 25 * M);
  assert.match(svg, /<title>23m56s pass with no change \(\+0m04s to \+24m00s\)<\/title>/);
  const [, running, terminating] = segments(svg, 'kubia-a');
  // Without the break, 30 s of 25 minutes would be 2 % of the plot; with it, the Terminating
  // period and the minute after the deletion fill most of it.
  assert.ok(terminating[1] > 250, `Terminating is ${terminating[1]} px wide`);
  assert.ok(running[1] < 100, `the quiet Running stretch is ${running[1]} px wide`);
  assert.ok(QUIET_GAP_MS === 2 * M);
});

test('a replacement starts where the deleted pod turns Terminating', () => {
  const svg = render(FIGURE_4_4, 25 * M);
  const terminatingX = segments(svg, 'kubia-a')[2][0];
  const replacementX = segments(svg, 'kubia-b')[0][0];
  assert.equal(replacementX, terminatingX);
});

test('restarts are marked, warnings and kills are dots with their event text', () => {
  const records: TraceRecord[] = [
    pod(0, 'kubia-liveness', 'Running'),
    { tMs: START + 60 * S, kind: 'event', type: 'Warning', reason: 'Unhealthy', object: 'pod/kubia-liveness', objectUid: 'uid-kubia-liveness', namespace: 'default', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', count: 1 },
    { tMs: START + 80 * S, kind: 'event', type: 'Normal', reason: 'Killing', object: 'pod/kubia-liveness', objectUid: 'uid-kubia-liveness', namespace: 'default', message: 'Container kubia failed liveness probe, will be restarted', count: 1 },
    { tMs: START + 80 * S, kind: 'event', type: 'Normal', reason: 'Pulling', object: 'pod/kubia-liveness', objectUid: 'uid-kubia-liveness', namespace: 'default', message: 'Pulling image', count: 1 },
    pod(110 * S, 'kubia-liveness', 'Error', { ready: '0/1' }),
    pod(110.5 * S, 'kubia-liveness', 'Running', { restarts: 1 }),
  ];
  const svg = render(records, 2 * M, []);
  assert.match(svg, /<title>\+1m50.5s restart #1<\/title>/);
  assert.match(svg, /fill="#e8590c" stroke="#ffffff" stroke-width="1"><title>\+1m00s Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500<\/title>/);
  assert.match(svg, /fill="#1f2328" stroke="#ffffff" stroke-width="1"><title>\+1m20s Normal Killing: Container kubia failed liveness probe, will be restarted<\/title>/);
  assert.doesNotMatch(svg, /Pulling image/, 'routine events are left to the events table');
});

test("a node's NotReady period is hatched on its lane and on its pods' lanes", () => {
  const records: TraceRecord[] = [
    { tMs: START, kind: 'node', name: 'm01', status: 'Ready', schedulable: true },
    pod(0, 'web', 'Running'),
    { tMs: START + 60 * S, kind: 'node', name: 'm01', status: 'NotReady', schedulable: true },
    { tMs: START + 100 * S, kind: 'node', name: 'm01', status: 'Ready', schedulable: true },
  ];
  const svg = render(records, 2 * M, []);
  assert.match(svg, /node m01<\/text>/);
  assert.equal(svg.match(/fill="url\(#hatch\)"[^>]*><title>node m01 NotReady from \+1m00s to \+1m40s<\/title>/g)?.length, 2);
});

test('When steps are numbered lines, listed under the picture with their times', () => {
  const markers = [
    { startMs: START + 24 * M, endMs: START + 24 * M, text: 'When I run "kubectl delete pod kubia-a"' },
    { startMs: START + 24 * M, endMs: START + 24 * M + 30 * S, text: 'When 30 seconds pass' },
  ];
  const svg = render(FIGURE_4_4, 25 * M, markers);
  assert.match(svg, /<tspan font-weight="bold" fill="#1971c2">1<\/tspan><tspan x="28">\+24m00s<\/tspan><tspan x="[\d.]+">When I run &quot;kubectl delete pod kubia-a&quot;<\/tspan>/);
  assert.match(svg, /<tspan font-weight="bold" fill="#1971c2">2<\/tspan><tspan x="28">\+24m00s to \+24m30s<\/tspan>/);
});

test('the same records give the same bytes', () => {
  assert.equal(render(FIGURE_4_4, 25 * M), render(FIGURE_4_4.map((r) => ({ ...r })), 25 * M));
});

test('a scenario without pods still has a picture', () => {
  const svg = render([], 0, []);
  assert.match(svg, /no pods in this scenario/);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
});

test('coordinates are written as String(Math.round(value * 10) / 10) writes them', () => {
  let state = 11;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const values = [0, -0, 0.04, -0.04, 0.05, -0.05, 0.25, -0.25, 1.25, -1.25, 859.95, 1e14, -1e14, 1e15, 1e16, 1e21, 1e300, -1e300, NaN, Infinity, -Infinity, 0.1 + 0.2, 214.35, 2.675];
  for (let i = 0; i < 20_000; i++) {
    const scale = [1, 10, 1000, 1e6, 1e13, 1e15][Math.floor(random() * 6)];
    values.push((random() - 0.3) * scale);
    // Halves of a tenth, where rounding goes up.
    values.push(Math.floor((random() - 0.3) * scale) / 10 + 0.05);
  }
  for (const value of values) assert.equal(n(value), String(Math.round(value * 10) / 10), `n(${value})`);
});
