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
// its selector, template labels or minReadySeconds change. Pod changes are applied by pod key
// from the store's current object, so the counts follow the store even if watch events for one
// pod reach the handler out of order.
import type { ApiStore, WatchEvent } from '../api/store.ts';
import type { Selector } from '../api/labels.ts';
import { factsOf, type StoredPod } from '../api/pods.ts';
import { CONTROLLER_INDEX, getControllerOf } from './owners.ts';

type Labels = Record<string, string> | undefined;

/** What one pod adds to its owner's counts, as last applied. */
interface Entry {
  readonly owner: OwnerCounts;
  readonly pod: StoredPod;
  readonly matched: boolean;
  readonly active: boolean;
  readonly labeled: boolean;
  readonly ready: boolean;
  /** Counted in `available`; a ready pod not yet counted waits in the owner's `pending`. */
  available: boolean;
  /** When the pod becomes available: ready since + minReadySeconds (Infinity without a ready time). */
  readonly availableAtMs: number;
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
  readonly entries = new Map<string, Entry>();
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

  constructor(private readonly store: ApiStore) {}

  /** Applies a pod watch event: the pod's contribution becomes that of its current stored version. */
  observePod(ev: WatchEvent): void {
    const ns = ev.object.metadata.namespace ?? '';
    const name = ev.object.metadata.name ?? '';
    const k = `${ns}/${name}`;
    const current = this.store.get('Pod', ns, name) as StoredPod | undefined;
    const prev = this.entries.get(k);
    if (prev) {
      if (prev.pod === current) return;
      this.remove(k, prev);
    }
    if (!current) return;
    const ref = getControllerOf(current);
    const owner = ref ? this.owners.get(ref.uid) : undefined;
    if (owner) this.add(owner, k, current);
  }

  /** A deleted ReplicaSet's counts are dropped. */
  forget(uid: string): void {
    const owner = this.owners.get(uid);
    if (!owner) return;
    for (const k of owner.entries.keys()) this.entries.delete(k);
    this.owners.delete(uid);
  }

  /**
   * The counts for the ReplicaSet `uid` at `nowMs` (never earlier than a previous call's), made
   * afresh when the selector, template labels or minReadySeconds differ from the last call's.
   */
  counts(uid: string, signature: string, selector: Selector, hasTemplateLabels: (labels: Labels) => boolean, minReadySeconds: number, nowMs: number): Readonly<PodCounts> {
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

  private add(owner: OwnerCounts, k: string, pod: StoredPod): void {
    const stale = this.entries.get(k);
    if (stale) this.remove(k, stale);
    const matched = owner.selector.matches(pod.metadata.labels as Labels);
    const f = factsOf(pod);
    const active = matched && f.active;
    const entry: Entry = {
      owner,
      pod,
      matched,
      active,
      labeled: active && owner.hasTemplateLabels(pod.metadata.labels as Labels),
      ready: active && f.ready,
      available: false,
      // podutil.IsPodAvailable: ready for at least minReadySeconds (at once when it is 0).
      availableAtMs: owner.minReadyMs === 0 ? -Infinity : f.readySinceMs === undefined ? Infinity : f.readySinceMs + owner.minReadyMs,
    };
    if (!matched) owner.unmatched++;
    if (entry.active) owner.active++;
    if (entry.labeled) owner.fullyLabeled++;
    if (entry.ready) {
      owner.ready++;
      owner.pending.add(entry);
    }
    owner.entries.set(k, entry);
    this.entries.set(k, entry);
  }

  private remove(k: string, e: Entry): void {
    const owner = e.owner;
    if (!e.matched) owner.unmatched--;
    if (e.active) owner.active--;
    if (e.labeled) owner.fullyLabeled--;
    if (e.ready) {
      owner.ready--;
      if (e.available) owner.available--;
      else owner.pending.delete(e);
    }
    owner.entries.delete(k);
    this.entries.delete(k);
  }
}

/** The ReplicaSet fields the counts depend on, as one string. */
export function countsSignature(selector: unknown, templateLabels: unknown, minReadySeconds: number): string {
  return `${JSON.stringify(selector ?? null)}\u0000${JSON.stringify(templateLabels ?? null)}\u0000${minReadySeconds}`;
}
