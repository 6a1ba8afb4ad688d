// The event loop and the virtual clock: timed work runs in (time, sequence) order, never before
// its time, simultaneous events run as one batch followed by one settle, cancelled events never
// run, and idle virtual time costs nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock, toRfc3339, parseRfc3339 } from '../../engine/clock.ts';
import { EventLoop } from '../../engine/loop.ts';
import { EngineError } from '../../engine/errors.ts';
import { createClock } from '@sinonjs/fake-timers';

const START_MS = Date.parse('2020-06-07T22:00:00Z');

function fresh(): { clock: VirtualClock; loop: EventLoop } {
  const clock = new VirtualClock(START_MS);
  return { clock, loop: new EventLoop(clock) };
}

test('events run in time order, and in scheduling order within one instant', () => {
  const { clock, loop } = fresh();
  const ran: string[] = [];
  const log = (label: string) => () => ran.push(`${label}@${clock.nowMs() - START_MS}`);
  loop.at(START_MS + 300, 'c', log('c'));
  loop.at(START_MS + 100, 'a1', log('a1'));
  loop.at(START_MS + 200, 'b', log('b'));
  loop.at(START_MS + 100, 'a2', log('a2'));
  loop.after(100, 'a3', log('a3'));
  loop.runUntil(START_MS + 1000, () => {});
  assert.deepEqual(ran, ['a1@100', 'a2@100', 'a3@100', 'b@200', 'c@300']);
  assert.equal(loop.processed, 5);
  assert.equal(clock.nowMs(), START_MS + 1000);
});

test('ordering holds for many events scheduled in scrambled order', () => {
  const { clock, loop } = fresh();
  const seen: [number, number][] = [];
  // 200 events over 17 distinct instants, scheduled in an order unrelated to their times.
  for (let i = 0; i < 200; i++) {
    const offset = (i * 7919) % 17;
    loop.at(START_MS + offset * 10, `e${i}`, () => seen.push([clock.nowMs() - START_MS, i]));
  }
  loop.runUntil(START_MS + 10_000, () => {});
  assert.equal(seen.length, 200);
  for (let k = 1; k < seen.length; k++) {
    const [t0, i0] = seen[k - 1];
    const [t1, i1] = seen[k];
    assert.ok(t0 < t1 || (t0 === t1 && i0 < i1), `event ${i1} at ${t1} ran after event ${i0} at ${t0}`);
  }
});

test('an event never runs before its time, and runUntil stops short of later events', () => {
  const { clock, loop } = fresh();
  const ranAt: number[] = [];
  loop.at(START_MS + 5000, 'later', () => ranAt.push(clock.nowMs()));
  loop.runUntil(START_MS + 4999, () => {});
  assert.deepEqual(ranAt, []);
  assert.equal(clock.nowMs(), START_MS + 4999);
  assert.equal(loop.peekTimeMs(), START_MS + 5000);
  loop.runUntil(START_MS + 5000, () => {});
  assert.deepEqual(ranAt, [START_MS + 5000]);
  assert.equal(loop.size, 0);
});

test('an event scheduled in the past runs now, not earlier', () => {
  const { clock, loop } = fresh();
  loop.runUntil(START_MS + 1000, () => {});
  let ranAt: number | undefined;
  const ev = loop.at(START_MS, 'overdue', () => (ranAt = clock.nowMs()));
  assert.equal(ev.timeMs, START_MS + 1000);
  loop.runUntil(START_MS + 1000, () => {});
  assert.equal(ranAt, START_MS + 1000);
});

test('simultaneous events run as one batch, followed by exactly one settle per instant', () => {
  const { clock, loop } = fresh();
  const trace: string[] = [];
  for (const [label, offset] of [['x', 10], ['y', 10], ['z', 20]] as const) loop.at(START_MS + offset, label, () => trace.push(label));
  loop.runUntil(START_MS + 100, () => trace.push(`settle@${clock.nowMs() - START_MS}`));
  assert.deepEqual(trace, ['x', 'y', 'settle@10', 'z', 'settle@20']);
});

test('work scheduled during an event for a later time within the target runs in the same call', () => {
  const { clock, loop } = fresh();
  const trace: number[] = [];
  loop.after(10, 'first', () => {
    trace.push(clock.nowMs() - START_MS);
    loop.after(15, 'second', () => trace.push(clock.nowMs() - START_MS));
  });
  loop.runUntil(START_MS + 100, () => {});
  assert.deepEqual(trace, [10, 25]);
});

test('a cancelled event never runs and is not counted', () => {
  const { loop } = fresh();
  const ran: string[] = [];
  const keep = loop.after(10, 'keep', () => ran.push('keep'));
  const drop = loop.after(5, 'drop', () => ran.push('drop'));
  drop.cancelled = true;
  assert.equal(loop.peekTimeMs(), keep.timeMs);
  loop.runUntil(START_MS + 100, () => {});
  assert.deepEqual(ran, ['keep']);
  assert.equal(loop.processed, 1);
});

test('an instant whose only events were cancelled does not settle', () => {
  const { loop } = fresh();
  let settles = 0;
  loop.after(10, 'gone', () => {}).cancelled = true;
  loop.runUntil(START_MS + 100, () => settles++);
  assert.equal(settles, 0);
  assert.equal(loop.processed, 0);
});

test('idle time costs nothing: 30 days without events process no event and take no real time', () => {
  const { clock, loop } = fresh();
  let settles = 0;
  const thirtyDaysMs = 30 * 24 * 3600 * 1000;
  const began = performance.now();
  loop.runUntil(START_MS + thirtyDaysMs, () => settles++);
  const tookMs = performance.now() - began;
  assert.equal(loop.processed, 0);
  assert.equal(settles, 0);
  assert.equal(clock.nowMs(), START_MS + thirtyDaysMs);
  assert.ok(tookMs < 1000, `advancing 30 idle days took ${tookMs} ms of real time`);
});

test('the virtual clock only moves forward', () => {
  const clock = new VirtualClock(START_MS);
  clock.advanceTo(START_MS + 1);
  assert.throws(() => clock.advanceTo(START_MS), EngineError);
  assert.equal(clock.nowMs(), START_MS + 1);
});

test('the virtual clock reads as a fake-timers clock moved by ticks alone, whole and fractional steps alike', () => {
  // advanceTo sets the fake clock's time while every step is whole milliseconds and ticks after
  // the first fractional one; `now` must be what ticks alone give, remainders carried included.
  for (const fractionalFrom of [Infinity, 0, 40, 150]) {
    const clock = new VirtualClock(START_MS);
    const ticked = createClock(START_MS);
    let target = START_MS;
    for (let i = 0; i < 200; i++) {
      const step = i >= fractionalFrom && i % 3 === 0 ? 0.4 + (i % 7) * 0.25 : (i * 7919) % 5000;
      target = Math.max(target, ticked.now) + step;
      if (target > ticked.now) ticked.tick(target - ticked.now);
      clock.advanceTo(target);
      assert.equal(clock.nowMs(), ticked.now, `step ${i} (fractional from ${fractionalFrom})`);
    }
  }
});

test('timestamps are RFC 3339 with second precision, as metav1.Time serialises', () => {
  assert.equal(toRfc3339(START_MS), '2020-06-07T22:00:00Z');
  assert.equal(toRfc3339(START_MS + 1999), '2020-06-07T22:00:01Z');
  assert.equal(new VirtualClock(START_MS + 61_500).nowRfc3339(), '2020-06-07T22:01:01Z');
  assert.equal(parseRfc3339('2020-06-07T22:00:00Z'), START_MS);
  assert.equal(parseRfc3339(undefined), undefined);
  assert.equal(parseRfc3339('yesterday'), undefined);
});

test('timestamps read as Date writes them, for random instants over eight centuries and across day changes', () => {
  const asDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20_000; i++) {
    // Whole days apart (the date part reused or not), then neighbouring seconds and milliseconds.
    const ms = Date.UTC(1600, 0, 1) + Math.floor(next() * 800 * 366) * 86_400_000 + Math.floor(next() * 86_400_000);
    for (const t of [ms, ms + 999, ms + 1000, ms + 86_400_000, ms - 1]) assert.equal(toRfc3339(t), asDate(t), `at ${t}`);
  }
  // Years of other than four digits, as Date writes them.
  for (const t of [Date.UTC(999, 11, 31, 23, 59, 59), Date.UTC(10000, 0, 1), -62198755200000]) assert.equal(toRfc3339(t), asDate(t), `at ${t}`);
});
