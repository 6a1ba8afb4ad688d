// The node lifecycle controller's rate-limited tainting queue: unique values ordered by when they
// may be processed, a token bucket, and SwapLimiter (cases from
// pkg/controller/nodelifecycle/scheduler/rate_limited_queue_test.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitedTimedQueue, TokenBucket } from '../../engine/controllers/ratelimited-queue.ts';

const T0 = 1_000_000;

function drain(q: RateLimitedTimedQueue, nowMs: number): string[] {
  const seen: string[] = [];
  q.try(nowMs, (value) => {
    seen.push(value);
    return { done: true };
  });
  return seen;
}

test('TestTry: a removed value is not processed, the others are, in the order they were added', () => {
  const q = new RateLimitedTimedQueue(new TokenBucket(1000, T0, 1000));
  q.add('first', '11111', T0);
  q.add('second', '22222', T0);
  q.add('third', '33333', T0);
  q.remove('second');
  assert.deepEqual(drain(q, T0), ['first', 'third']);
  assert.equal(q.length, 0);
});

test('a processed value stays known: it is not added again until removed', () => {
  const q = new RateLimitedTimedQueue(new TokenBucket(1000, T0, 1000));
  q.add('first', '1', T0);
  drain(q, T0);
  assert.equal(q.add('first', '1', T0 + 1), false);
  assert.equal(q.remove('first'), true);
  assert.equal(q.add('first', '1', T0 + 2), true);
});

test('TestTryRemovingWhileTry-like: a failed value is retried after its wait', () => {
  const q = new RateLimitedTimedQueue(new TokenBucket(1000, T0, 1000));
  q.add('first', '1', T0);
  let calls = 0;
  q.try(T0, () => (++calls === 1 ? { done: false, waitMs: 50 } : { done: true }));
  assert.equal(calls, 1);
  assert.equal(q.length, 1);
  q.try(T0 + 50, () => ({ done: true }));
  assert.equal(q.length, 1, 'not due before its wait and a nanosecond');
  q.try(T0 + 51, () => ({ done: true }));
  assert.equal(q.length, 0);
});

test('a bucket of 0.1 qps and burst 1 lets one value through every 10 s, the first at once', () => {
  const q = new RateLimitedTimedQueue(new TokenBucket(0.1, T0));
  for (const n of ['a', 'b', 'c']) q.add(n, n, T0);
  assert.deepEqual(drain(q, T0), ['a']);
  assert.equal(q.nextTryMs(T0), T0 + 10_000);
  assert.deepEqual(drain(q, T0 + 9_999), []);
  assert.deepEqual(drain(q, T0 + 10_000), ['b']);
  assert.deepEqual(drain(q, T0 + 20_000), ['c']);
});

test('a limiter of 0 qps never accepts and never says when it would', () => {
  const q = new RateLimitedTimedQueue(new TokenBucket(0.1, T0));
  q.swapLimiter(0, T0);
  q.add('a', 'a', T0);
  assert.deepEqual(drain(q, T0 + 3_600_000), []);
  assert.equal(q.nextTryMs(T0), undefined);
});

test('SwapLimiter: the new bucket is drained when the old one was empty', () => {
  const q = new RateLimitedTimedQueue(new TokenBucket(0.1, T0));
  q.add('a', 'a', T0);
  q.add('b', 'b', T0);
  assert.deepEqual(drain(q, T0), ['a']);
  q.swapLimiter(0.01, T0);
  assert.equal(q.limiter.qps, 0.01);
  assert.equal(q.nextTryMs(T0), T0 + 100_000);
  q.swapLimiter(0.01, T0 + 1);
  assert.equal(q.nextTryMs(T0), T0 + 100_000, 'the same rate keeps the same bucket');
});
