// The node lifecycle controller in a cluster: when a silent node turns Unknown (v1.32's 50 s grace
// on a 5 s monitor period), what it writes, the NoSchedule taints that follow the conditions, the
// NoExecute taint a check later, the 0.1/s tainting rate, the zone disruption modes, and the
// node events (pkg/controller/nodelifecycle/node_lifecycle_controller.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, KubeObject, Node } from '../../engine/api/types.ts';
import { applyNodeFault } from '../../engine/node-faults.ts';
import type { Cluster } from '../../engine/cluster.ts';
import { START_MS, apply, deploymentManifest, kubectl, newCluster, pods } from '../engine/cluster-helpers.ts';

function node(cluster: Cluster, name: string): Node & KubeObject {
  return cluster.store.get<Node & KubeObject>('Node', '', name) as Node & KubeObject;
}

function ready(cluster: Cluster, name: string): string | undefined {
  return node(cluster, name).status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

function taints(cluster: Cluster, name: string): string[] {
  return (node(cluster, name).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}@${t.timeAdded ?? ''}`);
}

function nodeEvents(cluster: Cluster, name: string): string[] {
  return cluster.store
    .list<Event & KubeObject>('Event')
    .filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === name && e.source?.component === 'node-controller')
    .map((e) => `${e.reason}: ${e.message}`);
}

const at = (seconds: number) => new Date(START_MS + seconds * 1000).toISOString().replace('.000Z', 'Z');

test('a node silent for longer than 50 s after its last Lease renewal is Unknown at the next 5 s check', () => {
  const cluster = newCluster();
  cluster.advance(10_000);
  applyNodeFault(cluster, 'm02', 'goes-not-ready'); // last renewal: t=10 s
  cluster.advance(54_999);
  assert.equal(ready(cluster, 'm02'), 'True');
  cluster.advance(1); // t=65 s: the first check later than 10 + 50 s
  assert.equal(ready(cluster, 'm02'), 'Unknown');
  const conditions = node(cluster, 'm02').status!.conditions!.map((c) => `${c.type} ${c.status} ${c.reason} ${c.message} ${c.lastHeartbeatTime} ${c.lastTransitionTime}`);
  assert.deepEqual(conditions, [
    `MemoryPressure Unknown NodeStatusUnknown Kubelet stopped posting node status. ${at(0)} ${at(65)}`,
    `DiskPressure Unknown NodeStatusUnknown Kubelet stopped posting node status. ${at(0)} ${at(65)}`,
    `PIDPressure Unknown NodeStatusUnknown Kubelet stopped posting node status. ${at(0)} ${at(65)}`,
    `Ready Unknown NodeStatusUnknown Kubelet stopped posting node status. ${at(0)} ${at(65)}`,
  ]);
  assert.deepEqual(nodeEvents(cluster, 'm02'), ['RegisteredNode: Node m02 event: Registered Node m02 in Controller', 'NodeNotReady: Node m02 status is now: NodeNotReady']);
  // The NoSchedule taint follows the condition at once; the NoExecute one comes with the next check.
  assert.deepEqual(taints(cluster, 'm02'), [`node.kubernetes.io/unreachable:NoSchedule@${at(65)}`]);
  cluster.advance(5000);
  assert.deepEqual(taints(cluster, 'm02'), [`node.kubernetes.io/unreachable:NoSchedule@${at(65)}`, `node.kubernetes.io/unreachable:NoExecute@${at(70)}`]);
});

test('the pods of a NotReady node get Ready=False and a NodeNotReady warning; the containers stay ready', () => {
  const cluster = newCluster(['m01', 'm02']);
  apply(cluster, deploymentManifest('kubia', 2));
  cluster.advance(10_000);
  applyNodeFault(cluster, 'm02', 'goes-not-ready');
  cluster.advance(60_000);
  const onM02 = pods(cluster).filter((p) => p.spec?.nodeName === 'm02');
  assert.equal(onM02.length, 1);
  const conditions = Object.fromEntries(onM02[0].status!.conditions!.map((c) => [c.type, c.status]));
  assert.equal(conditions.Ready, 'False');
  assert.equal(conditions.ContainersReady, 'True');
  const warning = cluster.store.list<Event & KubeObject>('Event').find((e) => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Pod');
  assert.equal(warning?.type, 'Warning');
  assert.equal(warning?.message, 'Node is not ready');
  assert.equal(warning?.involvedObject.uid, onM02[0].metadata.uid);
});

test('nodes lost together are tainted NoExecute one every 10 s', () => {
  const cluster = newCluster(['m01', 'm02', 'm03', 'm04', 'm05']);
  cluster.advance(10_000);
  applyNodeFault(cluster, 'm02', 'goes-not-ready');
  applyNodeFault(cluster, 'm03', 'goes-not-ready');
  cluster.advance(120_000);
  const noExecute = (n: string) => taints(cluster, n).filter((t) => t.includes('NoExecute'));
  assert.deepEqual(noExecute('m02'), [`node.kubernetes.io/unreachable:NoExecute@${at(70)}`]);
  assert.deepEqual(noExecute('m03'), [`node.kubernetes.io/unreachable:NoExecute@${at(80)}`]);
});

test('a partially disrupted zone of 50 nodes or fewer taints nothing', () => {
  const cluster = newCluster(['m01', 'm02', 'm03', 'm04']);
  for (const n of ['m02', 'm03', 'm04']) applyNodeFault(cluster, n, 'goes-not-ready');
  cluster.advance(600_000);
  for (const n of ['m02', 'm03', 'm04']) {
    assert.equal(ready(cluster, n), 'Unknown');
    assert.deepEqual(taints(cluster, n).map((t) => t.split('@')[0]), ['node.kubernetes.io/unreachable:NoSchedule']);
  }
});

test('master disruption mode: with every node NotReady the NoExecute taints go, and come back with a Ready node', () => {
  const cluster = newCluster(['m01', 'm02']);
  applyNodeFault(cluster, 'm01', 'goes-not-ready');
  cluster.advance(30_000);
  applyNodeFault(cluster, 'm02', 'goes-not-ready');
  // m01 is tainted NoExecute at 60 s; m02 goes Unknown at 85 s, and with it the whole cluster.
  cluster.advance(40_000);
  assert.ok(taints(cluster, 'm01').some((t) => t.includes('NoExecute')));
  cluster.advance(20_000);
  assert.equal(ready(cluster, 'm02'), 'Unknown');
  assert.ok(!taints(cluster, 'm01').some((t) => t.includes('NoExecute')));
  assert.ok(!taints(cluster, 'm02').some((t) => t.includes('NoExecute')));
  cluster.advance(600_000);
  assert.ok(!taints(cluster, 'm01').some((t) => t.includes('NoExecute')));
  // t=690 s: m02 is back, posts Ready at once, and the check at 695 s leaves the mode; the
  // drained bucket lets m01 be tainted 10 s later.
  applyNodeFault(cluster, 'm02', 'comes-back');
  assert.equal(ready(cluster, 'm02'), 'True');
  cluster.advance(14_999);
  assert.ok(!taints(cluster, 'm01').some((t) => t.includes('NoExecute')));
  cluster.advance(1);
  assert.deepEqual(taints(cluster, 'm01').filter((t) => t.includes('NoExecute')), [`node.kubernetes.io/unreachable:NoExecute@${at(705)}`]);
});

test('cordon adds the unschedulable NoSchedule taint, uncordon removes it', () => {
  const cluster = newCluster(['m01']);
  kubectl(cluster, 'kubectl cordon m01');
  assert.deepEqual(taints(cluster, 'm01'), [`node.kubernetes.io/unschedulable:NoSchedule@${at(0)}`]);
  kubectl(cluster, 'kubectl uncordon m01');
  assert.deepEqual(taints(cluster, 'm01'), []);
});

test('a deleted node is removed from the controller with an event', () => {
  const cluster = newCluster(['m01', 'm02']);
  cluster.advance(7000);
  applyNodeFault(cluster, 'm02', 'is-deleted');
  cluster.advance(5000);
  assert.deepEqual(nodeEvents(cluster, 'm02'), ['RegisteredNode: Node m02 event: Registered Node m02 in Controller', 'RemovingNode: Node m02 event: Removing Node m02 from Controller']);
});
