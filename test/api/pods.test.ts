// The small questions about pods: isPodActive and isPodReady read the pod directly and must give
// the answers factsOf keeps per stored version, for every mix of phase, deletion and conditions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factsOf, isPodActive, isPodReady, qosClass, type StoredPod } from '../../engine/api/pods.ts';

test('isPodActive and isPodReady agree with factsOf over phases, deletions and conditions', () => {
  const phases = [undefined, 'Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
  const conditionSets = [
    undefined,
    [],
    [{ type: 'Ready', status: 'True' }],
    [{ type: 'Ready', status: 'False' }],
    [{ type: 'PodScheduled', status: 'True' }, { type: 'ContainersReady', status: 'True' }],
    [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False' }, { type: 'Ready', status: 'True' }],
  ];
  let n = 0;
  for (const phase of phases) {
    for (const conditions of conditionSets) {
      for (const deletionTimestamp of [undefined, '2020-06-07T22:00:00Z']) {
        const status = phase === undefined && conditions === undefined ? undefined : { phase, conditions };
        const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${n++}`, deletionTimestamp }, status } as unknown as StoredPod;
        assert.equal(isPodActive(pod), factsOf(pod).active, JSON.stringify(pod));
        assert.equal(isPodReady(pod), factsOf(pod).ready, JSON.stringify(pod));
      }
    }
  }
});

test('qosClass: BestEffort without requests or limits, Guaranteed with equal ones, else Burstable', () => {
  const pod = (...resources: object[]) => ({ spec: { containers: resources.map((r) => ({ resources: r })) } });
  assert.equal(qosClass({}), 'BestEffort');
  assert.equal(qosClass(pod({}, { requests: {}, limits: {} })), 'BestEffort');
  assert.equal(qosClass(pod({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(qosClass(pod({ limits: { cpu: '1', memory: '1Gi' } })), 'Guaranteed');
  assert.equal(qosClass(pod({ limits: { cpu: '1', memory: '1Gi' } }, {})), 'Burstable');
  assert.equal(qosClass(pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } })), 'Guaranteed');
});
