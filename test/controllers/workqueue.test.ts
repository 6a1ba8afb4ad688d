// The controllers' WorkQueue: a de-duplicating FIFO. Its keys live in an array (popped by moving
// a head index), checked for duplicates one by one while few are queued and through a Set of them
// otherwise; after random adds and pops it must pop exactly what a Set used as the queue pops
// (insertion order, a key queued while queued keeps its place).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../engine/clock.ts';
import { EventLoop } from '../../engine/loop.ts';
import { Rng } from '../../engine/rng.ts';
import { WorkQueue } from '../../engine/controllers/base.ts';

/** The reference: the queue as it was, a Set popped from its front. */
class SetQueue {
  private readonly items = new Set<string>();
  add(key: string): void {
    this.items.add(key);
  }
  get length(): number {
    return this.items.size;
  }
  pop(): string | undefined {
    for (const k of this.items) {
      this.items.delete(k);
      return k;
    }
    return undefined;
  }
}

test('WorkQueue pops what a Set popped from its front, after random adds and pops', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const rng = new Rng(seed);
    const q = new WorkQueue(new EventLoop(new VirtualClock(0)), 'test');
    const ref = new SetQueue();
    // Long runs of adds, then of pops, so that the array is compacted and emptied many times.
    for (let round = 0; round < 60; round++) {
      const keys = 1 + rng.intn(3000);
      const adds = rng.intn(4000);
      for (let i = 0; i < adds; i++) {
        const key = `k${rng.intn(keys)}`;
        q.add(key);
        ref.add(key);
      }
      const pops = rng.intn(4500);
      for (let i = 0; i < pops; i++) {
        assert.equal(q.pop(), ref.pop());
        assert.equal(q.length, ref.length);
        // Now and then a popped key comes straight back, as a controller's requeue does.
        if (rng.intn(10) === 0) {
          const key = `k${rng.intn(keys)}`;
          q.add(key);
          ref.add(key);
        }
      }
      assert.equal(q.length, ref.length, `seed ${seed} round ${round}`);
    }
    while (ref.length > 0) assert.equal(q.pop(), ref.pop());
    assert.equal(q.pop(), undefined);
    assert.equal(q.length, 0);
  }
});

test('WorkQueue pops what a Set popped when few keys are queued at a time, across the switch to its own Set and back', () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    const rng = new Rng(seed);
    const q = new WorkQueue(new EventLoop(new VirtualClock(0)), 'test');
    const ref = new SetQueue();
    for (let step = 0; step < 20000; step++) {
      // Queues hover around the number of keys scanned one by one (8), now and then empty.
      if (rng.intn(2) === 0) {
        const key = `k${rng.intn(1 + rng.intn(20))}`;
        q.add(key);
        ref.add(key);
      } else {
        assert.equal(q.pop(), ref.pop(), `seed ${seed} step ${step}`);
      }
      assert.equal(q.length, ref.length);
    }
    while (ref.length > 0) assert.equal(q.pop(), ref.pop());
    assert.equal(q.pop(), undefined);
  }
});
