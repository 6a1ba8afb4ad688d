// Pure helpers of the Deployment controller and of kubectl's rollout commands, mirroring
// pkg/controller/deployment/util/deployment_util.go (v1.32), the ReplicaSet orderings of
// pkg/controller/controller_utils.go and controller.ComputeHash. Nothing here reads the store or
// the clock: callers pass the objects and the time.
import { toRfc3339, parseRfc3339 } from '../clock.ts';
import type { DeepReadonly, Deployment, LabelSelector, PodTemplateSpec, ReplicaSet } from '../api/types.ts';
import { UserError } from '../errors.ts';
import { deepCopy } from '../util/copy.ts';

export type DeploymentStatus = NonNullable<Deployment['status']>;
export type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];
type ReplicaSetCondition = NonNullable<NonNullable<ReplicaSet['status']>['conditions']>[number];
/** What the helpers read: stored (frozen) objects and working copies alike. */
export type DeploymentView = DeepReadonly<Deployment>;
export type ReplicaSetView = DeepReadonly<ReplicaSet>;

// k8s.io/api/apps/v1/types.go and pkg/controller/deployment/util/deployment_util.go
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash'; // DefaultDeploymentUniqueLabelKey
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration'; // k8s.io/api/core/v1/annotation_key_constants.go
const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to'; // k8s.io/api/apps/v1/types.go DeprecatedRollbackTo
// sync.go maxRevHistoryLengthInChars: "limit revision history length to 100 element (~2000 chars)".
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;
const MAX_INT32 = 2147483647; // math.MaxInt32: "no deadline" / "keep every revision"
// apimachinery/pkg/util/rand/rand.go alphanums: no vowels, "to reduce the chances of bad words".
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Annotations never copied from a Deployment to its ReplicaSets (deployment_util.go
 * annotationsToSkip); kubectl's rollback.go keeps the same list of those it preserves.
 */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

/** Condition reasons (deployment_util.go). */
export const Reason = {
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

// ---- spec accessors ------------------------------------------------------------------------

/** spec.replicas; the apps/v1 defaulter sets 1 when absent (pkg/apis/apps/v1/defaults.go). */
export function deploymentReplicas(d: DeploymentView): number {
  return d.spec?.replicas ?? 1;
}

/** spec.replicas of a ReplicaSet, defaulted to 1 as the apps/v1 defaulter does. */
export function rsReplicas(rs: ReplicaSetView): number {
  return rs.spec?.replicas ?? 1;
}

/** The strategy type; RollingUpdate is the apps/v1 default for an object that skipped defaulting. */
export function strategyType(d: DeploymentView): string {
  return d.spec?.strategy?.type ?? 'RollingUpdate';
}

export function isRollingUpdate(d: DeploymentView): boolean {
  return strategyType(d) === 'RollingUpdate';
}

// The apps/v1 defaults of rollingUpdate (pkg/apis/apps/v1/defaults.go).
const DEFAULT_MAX_SURGE = '25%';
const DEFAULT_MAX_UNAVAILABLE = '25%';

function rollingParams(d: DeploymentView): { maxSurge: number | string; maxUnavailable: number | string } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return { maxSurge: ru?.maxSurge ?? DEFAULT_MAX_SURGE, maxUnavailable: ru?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE };
}

// ---- maxSurge / maxUnavailable -------------------------------------------------------------

/**
 * intstr.GetScaledValueFromIntOrPercent (apimachinery/pkg/util/intstr/intstr.go): an int as is,
 * a percentage of `total` rounded up or down. Validation rejects anything else before it gets here.
 */
export function scaledValueFromIntOrPercent(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (!value.endsWith('%')) throw new UserError('invalid value for IntOrString: invalid type: string is not a percentage');
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) {
    throw new UserError(`invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${digits}": invalid syntax`);
  }
  const scaled = (Number(digits) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and if both come to zero
 * maxUnavailable becomes 1 "on the theory that surge might not work due to quota". An absent value
 * counts as 0.
 */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: DeploymentView): number {
  if (!isRollingUpdate(d)) return 0;
  const p = rollingParams(d);
  return resolveFenceposts(p.maxSurge, p.maxUnavailable, deploymentReplicas(d)).surge;
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas, and never more than the replicas. */
export function maxUnavailable(d: DeploymentView): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const p = rollingParams(d);
  return Math.min(resolveFenceposts(p.maxSurge, p.maxUnavailable, replicas).unavailable, replicas);
}

/**
 * NewRSNewReplicas: how big the new ReplicaSet may be now. RollingUpdate grows it by what the
 * surge allows over the sum of all ReplicaSets' spec.replicas, never past the Deployment's
 * replicas; Recreate goes straight to the Deployment's replicas.
 */
export function newRSNewReplicas(d: DeploymentView, allRSs: readonly (ReplicaSetView | undefined)[], newRS: ReplicaSetView): number {
  const replicas = deploymentReplicas(d);
  switch (strategyType(d)) {
    case 'RollingUpdate': {
      // Upstream scales maxSurge directly here rather than through ResolveFenceposts.
      const surge = scaledValueFromIntOrPercent(rollingParams(d).maxSurge, replicas, true);
      const current = replicaCount(allRSs);
      const maxTotal = replicas + surge;
      if (current >= maxTotal) return rsReplicas(newRS);
      const scaleUp = Math.min(maxTotal - current, replicas - rsReplicas(newRS));
      return rsReplicas(newRS) + scaleUp;
    }
    case 'Recreate':
      return replicas;
    default:
      throw new UserError(`deployment type ${strategyType(d)} isn't supported`);
  }
}

// ---- proportional scaling ------------------------------------------------------------------

/**
 * GetProportion: how many replicas `rs` gains (or loses, negative) of `toAdd` when a Deployment
 * with several active ReplicaSets is scaled, bounded by what is left to distribute.
 */
export function getProportion(rs: ReplicaSetView | undefined, d: DeploymentView, toAdd: number, added: number): number {
  if (!rs || rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * getReplicaSetFraction: the replica set's share of the new size, scaled from the size it was
 * last sized for (the max-replicas annotation, else the Deployment's status.replicas). A missing
 * or zero base gives no change rather than a division by zero, as newer upstream code does.
 */
export function getReplicaSetFraction(rs: ReplicaSetView, d: DeploymentView): number {
  const replicas = deploymentReplicas(d);
  if (replicas === 0) return -rsReplicas(rs);
  const deploymentMaxReplicas = replicas + maxSurge(d);
  let annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (annotated === undefined || annotated <= 0) annotated = d.status?.replicas ?? 0;
  if (annotated <= 0) return 0;
  // integer.RoundToInt32 rounds half away from zero; the size is never negative here.
  return Math.round((rsReplicas(rs) * deploymentMaxReplicas) / annotated) - rsReplicas(rs);
}

// ---- annotations ---------------------------------------------------------------------------

/** strconv.Atoi of an annotation, or undefined when absent or not an integer. */
function intAnnotation(obj: { metadata?: { annotations?: Readonly<Record<string, string>> } }, key: string): number | undefined {
  const v = obj.metadata?.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** GetDesiredReplicasAnnotation. */
export function desiredReplicasAnnotation(rs: ReplicaSetView): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/**
 * Revision: the revision annotation as a number, 0 when absent, undefined when it does not parse
 * (callers skip those, as upstream skips the error).
 */
export function revisionOf(obj: { metadata?: { annotations?: Readonly<Record<string, string>> } }): number | undefined {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** MaxRevision: the highest parseable revision, or 0. */
export function maxRevision(rss: readonly ReplicaSetView[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** SetDeploymentRevision: whether the Deployment's revision annotation changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const annotations = (d.metadata ??= {}).annotations ??= {};
  if (annotations[REVISION_ANNOTATION] === revision) return false;
  annotations[REVISION_ANNOTATION] = revision;
  return true;
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations (all but ANNOTATIONS_TO_SKIP),
 * raises the revision to `newRevision` if it is lower, keeping the old number in
 * revision-history (trimmed from the front to `historyLimitChars`), and for a ReplicaSet about
 * to be created sets the replicas annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: DeploymentView, rs: ReplicaSet, newRevision: string, exists: boolean, historyLimitChars: number): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = (rs.metadata ??= {}).annotations ??= {};
  const hadRevision = REVISION_ANNOTATION in annotations;
  const oldRevision = annotations[REVISION_ANNOTATION] ?? '';
  let oldRevisionInt = 0;
  if (oldRevision !== '') {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false; // "Updating replica set revision OldRevision not int"
    oldRevisionInt = Number(oldRevision);
  }
  const newRevisionInt = Number(newRevision);
  if (oldRevisionInt < newRevisionInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  // A ReplicaSet that already had a revision and gets a newer one is being rolled back to:
  // its earlier numbers are kept for history.
  if (hadRevision && oldRevisionInt < newRevisionInt) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const oldRevisions = history.split(',');
    if (oldRevisions[0].length === 0) {
      annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    } else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > historyLimitChars && start < oldRevisions.length) {
        totalLen -= oldRevisions[start].length + 1;
        start++;
      }
      // Past the limit even when emptied, upstream logs and leaves the history as it was.
      if (totalLen <= historyLimitChars) annotations[REVISION_HISTORY_ANNOTATION] = [...oldRevisions.slice(start), oldRevision].join(',');
    }
  }
  const replicas = deploymentReplicas(d);
  if (!exists && setReplicasAnnotations(rs, replicas, replicas + maxSurge(d))) changed = true;
  return changed;
}

function copyDeploymentAnnotationsToReplicaSet(d: DeploymentView, rs: ReplicaSet): boolean {
  const annotations = (rs.metadata ??= {}).annotations ??= {};
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || (k in annotations && annotations[k] === v)) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations: desired-replicas and max-replicas; whether either changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata ??= {}).annotations ??= {};
  let updated = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSetView, desired: number, max: number): boolean {
  const annotations = rs.metadata?.annotations;
  if (!annotations) return true;
  return annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || annotations[MAX_REPLICAS_ANNOTATION] !== String(max);
}

// ---- conditions ----------------------------------------------------------------------------

export function newDeploymentCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, nowMs: number): DeploymentCondition {
  const now = toRfc3339(nowMs);
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getDeploymentCondition(status: DeepReadonly<DeploymentStatus> | undefined, type: string): DeepReadonly<DeploymentCondition> | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no change when status and reason are the same; lastTransitionTime is
 * kept when only the reason changes. The condition moves to the end of the list.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

/** ReplicaSetToDeploymentCondition: lastUpdateTime is the ReplicaSet condition's transition time. */
export function replicaSetToDeploymentCondition(c: DeepReadonly<ReplicaSetCondition>): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    lastUpdateTime: c.lastTransitionTime,
    lastTransitionTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  };
}

export function hasProgressDeadline(d: DeploymentView): boolean {
  const pds = d.spec?.progressDeadlineSeconds;
  return pds !== undefined && pds !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: DeploymentView): boolean {
  const limit = d.spec?.revisionHistoryLimit;
  return limit !== undefined && limit !== MAX_INT32;
}

/** DeploymentComplete: every desired replica updated and available, and the spec observed. */
export function deploymentComplete(d: DeploymentView, status: DeepReadonly<DeploymentStatus>): boolean {
  const replicas = deploymentReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than in d.status. */
export function deploymentProgressing(d: DeploymentView, next: DeepReadonly<DeploymentStatus>): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * DeploymentTimedOut: the Progressing condition's lastUpdateTime is more than
 * progressDeadlineSeconds ago (strictly), unless the rollout had completed; once timed out,
 * always timed out.
 */
export function deploymentTimedOut(d: DeploymentView, status: DeepReadonly<DeploymentStatus>, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(status, 'Progressing');
  if (!c) return false;
  if (c.reason === Reason.NewReplicaSetAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  const fromMs = parseRfc3339(c.lastUpdateTime) ?? 0;
  return fromMs + d.spec!.progressDeadlineSeconds! * 1000 < nowMs;
}

// ---- finding ReplicaSets -------------------------------------------------------------------

/** ReplicaSetsByCreationTimestamp: oldest first, name as the tie-breaker. */
export function byCreationTimestamp(a: ReplicaSetView, b: ReplicaSetView): number {
  const ta = parseRfc3339(a.metadata?.creationTimestamp) ?? 0;
  const tb = parseRfc3339(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '');
}

/** ReplicaSetsBySizeOlder: largest first, then oldest first. */
export function bySizeOlder(a: ReplicaSetView, b: ReplicaSetView): number {
  return rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: largest first, then newest first. */
export function bySizeNewer(a: ReplicaSetView, b: ReplicaSetView): number {
  return rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(b, a);
}

/** ReplicaSetsByRevision: lowest revision first; creation time when either does not parse or they tie. */
export function byRevision(a: ReplicaSetView, b: ReplicaSetView): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * EqualIgnoreHash: the templates are semantically equal once the pod-template-hash label is
 * dropped. As apiequality.Semantic.DeepEqual, an empty list or map equals an absent one.
 */
export function equalIgnoreHash(t1: DeepReadonly<PodTemplateSpec> | undefined, t2: DeepReadonly<PodTemplateSpec> | undefined): boolean {
  return templateJsonIgnoringHash(t1) === templateJsonIgnoringHash(t2);
}

const templateJsons = new WeakMap<object, string>();

/**
 * The canonical JSON of a template without its pod-template-hash label, remembered per template
 * object: the templates compared are stored objects, which never change (a write makes a new
 * one), or a sync's private copy, which the controller does not change either.
 */
/**
 * Lets a fresh deep copy of a template share the remembered canonical JSON of the stored one it
 * was copied from (the copy is equal to it, and is not changed afterwards).
 */
export function rememberTemplateCopy(stored: DeepReadonly<PodTemplateSpec> | undefined, copy: DeepReadonly<PodTemplateSpec> | undefined): void {
  if (stored === undefined || stored === null || copy === undefined || copy === null) return;
  templateJsons.set(copy, templateJsonIgnoringHash(stored));
}

function templateJsonIgnoringHash(t: DeepReadonly<PodTemplateSpec> | undefined): string {
  if (t === undefined || t === null) return canonicalJson(t);
  let json = templateJsons.get(t);
  if (json === undefined) templateJsons.set(t, (json = canonicalJson(withoutHashLabel(t))));
  return json;
}

function withoutHashLabel(t: DeepReadonly<PodTemplateSpec> | undefined): unknown {
  if (!t?.metadata?.labels || !(POD_TEMPLATE_HASH_LABEL in t.metadata.labels)) return t;
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...labels } = t.metadata.labels;
  return { ...t, metadata: { ...t.metadata, labels } };
}

/**
 * FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (ignoring the
 * hash label), or undefined.
 */
export function findNewReplicaSet<R extends ReplicaSetView>(d: DeploymentView, rsList: readonly R[]): R | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets (its second result): every ReplicaSet but the new one, oldest first. */
export function findOldReplicaSets<R extends ReplicaSetView & { metadata?: { uid?: string } }>(d: DeploymentView, rsList: readonly R[]): R[] {
  const newRS = findNewReplicaSet(d, rsList);
  return [...rsList].sort(byCreationTimestamp).filter((rs) => !newRS || rs.metadata?.uid !== newRS.metadata?.uid);
}

/** FilterActiveReplicaSets: those with spec.replicas > 0. */
export function filterActiveReplicaSets<R extends ReplicaSetView>(rss: readonly (R | undefined)[]): R[] {
  return rss.filter((rs): rs is R => rs !== undefined && rsReplicas(rs) > 0);
}

/**
 * FindActiveOrLatest: the only active ReplicaSet, or the newest one when none is active, or
 * undefined when several are active (they must then be scaled proportionally).
 */
export function findActiveOrLatest<R extends ReplicaSetView>(newRS: R | undefined, oldRSs: readonly R[]): R | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** IsSaturated: the new ReplicaSet alone holds, and is annotated for, all desired replicas, all available. */
export function isSaturated(d: DeploymentView, rs: ReplicaSetView | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = deploymentReplicas(d);
  return rsReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

// ---- sums over ReplicaSets (absent entries, Go's nil, are skipped) -------------------------

export function replicaCount(rss: readonly (ReplicaSetView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? rsReplicas(rs) : 0), 0);
}

export function actualReplicaCount(rss: readonly (ReplicaSetView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicaCount(rss: readonly (ReplicaSetView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicaCount(rss: readonly (ReplicaSetView | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

// ---- selectors -----------------------------------------------------------------------------

/** labelsutil.CloneSelectorAndAddLabel: the selector with one more matchLabels entry. */
export function cloneSelectorAndAddLabel(selector: DeepReadonly<LabelSelector> | undefined, key: string, value: string): LabelSelector {
  const out: LabelSelector = { matchLabels: { ...selector?.matchLabels, [key]: value } };
  if (selector?.matchExpressions) out.matchExpressions = deepCopy(selector.matchExpressions) as LabelSelector['matchExpressions'];
  return out;
}

// ---- pod-template-hash ---------------------------------------------------------------------

/**
 * controller.ComputeHash: FNV-32a over a deterministic serialisation of the template, then the
 * collision count as 8 little-endian bytes (the upper four zero), then the decimal sum through
 * SafeEncodeString. Upstream serialises the Go struct with spew; we serialise sorted-key JSON
 * with empty lists and maps dropped (`canonicalJson`), so the value differs from a real
 * cluster's but has the same shape (1-10 characters out of 4-9, b, c, d, f) and the same
 * stability: equal templates hash equally, and any change of the template changes the hash.
 */
export function computeHash(template: DeepReadonly<PodTemplateSpec> | undefined, collisionCount?: number): string {
  let hash = 0x811c9dc5; // FNV-32 offset basis (hash/fnv)
  const feed = (byte: number) => {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0; // FNV-32 prime
  };
  for (const byte of new TextEncoder().encode(canonicalJson(template))) feed(byte);
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    for (let i = 0; i < 4; i++) feed((c >>> (8 * i)) & 0xff);
    for (let i = 0; i < 4; i++) feed(0);
  }
  return safeEncodeString(String(hash >>> 0));
}

/** rand.SafeEncodeString (apimachinery/pkg/util/rand/rand.go): each rune → alphanums[rune % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  return out;
}

/**
 * JSON with sorted keys, dropping undefined/null and empty lists and maps held in fields (an
 * apiserver round trip drops those too, as Go's omitempty does), while keeping empty objects that
 * are list items. Two values with the same canonical JSON are semantically equal.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value, false)) ?? '';
}

/**
 * Whether two values have the same canonicalJson, without building it when they are equal field
 * by field (the usual case): values equal that way have the same canonical form.
 */
export function canonicallyEqual(a: unknown, b: unknown): boolean {
  return plainEqual(a, b) || canonicalJson(a) === canonicalJson(b);
}

function plainEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!plainEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    if (!Object.hasOwn(y, k) || !plainEqual(x[k], y[k])) return false;
    keys++;
  }
  for (const k in y) if (Object.hasOwn(y, k)) keys--;
  return keys === 0;
}

function canonicalize(value: unknown, asField: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0 && asField) return undefined;
    return value.map((v) => canonicalize(v, false) ?? null);
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = canonicalize((value as Record<string, unknown>)[k], true);
      if (v !== undefined) out[k] = v;
    }
    return asField && Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
