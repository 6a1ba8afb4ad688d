// The DaemonSet controller: the decisions per node (cases modelled on
// pkg/controller/daemon/util/daemonset_util_test.go and daemon_controller_test.go) and, in a
// cluster, pods following node labels, taints and template changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet, Event, KubeObject, Node } from '../../engine/api/types.ts';
import type { StoredPod } from '../../engine/api/pods.ts';
import { addDaemonPodTolerations, daemonPlacement, isPodUpdated, pinToNode, rollingCounts, targetNodeName, type StoredDaemonSet } from '../../engine/controllers/daemonset-util.ts';
import { podTemplate } from '../../engine/controllers/daemonset.ts';
import { apply, kubectl, newCluster, pods } from '../engine/cluster-helpers.ts';
import type { Cluster } from '../../engine/cluster.ts';

function ds(spec: Record<string, unknown> = {}, template: Record<string, unknown> = {}): StoredDaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'u1' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx' }], ...template } },
      ...spec,
    },
  } as unknown as StoredDaemonSet;
}

function node(name: string, labels: Record<string, string> = {}, taints: object[] = []): Node {
  return { metadata: { name, labels }, spec: { taints } } as Node;
}

test('AddOrUpdateDaemonPodTolerations: six tolerations, network-unavailable too with hostNetwork, existing ones replaced', () => {
  const keys = (t: ReturnType<typeof addDaemonPodTolerations>) => t.map((x) => `${x.key}:${x.effect}`);
  assert.deepEqual(keys(addDaemonPodTolerations({ containers: [] })), [
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/pid-pressure:NoSchedule',
    'node.kubernetes.io/unschedulable:NoSchedule',
  ]);
  assert.equal(addDaemonPodTolerations({ containers: [], hostNetwork: true }).length, 7);
  const own = addDaemonPodTolerations({ containers: [], tolerations: [{ key: 'dedicated', operator: 'Exists' }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] });
  assert.equal(own.length, 7);
  assert.deepEqual(own[0], { key: 'dedicated', operator: 'Exists' });
  assert.ok(own.every((t) => t.tolerationSeconds === undefined));
});

test('ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become one matchFields term; preferred ones stay', () => {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host_1'] }] };
  assert.deepEqual(pinToNode(undefined, 'host_1'), { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } });
  const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }];
  assert.deepEqual(
    pinToNode({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['host_1'] }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred } }, 'host_1'),
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] }, preferredDuringSchedulingIgnoredDuringExecution: preferred } },
  );
});

test('GetTargetNodeName: spec.nodeName, else the matchFields affinity, else none', () => {
  const pod = (spec: object) => ({ metadata: {}, spec } as unknown as StoredPod);
  assert.equal(targetNodeName(pod({ nodeName: 'm01', affinity: pinToNode(undefined, 'm02') })), 'm01');
  assert.equal(targetNodeName(pod({ affinity: pinToNode(undefined, 'm02') })), 'm02');
  assert.equal(targetNodeName(pod({})), undefined);
});

test('NodeShouldRunDaemonPod: selector and affinity decide both, a NoSchedule taint only new pods, a NoExecute taint both', () => {
  const selected = daemonPlacement(ds({}, { nodeSelector: { disk: 'ssd' } }));
  assert.deepEqual(selected(node('a', { disk: 'ssd' })), { shouldRun: true, shouldContinueRunning: true });
  assert.deepEqual(selected(node('b', { disk: 'hdd' })), { shouldRun: false, shouldContinueRunning: false });
  const any = daemonPlacement(ds());
  assert.deepEqual(any(node('c', {}, [{ key: 'dedicated', effect: 'NoSchedule' }])), { shouldRun: false, shouldContinueRunning: true });
  assert.deepEqual(any(node('c', {}, [{ key: 'dedicated', effect: 'NoExecute' }])), { shouldRun: false, shouldContinueRunning: false });
  // The daemon tolerations: a cordoned, unreachable or memory-starved node still runs its pod.
  assert.deepEqual(any(node('d', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])), { shouldRun: true, shouldContinueRunning: true });
  assert.deepEqual(any(node('e', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }])), { shouldRun: false, shouldContinueRunning: true });
  const named = daemonPlacement(ds({}, { nodeName: 'f' }));
  assert.deepEqual(named(node('g')), { shouldRun: false, shouldContinueRunning: false });
});

test('CreatePodTemplate: the hash label only when there is a hash; SurgeCount and UnavailableCount round up', () => {
  assert.deepEqual(podTemplate(ds(), '').metadata?.labels, { app: 'agent' });
  assert.deepEqual(podTemplate(ds(), '3242341807').metadata?.labels, { app: 'agent', 'controller-revision-hash': '3242341807' });
  assert.equal(podTemplate(ds(), 'h').spec?.tolerations?.length, 6);
  assert.deepEqual(rollingCounts(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: '25%' } } }), 11), { maxSurge: 3, maxUnavailable: 2 });
  assert.deepEqual(rollingCounts(ds({ updateStrategy: { type: 'OnDelete' } }), 11), { maxSurge: 0, maxUnavailable: 0 });
  const pod = { metadata: { labels: { 'controller-revision-hash': 'abc' } } } as unknown as StoredPod;
  assert.equal(isPodUpdated(pod, 'abc', undefined), true);
  assert.equal(isPodUpdated(pod, 'xyz', undefined), false);
});

function agent(cluster: Cluster, template: Record<string, unknown> = {}): void {
  apply(cluster, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx' }], ...template } } },
  });
}

function byNode(cluster: Cluster): string[] {
  return pods(cluster).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec?.nodeName ?? `(${targetNodeName(p)})`).sort();
}

function status(cluster: Cluster): DaemonSet['status'] {
  return (cluster.store.get<DaemonSet & KubeObject>('DaemonSet', 'default', 'agent') as DaemonSet).status;
}

test('one pod per node, bound by the scheduler, with SuccessfulCreate events and the status counts', () => {
  const cluster = newCluster();
  agent(cluster);
  assert.deepEqual(byNode(cluster), ['m01', 'm02', 'm03']);
  for (const p of pods(cluster)) assert.equal(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0].matchFields?.[0].values?.[0], p.spec?.nodeName);
  const created = cluster.store.list<Event & KubeObject>('Event').filter((e) => e.involvedObject.kind === 'DaemonSet' && e.reason === 'SuccessfulCreate');
  assert.equal(created.length, 3);
  assert.equal(created[0].source?.component, 'daemonset-controller');
  assert.deepEqual(status(cluster), { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 0, observedGeneration: 1, updatedNumberScheduled: 3, numberUnavailable: 3 });
  cluster.advance(10_000);
  assert.deepEqual(status(cluster), { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3, numberAvailable: 3 });
});

test('a node that stops matching loses its pod; one that starts matching gains one', () => {
  const cluster = newCluster();
  agent(cluster, { nodeSelector: { disk: 'ssd' } });
  assert.deepEqual(byNode(cluster), []);
  kubectl(cluster, 'kubectl label node m02 disk=ssd');
  assert.deepEqual(byNode(cluster), ['m02']);
  kubectl(cluster, 'kubectl label node m02 disk=hdd --overwrite');
  assert.deepEqual(byNode(cluster), []);
  cluster.addNode('m04', { disk: 'ssd' });
  assert.deepEqual(byNode(cluster), ['m04']);
});

test('a pod deleted by hand comes back on the same node, even a cordoned one', () => {
  const cluster = newCluster();
  agent(cluster);
  cluster.advance(10_000);
  kubectl(cluster, 'kubectl cordon m02');
  const onM02 = pods(cluster).find((p) => p.spec?.nodeName === 'm02')!;
  kubectl(cluster, `kubectl delete pod ${onM02.metadata.name}`);
  assert.deepEqual(byNode(cluster), ['m01', 'm02', 'm03']);
  assert.notEqual(pods(cluster).find((p) => p.spec?.nodeName === 'm02' && !p.metadata.deletionTimestamp)?.metadata.name, onM02.metadata.name);
});
