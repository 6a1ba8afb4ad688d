// The kubelets' node-level loops: the Lease each registers (holder, 40 s duration, owned by its
// Node), renewals every 10 s and heartbeats every 5 minutes kept analytically and written before
// kubectl reads them, the start-up events, and what a network cut, a restored network and a
// kubelet restart change (k8s.io/component-helpers/apimachinery/lease, pkg/kubelet/nodestatus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Event, KubeObject, Node } from '../../engine/api/types.ts';
import { NODE_LEASE_RENEW_INTERVAL_MS, NODE_STATUS_UPDATE_FREQUENCY_MS, microTime } from '../../engine/kubelet/node-agent.ts';
import { applyNodeFault } from '../../engine/node-faults.ts';
import type { Cluster } from '../../engine/cluster.ts';
import { START_MS, kubectl, newCluster } from '../engine/cluster-helpers.ts';

const at = (seconds: number) => new Date(START_MS + seconds * 1000).toISOString().replace('.000Z', 'Z');

function lease(cluster: Cluster, name: string): Lease & KubeObject {
  return cluster.store.get('Lease', 'kube-node-lease', name) as unknown as Lease & KubeObject;
}

function readyHeartbeat(cluster: Cluster, name: string): string | undefined {
  const node = cluster.store.get<Node & KubeObject>('Node', '', name)!;
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime;
}

/** What kubectl would read now: the agents store their analytic state first. */
function observe(cluster: Cluster): void {
  kubectl(cluster, 'kubectl version --client');
}

test('the Lease is renewed every 40 s * 0.25, the period the kubelet computes its status on', () => {
  assert.equal(NODE_LEASE_RENEW_INTERVAL_MS, 10_000);
  assert.equal(NODE_STATUS_UPDATE_FREQUENCY_MS, NODE_LEASE_RENEW_INTERVAL_MS);
});

test('MicroTime has six fractional digits', () => {
  assert.equal(microTime(Date.parse('2020-06-07T22:00:10Z')), '2020-06-07T22:00:10.000000Z');
  assert.equal(microTime(Date.parse('2020-06-07T22:00:10.250Z')), '2020-06-07T22:00:10.250000Z');
});

test('a registering node gets its Lease and the kubelet\'s start-up events', () => {
  const cluster = newCluster(['m01']);
  const l = lease(cluster, 'm01');
  const node = cluster.store.get<Node & KubeObject>('Node', '', 'm01')!;
  assert.deepEqual(l.spec, { holderIdentity: 'm01', leaseDurationSeconds: 40, renewTime: '2020-06-07T22:00:00.000000Z' });
  assert.deepEqual(l.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'm01', uid: node.metadata.uid }]);
  const events = cluster.store.list<Event & KubeObject>('Event').filter((e) => e.source?.component === 'kubelet');
  assert.deepEqual(events.map((e) => `${e.involvedObject.kind}/${e.involvedObject.name} uid=${e.involvedObject.uid} ${e.reason}: ${e.message}`), [
    'Node/m01 uid=m01 Starting: Starting kubelet.',
    'Node/m01 uid=m01 NodeHasSufficientMemory: Node m01 status is now: NodeHasSufficientMemory',
    'Node/m01 uid=m01 NodeHasNoDiskPressure: Node m01 status is now: NodeHasNoDiskPressure',
    'Node/m01 uid=m01 NodeHasSufficientPID: Node m01 status is now: NodeHasSufficientPID',
    'Node/m01 uid=m01 NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
  ]);
});

test('the Lease is renewed every 10 s and the heartbeat posted every 5 minutes', () => {
  const cluster = newCluster(['m01']);
  cluster.advance(9_999);
  observe(cluster);
  assert.equal(lease(cluster, 'm01').spec?.renewTime, microTime(START_MS));
  cluster.advance(1);
  observe(cluster);
  assert.equal(lease(cluster, 'm01').spec?.renewTime, microTime(START_MS + 10_000));
  assert.equal(cluster.nodeAgents.lastLeaseRenewMs('m01', START_MS + 25_000), START_MS + 20_000);
  cluster.advance(289_999);
  observe(cluster);
  assert.equal(readyHeartbeat(cluster, 'm01'), at(0));
  cluster.advance(1);
  observe(cluster);
  assert.equal(readyHeartbeat(cluster, 'm01'), at(300));
  cluster.advance(700_000);
  observe(cluster);
  assert.equal(readyHeartbeat(cluster, 'm01'), at(900));
  assert.equal(lease(cluster, 'm01').spec?.renewTime, microTime(START_MS + 1_000_000));
});

test('a cut network freezes the Lease and the heartbeat; restored, the kubelet renews at its next tick', () => {
  const cluster = newCluster(['m01', 'm02']);
  cluster.advance(15_000);
  applyNodeFault(cluster, 'm02', 'goes-not-ready');
  assert.equal(cluster.nodeAgents.apiReachable('m02'), false);
  assert.equal(cluster.nodeAgents.kubeletRunning('m02'), true);
  cluster.advance(400_000);
  observe(cluster);
  assert.equal(lease(cluster, 'm02').spec?.renewTime, microTime(START_MS + 10_000));
  assert.equal(readyHeartbeat(cluster, 'm02'), at(0));
  // t=415 s: back between two ticks; the kubelet renews and posts at 420 s.
  applyNodeFault(cluster, 'm02', 'comes-back');
  assert.equal(cluster.nodeAgents.lastLeaseRenewMs('m02', START_MS + 419_999), START_MS + 10_000);
  cluster.advance(5_000);
  observe(cluster);
  assert.equal(lease(cluster, 'm02').spec?.renewTime, microTime(START_MS + 420_000));
  const node = cluster.store.get<Node & KubeObject>('Node', '', 'm02')!;
  assert.deepEqual(node.status?.conditions?.map((c) => `${c.type} ${c.status} ${c.reason} ${c.lastHeartbeatTime} ${c.lastTransitionTime}`), [
    `MemoryPressure False KubeletHasSufficientMemory ${at(420)} ${at(420)}`,
    `DiskPressure False KubeletHasNoDiskPressure ${at(420)} ${at(420)}`,
    `PIDPressure False KubeletHasSufficientPID ${at(420)} ${at(420)}`,
    `Ready True KubeletReady ${at(420)} ${at(420)}`,
  ]);
  const ready = cluster.store.list<Event & KubeObject>('Event').filter((e) => e.reason === 'NodeReady');
  assert.deepEqual(ready.map((e) => `${e.involvedObject.name} ${e.lastTimestamp}`), [`m02 ${at(420)}`]);
});

test('a kubelet that starts again renews and posts at once, and its loops tick from then', () => {
  const cluster = newCluster(['m01']);
  cluster.advance(12_000);
  applyNodeFault(cluster, 'm01', 'kubelet-stops');
  assert.equal(cluster.nodeAgents.kubeletRunning('m01'), false);
  assert.equal(cluster.nodeAgents.apiReachable('m01'), true);
  cluster.advance(3_000);
  applyNodeFault(cluster, 'm01', 'kubelet-starts');
  assert.equal(lease(cluster, 'm01').spec?.renewTime, microTime(START_MS + 15_000));
  assert.equal(readyHeartbeat(cluster, 'm01'), at(15));
  assert.equal(cluster.nodeAgents.lastLeaseRenewMs('m01', START_MS + 34_999), START_MS + 25_000);
  assert.throws(() => applyNodeFault(cluster, 'm01', 'kubelet-starts'), /the kubelet on m01 is already running/);
  assert.throws(() => applyNodeFault(cluster, 'm09', 'goes-not-ready'), /node "m09" is not in the cluster \(its nodes are m01\)/);
});

test('listeners hear every change, and a deleted node loses its Lease and its kubelet', () => {
  const cluster = newCluster(['m01', 'm02']);
  const heard: string[] = [];
  cluster.nodeAgents.subscribe((node, change) => heard.push(`${node} ${change}`));
  applyNodeFault(cluster, 'm02', 'goes-not-ready');
  applyNodeFault(cluster, 'm02', 'comes-back');
  applyNodeFault(cluster, 'm02', 'is-deleted');
  assert.deepEqual(heard, ['m02 network-down', 'm02 network-up', 'm02 kubelet-stopped', 'm02 removed']);
  assert.equal(cluster.store.get('Lease', 'kube-node-lease', 'm02'), undefined);
  assert.equal(cluster.nodeAgents.apiReachable('m02'), false);
});
