// The Job controller, mirroring pkg/controller/job/job_controller.go as of v1.32: claim the pods,
// count finished ones through the batch.kubernetes.io/job-tracking finalizer (a pod is added to
// status.uncountedTerminatedPods, its finalizer removed, then the counter moves), decide whether
// the Job has failed (podFailurePolicy, backoffLimit, activeDeadlineSeconds, per-index limits) or
// succeeded (completions, successPolicy), and otherwise create or delete pods towards
// min(parallelism, remaining completions), respecting the pod-failure backoff (10 s doubling,
// capped at 10 minutes). With JobPodReplacementPolicy on (beta, default since 1.29) the terminal
// condition is delayed: FailureTarget or SuccessCriteriaMet first, Failed or Complete once no pod
// is terminating.
//
// Deliberate differences: the store is read synchronously, so the informer is never stale and
// upstream's finalizer-removal expectations (uidTrackingExpectations) have nothing to guard;
// pods adopted from orphans get no tracking finalizer (owners.ts claims them generically).
import { toRfc3339 } from '../clock.ts';
import type { Stored, WatchEvent } from '../api/store.ts';
import type { Job, JobCondition, KubeObject, Pod, PodTemplateSpec } from '../api/types.ts';
import { selectorFromLabelSelector, type Selector } from '../api/labels.ts';
import { isPodActive, isPodReady, isPodTerminal, type StoredPod } from '../api/pods.ts';
import { UserError } from '../errors.ts';
import { deepCopy } from '../util/copy.ts';
import { claim, controllerRef, getControllerOf, CONTROLLER_INDEX } from './owners.ts';
import { Expectations, WorkQueue, splitKey, splitObjectKey, objectKeyOf, rewritten, unconditionalMetadata, currentMetadata, type Controller, type ControllerContext } from './base.ts';
import { DelayingQueue } from './delayed.ts';
import { slowStartBatch } from './replicaset.ts';
import {
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_TRACKING_FINALIZER,
  OrderedIntervals,
  completionIndex,
  findCondition,
  finishedTimeMs,
  firstPendingIndexes,
  hasTrackingFinalizer,
  isConditionTrue,
  isJobFinished,
  matchPodFailurePolicy,
  matchSuccessPolicy,
  nextBackoffRecord,
  podGenerateNameWithIndex,
  remainingBackoffMs,
  sortActivePods,
  type BackoffRecord,
  type StoredJob,
} from './job-util.ts';

// pkg/controller/job/job_controller.go
const SYNC_JOB_BATCH_PERIOD_MS = 1000; // syncJobBatchPeriod
const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000; // DefaultJobPodFailureBackOff
const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000; // MaxJobPodFailureBackOff
const MAX_UNCOUNTED_PODS = 500; // MaxUncountedPods
const MAX_POD_CREATE_DELETE_PER_SYNC = 500; // MaxPodCreateDeletePerSync
const SLOW_START_INITIAL_BATCH_SIZE = 1; // pkg/controller/controller_utils.go
const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX'; // indexed_job_utils.go completionIndexEnvName
const ORPHAN_PREFIX = 'orphan-pod\u0000';

type JobStatus = NonNullable<Job['status']>;

/** What one syncJob works with (syncJobCtx). */
interface SyncContext {
  key: string;
  job: StoredJob;
  status: JobStatus;
  pods: StoredPod[];
  activePods: StoredPod[];
  succeeded: number;
  failed: number;
  ready: number;
  terminating: number;
  uncountedSucceeded: ReadonlySet<string>;
  uncountedFailed: ReadonlySet<string>;
  finishedCondition?: JobCondition;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  failedIndexes?: OrderedIntervals;
  podsWithDelayedDeletionPerIndex: ReadonlyMap<number, StoredPod>;
  newBackoffRecord: BackoffRecord;
}

export class JobController implements Controller {
  readonly name = 'job-controller';
  /** The source of every event it records (one object: the recorder only reads it). */
  private readonly source = { component: this.name };
  readonly queue: WorkQueue;
  private readonly delayed: DelayingQueue;
  private expectations: Expectations;
  /** podBackoffStore: per Job key, the failures since the last success. */
  private readonly backoffs = new Map<string, BackoffRecord>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    this.delayed = new DelayingQueue(ctx.loop, ctx.clock, this.queue, this.name);
    this.expectations = new Expectations(ctx.clock);
    ctx.store.watch('Job', (ev) => this.onJob(ev));
    ctx.store.watch('Pod', (ev) => this.onPod(ev));
  }

  /** The controller manager restarted: what it kept in memory is gone, and every Job is synced. */
  restart(): void {
    this.expectations = new Expectations(this.ctx.clock);
    this.backoffs.clear();
    for (const job of this.ctx.store.list('Job')) this.queue.add(keyOf(job));
  }

  // ---- event handlers ----------------------------------------------------------------------

  private onJob(ev: WatchEvent): void {
    const job = ev.object as StoredJob;
    const key = keyOf(job);
    if (ev.type === 'ADDED') return this.queue.add(key);
    if (ev.type === 'DELETED') {
      this.queue.add(key);
      return this.cleanupPodFinalizers(job);
    }
    const old = ev.old as StoredJob;
    // A spec change syncs at once; a status change (mostly our own) waits for the batch period.
    if (job.metadata.generation === old.metadata.generation) this.delayed.addAfter(key, SYNC_JOB_BATCH_PERIOD_MS);
    else this.queue.add(key);
    if (isJobFinished(job)) this.cleanupPodFinalizers(job);
    const ads = job.spec?.activeDeadlineSeconds;
    if (job.status?.startTime && ads != null && ads !== old.spec?.activeDeadlineSeconds) {
      this.delayed.addAfter(key, ads * 1000 - (this.ctx.clock.nowMs() - Date.parse(job.status.startTime)));
    }
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    if (ev.type === 'DELETED') return this.podGone(pod, true);
    if (pod.metadata.deletionTimestamp !== undefined) return this.podGone(pod, false);
    const ref = getControllerOf(pod);
    if (ev.type === 'MODIFIED') {
      const oldRef = getControllerOf(ev.old!);
      if (oldRef && oldRef.uid !== ref?.uid) {
        const oldJob = this.resolve(pod.metadata.namespace!, oldRef);
        if (oldJob) this.enqueueBatched(oldJob);
      }
    }
    if (ref) {
      const job = this.resolve(pod.metadata.namespace!, ref);
      if (!job) return;
      if (ev.type === 'ADDED') this.expectations.creationObserved(keyOf(job));
      return this.enqueueBatched(job);
    }
    if (hasTrackingFinalizer(pod)) this.queue.add(ORPHAN_PREFIX + keyOf(pod));
    if (ev.type === 'ADDED' || ev.old!.metadata.labels !== pod.metadata.labels || getControllerOf(ev.old!)) {
      for (const job of this.jobsSelecting(pod)) this.enqueueBatched(job);
    }
  }

  /** deletePod: a deletionTimestamp counts as the deletion observed, as the final removal does. */
  private podGone(pod: StoredPod, final: boolean): void {
    const ref = getControllerOf(pod);
    if (!ref) {
      if (!final && hasTrackingFinalizer(pod)) this.queue.add(ORPHAN_PREFIX + keyOf(pod));
      return;
    }
    const job = this.resolve(pod.metadata.namespace!, ref);
    if (!job || isJobFinished(job)) {
      if (!final && hasTrackingFinalizer(pod)) this.queue.add(ORPHAN_PREFIX + keyOf(pod));
      return;
    }
    this.expectations.deletionObserved(keyOf(job));
    this.enqueueBatched(job);
  }

  private enqueueBatched(job: StoredJob): void {
    this.delayed.addAfter(keyOf(job), SYNC_JOB_BATCH_PERIOD_MS);
  }

  private resolve(namespace: string, ref: { kind: string; name: string; uid: string }): StoredJob | undefined {
    if (ref.kind !== 'Job') return undefined;
    const job = this.ctx.store.get<Job & KubeObject>('Job', namespace, ref.name);
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  /** getPodJobs: Jobs whose selector matches an orphan pod. */
  private jobsSelecting(pod: StoredPod): StoredJob[] {
    return this.ctx.store.list<Job & KubeObject>('Job', pod.metadata.namespace).filter((j) => {
      const sel = jobSelector(j);
      return !sel.empty() && sel.matches(pod.metadata.labels as Record<string, string>);
    });
  }

  /** The tracking finalizers of a finished or deleted Job's pods are removed through the orphan queue. */
  private cleanupPodFinalizers(job: StoredJob): void {
    for (const pod of this.ctx.store.byIndex<Pod & KubeObject>('Pod', CONTROLLER_INDEX, job.metadata.uid!)) {
      if (hasTrackingFinalizer(pod)) this.queue.add(ORPHAN_PREFIX + keyOf(pod));
    }
  }

  sync(key: string): void {
    if (key.startsWith(ORPHAN_PREFIX)) this.syncOrphanPod(key.slice(ORPHAN_PREFIX.length));
    else this.syncJob(key);
  }

  /** syncOrphanPod: removes the finalizer from a pod no unfinished batch/v1 Job controls. */
  private syncOrphanPod(podKey: string): void {
    const [ns, name] = splitKey(podKey);
    const pod = this.ctx.store.get<Pod & KubeObject>('Pod', ns, name);
    if (!pod) return;
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolve(ns, ref);
      if (job && !isJobFinished(job)) return;
    }
    this.removeTrackingFinalizer(pod);
  }

  // ---- syncJob -------------------------------------------------------------------------------

  private syncJob(key: string): void {
    const { store, clock, events } = this.ctx;
    const [ns, name] = splitObjectKey(key);
    const job = store.get<Job & KubeObject>('Job', ns, name);
    if (!job) {
      this.expectations.forget(key);
      this.backoffs.delete(key);
      return;
    }
    if (isJobFinished(job)) {
      this.backoffs.delete(key);
      return;
    }
    const spec = job.spec!;
    if (spec.completionMode != null && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
      events.record(job, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown', this.source);
      return;
    }
    const now = clock.nowMs();
    const status = copyStatus(job.status);
    status.uncountedTerminatedPods ??= {};
    const satisfied = this.expectations.satisfied(key);
    const pods = this.podsForJob(job);
    const activePods: StoredPod[] = [];
    let ready = 0;
    let terminating = 0;
    for (const p of pods) {
      if (isPodActive(p)) {
        activePods.push(p);
        if (isPodReady(p)) ready++;
      }
      if (p.metadata.deletionTimestamp !== undefined && !isPodTerminal(p)) terminating++;
    }
    const c: SyncContext = {
      key,
      job,
      status,
      pods,
      activePods,
      succeeded: 0,
      failed: 0,
      ready,
      terminating,
      uncountedSucceeded: uidSet(status.uncountedTerminatedPods.succeeded),
      uncountedFailed: uidSet(status.uncountedTerminatedPods.failed),
      prevSucceededIndexes: NO_INTERVALS,
      succeededIndexes: NO_INTERVALS,
      podsWithDelayedDeletionPerIndex: NO_DELAYED_PODS,
      newBackoffRecord: NO_BACKOFF,
    };
    let active = activePods.length;
    const newSucceeded = this.validPods(c, c.uncountedSucceeded, false);
    const newFailed = this.validPods(c, c.uncountedFailed, true);
    c.succeeded = (status.succeeded ?? 0) + newSucceeded.length + c.uncountedSucceeded.size;
    const ignored = spec.podFailurePolicy ? newFailed.filter((p) => !matchPodFailurePolicy(spec.podFailurePolicy, p).countFailed).length : 0;
    c.failed = (status.failed ?? 0) + newFailed.length - ignored + c.uncountedFailed.size;
    // Job first start: startTime is set on the first sync that finds the Job not suspended.
    if (!status.startTime && !spec.suspend) status.startTime = toRfc3339(now);
    c.newBackoffRecord = nextBackoffRecord(this.backoffs.get(key) ?? NO_BACKOFF, newSucceeded, newFailed);

    c.finishedCondition = conditionIfTrue(status.conditions, 'SuccessCriteriaMet');
    if (!c.finishedCondition) {
      const failureTarget = conditionIfTrue(status.conditions, 'FailureTarget');
      if (failureTarget) c.finishedCondition = newCondition('Failed', failureTarget.reason!, failureTarget.message!, now);
      else {
        const message = spec.podFailurePolicy ? pods.map((p) => (isPodFailed(p, job) ? matchPodFailurePolicy(spec.podFailurePolicy, p).failJobMessage : undefined)).find((m) => m) : undefined;
        if (message) c.finishedCondition = newCondition('FailureTarget', 'PodFailurePolicy', message, now);
      }
    }
    if (!c.finishedCondition) {
      if (c.failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
        c.finishedCondition = newCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
      } else if (pastActiveDeadline(job, status, now)) {
        c.finishedCondition = newCondition('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
      } else if (spec.activeDeadlineSeconds != null && !spec.suspend) {
        this.delayed.addAfter(key, spec.activeDeadlineSeconds * 1000 - (now - Date.parse(status.startTime!)));
      }
    }
    if (isIndexed(job)) this.indexedAccounting(c, now);

    let suspendChanged = false;
    if (c.finishedCondition) {
      const { deleted, deletedReady } = this.deleteActivePods(job, activePods);
      // Not finished yet while pods may be missing from the cache or remain to be deleted.
      if (deleted !== active || !satisfied) c.finishedCondition = undefined;
      active -= deleted;
      c.terminating += deleted;
      c.ready -= deletedReady;
    } else {
      const manageJobCalled = satisfied && job.metadata.deletionTimestamp === undefined;
      if (manageJobCalled) active = this.manageJob(c);
      const complete = spec.completions == null ? c.succeeded > 0 && active === 0 : c.succeeded >= spec.completions && active === 0;
      if (complete) {
        // v1.32's reason for reaching the completions (JobReasonCompletionsReached).
        c.finishedCondition = newCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
      } else if (manageJobCalled) {
        suspendChanged = this.updateSuspendCondition(job, status, now);
      }
    }
    const needsStatusUpdate = suspendChanged || active !== (status.active ?? 0) || c.ready !== status.ready || c.terminating !== status.terminating;
    status.active = active;
    status.ready = c.ready;
    status.terminating = c.terminating;
    this.trackJobStatusAndRemoveFinalizers(c, needsStatusUpdate, now);
  }

  /** The Suspended condition and its events; resuming resets startTime. */
  private updateSuspendCondition(job: StoredJob, status: JobStatus, now: number): boolean {
    const suspended = job.spec?.suspend === true;
    const changed = suspended
      ? ensureCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)
      : ensureCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
    if (!changed) return false;
    this.ctx.events.record(job, 'Normal', suspended ? 'Suspended' : 'Resumed', suspended ? 'Job suspended' : 'Job resumed', this.source);
    if (!suspended) status.startTime = toRfc3339(now);
    return true;
  }

  /** getPodsForJob: claim by selector (adopting orphans, releasing what no longer matches). */
  private podsForJob(job: StoredJob): StoredPod[] {
    const selector = jobSelector(job);
    return claim(this.ctx.store, 'Pod', job, selector) as StoredPod[];
  }

  /**
   * getValidPodsWithFilter: pods still carrying the finalizer, not yet uncounted, with a valid
   * index, that failed (isPodFailed) or else succeeded.
   */
  private validPods(c: SyncContext, uncounted: ReadonlySet<string> | undefined, failed: boolean): readonly StoredPod[] {
    const job = c.job;
    const indexed = isIndexed(job);
    const completions = job.spec?.completions ?? 0;
    // Made once a pod qualifies, as a list of one (most syncs find none, the others mostly one).
    let out: StoredPod[] | undefined;
    for (const p of c.pods) {
      if (!hasTrackingFinalizer(p) || uncounted?.has(p.metadata.uid!)) continue;
      if (indexed) {
        const ix = completionIndex(p);
        if (ix < 0 || ix >= completions) continue;
      }
      if (!(failed ? isPodFailed(p, job) : p.status?.phase === 'Succeeded')) continue;
      if (out === undefined) out = [p];
      else out.push(p);
    }
    return out ?? NO_PODS;
  }

  /** Succeeded and failed indexes, the per-index limits and the success policy (Indexed Jobs). */
  private indexedAccounting(c: SyncContext, now: number): void {
    const { job, status } = c;
    const spec = job.spec!;
    const completions = spec.completions!;
    c.prevSucceededIndexes = OrderedIntervals.parse(status.completedIndexes, completions);
    const newIndexes = new Set<number>();
    for (const p of c.pods) {
      const ix = completionIndex(p);
      if (p.status?.phase === 'Succeeded' && ix >= 0 && ix < completions && hasTrackingFinalizer(p)) newIndexes.add(ix);
    }
    c.succeededIndexes = c.prevSucceededIndexes.withIndexes([...newIndexes].sort((a, b) => a - b));
    c.succeeded = c.succeededIndexes.total();
    if (spec.backoffLimitPerIndex != null) {
      const failedNow = new Set<number>();
      for (const p of c.pods) {
        const ix = completionIndex(p);
        if (ix >= 0 && ix < completions && hasTrackingFinalizer(p) && isIndexFailed(job, p)) failedNow.add(ix);
      }
      c.failedIndexes = OrderedIntervals.parse(status.failedIndexes ?? undefined, completions).withIndexes([...failedNow].sort((a, b) => a - b));
      if (!c.finishedCondition) {
        if (spec.maxFailedIndexes != null && c.failedIndexes.total() > spec.maxFailedIndexes) {
          c.finishedCondition = newCondition('FailureTarget', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes', now);
        } else if (c.failedIndexes.total() > 0 && c.failedIndexes.total() + c.succeededIndexes.total() >= completions) {
          c.finishedCondition = newCondition('FailureTarget', 'FailedIndexes', 'Job has failed indexes', now);
        }
      }
      c.podsWithDelayedDeletionPerIndex = this.podsWithDelayedDeletionPerIndex(c);
    }
    if (!c.finishedCondition) {
      const message = matchSuccessPolicy(spec.successPolicy, completions, c.succeededIndexes);
      if (message) c.finishedCondition = newCondition('SuccessCriteriaMet', 'SuccessPolicy', message, now);
    }
  }

  /** getPodsWithDelayedDeletionPerIndex: the last failed pod of each index awaiting its replacement. */
  private podsWithDelayedDeletionPerIndex(c: SyncContext): Map<number, StoredPod> {
    const activeIndexes = new Set(c.activePods.map(completionIndex));
    const out = new Map<number, StoredPod>();
    for (const p of this.validPods(c, undefined, true)) {
      const ix = completionIndex(p);
      if (c.succeededIndexes.has(ix) || c.failedIndexes?.has(ix) || activeIndexes.has(ix)) continue;
      const last = out.get(ix);
      if (!last || (absoluteFailureCount(last) <= absoluteFailureCount(p) && finishedTimeMs(p) >= finishedTimeMs(last))) out.set(ix, p);
    }
    return out;
  }

  // ---- manageJob -----------------------------------------------------------------------------

  /** manageJob: deletes surplus pods or creates missing ones; returns the new active count. */
  private manageJob(c: SyncContext): number {
    const { job, key } = c;
    const spec = job.spec!;
    let active = c.activePods.length;
    const parallelism = spec.parallelism ?? 1;
    if (spec.suspend) {
      const victims = activePodsForRemoval(job, c.activePods, active);
      this.expectations.expect(key, 0, victims.length);
      const { deleted, deletedReady } = this.deleteJobPods(job, key, victims);
      c.terminating += deleted;
      c.ready -= deletedReady;
      return active - deleted;
    }
    let wantActive: number;
    if (spec.completions == null) wantActive = c.succeeded > 0 ? active : parallelism;
    else wantActive = Math.max(0, Math.min(spec.completions - c.succeeded, parallelism));
    const candidates = activePodsForRemoval(job, c.activePods, Math.max(0, active - wantActive));
    const victims = candidates.length > MAX_POD_CREATE_DELETE_PER_SYNC ? candidates.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC) : candidates;
    if (victims.length > 0) {
      // Deleting and creating never happen in the same sync; deletion goes first.
      this.expectations.expect(key, 0, victims.length);
      const { deleted, deletedReady } = this.deleteJobPods(job, key, victims);
      c.terminating += deleted;
      c.ready -= deletedReady;
      return active - deleted;
    }
    let diff = wantActive - (onlyReplaceFailedPods(job) ? c.terminating : 0) - active;
    if (diff <= 0) return active;
    if (spec.backoffLimitPerIndex == null) {
      const remaining = remainingBackoffMs(c.newBackoffRecord.failuresAfterLastSuccess, c.newBackoffRecord.lastFailureTimeMs, this.ctx.clock.nowMs(), DEFAULT_POD_FAILURE_BACKOFF_MS, MAX_POD_FAILURE_BACKOFF_MS);
      if (remaining > 0) {
        this.delayed.addAfter(key, Math.max(remaining, SYNC_JOB_BATCH_PERIOD_MS));
        // Upstream reports 0 active pods while creations wait for the backoff.
        return 0;
      }
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexes: number[] = [];
    if (isIndexed(job)) {
      let taken = c.succeededIndexes.withIndexes([...new Set(c.activePods.map(completionIndex).filter((i) => i >= 0))].sort((a, b) => a - b));
      if (onlyReplaceFailedPods(job)) {
        const terminating = c.pods.filter((p) => p.metadata.deletionTimestamp !== undefined && !isPodTerminal(p)).map(completionIndex).filter((i) => i >= 0);
        taken = taken.withIndexes([...new Set(terminating)].sort((a, b) => a - b));
      }
      if (c.failedIndexes) taken = taken.merge(c.failedIndexes);
      indexes = firstPendingIndexes(taken, diff, spec.completions!);
      if (spec.backoffLimitPerIndex != null) {
        const { now: ready, remainingMs } = this.indexesReadyToCreate(indexes, c.podsWithDelayedDeletionPerIndex);
        if (ready.length === 0 && remainingMs > 0) {
          this.delayed.addAfter(key, Math.max(remainingMs, SYNC_JOB_BATCH_PERIOD_MS));
          return 0;
        }
        indexes = ready;
      }
      diff = indexes.length;
    }
    this.expectations.expect(key, diff, 0);
    active += diff;
    // store.create copies what it is given, so the stored template serves as it is unless the
    // index's environment variable goes into it.
    const template = (isIndexed(job) ? deepCopy(spec.template) : spec.template) as PodTemplateSpec;
    if (isIndexed(job)) addCompletionIndexEnv(template);
    const { successes, error } = slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => this.createPod(job, template, indexes.shift(), c.podsWithDelayedDeletionPerIndex));
    if (error) {
      // Creations that failed or were skipped will never be observed.
      for (let i = successes; i < diff; i++) this.expectations.creationObserved(key);
      active -= diff - successes;
    }
    return active;
  }

  /** getPodCreationInfoForIndependentIndexes: indexes whose own backoff is over, or the shortest wait. */
  private indexesReadyToCreate(indexes: number[], delayed: ReadonlyMap<number, StoredPod>): { now: number[]; remainingMs: number } {
    const now: number[] = [];
    let min: number | undefined;
    for (const ix of indexes) {
      const last = delayed.get(ix);
      const remaining = last ? remainingBackoffMs(absoluteFailureCount(last) + 1, finishedTimeMs(last), this.ctx.clock.nowMs(), DEFAULT_POD_FAILURE_BACKOFF_MS, MAX_POD_FAILURE_BACKOFF_MS) : 0;
      if (remaining === 0) now.push(ix);
      else if (min === undefined || remaining < min) min = remaining;
    }
    return now.length > 0 ? { now, remainingMs: 0 } : { now, remainingMs: min ?? 0 };
  }

  /** RealPodControl.CreatePodsWithGenerateName for one pod (GetPodFromTemplate plus the index). */
  private createPod(job: StoredJob, template: PodTemplateSpec, index: number | undefined, delayed: ReadonlyMap<number, StoredPod>): void {
    const { store, events } = this.ctx;
    // store.create copies what it is given: the template's own labels and annotations serve
    // unless the index goes into them.
    let labels = (template.metadata?.labels ?? NO_STRINGS) as Record<string, string>;
    let annotations = (template.metadata?.annotations ?? NO_STRINGS) as Record<string, string>;
    let spec = template.spec as NonNullable<PodTemplateSpec['spec']>;
    let generateName = `${job.metadata.name}-`;
    if (index !== undefined) {
      labels = { ...labels };
      annotations = { ...annotations };
      spec = { ...spec };
      annotations[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
      labels[JOB_COMPLETION_INDEX_ANNOTATION] = String(index); // PodIndexLabel, GA in v1.32
      spec.hostname = `${job.metadata.name}-${index}`;
      generateName = podGenerateNameWithIndex(job.metadata.name!, index);
      if (job.spec?.backoffLimitPerIndex != null) addIndexFailureCounts(annotations, job, delayed.get(index));
    }
    // The template's finalizers plus the tracking one, made at their size (an empty list grown by
    // push reserves room for 17).
    const own = template.metadata?.finalizers;
    const finalizers = own == null || own.length === 0 ? [JOB_TRACKING_FINALIZER] : own.includes(JOB_TRACKING_FINALIZER) ? [...own] : [...own, JOB_TRACKING_FINALIZER];
    try {
      if (isEmpty(labels)) throw new UserError('unable to create pods, no labels'); // controller_utils.go
      const metadata: Record<string, unknown> = { generateName, namespace: job.metadata.namespace, labels };
      if (!isEmpty(annotations)) metadata.annotations = annotations;
      metadata.finalizers = finalizers;
      metadata.ownerReferences = [controllerRef(job)];
      const pod = store.create({ apiVersion: 'v1', kind: 'Pod', metadata, spec } as KubeObject);
      events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, this.source);
    } catch (e) {
      if (e instanceof UserError) events.record(job, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, this.source);
      throw e;
    }
  }

  /** deleteJobPods: removes the tracking finalizer, then deletes (graceful), counting what went. */
  private deleteJobPods(job: StoredJob, key: string, pods: readonly StoredPod[]): { deleted: number; deletedReady: number } {
    let deleted = 0;
    let deletedReady = 0;
    for (const pod of pods) {
      const current = this.removeTrackingFinalizer(pod);
      if (current && this.deletePod(job, current)) deleted++;
      else this.expectations.deletionObserved(key);
      if (isPodReady(pod)) deletedReady++;
    }
    return { deleted, deletedReady };
  }

  /** deleteActivePods: deletes keeping the finalizers, which the status tracking removes. */
  private deleteActivePods(job: StoredJob, pods: StoredPod[]): { deleted: number; deletedReady: number } {
    let deletedReady = 0;
    for (const pod of pods) {
      this.deletePod(job, pod);
      if (isPodReady(pod)) deletedReady++;
    }
    return { deleted: pods.length, deletedReady };
  }

  /** RealPodControl.DeletePod: a NotFound is not an error, but records no event either. */
  private deletePod(job: StoredJob, pod: StoredPod): boolean {
    try {
      this.ctx.store.delete('Pod', pod.metadata.namespace!, pod.metadata.name!);
    } catch (e) {
      if (e instanceof UserError) return false;
      throw e;
    }
    this.ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, this.source);
    return true;
  }

  /** removeTrackingFinalizerPatch; returns the pod as it is afterwards (undefined once it is gone). */
  private removeTrackingFinalizer(pod: StoredPod): StoredPod | undefined {
    const current = this.ctx.store.get<Pod & KubeObject>('Pod', pod.metadata.namespace!, pod.metadata.name!);
    if (!current || current.metadata.uid !== pod.metadata.uid) return undefined;
    if (!hasTrackingFinalizer(current)) return current;
    // The other finalizers, listed only when there are any (usually the tracking one is alone).
    let rest: string[] | undefined;
    for (const f of current.metadata.finalizers!) if (f !== JOB_TRACKING_FINALIZER) (rest ??= []).push(f);
    const metadata = unconditionalMetadata(current.metadata);
    metadata.finalizers = rest;
    return this.ctx.store.update(rewritten(current, metadata) as unknown as KubeObject, { validate: false }) as StoredPod | undefined;
  }

  // ---- trackJobStatusAndRemoveFinalizers -------------------------------------------------------

  /**
   * Adds finished pods to uncountedTerminatedPods, flushes, removes their finalizers, moves the
   * counters, and adds the terminal condition once nothing is uncounted or terminating.
   */
  private trackJobStatusAndRemoveFinalizers(c: SyncContext, needsFlushAtStart: boolean, now: number): void {
    const { job, status } = c;
    const spec = job.spec!;
    const indexed = isIndexed(job);
    let needsFlush = needsFlushAtStart;
    const uncounted = status.uncountedTerminatedPods!;
    // The lists below are made at their first entry as lists of one where they can be (an empty
    // list grown by push reserves room for 17), and most syncs add nothing to them.
    let succeededUids = uncounted.succeeded == null ? [] : uncounted.succeeded.slice();
    let failedUids = uncounted.failed == null ? [] : uncounted.failed.slice();
    const pods = indexed ? [...c.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : c.pods;
    // The uids of the pods that still have the finalizer, made once an uncounted uid needs it.
    let withFinalizer = succeededUids.length + failedUids.length > 0 ? finalizerUids(pods) : undefined;
    if (cleanUncounted(status, succeededUids, failedUids, withFinalizer)) needsFlush = true;
    let toRemove: StoredPod[] | undefined;
    // Only an Indexed Job's succeeded pods add to it (the shared empty list is never pushed to).
    const newSucceededIndexes: number[] = indexed ? [] : (NO_INDEXES as number[]);
    let reachedMax = false;
    for (const pod of pods) {
      if (!hasTrackingFinalizer(pod)) continue;
      const uid = pod.metadata.uid!;
      const considerFailed = isPodFailed(pod, job);
      if (!this.canRemoveFinalizer(c, pod, considerFailed)) continue;
      if (toRemove === undefined) toRemove = [pod];
      else toRemove.push(pod);
      const ix = completionIndex(pod);
      if (pod.status?.phase === 'Succeeded' && !c.uncountedFailed.has(uid)) {
        if (indexed) {
          if (ix >= 0 && ix < spec.completions! && !c.prevSucceededIndexes.has(ix)) {
            newSucceededIndexes.push(ix);
            needsFlush = true;
          }
        } else if (!c.uncountedSucceeded.has(uid)) {
          needsFlush = true;
          if (succeededUids.length === 0) succeededUids = [uid];
          else succeededUids.push(uid);
        }
      } else if (considerFailed || (c.finishedCondition && c.finishedCondition.type !== 'SuccessCriteriaMet')) {
        // When the Job is finishing, every pod that did not succeed counts as failed.
        if (!c.uncountedFailed.has(uid) && (!indexed || (ix >= 0 && ix < spec.completions!))) {
          if (matchPodFailurePolicy(spec.podFailurePolicy, pod).countFailed) {
            needsFlush = true;
            if (failedUids.length === 0) failedUids = [uid];
            else failedUids.push(uid);
          }
        }
      }
      if (newSucceededIndexes.length + succeededUids.length + failedUids.length >= MAX_UNCOUNTED_PODS) {
        reachedMax = true;
        break;
      }
    }
    if (indexed) {
      c.succeededIndexes = c.succeededIndexes.withIndexes(newSucceededIndexes.sort((a, b) => a - b));
      const text = c.succeededIndexes.toString();
      if (text !== (status.completedIndexes ?? '')) needsFlush = true;
      status.succeeded = c.succeededIndexes.total();
      status.completedIndexes = text;
      const failedText = c.failedIndexes?.toString();
      if (failedText !== (status.failedIndexes ?? undefined)) {
        status.failedIndexes = failedText;
        needsFlush = true;
      }
    }
    if (c.finishedCondition?.type === 'FailureTarget') {
      // The interim condition goes out first; Failed follows once the pods are gone.
      status.conditions = [...(status.conditions ?? []), c.finishedCondition];
      needsFlush = true;
      c.finishedCondition = newCondition('Failed', c.finishedCondition.reason!, c.finishedCondition.message!, now);
    }
    if (c.finishedCondition?.type === 'SuccessCriteriaMet') {
      if (!conditionIfTrue(status.conditions, 'SuccessCriteriaMet')) {
        status.conditions = [...(status.conditions ?? []), c.finishedCondition];
        needsFlush = true;
      }
      c.finishedCondition = newCondition('Complete', c.finishedCondition.reason!, c.finishedCondition.message!, now);
    }
    // flushUncountedAndRemoveFinalizers
    setUncounted(status, succeededUids, failedUids);
    if (needsFlush) {
      this.writeStatus(job, status);
      this.keepBackoff(c.key, c.newBackoffRecord);
      needsFlush = false;
    }
    if (toRemove !== undefined) for (const pod of toRemove) {
      // A pod that is already gone counts as its finalizer removed.
      this.removeTrackingFinalizer(pod);
      withFinalizer?.delete(pod.metadata.uid!);
    }
    if (withFinalizer === undefined && succeededUids.length + failedUids.length > 0) {
      withFinalizer = finalizerUids(pods);
      if (toRemove !== undefined) for (const pod of toRemove) withFinalizer.delete(pod.metadata.uid!);
    }
    if (cleanUncounted(status, succeededUids, failedUids, withFinalizer)) needsFlush = true;
    setUncounted(status, succeededUids, failedUids);
    const finished = !reachedMax && this.enactJobFinished(c, succeededUids.length + failedUids.length, now);
    if (finished) needsFlush = true;
    if (needsFlush) {
      this.writeStatus(job, status);
      if (finished) this.recordJobFinished(job, status, c.finishedCondition!);
    }
  }

  /**
   * Stores a Job's backoff record. A record without failures reads as no record at all (the
   * lookup's default), so none is kept: most Jobs never fail, and a Map emptied by its last
   * delete shrinks its table through a runtime call.
   */
  private keepBackoff(key: string, record: BackoffRecord): void {
    if (record.failuresAfterLastSuccess !== 0 || record.lastFailureTimeMs !== undefined) this.backoffs.set(key, record);
    else if (this.backoffs.has(key)) this.backoffs.delete(key);
  }

  /** canRemoveFinalizer: when the Job is finishing or deleted, the pod succeeded, or it failed for good. */
  private canRemoveFinalizer(c: SyncContext, pod: StoredPod, considerFailed: boolean): boolean {
    if (c.job.metadata.deletionTimestamp !== undefined || c.finishedCondition || pod.status?.phase === 'Succeeded') return true;
    if (!considerFailed) return false;
    if (c.job.spec?.backoffLimitPerIndex != null) {
      const delayed = c.podsWithDelayedDeletionPerIndex.get(completionIndex(pod));
      if (delayed?.metadata.uid === pod.metadata.uid) return false;
    }
    return true;
  }

  /** enactJobFinished: the terminal condition, once nothing is uncounted and no pod terminates. */
  private enactJobFinished(c: SyncContext, uncountedCount: number, now: number): boolean {
    const cond = c.finishedCondition;
    if (!cond || uncountedCount > 0 || c.terminating > 0) return false;
    // The condition's time, usually this sync's own (the same text, so no parse is needed).
    const t = cond.lastTransitionTime!;
    ensureCondition(c.status, cond.type, cond.status, cond.reason ?? '', cond.message ?? '', t === toRfc3339(now) ? now : Date.parse(t));
    if (cond.type === 'Complete') c.status.completionTime = cond.lastTransitionTime;
    return true;
  }

  /** recordJobFinished: `Completed` (and TooManySucceededPods), or the failure reason as a Warning. */
  private recordJobFinished(job: StoredJob, status: JobStatus, cond: JobCondition): void {
    const source = this.source;
    if (cond.type === 'Complete') {
      if (job.spec?.completions != null && (status.succeeded ?? 0) > job.spec.completions) {
        this.ctx.events.record(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', source);
      }
      this.ctx.events.record(job, 'Normal', 'Completed', 'Job completed', source);
    } else {
      this.ctx.events.record(job, 'Warning', cond.reason ?? '', cond.message ?? '', source);
    }
  }

  /** updateJobStatus through the status subresource, with the counters JSON omits when zero. */
  private writeStatus(job: StoredJob, status: JobStatus): void {
    const current = this.ctx.store.get<Job & KubeObject>('Job', job.metadata.namespace!, job.metadata.name!);
    if (!current || current.metadata.uid !== job.metadata.uid) return;
    // The status is this sync's own copy; the store keeps it, so later changes go to a new one.
    // Copied key by key without the omitted counters (rather than copied and pruned with delete,
    // which would leave the stored status a slow dictionary object).
    const out: Record<string, unknown> = {};
    for (const f in status) {
      const v = (status as Record<string, unknown>)[f];
      if ((f === 'active' || f === 'succeeded' || f === 'failed' || f === 'completedIndexes') && !v) continue;
      if (f === 'failedIndexes' && v === undefined) continue;
      out[f] = v;
    }
    this.ctx.store.update(rewritten(current, currentMetadata(current.metadata), out) as unknown as KubeObject, { validate: false, subresource: 'status' });
  }
}

// ---- helpers ----------------------------------------------------------------------------------------

// What a sync starts from when it has nothing of the kind; shared, as nothing changes them in place.
const NO_INTERVALS = new OrderedIntervals(Object.freeze([]));
const NO_DELAYED_PODS: ReadonlyMap<number, StoredPod> = new Map();
const NO_UIDS: ReadonlySet<string> = new Set();
const NO_BACKOFF: BackoffRecord = Object.freeze({ failuresAfterLastSuccess: 0 });

const NO_STRINGS: Readonly<Record<string, string>> = Object.freeze({});
const NO_PODS: readonly StoredPod[] = Object.freeze([]);
const NO_INDEXES: readonly number[] = Object.freeze([]);
const NO_CONDITIONS: readonly JobCondition[] = Object.freeze([]);

/** Whether an object has no own keys (Object.keys(o).length === 0, without the list). */
function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function uidSet(uids: readonly string[] | undefined): ReadonlySet<string> {
  return uids === undefined || uids.length === 0 ? NO_UIDS : new Set(uids);
}

/**
 * The sync's working copy of the status: the stored one's fields, without those set undefined
 * (as a deep copy would leave it). One level is enough: the sync sets fields and replaces lists
 * (conditions, uncountedTerminatedPods), and never changes a stored list or entry in place.
 */
function copyStatus(stored: StoredJob['status']): JobStatus {
  const out: Record<string, unknown> = {};
  if (stored) for (const f in stored) {
    const v = (stored as Record<string, unknown>)[f];
    if (v !== undefined) out[f] = v;
  }
  return out as JobStatus;
}

/**
 * The selectors of the last few stored selector objects: the Job's writes share its spec, and
 * its syncs come close together. (A stored object never changes; a miss parses again.)
 */
const SELECTOR_SLOTS = 4;
const selectorObjects: (object | undefined)[] = new Array(SELECTOR_SLOTS).fill(undefined);
const selectorsParsed: (Selector | undefined)[] = new Array(SELECTOR_SLOTS).fill(undefined);
let nextSelectorSlot = 0;

function jobSelector(job: StoredJob): Selector {
  const ls = job.spec?.selector;
  if (typeof ls !== 'object' || ls === null) return selectorFromLabelSelector(ls as never);
  for (let i = 0; i < SELECTOR_SLOTS; i++) if (selectorObjects[i] === ls) return selectorsParsed[i]!;
  const sel = selectorFromLabelSelector(ls as never);
  selectorObjects[nextSelectorSlot] = ls;
  selectorsParsed[nextSelectorSlot] = sel;
  nextSelectorSlot = (nextSelectorSlot + 1) % SELECTOR_SLOTS;
  return sel;
}

function keyOf(obj: Stored): string {
  return objectKeyOf(obj);
}

function isIndexed(job: StoredJob): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** onlyReplaceFailedPods: podReplacementPolicy Failed, which podFailurePolicy implies. */
function onlyReplaceFailedPods(job: StoredJob): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null;
}

/** isPodFailed: phase Failed, or (unless only failed pods are replaced) deleted before succeeding. */
function isPodFailed(pod: StoredPod, job: StoredJob): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return pod.metadata.deletionTimestamp !== undefined && pod.status?.phase !== 'Succeeded';
}

/** isIndexFailed: a counted failure that used up the index's backoffLimitPerIndex, or FailIndex. */
function isIndexFailed(job: StoredJob, pod: StoredPod): boolean {
  if (!isPodFailed(pod, job)) return false;
  const match = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (match.action === 'FailIndex') return true;
  return match.countFailed && annotationCount(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION) >= job.spec!.backoffLimitPerIndex!;
}

function annotationCount(pod: StoredPod, key: string): number {
  const v = pod.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

function absoluteFailureCount(pod: StoredPod): number {
  return annotationCount(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION) + annotationCount(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
}

/** addIndexFailureCountAnnotation: the replaced pod's counts, plus its own failure. */
function addIndexFailureCounts(annotations: Record<string, string>, job: StoredJob, replaced: StoredPod | undefined): void {
  let failures = 0;
  let ignored = 0;
  if (replaced) {
    failures = annotationCount(replaced, JOB_INDEX_FAILURE_COUNT_ANNOTATION);
    ignored = annotationCount(replaced, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
    if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed) failures++;
    else ignored++;
  }
  annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = String(failures);
  if (ignored > 0) annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the index label (PodIndexLabel). */
function addCompletionIndexEnv(template: PodTemplateSpec): void {
  const spec = template.spec!;
  for (const ctr of [...(spec.initContainers ?? []), ...spec.containers]) {
    if (ctr.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) continue;
    ctr.env = [...(ctr.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX_ANNOTATION}']` } } }];
  }
}

/** activePodsForRemoval: duplicate or invalid indexes first, then by ActivePods order. */
function activePodsForRemoval(job: StoredJob, pods: StoredPod[], rmAtLeast: number): readonly StoredPod[] {
  // Nothing to remove from a non-indexed Job: the shared empty list (no list made and sliced).
  if (rmAtLeast <= 0 && !isIndexed(job)) return NO_PODS;
  const rm: StoredPod[] = [];
  let left = pods;
  if (isIndexed(job)) {
    left = [];
    const completions = job.spec!.completions!;
    const byIndex = [...pods].sort((a, b) => completionIndex(a) - completionIndex(b));
    for (let i = 0; i < byIndex.length; ) {
      const ix = completionIndex(byIndex[i]);
      let j = i;
      while (j < byIndex.length && completionIndex(byIndex[j]) === ix) j++;
      const group = byIndex.slice(i, j);
      if (ix < 0 || ix >= completions) rm.push(...group);
      else {
        sortActivePods(group);
        rm.push(...group.slice(0, -1));
        left.push(group[group.length - 1]);
      }
      i = j;
    }
  }
  if (rm.length < rmAtLeast) rm.push(...sortActivePods([...left]).slice(0, rmAtLeast - rm.length));
  return rm;
}

/** pastBackoffLimitOnFailure: container restarts of running and pending pods (restartPolicy OnFailure). */
function pastBackoffLimitOnFailure(job: StoredJob, pods: StoredPod[]): boolean {
  if (job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    const init = p.status.initContainerStatuses;
    if (init != null) for (const cs of init) restarts += cs.restartCount ?? 0;
    const main = p.status.containerStatuses;
    if (main != null) for (const cs of main) restarts += cs.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** pastActiveDeadline: never while suspended or before the Job started. */
function pastActiveDeadline(job: StoredJob, status: JobStatus, nowMs: number): boolean {
  const ads = job.spec?.activeDeadlineSeconds;
  if (ads == null || !status.startTime || job.spec?.suspend) return false;
  return nowMs - Date.parse(status.startTime) >= ads * 1000;
}

function newCondition(type: string, reason: string, message: string, nowMs: number, status = 'True'): JobCondition {
  const t = toRfc3339(nowMs);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

function conditionIfTrue(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return isConditionTrue(conditions, type) ? findCondition(conditions, type) : undefined;
}

/** ensureJobConditionStatus: updates a condition of that type, or appends it unless it would be False. */
function ensureCondition(status: JobStatus, type: string, condStatus: string, reason: string, message: string, nowMs: number): boolean {
  const list = status.conditions ?? NO_CONDITIONS;
  let i = -1;
  for (let k = 0; k < list.length; k++) {
    if (list[k].type === type) {
      i = k;
      break;
    }
  }
  if (i >= 0) {
    const c = list[i];
    if (c.status === condStatus && (c.reason ?? '') === reason && (c.message ?? '') === message) return false;
    const next = list.slice();
    next[i] = newCondition(type, reason, message, nowMs, condStatus);
    status.conditions = next;
    return true;
  }
  if (condStatus === 'False') return false;
  status.conditions = [...list, newCondition(type, reason, message, nowMs, condStatus)];
  return true;
}

/** The uids of the pods that carry the tracking finalizer. */
function finalizerUids(pods: readonly StoredPod[]): Set<string> {
  const uids = new Set<string>();
  for (const p of pods) if (hasTrackingFinalizer(p)) uids.add(p.metadata.uid!);
  return uids;
}

/**
 * cleanUncountedPodsWithoutFinalizers: uncounted pods whose finalizer is gone move to the
 * counters. `withFinalizer` may be undefined only when both lists are empty.
 */
function cleanUncounted(status: JobStatus, succeeded: string[], failed: string[], withFinalizer: ReadonlySet<string> | undefined): boolean {
  const movedSucceeded = keepWithFinalizer(succeeded, withFinalizer);
  const movedFailed = keepWithFinalizer(failed, withFinalizer);
  status.succeeded = (status.succeeded ?? 0) + movedSucceeded;
  status.failed = (status.failed ?? 0) + movedFailed;
  return movedSucceeded > 0 || movedFailed > 0;
}

/** Keeps, in order and in place, the uids still carrying the finalizer; how many went. */
function keepWithFinalizer(uids: string[], withFinalizer: ReadonlySet<string> | undefined): number {
  let kept = 0;
  for (const u of uids) if (withFinalizer!.has(u)) uids[kept++] = u;
  const moved = uids.length - kept;
  if (moved > 0) uids.length = kept;
  return moved;
}

function setUncounted(status: JobStatus, succeeded: string[], failed: string[]): void {
  // Nothing uncounted, as before: the empty object the status has serves again.
  if (succeeded.length === 0 && failed.length === 0 && status.uncountedTerminatedPods !== undefined && isEmpty(status.uncountedTerminatedPods)) return;
  const uncounted: NonNullable<JobStatus['uncountedTerminatedPods']> = {};
  if (succeeded.length > 0) uncounted.succeeded = [...succeeded];
  if (failed.length > 0) uncounted.failed = [...failed];
  status.uncountedTerminatedPods = uncounted;
}
