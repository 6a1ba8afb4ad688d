// The controllers' DelayingQueue (client-go's AddAfter in front of a WorkQueue): while few keys
// wait it looks them up one by one, beyond that in a Map of them. After random AddAfters and
// advances of virtual time it must queue exactly what the Map-only queue it replaced queues, at
// the same instants, in the same order, with the same timers scheduled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../engine/clock.ts';
import { EventLoop, type TimedEvent } from '../../engine/loop.ts';
import { Rng } from '../../engine/rng.ts';
import { WorkQueue } from '../../engine/controllers/base.ts';
import { DelayingQueue } from '../../engine/controllers/delayed.ts';

/** The reference: the delaying queue as it was, with a Map of every waiting key. */
class MapDelayingQueue {
  private readonly waiting = new Map<string, TimedEvent>();
  constructor(
    private readonly loop: EventLoop,
    private readonly clock: VirtualClock,
    private readonly queue: WorkQueue,
    private readonly name: string,
  ) {}
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.queue.add(key);
      return;
    }
    const dueMs = this.clock.nowMs() + delayMs;
    const existing = this.waiting.get(key);
    if (existing && !existing.cancelled && existing.timeMs <= dueMs) return;
    if (existing) existing.cancelled = true;
    const ev = this.loop.at(dueMs, `${this.name}: requeue ${key}`, () => {
      this.waiting.delete(key);
      this.queue.add(key);
    });
    this.waiting.set(key, ev);
  }
}

function world(make: (loop: EventLoop, clock: VirtualClock, queue: WorkQueue) => { addAfter(key: string, delayMs: number): void }) {
  const clock = new VirtualClock(0);
  const loop = new EventLoop(clock);
  const queue = new WorkQueue(loop, 'test');
  // The labels of the timers scheduled, in order.
  const labels: string[] = [];
  const at = loop.at.bind(loop);
  loop.at = (timeMs, label, run) => {
    labels.push(label);
    return at(timeMs, label, run);
  };
  return { clock, loop, queue, labels, delayed: make(loop, clock, queue) };
}

test('DelayingQueue queues what the Map-only delaying queue queued, when and in the order it did', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const rng = new Rng(seed);
    const a = world((loop, clock, queue) => new DelayingQueue(loop, clock, queue, 'test'));
    const b = world((loop, clock, queue) => new MapDelayingQueue(loop, clock, queue, 'test'));
    const popped: [string[], string[]] = [[], []];
    let usedMap = 0;
    // Few keys at a time (the arrays), and now and then many (the Map, then the arrays again).
    for (let round = 0; round < 400; round++) {
      const keys = rng.intn(4) === 0 ? 1 + rng.intn(40) : 1 + rng.intn(6);
      const adds = rng.intn(12);
      for (let i = 0; i < adds; i++) {
        const key = `k${rng.intn(keys)}`;
        const delay = rng.intn(5) === 0 ? 0 : rng.intn(3000);
        a.delayed.addAfter(key, delay);
        b.delayed.addAfter(key, delay);
      }
      assert.equal(a.loop.size, b.loop.size, `seed ${seed} round ${round}: timers`);
      assert.deepEqual(a.labels, b.labels, `seed ${seed} round ${round}: labels`);
      if ((a.delayed as unknown as { waiting?: Map<string, unknown> }).waiting !== undefined) usedMap++;
      const target = a.clock.nowMs() + rng.intn(1500);
      const drain = (w: typeof a, out: string[]) => () => {
        for (let k = w.queue.pop(); k !== undefined; k = w.queue.pop()) out.push(`${w.clock.nowMs()} ${k}`);
      };
      a.loop.runUntil(target, drain(a, popped[0]));
      b.loop.runUntil(target, drain(b, popped[1]));
      drain(a, popped[0])();
      drain(b, popped[1])();
      assert.deepEqual(popped[0], popped[1], `seed ${seed} round ${round}`);
    }
    assert.ok(popped[0].length > 100);
    // Both ways of keeping the keys were used.
    assert.ok(usedMap > 0 && usedMap < 400, `seed ${seed}: the Map was kept in ${usedMap} of 400 rounds`);
  }
});
