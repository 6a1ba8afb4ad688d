// How a simulated node registers: the Node object its kubelet would post, with the labels,
// capacity and system info of a minikube-style node running Kubernetes v1.32.
import { toRfc3339 } from './clock.ts';
import type { KubeObject, Node } from './api/types.ts';
import type { Rng } from './rng.ts';

export interface NodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
  'ephemeral-storage': string;
}

/** The documented default size of a simulated node. */
export const DEFAULT_NODE_CAPACITY: NodeCapacity = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' };
export const KUBELET_VERSION = 'v1.32.0';

export function nodeObject(name: string, index: number, nowMs: number, rng: Rng, capacity: NodeCapacity, extraLabels: Record<string, string> = {}): Node & KubeObject {
  const now = toRfc3339(nowMs);
  const id = () => Array.from({ length: 4 }, () => rng.nextUint32().toString(16).padStart(8, '0')).join('');
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      // Labels the kubelet sets on registration (pkg/kubelet/kubelet_node_status.go, k8s.io/api/core/v1/well_known_labels.go).
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...extraLabels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      capacity: { ...capacity },
      allocatable: { ...capacity },
      // The kubelet's condition reasons and messages (pkg/kubelet/nodestatus/setters.go).
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `192.168.49.${index + 2}` },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: id(),
        systemUUID: id(),
        bootID: id(),
        kernelVersion: '5.15.0-1067-gcp',
        osImage: 'Ubuntu 22.04.5 LTS',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
