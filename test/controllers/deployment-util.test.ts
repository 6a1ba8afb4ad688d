// Tables from pkg/controller/deployment/util/deployment_util_test.go (v1.32 era) and
// pkg/controller/controller_utils_test.go, plus the shape of controller.ComputeHash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../engine/api/types.ts';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  bySizeNewer,
  bySizeOlder,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  getProportion,
  getReplicaSetFraction,
  isSaturated,
  maxUnavailable,
  newRSNewReplicas,
  removeDeploymentCondition,
  replicasAnnotationsNeedUpdate,
  resolveFenceposts,
  safeEncodeString,
  setDeploymentCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  type DeploymentStatus,
} from '../../engine/controllers/deployment-util.ts';
import { UserError } from '../../engine/errors.ts';

function deployment(replicas: number, rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string }, type = 'RollingUpdate'): Deployment {
  return {
    metadata: { name: 'nginx', annotations: {} },
    spec: {
      replicas,
      selector: { matchLabels: { name: 'nginx' } },
      strategy: type === 'RollingUpdate' ? { type, rollingUpdate } : { type },
      template: template('nginx'),
    },
  };
}

function template(image: string, labels: Record<string, string> = { name: 'nginx' }): PodTemplateSpec {
  return { metadata: { labels }, spec: { containers: [{ name: 'nginx', image, imagePullPolicy: 'Always' }] } };
}

function rs(name: string, replicas: number, extra: { created?: string; annotations?: Record<string, string>; available?: number } = {}): ReplicaSet {
  return {
    metadata: { name, uid: `uid-${name}`, creationTimestamp: extra.created ?? '2024-01-01T00:00:00Z', annotations: extra.annotations },
    spec: { replicas, selector: { matchLabels: { name: 'nginx' } }, template: template('nginx') },
    status: { replicas, availableReplicas: extra.available ?? 0 },
  };
}

test('ResolveFenceposts with the default 25%/25% (surge rounds up, unavailable down)', () => {
  const table: [number, number, number][] = [
    [1, 1, 0],
    [2, 1, 0],
    [3, 1, 0],
    [4, 1, 1],
    [10, 3, 2],
  ];
  for (const [replicas, surge, unavailable] of table) {
    assert.deepEqual(resolveFenceposts('25%', '25%', replicas), { surge, unavailable }, `replicas ${replicas}`);
  }
});

test('ResolveFenceposts: upstream TestResolveFenceposts', () => {
  assert.deepEqual(resolveFenceposts('0%', '0%', 0), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts('39%', '39%', 10), { surge: 4, unavailable: 3 });
  assert.deepEqual(resolveFenceposts(undefined, '39%', 10), { surge: 0, unavailable: 3 });
  assert.deepEqual(resolveFenceposts('39%', undefined, 10), { surge: 4, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(undefined, undefined, 10), { surge: 0, unavailable: 1 });
  assert.throws(() => resolveFenceposts('oops', '39%', 10), UserError);
  assert.throws(() => resolveFenceposts('55%', 'urg', 10), UserError);
});

test('MaxUnavailable: upstream TestMaxUnavailable', () => {
  assert.equal(maxUnavailable(deployment(10, { maxSurge: 1, maxUnavailable: 5 })), 5);
  assert.equal(maxUnavailable(deployment(10, { maxSurge: 1, maxUnavailable: 10 })), 10);
  assert.equal(maxUnavailable(deployment(5, { maxSurge: 1, maxUnavailable: 10 })), 5);
  assert.equal(maxUnavailable(deployment(0, { maxSurge: 1, maxUnavailable: 10 })), 0);
  assert.equal(maxUnavailable(deployment(10, undefined, 'Recreate')), 0);
  assert.equal(maxUnavailable(deployment(10, { maxSurge: 1, maxUnavailable: '50%' })), 5);
  assert.equal(maxUnavailable(deployment(10, { maxSurge: 1, maxUnavailable: '100%' })), 10);
  assert.equal(maxUnavailable(deployment(5, { maxSurge: 1, maxUnavailable: '100%' })), 5);
});

test('NewRSNewReplicas: upstream TestNewRSNewReplicas', () => {
  // The other ReplicaSets hold 5 replicas; maxUnavailable is 1.
  const table: [string, string, number, number, number, number][] = [
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ];
  for (const [name, type, depReplicas, newRSReplicas, surge, expected] of table) {
    const d = deployment(depReplicas, { maxUnavailable: 1, maxSurge: surge }, type);
    const newRS = rs('new', newRSReplicas);
    assert.equal(newRSNewReplicas(d, [rs('rs5', 5)], newRS), expected, name);
  }
});

test('getReplicaSetFraction: upstream TestGetReplicaSetFraction', () => {
  const table: { name: string; replicas: number; statusReplicas?: number; surge?: number; rsReplicas: number; maxReplicas?: string; expected: number }[] = [
    { name: 'empty deployment always scales to 0', replicas: 0, rsReplicas: 10, expected: -10 },
    { name: 'no annotation and no status.replicas: no change', replicas: 10, rsReplicas: 5, expected: 0 },
    { name: 'annotation 0 and no status.replicas: no change', replicas: 10, rsReplicas: 5, maxReplicas: '0', expected: 0 },
    { name: 'scale up by 1/5 from status.replicas', replicas: 120, statusReplicas: 100, rsReplicas: 50, expected: 10 },
    { name: 'scale up by 1/5, annotation 0', replicas: 120, statusReplicas: 100, rsReplicas: 50, maxReplicas: '0', expected: 10 },
    { name: 'scale up by 1/5', replicas: 120, rsReplicas: 50, maxReplicas: '100', expected: 10 },
    { name: 'scale up with maxSurge by about 1/5', replicas: 120, surge: 10, rsReplicas: 50, maxReplicas: '110', expected: 9 },
    { name: 'scale down by 1/6', replicas: 10, rsReplicas: 6, maxReplicas: '12', expected: -1 },
    { name: 'scale down with maxSurge by about 1/6', replicas: 100, surge: 10, rsReplicas: 50, maxReplicas: '130', expected: -8 },
  ];
  for (const t of table) {
    const d = deployment(t.replicas, { maxSurge: t.surge ?? 0, maxUnavailable: 1 });
    d.status = { replicas: t.statusReplicas ?? 0 };
    const r = rs('r', t.rsReplicas, { annotations: t.maxReplicas === undefined ? undefined : { [MAX_REPLICAS_ANNOTATION]: t.maxReplicas } });
    assert.equal(getReplicaSetFraction(r, d), t.expected, t.name);
  }
});

test('GetProportion: the fraction, bounded by what is left to add or remove', () => {
  // 120 replicas, sized for 100: the ReplicaSet of 50 wants 10 more.
  const d = deployment(120, { maxSurge: 0, maxUnavailable: 1 });
  const r = rs('r', 50, { annotations: { [MAX_REPLICAS_ANNOTATION]: '100' } });
  assert.equal(getProportion(r, d, 20, 0), 10);
  assert.equal(getProportion(r, d, 20, 14), 6);
  assert.equal(getProportion(r, d, 20, 20), 0);
  assert.equal(getProportion(rs('empty', 0), d, 20, 0), 0);
  assert.equal(getProportion(undefined, d, 20, 0), 0);
  // 10 replicas, sized for 12: the ReplicaSet of 6 gives up 1, but never more than asked.
  const down = deployment(10, { maxSurge: 0, maxUnavailable: 1 });
  const r6 = rs('r6', 6, { annotations: { [MAX_REPLICAS_ANNOTATION]: '12' } });
  assert.equal(getProportion(r6, down, -2, 0), -1);
  assert.equal(getProportion(r6, down, -2, -1), -1);
  assert.equal(getProportion(r6, deployment(0, { maxSurge: 0, maxUnavailable: 1 }), -6, -2), -4);
});

test('SetNewReplicaSetAnnotations keeps the replaced revisions within the history limit (TestAnnotationUtils)', () => {
  const d = deployment(1, { maxSurge: 1, maxUnavailable: 1 });
  d.metadata!.annotations = { [REVISION_ANNOTATION]: '1' };
  const r = rs('r', 1);
  for (let i = 10; i < 20; i++) {
    const next = String(i + 1);
    setNewReplicaSetAnnotations(d, r, next, true, 5);
    if (i >= 12) assert.equal(r.metadata!.annotations![REVISION_HISTORY_ANNOTATION], `${i - 1},${i}`);
    assert.equal(r.metadata!.annotations![REVISION_ANNOTATION], next);
  }
});

test('SetNewReplicaSetAnnotations copies annotations but never the skipped ones, and sets replicas annotations on creation', () => {
  const d = deployment(4, { maxSurge: '25%', maxUnavailable: '25%' });
  d.metadata!.annotations = { [REVISION_ANNOTATION]: '7', 'kubernetes.io/change-cause': 'kubectl set image', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
  const r: ReplicaSet = { metadata: { name: 'r' }, spec: { selector: {}, replicas: 0 } };
  assert.equal(setNewReplicaSetAnnotations(d, r, '3', false, 2000), true);
  assert.deepEqual(r.metadata!.annotations, {
    'kubernetes.io/change-cause': 'kubectl set image',
    [REVISION_ANNOTATION]: '3',
    [DESIRED_REPLICAS_ANNOTATION]: '4',
    [MAX_REPLICAS_ANNOTATION]: '5',
  });
  // Nothing new: unchanged; a lower revision is never applied.
  assert.equal(setNewReplicaSetAnnotations(d, r, '2', true, 2000), false);
  assert.equal(r.metadata!.annotations![REVISION_ANNOTATION], '3');
});

test('SetReplicasAnnotations, ReplicasAnnotationsNeedUpdate and IsSaturated (TestAnnotationUtils, TestReplicasAnnotationsNeedUpdate)', () => {
  const r = rs('r', 1);
  assert.equal(setReplicasAnnotations(r, 10, 11), true);
  assert.equal(r.metadata!.annotations![DESIRED_REPLICAS_ANNOTATION], '10');
  assert.equal(r.metadata!.annotations![MAX_REPLICAS_ANNOTATION], '11');
  assert.equal(setReplicasAnnotations(r, 10, 11), false);

  const withAnnotations = (desired: string, max: string) => rs('h', 1, { annotations: { [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max } });
  assert.equal(replicasAnnotationsNeedUpdate(rs('h', 1), 10, 20), true);
  assert.equal(replicasAnnotationsNeedUpdate(withAnnotations('8', '20'), 10, 20), true);
  assert.equal(replicasAnnotationsNeedUpdate(withAnnotations('10', '16'), 10, 20), true);
  assert.equal(replicasAnnotationsNeedUpdate(withAnnotations('10', '20'), 10, 20), false);

  const d = deployment(1, { maxSurge: 1, maxUnavailable: 1 });
  assert.equal(isSaturated(d, rs('s', 1, { annotations: { [DESIRED_REPLICAS_ANNOTATION]: '1' }, available: 1 })), true);
  assert.equal(isSaturated(d, rs('s', 1, { annotations: { [DESIRED_REPLICAS_ANNOTATION]: '1' }, available: 0 })), false);
  assert.equal(isSaturated(d, rs('s', 1, { available: 1 })), false);
});

test('EqualIgnoreHash: upstream TestEqualIgnoreHash, in both orders', () => {
  const spec = (name: string, node: string, annotations: Record<string, string>, labels: Record<string, string>): PodTemplateSpec => ({
    metadata: { name, annotations, labels },
    spec: { nodeName: node, containers: [] },
  });
  const h = 'pod-template-hash';
  const table: [string, PodTemplateSpec, PodTemplateSpec, boolean][] = [
    ['same spec, same labels', spec('foo', 'foo-node', {}, { [h]: 'value-1', something: 'else' }), spec('foo', 'foo-node', {}, { [h]: 'value-1', something: 'else' }), true],
    ['only the hash differs', spec('foo', 'foo-node', {}, { [h]: 'value-1', something: 'else' }), spec('foo', 'foo-node', {}, { [h]: 'value-2', something: 'else' }), true],
    ['one has no hash label', spec('foo', 'foo-node', {}, { something: 'else' }), spec('foo', 'foo-node', {}, { [h]: 'value-2', something: 'else' }), true],
    ['labels differ, same hash', spec('foo', 'foo-node', {}, { [h]: 'value-1' }), spec('foo', 'foo-node', {}, { [h]: 'value-1', something: 'else' }), false],
    ['annotations differ', spec('foo', 'foo-node', { former: 'value' }, { [h]: 'value-1', something: 'else' }), spec('foo', 'foo-node', { latter: 'value' }, { [h]: 'value-1', something: 'else' }), false],
    ['names differ', spec('foo-1', 'foo-node', {}, { [h]: 'value-1', something: 'else' }), spec('foo-2', 'foo-node', {}, { [h]: 'value-2', something: 'else' }), false],
    ['nodes differ', spec('foo-1', 'foo-node-1', {}, { something: 'else' }), spec('foo-2', 'foo-node-2', {}, { [h]: 'value-2', something: 'else' }), false],
    ['different labels', spec('foo', 'foo-node-1', {}, { something: 'else' }), spec('foo', 'foo-node-2', {}, { nothing: 'else' }), false],
  ];
  for (const [name, a, b, expected] of table) {
    assert.equal(equalIgnoreHash(a, b), expected, name);
    assert.equal(equalIgnoreHash(b, a), expected, `${name} (reverse order)`);
  }
});

test('FindNewReplicaSet picks the oldest ReplicaSet with the template (TestFindNewReplicaSet)', () => {
  const d = deployment(1, { maxSurge: 1, maxUnavailable: 1 });
  const newRS = rs('new', 1, { created: '2024-01-01T00:01:00Z' });
  newRS.spec!.template!.metadata!.labels = { name: 'nginx', 'pod-template-hash': 'hash' };
  const dup = rs('dup', 1, { created: '2024-01-01T00:00:00Z' });
  dup.spec!.template!.metadata!.labels = { name: 'nginx', 'pod-template-hash': 'different-hash' };
  const old = rs('old', 1);
  old.spec!.template!.spec!.containers[0].name = 'nginx-old-1';
  assert.equal(findNewReplicaSet(d, [newRS, old]), newRS);
  assert.equal(findNewReplicaSet(d, [newRS, old, dup]), dup);
  assert.equal(findNewReplicaSet(d, [old]), undefined);
});

test('ReplicaSetsBySizeNewer and BySizeOlder break ties by creation time (controller_utils.go)', () => {
  const a = rs('a', 3, { created: '2024-01-01T00:00:00Z' });
  const b = rs('b', 3, { created: '2024-01-01T00:01:00Z' });
  const c = rs('c', 5, { created: '2024-01-01T00:02:00Z' });
  assert.deepEqual([a, b, c].sort(bySizeNewer).map((r) => r.metadata!.name), ['c', 'b', 'a']);
  assert.deepEqual([a, b, c].sort(bySizeOlder).map((r) => r.metadata!.name), ['c', 'a', 'b']);
});

test('FindActiveOrLatest: the only active ReplicaSet, the newest when none is, none when several are', () => {
  const older = rs('older', 0, { created: '2024-01-01T00:00:00Z' });
  const newer = rs('newer', 0, { created: '2024-01-01T00:01:00Z' });
  assert.equal(findActiveOrLatest(undefined, [older, newer]), newer);
  assert.equal(findActiveOrLatest(rs('new', 0), [older, newer])?.metadata?.name, 'new');
  const active = rs('active', 2);
  assert.equal(findActiveOrLatest(rs('new', 0), [older, active]), active);
  assert.equal(findActiveOrLatest(rs('new', 1), [active]), undefined);
});

test('SetDeploymentCondition and RemoveDeploymentCondition (TestSetCondition, TestRemoveCondition)', () => {
  const progressing = { type: 'Progressing', status: 'False', reason: 'ForSomeReason' };
  const progressing2 = { type: 'Progressing', status: 'True', reason: 'BecauseItIs' };
  const available = { type: 'Available', status: 'True', reason: 'AwesomeController' };
  let status: DeploymentStatus = {};
  setDeploymentCondition(status, available);
  assert.deepEqual(status, { conditions: [available] });
  status = { conditions: [progressing] };
  setDeploymentCondition(status, available);
  assert.deepEqual(status, { conditions: [progressing, available] });
  status = { conditions: [progressing] };
  setDeploymentCondition(status, progressing2);
  assert.deepEqual(status, { conditions: [progressing2] });

  status = {};
  removeDeploymentCondition(status, 'Progressing');
  assert.deepEqual(status, {});
  status = { conditions: [progressing] };
  removeDeploymentCondition(status, 'Progressing');
  assert.deepEqual(status, {});
  status = { conditions: [progressing, available] };
  removeDeploymentCondition(status, 'ReplicaFailure');
  assert.deepEqual(status, { conditions: [progressing, available] });
});

test('SetDeploymentCondition keeps lastTransitionTime when only the reason changes', () => {
  const status: DeploymentStatus = { conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', lastTransitionTime: 'then', lastUpdateTime: 'then' }] };
  setDeploymentCondition(status, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastTransitionTime: 'now', lastUpdateTime: 'now' });
  assert.deepEqual(status.conditions, [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastTransitionTime: 'then', lastUpdateTime: 'now' }]);
});

test('DeploymentComplete: upstream TestDeploymentComplete', () => {
  const d = (desired: number, current: number, updated: number, available: number, unavailable: number, surge: number) => {
    const dep = deployment(desired, { maxUnavailable: unavailable, maxSurge: surge });
    dep.status = { replicas: current, updatedReplicas: updated, availableReplicas: available };
    return dep;
  };
  const table: [string, Deployment, boolean][] = [
    ['not complete: min but not all pods become available', d(5, 5, 5, 4, 1, 0), false],
    ['not complete: min availability is not honored', d(5, 5, 5, 3, 1, 0), false],
    ['complete', d(5, 5, 5, 5, 0, 0), true],
    ['not complete: all pods are available but not updated', d(5, 5, 4, 5, 0, 0), false],
    ['not complete: still running old pods', d(1, 2, 1, 1, 0, 1), false],
    ['not complete: one replica deployment never comes up', d(1, 1, 1, 0, 1, 1), false],
  ];
  for (const [name, dep, expected] of table) assert.equal(deploymentComplete(dep, dep.status!), expected, name);
});

test('DeploymentProgressing: upstream TestDeploymentProgressing', () => {
  const status = (replicas: number, updatedReplicas: number, readyReplicas: number, availableReplicas: number) => ({ replicas, updatedReplicas, readyReplicas, availableReplicas });
  const table: [string, DeploymentStatus, DeploymentStatus, boolean][] = [
    ['progressing: updated pods', status(10, 4, 4, 4), status(10, 6, 4, 4), true],
    ['not progressing', status(10, 4, 4, 4), status(10, 4, 4, 4), false],
    ['progressing: old pods removed', status(10, 4, 6, 6), status(8, 4, 6, 6), true],
    ['not progressing: less new pods', status(10, 7, 3, 3), status(10, 6, 3, 3), false],
    ['progressing: less overall but more new pods', status(10, 4, 7, 7), status(8, 8, 5, 5), true],
    ['progressing: more ready pods', status(10, 10, 9, 8), status(10, 10, 10, 8), true],
    ['progressing: more available pods', status(10, 10, 10, 9), status(10, 10, 10, 10), true],
  ];
  for (const [name, old, next, expected] of table) assert.equal(deploymentProgressing({ status: old }, next), expected, name);
});

test('DeploymentTimedOut: upstream TestDeploymentTimedOut', () => {
  const at = (min: number, sec: number) => Date.UTC(2016, 0, 1, 0, min, sec);
  const d = (reason: string, pds: number | undefined, fromMs: number): Deployment => ({
    spec: { selector: {}, template: {}, progressDeadlineSeconds: pds },
    status: { conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: new Date(fromMs).toISOString() }] },
  });
  const check = (dep: Deployment, nowMs: number) => deploymentTimedOut(dep, dep.status!, nowMs);
  assert.equal(check(d('', undefined, at(1, 9)), at(1, 20)), false, 'nil progressDeadlineSeconds');
  assert.equal(check(d('', 2147483647, at(1, 9)), at(1, 20)), false, 'infinite progressDeadlineSeconds');
  assert.equal(check(d('', 10, at(1, 9)), at(1, 20)), true, '11s since the last progress');
  assert.equal(check(d('', 10, at(1, 11)), at(1, 20)), false, '9s since the last progress');
  assert.equal(check(d('NewReplicaSetAvailable', 10, 0), at(1, 20)), false, 'previous status was a complete deployment');
});

test('SafeEncodeString maps decimal digits onto 4-9, b, c, d, f', () => {
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
});

test('ComputeHash: the pod-template-hash shape, stable for equal templates, new for changed ones', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const h = computeHash(template(`nginx:1.${i}`));
    assert.match(h, /^[4-9bcdf]{1,10}$/);
    seen.add(h);
  }
  assert.equal(seen.size, 200, 'different images give different hashes');
  const long = [...seen].filter((h) => h.length >= 9).length;
  assert.ok(long > 150, `most hashes have 9 or 10 characters (${long}/200)`);

  assert.equal(computeHash(template('nginx:1.7.9')), computeHash(template('nginx:1.7.9')));
  // Key order and empty maps do not matter; any real change does.
  const reordered: PodTemplateSpec = { spec: { containers: [{ imagePullPolicy: 'Always', image: 'nginx:1.7.9', name: 'nginx' }] }, metadata: { annotations: {}, labels: { name: 'nginx' } } };
  assert.equal(computeHash(reordered), computeHash(template('nginx:1.7.9')));
  assert.notEqual(computeHash(template('nginx:1.7.9')), computeHash(template('nginx:1.9.1')));
  assert.notEqual(computeHash(template('nginx', { name: 'nginx', tier: 'web' })), computeHash(template('nginx')));
  // The collision count salts the hash; a nil count and a zero count differ.
  const t = template('nginx:1.7.9');
  assert.notEqual(computeHash(t, 0), computeHash(t));
  assert.notEqual(computeHash(t, 1), computeHash(t, 0));
  assert.equal(computeHash(t, 1), computeHash(t, 1));
});
