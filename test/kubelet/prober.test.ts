import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeWorker } from '../../engine/kubelet/prober.ts';

// pkg/kubelet/prober/worker.go: initial results, thresholds, onHold.

test('initial results: liveness Success, readiness Failure, startup Unknown', () => {
  assert.equal(new ProbeWorker('Liveness', {}, 'c', 0).result, 'Success');
  assert.equal(new ProbeWorker('Readiness', {}, 'c', 0).result, 'Failure');
  assert.equal(new ProbeWorker('Startup', {}, 'c', 0).result, 'Unknown');
});

test('liveness turns Failure at the third consecutive failure, and goes on hold', () => {
  const w = new ProbeWorker('Liveness', { failureThreshold: 3 }, 'c', 0);
  assert.deepEqual(w.count('Failure'), { changed: false, kill: false });
  assert.deepEqual(w.count('Failure'), { changed: false, kill: false });
  assert.deepEqual(w.count('Failure'), { changed: true, kill: true });
  assert.equal(w.onHold, true);
});

test('a success in between starts the failure count again', () => {
  const w = new ProbeWorker('Liveness', { failureThreshold: 3 }, 'c', 0);
  w.count('Failure');
  w.count('Failure');
  w.count('Success');
  assert.deepEqual(w.count('Failure'), { changed: false, kill: false });
  assert.equal(w.result, 'Success');
});

test('readiness needs successThreshold successes and never kills', () => {
  const w = new ProbeWorker('Readiness', { successThreshold: 2, failureThreshold: 1 }, 'c', 0);
  assert.deepEqual(w.count('Success'), { changed: false, kill: false });
  assert.deepEqual(w.count('Success'), { changed: true, kill: false });
  assert.deepEqual(w.count('Failure'), { changed: true, kill: false });
  assert.equal(w.onHold, false);
});

test('a new container resets the worker', () => {
  const w = new ProbeWorker('Liveness', { failureThreshold: 1 }, 'c', 0);
  w.observeContainer('a');
  w.count('Failure');
  assert.equal(w.onHold, true);
  w.observeContainer('b');
  assert.equal(w.onHold, false);
  assert.equal(w.result, 'Success');
});

test('ticks fall on the grid from the worker\'s start, every period', () => {
  const w = new ProbeWorker('Liveness', { periodSeconds: 10 }, 'c', 1_000);
  assert.equal(w.nextTickAtOrAfter(0), 1_000);
  assert.equal(w.nextTickAtOrAfter(1_000), 1_000);
  assert.equal(w.nextTickAtOrAfter(1_001), 11_000);
  assert.equal(w.nextTickAtOrAfter(25_000), 31_000);
});
