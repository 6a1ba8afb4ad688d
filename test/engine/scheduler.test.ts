// The scheduler (pkg/scheduler): spreading one controller's pods across nodes, the filters
// (nodeSelector, unschedulable, NoSchedule taints, resource requests) with the exact
// FailedScheduling text of FitError.Error plus the preemption post-filter, and retrying a pending
// pod once room appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../engine/cluster.ts';
import type { KubeObject, Node } from '../../engine/api/types.ts';
import { apply, barePodManifest, deploymentManifest, eventLines, kubectl, newCluster, pod, pods, type StoredPod } from './cluster-helpers.ts';

function changeNode(cluster: Cluster, name: string, change: (node: Node & KubeObject) => void): void {
  cluster.store.mutate<Node & KubeObject>('Node', '', name, change);
  cluster.settle();
}

function podsPerNode(cluster: Cluster): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of pods(cluster)) {
    const node = p.spec?.nodeName ?? '<none>';
    counts[node] = (counts[node] ?? 0) + 1;
  }
  return counts;
}

/** A bare nginx pod requesting `cpu`. */
function podRequesting(name: string, cpu: string): object {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu } } }] } };
}

function scheduledCondition(cluster: Cluster, name: string) {
  return pod(cluster, name)!.status?.conditions?.find((c) => c.type === 'PodScheduled');
}

test('one Deployment\'s pods are spread evenly over the nodes', () => {
  const cluster = newCluster();
  apply(cluster, deploymentManifest('kubia', 3));
  assert.deepEqual(podsPerNode(cluster), { m01: 1, m02: 1, m03: 1 });
  kubectl(cluster, 'kubectl scale deployment kubia --replicas=9');
  assert.deepEqual(podsPerNode(cluster), { m01: 3, m02: 3, m03: 3 });
});

test('binding records a Scheduled event and the PodScheduled condition', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('web', { app: 'web' }, 'nginx:1.27'));
  assert.equal(pod(cluster, 'web')!.spec?.nodeName, 'm01');
  assert.deepEqual(eventLines(cluster, 'Pod', 'web')[0], 'Scheduled: Successfully assigned default/web to m01');
  const scheduled = cluster.store.list('Event').find((e) => (e as unknown as { reason: string }).reason === 'Scheduled') as unknown as { type: string; source: { component: string } };
  assert.equal(scheduled.type, 'Normal');
  assert.equal(scheduled.source.component, 'default-scheduler');
  assert.equal(scheduledCondition(cluster, 'web')?.status, 'True');
});

test('a nodeSelector picks the node with the label', () => {
  const cluster = newCluster(['m01']);
  cluster.addNode('m02', { disk: 'ssd' });
  cluster.addNode('m03');
  apply(cluster, deploymentManifest('fast', 4, 'nginx:1.27', { nodeSelector: { disk: 'ssd' } }));
  assert.deepEqual(podsPerNode(cluster), { m02: 4 });
});

test('a nodeSelector no node matches leaves the pod Pending with FailedScheduling', () => {
  const cluster = newCluster();
  apply(cluster, barePodManifest('picky', { app: 'picky' }, 'nginx:1.27', { nodeSelector: { disk: 'ssd' } }));
  const message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..";
  assert.equal(pod(cluster, 'picky')!.spec?.nodeName, undefined);
  assert.deepEqual(eventLines(cluster, 'Pod', 'picky'), [`FailedScheduling: ${message}`]);
  const condition = scheduledCondition(cluster, 'picky');
  assert.equal(condition?.status, 'False');
  assert.equal(condition?.reason, 'Unschedulable');
  assert.equal(condition?.message, message);
  assert.equal(pod(cluster, 'picky')!.status?.phase, 'Pending');
  const failed = cluster.store.list('Event').find((e) => (e as unknown as { reason: string }).reason === 'FailedScheduling') as unknown as { type: string; source: { component: string } };
  assert.equal(failed.type, 'Warning');
  assert.equal(failed.source.component, 'default-scheduler');
});

test('a labelled node makes a waiting pod schedulable', () => {
  const cluster = newCluster();
  apply(cluster, barePodManifest('picky', { app: 'picky' }, 'nginx:1.27', { nodeSelector: { disk: 'ssd' } }));
  changeNode(cluster, 'm03', (n) => {
    n.metadata.labels = { ...n.metadata.labels, disk: 'ssd' };
  });
  assert.equal(pod(cluster, 'picky')!.spec?.nodeName, 'm03');
});

test('an unschedulable (cordoned) node gets no new pods', () => {
  const cluster = newCluster();
  changeNode(cluster, 'm01', (n) => {
    n.spec = { ...n.spec, unschedulable: true };
  });
  apply(cluster, deploymentManifest('kubia', 4));
  assert.deepEqual(podsPerNode(cluster), { m02: 2, m03: 2 });
});

test('when every node is cordoned the message names them unschedulable', () => {
  const cluster = newCluster();
  for (const n of ['m01', 'm02', 'm03']) changeNode(cluster, n, (node) => {
    node.spec = { ...node.spec, unschedulable: true };
  });
  apply(cluster, barePodManifest('web', { app: 'web' }, 'nginx:1.27'));
  assert.deepEqual(eventLines(cluster, 'Pod', 'web'), [
    'FailedScheduling: 0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
  ]);
});

test('a NoSchedule taint keeps pods that do not tolerate it away', () => {
  const cluster = newCluster();
  changeNode(cluster, 'm02', (n) => {
    n.spec = { ...n.spec, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] };
  });
  apply(cluster, deploymentManifest('kubia', 4));
  assert.deepEqual(podsPerNode(cluster), { m01: 2, m03: 2 });
  apply(cluster, deploymentManifest('gpu', 3, 'nginx:1.27', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }], nodeSelector: { 'kubernetes.io/hostname': 'm02' } }));
  assert.equal(pods(cluster).filter((p) => p.metadata.labels?.app === 'gpu' && p.spec?.nodeName === 'm02').length, 3);
});

test('requests no node can hold fail with Insufficient cpu and no preemption victims', () => {
  const cluster = newCluster();
  apply(cluster, podRequesting('big', '5'));
  assert.deepEqual(eventLines(cluster, 'Pod', 'big'), [
    'FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
  ]);
});

test('reasons are counted per node and sorted, and preemption splits helpful from unhelpful nodes', () => {
  const cluster = newCluster();
  changeNode(cluster, 'm01', (n) => {
    n.spec = { ...n.spec, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] };
  });
  apply(cluster, podRequesting('big', '5'));
  assert.deepEqual(eventLines(cluster, 'Pod', 'big'), [
    'FailedScheduling: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
  ]);
});

test('requests count against allocatable: the pod that does not fit waits, then runs when room appears', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, podRequesting('first', '3'));
  apply(cluster, podRequesting('second', '3'));
  assert.equal(pod(cluster, 'first')!.spec?.nodeName, 'm01');
  assert.equal(pod(cluster, 'second')!.spec?.nodeName, undefined);
  assert.deepEqual(eventLines(cluster, 'Pod', 'second'), [
    'FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
  ]);
  cluster.advance(10_000);
  kubectl(cluster, 'kubectl delete pod first');
  assert.equal(pod(cluster, 'first'), undefined, 'nginx stops at once on SIGTERM');
  assert.equal(pod(cluster, 'second')!.spec?.nodeName, 'm01');
  assert.equal(scheduledCondition(cluster, 'second')?.status, 'True');
});

test('a terminating pod still holds its requests until it is gone', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'first' }, spec: { containers: [{ name: 'main', image: 'luksa/kubia', resources: { requests: { cpu: '3' } } }] } });
  cluster.advance(10_000);
  kubectl(cluster, 'kubectl delete pod first');
  apply(cluster, podRequesting('second', '3'));
  assert.equal(pod(cluster, 'second')!.spec?.nodeName, undefined);
  cluster.advance(30_000);
  assert.equal(pod(cluster, 'first'), undefined);
  assert.equal(pod(cluster, 'second')!.spec?.nodeName, 'm01');
});

test('a new node takes a pod that fits nowhere else', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, podRequesting('first', '3'));
  apply(cluster, podRequesting('second', '3'));
  cluster.addNode('m02');
  assert.equal(pod(cluster, 'second')!.spec?.nodeName, 'm02');
});

test('without nodes the pod waits with "no nodes available to schedule pods"', () => {
  const cluster = newCluster([]);
  apply(cluster, barePodManifest('web', { app: 'web' }, 'nginx:1.27'));
  assert.deepEqual(eventLines(cluster, 'Pod', 'web'), ['FailedScheduling: no nodes available to schedule pods']);
});

test('per-node pod counts by controller equal a recount after pods and nodes come and go, and drop controllers that left', () => {
  // The scheduler drops a controller's count when it falls to 0. A reference kept the old way
  // (zeros kept, every count from the same watch events) must read the same on every node, also
  // when a node is deleted and registered again while pods counted on its old self go away.
  const cluster = newCluster();
  type Info = { byController: Map<string, number>; keepZeros: boolean };
  const live = (cluster.scheduler as unknown as { nodes: Map<string, Info> }).nodes;
  const refNodes = new Map<string, Map<string, number>>();
  const refAssigned = new Map<string, { node: string; controller?: string }>();
  for (const n of cluster.store.list('Node')) refNodes.set(n.metadata.name!, new Map());
  cluster.store.watch('Node', (ev) => {
    const name = ev.object.metadata.name!;
    if (ev.type === 'DELETED') refNodes.delete(name);
    else if (!refNodes.has(name)) refNodes.set(name, new Map());
  });
  cluster.store.watch('Pod', (ev) => {
    const p = ev.object as StoredPod;
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    const phase = p.status?.phase;
    if (ev.type === 'DELETED' || phase === 'Succeeded' || phase === 'Failed') {
      const a = refAssigned.get(key);
      if (!a) return;
      refAssigned.delete(key);
      const counts = refNodes.get(a.node);
      if (counts && a.controller) counts.set(a.controller, (counts.get(a.controller) ?? 1) - 1);
      return;
    }
    const nodeName = p.spec?.nodeName;
    if (!nodeName || refAssigned.has(key)) return;
    const controller = p.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    refAssigned.set(key, { node: nodeName, controller });
    const counts = refNodes.get(nodeName);
    if (counts && controller) counts.set(controller, (counts.get(controller) ?? 0) + 1);
  });
  const check = (step: string): void => {
    assert.deepEqual([...live.keys()].sort(), [...refNodes.keys()].sort(), step);
    for (const [name, info] of live) {
      const ref = refNodes.get(name)!;
      for (const c of new Set([...ref.keys(), ...info.byController.keys()])) assert.equal(info.byController.get(c) ?? 0, ref.get(c) ?? 0, `${step}: ${name} ${c}`);
      if (!info.keepZeros) for (const [c, n] of info.byController) assert.notEqual(n, 0, `${step}: ${name} keeps a zero for ${c}`);
    }
  };
  for (const name of ['a', 'b', 'c']) apply(cluster, deploymentManifest(name, 2, 'nginx:1.27'));
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n;
  };
  const deleted: string[] = [];
  for (let step = 0; step < 120; step++) {
    const op = next(10);
    if (op < 6) kubectl(cluster, `kubectl scale deployment ${['a', 'b', 'c'][next(3)]} --replicas=${next(7)}`);
    else if (op < 7 && deleted.length < 2) {
      const name = ['m01', 'm02', 'm03'].filter((n) => !deleted.includes(n))[0];
      kubectl(cluster, `kubectl delete node ${name}`);
      deleted.push(name);
    } else if (op < 8 && deleted.length > 0) cluster.addNode(deleted.shift()!);
    else if (op < 8) {
      // Deleted and registered again at once: its pods are still there, counted on its old self.
      const name = ['m01', 'm02', 'm03'][next(3)];
      kubectl(cluster, `kubectl delete node ${name}`);
      cluster.addNode(name);
    }
    else if (op < 9) kubectl(cluster, `kubectl delete deployment ${['a', 'b', 'c'][next(3)]} --ignore-not-found`);
    else for (const name of ['a', 'b', 'c']) apply(cluster, deploymentManifest(name, next(4), 'nginx:1.27'));
    cluster.advance(next(60) * 1000);
    check(`step ${step}`);
  }
  // Once every pod is gone, nodes that only ever counted their own pods hold no controller at all.
  for (const name of ['a', 'b', 'c']) kubectl(cluster, `kubectl delete deployment ${name} --ignore-not-found`);
  while (deleted.length > 0) cluster.addNode(deleted.shift()!);
  cluster.advance(600_000);
  check('after all deletes');
  assert.equal(pods(cluster).length, 0);
  for (const info of live.values()) if (!info.keepZeros) assert.equal(info.byController.size, 0);
  assert.ok([...live.values()].some((i) => i.keepZeros), 'a node registered again while pods counted on its old self remained');
});
