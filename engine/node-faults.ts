// What happens to a node in a scenario: its network is cut or comes back, its kubelet stops or
// starts, the node is removed, a new node joins. Each is one call for a step, and leaves the
// cluster settled.
import type { Cluster } from './cluster.ts';
import { UserError } from './errors.ts';
import { isQualifiedName, isValidLabelValue } from './api/labels.ts';

export type NodeFault = 'goes-not-ready' | 'comes-back' | 'kubelet-stops' | 'kubelet-starts' | 'is-deleted';

/**
 * Applies a fault to a node. `goes-not-ready` cuts its network (`sudo ifconfig eth0 down` in the
 * seed): the kubelet keeps its containers but reaches no apiserver. `comes-back` restores whatever
 * is down: the network, the kubelet, or both.
 */
export function applyNodeFault(cluster: Cluster, nodeName: string, fault: NodeFault): void {
  const agents = cluster.nodeAgents;
  switch (fault) {
    case 'goes-not-ready':
      agents.cutNetwork(nodeName);
      break;
    case 'comes-back': {
      const down = !agents.apiReachable(nodeName);
      const stopped = !agents.kubeletRunning(nodeName);
      if (!down && !stopped) throw new UserError(`node ${nodeName} is not down: its network is up and its kubelet runs`);
      if (down) agents.restoreNetwork(nodeName);
      if (stopped) agents.startKubelet(nodeName);
      break;
    }
    case 'kubelet-stops':
      agents.stopKubelet(nodeName);
      break;
    case 'kubelet-starts':
      agents.startKubelet(nodeName);
      break;
    case 'is-deleted':
      agents.removeNode(nodeName);
      break;
  }
  cluster.settle();
}

/** A new node registers, with extra labels written `disk=ssd,zone=a`; its kubelet starts at once. */
export function joinNode(cluster: Cluster, nodeName: string, labelsText = ''): void {
  if (cluster.store.get('Node', '', nodeName)) throw new UserError(`node ${nodeName} is already in the cluster`);
  const labels: Record<string, string> = {};
  for (const part of labelsText.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    const key = i < 0 ? part : part.slice(0, i);
    const value = i < 0 ? '' : part.slice(i + 1);
    const errs = [...isQualifiedName(key), ...isValidLabelValue(value)];
    if (i < 0 || errs.length > 0) throw new UserError(`"${part}" is not a label such as disk=ssd${errs.length ? `: ${errs.join('; ')}` : ''}`);
    labels[key] = value;
  }
  cluster.addNode(nodeName, labels);
}
