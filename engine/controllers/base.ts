// What every controller shares: a work queue of keys and a context giving it the store, the
// clock, the event loop and an event recorder. A controller syncs one key at a time, as the
// upstream ones do (pkg/controller/*: `syncHandler(ctx, key)`), and re-queues itself through
// the virtual-time event loop (workqueue.AddAfter).
import type { VirtualClock } from '../clock.ts';
import type { EventLoop } from '../loop.ts';
import type { Rng } from '../rng.ts';
import type { ApiStore } from '../api/store.ts';
import type { EventRecorder } from '../api/events.ts';

export interface ControllerContext {
  store: ApiStore;
  clock: VirtualClock;
  loop: EventLoop;
  rng: Rng;
  events: EventRecorder;
}

/** A de-duplicating FIFO of keys, as client-go's workqueue: a key queued twice is synced once. */
export class WorkQueue {
  /** The keys queued, for de-duplication. */
  private readonly items = new Set<string>();
  /**
   * The same keys in the order they were queued, from `head` on: popping moves `head` instead of
   * deleting a Set's first entry and making an iterator for it (a Set's deleted slots are only
   * reclaimed when it rehashes, so popping from its front walks over them).
   */
  private order: string[] = [];
  private head = 0;

  constructor(
    private readonly loop: EventLoop,
    private readonly name: string,
  ) {}

  add(key: string): void {
    if (this.items.has(key)) return;
    this.items.add(key);
    this.order.push(key);
  }

  /** Queues `key` after `delayMs` of virtual time (workqueue.AddAfter). */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) this.add(key);
    else this.loop.after(delayMs, `${this.name}: requeue ${key}`, () => this.add(key));
  }

  get length(): number {
    return this.items.size;
  }

  pop(): string | undefined {
    if (this.head === this.order.length) return undefined;
    const k = this.order[this.head++];
    this.items.delete(k);
    if (this.head === this.order.length) {
      // Empty again: start a fresh array rather than keep the popped keys alive.
      this.order = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return k;
  }
}

export interface Controller {
  /** As the controller names itself in events' `source.component`: `replicaset-controller`. */
  readonly name: string;
  readonly queue: WorkQueue;
  sync(key: string): void;
}

/** Splits a `namespace/name` key. */
export function splitKey(key: string): [namespace: string, name: string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

/**
 * ControllerExpectations (pkg/controller/controller_utils.go): what a controller has asked the
 * apiserver to create or delete and not yet seen in its informer. A controller whose expectations
 * are not met does not manage replicas again, so it never acts twice on a stale view.
 */
export class Expectations {
  private readonly pending = new Map<string, { add: number; del: number; timestampMs: number }>();

  constructor(private readonly clock: VirtualClock) {}

  // ExpectationsTimeout (pkg/controller/controller_utils.go): expectations older than this are ignored.
  static readonly timeoutMs = 5 * 60 * 1000;

  satisfied(key: string): boolean {
    const e = this.pending.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.nowMs() - e.timestampMs > Expectations.timeoutMs;
  }

  expect(key: string, add: number, del: number): void {
    this.pending.set(key, { add, del, timestampMs: this.clock.nowMs() });
  }

  creationObserved(key: string): void {
    const e = this.pending.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.pending.get(key);
    if (e) e.del--;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
