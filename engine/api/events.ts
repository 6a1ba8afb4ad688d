// The event recorder (k8s.io/client-go/tools/record: event.go, events_cache.go). Events are stored
// as core/v1 Event objects. Repeats of the same event increase `count` and move `lastTimestamp`;
// more than ten similar events with different messages within ten minutes are combined; a token
// bucket per source and object drops floods, as the real recorder does.
import type { VirtualClock } from '../clock.ts';
import { toRfc3339 } from '../clock.ts';
import type { ApiStore, Stored } from './store.ts';
import type { Event, KubeObject } from './types.ts';
import { ApiError } from '../errors.ts';

export interface EventSource {
  component: string;
  host?: string;
}

// events_cache.go
const AGGREGATE_MAX_EVENTS = 10; // defaultAggregateMaxEvents
const AGGREGATE_INTERVAL_MS = 600 * 1000; // defaultAggregateIntervalInSeconds
const SPAM_BURST = 25; // defaultSpamBurst
const SPAM_REFILL_MS = 300 * 1000; // defaultSpamQPS = 1/300
const MAX_LRU_CACHE_ENTRIES = 4096; // maxLruCacheEntries
// The apiserver's --event-ttl default (cmd/kube-apiserver/app/options/options.go): events live an hour after their last write.
const EVENT_TTL_MS = 60 * 60 * 1000;

/**
 * A map that forgets its least recently used entries, as the recorder's lru caches do. Once the
 * map holds a quarter more than `max`, it drops the least recently used down to `max` in one go.
 * A used entry moves to the end of the Map's insertion order, so that order is the order of last
 * use and the entries to drop are the first ones.
 */
class LruMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  set(key: string, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max + (this.max >> 2)) {
      let drop = this.map.size - this.max;
      for (const k of this.map.keys()) {
        if (drop-- === 0) break;
        this.map.delete(k);
      }
    }
  }
}

interface Aggregate {
  messages: Set<string>;
  lastMs: number;
}

/** An event the recorder wrote, and when it last wrote it (its TTL counts from then). */
interface EventRef {
  namespace: string;
  name: string;
  lastWriteMs: number;
  /** False once the TTL removed it. */
  live: boolean;
}

export class EventRecorder {
  private readonly byDedupKey = new LruMap<EventRef>(MAX_LRU_CACHE_ENTRIES);
  private readonly aggregates = new LruMap<Aggregate>(MAX_LRU_CACHE_ENTRIES);
  private readonly buckets = new LruMap<{ tokens: number; lastMs: number }>(MAX_LRU_CACHE_ENTRIES);
  private counter = 0;
  /** Live events by when they expire, oldest first; an event written again since is re-queued. */
  private readonly expiries: { atMs: number; ref: EventRef }[] = [];
  private expiryHead = 0;
  /** The cache key of the last object and source recorded for: several events often follow for one. */
  private readonly last = { component: '', host: undefined as string | undefined, kind: '', namespace: undefined as string | undefined, name: undefined as string | undefined, uid: undefined as string | undefined, apiVersion: '', objectId: '' };

  constructor(
    private readonly store: ApiStore,
    private readonly clock: VirtualClock,
  ) {}

  /**
   * Removes the events whose time to live has passed since they were last written, as etcd's lease
   * does for the apiserver (every write of an event sets its TTL afresh).
   */
  expire(): void {
    const now = this.clock.nowMs();
    while (this.expiryHead < this.expiries.length && this.expiries[this.expiryHead].atMs <= now) {
      const { ref } = this.expiries[this.expiryHead++];
      if (!ref.live) continue;
      if (ref.lastWriteMs + EVENT_TTL_MS > now) {
        this.expiries.push({ atMs: ref.lastWriteMs + EVENT_TTL_MS, ref });
        continue;
      }
      ref.live = false;
      try {
        this.store.delete('Event', ref.namespace, ref.name);
      } catch (e) {
        // Someone deleted it already.
        if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      }
    }
    // Drop the consumed part of the queue now and then, so it does not grow for ever.
    if (this.expiryHead > 4096 && this.expiryHead * 2 > this.expiries.length) {
      this.expiries.splice(0, this.expiryHead);
      this.expiryHead = 0;
    }
  }

  record(
    obj: Stored | KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    const now = this.clock.nowMs();
    this.expire();
    const involved = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    // The object as events_cache.go keys it: kind, namespace, name, uid and apiVersion (an event
    // about an object may come without its uid, as the taint-eviction controller's do).
    const last = this.last;
    if (
      last.component !== source.component ||
      last.host !== source.host ||
      last.name !== involved.name ||
      last.uid !== involved.uid ||
      last.namespace !== involved.namespace ||
      last.kind !== involved.kind ||
      last.apiVersion !== involved.apiVersion
    ) {
      last.component = source.component;
      last.host = source.host;
      last.kind = involved.kind;
      last.namespace = involved.namespace;
      last.name = involved.name;
      last.uid = involved.uid;
      last.apiVersion = involved.apiVersion;
      last.objectId = `${source.component}\u0000${source.host ?? ''}\u0000${involved.kind}\u0000${involved.namespace ?? ''}\u0000${involved.name}\u0000${involved.uid ?? ''}\u0000${involved.apiVersion}`;
    }
    const objectId = last.objectId;
    if (!this.admit(`${objectId}\u0000${type}`, now)) return;

    // Aggregation (events_cache.go EventAggregate): similar events are those of one source,
    // object, type and reason; the message is the local key. From the tenth distinct message
    // within ten minutes of the last one, they go into one combined event keyed without it.
    const aggregateKey = `${objectId}\u0000${type}\u0000${reason}`;
    let aggregate = this.aggregates.get(aggregateKey);
    if (!aggregate || now - aggregate.lastMs > AGGREGATE_INTERVAL_MS) aggregate = { messages: new Set(), lastMs: now };
    aggregate.messages.add(message);
    aggregate.lastMs = now;
    this.aggregates.set(aggregateKey, aggregate);
    let dedupKey: string;
    if (aggregate.messages.size < AGGREGATE_MAX_EVENTS) {
      dedupKey = `${aggregateKey}\u0000${fieldPath ?? ''}\u0000${message}`;
    } else {
      // The set does not grow past the threshold (upstream pops an arbitrary member; here the oldest).
      aggregate.messages.delete(aggregate.messages.values().next().value!);
      message = `(combined from similar events): ${message}`;
      dedupKey = aggregateKey;
    }

    // Deduplication (events_cache.go eventObserve): a repeat raises count and moves lastTimestamp;
    // the patch carries the message too, which changes for a combined event.
    const timestamp = toRfc3339(now);
    const existing = this.byDedupKey.get(dedupKey);
    if (existing) {
      const ev = this.store.get<Event & KubeObject>('Event', existing.namespace, existing.name);
      if (ev) {
        this.store.update({ ...ev, count: (ev.count ?? 1) + 1, message, lastTimestamp: timestamp, metadata: { ...ev.metadata, resourceVersion: undefined } } as Event & KubeObject, { validate: false });
        existing.lastWriteMs = now;
        return;
      }
    }
    const namespace = obj.metadata.namespace || 'default';
    // GenerateEventName (client-go tools/record/util/util.go): `<name>.<hex unix nanoseconds>`.
    const name = `${obj.metadata.name}.${nanosHex(now, this.counter++ % 1_000_000)}`;
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
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    // The recorder builds well-formed Events itself: they skip decoding, defaulting and validation.
    this.store.createTrusted(event);
    const ref: EventRef = { namespace, name, lastWriteMs: now, live: true };
    this.byDedupKey.set(dedupKey, ref);
    this.expiries.push({ atMs: now + EVENT_TTL_MS, ref });
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

/**
 * `now × 10⁶ + extra` (unix nanoseconds) in hex without BigInt: the product passes 2⁵³, so it is
 * built as hi × 2¹⁶ + lo from parts that stay exact.
 */
export function nanosHex(nowMs: number, extraNanos: number): string {
  const a = Math.floor(nowMs / 65536);
  const b = nowMs - a * 65536;
  const low = b * 1_000_000 + extraNanos;
  const hi = a * 1_000_000 + Math.floor(low / 65536);
  const lo = low % 65536;
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(4, '0');
}
