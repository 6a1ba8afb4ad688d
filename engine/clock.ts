// The virtual clock. Every reading of time in the engine goes through one of these; nothing in
// engine/ reads the wall clock. It wraps a private @sinonjs/fake-timers clock (never the global
// timers, which cucumber uses for its own step timeouts) and only ever moves forward.
import { createClock } from '@sinonjs/fake-timers';
import { EngineError } from './errors.ts';

export class VirtualClock {
  private readonly fake: ReturnType<typeof createClock>;

  constructor(startMs: number) {
    this.fake = createClock(startMs);
  }

  /** Milliseconds since the Unix epoch, in virtual time. */
  nowMs(): number {
    return this.fake.now;
  }

  /** RFC 3339 timestamp with second precision, as Kubernetes stores metav1.Time. */
  nowRfc3339(): string {
    return toRfc3339(this.fake.now);
  }

  /** Moves time forward to `targetMs`. The engine's own event queue decides what runs meanwhile. */
  advanceTo(targetMs: number): void {
    const now = this.fake.now;
    if (targetMs < now) throw new EngineError(`virtual time cannot go back from ${now} to ${targetMs}`);
    if (targetMs > now) this.fake.tick(targetMs - now);
  }
}

let lastSecond = NaN;
let lastText = '';

/** metav1.Time serialises with second precision (apimachinery/pkg/apis/meta/v1/time.go). */
export function toRfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Many writes share one virtual second; formatting it once is enough.
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}

export function parseRfc3339(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}
