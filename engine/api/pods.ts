// Small questions about pods that several controllers ask (pkg/api/v1/pod/util.go,
// pkg/controller/controller_utils.go).
import { parseRfc3339 } from '../clock.ts';
import type { Stored } from './store.ts';
import type { KubeObject, Pod } from './types.ts';

export type StoredPod = Stored<Pod & KubeObject>;

/**
 * What the controllers ask of a pod, worked out once per stored version: stored objects never
 * change (a write makes a new one), so the answers can be kept beside them.
 */
export interface PodFacts {
  active: boolean;
  ready: boolean;
  readySinceMs: number | undefined;
}

const facts = new WeakMap<object, PodFacts>();

export function factsOf(pod: StoredPod): PodFacts {
  let f = facts.get(pod);
  if (f === undefined) {
    const phase = pod.status?.phase;
    const readyCondition = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
    f = {
      active: phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined,
      ready: readyCondition !== undefined,
      readySinceMs: parseRfc3339(readyCondition?.lastTransitionTime),
    };
    facts.set(pod, f);
  }
  return f;
}

/** controller.IsPodActive: not terminal and not being deleted. (factsOf's `active`, read directly: cheaper than a lookup.) */
export function isPodActive(pod: StoredPod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

export function isPodTerminal(pod: StoredPod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** podutil.IsPodReady: the Ready condition is True. (factsOf's `ready`, read directly: cheaper than a lookup.) */
export function isPodReady(pod: StoredPod): boolean {
  const conditions = pod.status?.conditions;
  if (conditions) {
    for (let i = 0; i < conditions.length; i++) {
      const c = conditions[i];
      if (c.type === 'Ready' && c.status === 'True') return true;
    }
  }
  return false;
}

/** When the pod last became Ready, or undefined. */
export function podReadySinceMs(pod: StoredPod): number | undefined {
  return factsOf(pod).readySinceMs;
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: StoredPod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySinceMs(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

export function maxContainerRestarts(pod: StoredPod): number {
  let max = 0;
  for (const cs of pod.status?.containerStatuses ?? []) max = Math.max(max, cs.restartCount ?? 0);
  return max;
}

export function podLabels(pod: StoredPod): Record<string, string> | undefined {
  return pod.metadata.labels as Record<string, string> | undefined;
}

/** Whether a (JSON) object has a field at all. */
function hasKeys(o: Readonly<Record<string, unknown>> | undefined): boolean {
  if (o) for (const _ in o) return true;
  return false;
}

/** pkg/apis/core/v1/helper/qos/qos.go GetPodQOS, for the common cases. */
export function qosClass(pod: { spec?: { containers?: readonly { resources?: { requests?: Readonly<Record<string, unknown>>; limits?: Readonly<Record<string, unknown>> } }[] } }): string {
  const containers = pod.spec?.containers ?? [];
  let any = false;
  for (const c of containers) if (hasKeys(c.resources?.requests) || hasKeys(c.resources?.limits)) any = true;
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const l = c.resources?.limits ?? {};
    const r = c.resources?.requests ?? {};
    return l.cpu !== undefined && l.memory !== undefined && (r.cpu === undefined || r.cpu === l.cpu) && (r.memory === undefined || r.memory === l.memory);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
