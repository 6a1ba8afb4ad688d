// client-go's delaying queue (util/workqueue/delaying_queue.go) in front of a WorkQueue: a key
// added after a delay waits once, however often it is added; a new AddAfter only moves it earlier.
// Controllers that requeue on every watch event (the Job controller's one-second batching) or on
// every sync (the CronJob controller's next schedule) would otherwise pile up timers.
import type { VirtualClock } from '../clock.ts';
import type { EventLoop, TimedEvent } from '../loop.ts';
import type { WorkQueue } from './base.ts';

/**
 * How many waiting keys are looked up one by one before the queue keeps a Map of them: mostly a
 * key or two wait, and a Map emptied by its last delete shrinks its table through a runtime call.
 */
const SCANNED_KEYS = 8;

/** How many keys' timer labels and callbacks are kept (see DelayingQueue.firingSlot). */
const FIRING_SLOTS = 4;

export class DelayingQueue {
  /** The keys waiting and their timers, while at most SCANNED_KEYS wait (in no particular order). */
  private readonly keys: string[] = [];
  private readonly timers: TimedEvent[] = [];
  /** The same, keyed, once more wait; undefined until then and again once none waits. */
  private waiting: Map<string, TimedEvent> | undefined = undefined;

  constructor(
    private readonly loop: EventLoop,
    private readonly clock: VirtualClock,
    private readonly queue: WorkQueue,
    private readonly name: string,
  ) {}

  /** AddAfter: queues `key` in `delayMs`, unless it is already due as early or earlier. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.queue.add(key);
      return;
    }
    const dueMs = this.clock.nowMs() + delayMs;
    const existing = this.timerOf(key);
    if (existing && !existing.cancelled && existing.timeMs <= dueMs) return;
    if (existing) existing.cancelled = true;
    const slot = this.firingSlot(key);
    const ev = this.loop.at(dueMs, this.firingLabels[slot]!, this.firingRuns[slot]!);
    this.remember(key, ev);
  }

  /**
   * The last few keys' timer labels and callbacks, which depend on the key alone: a key waits
   * again and again (a Job's one-second batching, a CronJob's next scheduled time), and each
   * timer would otherwise make its label string and its closure afresh.
   */
  private readonly firingKeys: (string | undefined)[] = new Array(FIRING_SLOTS).fill(undefined);
  private readonly firingLabels: (string | undefined)[] = new Array(FIRING_SLOTS).fill(undefined);
  private readonly firingRuns: ((() => void) | undefined)[] = new Array(FIRING_SLOTS).fill(undefined);
  private nextFiringSlot = 0;

  private firingSlot(key: string): number {
    const keys = this.firingKeys;
    for (let i = 0; i < FIRING_SLOTS; i++) if (keys[i] === key) return i;
    const slot = this.nextFiringSlot;
    this.nextFiringSlot = (slot + 1) % FIRING_SLOTS;
    keys[slot] = key;
    this.firingLabels[slot] = `${this.name}: requeue ${key}`;
    this.firingRuns[slot] = () => {
      this.forget(key);
      this.queue.add(key);
    };
    return slot;
  }

  private timerOf(key: string): TimedEvent | undefined {
    if (this.waiting !== undefined) return this.waiting.get(key);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.timers[i];
    return undefined;
  }

  private remember(key: string, ev: TimedEvent): void {
    if (this.waiting !== undefined) {
      this.waiting.set(key, ev);
      return;
    }
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) {
        this.timers[i] = ev;
        return;
      }
    }
    if (keys.length < SCANNED_KEYS) {
      keys.push(key);
      this.timers.push(ev);
      return;
    }
    const waiting = new Map<string, TimedEvent>();
    for (let i = 0; i < keys.length; i++) waiting.set(keys[i], this.timers[i]);
    waiting.set(key, ev);
    keys.length = 0;
    this.timers.length = 0;
    this.waiting = waiting;
  }

  private forget(key: string): void {
    const waiting = this.waiting;
    if (waiting !== undefined) {
      // The last key lets the Map go rather than empty it.
      if (waiting.size === 1 && waiting.has(key)) this.waiting = undefined;
      else waiting.delete(key);
      return;
    }
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== key) continue;
      const last = keys.length - 1;
      keys[i] = keys[last];
      this.timers[i] = this.timers[last];
      keys.pop();
      this.timers.pop();
      return;
    }
  }
}
