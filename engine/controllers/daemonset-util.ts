// What the DaemonSet controller decides per node, without side effects: whether a node should run
// the daemon pod, the tolerations every daemon pod gets, the node affinity that pins a pod to its
// node, which node a pod is meant for, and the rolling-update arithmetic
// (pkg/controller/daemon/daemon_controller.go, update.go, util/daemonset_util.go).
import type { DaemonSet, DeepReadonly, KubeObject, Node, Pod, PodSpec, Taint, Toleration } from '../api/types.ts';
import type { Stored } from '../api/store.ts';
import type { StoredPod } from '../api/pods.ts';
import { matchesNodeSelectorAndAffinity, tolerates } from '../api/scheduling.ts';
import {
  TAINT_NODE_DISK_PRESSURE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE, TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE,
} from '../api/taints.ts';
import { scaledValueFromIntOrPercent } from './deployment-util.ts';

type RO<T> = DeepReadonly<T>;
export type StoredDaemonSet = Stored<DaemonSet & KubeObject>;
type Affinity = NonNullable<PodSpec['affinity']>;

// k8s.io/api/apps/v1/types.go DefaultDaemonSetUniqueLabelKey (ControllerRevisionHashLabelKey)
export const DAEMONSET_UNIQUE_LABEL_KEY = 'controller-revision-hash';
// pkg/apis/extensions DaemonSetTemplateGenerationKey, and the apps/v1 annotation that carries it
export const TEMPLATE_GENERATION_LABEL_KEY = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
// k8s.io/apimachinery/pkg/apis/meta/v1 ObjectNameField
const OBJECT_NAME_FIELD = 'metadata.name';

/**
 * AddOrUpdateDaemonPodTolerations: not-ready and unreachable NoExecute forever, and the pressure and
 * unschedulable NoSchedule taints (network-unavailable too for host-network pods), replacing equal ones.
 */
export function addDaemonPodTolerations(spec: RO<PodSpec> | undefined): Toleration[] {
  const wanted: Toleration[] = [
    { key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_NODE_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_PID_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_NODE_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec?.hostNetwork) wanted.push({ key: TAINT_NODE_NETWORK_UNAVAILABLE, operator: 'Exists', effect: 'NoSchedule' });
  let tolerations = ((spec?.tolerations ?? []) as Toleration[]).map((t) => ({ ...t }));
  // AddOrUpdateTolerationInPodSpec: a toleration matching in key, operator, value and effect is replaced.
  for (const w of wanted) {
    const i = tolerations.findIndex((t) => t.key === w.key && (t.operator ?? '') === w.operator && (t.value ?? '') === '' && t.effect === w.effect);
    if (i >= 0) tolerations = tolerations.map((t, j) => (j === i ? w : t));
    else tolerations.push(w);
  }
  return tolerations;
}

/** FindMatchingUntoleratedTaint: the first taint of the given effects that no toleration tolerates. */
function untoleratedTaint(taints: readonly RO<Taint>[] | undefined, tolerations: readonly Toleration[], effects: readonly string[]): RO<Taint> | undefined {
  return (taints ?? []).find((t) => effects.includes(t.effect) && !tolerations.some((tol) => tolerates(tol, t)));
}

export interface ShouldRun {
  /** A daemon pod should be created on the node if it has none. */
  shouldRun: boolean;
  /** A daemon pod already on the node may stay. */
  shouldContinueRunning: boolean;
}

/**
 * NodeShouldRunDaemonPod, prepared once per DaemonSet: the pod the DaemonSet would make (its
 * template plus the daemon tolerations) must match the node's name, node selector and required
 * node affinity, and tolerate its NoSchedule and NoExecute taints; an untolerated NoSchedule taint
 * alone keeps an existing pod. `spec.unschedulable` is not consulted: daemon pods tolerate it.
 */
export function daemonPlacement(ds: StoredDaemonSet): (node: RO<Node>) => ShouldRun {
  const spec = ds.spec?.template?.spec;
  const tolerations = addDaemonPodTolerations(spec);
  const pod = { metadata: ds.spec?.template?.metadata ?? {}, spec } as RO<Pod>;
  return (node) => {
    const templateNode = spec?.nodeName;
    if (templateNode && templateNode !== node.metadata?.name) return { shouldRun: false, shouldContinueRunning: false };
    if (!matchesNodeSelectorAndAffinity(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
    if (untoleratedTaint(node.spec?.taints, tolerations, ['NoExecute', 'NoSchedule'])) {
      return { shouldRun: false, shouldContinueRunning: untoleratedTaint(node.spec?.taints, tolerations, ['NoExecute']) === undefined };
    }
    return { shouldRun: true, shouldContinueRunning: true };
  };
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes a single term with
 * `matchFields metadata.name In [node]`, replacing (not ANDing) any terms; the rest stays.
 */
export function pinToNode(affinity: RO<Affinity> | undefined, nodeName: string): Affinity {
  const term = { matchFields: [{ key: OBJECT_NAME_FIELD, operator: 'In', values: [nodeName] }] };
  const copy = JSON.parse(JSON.stringify(affinity ?? {})) as Affinity;
  copy.nodeAffinity ??= {};
  copy.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...copy.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, nodeSelectorTerms: [term] };
  return copy;
}

/** GetTargetNodeName: the pod's node, or for an unscheduled pod the node its matchFields affinity names. */
export function targetNodeName(pod: StoredPod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const r of term.matchFields ?? []) {
      if (r.key === OBJECT_NAME_FIELD && r.operator === 'In') return r.values?.length === 1 ? r.values[0] : undefined;
    }
  }
  return undefined;
}

/** podByCreationTimestampAndPhase: scheduled pods first, then the oldest, then by name. */
export function compareDaemonPods(a: StoredPod, b: StoredPod): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '');
  const tb = Date.parse(b.metadata.creationTimestamp ?? '');
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** GetTemplateGeneration: the generation the apiserver keeps in an annotation, if any. */
export function templateGeneration(ds: StoredDaemonSet): string | undefined {
  const v = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^-?\d+$/.test(v) ? v : undefined;
}

/** IsPodUpdated: the pod carries the current template's hash, or its template generation. */
export function isPodUpdated(pod: StoredPod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (hash !== '' && labels[DAEMONSET_UNIQUE_LABEL_KEY] === hash) || (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL_KEY] === generation);
}

/** SurgeCount and UnavailableCount: percentages of the desired count, rounded up; 0 unless RollingUpdate. */
export function rollingCounts(ds: StoredDaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const strategy = ds.spec?.updateStrategy;
  const r = strategy?.rollingUpdate;
  if (strategy?.type !== 'RollingUpdate' || !r) return { maxSurge: 0, maxUnavailable: 0 };
  return {
    maxSurge: r.maxSurge === undefined ? 0 : scaledValueFromIntOrPercent(r.maxSurge, desired, true),
    maxUnavailable: scaledValueFromIntOrPercent(r.maxUnavailable ?? 0, desired, true),
  };
}

/** AllowsSurge: a RollingUpdate whose maxSurge is not zero. */
export function allowsSurge(ds: StoredDaemonSet): boolean {
  return rollingCounts(ds, 1).maxSurge !== 0;
}

/**
 * findUpdatedPodsOnNode: the one new and the one old pod on a node, leaving out terminating ones;
 * undefined when there are several of either kind (the manage loop cleans those up first).
 */
export function updatedPodsOnNode(pods: readonly StoredPod[], hash: string, generation: string | undefined): { newPod?: StoredPod; oldPod?: StoredPod } | undefined {
  let newPod: StoredPod | undefined;
  let oldPod: StoredPod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}
