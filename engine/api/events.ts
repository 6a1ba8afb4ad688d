// The event recorder (k8s.io/client-go/tools/record: event.go, events_cache.go). Events are stored
// as core/v1 Event objects. Repeats of the same event increase `count` and move `lastTimestamp`;
// more than ten similar events with different messages within ten minutes are combined; a token
// bucket per source and object drops floods, as the real recorder does.
import type { VirtualClock } from '../clock.ts';
import { toRfc3339 } from '../clock.ts';
import type { ApiStore, Stored } from './store.ts';
import type { Event, KubeObject } from './types.ts';

export interface EventSource {
  component: string;
  host?: string;
}

// events_cache.go
const AGGREGATE_MAX_EVENTS = 10; // defaultAggregateMaxEvents
const AGGREGATE_INTERVAL_MS = 600 * 1000; // defaultAggregateIntervalInSeconds
const SPAM_BURST = 25; // defaultSpamBurst
const SPAM_REFILL_MS = 300 * 1000; // defaultSpamQPS = 1/300

interface Aggregate {
  messages: Set<string>;
  firstMs: number;
}

export class EventRecorder {
  private readonly byDedupKey = new Map<string, { namespace: string; name: string }>();
  private readonly aggregates = new Map<string, Aggregate>();
  private readonly buckets = new Map<string, { tokens: number; lastMs: number }>();
  private counter = 0;

  constructor(
    private readonly store: ApiStore,
    private readonly clock: VirtualClock,
  ) {}

  record(
    obj: Stored | KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    const now = this.clock.nowMs();
    const involved = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    const objectId = [source.component, source.host ?? '', involved.kind, involved.namespace ?? '', involved.name, involved.uid, involved.apiVersion].join('\u0000');
    if (!this.admit(objectId + '\u0000' + type, now)) return;

    // Aggregation (events_cache.go EventAggregate): the key leaves the message out.
    const aggregateKey = [objectId, fieldPath ?? '', type, reason].join('\u0000');
    let aggregate = this.aggregates.get(aggregateKey);
    if (!aggregate || now - aggregate.firstMs > AGGREGATE_INTERVAL_MS) {
      aggregate = { messages: new Set(), firstMs: now };
      this.aggregates.set(aggregateKey, aggregate);
    }
    aggregate.messages.add(message);
    if (aggregate.messages.size > AGGREGATE_MAX_EVENTS) message = `(combined from similar events): ${message}`;

    const dedupKey = [aggregateKey, message].join('\u0000');
    const timestamp = toRfc3339(now);
    const existing = this.byDedupKey.get(dedupKey);
    if (existing) {
      const ev = this.store.get<Event & KubeObject>('Event', existing.namespace, existing.name);
      if (ev) {
        this.store.update({ ...ev, count: (ev.count ?? 1) + 1, lastTimestamp: timestamp, metadata: { ...ev.metadata, resourceVersion: undefined } } as Event & KubeObject, { validate: false });
        return;
      }
    }
    const namespace = obj.metadata.namespace || 'default';
    // GenerateEventName (client-go tools/record/util/util.go): `<name>.<hex unix nanoseconds>`.
    const nanos = BigInt(now) * 1_000_000n + BigInt(this.counter++ % 1_000_000);
    const name = `${obj.metadata.name}.${nanos.toString(16)}`;
    const event: Event & KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      eventTime: undefined,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    delete event.eventTime;
    this.store.create(event);
    this.byDedupKey.set(dedupKey, { namespace, name });
  }

  /** The spam filter's token bucket (events_cache.go EventSourceObjectSpamFilter). */
  private admit(spamKey: string, now: number): boolean {
    let b = this.buckets.get(spamKey);
    if (!b) this.buckets.set(spamKey, (b = { tokens: SPAM_BURST, lastMs: now }));
    const refill = Math.floor((now - b.lastMs) / SPAM_REFILL_MS);
    if (refill > 0) {
      b.tokens = Math.min(SPAM_BURST, b.tokens + refill);
      b.lastMs += refill * SPAM_REFILL_MS;
    }
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }
}
