// The Deployment controller, mirroring pkg/controller/deployment (v1.32): deployment_controller.go
// (event handlers, syncDeployment), sync.go (new ReplicaSet, proportional scaling, cleanup,
// status), rolling.go, recreate.go and progress.go. It works as upstream does on a private copy
// of the Deployment read at the start of a sync, writing its status with that copy's
// resourceVersion, so a second status write in one sync fails with a Conflict and the key is
// requeued, as in a real controller-manager. The deprecated server-side rollback (the
// `deprecated.deployment.rollback.to` annotation of extensions/v1beta1) is not emulated:
// `kubectl rollout undo` rolls back client-side (see rollout.ts).
import type { Stored, WatchEvent } from '../api/store.ts';
import { objectKey } from '../api/store.ts';
import type { DeepReadonly, Deployment, KubeObject, LabelSelector, ReplicaSet } from '../api/types.ts';
import { selectorFromLabelSelector, type Selector } from '../api/labels.ts';
import type { StoredPod } from '../api/pods.ts';
import { parseRfc3339 } from '../clock.ts';
import { ApiError, UserError } from '../errors.ts';
import { claim, controllerRef, getControllerOf, CONTROLLER_INDEX } from './owners.ts';
import { WorkQueue, splitKey, type Controller, type ControllerContext } from './base.ts';
import {
  MAX_REV_HISTORY_LENGTH_IN_CHARS,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  Reason,
  availableReplicaCount,
  actualReplicaCount,
  byCreationTimestamp,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  canonicalJson,
  canonicallyEqual,
  rememberTemplateCopy,
  cloneSelectorAndAddLabel,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentReplicas,
  deploymentTimedOut,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  filterActiveReplicaSets,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  getProportion,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newDeploymentCondition,
  newRSNewReplicas,
  readyReplicaCount,
  removeDeploymentCondition,
  replicaCount,
  replicaSetToDeploymentCondition,
  replicasAnnotationsNeedUpdate,
  rsReplicas,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  strategyType,
  type DeploymentStatus,
} from './deployment-util.ts';
import { deepCopy } from '../util/copy.ts';

type DeploymentObject = Deployment & KubeObject & { spec: NonNullable<Deployment['spec']> };
type StoredReplicaSet = Stored<ReplicaSet & KubeObject>;
/** Pods of the Deployment's ReplicaSets, by ReplicaSet uid (getPodMapForDeployment). */
type PodMap = Map<string, StoredPod[]>;

// The workqueue's DefaultTypedControllerRateLimiter is per-item exponential from 5 ms up to
// 1000 s (client-go/util/workqueue/default_rate_limiters.go); its overall 10 qps bucket is not
// emulated. A key is dropped after maxRetries failed syncs (deployment_controller.go).
const RATE_LIMIT_BASE_MS = 5;
// client-go util/workqueue default_rate_limiters.go DefaultControllerRateLimiter: the overall
// bucket allows 10 syncs a second once its burst of 100 is spent, so a key re-queued "rate
// limited" again and again is synced every 100 ms.
const RATE_LIMITED_REQUEUE_MS = 100;
const RATE_LIMIT_MAX_MS = 1000 * 1000;
const MAX_RETRIES = 15;

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  readonly queue: WorkQueue;
  /** Failed syncs per key since its last success (the rate limiter's NumRequeues). */
  private readonly failures = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    ctx.store.watch('Deployment', (ev) => this.queue.add(objectKey(ev.object)));
    ctx.store.watch('ReplicaSet', (ev) => this.onReplicaSet(ev));
    ctx.store.watch('Pod', (ev) => {
      if (ev.type === 'DELETED') this.onPodDeleted(ev.object as StoredPod);
    });
  }

  // ---- event handlers (deployment_controller.go) ----------------------------------------------

  private onReplicaSet(ev: WatchEvent): void {
    const rs = ev.object as StoredReplicaSet;
    const ref = getControllerOf(rs);
    // addReplicaSet of an object already being deleted, and deleteReplicaSet: only the owner cares.
    if (ev.type === 'DELETED' || (ev.type === 'ADDED' && rs.metadata.deletionTimestamp !== undefined)) {
      if (ref) this.enqueueOwner(rs.metadata.namespace ?? '', ref);
      return;
    }
    if (ev.type === 'ADDED') {
      if (ref) this.enqueueOwner(rs.metadata.namespace ?? '', ref);
      else for (const d of this.deploymentsForReplicaSet(rs)) this.queue.add(objectKey(d));
      return;
    }
    // updateReplicaSet
    const old = ev.old as StoredReplicaSet;
    const oldRef = getControllerOf(old);
    const refChanged = canonicalJson(ref) !== canonicalJson(oldRef);
    if (refChanged && oldRef) this.enqueueOwner(old.metadata.namespace ?? '', oldRef);
    if (ref) {
      this.enqueueOwner(rs.metadata.namespace ?? '', ref);
      return;
    }
    // An orphan: if anything changed, the Deployments that match may want to adopt it.
    if (refChanged || canonicalJson(rs.metadata.labels) !== canonicalJson(old.metadata.labels)) {
      for (const d of this.deploymentsForReplicaSet(rs)) this.queue.add(objectKey(d));
    }
  }

  /** deletePod: a Recreate Deployment waits for its old pods to be gone, so their deletion wakes it. */
  private onPodDeleted(pod: StoredPod): void {
    const d = this.deploymentForPod(pod);
    if (!d || strategyType(d) !== 'Recreate') return;
    const selector = selectorOrUndefined(d.spec?.selector);
    if (!selector) return;
    const owned = (this.ctx.store.byIndex('ReplicaSet', CONTROLLER_INDEX, d.metadata.uid!) as StoredReplicaSet[])
      .filter((rs) => selector.matches(rs.metadata.labels as Record<string, string> | undefined));
    let numPods = 0;
    for (const pods of this.podMap(selector, owned).values()) numPods += pods.length;
    if (numPods === 0) this.queue.add(objectKey(d));
  }

  private deploymentForPod(pod: StoredPod): Stored<DeploymentObject> | undefined {
    const ref = getControllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return undefined;
    const rs = this.ctx.store.get<ReplicaSet & KubeObject>('ReplicaSet', pod.metadata.namespace ?? '', ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const dRef = getControllerOf(rs);
    return dRef ? this.resolveControllerRef(rs.metadata.namespace ?? '', dRef) : undefined;
  }

  private enqueueOwner(namespace: string, ref: { kind: string; name: string; uid: string }): void {
    const d = this.resolveControllerRef(namespace, ref);
    if (d) this.queue.add(objectKey(d));
  }

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }): Stored<DeploymentObject> | undefined {
    if (ref.kind !== 'Deployment') return undefined;
    const d = this.ctx.store.get<DeploymentObject>('Deployment', namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: the Deployments in the namespace whose non-empty selector matches. */
  private deploymentsForReplicaSet(rs: StoredReplicaSet): Stored<DeploymentObject>[] {
    const labels = rs.metadata.labels as Record<string, string> | undefined;
    if (!labels || Object.keys(labels).length === 0) return [];
    return this.ctx.store.list<DeploymentObject>('Deployment', rs.metadata.namespace).filter((d) => {
      // A Deployment with an invalid selector matches nothing.
      const selector = selectorOrUndefined(d.spec?.selector);
      return selector !== undefined && !selector.empty() && selector.matches(labels);
    });
  }

  // ---- sync ---------------------------------------------------------------------------------

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const stored = this.ctx.store.get<DeploymentObject>('Deployment', namespace, name);
    if (!stored) {
      this.failures.delete(key);
      return;
    }
    try {
      const d = deepCopy(stored) as DeploymentObject;
      rememberTemplateCopy(stored.spec?.template, d.spec?.template);
      this.syncDeployment(d);
      this.failures.delete(key);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // handleErr: an apiserver error is retried with backoff, up to maxRetries times.
      const n = this.failures.get(key) ?? 0;
      if (n >= MAX_RETRIES) {
        this.failures.delete(key);
        return;
      }
      this.failures.set(key, n + 1);
      this.queue.addAfter(key, rateLimitDelayMs(n));
    }
  }

  /** syncDeployment: `d` is this sync's private copy (deployment.DeepCopy()). */
  private syncDeployment(d: DeploymentObject): void {
    const sel = d.spec?.selector as Record<string, unknown> | undefined;
    if (sel && Object.values(sel).every((v) => v === undefined)) {
      this.ctx.events.record(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', { component: this.name });
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata.generation };
        try {
          this.writeStatus(d);
        } catch (e) {
          if (!(e instanceof UserError)) throw e; // upstream ignores this write's error
        }
      }
      return;
    }
    // An invalid selector fails the sync ("deployment %s/%s has invalid label selector").
    const selector = selectorFromLabelSelector(d.spec.selector);
    const rsList = claim(this.ctx.store, 'ReplicaSet', d, selector) as StoredReplicaSet[];
    if (d.metadata.deletionTimestamp !== undefined) return this.syncStatusOnly(d, rsList);
    this.checkPausedConditions(d);
    if (d.spec.paused) return this.syncScale(d, rsList);
    if (this.isScalingEvent(d, rsList)) return this.syncScale(d, rsList);
    if (strategyType(d) === 'Recreate') return this.rolloutRecreate(d, rsList, this.podMap(selector, rsList));
    if (strategyType(d) === 'RollingUpdate') return this.rolloutRolling(d, rsList);
    throw new UserError(`unexpected deployment strategy type: ${strategyType(d)}`);
  }

  /** getPodMapForDeployment: the pods matching the selector, grouped by their controlling ReplicaSet. */
  private podMap(selector: Selector, rsList: readonly StoredReplicaSet[]): PodMap {
    const map: PodMap = new Map();
    for (const rs of rsList) {
      const pods = this.ctx.store.byIndex('Pod', CONTROLLER_INDEX, rs.metadata.uid!) as StoredPod[];
      map.set(rs.metadata.uid!, pods.filter((p) => selector.matches(p.metadata.labels as Record<string, string> | undefined)));
    }
    return map;
  }

  /** syncStatusOnly: a Deployment being deleted only gets its status updated. */
  private syncStatusOnly(d: DeploymentObject, rsList: StoredReplicaSet[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  /** sync (upstream's name): scaling events and paused Deployments scale proportionally, and a paused one is cleaned up. */
  private syncScale(d: DeploymentObject, rsList: StoredReplicaSet[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    this.scale(d, newRS, oldRSs);
    if (d.spec.paused) this.cleanupDeployment(oldRSs, d);
    this.syncDeploymentStatus([...oldRSs, newRS], newRS, d);
  }

  /**
   * checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed, so that the
   * time spent paused does not count against the progress deadline. A timed-out condition stays.
   */
  private checkPausedConditions(d: DeploymentObject): void {
    if (!hasProgressDeadline(d)) return;
    const cond = getDeploymentCondition(d.status, 'Progressing');
    if (cond?.reason === Reason.TimedOut) return;
    const pausedCondExists = cond?.reason === Reason.Paused;
    const now = this.ctx.clock.nowMs();
    const status = (d.status ??= {});
    if (d.spec.paused && !pausedCondExists) {
      setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', now));
    } else if (!d.spec.paused && pausedCondExists) {
      setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', now));
    } else {
      return;
    }
    this.writeStatus(d);
  }

  /** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. */
  private isScalingEvent(d: DeploymentObject, rsList: StoredReplicaSet[]): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired !== undefined && desired !== deploymentReplicas(d)) return true;
    }
    return false;
  }

  // ---- the new ReplicaSet and revisions (sync.go) ---------------------------------------------

  private getAllReplicaSetsAndSyncRevision(
    d: DeploymentObject,
    rsList: StoredReplicaSet[],
    createIfNotExisted: boolean,
  ): { newRS: StoredReplicaSet | undefined; oldRSs: StoredReplicaSet[] } {
    const oldRSs = findOldReplicaSets(d, rsList);
    const newRS = this.getNewReplicaSet(d, rsList, oldRSs, createIfNotExisted);
    return { newRS, oldRSs };
  }

  /**
   * getNewReplicaSet: the ReplicaSet with the Deployment's template, brought up to revision
   * max(old)+1 (with the Deployment's annotations and minReadySeconds), or, when asked, a new
   * one named `<deployment>-<pod-template-hash>`.
   */
  private getNewReplicaSet(d: DeploymentObject, rsList: StoredReplicaSet[], oldRSs: StoredReplicaSet[], createIfNotExisted: boolean): StoredReplicaSet | undefined {
    const { store, events } = this.ctx;
    const now = this.ctx.clock.nowMs();
    const existing = findNewReplicaSet(d, rsList);
    const newRevision = String(maxRevision(oldRSs) + 1);
    const status = (d.status ??= {});

    if (existing) {
      // The copy upstream changes (rsCopy): for an existing ReplicaSet setNewReplicaSetAnnotations
      // reads and changes only the annotations, so it works on a copy of those alone, and the
      // whole ReplicaSet is copied only when it is written.
      const annotationsCopy = { metadata: { annotations: existing.metadata.annotations ? { ...existing.metadata.annotations } : undefined } } as ReplicaSet;
      const annotationsUpdated = setNewReplicaSetAnnotations(d, annotationsCopy, newRevision, true, MAX_REV_HISTORY_LENGTH_IN_CHARS);
      const annotations = annotationsCopy.metadata!.annotations;
      const minReadySeconds = d.spec.minReadySeconds ?? 0;
      if (annotationsUpdated || (existing.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
        const rsCopy = { ...existing, metadata: { ...existing.metadata, annotations }, spec: withMinReadySeconds(existing.spec!, minReadySeconds) };
        return store.update(rsCopy as ReplicaSet & KubeObject);
      }
      let needsUpdate = setDeploymentRevision(d, annotations?.[REVISION_ANNOTATION] ?? '');
      if (hasProgressDeadline(d) && !getDeploymentCondition(status, 'Progressing')) {
        setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', Reason.FoundNewReplicaSet, `Found new replica set "${existing.metadata.name}"`, now));
        needsUpdate = true;
      }
      if (needsUpdate) this.writeStatus(d);
      return existing;
    }
    if (!createIfNotExisted) return undefined;

    const hash = computeHash(d.spec.template, status.collisionCount);
    const labels = { ...d.spec.template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
    const template = deepCopy(d.spec.template);
    template.metadata = { ...template.metadata, labels };
    const name = `${d.metadata.name}-${hash}`;
    const newRS: ReplicaSet & KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: d.metadata.namespace, ownerReferences: [controllerRef(d)], labels: { ...labels } },
      spec: withMinReadySeconds<NonNullable<ReplicaSet['spec']>>({ replicas: 0, selector: cloneSelectorAndAddLabel(d.spec.selector, POD_TEMPLATE_HASH_LABEL, hash), template }, d.spec.minReadySeconds ?? 0),
    };
    const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec!.replicas = newReplicasCount;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false, MAX_REV_HISTORY_LENGTH_IN_CHARS);

    let created: StoredReplicaSet;
    let alreadyExists = false;
    try {
      created = store.create(newRS);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      if (e instanceof ApiError && e.reason === 'AlreadyExists') {
        // Ours from an earlier sync, or a hash collision with someone else's ReplicaSet.
        const rs = store.get<ReplicaSet & KubeObject>('ReplicaSet', d.metadata.namespace ?? '', name);
        if (!rs) throw e;
        const ref = getControllerOf(rs);
        if (ref?.uid !== d.metadata.uid || !equalIgnoreHash(d.spec.template, rs.spec?.template)) {
          // "Found a hash collision for deployment - bumping collisionCount to resolve it"
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          this.writeStatus(d);
          throw e;
        }
        created = rs;
        alreadyExists = true;
      } else {
        const msg = `Failed to create new replica set "${name}": ${e.message}`;
        if (hasProgressDeadline(d)) {
          setDeploymentCondition(status, newDeploymentCondition('Progressing', 'False', Reason.FailedRSCreate, msg, now));
          try {
            this.writeStatus(d);
          } catch (writeError) {
            if (!(writeError instanceof UserError)) throw writeError; // "we have a bigger issue to report"
          }
        }
        events.record(d, 'Warning', Reason.FailedRSCreate, msg, { component: this.name });
        throw e;
      }
    }
    if (!alreadyExists && newReplicasCount > 0) {
      // The v1.32 wording (PR #125118); earlier releases said "Scaled up replica set <rs> to <n>".
      events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${newReplicasCount}`, { component: this.name });
    }
    let needsUpdate = setDeploymentRevision(d, newRevision);
    if (!alreadyExists && hasProgressDeadline(d)) {
      setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', Reason.NewReplicaSetCreated, `Created new replica set "${name}"`, now));
      needsUpdate = true;
    }
    if (needsUpdate) this.writeStatus(d);
    return created;
  }

  // ---- scaling (sync.go) -------------------------------------------------------------------------

  /**
   * scale: one active ReplicaSet takes all the replicas; a saturated new ReplicaSet empties the
   * old ones; otherwise (RollingUpdate) the change is spread over the active ReplicaSets in
   * proportion to their size, the leftover going to the first in order.
   */
  private scale(d: DeploymentObject, newRS: StoredReplicaSet | undefined, oldRSs: StoredReplicaSet[]): void {
    const replicas = deploymentReplicas(d);
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (rsReplicas(activeOrLatest) === replicas) return;
      this.scaleReplicaSetAndRecordEvent(activeOrLatest, replicas, d);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of filterActiveReplicaSets(oldRSs)) this.scaleReplicaSetAndRecordEvent(old, 0, d);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
    const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowedSize - replicaCount(allRSs);
    let operation = '';
    if (toAdd > 0) {
      allRSs.sort(bySizeNewer);
      operation = 'up';
    } else if (toAdd < 0) {
      allRSs.sort(bySizeOlder);
      operation = 'down';
    }
    let added = 0;
    const nameToSize = new Map<string, number>();
    for (const rs of allRSs) {
      if (toAdd !== 0) {
        const proportion = getProportion(rs, d, toAdd, added);
        nameToSize.set(rs.metadata.name!, rsReplicas(rs) + proportion);
        added += proportion;
      } else {
        nameToSize.set(rs.metadata.name!, rsReplicas(rs));
      }
    }
    allRSs.forEach((rs, i) => {
      // The leftover goes to the largest ReplicaSet.
      if (i === 0 && toAdd !== 0) nameToSize.set(rs.metadata.name!, Math.max(0, nameToSize.get(rs.metadata.name!)! + toAdd - added));
      this.scaleReplicaSet(rs, nameToSize.get(rs.metadata.name!)!, d, operation);
    });
  }

  private scaleReplicaSetAndRecordEvent(rs: StoredReplicaSet, newScale: number, d: DeploymentObject): { scaled: boolean; rs: StoredReplicaSet } {
    if (rsReplicas(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, d, rsReplicas(rs) < newScale ? 'up' : 'down');
  }

  /** scaleReplicaSet: sets spec.replicas and the replicas annotations; an actual resize is a ScalingReplicaSet event. */
  private scaleReplicaSet(rs: StoredReplicaSet, newScale: number, d: DeploymentObject, operation: string): { scaled: boolean; rs: StoredReplicaSet } {
    const replicas = deploymentReplicas(d);
    const oldScale = rsReplicas(rs);
    const sizeNeedsUpdate = oldScale !== newScale;
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicas, replicas + maxSurge(d))) return { scaled: false, rs };
    const rsCopy = deepCopy(rs) as ReplicaSet & KubeObject;
    rsCopy.spec = { ...rsCopy.spec!, replicas: newScale };
    setReplicasAnnotations(rsCopy, replicas, replicas + maxSurge(d));
    // The write may have completed a pending deletion, leaving nothing to return.
    const updated = this.ctx.store.update(rsCopy) ?? rs;
    if (sizeNeedsUpdate) {
      this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`, { component: this.name });
    }
    return { scaled: sizeNeedsUpdate, rs: updated };
  }

  /**
   * cleanupDeployment: deletes the oldest old ReplicaSets beyond revisionHistoryLimit, skipping
   * any that still has or wants pods, is being deleted, or has an unobserved spec.
   */
  private cleanupDeployment(oldRSs: StoredReplicaSet[], d: DeploymentObject): void {
    if (!hasRevisionHistoryLimit(d)) return;
    const cleanable = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
    const diff = cleanable.length - d.spec.revisionHistoryLimit!;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.ctx.store.delete('ReplicaSet', rs.metadata.namespace ?? '', rs.metadata.name!);
      } catch (e) {
        if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      }
    }
  }

  // ---- RollingUpdate (rolling.go) ---------------------------------------------------------------

  private rolloutRolling(d: DeploymentObject, rsList: StoredReplicaSet[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, true);
    const allRSs = [...oldRSs, newRS];
    if (this.reconcileNewReplicaSet(allRSs, newRS!, d)) return this.syncRolloutStatus(allRSs, newRS, d);
    if (this.reconcileOldReplicaSets(allRSs, filterActiveReplicaSets(oldRSs), newRS!, d)) return this.syncRolloutStatus(allRSs, newRS, d);
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(oldRSs, d);
    this.syncRolloutStatus(allRSs, newRS, d);
  }

  private reconcileNewReplicaSet(allRSs: (StoredReplicaSet | undefined)[], newRS: StoredReplicaSet, d: DeploymentObject): boolean {
    const replicas = deploymentReplicas(d);
    if (rsReplicas(newRS) === replicas) return false;
    if (rsReplicas(newRS) > replicas) return this.scaleReplicaSetAndRecordEvent(newRS, replicas, d).scaled;
    return this.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(d, allRSs, newRS), d).scaled;
  }

  /**
   * reconcileOldReplicaSets: scales old ReplicaSets down by at most
   * allPods - minAvailable - (new ReplicaSet's unavailable pods), unhealthy replicas first.
   */
  private reconcileOldReplicaSets(allRSs: (StoredReplicaSet | undefined)[], oldRSs: StoredReplicaSet[], newRS: StoredReplicaSet, d: DeploymentObject): boolean {
    if (replicaCount(oldRSs) === 0) return false;
    const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
    const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
    if (maxScaledDown <= 0) return false;
    // Upstream swallows the errors of both steps ("return false, nil").
    let cleaned: { oldRSs: StoredReplicaSet[]; count: number };
    try {
      cleaned = this.cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return false;
    }
    let scaledDown: number;
    try {
      scaledDown = this.scaleDownOldReplicaSetsForRollingUpdate([...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return false;
    }
    return cleaned.count + scaledDown > 0;
  }

  /** cleanupUnhealthyReplicas: oldest first, drop the replicas that are not available. */
  private cleanupUnhealthyReplicas(oldRSs: StoredReplicaSet[], d: DeploymentObject, maxCleanupCount: number): { oldRSs: StoredReplicaSet[]; count: number } {
    const sorted = [...oldRSs].sort(byCreationTimestamp);
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (total >= maxCleanupCount) break;
      const rs = sorted[i];
      const available = rs.status?.availableReplicas ?? 0;
      if (rsReplicas(rs) === 0 || rsReplicas(rs) === available) continue;
      const scaledDownCount = Math.min(maxCleanupCount - total, rsReplicas(rs) - available);
      sorted[i] = this.scaleReplicaSetAndRecordEvent(rs, rsReplicas(rs) - scaledDownCount, d).rs;
      total += scaledDownCount;
    }
    return { oldRSs: sorted, count: total };
  }

  /** scaleDownOldReplicaSetsForRollingUpdate: oldest first, down to minAvailable available pods. */
  private scaleDownOldReplicaSetsForRollingUpdate(allRSs: StoredReplicaSet[], oldRSs: StoredReplicaSet[], d: DeploymentObject): number {
    const minAvailable = deploymentReplicas(d) - maxUnavailable(d);
    const available = availableReplicaCount(allRSs);
    if (available <= minAvailable) return 0;
    const totalToScaleDown = available - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
      if (total >= totalToScaleDown) break;
      if (rsReplicas(rs) === 0) continue;
      const count = Math.min(rsReplicas(rs), totalToScaleDown - total);
      this.scaleReplicaSetAndRecordEvent(rs, rsReplicas(rs) - count, d);
      total += count;
    }
    return total;
  }

  // ---- Recreate (recreate.go) ----------------------------------------------------------------

  /** rolloutRecreate: old ReplicaSets to zero, wait for their pods to stop, then the new one to full size. */
  private rolloutRecreate(d: DeploymentObject, rsList: StoredReplicaSet[], podMap: PodMap): void {
    // The new ReplicaSet is not created yet, so that nothing scales up before the old pods are gone.
    let { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    let allRSs = [...oldRSs, newRS];
    let scaledDown = false;
    for (const rs of filterActiveReplicaSets(oldRSs)) if (this.scaleReplicaSetAndRecordEvent(rs, 0, d).scaled) scaledDown = true;
    if (scaledDown) return this.syncRolloutStatus(allRSs, newRS, d);
    if (oldPodsRunning(newRS, oldRSs, podMap)) return this.syncRolloutStatus(allRSs, newRS, d);
    if (!newRS) {
      ({ newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, true));
      allRSs = [...oldRSs, newRS];
    }
    this.scaleReplicaSetAndRecordEvent(newRS!, deploymentReplicas(d), d);
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(oldRSs, d);
    this.syncRolloutStatus(allRSs, newRS, d);
  }

  // ---- status (sync.go, progress.go) -----------------------------------------------------------

  private syncDeploymentStatus(allRSs: (StoredReplicaSet | undefined)[], newRS: StoredReplicaSet | undefined, d: DeploymentObject): void {
    const next = calculateStatus(allRSs, newRS, d, this.ctx.clock.nowMs());
    if (sameStatus(d.status, next)) return;
    d.status = next;
    this.writeStatus(d);
  }

  /**
   * syncRolloutStatus: the status plus the Progressing condition — NewReplicaSetAvailable once
   * complete, ReplicaSetUpdated (with a fresh lastUpdateTime) on any progress, and
   * ProgressDeadlineExceeded once progressDeadlineSeconds pass without progress — and the
   * ReplicaSets' ReplicaFailure condition. An unchanged status schedules the deadline check.
   */
  private syncRolloutStatus(allRSs: (StoredReplicaSet | undefined)[], newRS: StoredReplicaSet | undefined, d: DeploymentObject): void {
    const now = this.ctx.clock.nowMs();
    const next = calculateStatus(allRSs, newRS, d, now);
    if (!hasProgressDeadline(d)) removeDeploymentCondition(next, 'Progressing');
    const currentCond = getDeploymentCondition(d.status, 'Progressing');
    const isCompleteDeployment = next.replicas === next.updatedReplicas && currentCond?.reason === Reason.NewReplicaSetAvailable;
    if (hasProgressDeadline(d) && !isCompleteDeployment) {
      if (deploymentComplete(d, next)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setDeploymentCondition(next, newDeploymentCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, msg, now));
      } else if (deploymentProgressing(d, next)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const condition = newDeploymentCondition('Progressing', 'True', Reason.ReplicaSetUpdated, msg, now);
        // Unlike SetDeploymentCondition, progress always refreshes lastUpdateTime; only the
        // transition time of a condition that was already True is kept.
        if (currentCond) {
          if (currentCond.status === 'True') condition.lastTransitionTime = currentCond.lastTransitionTime;
          removeDeploymentCondition(next, 'Progressing');
        }
        setDeploymentCondition(next, condition);
      } else if (deploymentTimedOut(d, next, now)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setDeploymentCondition(next, newDeploymentCondition('Progressing', 'False', Reason.TimedOut, msg, now));
      }
    }
    const failure = replicaFailure(allRSs, newRS);
    if (failure) setDeploymentCondition(next, failure);
    else removeDeploymentCondition(next, 'ReplicaFailure');

    if (sameStatus(d.status, next)) {
      this.requeueStuckDeployment(d, next, now);
      return;
    }
    d.status = next;
    this.writeStatus(d);
  }

  /**
   * requeueStuckDeployment: a rollout without progress is synced again just after its deadline
   * (lastUpdateTime + progressDeadlineSeconds, plus a second against clock skew). Within the last
   * second upstream re-queues it through the rate limiter, whose bucket lets that happen every
   * 100 ms.
   */
  private requeueStuckDeployment(d: DeploymentObject, next: DeploymentStatus, nowMs: number): void {
    const cond = getDeploymentCondition(d.status, 'Progressing');
    if (!hasProgressDeadline(d) || !cond) return;
    if (deploymentComplete(d, next) || cond.reason === Reason.TimedOut) return;
    const lastUpdateMs = parseRfc3339(cond.lastUpdateTime) ?? 0;
    const afterMs = lastUpdateMs + d.spec.progressDeadlineSeconds! * 1000 - nowMs;
    const key = objectKey(d);
    if (afterMs < 1000) this.queue.addAfter(key, Math.max(RATE_LIMITED_REQUEUE_MS, afterMs + 1));
    else this.queue.addAfter(key, afterMs + 1000);
  }

  /** UpdateStatus with this sync's copy: its resourceVersion makes a second write in one sync a Conflict. */
  private writeStatus(d: DeploymentObject): void {
    const copy = deepCopy(d);
    copy.status = compactStatus(d.status ?? {});
    this.ctx.store.update(copy, { validate: false, subresource: 'status' });
  }
}

/** LabelSelectorAsSelector, or undefined for a selector it rejects. */
function selectorOrUndefined(ls: DeepReadonly<LabelSelector> | undefined): Selector | undefined {
  try {
    return selectorFromLabelSelector(ls as LabelSelector | undefined);
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
}

/** spec.minReadySeconds, left out when 0 as Go's omitempty does. */
function withMinReadySeconds<S extends { minReadySeconds?: number }>(spec: S, minReadySeconds: number): S {
  const { minReadySeconds: _old, ...rest } = spec;
  return (minReadySeconds > 0 ? { ...rest, minReadySeconds } : rest) as S;
}

/** oldPodsRunning: an old ReplicaSet still reports pods, or one of its pods is not terminal yet. */
function oldPodsRunning(newRS: StoredReplicaSet | undefined, oldRSs: StoredReplicaSet[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    // Unknown (deprecated) counts as running: the pod may still be running somewhere.
    if (pods.some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')) return true;
  }
  return false;
}

/** calculateStatus: the counts over all ReplicaSets, and the Available condition. */
function calculateStatus(allRSs: (StoredReplicaSet | undefined)[], newRS: StoredReplicaSet | undefined, d: DeploymentObject, nowMs: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  // Against spec.replicas, not status.replicas; more available than wanted counts as none missing.
  const unavailable = Math.max(0, replicaCount(allRSs) - available);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
    collisionCount: d.status?.collisionCount,
  };
  if (available >= deploymentReplicas(d) - maxUnavailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', nowMs));
  } else {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, else the first old one's. */
function replicaFailure(allRSs: (StoredReplicaSet | undefined)[], newRS: StoredReplicaSet | undefined) {
  const failureOf = (rs: StoredReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const c = failureOf(newRS) ?? allRSs.map(failureOf).find((x) => x !== undefined);
  return c ? replicaSetToDeploymentCondition(c) : undefined;
}

/**
 * The status as the apiserver stores it: fields in DeploymentStatus order, zero counts and an
 * empty condition list left out (omitempty), collisionCount kept whenever set (a pointer).
 */
function compactStatus(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const f of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) {
    if (s[f]) out[f] = s[f];
  }
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

/** reflect.DeepEqual of two statuses, through their stored form. */
function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return canonicallyEqual(compactStatus(a ?? {}), compactStatus(b));
}

/** The per-item exponential backoff of the workqueue's default controller rate limiter. */
function rateLimitDelayMs(failures: number): number {
  return Math.min(RATE_LIMIT_BASE_MS * 2 ** failures, RATE_LIMIT_MAX_MS);
}
