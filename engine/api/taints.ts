// Taints as the node controllers and kubectl handle them: the well-known keys, matching by key and
// effect, the string form `key=value:effect`, and the zone a node belongs to
// (k8s.io/api/core/v1/taint.go, well_known_taints.go, pkg/util/taints/taints.go,
// k8s.io/component-helpers/node/topology/helpers.go).
import type { DeepReadonly, Node, Taint } from './types.ts';

// k8s.io/api/core/v1/well_known_taints.go
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

type RO<T> = DeepReadonly<T>;

/** Taint.MatchTaint: the same key and effect (the value does not count). */
export function matchTaint(a: RO<Taint>, b: RO<Taint>): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** taints.TaintExists: some taint in the list matches by key and effect. */
export function taintExists(taints: readonly RO<Taint>[] | undefined, taint: RO<Taint>): boolean {
  return (taints ?? []).some((t) => matchTaint(t, taint));
}

/** Semantic equality of two taints, timeAdded included (apiequality.Semantic.DeepEqual). */
export function taintsEqual(a: RO<Taint>, b: RO<Taint>): boolean {
  return a.key === b.key && (a.value ?? '') === (b.value ?? '') && a.effect === b.effect && (a.timeAdded ?? '') === (b.timeAdded ?? '');
}

/** Two lists of taints are semantically equal, in order. */
export function taintListsEqual(a: readonly RO<Taint>[], b: readonly RO<Taint>[]): boolean {
  return a.length === b.length && a.every((t, i) => taintsEqual(t, b[i]));
}

/** Taint.ToString: `key=value:effect`, `key:effect`, `key=value:` or `key`. */
export function taintToString(t: RO<Taint>): string {
  const value = t.value ?? '';
  if (!t.effect) return value ? `${t.key}=${value}:` : t.key;
  return value ? `${t.key}=${value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** The NoExecute taints of a node, in order (tainteviction getNoExecuteTaints). */
export function noExecuteTaints(node: RO<Node> | undefined): RO<Taint>[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

// k8s.io/api/core/v1/well_known_labels.go: the zone and region labels, the deprecated beta ones first.
const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';
const LABEL_ZONE = 'topology.kubernetes.io/zone';
const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';
const LABEL_REGION = 'topology.kubernetes.io/region';

/**
 * GetZoneKey: `region:\0:zone`, or `` for a node without zone or region labels; every node of a
 * simulated cluster without those labels is in one zone.
 */
export function zoneKey(node: RO<Node>): string {
  const labels = node.metadata?.labels as Record<string, string> | undefined;
  if (!labels) return '';
  // Stored labels never change in place, so the key is kept per labels object.
  let key = zoneKeys.get(labels);
  if (key === undefined) {
    const zone = labels[LABEL_ZONE_BETA] ?? labels[LABEL_ZONE] ?? '';
    const region = labels[LABEL_REGION_BETA] ?? labels[LABEL_REGION] ?? '';
    key = region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
    zoneKeys.set(labels, key);
  }
  return key;
}

const zoneKeys = new WeakMap<object, string>();
