// The simulated apiserver's storage: the only shared state in the engine. Writes assign uid,
// resourceVersion, generation and timestamps, run defaulting, admission and validation, and emit
// watch events synchronously to subscribers (the controllers' informers). Reads hand out the
// stored objects themselves, typed read-only: a writer always builds a new object (a structural
// copy of the parts it changes), so readers never see a half-made change.
//
// Deletion follows k8s.io/apiserver/pkg/registry/generic/registry/store.go: graceful deletion for
// pods (deletionTimestamp = now + grace), finalizers keep an object until they are removed, and
// the propagation policy adds the `orphan` or `foregroundDeletion` finalizer for the garbage
// collector to act on.
import type { VirtualClock } from '../clock.ts';
import { toRfc3339 } from '../clock.ts';
import type { Rng } from '../rng.ts';
import { ApiError, invalidError } from '../errors.ts';
import type { CronJob, DeepReadonly, Job, KubeObject, Mutable, ObjectMeta } from './types.ts';
import { applyDefaults, applyPodAdmission } from './defaults.ts';
import { qosClass } from './pods.ts';
import { validateObject, validateUpdate } from './validation.ts';
import { prepareCronJobForCreate, prepareJobForCreate } from './batch.ts';
import { kindInfo, type KindInfo } from './kinds.ts';
import { deepCopy } from '../util/copy.ts';
import { deepFreeze } from '../util/freeze.ts';
import { HEX_CODES, putHex } from '../util/hex.ts';
import { removeAt } from '../util/arrays.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: Stored;
  /** The object before the change, for MODIFIED and DELETED. */
  old?: Stored;
}

export type Stored<T extends KubeObject = KubeObject> = DeepReadonly<T>;
export type WatchHandler = (event: WatchEvent) => void;
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
}

export interface UpdateOptions {
  /** Skip defaulting and validation: for the engine's own writes, which are well-formed. */
  validate?: boolean;
  /** Write through the status subresource: spec and labels stay as stored, generation does not move. */
  subresource?: 'status';
}

export interface StoreOptions {
  /** Deep-freeze every stored object, so any accidental mutation throws. On in tests, off in benchmarks. */
  freeze: boolean;
}

/**
 * An index maps an object to the values it is filed under (client-go cache.Indexers): one value
 * as it is (the common case, which then needs no array made for every write), or a list of them.
 */
export type IndexFunc = (obj: Stored) => string | readonly string[];

/** No index values: an index function's answer for an object filed under nothing. */
export const NO_INDEX_VALUES: readonly string[] = [];

const FINALIZER_ORPHAN = 'orphan'; // k8s.io/apimachinery/pkg/apis/meta/v1/types.go FinalizerOrphanDependents
const FINALIZER_FOREGROUND = 'foregroundDeletion'; // k8s.io/apimachinery/pkg/apis/meta/v1/types.go FinalizerDeleteDependents
// The generateName suffix: 5 characters without vowels (k8s.io/apiserver/pkg/storage/names/generate.go, apimachinery/pkg/util/rand/rand.go).
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_GENERATED_NAME_BASE = 58; // names/generate.go: maxNameLength 63 - randomLength 5

export class ApiStore {
  /** Each kind's objects, indexes and watchers, which a write finds with one lookup. */
  private readonly kinds = new Map<string, KindState>();
  private readonly anyHandlers: WatchHandler[] = [];
  private resourceVersion = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
    private readonly options: StoreOptions,
  ) {}

  /** The resourceVersion of the last write (a global, strictly increasing counter as etcd's revision). */
  get lastResourceVersion(): number {
    return this.resourceVersion;
  }

  // ---- reads -------------------------------------------------------------------------------

  get<T extends KubeObject = KubeObject>(kind: string, namespace: string, name: string): Stored<T> | undefined {
    return this.kinds.get(kind)?.objects.get(namespace, name) as Stored<T> | undefined;
  }

  /** All objects of a kind (in one namespace, if given), in storage order: sorted by namespace, then name. */
  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): Stored<T>[] {
    const all = this.kinds.get(kind)?.objects;
    if (!all) return [];
    return all.list(namespace).sort(byNamespaceAndName) as Stored<T>[];
  }

  /**
   * All objects of a kind (in one namespace, if given) in the order they were stored: by namespace
   * as first used, then as first written (a replaced object keeps its place, one created again goes
   * last), as an index files them.
   */
  listAsStored<T extends KubeObject = KubeObject>(kind: string, namespace?: string): Stored<T>[] {
    const all = this.kinds.get(kind)?.objects;
    return all ? (all.list(namespace) as Stored<T>[]) : [];
  }

  /** How many objects of a kind there are (in one namespace, if given). */
  count(kind: string, namespace?: string): number {
    const all = this.kinds.get(kind)?.objects;
    if (!all) return 0;
    return namespace === undefined ? all.size : all.countIn(namespace);
  }

  /** Objects filed under `value` in the named index (unsorted: callers that print sort them). */
  byIndex<T extends KubeObject = KubeObject>(kind: string, indexName: string, value: string): Stored<T>[] {
    const ix = findIndexer(this.kinds.get(kind)?.indexers, indexName);
    if (!ix) throw new Error(`no index ${indexName} on ${kind}`);
    const filed = ix.index.get(value);
    if (filed === undefined) return [];
    return (filed instanceof Map ? [...filed.values()] : Array.isArray(filed) ? filed.slice() : [filed]) as Stored<T>[];
  }

  addIndex(kind: string, indexName: string, fn: IndexFunc): void {
    const st = this.stateOf(kind);
    const perKind = st.indexers;
    const index: Index = new Map();
    const at = perKind.findIndex((i) => i.name === indexName);
    if (at >= 0) perKind[at] = { name: indexName, fn, index };
    else perKind.push({ name: indexName, fn, index });
    for (const obj of st.objects.values()) {
      const values = fn(obj);
      if (typeof values === 'string') addToIndex(index, values, obj.metadata.uid!, obj);
      else for (const v of values) addToIndex(index, v, obj.metadata.uid!, obj);
    }
  }

  // ---- watches -----------------------------------------------------------------------------

  watch(kind: string, handler: WatchHandler): void {
    this.stateOf(kind).handlers.push(handler);
  }

  /** Every change of every kind, in order: the engine's trace reads this. */
  watchAll(handler: WatchHandler): void {
    this.anyHandlers.push(handler);
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Creates an object as the apiserver does: defaulting, admission, validation, then storage.
   * `input` is not kept; the stored object is a fresh copy.
   */
  create<T extends KubeObject>(input: T | DeepReadonly<T>): Stored<T> {
    const st = this.writable(input as KubeObject);
    const info = st.info;
    const obj = deepCopy(input) as KubeObject;
    const meta = (obj.metadata ??= {}) as Mutable<ObjectMeta>;
    if (info.namespaced) meta.namespace ||= 'default';
    else delete meta.namespace;
    const ns = meta.namespace ?? '';
    if (info.namespaced && ns !== 'default' && info.kind !== 'Namespace' && !this.get('Namespace', '', ns)) {
      throw new ApiError('NotFound', `namespaces "${ns}" not found`, 404);
    }
    if (!meta.name && meta.generateName) meta.name = this.generateName(info.kind, ns, meta.generateName);
    applyDefaults(obj);
    if (info.kind === 'Pod') {
      applyPodAdmission(obj);
      // pkg/registry/core/pod/strategy.go PrepareForCreate: a new pod's status is only its phase and QoS class.
      obj.status = { phase: 'Pending', qosClass: qosClass(obj as never) };
    }
    // The apiserver assigns the uid before the registry's PrepareForCreate, and the Job registry
    // builds the selector from it (pkg/registry/batch/job/strategy.go generateSelector).
    const earlyUid = info.kind === 'Job' ? (meta.uid = this.newUid()) : undefined;
    if (info.kind === 'Job') prepareJobForCreate(obj as Job, earlyUid!);
    if (info.kind === 'CronJob') prepareCronJobForCreate(obj as CronJob);
    const errs = validateObject(obj);
    if (errs.length > 0) throw invalidError(info.kind, info.group, meta.name ?? '', errs);
    const objs = st.objects;
    if (objs.has(ns, meta.name!)) throw new ApiError('AlreadyExists', `${info.qualifiedResource} "${meta.name}" already exists`, 409);
    meta.uid = earlyUid ?? this.newUid();
    meta.resourceVersion = String(++this.resourceVersion);
    meta.creationTimestamp = toRfc3339(this.clock.nowMs());
    if (info.kind !== 'Pod' && info.kind !== 'Event' && info.kind !== 'Node' && info.kind !== 'Namespace') meta.generation = 1;
    delete meta.deletionTimestamp;
    const stored = this.seal(obj);
    objs.set(ns, meta.name!, stored);
    this.reindex(st, undefined, stored);
    this.emit(st, { type: 'ADDED', object: stored });
    return stored as Stored<T>;
  }

  /**
   * Stores an object the engine itself built and owns (Events from the recorder): no copy,
   * defaulting, admission or validation, which a well-formed object built in place does not need.
   */
  createTrusted<T extends KubeObject>(obj: T): Stored<T> {
    const st = this.writable(obj);
    const info = st.info;
    const meta = obj.metadata as Mutable<ObjectMeta>;
    const objs = st.objects;
    const ns = meta.namespace ?? '';
    if (objs.has(ns, meta.name!)) throw new ApiError('AlreadyExists', `${info.qualifiedResource} "${meta.name}" already exists`, 409);
    meta.uid = this.newUid();
    meta.resourceVersion = String(++this.resourceVersion);
    meta.creationTimestamp = toRfc3339(this.clock.nowMs());
    const stored = this.seal(obj);
    objs.set(ns, meta.name!, stored);
    this.reindex(st, undefined, stored);
    this.emit(st, { type: 'ADDED', object: stored });
    return stored as Stored<T>;
  }

  /**
   * Replaces a stored object. The caller passes a new object (never a mutated stored one); with
   * `validate: false` the store keeps that very object, and its metadata unless that is the stored
   * object's own or frozen, so the caller uses neither again. A stale
   * resourceVersion is a Conflict, as an optimistic-concurrency update is; pass the object without
   * one to overwrite unconditionally.
   */
  update<T extends KubeObject>(next: T | DeepReadonly<T>, options: UpdateOptions = NO_UPDATE_OPTIONS): Stored<T> | undefined {
    const st = this.writable(next as KubeObject);
    const info = st.info;
    const ns = next.metadata.namespace ?? '';
    const name = next.metadata.name ?? '';
    const objs = st.objects;
    const old = objs.get(ns, name);
    if (!old) throw notFound(info, name);
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== old.metadata.resourceVersion) {
      throw new ApiError(
        'Conflict',
        `Operation cannot be fulfilled on ${info.qualifiedResource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        409,
      );
    }
    // An engine write's metadata built for it (a fresh object, neither the stored one nor frozen)
    // is the writer's to hand over with the object: the store may finish it in place.
    const nm = next.metadata as ObjectMeta;
    const meta = updatedMeta(nm, old.metadata as ObjectMeta, options.validate === false && nm !== old.metadata && !Object.isFrozen(nm));
    // A client's update is decoded afresh (a deep copy that defaulting may change). The
    // controllers' own writes share unchanged parts with the stored object and hand over an
    // object built for the write (never a stored one): the store keeps it, with the metadata it
    // owns, rather than copying it once more.
    let obj: KubeObject;
    if (options.validate !== false) obj = deepCopy({ ...(next as KubeObject), metadata: meta });
    else if (next !== old && !Object.isFrozen(next)) (obj = next as KubeObject).metadata = meta;
    else obj = { ...(next as KubeObject), metadata: meta };
    if (options.validate !== false) {
      // A client's update is decoded and defaulted like a create, then validated against the old object.
      applyDefaults(obj);
      const errs = validateUpdate(obj, old as KubeObject);
      if (errs.length > 0) throw invalidError(info.kind, info.group, name, errs);
    }
    if (options.subresource === 'status') {
      // The status subresource keeps the stored spec and labels (the registries' status strategies,
      // e.g. pkg/registry/apps/deployment/strategy.go deploymentStatusStrategy.PrepareForUpdate),
      // and so never moves the generation.
      (obj as { spec?: unknown }).spec = old.spec;
      if (old.metadata.labels !== undefined) (obj.metadata as Mutable<ObjectMeta>).labels = old.metadata.labels as Record<string, string>;
      else if (obj.metadata.labels !== undefined) delete (obj.metadata as Mutable<ObjectMeta>).labels;
    } else if (old.metadata.generation !== undefined) {
      let changed = obj.spec !== old.spec && JSON.stringify(obj.spec) !== JSON.stringify(old.spec);
      // A Deployment's annotations are copied to its ReplicaSets, so they move its generation too
      // (pkg/registry/apps/deployment/strategy.go PrepareForUpdate).
      if (info.kind === 'Deployment' && !changed) changed = JSON.stringify(obj.metadata.annotations ?? {}) !== JSON.stringify(old.metadata.annotations ?? {});
      (obj.metadata as Mutable<ObjectMeta>).generation = old.metadata.generation + (changed ? 1 : 0);
    }
    // An object being deleted goes once its last finalizer is removed, and for a pod only once
    // its grace period is over (registry/generic/registry/store.go: deletionFinalizersForGarbageCollection
    // and updateForGracefulDeletionAndFinalizers).
    const m = obj.metadata as Mutable<ObjectMeta>;
    if (m.deletionTimestamp && !m.finalizers?.length && !m.deletionGracePeriodSeconds) {
      return this.remove(st, ns, name, old);
    }
    m.resourceVersion = String(++this.resourceVersion);
    const stored = this.seal(obj);
    objs.set(ns, name, stored);
    this.reindex(st, old, stored);
    this.emit(st, { type: 'MODIFIED', object: stored, old });
    return stored as Stored<T>;
  }

  /** Reads, changes a deep copy, writes: for the rare writes where a structural copy is awkward. */
  mutate<T extends KubeObject>(kind: string, namespace: string, name: string, change: (draft: T) => void): Stored<T> | undefined {
    const current = this.get<T>(kind, namespace, name);
    if (!current) throw notFound(kindInfo(kind)!, name);
    const draft = deepCopy(current) as T;
    change(draft);
    return this.update(draft);
  }

  /**
   * Deletes an object, returning what is left of it (an object with a deletionTimestamp that
   * waits on finalizers or a grace period), or undefined when it is gone.
   */
  delete(kind: string, namespace: string, name: string, options: DeleteOptions = NO_DELETE_OPTIONS): Stored | undefined {
    const st = this.stateOf(kind);
    const info = st.info!;
    const objs = st.objects;
    const ns = info.namespaced ? namespace : '';
    const old = objs.get(ns, name);
    if (!old) throw notFound(info, name);

    // The common case, an object without finalizers deleted in the background (an Event's TTL,
    // a finished Job's cleanup, a finished pod's collection) and, for a pod, without a grace
    // period, goes at once, as the general path below would decide.
    if (!old.metadata.finalizers?.length && (options.propagationPolicy ?? info.defaultPropagation) === 'Background' && (kind !== 'Pod' || podGraceSeconds(old, options.gracePeriodSeconds) === 0)) {
      return this.remove(st, ns, name, old);
    }
    const finalizers = [...(old.metadata.finalizers ?? [])];
    const policy = options.propagationPolicy ?? policyFromFinalizers(finalizers) ?? info.defaultPropagation;
    const wanted = policy === 'Orphan' ? FINALIZER_ORPHAN : policy === 'Foreground' ? FINALIZER_FOREGROUND : undefined;
    const unwanted = policy === 'Orphan' ? FINALIZER_FOREGROUND : policy === 'Foreground' ? FINALIZER_ORPHAN : undefined;
    const nextFinalizers = finalizers.filter((f) => f !== unwanted && (policy !== 'Background' || (f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND)));
    if (wanted && !nextFinalizers.includes(wanted)) nextFinalizers.push(wanted);

    const graceSeconds = kind === 'Pod' ? podGraceSeconds(old, options.gracePeriodSeconds) : 0;
    const now = this.clock.nowMs();
    if (graceSeconds === 0 && nextFinalizers.length === 0) return this.remove(st, ns, name, old);

    // Graceful or finalized deletion: the object stays, marked (k8s.io/apiserver/pkg/registry/rest/delete.go BeforeDelete).
    const meta = { ...old.metadata } as Mutable<ObjectMeta>;
    if (meta.deletionTimestamp === undefined) {
      meta.deletionTimestamp = toRfc3339(now + graceSeconds * 1000);
      meta.deletionGracePeriodSeconds = graceSeconds;
      // Controllers of an object being deleted behave differently, so its generation moves.
      if (meta.generation !== undefined && meta.generation > 0) meta.generation++;
    } else if (options.gracePeriodSeconds !== undefined && graceSeconds < (meta.deletionGracePeriodSeconds ?? 0)) {
      // Only a shorter grace period may be given again, and it counts from the first deletion.
      const firstMs = Date.parse(meta.deletionTimestamp) - (meta.deletionGracePeriodSeconds ?? 0) * 1000;
      meta.deletionTimestamp = toRfc3339(firstMs + graceSeconds * 1000);
      meta.deletionGracePeriodSeconds = graceSeconds;
    }
    meta.finalizers = nextFinalizers.length > 0 ? nextFinalizers : undefined;
    if (!meta.finalizers) delete meta.finalizers;
    const obj = { ...(old as KubeObject), metadata: meta };
    if (meta.deletionGracePeriodSeconds === 0 && nextFinalizers.length === 0) return this.remove(st, ns, name, old);
    meta.resourceVersion = String(++this.resourceVersion);
    const stored = this.seal(obj);
    objs.set(ns, name, stored);
    this.reindex(st, old, stored);
    this.emit(st, { type: 'MODIFIED', object: stored, old });
    return stored;
  }

  // ---- internals ---------------------------------------------------------------------------

  private remove(st: KindState, ns: string, name: string, old: Stored): undefined {
    st.objects.delete(ns, name);
    this.reindex(st, old, undefined);
    ++this.resourceVersion;
    this.emit(st, { type: 'DELETED', object: old, old });
    return undefined;
  }

  /** The state of an object's kind, which must be one the apiserver serves. */
  private writable(obj: KubeObject): KindState & { readonly info: KindInfo } {
    const st = this.kinds.get(obj.kind);
    if (st !== undefined && st.info !== undefined) return st as KindState & { readonly info: KindInfo };
    if (!kindInfo(obj.kind)) throw new ApiError('NotFound', `the server could not find the requested resource (kind ${obj.kind})`, 404);
    return this.stateOf(obj.kind) as KindState & { readonly info: KindInfo };
  }

  private stateOf(kind: string): KindState {
    let st = this.kinds.get(kind);
    if (st === undefined) this.kinds.set(kind, (st = new KindState(kindInfo(kind))));
    return st;
  }

  private generateName(kind: string, namespace: string, base: string): string {
    const prefix = base.length > MAX_GENERATED_NAME_BASE ? base.slice(0, MAX_GENERATED_NAME_BASE) : base;
    // With RetryGenerateName (on by default since v1.31) the apiserver retries a colliding name
    // (k8s.io/apiserver/pkg/registry/generic/registry/store.go); a handful of tries is plenty.
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = prefix + this.rng.string(5, NAME_SUFFIX_ALPHABET);
      if (!this.get(kind, namespace, name)) return name;
    }
    throw new ApiError('AlreadyExists', `${kindInfo(kind)!.qualifiedResource} "${prefix}" already exists`, 409);
  }

  private newUid(): string {
    // Seven draws, each giving its leading hex digits: 8, 4, 3, (variant) + 3, 8 + 4, in an
    // RFC 4122 version-4 layout, as the apiserver's uuid.NewUUID gives. The characters go
    // straight into one flat string: uids are made for every object and event.
    const rng = this.rng;
    const c = UID_CODES;
    putHex(c, 0, rng.nextUint32(), 8);
    putHex(c, 9, rng.nextUint32(), 4);
    putHex(c, 15, rng.nextUint32(), 3);
    c[19] = HEX_CODES[(rng.nextUint32() & 0x3) | 0x8]!;
    putHex(c, 20, rng.nextUint32(), 3);
    putHex(c, 24, rng.nextUint32(), 8);
    putHex(c, 32, rng.nextUint32(), 4);
    return String.fromCharCode.apply(null, c);
  }

  private seal(obj: KubeObject): Stored {
    if (this.options.freeze) deepFreeze(obj);
    return obj as Stored;
  }

  /**
   * Files a change in the kind's indexes. Entries are keyed by uid, which every version of an
   * object shares and no other live object has (the same string each time, so its hash is kept).
   */
  private reindex(st: KindState, old: Stored | undefined, next: Stored | undefined): void {
    const perKind = st.indexers;
    if (perKind.length === 0) return;
    const k = (next ?? old)!.metadata.uid!;
    for (let i = 0; i < perKind.length; i++) {
      const { fn, index } = perKind[i]!;
      const before = old === undefined ? NO_INDEX_VALUES : fn(old);
      const after = next === undefined ? NO_INDEX_VALUES : fn(next);
      // Unfiled from the values it no longer has...
      if (typeof before === 'string') {
        if (typeof after === 'string' ? before !== after : !after.includes(before)) removeFromIndex(index, before, k);
      } else {
        for (const v of before) if (typeof after === 'string' ? v !== after : !after.includes(v)) removeFromIndex(index, v, k);
      }
      // ...and filed under the same values or new ones: the entry now holds the new version.
      if (typeof after === 'string') addToIndex(index, after, k, next!);
      else for (const v of after) addToIndex(index, v, k, next!);
    }
  }

  private emit(st: KindState, event: WatchEvent): void {
    for (const h of this.anyHandlers) h(event);
    for (const h of st.handlers) h(event);
  }
}

/** What the store keeps of one kind (info undefined for a kind the apiserver does not serve, only watched or indexed). */
class KindState {
  readonly objects = new KindObjects();
  /** The kind's indexes, in the order they were added: index value → uid → the object itself, so a lookup hands out objects without a second map read. */
  readonly indexers: Indexer[] = [];
  readonly handlers: WatchHandler[] = [];

  constructor(readonly info: KindInfo | undefined) {}
}

const NO_DELETE_OPTIONS: DeleteOptions = Object.freeze({});
const NO_UPDATE_OPTIONS: UpdateOptions = Object.freeze({});

/**
 * The objects of one kind by namespace, then name ('' for cluster-scoped ones): a lookup hashes
 * the names the caller has (stored objects' own strings, whose hashes are kept) instead of a
 * `namespace/name` string made afresh for every read.
 */
class KindObjects {
  private readonly byNamespace = new Map<string, Map<string, Stored>>();
  size = 0;

  countIn(namespace: string): number {
    return this.byNamespace.get(namespace)?.size ?? 0;
  }

  get(namespace: string, name: string): Stored | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  has(namespace: string, name: string): boolean {
    return this.byNamespace.get(namespace)?.has(name) ?? false;
  }

  set(namespace: string, name: string, obj: Stored): void {
    let m = this.byNamespace.get(namespace);
    if (m === undefined) this.byNamespace.set(namespace, (m = new Map()));
    const before = m.size;
    m.set(name, obj);
    this.size += m.size - before;
  }

  delete(namespace: string, name: string): void {
    const m = this.byNamespace.get(namespace);
    if (m === undefined || !m.delete(name)) return;
    this.size--;
    if (m.size === 0) this.byNamespace.delete(namespace);
  }

  *values(): IterableIterator<Stored> {
    for (const m of this.byNamespace.values()) yield* m.values();
  }

  /** The objects (of one namespace, if given), unsorted. */
  list(namespace: string | undefined): Stored[] {
    if (namespace !== undefined) {
      const m = this.byNamespace.get(namespace);
      return m === undefined ? [] : [...m.values()];
    }
    const out: Stored[] = [];
    for (const m of this.byNamespace.values()) for (const obj of m.values()) out.push(obj);
    return out;
  }
}

/** A uid's characters: the dashes and the version digit stay, the hex digits are written per uid. */
const UID_CODES: number[] = [...'xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx'].map((ch) => ch.charCodeAt(0));

function key(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  return key(obj.metadata.namespace ?? '', obj.metadata.name ?? '');
}

/**
 * The metadata an update stores: the writer's fields with the apiserver-owned uid, creation and
 * deletion fields of the stored object, in the order `{ ...next, uid, creationTimestamp,
 * deletionTimestamp, deletionGracePeriodSeconds }` gives them. A writer clears a field by setting
 * it undefined; the stored object does not keep the key. Built key by key rather than spread and
 * then pruned with `delete`, which would leave every stored metadata a slow dictionary object.
 */
function updatedMeta(next: ObjectMeta, old: ObjectMeta, handedOver: boolean): Mutable<ObjectMeta> {
  // The usual write (a controller's or kubelet's, from the stored metadata): uid and
  // creationTimestamp in place, no deletion fields on either side, no key cleared. A spread then
  // gives the same keys in the same order, as one object of the writer's shape, where adding the
  // keys one by one grows the object's property store as it goes. Metadata handed over with the
  // write (made for it, as most of the controllers' and kubelets' are) already has those keys in
  // that order: it is kept, with the two fields set in their places, instead of copied.
  if (next.uid !== undefined && next.creationTimestamp !== undefined && old.uid !== undefined && old.creationTimestamp !== undefined && old.deletionTimestamp === undefined && old.deletionGracePeriodSeconds === undefined && hasNoUndefinedOrDeletion(next)) {
    const meta = (handedOver ? next : { ...next }) as Mutable<ObjectMeta>;
    if (meta.uid !== old.uid) meta.uid = old.uid;
    if (meta.creationTimestamp !== old.creationTimestamp) meta.creationTimestamp = old.creationTimestamp;
    return meta;
  }
  const meta: Record<string, unknown> = {};
  let seen = 0;
  for (const f in next) {
    const kept = keptOnUpdate(f);
    let v: unknown;
    if (kept === 0) v = (next as Record<string, unknown>)[f];
    else {
      seen |= kept;
      v = old[f as KeptOnUpdate];
    }
    if (v !== undefined) meta[f] = v;
  }
  // The ones the writer left out come last, in this order.
  if ((seen & KEPT_UID) === 0 && old.uid !== undefined) meta.uid = old.uid;
  if ((seen & KEPT_CREATION) === 0 && old.creationTimestamp !== undefined) meta.creationTimestamp = old.creationTimestamp;
  if ((seen & KEPT_DELETION) === 0 && old.deletionTimestamp !== undefined) meta.deletionTimestamp = old.deletionTimestamp;
  if ((seen & KEPT_GRACE) === 0 && old.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  return meta as Mutable<ObjectMeta>;
}

/**
 * Whether neither deletion field is in the metadata and no key is undefined, but for a cleared
 * resourceVersion as the last key (an unconditional write's), whose place the store's new one
 * then takes either way (see updatedMeta).
 */
function hasNoUndefinedOrDeletion(meta: ObjectMeta): boolean {
  let clearedLast = false;
  for (const f in meta) {
    if (clearedLast) return false;
    if ((meta as Record<string, unknown>)[f] === undefined) {
      if (f !== 'resourceVersion') return false;
      clearedLast = true;
    } else if ((keptOnUpdate(f) & (KEPT_DELETION | KEPT_GRACE)) !== 0) return false;
  }
  return true;
}

/** The metadata fields the apiserver owns on update: the stored object's values stay. */
type KeptOnUpdate = 'uid' | 'creationTimestamp' | 'deletionTimestamp' | 'deletionGracePeriodSeconds';
const KEPT_UID = 1;
const KEPT_CREATION = 2;
const KEPT_DELETION = 4;
const KEPT_GRACE = 8;

/**
 * Which of the fields kept on update a metadata key is (a KEPT_ bit), or 0: told apart by length
 * first, so the other keys (every key of most writes) cost a length read, not a lookup.
 */
function keptOnUpdate(f: string): number {
  switch (f.length) {
    case 3:
      return f === 'uid' ? KEPT_UID : 0;
    case 17:
      return f === 'creationTimestamp' ? KEPT_CREATION : f === 'deletionTimestamp' ? KEPT_DELETION : 0;
    case 26:
      return f === 'deletionGracePeriodSeconds' ? KEPT_GRACE : 0;
    default:
      return 0;
  }
}

/**
 * An index: value → the objects filed under it by uid, in the order they were first filed. Most
 * values (an owner's uid, an involved object's uid) have one object; it is kept as it is. A few
 * objects (a pod's events, a Job's pods) go in a short array searched by uid, which costs less to
 * make, grow and shrink than a Map's hash table; a Map is made only past SMALL_FILED of them.
 */
type Index = Map<string, Stored | Stored[] | Map<string, Stored>>;
const SMALL_FILED = 8;

interface Indexer {
  readonly name: string;
  readonly fn: IndexFunc;
  readonly index: Index;
}

function findIndexer(perKind: readonly Indexer[] | undefined, name: string): Indexer | undefined {
  if (perKind !== undefined) for (let i = 0; i < perKind.length; i++) if (perKind[i]!.name === name) return perKind[i];
  return undefined;
}

function addToIndex(index: Index, value: string, k: string, obj: Stored): void {
  const filed = index.get(value);
  if (filed === undefined) {
    index.set(value, obj);
  } else if (filed instanceof Map) {
    filed.set(k, obj);
  } else if (Array.isArray(filed)) {
    for (let i = 0; i < filed.length; i++) {
      if (filed[i]!.metadata.uid === k) {
        filed[i] = obj;
        return;
      }
    }
    if (filed.length < SMALL_FILED) {
      filed.push(obj);
      return;
    }
    const m = new Map<string, Stored>();
    for (const o of filed) m.set(o.metadata.uid!, o);
    m.set(k, obj);
    index.set(value, m);
  } else if (filed.metadata.uid === k) {
    index.set(value, obj);
  } else {
    index.set(value, [filed, obj]);
  }
}

/** Unfiles an entry; a value nothing is filed under any more leaves the index, which would otherwise grow with every uid ever seen. */
function removeFromIndex(index: Index, value: string, k: string): void {
  const filed = index.get(value);
  if (filed === undefined) return;
  if (filed instanceof Map) {
    if (filed.delete(k) && filed.size === 0) index.delete(value);
  } else if (Array.isArray(filed)) {
    let i = 0;
    while (i < filed.length && filed[i]!.metadata.uid !== k) i++;
    if (i === filed.length) return;
    if (filed.length === 1) {
      index.delete(value);
      return;
    }
    removeAt(filed, i);
  } else if (filed.metadata.uid === k) {
    index.delete(value);
  }
}

function byNamespaceAndName(a: Stored, b: Stored): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a2 = a.metadata.name ?? '';
  const b2 = b.metadata.name ?? '';
  return a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}

function policyFromFinalizers(finalizers: string[]): PropagationPolicy | undefined {
  if (finalizers.includes(FINALIZER_ORPHAN)) return 'Orphan';
  if (finalizers.includes(FINALIZER_FOREGROUND)) return 'Foreground';
  return undefined;
}

/** pkg/registry/core/pod/strategy.go CheckGracefulDelete: how long a deleted pod may take to stop. */
function podGraceSeconds(pod: Stored, requested: number | undefined): number {
  const spec = pod.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let grace = requested ?? spec?.terminationGracePeriodSeconds ?? 30;
  if (!spec?.nodeName) grace = 0; // an unscheduled pod has no kubelet to wait for
  if (phase === 'Failed' || phase === 'Succeeded') grace = 0;
  if (grace < 0) grace = 1;
  return grace;
}

export function notFound(info: KindInfo, name: string): ApiError {
  return new ApiError('NotFound', `${info.qualifiedResource} "${name}" not found`, 404);
}

