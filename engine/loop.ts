// The event loop: a binary heap of timed work ordered by (timeMs, sequence), so simultaneous
// events always run in the order they were scheduled. Advancing time pops due events one by one;
// idle time costs nothing.
import type { VirtualClock } from './clock.ts';
import { EngineError } from './errors.ts';

export interface TimedEvent {
  readonly timeMs: number;
  readonly seq: number;
  /** What the event is, for traces and error messages: `kubelet/m01: start kubia-xyz`. */
  readonly label: string;
  readonly run: () => void;
  cancelled: boolean;
}

export class EventLoop {
  private readonly heap: TimedEvent[] = [];
  private seq = 0;
  /** Events processed so far; a budget for runaway simulations and a figure for benchmarks. */
  processed = 0;

  constructor(private readonly clock: VirtualClock) {}

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `run` at absolute virtual time `timeMs` (never in the past). */
  at(timeMs: number, label: string, run: () => void): TimedEvent {
    const now = this.clock.nowMs();
    const ev: TimedEvent = { timeMs: Math.max(timeMs, now), seq: this.seq++, label, run, cancelled: false };
    this.push(ev);
    return ev;
  }

  after(delayMs: number, label: string, run: () => void): TimedEvent {
    return this.at(this.clock.nowMs() + delayMs, label, run);
  }

  /** The time of the next pending event, or undefined. */
  peekTimeMs(): number | undefined {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.pop();
    return this.heap[0]?.timeMs;
  }

  /**
   * Runs every event due at or before `targetMs` in order, then leaves the clock at `targetMs`.
   * Events due at the same instant run together, and `settle` runs after each such instant: the
   * controllers see simultaneous changes at once, as informers deliver a burst of watch events.
   */
  runUntil(targetMs: number, settle: () => void): void {
    for (;;) {
      const next = this.peekTimeMs();
      if (next === undefined || next > targetMs) break;
      if (next < this.clock.nowMs()) throw new EngineError(`an event due at ${next} was found after ${this.clock.nowMs()}`);
      this.clock.advanceTo(next);
      while (this.peekTimeMs() === next) {
        const ev = this.pop()!;
        this.processed++;
        ev.run();
      }
      settle();
    }
    this.clock.advanceTo(targetMs);
  }

  private push(ev: TimedEvent): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      const t = h[i];
      h[i] = h[parent];
      h[parent] = t;
      i = parent;
    }
  }

  private pop(): TimedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        const t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
      }
    }
    return top;
  }
}

function before(a: TimedEvent, b: TimedEvent): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}
