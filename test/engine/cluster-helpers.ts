// Shared set-up for the tests that drive a whole simulated Cluster: nodes, kubectl command lines,
// manifests, and short views of pods and events.
import { Cluster, type ClusterOptions } from '../../engine/cluster.ts';
import { runKubectl, type KubectlResult } from '../../engine/kubectl/kubectl.ts';
import { shellSplit } from '../../engine/kubectl/flags.ts';
import type { Stored } from '../../engine/api/store.ts';
import type { Event, KubeObject, Pod } from '../../engine/api/types.ts';

export type StoredPod = Stored<Pod & KubeObject>;

export const START_MS = Date.parse('2020-06-07T22:00:00Z');

/** A cluster with the given nodes registered (m01..m03 by default). */
export function newCluster(nodes: string[] = ['m01', 'm02', 'm03'], options: ClusterOptions = {}): Cluster {
  const cluster = new Cluster(options);
  for (const name of nodes) cluster.addNode(name);
  return cluster;
}

/** Runs a kubectl command line, split as a shell would; `stdin` feeds `-f -`. */
export function kubectl(cluster: Cluster, line: string, stdin?: string): KubectlResult {
  return runKubectl(cluster, shellSplit(line), { readFile: () => undefined, stdin });
}

/** `kubectl apply -f -` of one object, failing the test if kubectl fails. */
export function apply(cluster: Cluster, obj: object): KubectlResult {
  const result = kubectl(cluster, 'kubectl apply -f -', JSON.stringify(obj));
  if (result.exitCode !== 0) throw new Error(`apply failed: ${result.stderr}`);
  return result;
}

export function pods(cluster: Cluster): StoredPod[] {
  return cluster.store.list<Pod & KubeObject>('Pod');
}

export function pod(cluster: Cluster, name: string): StoredPod | undefined {
  return cluster.store.get<Pod & KubeObject>('Pod', 'default', name);
}

/** Events about one object, oldest first, as `Reason: message`. */
export function eventLines(cluster: Cluster, kind: string, name: string): string[] {
  return cluster.store
    .list<Event & KubeObject>('Event')
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.reason}: ${e.message}`);
}

export function allEvents(cluster: Cluster): Stored<Event & KubeObject>[] {
  return cluster.store.list<Event & KubeObject>('Event');
}

/** A Deployment of `image` with `replicas` pods labelled app=<name>, as `kubectl create deployment` would write it. */
export function deploymentManifest(name: string, replicas: number, image = 'luksa/kubia', podSpec: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }], ...podSpec } },
    },
  };
}

export function replicaSetManifest(name: string, replicas: number, image = 'luksa/kubia'): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } },
    },
  };
}

export function barePodManifest(name: string, labels: Record<string, string>, image = 'luksa/kubia', spec: Record<string, unknown> = {}): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'main', image }], ...spec } };
}

/** A pod's STATUS column inputs, compactly: phase, whether it is terminating, and its node. */
export function describePods(cluster: Cluster): string[] {
  return pods(cluster).map((p) => `${p.metadata.name} ${p.status?.phase ?? '-'}${p.metadata.deletionTimestamp ? ' terminating' : ''} ${p.spec?.nodeName ?? '-'}`);
}
