// kubectl rollout history / undo / status for Deployments. Expected texts are kubectl's
// (k8s.io/kubectl/pkg/polymorphichelpers history.go, rollback.go, rollout_status.go and
// pkg/cmd/rollout/rollout_history.go), e.g. the real output
// "deployment.apps/api-transacoes \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../engine/api/types.ts';
import { rolloutHistory, rolloutStatusLine, rolloutUndoTemplate } from '../../engine/controllers/rollout.ts';
import { KubectlError } from '../../engine/errors.ts';

const UID = 'd-uid';

function template(image: string, hash?: string): PodTemplateSpec {
  return {
    metadata: { labels: hash ? { app: 'kubia', 'pod-template-hash': hash } : { app: 'kubia' } },
    spec: { containers: [{ name: 'nodejs', image }] },
  };
}

function kubia(image: string, extra: { paused?: boolean; annotations?: Record<string, string> } = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'kubia', namespace: 'default', uid: UID, annotations: extra.annotations ?? { 'deployment.kubernetes.io/revision': '3' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'kubia' } }, template: template(image), paused: extra.paused },
  };
}

function rs(hash: string, image: string, revision: string | undefined, created: string, annotations: Record<string, string> = {}, owner = UID): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `kubia-${hash}`,
      namespace: 'default',
      uid: `rs-${hash}`,
      creationTimestamp: created,
      labels: { app: 'kubia', 'pod-template-hash': hash },
      annotations: revision === undefined ? annotations : { ...annotations, 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'kubia', uid: owner, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 0, selector: { matchLabels: { app: 'kubia', 'pod-template-hash': hash } }, template: template(image, hash) },
  };
}

const v1 = rs('5d8f9bc47b', 'luksa/kubia:v1', '1', '2024-01-01T00:00:00Z');
const v2 = rs('7c9f4c5b8d', 'luksa/kubia:v2', '2', '2024-01-01T00:05:00Z', { 'kubernetes.io/change-cause': 'kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record=true' });
const v3 = rs('64b6d4b9f5', 'luksa/kubia:v3', '3', '2024-01-01T00:10:00Z', { 'kubernetes.io/change-cause': 'kubectl set image deployment kubia nodejs=luksa/kubia:v3 --record=true' });
const foreign = rs('4f6bc58d9c', 'luksa/kubia:v9', '9', '2024-01-01T00:00:00Z', {}, 'someone-else');

test('rollout history lists the revisions with their change-cause', () => {
  assert.equal(
    rolloutHistory(kubia('luksa/kubia:v3'), [v3, foreign, v1, v2]),
    'deployment.apps/kubia \n' +
      'REVISION  CHANGE-CAUSE\n' +
      '1         <none>\n' +
      '2         kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record=true\n' +
      '3         kubectl set image deployment kubia nodejs=luksa/kubia:v3 --record=true\n' +
      '\n',
  );
});

test('rollout history after a rollback: the old revision is renumbered', () => {
  const rolledBack = rs('5d8f9bc47b', 'luksa/kubia:v1', '4', '2024-01-01T00:00:00Z', { 'deployment.kubernetes.io/revision-history': '1' });
  const text = rolloutHistory(kubia('luksa/kubia:v1'), [rolledBack, v2, v3]);
  assert.equal(text.split('\n').slice(2, 5).map((l) => l.split(' ')[0]).join(','), '2,3,4');
});

test('rollout history without ReplicaSets', () => {
  assert.equal(rolloutHistory(kubia('luksa/kubia:v1'), [foreign]), 'deployment.apps/kubia \nNo rollout history found.\n');
});

test('rollout history --revision describes that revision, with its change-cause among the annotations', () => {
  const seen: PodTemplateSpec[] = [];
  const text = rolloutHistory(kubia('luksa/kubia:v3'), [v1, v2, v3], 2, (t) => {
    seen.push(t);
    return 'Pod Template:\n  Labels:  app=kubia\n';
  });
  assert.equal(text, 'deployment.apps/kubia with revision #2\nPod Template:\n  Labels:  app=kubia\n\n');
  assert.equal(seen[0].metadata?.annotations?.['kubernetes.io/change-cause'], 'kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record=true');
  assert.equal(seen[0].spec?.containers[0].image, 'luksa/kubia:v2');
  assert.throws(() => rolloutHistory(kubia('luksa/kubia:v3'), [v1, v2, v3], 7, () => ''), new KubectlError('error: unable to find the specified revision'));
});

test('rollout undo goes back to the previous revision: its template without the hash, its annotations', () => {
  const d = kubia('luksa/kubia:v3', { annotations: { 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'v3 cause', owner: 'team-a' } });
  const undo = rolloutUndoTemplate(d, [v1, v2, v3]);
  assert.equal(undo.kind, 'patch');
  if (undo.kind !== 'patch') return;
  assert.equal(undo.message, 'deployment.apps/kubia rolled back');
  assert.deepEqual(undo.template, template('luksa/kubia:v2'));
  // The Deployment-managed revision stays; everything else comes from the ReplicaSet.
  assert.deepEqual(undo.annotations, {
    'deployment.kubernetes.io/revision': '3',
    'kubernetes.io/change-cause': 'kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record=true',
  });
});

test('rollout undo --to-revision picks that revision', () => {
  const undo = rolloutUndoTemplate(kubia('luksa/kubia:v3'), [v1, v2, v3], 1);
  assert.equal(undo.kind === 'patch' && undo.template.spec?.containers[0].image, 'luksa/kubia:v1');
});

test('rollout undo to the current template is skipped', () => {
  assert.deepEqual(rolloutUndoTemplate(kubia('luksa/kubia:v2'), [v1, v2, v3], 2), {
    kind: 'skipped',
    message: 'deployment.apps/kubia skipped rollback (current template already matches revision 2)',
  });
});

test('rollout undo errors as kubectl words them', () => {
  assert.throws(() => rolloutUndoTemplate(kubia('luksa/kubia:v3'), [v1, v2, v3], 5), new KubectlError('error: unable to find specified revision 5 in history'));
  assert.throws(() => rolloutUndoTemplate(kubia('luksa/kubia:v1'), [v1]), new KubectlError('error: no rollout history found for deployment "kubia"'));
  assert.throws(
    () => rolloutUndoTemplate(kubia('luksa/kubia:v3', { paused: true }), [v1, v2, v3]),
    new KubectlError("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/kubia' and try again"),
  );
});

function withStatus(status: Deployment['status'], generation = 2, replicas = 3): Deployment {
  const d = kubia('luksa/kubia:v3');
  return { ...d, metadata: { ...d.metadata, generation }, spec: { ...d.spec!, replicas }, status };
}

test('rollout status lines, in DeploymentStatusViewer order', () => {
  assert.deepEqual(rolloutStatusLine(withStatus({ observedGeneration: 1 })), { done: false, message: 'Waiting for deployment spec update to be observed...' });
  assert.deepEqual(rolloutStatusLine(withStatus({ observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 })), {
    done: false,
    message: 'Waiting for deployment "kubia" rollout to finish: 1 out of 3 new replicas have been updated...',
  });
  assert.deepEqual(rolloutStatusLine(withStatus({ observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 })), {
    done: false,
    message: 'Waiting for deployment "kubia" rollout to finish: 1 old replicas are pending termination...',
  });
  assert.deepEqual(rolloutStatusLine(withStatus({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 })), {
    done: false,
    message: 'Waiting for deployment "kubia" rollout to finish: 2 of 3 updated replicas are available...',
  });
  assert.deepEqual(rolloutStatusLine(withStatus({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 })), {
    done: true,
    message: 'deployment "kubia" successfully rolled out',
  });
});

test('rollout status errors: deadline exceeded, another revision', () => {
  const timedOut = withStatus({ observedGeneration: 2, replicas: 4, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
  assert.throws(() => rolloutStatusLine(timedOut), new KubectlError('error: deployment "kubia" exceeded its progress deadline'));
  const done = withStatus({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  assert.equal(rolloutStatusLine(done, 3).done, true);
  assert.throws(() => rolloutStatusLine(done, 2), new KubectlError('error: desired revision (2) is different from the running revision (3)'));
});
