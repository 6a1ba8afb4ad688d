// The pod garbage collector for lost nodes: pods bound to a deleted node go once it has been
// missing for the 40 s quarantine, checked every 20 s, marked Failed with DisruptionTarget first;
// terminating pods on a NotReady out-of-service node are force-deleted
// (pkg/controller/podgc/gc_controller.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Pod } from '../../engine/api/types.ts';
import { applyNodeFault } from '../../engine/node-faults.ts';
import { apply, barePodManifest, kubectl, newCluster, pod } from '../engine/cluster-helpers.ts';

test('pods of a deleted node are collected at the first check 40 s after it was first missed', () => {
  const cluster = newCluster(['m01', 'm02']);
  apply(cluster, barePodManifest('web', { app: 'web' }, 'nginx', { nodeName: 'm02' }));
  cluster.advance(25_000);
  const seen: string[] = [];
  cluster.store.watch('Pod', (ev) => {
    const p = ev.object as Pod & KubeObject;
    if (ev.type === 'MODIFIED') seen.push(`${p.status?.phase} ${p.status?.conditions?.map((c) => `${c.type}=${c.status}/${c.reason ?? ''}`).join(',')}`);
    else seen.push(ev.type);
  });
  applyNodeFault(cluster, 'm02', 'is-deleted'); // t=25 s: missed by the check at 40 s
  cluster.advance(54_999);
  assert.ok(pod(cluster, 'web'));
  cluster.advance(1); // t=80 s: 40 s after it was first missed
  assert.equal(pod(cluster, 'web'), undefined);
  assert.deepEqual(seen.slice(-2), [
    'Failed PodReadyToStartContainers=True/,Initialized=True/,Ready=True/,ContainersReady=True/,DisruptionTarget=True/DeletionByPodGC',
    'DELETED',
  ]);
});

test('a terminating pod on a NotReady node tainted out-of-service is force-deleted', () => {
  const cluster = newCluster(['m01', 'm02']);
  apply(cluster, barePodManifest('web', { app: 'web' }, 'luksa/kubia', { nodeName: 'm02', terminationGracePeriodSeconds: 3600 }));
  cluster.advance(10_000);
  applyNodeFault(cluster, 'm02', 'goes-not-ready');
  cluster.advance(60_000);
  kubectl(cluster, 'kubectl delete pod web');
  assert.ok(pod(cluster, 'web')?.metadata.deletionTimestamp);
  kubectl(cluster, 'kubectl taint nodes m02 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute');
  cluster.advance(20_000);
  assert.equal(pod(cluster, 'web'), undefined);
});
