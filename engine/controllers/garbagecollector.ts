// The garbage collector (pkg/controller/garbagecollector/garbagecollector.go), reduced to what its
// graph decides: dependents whose owners are all gone are deleted (background); an owner deleted
// with the `orphan` finalizer first has its reference removed from every dependent; an owner
// deleted with `foregroundDeletion` first has its blocking dependents deleted, and goes only once
// none of them exists any more.
import type { PropagationPolicy, Stored, WatchEvent } from '../api/store.ts';
import type { KubeObject, OwnerReference } from '../api/types.ts';
import { UserError } from '../errors.ts';
import { OWNER_INDEX } from './owners.ts';
import { WorkQueue, type Controller, type ControllerContext } from './base.ts';

/** Kinds that can be dependents (have ownerReferences) in the simulated cluster. */
export const DEPENDENT_KINDS = ['ReplicaSet', 'Pod', 'Job'] as const;

/**
 * Whether an object is being deleted with a finalizer this controller acts on (`orphan` or
 * `foregroundDeletion`): processDeletingOwner then has work to do for it.
 */
function deletingDependents(obj: Stored): boolean {
  const f = obj.metadata.finalizers;
  return obj.metadata.deletionTimestamp !== undefined && f != null && (f.includes('orphan') || f.includes('foregroundDeletion'));
}

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  readonly queue: WorkQueue;
  /** uid → where the object lives, for every object that exists: the GC's graph nodes. */
  private readonly byUid = new Map<string, { kind: string; namespace: string; name: string; key?: string }>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    ctx.store.watchAll((ev) => this.observe(ev));
  }

  private observe(ev: WatchEvent): void {
    const obj = ev.object;
    if (obj.kind === 'Event') return;
    const uid = obj.metadata.uid!;
    if (ev.type === 'DELETED') {
      this.byUid.delete(uid);
      this.queue.add(GONE_PREFIX + uid);
      // A foreground-deleting owner may have been waiting for this dependent (processGraphChanges
      // enqueues an owner that isDeletingDependents). An owner that is not being deleted with a
      // finalizer this controller acts on is not queued: its sync would find nothing to do, and
      // once it is, its own update queues it.
      const refs = obj.metadata.ownerReferences;
      if (refs != null) for (const ref of refs) {
        const owner = this.byUid.get(ref.uid);
        if (owner && this.awaitsDependents(owner)) this.queue.add((owner.key ??= ownerKey(owner.kind, owner.namespace, owner.name)));
      }
      return;
    }
    // An object's kind, namespace and name never change: only a new uid is filed.
    let where = this.byUid.get(uid);
    const isNew = where === undefined;
    if (where === undefined) this.byUid.set(uid, (where = { kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name!, key: undefined }));
    // A dependent created with a reference to an owner that does not exist is collected like one
    // whose owner went away (attemptToDeleteItem finds every owner absent).
    const refs = obj.metadata.ownerReferences;
    if (isNew && refs != null) for (const ref of refs) if (!this.byUid.has(ref.uid)) this.queue.add(GONE_PREFIX + ref.uid);
    if (deletingDependents(obj)) {
      this.queue.add((where.key ??= ownerKey(where.kind, where.namespace, where.name)));
    }
  }

  /** Whether processDeletingOwner would act on the object filed here as it is now (see there). */
  private awaitsDependents(where: { kind: string; namespace: string; name: string }): boolean {
    const owner = this.ctx.store.get(where.kind, where.namespace, where.name);
    return owner !== undefined && deletingDependents(owner);
  }

  sync(key: string): void {
    // `gone\0…` or `owner\0…`: the first letter tells them apart (startsWith would flatten the
    // key, made by concatenation, only to compare five characters).
    if (key.charCodeAt(0) === GONE_LETTER) return this.collectDependentsOf(key.slice(GONE_PREFIX.length));
    // `owner\0<kind>\0<namespace>\0<name>` (no part has a NUL), read without splitting.
    const kindAt = key.indexOf('\u0000') + 1;
    const namespaceAt = key.indexOf('\u0000', kindAt) + 1;
    const nameAt = key.indexOf('\u0000', namespaceAt) + 1;
    this.processDeletingOwner(key.slice(kindAt, namespaceAt - 1), key.slice(namespaceAt, nameAt - 1), key.slice(nameAt));
  }

  /** The dependents of every kind, listed before any is touched (the store's lists are not changed). */
  private dependentsOf(uid: string): readonly Stored[] {
    let out: readonly Stored[] = NO_DEPENDENTS;
    for (const kind of DEPENDENT_KINDS) {
      const deps = this.ctx.store.byIndex(kind, OWNER_INDEX, uid);
      if (deps.length > 0) out = out.length === 0 ? deps : [...out, ...deps];
    }
    return out;
  }

  /** attemptToDeleteItem for the dependents of an owner that no longer exists. */
  private collectDependentsOf(uid: string): void {
    for (const dep of this.dependentsOf(uid)) {
      // The references whose owners still exist, listed only when there is one.
      let solid: OwnerReference[] | undefined;
      const refs = dep.metadata.ownerReferences;
      if (refs !== undefined) for (const r of refs) if (this.byUid.has(r.uid)) (solid ??= []).push(r);
      if (solid !== undefined) {
        // Some owner still lives: only drop the dangling references.
        this.patchOwnerRefs(dep, solid);
        continue;
      }
      if (dep.metadata.deletionTimestamp !== undefined) continue;
      const f = dep.metadata.finalizers;
      const policy: PropagationPolicy = f == null ? 'Background' : f.includes('orphan') ? 'Orphan' : f.includes('foregroundDeletion') ? 'Foreground' : 'Background';
      this.tryDelete(dep, policy);
    }
  }

  private processDeletingOwner(kind: string, namespace: string, name: string): void {
    const { store } = this.ctx;
    const owner = store.get(kind, namespace, name);
    if (!owner || owner.metadata.deletionTimestamp === undefined) return;
    const uid = owner.metadata.uid!;
    const finalizers = owner.metadata.finalizers ?? [];
    if (finalizers.includes('orphan')) {
      // orphanDependents, then remove the finalizer.
      for (const dep of this.dependentsOf(uid)) this.patchOwnerRefs(dep, (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
      this.removeFinalizer(owner, 'orphan');
      return;
    }
    if (finalizers.includes('foregroundDeletion')) {
      let blocking = 0;
      for (const dep of this.dependentsOf(uid)) {
        const ref = dep.metadata.ownerReferences?.find((r) => r.uid === uid);
        if (!ref?.blockOwnerDeletion) continue;
        blocking++;
        // A dependent that has dependents of its own is deleted in the foreground too.
        if (dep.metadata.deletionTimestamp === undefined) this.tryDelete(dep, dep.kind === 'Pod' ? 'Background' : 'Foreground');
      }
      if (blocking === 0) this.removeFinalizer(owner, 'foregroundDeletion');
    }
  }

  private tryDelete(obj: Stored, propagationPolicy: PropagationPolicy): void {
    try {
      this.ctx.store.delete(obj.kind, obj.metadata.namespace ?? '', obj.metadata.name!, { propagationPolicy });
    } catch (e) {
      if (!(e instanceof UserError)) throw e; // already gone
    }
  }

  private patchOwnerRefs(obj: Stored, refs: readonly NonNullable<KubeObject['metadata']['ownerReferences']>[number][]): void {
    this.ctx.store.update({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: undefined, ownerReferences: refs.length > 0 ? [...refs] : undefined },
    } as KubeObject, { validate: false });
  }

  private removeFinalizer(obj: Stored, finalizer: string): void {
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.ctx.store.update({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: undefined, finalizers: rest.length > 0 ? rest : undefined },
    } as KubeObject, { validate: false });
  }
}

const NO_DEPENDENTS: readonly Stored[] = Object.freeze([]);

/** The queue key of an owner that may have no dependents left: `gone\0<uid>`. */
const GONE_PREFIX = 'gone\u0000';
const GONE_LETTER = GONE_PREFIX.charCodeAt(0);

function ownerKey(kind: string, namespace: string, name: string): string {
  return `owner\u0000${kind}\u0000${namespace}\u0000${name}`;
}
