// What calculateStatus (pkg/controller/replicaset/replica_set_utils.go) counts over a ReplicaSet's
// pods, kept up to date from the pod watch instead of recounted on every sync. Upstream's
// syncReplicaSet lists the pods from its informer cache each time; the counts here are the same
// numbers, so a sync costs what changed rather than the size of the ReplicaSet.
//
// For one ReplicaSet (by uid) the counts cover the pods whose controller reference names it:
// how many of them its selector does not match (claiming would release those), and, of the ones
// it matches, how many are active, active and carrying every template label, active and ready,
// and active and available. Availability depends on the time (ready for minReadySeconds,
// podutil.IsPodAvailable), so a ready pod waits in `pending` until the first count at or after
// the instant it becomes available; virtual time only moves forward, so it stays available until
// its pod changes.
//
// A ReplicaSet's counts are built on its first sync by one walk of its pods, and built again when
// its selector, template labels or minReadySeconds change. The pod watch only notes which pods
// changed; the counts take in their current stored versions when next asked, so a pod written
// several times between two syncs is counted again once, and the counts follow the store even if
// watch events for one pod reach the handler out of order.
import type { ApiStore, WatchEvent } from '../api/store.ts';
import type { Selector } from '../api/labels.ts';
import { factsOf, type StoredPod } from '../api/pods.ts';
import { CONTROLLER_INDEX, getControllerOf } from './owners.ts';

type Labels = Record<string, string> | undefined;

/** What one pod adds to its owner's counts, as last applied. */
class Entry {
  owner!: OwnerCounts;
  pod!: StoredPod;
  matched = false;
  active = false;
  labeled = false;
  ready = false;
  /** Counted in `available`; a ready pod not yet counted waits in the owner's `pending`. */
  available = false;
  /** When the pod becomes available: ready since + minReadySeconds (Infinity without a ready time). */
  availableAtMs = Infinity;
}

export interface PodCounts {
  /** Owned pods the selector no longer matches: a claim would release them. */
  unmatched: number;
  /** Owned, matched and active (controller.IsPodActive): status.replicas. */
  active: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

class OwnerCounts implements PodCounts {
  unmatched = 0;
  active = 0;
  fullyLabeled = 0;
  ready = 0;
  available = 0;
  /** Ready pods not yet available (only with minReadySeconds). */
  readonly pending = new Set<Entry>();

  constructor(
    readonly uid: string,
    /** The selector, template labels and minReadySeconds the counts were made with. */
    readonly signature: string,
    readonly selector: Selector,
    readonly hasTemplateLabels: (labels: Labels) => boolean,
    readonly minReadyMs: number,
  ) {}
}

export class ReplicaSetPodCounts {
  /** ReplicaSet uid → its counts. */
  private readonly owners = new Map<string, OwnerCounts>();
  /** Pod key → what it adds, for the pods of counted ReplicaSets. */
  private readonly entries = new Map<string, Entry>();
  /**
   * The pods changed since the counts were last brought up to date, by key (with one of their
   * versions, for the namespace and name): a pod written several times between two syncs is
   * counted again once.
   */
  private readonly dirty = new Map<string, StoredPod>();

  constructor(private readonly store: ApiStore) {}

  /** Notes a pod watch event, for a pod that is or was counted (the others cannot matter). */
  observePod(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    // With no pod counted yet, only a pod of a counted ReplicaSet matters: the key is made for it
    // alone (a key made afresh for every pod write is hashed afresh).
    if (this.entries.size === 0) {
      const ref = getControllerOf(pod);
      if (!ref || !this.owners.has(ref.uid)) return;
    }
    const k = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    if (this.entries.has(k)) {
      this.dirty.set(k, pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref && this.owners.has(ref.uid)) this.dirty.set(k, pod);
  }

  /** A deleted ReplicaSet's counts are dropped. */
  forget(uid: string): void {
    const owner = this.owners.get(uid);
    if (!owner) return;
    for (const [k, e] of this.entries) if (e.owner === owner) this.entries.delete(k);
    this.owners.delete(uid);
  }

  /**
   * The counts for the ReplicaSet `uid` at `nowMs` (never earlier than a previous call's), made
   * afresh when the selector, template labels or minReadySeconds differ from the last call's.
   */
  counts(uid: string, signature: string, selector: Selector, hasTemplateLabels: (labels: Labels) => boolean, minReadySeconds: number, nowMs: number): Readonly<PodCounts> {
    this.catchUp();
    let owner = this.owners.get(uid);
    if (!owner || owner.signature !== signature) {
      this.forget(uid);
      owner = new OwnerCounts(uid, signature, selector, hasTemplateLabels, minReadySeconds * 1000);
      this.owners.set(uid, owner);
      for (const pod of this.store.byIndex('Pod', CONTROLLER_INDEX, uid) as StoredPod[]) {
        this.add(owner, `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`, pod);
      }
    }
    for (const e of owner.pending) {
      if (e.availableAtMs <= nowMs) {
        e.available = true;
        owner.available++;
        owner.pending.delete(e);
      }
    }
    return owner;
  }

  /**
   * Counts every changed pod as its current stored version, whatever order its watch events came
   * in: it moves from the owner it was counted under (if any) to the one it has now (if counted).
   */
  private catchUp(): void {
    if (this.dirty.size === 0) return;
    for (const [k, seen] of this.dirty) {
      const current = this.store.get('Pod', seen.metadata.namespace ?? '', seen.metadata.name ?? '') as StoredPod | undefined;
      let entry = this.entries.get(k);
      if (entry !== undefined && entry.pod === current) continue;
      const ref = current && getControllerOf(current);
      const owner = ref ? this.owners.get(ref.uid) : undefined;
      if (entry !== undefined) {
        this.unapply(entry);
        if (owner === undefined) this.entries.delete(k);
      } else if (owner !== undefined) {
        this.entries.set(k, (entry = new Entry()));
      }
      if (owner !== undefined) this.apply(entry!, owner, current!);
    }
    this.dirty.clear();
  }

  private add(owner: OwnerCounts, k: string, pod: StoredPod): void {
    const entry = new Entry();
    this.apply(entry, owner, pod);
    this.entries.set(k, entry);
  }

  /** Fills `e` for `pod` under `owner` and adds it to the owner's counts. */
  private apply(e: Entry, owner: OwnerCounts, pod: StoredPod): void {
    e.owner = owner;
    e.pod = pod;
    const matched = owner.selector.matches(pod.metadata.labels as Labels);
    e.matched = matched;
    e.active = e.labeled = e.ready = e.available = false;
    e.availableAtMs = Infinity;
    if (!matched) {
      owner.unmatched++;
      return;
    }
    const f = factsOf(pod);
    if (!f.active) return;
    e.active = true;
    owner.active++;
    if (owner.hasTemplateLabels(pod.metadata.labels as Labels)) {
      e.labeled = true;
      owner.fullyLabeled++;
    }
    if (!f.ready) return;
    e.ready = true;
    owner.ready++;
    // podutil.IsPodAvailable: ready for at least minReadySeconds (at once when it is 0).
    if (owner.minReadyMs === 0) {
      e.available = true;
      owner.available++;
    } else {
      e.availableAtMs = f.readySinceMs === undefined ? Infinity : f.readySinceMs + owner.minReadyMs;
      owner.pending.add(e);
    }
  }

  /** Takes what `e` added out of its owner's counts. */
  private unapply(e: Entry): void {
    const owner = e.owner;
    if (!e.matched) owner.unmatched--;
    if (e.active) owner.active--;
    if (e.labeled) owner.fullyLabeled--;
    if (e.ready) {
      owner.ready--;
      if (e.available) owner.available--;
      else owner.pending.delete(e);
    }
  }
}

/** The ReplicaSet fields the counts depend on, as one string. */
export function countsSignature(selector: unknown, templateLabels: unknown, minReadySeconds: number): string {
  return `${JSON.stringify(selector ?? null)}\u0000${JSON.stringify(templateLabels ?? null)}\u0000${minReadySeconds}`;
}
