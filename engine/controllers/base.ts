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

/**
 * How many queued keys are checked for a duplicate one by one before the queue keeps a Set of
 * them: a queue mostly holds a key or two, and a Set costs hashing each new key string and, once
 * its last key is popped, a runtime call that shrinks its table (every time the queue empties).
 */
const SCANNED_KEYS = 8;

/** A de-duplicating FIFO of keys, as client-go's workqueue: a key queued twice is synced once. */
export class WorkQueue {
  /**
   * The keys queued, in the order they were queued, from `head` to `tail` (popping moves `head`
   * and clears the slot, rather than deleting a Set's first entry through an iterator). Slots
   * past `tail` are empty and reused once the queue is empty again.
   */
  private order: (string | undefined)[] = [];
  private head = 0;
  private tail = 0;
  /** The same keys, for de-duplication, while more than SCANNED_KEYS are queued; else undefined. */
  private items: Set<string> | undefined = undefined;

  constructor(
    private readonly loop: EventLoop,
    private readonly name: string,
  ) {}

  add(key: string): void {
    const items = this.items;
    if (items !== undefined) {
      if (items.has(key)) return;
      items.add(key);
    } else {
      const order = this.order;
      const tail = this.tail;
      for (let i = this.head; i < tail; i++) if (order[i] === key) return;
      if (tail - this.head >= SCANNED_KEYS) {
        const all = new Set<string>();
        for (let i = this.head; i < tail; i++) all.add(order[i]!);
        all.add(key);
        this.items = all;
      }
    }
    this.order[this.tail++] = key;
  }

  /** Queues `key` after `delayMs` of virtual time (workqueue.AddAfter). */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) this.add(key);
    else this.loop.after(delayMs, `${this.name}: requeue ${key}`, () => this.add(key));
  }

  get length(): number {
    return this.tail - this.head;
  }

  pop(): string | undefined {
    if (this.head === this.tail) return undefined;
    const k = this.order[this.head]!;
    // The slot no longer keeps the key alive.
    this.order[this.head++] = undefined;
    if (this.items !== undefined) this.items.delete(k);
    if (this.head === this.tail) {
      // Empty again: the slots are reused from the start (a long array is let go).
      this.head = 0;
      this.tail = 0;
      this.items = undefined;
      if (this.order.length > 1024) this.order = [];
    } else if (this.head >= 1024 && this.head * 2 >= this.tail) {
      this.order = this.order.slice(this.head, this.tail);
      this.tail -= this.head;
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
 * The keys objectKeyOf made last, with their parts as splitKey gives them: a small ring searched
 * in order (a large map's lookups would cost more than making the key afresh).
 */
const KEY_SLOTS = 8;
const keyNames: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);
const keyNamespaces: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);
const keyStrings: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);
const keyParts: (readonly [string, string] | undefined)[] = new Array(KEY_SLOTS).fill(undefined);
let nextKeySlot = 0;

/**
 * An object's `namespace/name` queue key. The key of a recent object is the same string as
 * before: one object's key goes through the queues and maps many times, and a string made afresh
 * is hashed afresh by each of them.
 */
export function objectKeyOf(obj: { readonly metadata: { readonly namespace?: string; readonly name?: string } }): string {
  return namespacedKey(obj.metadata.namespace, obj.metadata.name);
}

/** `${namespace}/${name}`, as objectKeyOf makes and remembers it. */
export function namespacedKey(namespace: string | undefined, name: string | undefined): string {
  // Newest first: the key asked for is mostly one of the last made (a miss compares names).
  for (let n = 0, i = nextKeySlot; n < KEY_SLOTS; n++) {
    i = i === 0 ? KEY_SLOTS - 1 : i - 1;
    if (keyNames[i] === name && keyNamespaces[i] === namespace && keyStrings[i] !== undefined) return keyStrings[i]!;
  }
  const key = `${namespace}/${name}`;
  const slot = nextKeySlot;
  nextKeySlot = (slot + 1) % KEY_SLOTS;
  keyNames[slot] = name;
  keyNamespaces[slot] = namespace;
  keyStrings[slot] = key;
  keyParts[slot] = undefined;
  return key;
}

/**
 * splitKey for a key objectKeyOf made lately, or split lately: its parts as split the first time,
 * the same strings each time (they keep their hashes for the store's lookups). Any other key is
 * split afresh.
 */
export function splitObjectKey(key: string): readonly [namespace: string, name: string] {
  for (let i = 0; i < KEY_SLOTS; i++) if (keyStrings[i] === key) return (keyParts[i] ??= splitRecent(key));
  return splitRecent(key);
}

/**
 * The last keys split, by their text: a key's slot in objectKeyOf's ring goes to newer keys between
 * two syncs of its object (a CronJob's key, made again for each of its Jobs; a finished Job's key,
 * synced again when its CronJob deletes it minutes later), and its parts with it.
 */
const SPLIT_SLOTS = 16;
const splitTexts: (string | undefined)[] = new Array(SPLIT_SLOTS).fill(undefined);
const splitParts: (readonly [string, string] | undefined)[] = new Array(SPLIT_SLOTS).fill(undefined);
let nextSplitSlot = 0;

function splitRecent(key: string): readonly [namespace: string, name: string] {
  for (let i = 0; i < SPLIT_SLOTS; i++) if (splitTexts[i] === key) return splitParts[i]!;
  const parts = splitKey(key);
  const slot = nextSplitSlot;
  nextSplitSlot = (slot + 1) % SPLIT_SLOTS;
  splitTexts[slot] = key;
  splitParts[slot] = parts;
  return parts;
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

/**
 * The object a controller writes back: `{ ...obj, metadata, status }` (status only when given),
 * copied key by key. The same keys in the same order as the spread, but a spread over the several
 * shapes stored objects come in is V8's slow generic copy, and this loop is not.
 */
export function rewritten(obj: object, metadata: object, status?: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in obj) out[k] = (obj as Record<string, unknown>)[k];
  out.metadata = metadata;
  if (status !== undefined) out.status = status;
  return out;
}

/** `{ ...metadata, resourceVersion: undefined }` (an unconditional write), copied key by key as in {@link rewritten}. */
export function unconditionalMetadata(metadata: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in metadata) out[k] = (metadata as Record<string, unknown>)[k];
  out.resourceVersion = undefined;
  return out;
}

/**
 * The metadata of a write that keeps it as it is (a status write), made in the same synchronous
 * step as the read that gave `metadata` (the stored object's own): its resourceVersion is the
 * stored one, so the write cannot conflict. When resourceVersion is its last key, the store makes
 * from it exactly the metadata an unconditional write gives (the store drops an undefined
 * resourceVersion and appends the new one last; here it overwrites the last key in place), so it
 * serves as it is: the store copies it anyway. Otherwise it is {@link unconditionalMetadata}'s copy.
 */
export function currentMetadata(metadata: object): object {
  let last: string | undefined;
  for (const k in metadata) last = k;
  return last === 'resourceVersion' ? metadata : unconditionalMetadata(metadata);
}
