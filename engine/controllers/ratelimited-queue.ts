// The node lifecycle controller's per-zone tainting queue: a unique priority queue of node names
// ordered by when they may be processed, drained under a token-bucket rate limiter
// (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go, k8s.io/client-go/util/flowcontrol
// throttle.go over golang.org/x/time/rate).

// pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go
export const EVICTION_RATE_LIMITER_BURST = 1;

/**
 * A token bucket (flowcontrol.NewTokenBucketRateLimiter), full when created; qps 0 is the
 * FakeNeverRateLimiter, which never accepts.
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    readonly qps: number,
    nowMs: number,
    private readonly burst = EVICTION_RATE_LIMITER_BURST,
  ) {
    this.tokens = burst;
    this.lastMs = nowMs;
  }

  /** TryAccept: takes a token if one is there. */
  tryAccept(nowMs: number): boolean {
    if (this.qps <= 0) return false;
    this.refill(nowMs);
    // A hair of slack for the floating-point refill, so a token due at a whole instant is there.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** When the next token will be there (now if one is), or undefined for a limiter that never accepts. */
  nextTokenMs(nowMs: number): number | undefined {
    if (this.qps <= 0) return undefined;
    this.refill(nowMs);
    if (this.tokens >= 1 - 1e-9) return nowMs;
    return nowMs + ((1 - this.tokens) * 1000) / this.qps;
  }

  private refill(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastMs) * this.qps) / 1000);
    this.lastMs = nowMs;
  }
}

interface TimedValue {
  value: string;
  uid: string;
  processAtMs: number;
  /** Insertion order, which breaks ties between equal processAt times deterministically. */
  seq: number;
}

/** What Try's action answers: done (remove from the queue), or retry after `waitMs`. */
export type TryResult = { done: true } | { done: false; waitMs: number };

export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  /** Names added and not explicitly removed: a processed name stays here, so it is not added again. */
  private readonly set = new Set<string>();
  private seq = 0;

  constructor(public limiter: TokenBucket) {}

  get length(): number {
    return this.queue.length;
  }

  /** Whether the value is known: added and not removed since (processed or not). */
  has(value: string): boolean {
    return this.set.has(value);
  }

  /** Add: false if the value was added before and not removed since. */
  add(value: string, uid: string, nowMs: number): boolean {
    if (this.set.has(value)) return false;
    this.queue.push({ value, uid, processAtMs: nowMs, seq: this.seq++ });
    this.set.add(value);
    return true;
  }

  /** Remove: forgets the value so it may be added again; true if it was known. */
  remove(value: string): boolean {
    if (!this.set.has(value)) return false;
    this.set.delete(value);
    this.queue = this.queue.filter((v) => v.value !== value);
    return true;
  }

  /**
   * Try: processes values in processAt order while the limiter accepts (a token is spent even on a
   * value that is not due yet, as upstream's loop does). A done value leaves the queue but stays
   * known; a failed one is retried after its wait.
   */
  try(nowMs: number, action: (value: string, uid: string) => TryResult): void {
    for (let head = this.head(); head; head = this.head()) {
      if (!this.limiter.tryAccept(nowMs)) return;
      if (nowMs < head.processAtMs) return;
      const result = action(head.value, head.uid);
      if (result.done) this.queue = this.queue.filter((v) => v !== head);
      else head.processAtMs = nowMs + result.waitMs + 1e-6;
    }
  }

  /** SwapLimiter: a new bucket when the rate changes, drained if the old one was empty. */
  swapLimiter(qps: number, nowMs: number): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(qps, nowMs);
    // "If we're currently waiting on limiter, we drain the new one" (burst 1).
    if (qps > 0 && !this.limiter.tryAccept(nowMs)) next.tryAccept(nowMs);
    this.limiter = next;
  }

  /** When a Try could next make progress: the later of the head's processAt and the next token. */
  nextTryMs(nowMs: number): number | undefined {
    const head = this.head();
    if (!head) return undefined;
    const token = this.limiter.nextTokenMs(nowMs);
    return token === undefined ? undefined : Math.max(token, head.processAtMs);
  }

  private head(): TimedValue | undefined {
    let best: TimedValue | undefined;
    for (const v of this.queue) if (!best || v.processAtMs < best.processAtMs || (v.processAtMs === best.processAtMs && v.seq < best.seq)) best = v;
    return best;
  }
}
