// Cascading deletion through the garbage collector (pkg/controller/garbagecollector): background
// deletes the dependents after their owner is gone, orphan strips the owner references and keeps
// the dependents, foreground keeps the owner (deletionTimestamp and the foregroundDeletion
// finalizer) until every blocking dependent is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, KubeObject, ReplicaSet } from '../../engine/api/types.ts';
import { apply, deploymentManifest, kubectl, newCluster, pods, replicaSetManifest } from './cluster-helpers.ts';

type D = Deployment & KubeObject;
type RS = ReplicaSet & KubeObject;

function runningDeployment(replicas = 3, image = 'luksa/kubia') {
  const cluster = newCluster();
  apply(cluster, deploymentManifest('kubia', replicas, image));
  cluster.advance(60_000);
  return cluster;
}

test('background deletion of a Deployment removes its ReplicaSet at once and its pods after their grace period', () => {
  const cluster = runningDeployment();
  const result = kubectl(cluster, 'kubectl delete deployment kubia');
  assert.equal(result.stdout, 'deployment.apps "kubia" deleted\n');
  assert.equal(result.stderr, '');
  assert.equal(cluster.store.get('Deployment', 'default', 'kubia'), undefined);
  assert.equal(cluster.store.list('ReplicaSet').length, 0);
  // luksa/kubia ignores SIGTERM, so each pod stays Terminating for its whole 30 s grace period.
  const terminating = pods(cluster);
  assert.equal(terminating.length, 3);
  assert.ok(terminating.every((p) => p.metadata.deletionTimestamp === '2020-06-07T22:01:30Z'));
  cluster.advance(29_999);
  assert.equal(pods(cluster).length, 3);
  cluster.advance(1);
  assert.equal(pods(cluster).length, 0);
});

test('background deletion of a ReplicaSet deletes its pods', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('web', 2, 'nginx:1.27'));
  cluster.advance(10_000);
  kubectl(cluster, 'kubectl delete rs web');
  // nginx stops on SIGTERM, so its pods go at once.
  assert.equal(pods(cluster).length, 0);
});

test('orphan deletion removes the owner references and keeps the children running', () => {
  const cluster = runningDeployment();
  const before = cluster.store.list<RS>('ReplicaSet')[0];
  const podNames = pods(cluster).map((p) => p.metadata.name).sort();
  const result = kubectl(cluster, 'kubectl delete deployment kubia --cascade=orphan');
  assert.equal(result.stdout, 'deployment.apps "kubia" deleted\n');
  assert.equal(cluster.store.get('Deployment', 'default', 'kubia'), undefined);
  const rs = cluster.store.list<RS>('ReplicaSet');
  assert.equal(rs.length, 1);
  assert.equal(rs[0].metadata.name, before.metadata.name);
  assert.equal(rs[0].metadata.ownerReferences, undefined);
  assert.equal(rs[0].metadata.deletionTimestamp, undefined);
  cluster.advance(60_000);
  const kept = pods(cluster);
  assert.deepEqual(kept.map((p) => p.metadata.name).sort(), podNames);
  assert.ok(kept.every((p) => p.metadata.ownerReferences?.[0]?.uid === before.metadata.uid && !p.metadata.deletionTimestamp));
});

test('an orphaned ReplicaSet keeps managing its pods', () => {
  const cluster = runningDeployment(2);
  kubectl(cluster, 'kubectl delete deployment kubia --cascade=orphan');
  const rsName = cluster.store.list<RS>('ReplicaSet')[0].metadata.name!;
  kubectl(cluster, `kubectl delete pod ${pods(cluster)[0].metadata.name}`);
  assert.equal(pods(cluster).filter((p) => !p.metadata.deletionTimestamp).length, 2);
  assert.ok(pods(cluster).every((p) => p.metadata.ownerReferences?.[0]?.name === rsName));
});

test('foreground deletion keeps the Deployment, marked, until its pods are gone', () => {
  const cluster = runningDeployment();
  const result = kubectl(cluster, 'kubectl delete deployment kubia --cascade=foreground');
  assert.equal(result.stdout, 'deployment.apps "kubia" deleted\n');
  const owner = cluster.store.get<D>('Deployment', 'default', 'kubia');
  assert.ok(owner, 'the Deployment is still there while its dependents are deleted');
  assert.equal(owner.metadata.deletionTimestamp, '2020-06-07T22:01:00Z');
  assert.deepEqual(owner.metadata.finalizers, ['foregroundDeletion']);
  // The ReplicaSet has dependents of its own, so it is deleted in the foreground too.
  const rs = cluster.store.list<RS>('ReplicaSet');
  assert.equal(rs.length, 1);
  assert.deepEqual(rs[0].metadata.finalizers, ['foregroundDeletion']);
  assert.ok(rs[0].metadata.deletionTimestamp);
  assert.ok(pods(cluster).every((p) => p.metadata.deletionTimestamp), 'every pod is terminating');
  cluster.advance(29_000);
  assert.ok(cluster.store.get('Deployment', 'default', 'kubia'), 'still waiting for the pods');
  assert.equal(cluster.store.list('ReplicaSet').length, 1);
  cluster.advance(1_000);
  assert.equal(pods(cluster).length, 0);
  assert.equal(cluster.store.list('ReplicaSet').length, 0);
  assert.equal(cluster.store.get('Deployment', 'default', 'kubia'), undefined);
});

test('foreground deletion of pods that stop at once completes within the same command', () => {
  const cluster = runningDeployment(2, 'nginx:1.27');
  kubectl(cluster, 'kubectl delete deployment kubia --cascade=foreground');
  assert.equal(pods(cluster).length, 0);
  assert.equal(cluster.store.list('ReplicaSet').length, 0);
  assert.equal(cluster.store.get('Deployment', 'default', 'kubia'), undefined);
});

test('a dependent with another live owner is not deleted; only the dangling reference is dropped', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('first', 0));
  apply(cluster, replicaSetManifest('second', 0));
  const first = cluster.store.get<RS>('ReplicaSet', 'default', 'first')!;
  const second = cluster.store.get<RS>('ReplicaSet', 'default', 'second')!;
  const ref = (rs: typeof first) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid! });
  cluster.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shared', labels: { unrelated: 'yes' }, ownerReferences: [ref(first), ref(second)] },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
  });
  kubectl(cluster, 'kubectl delete rs first');
  const shared = cluster.store.get('Pod', 'default', 'shared');
  assert.ok(shared, 'the pod still has a live owner');
  assert.deepEqual(shared.metadata.ownerReferences?.map((r) => r.name), ['second']);
  kubectl(cluster, 'kubectl delete rs second');
  assert.equal(cluster.store.get('Pod', 'default', 'shared'), undefined);
});

test('re-applying an orphaning-deleted Deployment adopts its ReplicaSet instead of creating pods', () => {
  const cluster = runningDeployment();
  const rsBefore = cluster.store.list<RS>('ReplicaSet')[0];
  const podNames = pods(cluster).map((p) => p.metadata.name).sort();
  kubectl(cluster, 'kubectl delete deployment kubia --cascade=orphan');
  apply(cluster, deploymentManifest('kubia', 3));
  const d = cluster.store.get<D>('Deployment', 'default', 'kubia')!;
  const rs = cluster.store.list<RS>('ReplicaSet');
  assert.equal(rs.length, 1);
  assert.equal(rs[0].metadata.uid, rsBefore.metadata.uid);
  assert.equal(rs[0].metadata.ownerReferences?.[0]?.uid, d.metadata.uid);
  assert.deepEqual(pods(cluster).map((p) => p.metadata.name).sort(), podNames);
});

test(
  'a dependent whose owner never existed is collected (attemptToDeleteItem: all owners absent)',
  () => {
    const cluster = newCluster();
    cluster.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' }] },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    });
    cluster.advance(1_000);
    assert.equal(cluster.store.get('Pod', 'default', 'stray'), undefined);
  },
);
