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

/** One entry of one of the recorder's lru caches, linked in its cache's order of use. */
interface CacheEntry<V> {
  value: V;
  readonly owner: ObjectCaches;
  readonly key: string;
  /** The entry used just before this one, and just after (the cache's list; the head is a sentinel). */
  prev: CacheEntry<V> | undefined;
  next: CacheEntry<V> | undefined;
}

/**
 * The recorder's three caches, keyed as events_cache.go keys them: the object (source, kind,
 * namespace, name, uid, apiVersion) and then the type (spam filter), type and reason (aggregator)
 * or those with field path and message (deduplication). The object comes first, so the entries of
 * one object sit together: the events about one object mostly come in a row, and a cache lookup
 * is then a small map's, not one of thousands of long keys.
 */
class ObjectCaches {
  readonly buckets = new TypeSlots<CacheEntry<Bucket>>();
  readonly aggregates = new Map<string, CacheEntry<Aggregate>>();
  readonly dedup = new Map<string, CacheEntry<EventRef>>();
  /** Entries in all three; the object leaves the recorder's map with its last one. */
  count = 0;
  attached = true;
  constructor(
    /** The key of the recorder's map this object is filed under (its uid, mostly). */
    readonly filedUnder: string,
    /** The object as events_cache.go keys it, with absent parts as empty strings. */
    readonly id: ObjectId,
  ) {}
}

/** The spam filter's entries of one object, by event type: Normal and Warning get a field each. */
class TypeSlots<E> {
  private normal: E | undefined;
  private warning: E | undefined;
  private others: Map<string, E> | undefined;
  get(type: string): E | undefined {
    return type === 'Normal' ? this.normal : type === 'Warning' ? this.warning : this.others?.get(type);
  }
  set(type: string, e: E): void {
    if (type === 'Normal') this.normal = e;
    else if (type === 'Warning') this.warning = e;
    else (this.others ??= new Map()).set(type, e);
  }
  delete(type: string): void {
    if (type === 'Normal') this.normal = undefined;
    else if (type === 'Warning') this.warning = undefined;
    else this.others?.delete(type);
  }
}

interface ObjectId {
  component: string;
  host: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
}

function sameObject(a: ObjectId, b: ObjectId): boolean {
  return a.uid === b.uid && a.name === b.name && a.component === b.component && a.host === b.host && a.namespace === b.namespace && a.kind === b.kind && a.apiVersion === b.apiVersion;
}

/** What a cache needs of an object's entries. */
interface EntryMap<E> {
  get(key: string): E | undefined;
  set(key: string, e: E): void;
  delete(key: string): void;
}

/**
 * One lru cache (k8s.io/utils/lru, maxLruCacheEntries), over the per-object maps: a used entry
 * moves to the end of a linked list, so the list runs from least to most recently used; once the
 * cache holds a quarter more than `max` entries it drops the least recently used down to `max`
 * in one go.
 */
class LruCache<V> {
  /** The sentinel: head.next is the least recently used entry, head.prev the most recent. */
  private readonly head: CacheEntry<V>;
  private size = 0;

  constructor(
    private readonly max: number,
    private readonly mapOf: (o: ObjectCaches) => EntryMap<CacheEntry<V>>,
    private readonly detach: (o: ObjectCaches) => void,
  ) {
    const head = { prev: undefined, next: undefined } as unknown as CacheEntry<V>;
    head.prev = head.next = head;
    this.head = head;
  }

  get(owner: ObjectCaches, key: string): V | undefined {
    const e = this.mapOf(owner).get(key);
    if (e === undefined) return undefined;
    this.touch(e);
    return e.value;
  }

  set(owner: ObjectCaches, key: string, value: V): void {
    const map = this.mapOf(owner);
    const e = map.get(key);
    if (e !== undefined) {
      e.value = value;
      this.touch(e);
      return;
    }
    const head = this.head;
    const entry: CacheEntry<V> = { value, owner, key, prev: head.prev, next: head };
    head.prev!.next = entry;
    head.prev = entry;
    map.set(key, entry);
    owner.count++;
    if (++this.size > this.max + (this.max >> 2)) {
      while (this.size > this.max) {
        const oldest = head.next!;
        head.next = oldest.next;
        oldest.next!.prev = head;
        this.size--;
        this.mapOf(oldest.owner).delete(oldest.key);
        if (--oldest.owner.count === 0) this.detach(oldest.owner);
      }
    }
  }

  /** Moves an entry to the most recent end. */
  private touch(e: CacheEntry<V>): void {
    const head = this.head;
    if (head.prev === e) return;
    e.prev!.next = e.next;
    e.next!.prev = e.prev;
    e.prev = head.prev;
    e.next = head;
    head.prev!.next = e;
    head.prev = e;
  }
}

interface Bucket {
  tokens: number;
  lastMs: number;
}

interface Aggregate {
  /** The distinct messages, oldest first (at most ten, so a short array rather than a Set). */
  messages: string[];
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
  /**
   * The caches' entries by object (see ObjectCaches), filed under the object's uid (or its
   * namespace and name when it has none): the uid is the same string in every version of an
   * object, so finding its entries builds no key. The few sources of events about one object
   * share a list.
   */
  private readonly objects = new Map<string, ObjectCaches[]>();
  private readonly byDedupKey = new LruCache<EventRef>(MAX_LRU_CACHE_ENTRIES, (o) => o.dedup, (o) => this.detach(o));
  private readonly aggregates = new LruCache<Aggregate>(MAX_LRU_CACHE_ENTRIES, (o) => o.aggregates, (o) => this.detach(o));
  private readonly buckets = new LruCache<Bucket>(MAX_LRU_CACHE_ENTRIES, (o) => o.buckets, (o) => this.detach(o));
  private counter = 0;
  /** Live events by when they expire, oldest first; an event written again since is re-queued. */
  private readonly expiries: { atMs: number; ref: EventRef }[] = [];
  private expiryHead = 0;
  /** The cache key of the last object and source recorded for: several events often follow for one. */
  private readonly last = {
    component: '',
    host: undefined as string | undefined,
    kind: '',
    namespace: undefined as string | undefined,
    name: undefined as string | undefined,
    uid: undefined as string | undefined,
    apiVersion: '',
    caches: undefined as ObjectCaches | undefined,
  };

  constructor(
    private readonly store: ApiStore,
    private readonly clock: VirtualClock,
  ) {}

  /** An object whose last cache entry went leaves the map (it comes back with its next event). */
  private detach(o: ObjectCaches): void {
    o.attached = false;
    const list = this.objects.get(o.filedUnder)!;
    if (list.length === 1) this.objects.delete(o.filedUnder);
    else list.splice(list.indexOf(o), 1);
  }

  /** The cache entries of an object, found or made. */
  private cachesOf(id: ObjectId): ObjectCaches {
    const filedUnder = id.uid !== '' ? id.uid : `\u0000${id.namespace}\u0000${id.name}`;
    let list = this.objects.get(filedUnder);
    if (list === undefined) this.objects.set(filedUnder, (list = []));
    for (const o of list) if (sameObject(o.id, id)) return o;
    const o = new ObjectCaches(filedUnder, id);
    list.push(o);
    return o;
  }

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
    const involved: { kind: string; namespace?: string; name?: string; uid?: string; apiVersion: string; resourceVersion?: string; fieldPath?: string } = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    };
    if (fieldPath) involved.fieldPath = fieldPath;
    // The object as events_cache.go keys it: kind, namespace, name, uid and apiVersion (an event
    // about an object may come without its uid, as the taint-eviction controller's do).
    const last = this.last;
    if (
      last.caches === undefined ||
      !last.caches.attached ||
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
      // Absent parts count as empty, as in the `\x00`-joined key the caches had.
      last.caches = this.cachesOf({
        component: source.component,
        host: source.host ?? '',
        kind: `${involved.kind}`,
        namespace: involved.namespace ?? '',
        name: `${involved.name}`,
        uid: involved.uid ?? '',
        apiVersion: `${involved.apiVersion}`,
      });
    }
    const caches = last.caches;
    if (!this.admit(caches, type, now)) return;

    // Aggregation (events_cache.go EventAggregate): similar events are those of one source,
    // object, type and reason; the message is the local key. From the tenth distinct message
    // within ten minutes of the last one, they go into one combined event keyed without it.
    const aggregateKey = `${type}\u0000${reason}`;
    let aggregate = this.aggregates.get(caches, aggregateKey);
    if (!aggregate || now - aggregate.lastMs > AGGREGATE_INTERVAL_MS) aggregate = { messages: [], lastMs: now };
    if (!aggregate.messages.includes(message)) aggregate.messages.push(message);
    aggregate.lastMs = now;
    this.aggregates.set(caches, aggregateKey, aggregate);
    let dedupKey: string;
    if (aggregate.messages.length < AGGREGATE_MAX_EVENTS) {
      dedupKey = `${aggregateKey}\u0000${fieldPath ?? ''}\u0000${message}`;
    } else {
      // The set does not grow past the threshold (upstream pops an arbitrary member; here the oldest).
      aggregate.messages.shift();
      message = `(combined from similar events): ${message}`;
      dedupKey = aggregateKey;
    }

    // Deduplication (events_cache.go eventObserve): a repeat raises count and moves lastTimestamp;
    // the patch carries the message too, which changes for a combined event.
    const timestamp = toRfc3339(now);
    const existing = this.byDedupKey.get(caches, dedupKey);
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
    this.byDedupKey.set(caches, dedupKey, ref);
    this.expiries.push({ atMs: now + EVENT_TTL_MS, ref });
  }

  /** The spam filter's token bucket (events_cache.go EventSourceObjectSpamFilter). */
  private admit(caches: ObjectCaches, type: string, now: number): boolean {
    let b = this.buckets.get(caches, type);
    if (!b) this.buckets.set(caches, type, (b = { tokens: SPAM_BURST, lastMs: now }));
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
  if (hi === 0) return lo.toString(16);
  // Events recorded close together share the high digits: formatted once.
  if (hi !== lastHi) {
    lastHi = hi;
    // In two 32-bit halves: integers that small format much faster than a double near 2⁵³.
    const upper = Math.floor(hi / 0x100000000);
    const lower = (hi - upper * 0x100000000).toString(16);
    lastHiHex = upper === 0 ? lower : upper.toString(16) + lower.padStart(8, '0');
  }
  return lastHiHex + (lo < 4096 ? lo.toString(16).padStart(4, '0') : lo.toString(16));
}

let lastHi = -1;
let lastHiHex = '';
