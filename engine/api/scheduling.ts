// Taint, toleration and node-affinity matching (k8s.io/api/core/v1/toleration.go ToleratesTaint,
// k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go).
import type { Node, Pod, Taint, Toleration } from './types.ts';
import type { DeepReadonly } from './types.ts';

type RO<T> = DeepReadonly<T>;

export function tolerates(t: RO<Toleration>, taint: RO<Taint>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  // Equal is the default operator.
  return (t.value ?? '') === (taint.value ?? '');
}

export function toleratesAll(tolerations: readonly RO<Toleration>[] | undefined, taint: RO<Taint>): boolean {
  // A plain loop: the scheduler asks this for every node it filters, so it allocates nothing.
  if (tolerations === undefined) return false;
  for (let i = 0; i < tolerations.length; i++) if (tolerates(tolerations[i], taint)) return true;
  return false;
}

/** The first NoSchedule or NoExecute taint the pod does not tolerate (TaintToleration filter). */
export function firstUntoleratedTaint(node: RO<Node>, tolerations: readonly RO<Toleration>[] | undefined): RO<Taint> | undefined {
  const taints = node.spec?.taints;
  if (taints === undefined) return undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!toleratesAll(tolerations, taint)) return taint;
  }
  return undefined;
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution both hold for the node. */
export function matchesNodeSelectorAndAffinity(pod: RO<Pod>, node: RO<Node>): boolean {
  const selector = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!selector && !required) return true;
  const labels = (node.metadata?.labels ?? {}) as Record<string, string>;
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  if (!required) return true;
  // Terms are ORed; an empty term list matches nothing.
  return (required.nodeSelectorTerms ?? []).some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((r) => matchRequirement(labels[r.key], r.operator, r.values)) &&
      fields.every((r) => r.key === 'metadata.name' && matchRequirement(node.metadata?.name, r.operator, r.values));
  });
}

function matchRequirement(value: string | undefined, operator: string, values: readonly string[] | undefined): boolean {
  switch (operator) {
    case 'In': return value !== undefined && (values ?? []).includes(value);
    case 'NotIn': return value === undefined || !(values ?? []).includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) > Number(values?.[0]);
    case 'Lt': return value !== undefined && /^-?\d+$/.test(value) && Number(value) < Number(values?.[0]);
    default: return false;
  }
}
