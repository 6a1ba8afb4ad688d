// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go, controller_utils.go):
// slowStartBatch, the order in which surplus pods are deleted (ported from upstream's
// TestSortingActivePodsWithRanks, workload-controllers.md §10.6), and, through a whole Cluster,
// creation with owner references and events, adoption, release and scale-down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toRfc3339 } from '../../engine/clock.ts';
import { UserError } from '../../engine/errors.ts';
import { lessByRank, podsToDelete, slowStartBatch } from '../../engine/controllers/replicaset.ts';
import type { KubeObject, ReplicaSet } from '../../engine/api/types.ts';
import { apply, barePodManifest, eventLines, kubectl, newCluster, pod, pods, replicaSetManifest, type StoredPod } from './cluster-helpers.ts';

// ---- slowStartBatch ----------------------------------------------------------------------------

/** Runs slowStartBatch with a create that fails from call number `failFrom` on. */
function batchRun(count: number, failFrom = Infinity): { successes: number; error?: string; calls: number } {
  let calls = 0;
  const result = slowStartBatch(count, 1, () => {
    calls++;
    if (calls >= failFrom) throw new UserError(`quota exceeded on call ${calls}`);
  });
  return { ...result, calls };
}

test('slowStartBatch creates everything when nothing fails', () => {
  assert.deepEqual(batchRun(10), { successes: 10, calls: 10 });
  assert.deepEqual(batchRun(0), { successes: 0, calls: 0 });
  assert.deepEqual(batchRun(1), { successes: 1, calls: 1 });
});

test('slowStartBatch reports every success and the first failure\'s error', () => {
  for (const failFrom of [1, 2, 3, 4, 7, 8, 10]) {
    const result = batchRun(10, failFrom);
    assert.equal(result.successes, failFrom - 1, `failing from call ${failFrom}`);
    assert.equal(result.error, `quota exceeded on call ${failFrom}`);
  }
});

test(
  'slowStartBatch runs the whole failing batch and counts its successes (controller_utils.go slowStartBatch)',
  () => {
    // Batches of 1, 2, 4, 3 for 10 (calls 1 | 2-3 | 4-7 | 8-10). Each batch runs in full, as its
    // creates are concurrent upstream, and only the batches after a failing one are skipped.
    assert.equal(batchRun(10, 2).calls, 3);
    assert.equal(batchRun(10, 4).calls, 7);
    assert.equal(batchRun(10, 8).calls, 10);
    assert.deepEqual({ ...batchRun(10, 5), error: undefined }, { successes: 4, error: undefined, calls: 7 });
    let calls = 0;
    // Only the fourth create fails: the third batch (calls 4-7) still runs in full.
    const result = slowStartBatch(10, 1, () => {
      calls++;
      if (calls === 4) throw new UserError('conflict');
    });
    assert.equal(calls, 7);
    assert.equal(result.successes, 6);
    assert.equal(result.error, 'conflict');
  },
);

// ---- the deletion ranking (ActivePodsWithRanks.Less) ---------------------------------------------

const NOW_MS = Date.parse('2020-06-07T22:00:00Z');
const HOUR_MS = 3600 * 1000;
const now = toRfc3339(NOW_MS);
const then1Month = '2020-05-07T22:00:00Z'; // now.AddDate(0, -1, 0)
const then2Hours = toRfc3339(NOW_MS - 2 * HOUR_MS);
const then5Hours = toRfc3339(NOW_MS - 5 * HOUR_MS);
const then8Hours = toRfc3339(NOW_MS - 8 * HOUR_MS);
const ZERO = undefined; // metav1.Time{}: the field is absent

/** The pod() helper of TestSortingActivePodsWithRanks. */
function rankPod(name: string, nodeName: string, phase: string, ready: boolean, restarts: number, readySince: string | undefined, created: string | undefined, annotations?: Record<string, string>): StoredPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(created ? { creationTimestamp: created } : {}), ...(annotations ? { annotations } : {}) },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
    status: {
      phase,
      ...(ready ? { conditions: [{ type: 'Ready', status: 'True', ...(readySince ? { lastTransitionTime: readySince } : {}) }], containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount: restarts }] } : {}),
    },
  } as unknown as StoredPod;
}

const unscheduledPod = rankPod('unscheduled', '', 'Pending', false, 0, ZERO, ZERO);
const scheduledPendingPod = rankPod('pending', 'node', 'Pending', false, 0, ZERO, ZERO);
const unknownPhasePod = rankPod('unknown-phase', 'node', 'Unknown', false, 0, ZERO, ZERO);
const runningNotReadyPod = rankPod('not-ready', 'node', 'Running', false, 0, ZERO, ZERO);
const runningReadyNoLastTransitionTimePod = rankPod('ready-no-last-transition-time', 'node', 'Running', true, 0, ZERO, ZERO);
const runningReadyNow = rankPod('ready-now', 'node', 'Running', true, 0, now, now);
const runningReadyThen = rankPod('ready-then', 'node', 'Running', true, 0, then1Month, then1Month);
const runningReadyNowHighRestarts = rankPod('ready-high-restarts', 'node', 'Running', true, 9001, now, now);
const runningReadyNowCreatedThen = rankPod('ready-now-created-then', 'node', 'Running', true, 0, now, then1Month);
const lowPodDeletionCost = rankPod('low-deletion-cost', 'node', 'Running', true, 0, now, then1Month, { 'controller.kubernetes.io/pod-deletion-cost': '10' });
const highPodDeletionCost = rankPod('high-deletion-cost', 'node', 'Running', true, 0, now, then1Month, { 'controller.kubernetes.io/pod-deletion-cost': '100' });
const unscheduled5Hours = rankPod('unscheduled-5-hours', '', 'Pending', false, 0, then5Hours, then5Hours);
const unscheduled8Hours = rankPod('unscheduled-10-hours', '', 'Pending', false, 0, then8Hours, then8Hours);
const ready2Hours = rankPod('ready-2-hours', '', 'Running', true, 0, then2Hours, then1Month);
const ready5Hours = rankPod('ready-5-hours', '', 'Running', true, 0, then5Hours, then1Month);
const ready10Hours = rankPod('ready-10-hours', '', 'Running', true, 0, then8Hours, then1Month);

test('ActivePodsWithRanks equality cases: neither pod goes first', () => {
  const pairs: [StoredPod, StoredPod][] = [
    [unscheduledPod, unscheduledPod],
    [scheduledPendingPod, scheduledPendingPod],
    [unknownPhasePod, unknownPhasePod],
    [runningNotReadyPod, runningNotReadyPod],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    [runningReadyNow, runningReadyNow],
    [runningReadyThen, runningReadyThen],
    [runningReadyNowHighRestarts, runningReadyNowHighRestarts],
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ];
  for (const [p1, p2] of pairs) {
    const a = { pod: p1, rank: 1 };
    const b = { pod: p2, rank: 1 };
    assert.equal(lessByRank(a, b, NOW_MS) || lessByRank(b, a, NOW_MS), false, `${p1.metadata.name} vs ${p2.metadata.name}`);
  }
});

test('ActivePodsWithRanks inequality cases: the lesser pod is deleted first', () => {
  const cases: [StoredPod, number, StoredPod, number][] = [
    [unscheduledPod, 1, scheduledPendingPod, 2],
    [unscheduledPod, 2, scheduledPendingPod, 1],
    [scheduledPendingPod, 1, unknownPhasePod, 2],
    [unknownPhasePod, 1, runningNotReadyPod, 2],
    [runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNow, 1, runningReadyThen, 1],
    [runningReadyNow, 2, runningReadyThen, 1],
    [runningReadyNowHighRestarts, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNowHighRestarts, 1],
    [runningReadyNow, 1, runningReadyNowCreatedThen, 1],
    [runningReadyNowCreatedThen, 2, runningReadyNow, 1],
    [lowPodDeletionCost, 2, highPodDeletionCost, 1],
    [ready2Hours, 1, ready5Hours, 1],
  ];
  for (const [lesser, lesserRank, greater, greaterRank] of cases) {
    const a = { pod: lesser, rank: lesserRank };
    const b = { pod: greater, rank: greaterRank };
    const label = `${lesser.metadata.name}(${lesserRank}) < ${greater.metadata.name}(${greaterRank})`;
    assert.equal(lessByRank(a, b, NOW_MS), true, label);
    assert.equal(lessByRank(b, a, NOW_MS), false, label);
  }
});

test('within one log2 bucket the lower UID goes first', () => {
  const withUid = (p: StoredPod, uid: string) => ({ ...p, metadata: { ...p.metadata, uid } }) as StoredPod;
  const a = { pod: withUid(ready5Hours, 'aaa'), rank: 1 };
  const b = { pod: withUid(ready10Hours, 'bbb'), rank: 1 };
  assert.equal(lessByRank(a, b, NOW_MS), true);
  assert.equal(lessByRank(b, a, NOW_MS), false);
});

test('podsToDelete ranks by related pods on the same node, and takes everything without sorting when n covers all', () => {
  const onNode = (name: string, node: string) => rankPod(name, node, 'Running', true, 0, now, now);
  const a = onNode('a', 'n1');
  const b = onNode('b', 'n2');
  const c = onNode('c', 'n2');
  const sibling = onNode('sibling', 'n1');
  // With two related pods of a sibling ReplicaSet on n1, a ranks 3 and b and c rank 2.
  assert.deepEqual(podsToDelete([a, b, c], [a, b, c, sibling, sibling], 1, NOW_MS).map((p) => p.metadata.name), ['a']);
  // Without them a ranks 1, so one of the two pods sharing n2 goes first.
  const [first] = podsToDelete([a, b, c], [a, b, c], 1, NOW_MS);
  assert.ok(first === b || first === c, `deleted ${first.metadata.name}`);
  assert.deepEqual(podsToDelete([a, b, c], [a, b, c], 2, NOW_MS).map((p) => p.metadata.name).sort(), ['b', 'c']);
  assert.deepEqual(podsToDelete([a, b, c], [a, b, c], 5, NOW_MS).map((p) => p.metadata.name), ['a', 'b', 'c']);
});

// ---- through a cluster -------------------------------------------------------------------------

type RS = ReplicaSet & KubeObject;

test('a ReplicaSet creates its pods with a controller reference and a SuccessfulCreate event each', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('kubia', 3));
  const rs = cluster.store.get<RS>('ReplicaSet', 'default', 'kubia')!;
  const created = pods(cluster);
  assert.equal(created.length, 3);
  for (const p of created) {
    assert.match(p.metadata.name!, /^kubia-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(p.metadata.labels, { app: 'kubia' });
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'kubia', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  }
  const events = eventLines(cluster, 'ReplicaSet', 'kubia');
  assert.deepEqual([...events].sort(), created.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
  const sources = cluster.store.list('Event').filter((e) => (e as unknown as { involvedObject: { kind: string } }).involvedObject.kind === 'ReplicaSet');
  assert.ok(sources.every((e) => (e as unknown as { source: { component: string } }).source.component === 'replicaset-controller'));
  assert.equal(rs.status?.replicas, 3);
  assert.equal(rs.status?.observedGeneration, 1);
  cluster.advance(10_000);
  const ready = cluster.store.get<RS>('ReplicaSet', 'default', 'kubia')!;
  assert.equal(ready.status?.readyReplicas, 3);
  assert.equal(ready.status?.availableReplicas, 3);
});

test('scaling a ReplicaSet up creates exactly the missing pods', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('kubia', 0));
  assert.equal(pods(cluster).length, 0);
  assert.equal(kubectl(cluster, 'kubectl scale rs kubia --replicas=10').stdout, 'replicaset.apps/kubia scaled\n');
  assert.equal(pods(cluster).length, 10);
  assert.equal(eventLines(cluster, 'ReplicaSet', 'kubia').filter((l) => l.startsWith('SuccessfulCreate')).length, 10);
});

test('a deleted pod is replaced at once, while it is still terminating', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('kubia', 3));
  cluster.advance(10_000);
  const victim = pods(cluster)[0].metadata.name!;
  kubectl(cluster, `kubectl delete pod ${victim}`);
  const all = pods(cluster);
  assert.equal(all.length, 4);
  assert.ok(pod(cluster, victim)!.metadata.deletionTimestamp);
  assert.equal(all.filter((p) => !p.metadata.deletionTimestamp).length, 3);
});

test('a matching orphan pod is adopted: the ReplicaSet creates only the rest', () => {
  const cluster = newCluster();
  apply(cluster, barePodManifest('manual', { app: 'kubia' }));
  cluster.advance(10_000);
  apply(cluster, replicaSetManifest('kubia', 3));
  const rs = cluster.store.get<RS>('ReplicaSet', 'default', 'kubia')!;
  const manual = pod(cluster, 'manual')!;
  assert.deepEqual(manual.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'kubia', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.equal(pods(cluster).length, 3);
  assert.equal(eventLines(cluster, 'ReplicaSet', 'kubia').filter((l) => l.startsWith('SuccessfulCreate')).length, 2);
});

test('an orphan that makes a ReplicaSet surplus is adopted and then deleted first, being the least established', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('kubia', 3));
  cluster.advance(60_000);
  const originals = pods(cluster).map((p) => p.metadata.name).sort();
  apply(cluster, barePodManifest('intruder', { app: 'kubia' }));
  const intruder = pod(cluster, 'intruder');
  assert.ok(intruder === undefined || intruder.metadata.deletionTimestamp !== undefined, 'the adopted pod is being deleted');
  assert.deepEqual(pods(cluster).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort(), originals);
  assert.ok(eventLines(cluster, 'ReplicaSet', 'kubia').includes('SuccessfulDelete: Deleted pod: intruder'));
});

test('a pod relabelled out of the selector is released and replaced', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('kubia', 3));
  cluster.advance(10_000);
  const target = pods(cluster)[1].metadata.name!;
  const result = kubectl(cluster, `kubectl label pod ${target} app=debug --overwrite`);
  assert.equal(result.stdout, `pod/${target} labeled\n`);
  const released = pod(cluster, target)!;
  assert.equal(released.metadata.ownerReferences?.length ?? 0, 0);
  assert.equal(released.metadata.deletionTimestamp, undefined);
  const managed = pods(cluster).filter((p) => p.metadata.labels?.app === 'kubia');
  assert.equal(managed.length, 3);
  assert.ok(managed.every((p) => p.metadata.ownerReferences?.[0]?.name === 'kubia'));
  assert.equal(pods(cluster).length, 4);
});

test('scaling down deletes the most recently ready pod first, with a SuccessfulDelete event', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('kubia', 2));
  cluster.advance(60_000);
  kubectl(cluster, 'kubectl scale rs kubia --replicas=3');
  const newest = pods(cluster).find((p) => p.status?.phase !== 'Running')!.metadata.name!;
  cluster.advance(10_000);
  assert.equal(pod(cluster, newest)!.status?.phase, 'Running');
  kubectl(cluster, 'kubectl scale rs kubia --replicas=2');
  assert.ok(pod(cluster, newest)!.metadata.deletionTimestamp, 'the newest pod is terminating');
  assert.equal(pods(cluster).filter((p) => p.metadata.deletionTimestamp).length, 1);
  assert.deepEqual(eventLines(cluster, 'ReplicaSet', 'kubia').filter((l) => l.startsWith('SuccessfulDelete')), [`SuccessfulDelete: Deleted pod: ${newest}`]);
});

test('scaling down prefers unscheduled and pending pods over running ones', () => {
  const cluster = newCluster();
  apply(cluster, replicaSetManifest('kubia', 2));
  cluster.advance(60_000);
  const running = pods(cluster).map((p) => p.metadata.name).sort();
  kubectl(cluster, 'kubectl scale rs kubia --replicas=4');
  kubectl(cluster, 'kubectl scale rs kubia --replicas=2');
  assert.deepEqual(pods(cluster).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort(), running);
});
