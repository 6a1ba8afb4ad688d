// The event recorder (k8s.io/client-go/tools/record: event.go, events_cache.go). Events are stored
// as core/v1 Event objects. Repeats of the same event increase `count` and move `lastTimestamp`;
// ten similar events with different messages within ten minutes are combined; a token bucket per
// source and object drops floods. As in EventCorrelate, an event is aggregated and counted before
// the spam filter looks at it, so a dropped event still counts: the next one written carries the
// count of every occurrence.
import type { VirtualClock } from '../clock.ts';
import { toRfc3339 } from '../clock.ts';
import type { ApiStore, Stored } from './store.ts';
import type { Event, KubeObject } from './types.ts';
import { ApiError } from '../errors.ts';
import { Memo } from '../util/memo.ts';
import { HEX_CODES } from '../util/hex.ts';
import { dropFirst, removeAt } from '../util/arrays.ts';

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
 * One entry of one of the recorder's lru caches, linked in its cache's order of use. The entries
 * carry their values themselves (a spam bucket's tokens, an aggregate's messages, the event a
 * dedup key last wrote) but for their one time, which their cache keeps (see LruList.times).
 */
interface CacheEntry {
  readonly owner: ObjectCaches;
  readonly key: string;
  /** The entry used just before this one, and just after (the cache's list; undefined at its ends). */
  prev: CacheEntry | undefined;
  next: CacheEntry | undefined;
  /** The entry's place in its cache's `times`, given by `append`. */
  slot: number;
}

/** The spam filter's token bucket of one object and type (events_cache.go tokenBucket). */
interface BucketEntry extends CacheEntry {
  tokens: number;
  // Its time (LruList.times) is lastMs: when the bucket last gained a whole token or was full.
}

/** An aggregate or dedup entry, chained with the others of its object (see EntryTable). */
interface TableEntry extends CacheEntry {
  tableNext: AggregateEntry | DedupEntry | undefined;
}

/** The aggregator's record of one object, type and reason (events_cache.go aggregateRecord). */
interface AggregateEntry extends TableEntry {
  /** The message, while it is the only one (most objects have one per reason: no list is made for it). */
  only: string;
  /** The distinct messages, oldest first (at most ten), once there are two. */
  messages: string[] | undefined;
  /**
   * The same messages as a set: a message is found by its hash rather than by comparing it with
   * each (the messages of one reason mostly differ only at the end).
   */
  messageSet: Set<string> | undefined;
  // Its time (LruList.times) is lastMs, the last observation's.
}

/**
 * The deduplication cache's record: the event this key last wrote. In its object's map it is
 * filed under the message itself (unless it has a NUL, which every other key there has), so no
 * longer key is made and kept for it; an entry of another type, reason or field path with the
 * same message hangs off the first one (`sameKey`), told apart by its aggregate key and field path.
 */
interface DedupEntry extends TableEntry {
  /** `type\0reason`, as aggregateKeyOf gives it. */
  readonly aggregateKey: string;
  /** The involved object's field path, or ''. */
  readonly fieldPath: string;
  sameKey: DedupEntry | undefined;
  // events_cache.go eventLog: the last observation of this key, written or dropped.
  count: number;
  /**
   * Its time (LruList.times) is the first observation's: the event's firstTimestamp and, with
   * `nameNanos`, its name, `<object name>.<hex nanoseconds>` (see nameOf), which makeEvent and
   * EventAggregate both take from that time. Kept as a time rather than as a string, which the
   * entry would keep alive long after the event itself expired.
   */
  nameNanos: number;
  /** The stored event of that name this recorder wrote last, for its time to live. */
  ref: EventRef | undefined;
}

/**
 * An object's aggregate and dedup entries by key. Most objects have a few (a pod: an aggregate
 * and a dedup entry for each of its five or so events), chained through the entries themselves
 * (`tableNext`) and searched by key, which costs no table to make, keep for hours and shrink; past
 * SMALL_TABLE of them, a Map. ObjectCaches extends it, so an object's caches are one object.
 */
class EntryTable {
  private firstEntry: AggregateEntry | DedupEntry | undefined = undefined;
  private chained = 0;
  private map: Map<string, AggregateEntry | DedupEntry> | undefined = undefined;

  entry(key: string): AggregateEntry | DedupEntry | undefined {
    if (this.map !== undefined) return this.map.get(key);
    for (let e = this.firstEntry; e !== undefined; e = e.tableNext) if (e.key === key) return e;
    return undefined;
  }

  /** Files `e` under its key, in place of the entry there (if any). */
  file(e: AggregateEntry | DedupEntry): void {
    if (this.map !== undefined) {
      this.map.set(e.key, e);
      return;
    }
    let before: AggregateEntry | DedupEntry | undefined = undefined;
    for (let x = this.firstEntry; x !== undefined; before = x, x = x.tableNext) {
      if (x.key === e.key) {
        e.tableNext = x.tableNext;
        x.tableNext = undefined;
        if (before === undefined) this.firstEntry = e;
        else before.tableNext = e;
        return;
      }
    }
    if (this.chained < SMALL_TABLE) {
      e.tableNext = this.firstEntry;
      this.firstEntry = e;
      this.chained++;
      return;
    }
    const map = (this.map = new Map());
    for (let x = this.firstEntry; x !== undefined; ) {
      const next: AggregateEntry | DedupEntry | undefined = x.tableNext;
      x.tableNext = undefined;
      map.set(x.key, x);
      x = next;
    }
    map.set(e.key, e);
    this.firstEntry = undefined;
  }

  unfile(key: string): void {
    if (this.map !== undefined) {
      this.map.delete(key);
      return;
    }
    let before: AggregateEntry | DedupEntry | undefined = undefined;
    for (let x = this.firstEntry; x !== undefined; before = x, x = x.tableNext) {
      if (x.key === key) {
        if (before === undefined) this.firstEntry = x.tableNext;
        else before.tableNext = x.tableNext;
        x.tableNext = undefined;
        this.chained--;
        return;
      }
    }
  }
}

const SMALL_TABLE = 16;

/**
 * The recorder's three caches, keyed as events_cache.go keys them: the object (source, kind,
 * namespace, name, uid, apiVersion) and then the type (spam filter), type and reason (aggregator)
 * or those with field path and message (deduplication). The object comes first, so the entries of
 * one object sit together: the events about one object mostly come in a row, and a cache lookup
 * is then a small map's, not one of thousands of long keys. The aggregator's and the dedup
 * cache's entries share one table; their keys differ in form (`type\0reason` for an aggregate,
 * `type\0reason\0` for a combined event, the message otherwise: see DedupEntry).
 */
class ObjectCaches extends EntryTable {
  /** The spam filter's entries by event type: Normal and Warning get a field each. */
  normal: BucketEntry | undefined = undefined;
  warning: BucketEntry | undefined = undefined;
  otherTypes: Map<string, BucketEntry> | undefined = undefined;
  /** Entries in all three; the object leaves the recorder's map with its last one. */
  count = 0;
  attached = true;
  constructor(
    /** The key of the recorder's map this object is filed under (its uid, mostly). */
    readonly filedUnder: string,
    // The object as events_cache.go keys it, with absent parts as empty strings.
    readonly component: string,
    readonly host: string,
    readonly kind: string,
    readonly namespace: string,
    readonly name: string,
    readonly uid: string,
    readonly apiVersion: string,
  ) {
    super();
  }

  /** Whether these are the caches of this source and object (filed under the object's uid). */
  is(component: string, host: string, kind: string, namespace: string, name: string, apiVersion: string): boolean {
    return this.name === name && this.component === component && this.host === host && this.namespace === namespace && this.kind === kind && this.apiVersion === apiVersion;
  }

  bucket(type: string): BucketEntry | undefined {
    return type === 'Normal' ? this.normal : type === 'Warning' ? this.warning : this.otherTypes?.get(type);
  }

  setBucket(type: string, e: BucketEntry | undefined): void {
    if (type === 'Normal') this.normal = e;
    else if (type === 'Warning') this.warning = e;
    else if (e !== undefined) (this.otherTypes ??= new Map()).set(type, e);
    else this.otherTypes?.delete(type);
  }
}

/**
 * One lru cache's order (k8s.io/utils/lru, as golang/groupcache/lru: Add evicts the oldest entry
 * once the cache holds more than maxLruCacheEntries): a used entry moves to the end of a linked
 * list, so the list runs from least to most recently used. The recorder finds entries in their
 * objects' maps; `evicted` takes one out of its object's.
 */
class LruList {
  /** The least recently used entry, and the most recent: the ends of the list (no sentinel, whose shape would differ from the entries'). */
  private oldest: CacheEntry | undefined = undefined;
  private newest: CacheEntry | undefined = undefined;
  private size = 0;
  /**
   * The entries' times by slot: in one array, where numbers are kept as they are, rather than in
   * the entries, where V8 would keep each (a millisecond count too large for a small integer) in an
   * object of its own. A new entry takes the slot of the one it evicts.
   */
  readonly times: Float64Array;

  constructor(
    private readonly max: number,
    private readonly evicted: (e: CacheEntry) => void,
  ) {
    this.times = new Float64Array(max);
  }

  /** Links a new entry (already in its object's map) as the most recent, evicting as the cache overflows. */
  append(entry: CacheEntry): void {
    const newest = this.newest;
    entry.prev = newest;
    entry.next = undefined;
    if (newest === undefined) this.oldest = entry;
    else newest.next = entry;
    this.newest = entry;
    entry.owner.count++;
    if (++this.size <= this.max) entry.slot = this.size - 1;
    else {
      const oldest = this.oldest!;
      entry.slot = oldest.slot;
      const next = oldest.next!;
      this.oldest = next;
      next.prev = undefined;
      // Unlinked entries keep no references, so an evicted one holds nothing alive.
      oldest.next = undefined;
      this.size--;
      this.evicted(oldest);
    }
  }

  /** Moves an entry to the most recent end. */
  touch(e: CacheEntry): void {
    const newest = this.newest!;
    if (newest === e) return;
    const prev = e.prev;
    const next = e.next!;
    if (prev === undefined) this.oldest = next;
    else prev.next = next;
    next.prev = prev;
    e.prev = newest;
    e.next = undefined;
    newest.next = e;
    this.newest = e;
  }
}

/** A ref's place in the queue once its event is gone. */
const GONE = -1;

/** A consumed slot of the expiry queue. */
const CONSUMED: EventRef = { namespace: '', name: '', queuedAt: GONE };

/** An event the recorder wrote, and where its last write put it in the expiry queue (its TTL counts from that write). */
interface EventRef {
  namespace: string;
  name: string;
  /**
   * The expiry queue's place of the last write, counted from the queue's first place ever (a
   * small integer, unlike a time, which V8 would keep in an object of its own); GONE once the TTL
   * removed it.
   */
  queuedAt: number;
}

export class EventRecorder {
  /**
   * The caches' entries by object (see ObjectCaches), filed under the object's uid (or its
   * namespace and name when it has none): the uid is the same string in every version of an
   * object, so finding its entries builds no key. The few sources of events about one object
   * share a list.
   */
  private readonly objects = new Map<string, ObjectCaches | ObjectCaches[]>();
  private readonly dedupOrder = new LruList(MAX_LRU_CACHE_ENTRIES, (e) => this.forgetDedup(e as DedupEntry));
  private readonly aggregateOrder = new LruList(MAX_LRU_CACHE_ENTRIES, (e) => this.forget(e));
  private readonly bucketOrder = new LruList(MAX_LRU_CACHE_ENTRIES, (e) => {
    e.owner.setBucket(e.key, undefined);
    if (--e.owner.count === 0) this.detach(e.owner);
  });
  private counter = 0;
  /**
   * The events' expiries in the order of the writes that set them (so by time): each write of an
   * event queues it again with the time its last write gives (`expiryTimes`, index by index), and
   * the earlier places it had are passed over.
   */
  private readonly expiries: EventRef[] = [];
  private readonly expiryTimes: number[] = [];
  private expiryHead = 0;
  /** The place, counted from the first ever, of `expiries[0]` (the queue drops its consumed part now and then). */
  private expiryBase = 0;
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

  /** The involvedObject of the last event, and what it was made from (see involvedObjectOf). */
  private readonly lastInvolved = { obj: undefined as unknown, fieldPath: undefined as string | undefined, value: undefined as Event['involvedObject'] | undefined };

  constructor(
    private readonly store: ApiStore,
    private readonly clock: VirtualClock,
  ) {}

  /** An evicted aggregate or dedup entry leaves its object's map. */
  private forget(e: CacheEntry): void {
    e.owner.unfile(e.key);
    if (--e.owner.count === 0) this.detach(e.owner);
  }

  /** An evicted dedup entry leaves its object's map, or the entries filed under its key with it. */
  private forgetDedup(e: DedupEntry): void {
    const owner = e.owner;
    const first = owner.entry(e.key) as DedupEntry;
    if (first === e) {
      if (e.sameKey === undefined) owner.unfile(e.key);
      else owner.file(e.sameKey);
    } else {
      let before = first;
      while (before.sameKey !== e) before = before.sameKey!;
      before.sameKey = e.sameKey;
    }
    if (--e.owner.count === 0) this.detach(e.owner);
  }

  /** An object whose last cache entry went leaves the map (it comes back with its next event). */
  private detach(o: ObjectCaches): void {
    o.attached = false;
    const filed = this.objects.get(o.filedUnder)!;
    if (!Array.isArray(filed) || filed.length === 1) this.objects.delete(o.filedUnder);
    else removeAt(filed, filed.indexOf(o));
  }

  /** The cache entries of an object, found or made. */
  private cachesOf(component: string, host: string, kind: string, namespace: string, name: string, uid: string, apiVersion: string): ObjectCaches {
    const filedUnder = uid !== '' ? uid : `\u0000${namespace}\u0000${name}`;
    const filed = this.objects.get(filedUnder);
    if (filed !== undefined && !Array.isArray(filed) && filed.is(component, host, kind, namespace, name, apiVersion)) return filed;
    if (Array.isArray(filed)) for (const o of filed) if (o.is(component, host, kind, namespace, name, apiVersion)) return o;
    const o = new ObjectCaches(filedUnder, component, host, kind, namespace, name, uid, apiVersion);
    if (filed === undefined) this.objects.set(filedUnder, o);
    else if (Array.isArray(filed)) filed.push(o);
    else this.objects.set(filedUnder, [filed, o]);
    return o;
  }

  /**
   * Removes the events whose time to live has passed since they were last written, as etcd's lease
   * does for the apiserver (every write of an event sets its TTL afresh).
   */
  expire(): void {
    const now = this.clock.nowMs();
    while (this.expiryHead < this.expiries.length && this.expiryTimes[this.expiryHead]! <= now) {
      const ref = this.expiries[this.expiryHead]!;
      // The consumed slot lets go of its ref at once: refs otherwise live on until the queue is
      // compacted, long enough for V8 to copy them into the old generation.
      this.expiries[this.expiryHead++] = CONSUMED;
      // Gone already, or written since: a later place in the queue stands for that write.
      if (ref.queuedAt === GONE || this.expiryTimes[ref.queuedAt - this.expiryBase]! > now) continue;
      ref.queuedAt = GONE;
      const name = ref.name;
      // A dedup entry may keep the ref for hours: it need not keep the name too.
      ref.name = '';
      try {
        this.store.delete('Event', ref.namespace, name);
      } catch (e) {
        // Someone deleted it already.
        if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      }
    }
    // Drop the consumed part of the queue now and then, so it does not grow for ever.
    if (this.expiryHead > 4096 && this.expiryHead * 2 > this.expiries.length) {
      dropFirst(this.expiries, this.expiryHead);
      dropFirst(this.expiryTimes, this.expiryHead);
      this.expiryBase += this.expiryHead;
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
    const meta = obj.metadata;
    // The object as events_cache.go keys it: kind, namespace, name, uid and apiVersion (an event
    // about an object may come without its uid, as the taint-eviction controller's do).
    const last = this.last;
    if (
      last.caches === undefined ||
      !last.caches.attached ||
      last.component !== source.component ||
      last.host !== source.host ||
      last.name !== meta.name ||
      last.uid !== meta.uid ||
      last.namespace !== meta.namespace ||
      last.kind !== obj.kind ||
      last.apiVersion !== obj.apiVersion
    ) {
      last.component = source.component;
      last.host = source.host;
      last.kind = obj.kind;
      last.namespace = meta.namespace;
      last.name = meta.name;
      last.uid = meta.uid;
      last.apiVersion = obj.apiVersion;
      // Absent parts count as empty, as in the `\x00`-joined key the caches had.
      last.caches = this.cachesOf(source.component, source.host ?? '', `${obj.kind}`, meta.namespace ?? '', `${meta.name}`, meta.uid ?? '', `${obj.apiVersion}`);
    }
    const caches = last.caches;

    // Aggregation (events_cache.go EventAggregate): similar events are those of one source,
    // object, type and reason; the message is the local key. From the tenth distinct message
    // within ten minutes of the last one, they go into one combined event keyed without it.
    const aggregateKey = aggregateKeyOf(type, reason);
    let aggregate = caches.entry(aggregateKey) as AggregateEntry | undefined;
    if (aggregate === undefined) {
      aggregate = { owner: caches, key: aggregateKey, prev: undefined, next: undefined, slot: 0, tableNext: undefined, only: message, messages: undefined, messageSet: undefined };
      caches.file(aggregate);
      this.aggregateOrder.append(aggregate);
      this.aggregateOrder.times[aggregate.slot] = now;
    } else {
      this.aggregateOrder.touch(aggregate);
      const times = this.aggregateOrder.times;
      if (now - times[aggregate.slot]! > AGGREGATE_INTERVAL_MS) {
        aggregate.only = message;
        aggregate.messages = aggregate.messageSet = undefined;
      } else if (aggregate.messages !== undefined) {
        if (!aggregate.messageSet!.has(message)) {
          aggregate.messages.push(message);
          aggregate.messageSet!.add(message);
        }
      } else if (aggregate.only !== message) {
        aggregate.messages = [aggregate.only, message];
        aggregate.messageSet = new Set(aggregate.messages);
        aggregate.only = '';
      }
      times[aggregate.slot] = now;
    }
    let dedupKey: string;
    let combined = false;
    if (aggregate.messages === undefined || aggregate.messages.length < AGGREGATE_MAX_EVENTS) {
      dedupKey = dedupKeyOf(aggregateKey, fieldPath ?? '', message);
    } else {
      // The set does not grow past the threshold (upstream pops an arbitrary member; here the oldest).
      aggregate.messageSet!.delete(aggregate.messages.shift()!);
      dedupKey = combinedKeys.get(aggregateKey);
      combined = true;
    }

    // Observation (events_cache.go eventObserve): a repeat takes the name and firstTimestamp of the
    // last observation and one more than its count; the new count is kept even if the spam filter
    // then drops the event.
    const filed = caches.entry(dedupKey) as DedupEntry | undefined;
    let entry = sameKeyEntry(filed, aggregateKey, combined ? '' : fieldPath ?? '');
    if (entry !== undefined) {
      this.dedupOrder.touch(entry);
      entry.count++;
    } else {
      entry = this.addDedupEntry(caches, filed, dedupKey, aggregateKey, combined ? '' : fieldPath ?? '', 1, now, this.counter++ % 1_000_000, undefined);
    }

    // The spam filter (events_cache.go EventSourceObjectSpamFilter) comes last in EventCorrelate.
    if (!this.admit(caches, type, now)) return;

    // EventAggregatorByReasonMessageFunc, made only for an event that is written.
    if (combined) message = `(combined from similar events): ${message}`;
    const ref = this.write(entry, obj, type, reason, message, source, fieldPath, now);
    // UpdateState (event.go recordEvent): the written event is observed again under its own full
    // key, which for a combined event (its message differs) is an entry of its own.
    if (ref !== undefined && combined) {
      const ownKey = dedupKeyOf(aggregateKey, fieldPath ?? '', message);
      const ownFiled = caches.entry(ownKey) as DedupEntry | undefined;
      const own = sameKeyEntry(ownFiled, aggregateKey, fieldPath ?? '');
      const times = this.dedupOrder.times;
      if (own === undefined) this.addDedupEntry(caches, ownFiled, ownKey, aggregateKey, fieldPath ?? '', entry.count, times[entry.slot]!, entry.nameNanos, ref);
      else {
        this.dedupOrder.touch(own);
        own.count = entry.count;
        times[own.slot] = times[entry.slot]!;
        own.nameNanos = entry.nameNanos;
        own.ref = ref;
      }
    }
  }

  /**
   * Writes an observed event (event.go recordEvent): a repeat is patched (count, message,
   * lastTimestamp); one whose event is gone (its time to live passed) is created again under its
   * name, with the count and firstTimestamp observed. Returns the written event's ref, or
   * undefined when the write failed as the apiserver's AlreadyExists would.
   */
  private write(
    entry: DedupEntry,
    obj: Stored | KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: EventSource,
    fieldPath: string | undefined,
    now: number,
  ): EventRef | undefined {
    const timestamp = toRfc3339(now);
    const namespace = obj.metadata.namespace || 'default';
    const firstMs = this.dedupOrder.times[entry.slot]!;
    const name = nameOf(entry, firstMs);
    if (entry.count > 1) {
      const ev = this.store.get<Event & KubeObject>('Event', namespace, name);
      if (ev) {
        this.store.update({ ...ev, count: entry.count, message, lastTimestamp: timestamp, metadata: { ...ev.metadata, resourceVersion: undefined } } as Event & KubeObject, { validate: false });
        let ref = entry.ref;
        if (ref !== undefined && ref.queuedAt !== GONE) this.queueExpiry(ref, now);
        else ref = entry.ref = this.track(namespace, name, now);
        return ref;
      }
    }
    const event: Event & KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      // The store adds the uid, resourceVersion and creationTimestamp, in this order: the object
      // is made with their places rather than grown by them.
      metadata: { name, namespace, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined },
      involvedObject: this.involvedObjectOf(obj, fieldPath),
      reason,
      message,
      source: this.eventSourceOf(source),
      firstTimestamp: firstMs === now ? timestamp : toRfc3339(firstMs),
      lastTimestamp: timestamp,
      count: entry.count,
      type,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    try {
      // The recorder builds well-formed Events itself: they skip decoding, defaulting and validation.
      this.store.createTrusted(event);
    } catch (e) {
      // recordEvent gives up on AlreadyExists.
      if (e instanceof ApiError && e.reason === 'AlreadyExists') return undefined;
      throw e;
    }
    // A ref still live names an event someone else deleted: its expiry must not remove this one.
    if (entry.ref !== undefined) entry.ref.queuedAt = GONE;
    return (entry.ref = this.track(namespace, name, now));
  }

  /** Queues a written event for its time to live. */
  private track(namespace: string, name: string, now: number): EventRef {
    const ref: EventRef = { namespace, name, queuedAt: GONE };
    this.queueExpiry(ref, now);
    return ref;
  }

  /** Queues an event's expiry after a write at `now`. */
  private queueExpiry(ref: EventRef, now: number): void {
    ref.queuedAt = this.expiryBase + this.expiries.length;
    this.expiries.push(ref);
    this.expiryTimes.push(now + EVENT_TTL_MS);
  }

  /** Files a new dedup entry under `key`, after those already there (`filed`, the first of them). */
  private addDedupEntry(caches: ObjectCaches, filed: DedupEntry | undefined, key: string, aggregateKey: string, fieldPath: string, count: number, firstMs: number, nameNanos: number, ref: EventRef | undefined): DedupEntry {
    const e: DedupEntry = { owner: caches, key, prev: undefined, next: undefined, slot: 0, tableNext: undefined, aggregateKey, fieldPath, sameKey: undefined, count, nameNanos, ref };
    if (filed === undefined) caches.file(e);
    else {
      let last = filed;
      while (last.sameKey !== undefined) last = last.sameKey;
      last.sameKey = e;
    }
    this.dedupOrder.append(e);
    this.dedupOrder.times[e.slot] = firstMs;
    return e;
  }


  /**
   * The event's involvedObject: one object for the events recorded in a row about one version of
   * one object (a kubelet's Pulled, Created and Started). Stored objects never change, so events
   * may share it.
   */
  private involvedObjectOf(obj: Stored | KubeObject, fieldPath: string | undefined): Event['involvedObject'] {
    const cached = this.lastInvolved;
    const meta = obj.metadata;
    // The same object and version: an object still being built may be recorded about, changed, and recorded about again.
    if (cached.obj === obj && cached.fieldPath === fieldPath && cached.value !== undefined && cached.value.resourceVersion === meta.resourceVersion && cached.value.name === meta.name && cached.value.uid === meta.uid) return cached.value;
    const involved: { kind: string; namespace?: string; name?: string; uid?: string; apiVersion: string; resourceVersion?: string; fieldPath?: string } = {
      kind: obj.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: meta.resourceVersion,
    };
    if (fieldPath) involved.fieldPath = fieldPath;
    cached.obj = obj;
    cached.fieldPath = fieldPath;
    cached.value = involved;
    return involved;
  }

  /** An event's source: one object per component and host, shared by their events as involvedObject is. */
  private eventSourceOf(source: EventSource): { component: string; host?: string } {
    let byHost = eventSources.get(source.component);
    if (byHost === undefined) eventSources.set(source.component, (byHost = new Map()));
    const host = source.host ?? '';
    let shared = byHost.get(host);
    if (shared === undefined) {
      if (byHost.size >= 4096) byHost.clear(); // nodes come and go: the map does not keep them all
      byHost.set(host, (shared = host ? { component: source.component, host } : { component: source.component }));
    }
    return shared;
  }

  /** The spam filter's token bucket (events_cache.go EventSourceObjectSpamFilter). */
  private admit(caches: ObjectCaches, type: string, now: number): boolean {
    let b = caches.bucket(type);
    if (b === undefined) {
      b = { owner: caches, key: type, prev: undefined, next: undefined, slot: 0, tokens: SPAM_BURST };
      caches.setBucket(type, b);
      this.bucketOrder.append(b);
      this.bucketOrder.times[b.slot] = now;
    } else this.bucketOrder.touch(b);
    const times = this.bucketOrder.times;
    // golang.org/x/time/rate: tokens accrue continuously up to the burst; time spent full is
    // lost. Its time keeps the part of a token accrued since the last whole one.
    const refill = Math.floor((now - times[b.slot]!) / SPAM_REFILL_MS);
    if (b.tokens + refill >= SPAM_BURST) {
      b.tokens = SPAM_BURST;
      times[b.slot] = now;
    } else if (refill > 0) {
      b.tokens += refill;
      times[b.slot] += refill * SPAM_REFILL_MS;
    }
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }
}

/**
 * The aggregator's key of a type and reason, `type\0reason`: one string per pair, kept (reasons
 * are the recorders' constants), rather than a new one kept for hours by every event's entries.
 */
function aggregateKeyOf(type: string, reason: string): string {
  if (type === 'Normal') return normalKeys.get(reason);
  if (type === 'Warning') return warningKeys.get(reason);
  return `${type}\u0000${reason}`;
}

/** Of the dedup entries filed under one key (`filed` and those after it), the one of this type, reason and field path (see DedupEntry). */
function sameKeyEntry(filed: DedupEntry | undefined, aggregateKey: string, fieldPath: string): DedupEntry | undefined {
  let e = filed;
  while (e !== undefined && (e.aggregateKey !== aggregateKey || e.fieldPath !== fieldPath)) e = e.sameKey;
  return e;
}

/**
 * The key an event's dedup entry is filed under in its object's map (events_cache.go getEventKey
 * is the object with `type\0reason\0fieldPath\0message`): the message, the entry itself holding
 * the rest (see DedupEntry), or all of it for a message with a NUL.
 */
function dedupKeyOf(aggregateKey: string, fieldPath: string, message: string): string {
  return !message.includes('\u0000') ? message : `${aggregateKey}\u0000${fieldPath}\u0000${message}`;
}

/**
 * Event sources by component, then host ('' for none): looked up with the strings the recorders
 * hand in, no key made for them (see EventRecorder.eventSourceOf). Components are the engine's
 * few; hosts are the nodes.
 */
const eventSources = new Map<string, Map<string, { component: string; host?: string }>>();

const normalKeys = new Memo<string>(1024, (reason) => `Normal\u0000${reason}`);
/** The dedup key of a combined event, `type\0reason\0`, by aggregate key. */
const combinedKeys = new Memo<string>(1024, (aggregateKey) => `${aggregateKey}\u0000`);
const warningKeys = new Memo<string>(1024, (reason) => `Warning\u0000${reason}`);

/**
 * The name of a dedup entry's event: GenerateEventName (client-go tools/record/util/util.go),
 * `<name>.<hex unix nanoseconds>`, the nanoseconds being the millisecond of its first observation
 * and a count that keeps names made in one millisecond apart.
 */
function nameOf(entry: DedupEntry, firstMs: number): string {
  return `${entry.owner.name}.${nanosHex(firstMs, entry.nameNanos)}`;
}

/**
 * `now × 10⁶ + extra` (unix nanoseconds) in hex without BigInt: the product passes 2⁵³, so it is
 * built as hi × 2¹⁶ + lo from parts that stay exact.
 */
export function nanosHex(nowMs: number, extraNanos: number): string {
  const a = Math.floor(nowMs / 65536);
  const b = nowMs - a * 65536;
  const low = b * 1_000_000 + extraNanos;
  const carry = Math.floor(low / 65536);
  const hi = a * 1_000_000 + carry;
  // Not `low % 65536`: low passes the small-integer range, and a double's remainder is slow.
  const lo = low - carry * 65536;
  // In two 32-bit halves: integers that small format much faster than a double near 2⁵³.
  const upper = Math.floor(hi / 0x100000000);
  const lower = hi - upper * 0x100000000;
  // From 2004 to 2112 the nanoseconds have sixteen hex digits: written at once from the digits'
  // character codes, which costs one string rather than a number formatting and three joins.
  if (upper >= 0x1000 && upper < 0x10000) {
    const h = HEX_CODES;
    return String.fromCharCode(
      h[upper >>> 12]!, h[(upper >>> 8) & 15]!, h[(upper >>> 4) & 15]!, h[upper & 15]!,
      h[lower >>> 28]!, h[(lower >>> 24) & 15]!, h[(lower >>> 20) & 15]!, h[(lower >>> 16) & 15]!,
      h[(lower >>> 12) & 15]!, h[(lower >>> 8) & 15]!, h[(lower >>> 4) & 15]!, h[lower & 15]!,
      h[lo >>> 12]!, h[(lo >>> 8) & 15]!, h[(lo >>> 4) & 15]!, h[lo & 15]!,
    );
  }
  if (hi === 0) return lo.toString(16);
  // Events recorded close together share the high digits: formatted once.
  if (hi !== lastHi) {
    lastHi = hi;
    const lowerHex = lower.toString(16);
    lastHiHex = upper === 0 ? lowerHex : upper.toString(16) + lowerHex.padStart(8, '0');
  }
  return lastHiHex + (lo < 4096 ? lo.toString(16).padStart(4, '0') : lo.toString(16));
}

let lastHi = -1;
let lastHiHex = '';
