// The Job controller's pure helpers, each a port of its upstream counterpart in pkg/controller/job:
// the pod-failure backoff record (backoff_utils.go), completion-index intervals
// (indexed_job_utils.go), podFailurePolicy (pod_failure_policy.go), successPolicy
// (success_policy.go), and the ActivePods deletion order (pkg/controller/controller_utils.go).
import { parseTimeMs } from '../clock.ts';
import type { Stored } from '../api/store.ts';
import type { DeepReadonly, Job, JobCondition, KubeObject, PodFailurePolicy, SuccessPolicy } from '../api/types.ts';
import { isPodReady, maxContainerRestarts, podReadySinceMs, type StoredPod } from '../api/pods.ts';

export type StoredJob = Stored<Job & KubeObject>;

// k8s.io/api/batch/v1/types.go
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const MAX_GENERATED_NAME_LENGTH = 58; // k8s.io/apiserver/pkg/storage/names/generate.go MaxGeneratedNameLength

// ---- conditions (pkg/controller/job/util/utils.go) ------------------------------------------------

/** FinishedCondition: Complete or Failed, whichever is True first in the list. */
export function finishedConditionType(job: StoredJob): 'Complete' | 'Failed' | undefined {
  // An indexed loop, and none without conditions (no empty list or iterator per Job asked about).
  const conditions = job.status?.conditions;
  if (conditions == null) return undefined;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i];
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

export function isJobFinished(job: StoredJob): boolean {
  return finishedConditionType(job) !== undefined;
}

export function findCondition(conditions: readonly DeepReadonly<JobCondition>[] | undefined, type: string): JobCondition | undefined {
  // A loop rather than find: no closure per call (every sync asks for several conditions).
  if (conditions !== undefined) for (const c of conditions) if (c.type === type) return c as JobCondition;
  return undefined;
}

export function isConditionTrue(conditions: readonly DeepReadonly<JobCondition>[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

// ---- pods -----------------------------------------------------------------------------------------

export function hasTrackingFinalizer(pod: StoredPod): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

/** getCompletionIndex: the index annotation as a non-negative integer, or -1. */
export function completionIndex(pod: StoredPod): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return -1;
  const i = Number(v);
  return i < 0 ? -1 : i;
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job part cut so the whole fits 58 characters. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }; // controller_utils.go podPhaseToOrdinal

/** controller.ActivePods Less: the pod to delete first sorts first (no ranks, no log buckets). */
export function activePodsLess(a: StoredPod, b: StoredPod): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_ORDINAL[a.status?.phase ?? 'Pending'] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? 'Pending'] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  if (ra && rb) {
    const ta = podReadySinceMs(a);
    const tb = podReadySinceMs(b);
    if (ta !== tb) return ta === undefined || (tb !== undefined && ta > tb); // afterOrZero
  }
  const ma = maxContainerRestarts(a);
  const mb = maxContainerRestarts(b);
  if (ma !== mb) return ma > mb;
  const ca = timeMs(a.metadata.creationTimestamp);
  const cb = timeMs(b.metadata.creationTimestamp);
  if (ca !== cb) return ca === undefined || (cb !== undefined && ca > cb);
  return false;
}

export function sortActivePods(pods: StoredPod[]): StoredPod[] {
  return pods.sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));
}

/**
 * parseRfc3339 (Date.parse, undefined for an absent or unparseable time), through parseTimeMs's
 * memory of recent texts: the same pods' times are read on every sync.
 */
function timeMs(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const ms = parseTimeMs(s);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---- pod-failure backoff (backoff_utils.go) ---------------------------------------------------------

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTimeMs?: number;
}

/**
 * getFinishedTime: the latest container finishedAt when every container has terminated, else the
 * PodReady=False transition, else deletionTimestamp minus the grace period, else creation.
 */
export function finishedTimeMs(pod: StoredPod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  let latest: number | undefined;
  let allTerminated = statuses.length > 0;
  for (const cs of statuses) {
    const at = timeMs(cs.state?.terminated?.finishedAt);
    if (at === undefined) {
      allTerminated = false;
      break;
    }
    if (latest === undefined || at > latest) latest = at;
  }
  if (allTerminated && latest !== undefined) return latest;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const readyFalseAt = ready?.status === 'False' ? timeMs(ready.lastTransitionTime) : undefined;
  if (readyFalseAt !== undefined) return readyFalseAt;
  if (pod.metadata.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return timeMs(pod.metadata.creationTimestamp) ?? 0;
}

/** The record after a success with no failure since (shared: records are never changed once made). */
const NO_FAILURES: BackoffRecord = Object.freeze({ failuresAfterLastSuccess: 0 });

/** newBackoffRecord: only failures after the last success count. */
export function nextBackoffRecord(old: BackoffRecord, newSucceeded: readonly StoredPod[], newFailed: readonly StoredPod[]): BackoffRecord {
  // No new failure: the record stays, or a success resets it (no lists of times needed).
  if (newFailed.length === 0) return newSucceeded.length === 0 ? old : NO_FAILURES;
  const failedTimes = newFailed.map(finishedTimeMs).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + failedTimes.length, lastFailureTimeMs: failedTimes[failedTimes.length - 1] };
  }
  // Only failures after the last success count.
  const record: BackoffRecord = { failuresAfterLastSuccess: 0 };
  const lastSuccessMs = Math.max(...newSucceeded.map(finishedTimeMs));
  for (let i = failedTimes.length - 1; i >= 0 && failedTimes[i] > lastSuccessMs; i--) {
    record.lastFailureTimeMs ??= failedTimes[i];
    record.failuresAfterLastSuccess++;
  }
  return record;
}

/** getRemainingTimeForFailuresCount: base·2^(n−1), capped, minus the time since the last failure. */
export function remainingBackoffMs(failures: number, lastFailureMs: number | undefined, nowMs: number, baseMs: number, maxMs: number): number {
  if (failures === 0 || lastFailureMs === undefined) return 0;
  let backoffMs = baseMs;
  for (let i = 1; i < failures; i++) {
    backoffMs *= 2;
    if (backoffMs >= maxMs) {
      backoffMs = maxMs;
      break;
    }
  }
  const elapsedMs = nowMs - lastFailureMs;
  return backoffMs < elapsedMs ? 0 : backoffMs - elapsedMs;
}

// ---- completion-index intervals (indexed_job_utils.go orderedIntervals) ---------------------------------

export type Interval = { first: number; last: number };

export class OrderedIntervals {
  constructor(readonly intervals: readonly Interval[] = []) {}

  /** parseIndexesFromString: `1,3-5,7`, clipped to `completions`; corrupt parts are skipped. */
  static parse(text: string | undefined, completions: number): OrderedIntervals {
    const out: Interval[] = [];
    if (!text) return new OrderedIntervals(out);
    for (const part of text.split(',')) {
      const limits = part.split('-');
      if (!/^[+-]?\d+$/.test(limits[0])) continue;
      const first = Number(limits[0]);
      if (first >= completions) break;
      let last = first;
      if (limits.length > 1) {
        if (!/^[+-]?\d+$/.test(limits[1])) continue;
        last = Math.min(Number(limits[1]), completions - 1);
      }
      const prev = out[out.length - 1];
      if (prev && prev.last === first - 1) prev.last = last;
      else out.push({ first, last });
    }
    return new OrderedIntervals(out);
  }

  /** withOrderedIndexes: adds indexes given in increasing order. */
  withIndexes(indexes: readonly number[]): OrderedIntervals {
    return this.merge(new OrderedIntervals(indexes.map((i) => ({ first: i, last: i }))));
  }

  merge(other: OrderedIntervals): OrderedIntervals {
    const result: Interval[] = [];
    const add = (iv: Interval) => {
      const last = result[result.length - 1];
      if (!last || iv.first > last.last + 1) result.push({ ...iv });
      else if (last.last < iv.last) last.last = iv.last;
    };
    const a = this.intervals;
    const b = other.intervals;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) add(a[i].first < b[j].first ? a[i++] : b[j++]);
    while (i < a.length) add(a[i++]);
    while (j < b.length) add(b[j++]);
    return new OrderedIntervals(result);
  }

  total(): number {
    return this.intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
  }

  has(index: number): boolean {
    return this.intervals.some((iv) => iv.first <= index && index <= iv.last);
  }

  /** String: `a-b` for three or more in a row, `a,b` for two. */
  toString(): string {
    return this.intervals.map((iv) => (iv.last === iv.first ? `${iv.first}` : iv.last === iv.first + 1 ? `${iv.first},${iv.last}` : `${iv.first}-${iv.last}`)).join(',');
  }
}

/** firstPendingIndexes: the lowest `count` indexes below `completions` not in `taken`. */
export function firstPendingIndexes(taken: OrderedIntervals, count: number, completions: number): number[] {
  const result: number[] = [];
  let candidate = 0;
  for (const iv of taken.intervals) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

// ---- podFailurePolicy (pod_failure_policy.go) ----------------------------------------------------------

export interface PolicyMatch {
  /** The FailJob message, when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts towards the backoff limits (false for Ignore). */
  countFailed: boolean;
  action?: string;
}

/** matchPodFailurePolicy: the first rule, in order, that matches the failed pod. */
export function matchPodFailurePolicy(policy: DeepReadonly<PodFailurePolicy> | undefined, pod: StoredPod): PolicyMatch {
  if (!policy) return { countFailed: true };
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let matched: string | undefined;
    if (rule.onExitCodes) {
      const req = rule.onExitCodes;
      const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
      const cs = statuses.find((s) => {
        const code = s.state?.terminated?.exitCode;
        if (code === undefined || code === 0) return false;
        if (req.containerName && req.containerName !== s.name) return false;
        const listed = (req.values ?? []).includes(code);
        return req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false;
      });
      if (cs) matched = `Container ${cs.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${cs.state!.terminated!.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const condition = (pod.status?.conditions ?? []).find((c) => rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (condition) matched = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${condition.type} matching ${rule.action} rule at index ${index}`;
    }
    if (matched === undefined) continue;
    switch (rule.action) {
      case 'Ignore':
        return { countFailed: false, action: 'Ignore' };
      case 'Count':
        return { countFailed: true, action: 'Count' };
      case 'FailJob':
        return { failJobMessage: matched, countFailed: true, action: 'FailJob' };
      case 'FailIndex':
        return { countFailed: true, action: 'FailIndex' };
    }
  }
  return { countFailed: true };
}

// ---- successPolicy (success_policy.go) -----------------------------------------------------------------

/** matchSuccessPolicy: `Matched rules at index <i>` for the first rule the succeeded indexes satisfy. */
export function matchSuccessPolicy(policy: DeepReadonly<SuccessPolicy> | undefined, completions: number, succeeded: OrderedIntervals): string | undefined {
  if (!policy || succeeded.intervals.length === 0) return undefined;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.succeededIndexes != null) {
      const required = OrderedIntervals.parse(rule.succeededIndexes, completions);
      if (required.intervals.length === 0) continue;
      let contains = 0;
      for (const r of required.intervals) for (const s of succeeded.intervals) contains += Math.max(0, Math.min(r.last, s.last) - Math.max(r.first, s.first) + 1);
      if (contains === required.total() || (rule.succeededCount != null && contains >= rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount != null && succeeded.total() >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
