// The ReplicaSet controller, mirroring pkg/controller/replicaset/replica_set.go: claim the pods
// that match the selector, create or delete the difference (slow-start batches, burst of 500,
// expectations), then compute status purely and write it once. Where upstream lists the pods from
// its informer cache on every sync, the counts calculateStatus needs are kept from the pod watch
// (replicaset-counts.ts): a sync releases pods only when an owned one stopped matching, and lists
// them only for a scale-down, with the same results.
import { toRfc3339 } from '../clock.ts';
import type { ApiStore, Stored, WatchEvent } from '../api/store.ts';
import type { KubeObject, ReplicaSet } from '../api/types.ts';
import { selectorFromLabelSelector, type Selector } from '../api/labels.ts';
import { factsOf, isPodActive, isPodReady, podReadySinceMs, maxContainerRestarts, type StoredPod } from '../api/pods.ts';
import { UserError } from '../errors.ts';
import { adoptOrphans, claim, controllerRef, getControllerOf, CONTROLLER_INDEX } from './owners.ts';
import { ReplicaSetPodCounts, countsSignature } from './replicaset-counts.ts';
import { Expectations, WorkQueue, splitKey, type Controller, type ControllerContext } from './base.ts';
import { deepCopy } from '../util/copy.ts';

export type StoredReplicaSet = Stored<ReplicaSet & KubeObject>;

const BURST_REPLICAS = 500; // pkg/controller/replicaset/replica_set.go BurstReplicas
const SLOW_START_INITIAL_BATCH_SIZE = 1; // pkg/controller/controller_utils.go SlowStartInitialBatchSize
const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost'; // k8s.io/api/core/v1/annotation_key_constants.go

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  readonly queue: WorkQueue;
  private readonly expectations: Expectations;
  /** What calculateStatus counts over each ReplicaSet's pods, kept from the pod watch. */
  private readonly counts: ReplicaSetPodCounts;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    this.expectations = new Expectations(ctx.clock);
    this.counts = new ReplicaSetPodCounts(ctx.store);
    ctx.store.watch('ReplicaSet', (ev) => {
      if (ev.type === 'DELETED') this.counts.forget(ev.object.metadata.uid!);
      this.queue.add(keyOf(ev.object));
    });
    ctx.store.watch('Pod', (ev) => {
      this.counts.observePod(ev);
      this.onPod(ev);
    });
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    const ref = getControllerOf(pod);
    const oldRef = ev.old ? getControllerOf(ev.old) : undefined;
    if (ev.type === 'ADDED') {
      if (pod.metadata.deletionTimestamp !== undefined) return this.onPodGone(pod, ref);
      if (ref?.kind === 'ReplicaSet') {
        const k = `${pod.metadata.namespace}/${ref.name}`;
        this.expectations.creationObserved(k);
        this.queue.add(k);
      } else if (!ref) this.enqueueMatching(pod);
      return;
    }
    if (ev.type === 'DELETED') return this.onPodGone(pod, ref);
    // MODIFIED (updatePod): a deletionTimestamp counts as the deletion being observed.
    const old = ev.old as StoredPod;
    if (pod.metadata.deletionTimestamp !== undefined && old.metadata.deletionTimestamp === undefined) {
      this.onPodGone(pod, ref);
      if (oldRef && oldRef.uid !== ref?.uid && oldRef.kind === 'ReplicaSet') this.queue.add(`${pod.metadata.namespace}/${oldRef.name}`);
      return;
    }
    if (oldRef && oldRef.uid !== ref?.uid && oldRef.kind === 'ReplicaSet') this.queue.add(`${pod.metadata.namespace}/${oldRef.name}`);
    if (ref?.kind === 'ReplicaSet') this.queue.add(`${pod.metadata.namespace}/${ref.name}`);
    else if (!ref && (old.metadata.labels !== pod.metadata.labels || oldRef)) this.enqueueMatching(pod);
  }

  private onPodGone(pod: StoredPod, ref: ReturnType<typeof getControllerOf>): void {
    if (ref?.kind !== 'ReplicaSet') return;
    const k = `${pod.metadata.namespace}/${ref.name}`;
    this.expectations.deletionObserved(k);
    this.queue.add(k);
  }

  /** getPodReplicaSets: an orphan pod wakes every ReplicaSet whose selector matches it. */
  private enqueueMatching(pod: StoredPod): void {
    for (const rs of this.ctx.store.list<ReplicaSet & KubeObject>('ReplicaSet', pod.metadata.namespace)) {
      const sel = selectorFromLabelSelector(rs.spec?.selector as never);
      if (!sel.empty() && sel.matches(pod.metadata.labels as Record<string, string>)) this.queue.add(keyOf(rs));
    }
  }

  sync(key: string): void {
    const { store, clock } = this.ctx;
    const [ns, name] = splitKey(key);
    const rs = store.get<ReplicaSet & KubeObject>('ReplicaSet', ns, name);
    if (!rs) {
      this.expectations.forget(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const selector = cachedSelector(rs.spec?.selector);
    const beingDeleted = rs.metadata.deletionTimestamp !== undefined;
    // Claim the pods (claimPods). Releasing is needed only when an owned pod stopped matching,
    // which the counts know; the adoptions and releases are pod writes, which the counts follow.
    const templateLabels = (rs.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
    const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
    const signature = countsSignature(rs.spec?.selector, rs.spec?.template?.metadata?.labels, minReadySeconds);
    // (Called twice, without a closure: tsx's keepNames makes every named closure cost a defineProperty per sync.)
    if (!beingDeleted) {
      if (this.counts.counts(rs.metadata.uid!, signature, selector, cachedLabelsCheck(templateLabels), minReadySeconds, clock.nowMs()).unmatched > 0) claim(store, 'Pod', rs, selector);
      else adoptOrphans(store, 'Pod', rs, selector);
    }
    // Upstream computes the status from the pods claimed before manageReplicas; the creations and
    // deletions it made each queue another sync, which counts them.
    const { active, fullyLabeled, ready, available } = this.counts.counts(rs.metadata.uid!, signature, selector, cachedLabelsCheck(templateLabels), minReadySeconds, clock.nowMs());

    let manageError: string | undefined;
    let diff = 0;
    if (needsSync && !beingDeleted) {
      diff = active - (rs.spec?.replicas ?? 1);
      // Only a scale-down needs the pods themselves, in claim's order.
      if (diff !== 0) manageError = this.manageReplicas(key, rs, diff > 0 ? activeClaimed(store, rs, selector) : [], diff);
    }
    const current = store.get<ReplicaSet & KubeObject>('ReplicaSet', ns, name);
    if (!current) return;
    // manageReplicas writes only pods and events, so `current` has the spec the counts were made with.
    const status = calculateStatus(current, { replicas: active, fullyLabeled, ready, available }, clock.nowMs(), manageError, diff);
    if (JSON.stringify(status) !== JSON.stringify(current.status ?? {})) {
      store.update({ ...current, metadata: { ...current.metadata, resourceVersion: undefined }, status } as KubeObject, { validate: false, subresource: 'status' });
    }
    const minReady = current.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.readyReplicas === current.spec?.replicas && status.availableReplicas !== current.spec?.replicas) {
      this.queue.addAfter(key, minReady * 1000);
    }
  }

  /** manageReplicas: returns the error text of a failed create or delete, for the ReplicaFailure condition. */
  private manageReplicas(key: string, rs: StoredReplicaSet, active: StoredPod[], diff: number): string | undefined {
    const { store, events } = this.ctx;
    if (diff < 0) {
      const want = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expect(key, want, 0);
      const template = rs.spec?.template;
      const labels = template?.metadata?.labels ?? {};
      if (Object.keys(labels).length === 0) return 'unable to create pods, no labels'; // controller_utils.go
      const { successes, error } = slowStartBatch(want, SLOW_START_INITIAL_BATCH_SIZE, () => {
        const pod = store.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${rs.metadata.name}-`,
            namespace: rs.metadata.namespace,
            labels: { ...labels },
            ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
            ownerReferences: [controllerRef(rs)],
          },
          spec: deepCopy(template?.spec) as object,
        } as KubeObject);
        events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: this.name });
      });
      if (error) {
        // Creates that were skipped will never be observed (replica_set.go: skippedPods).
        for (let i = successes; i < want; i++) this.expectations.creationObserved(key);
        events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${error}`, { component: this.name });
        return error;
      }
      return undefined;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const related = relatedPods(store, rs);
      const victims = podsToDelete(active, related, n, this.ctx.clock.nowMs());
      this.expectations.expect(key, 0, victims.length);
      for (const pod of victims) {
        try {
          store.delete('Pod', pod.metadata.namespace!, pod.metadata.name!);
          events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, { component: this.name });
        } catch (e) {
          this.expectations.deletionObserved(key);
          if (e instanceof UserError && /not found/.test(e.message)) continue; // NotFound is not an error
          throw e;
        }
      }
    }
    return undefined;
  }
}

const labelChecks = new WeakMap<object, (labels: Record<string, string> | undefined) => boolean>();

/** Whether a pod's labels include every template label, remembered per labels object. */
function cachedLabelsCheck(templateLabels: Record<string, string>): (labels: Record<string, string> | undefined) => boolean {
  let check = labelChecks.get(templateLabels);
  if (!check) {
    const answers = new WeakMap<object, boolean>();
    check = (labels) => {
      const l = labels ?? {};
      let a = answers.get(l);
      if (a === undefined) {
        a = true;
        for (const k in templateLabels) if (l[k] !== templateLabels[k]) a = false;
        answers.set(l, a);
      }
      return a;
    };
    labelChecks.set(templateLabels, check);
  }
  return check;
}

const selectors = new WeakMap<object, Selector>();

/**
 * The ReplicaSet's selector, parsed once per stored selector object (unchanged ReplicaSet writes
 * share it), remembering its answer per labels object (unchanged pod writes share theirs).
 */
function cachedSelector(ls: unknown): Selector {
  if (typeof ls !== 'object' || ls === null) return selectorFromLabelSelector(ls as never);
  let sel = selectors.get(ls);
  if (!sel) {
    const inner = selectorFromLabelSelector(ls as never);
    const answers = new WeakMap<object, boolean>();
    sel = Object.create(inner) as Selector;
    sel.matches = (labels) => {
      if (!labels) return inner.matches(labels);
      let m = answers.get(labels);
      if (m === undefined) answers.set(labels, (m = inner.matches(labels)));
      return m;
    };
    selectors.set(ls, sel);
  }
  return sel;
}

function keyOf(obj: Stored): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/**
 * slowStartBatch (controller_utils.go): batches of 1, 2, 4, … The calls of one batch run
 * concurrently upstream, so a failing batch still runs in full; the batches after it are skipped.
 */
export function slowStartBatch(count: number, initial: number, fn: () => void): { successes: number; error?: string } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let error: string | undefined;
    for (let i = 0; i < batch; i++) {
      try {
        fn();
        successes++;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        error ??= e.message;
      }
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}

/** getIndirectlyRelatedPods: active pods of every ReplicaSet with the same controller as `rs`. */
function relatedPods(store: ApiStore, rs: StoredReplicaSet): StoredPod[] {
  const owner = getControllerOf(rs);
  const siblings = owner ? (store.byIndex('ReplicaSet', CONTROLLER_INDEX, owner.uid) as StoredReplicaSet[]) : [rs];
  const out: StoredPod[] = [];
  for (const s of siblings) for (const p of store.byIndex('Pod', CONTROLLER_INDEX, s.metadata.uid!)) if (isPodActive(p as StoredPod)) out.push(p as StoredPod);
  return out;
}

/**
 * getPodsToDelete: the `n` pods ranked first by ActivePodsWithRanks (controller_utils.go), where
 * a pod's rank is the number of related pods on its node.
 */
export function podsToDelete(active: StoredPod[], related: StoredPod[], n: number, nowMs: number): StoredPod[] {
  if (n >= active.length) return active;
  const perNode = new Map<string, number>();
  for (const p of related) {
    const node = p.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const ranked = active.map((pod) => ({ pod, rank: pod.spec?.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0 }));
  ranked.sort((a, b) => (lessByRank(a, b, nowMs) ? -1 : lessByRank(b, a, nowMs) ? 1 : 0));
  return ranked.slice(0, n).map((r) => r.pod);
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }; // controller_utils.go podPhaseToOrdinal

/** ActivePodsWithRanks.Less with PodDeletionCost and LogarithmicScaleDown on (both default since v1.22). */
export function lessByRank(a: { pod: StoredPod; rank: number }, b: { pod: StoredPod; rank: number }, nowMs: number): boolean {
  const pi = a.pod;
  const pj = b.pod;
  // 1. Unassigned < assigned.
  const ni = pi.spec?.nodeName ?? '';
  const nj = pj.spec?.nodeName ?? '';
  if (ni !== nj && (ni === '' || nj === '')) return ni === '';
  // 2. Pending < Unknown < Running.
  const phi = PHASE_ORDINAL[pi.status?.phase ?? 'Pending'] ?? 0;
  const phj = PHASE_ORDINAL[pj.status?.phase ?? 'Pending'] ?? 0;
  if (phi !== phj) return phi < phj;
  // 3. Not ready < ready.
  const ri = isPodReady(pi);
  const rj = isPodReady(pj);
  if (ri !== rj) return !ri;
  // 4. Lower pod-deletion-cost first.
  const ci = deletionCost(pi);
  const cj = deletionCost(pj);
  if (ci !== cj) return ci < cj;
  // 5. More related pods on the same node first.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Both ready: the more recently ready first, in log2 buckets, then by UID.
  if (ri && rj) {
    const ti = podReadySinceMs(pi);
    const tj = podReadySinceMs(pj);
    if (ti !== tj) {
      if (ti === undefined) return true; // a zero time counts as the newest (afterOrZero)
      if (tj === undefined) return false;
      const d = logarithmicRankDiff(ti, tj, nowMs);
      if (d === 0) return (pi.metadata.uid ?? '') < (pj.metadata.uid ?? '');
      return d < 0;
    }
  }
  // 7. More container restarts first.
  const mi = maxContainerRestarts(pi);
  const mj = maxContainerRestarts(pj);
  if (mi !== mj) return mi > mj;
  // 8. Newer first, in log2 buckets, then by UID.
  const ci2 = pi.metadata.creationTimestamp;
  const cj2 = pj.metadata.creationTimestamp;
  if (ci2 !== cj2) {
    if (!ci2) return true;
    if (!cj2) return false;
    const d = logarithmicRankDiff(Date.parse(ci2), Date.parse(cj2), nowMs);
    if (d === 0) return (pi.metadata.uid ?? '') < (pj.metadata.uid ?? '');
    return d < 0;
  }
  return false;
}

function deletionCost(pod: StoredPod): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** logarithmicRankDiff: compares floor(log2(age in ns)) of two times (controller_utils.go). */
function logarithmicRankDiff(t1: number, t2: number, nowMs: number): number {
  return logarithmicRank(t1, nowMs) - logarithmicRank(t2, nowMs);
}

/** floor(log2(age in ns)), -1 for no age (a module function: a closure costs tsx's keepNames a defineProperty per call). */
function logarithmicRank(t: number, nowMs: number): number {
  const d = (nowMs - t) * 1e6;
  return d <= 0 ? -1 : Math.floor(Math.log2(d));
}

/**
 * calculateStatus (replica_set_utils.go): pure, from what the controller counted over the active
 * pods it claimed (ReplicaSetPodCounts keeps those counts; `recountPods` is the same count done
 * by walking the pods).
 */
function calculateStatus(rs: StoredReplicaSet, counts: StatusCounts, nowMs: number, manageError: string | undefined, diff: number): NonNullable<ReplicaSet['status']> {
  const status: NonNullable<ReplicaSet['status']> = {
    replicas: counts.replicas,
    fullyLabeledReplicas: counts.fullyLabeled,
    readyReplicas: counts.ready,
    availableReplicas: counts.available,
    observedGeneration: rs.metadata.generation,
  };
  const previous = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  if (manageError) {
    status.conditions = [{
      type: 'ReplicaFailure',
      status: 'True',
      reason: diff < 0 ? 'FailedCreate' : 'FailedDelete',
      message: manageError,
      lastTransitionTime: previous?.lastTransitionTime ?? toRfc3339(nowMs),
    }];
  }
  // Without an error the condition is left out: a successful sync removes it.
  // ReplicaSets report no readyReplicas/availableReplicas/fullyLabeledReplicas when zero (omitempty).
  for (const f of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const) if (!status[f]) delete status[f];
  return status;
}

export interface StatusCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

/**
 * calculateStatus's loop over the active claimed pods, done in full: what ReplicaSetPodCounts must
 * always equal (the unit tests compare the two).
 */
export function recountPods(rs: StoredReplicaSet, activePods: readonly StoredPod[], nowMs: number): StatusCounts {
  const templateLabels = (rs.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const counts = { replicas: activePods.length, fullyLabeled: 0, ready: 0, available: 0 };
  const hasTemplateLabels = cachedLabelsCheck(templateLabels);
  for (const p of activePods) {
    if (hasTemplateLabels(p.metadata.labels as Record<string, string> | undefined)) counts.fullyLabeled++;
    const f = factsOf(p);
    if (f.ready) {
      counts.ready++;
      // podutil.IsPodAvailable: ready for at least minReadySeconds.
      if (minReady === 0 || (f.readySinceMs !== undefined && f.readySinceMs + minReady * 1000 <= nowMs)) counts.available++;
    }
  }
  return counts;
}

/** The active pods a claim keeps, in its order: the owned ones the selector matches (adoptions come last in the index too). */
export function activeClaimed(store: ApiStore, rs: StoredReplicaSet, selector: Selector): StoredPod[] {
  const out: StoredPod[] = [];
  for (const p of store.byIndex('Pod', CONTROLLER_INDEX, rs.metadata.uid!) as StoredPod[]) {
    if (selector.matches(p.metadata.labels as Record<string, string> | undefined) && isPodActive(p)) out.push(p);
  }
  return out;
}
