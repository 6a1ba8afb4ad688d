// client-go's delaying queue (util/workqueue/delaying_queue.go) in front of a WorkQueue: a key
// added after a delay waits once, however often it is added; a new AddAfter only moves it earlier.
// Controllers that requeue on every watch event (the Job controller's one-second batching) or on
// every sync (the CronJob controller's next schedule) would otherwise pile up timers.
import type { VirtualClock } from '../clock.ts';
import type { EventLoop, TimedEvent } from '../loop.ts';
import type { WorkQueue } from './base.ts';

export class DelayingQueue {
  private readonly waiting = new Map<string, TimedEvent>();

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
