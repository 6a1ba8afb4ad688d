// The taint-eviction controller: which tolerations count and for how long (cases from
// pkg/controller/tainteviction/taint_eviction_test.go TestGetMinTolerationTime), and in a cluster:
// immediate and delayed deletions, cancellation, and the events upstream records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, KubeObject, Node } from '../../engine/api/types.ts';
import { matchingTolerations, minTolerationMs, updatePodCondition } from '../../engine/controllers/tainteviction.ts';
import { apply, kubectl, newCluster, pod } from '../engine/cluster-helpers.ts';
import type { Cluster } from '../../engine/cluster.ts';

test('TestGetMinTolerationTime', () => {
  assert.equal(minTolerationMs([]), 0);
  assert.equal(minTolerationMs([{}]), -1);
  assert.equal(minTolerationMs([{ tolerationSeconds: 1 }, { tolerationSeconds: 2 }]), 1000);
  assert.equal(minTolerationMs([{ tolerationSeconds: 1 }, {}]), 1000);
  assert.equal(minTolerationMs([{}, { tolerationSeconds: 1 }]), 1000);
  assert.equal(minTolerationMs([{ tolerationSeconds: 0 }, { tolerationSeconds: 5 }]), 0);
});

test('GetMatchingTolerations: the first toleration of each taint, or none when one is not tolerated', () => {
  const taints = [{ key: 'a', effect: 'NoExecute' }, { key: 'b', value: 'x', effect: 'NoExecute' }];
  assert.deepEqual(matchingTolerations(taints, [{ operator: 'Exists' }]), [{ operator: 'Exists' }, { operator: 'Exists' }]);
  assert.equal(matchingTolerations(taints, [{ key: 'a', operator: 'Exists' }]), undefined);
  assert.deepEqual(matchingTolerations(taints, [{ key: 'b', value: 'x', tolerationSeconds: 7 }, { key: 'a', operator: 'Exists' }]), [
    { key: 'a', operator: 'Exists' },
    { key: 'b', value: 'x', tolerationSeconds: 7 },
  ]);
});

test('UpdatePodCondition keeps the transition time when the status does not change', () => {
  const old = [{ type: 'Ready', status: 'True', lastTransitionTime: 't0' }];
  assert.equal(updatePodCondition(old, { type: 'Ready', status: 'True', lastTransitionTime: 't1' }), undefined);
  assert.deepEqual(updatePodCondition(old, { type: 'DisruptionTarget', status: 'True', reason: 'r', lastTransitionTime: 't1' }), [
    ...old,
    { type: 'DisruptionTarget', status: 'True', reason: 'r', lastTransitionTime: 't1' },
  ]);
});

function taint(cluster: Cluster, spec: string): void {
  const r = kubectl(cluster, `kubectl taint nodes m01 ${spec}`);
  assert.equal(r.exitCode, 0, r.output);
}

function evictionEvents(cluster: Cluster): string[] {
  return cluster.store
    .list<Event & KubeObject>('Event')
    .filter((e) => e.reason === 'TaintManagerEviction')
    .map((e) => `${e.involvedObject.kind}/${e.involvedObject.name} uid=${e.involvedObject.uid ?? ''} ${e.source?.component}: ${e.message}`);
}

const nginx = (name: string, tolerationSeconds?: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    nodeName: 'm01',
    containers: [{ name: 'main', image: 'nginx' }],
    ...(tolerationSeconds !== undefined ? { tolerations: [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds }] } : {}),
  },
});

test('a pod that does not tolerate a NoExecute taint is deleted at once, with the DisruptionTarget condition', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, nginx('web'));
  cluster.advance(5000);
  taint(cluster, 'maintenance=now:NoExecute');
  assert.deepEqual(evictionEvents(cluster), ['Pod/web uid= taint-eviction-controller: Marking for deletion Pod default/web']);
  // nginx stops on SIGTERM, so the pod is gone within the instant.
  assert.equal(pod(cluster, 'web'), undefined);
});

test('a pod tolerating the taint for a while is deleted when that time ends, and removing the taint first cancels it', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, nginx('a', 30));
  apply(cluster, nginx('b', 30));
  cluster.advance(5000);
  taint(cluster, 'maintenance=now:NoExecute');
  cluster.advance(29_999);
  assert.equal(evictionEvents(cluster).length, 0);
  cluster.advance(1);
  assert.deepEqual(evictionEvents(cluster), [
    'Pod/a uid= taint-eviction-controller: Marking for deletion Pod default/a',
    'Pod/b uid= taint-eviction-controller: Marking for deletion Pod default/b',
  ]);

  apply(cluster, nginx('c', 60));
  cluster.advance(5000);
  taint(cluster, 'other=x:NoExecute');
  // c does not tolerate `other`: it goes now, its pending deletion being cancelled first.
  assert.ok(evictionEvents(cluster).includes('Pod/c uid= taint-eviction-controller: Marking for deletion Pod default/c'));
});

test('the node losing its NoExecute taints cancels the scheduled deletions, with an event each', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, nginx('a', 300));
  cluster.advance(5000);
  taint(cluster, 'maintenance=now:NoExecute');
  cluster.advance(10_000);
  taint(cluster, 'maintenance:NoExecute-');
  assert.deepEqual(evictionEvents(cluster), ['Pod/a uid= taint-eviction-controller: Cancelling deletion of Pod default/a']);
  cluster.advance(600_000);
  assert.ok(pod(cluster, 'a'));
  const node = cluster.store.get<Node & KubeObject>('Node', '', 'm01')!;
  assert.equal(node.spec?.taints, undefined);
});
