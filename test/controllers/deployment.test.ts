// The Deployment controller against the real ApiStore and ReplicaSet controller, with a stand-in
// kubelet that makes every pod Running and Ready two seconds after it is created (unless its
// image is "broken") and removes a deleted pod one second after its deletion starts. The
// expected event sequences are upstream's: the rolling-update trace of 3 replicas with
// 25%/25% from the reference notes (workload-controllers.md §3.5) in the v1.32 wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock, toRfc3339 } from '../../engine/clock.ts';
import { Rng } from '../../engine/rng.ts';
import { EventLoop } from '../../engine/loop.ts';
import { ApiStore, type Stored } from '../../engine/api/store.ts';
import { EventRecorder } from '../../engine/api/events.ts';
import type { Deployment, Event, KubeObject, Pod, PodTemplateSpec, ReplicaSet } from '../../engine/api/types.ts';
import { CONTROLLER_INDEX, controllerIndexValue } from '../../engine/controllers/owners.ts';
import type { Controller, ControllerContext } from '../../engine/controllers/base.ts';
import { ReplicaSetController } from '../../engine/controllers/replicaset.ts';
import { settleControllers } from './batch-harness.ts';
import { DeploymentController } from '../../engine/controllers/deployment.ts';
import { rolloutHistory, rolloutUndoTemplate } from '../../engine/controllers/rollout.ts';
import { computeHash } from '../../engine/controllers/deployment-util.ts';

type D = Deployment & KubeObject;
type RS = ReplicaSet & KubeObject;

class Harness {
  readonly clock = new VirtualClock(Date.parse('2020-06-07T22:00:00Z'));
  readonly loop = new EventLoop(this.clock);
  readonly store = new ApiStore(this.clock, new Rng(1), { freeze: true });
  private readonly controllers: Controller[];

  constructor() {
    for (const kind of ['Pod', 'ReplicaSet']) this.store.addIndex(kind, CONTROLLER_INDEX, (o) => [controllerIndexValue(o)]);
    const ctx: ControllerContext = { store: this.store, clock: this.clock, loop: this.loop, rng: new Rng(2), events: new EventRecorder(this.store, this.clock) };
    this.controllers = [new DeploymentController(ctx), new ReplicaSetController(ctx)];
    this.store.watch('Pod', (ev) => {
      const pod = ev.object as Stored<Pod & KubeObject>;
      const { namespace = '', name = '' } = pod.metadata;
      if (ev.type === 'ADDED' && pod.spec?.containers[0].image !== 'broken') {
        this.loop.after(2000, `start ${name}`, () => {
          const current = this.store.get<Pod & KubeObject>('Pod', namespace, name);
          if (!current || current.metadata.deletionTimestamp) return;
          const now = toRfc3339(this.clock.nowMs());
          this.store.update({
            ...current,
            metadata: { ...current.metadata, resourceVersion: undefined },
            spec: { ...current.spec!, nodeName: 'node-1' },
            status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] },
          } as Pod & KubeObject, { validate: false });
        });
      }
      if (ev.type === 'MODIFIED' && pod.metadata.deletionTimestamp && !ev.old?.metadata.deletionTimestamp) {
        this.loop.after(1000, `stop ${name}`, () => {
          if (this.store.get('Pod', namespace, name)) this.store.delete('Pod', namespace, name, { gracePeriodSeconds: 0 });
        });
      }
    });
  }

  settle(): void {
    settleControllers(this.controllers);
  }

  advance(ms: number): void {
    this.settle();
    this.loop.runUntil(this.clock.nowMs() + ms, () => this.settle());
  }

  deployment(name = 'kubia'): Stored<D> {
    return this.store.get<D>('Deployment', 'default', name)!;
  }

  replicaSets(): Stored<RS>[] {
    return this.store.list<RS>('ReplicaSet', 'default');
  }

  /** ScalingReplicaSet messages, oldest first. */
  scalingEvents(): string[] {
    return this.store
      .list<Event & KubeObject>('Event', 'default')
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))
      .map((e) => e.message!);
  }

  /** Changes the Deployment's spec as `kubectl set image` or `kubectl scale` would. */
  patch(change: (d: D) => void): void {
    const d = structuredClone(this.deployment()) as D;
    change(d);
    d.metadata = { ...d.metadata, resourceVersion: undefined };
    this.store.update(d);
    this.settle();
  }
}

function podTemplate(image: string): PodTemplateSpec {
  return { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'nodejs', image }] } };
}

function kubia(image: string, spec: Partial<NonNullable<Deployment['spec']>> = {}): D {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'kubia', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'kubia' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: podTemplate(image),
      ...spec,
    },
  };
}

/** As `kubectl set image deployment/kubia nodejs=<image>`. */
function setImage(image: string): (d: D) => void {
  return (d) => {
    d.spec!.template.spec!.containers[0].image = image;
  };
}

const conditionSummary = (d: Stored<D>) => d.status?.conditions?.map((c) => `${c.type}=${c.status}/${c.reason}: ${c.message}`);

test('a new Deployment gets a ReplicaSet named after its template hash, then a complete status', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1'));
  h.settle();
  const [rs] = h.replicaSets();
  const hash = rs.metadata.labels!['pod-template-hash'];
  assert.match(hash, /^[4-9bcdf]{1,10}$/);
  assert.equal(rs.metadata.name, `kubia-${hash}`);
  assert.deepEqual(rs.spec?.selector, { matchLabels: { app: 'kubia', 'pod-template-hash': hash } });
  assert.deepEqual(rs.spec?.template?.metadata?.labels, { app: 'kubia', 'pod-template-hash': hash });
  assert.equal(rs.spec?.replicas, 3);
  assert.deepEqual(
    { ...rs.metadata.annotations },
    { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
  );
  const ref = rs.metadata.ownerReferences![0];
  assert.deepEqual({ ...ref }, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'kubia', uid: h.deployment().metadata.uid, controller: true, blockOwnerDeletion: true });
  assert.deepEqual(h.scalingEvents(), [`Scaled up replica set kubia-${hash} from 0 to 3`]);
  assert.deepEqual(conditionSummary(h.deployment()), [
    'Available=False/MinimumReplicasUnavailable: Deployment does not have minimum availability.',
    `Progressing=True/ReplicaSetUpdated: ReplicaSet "kubia-${hash}" is progressing.`,
  ]);

  h.advance(5000);
  const d = h.deployment();
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  assert.deepEqual({ ...d.status, conditions: undefined }, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: undefined });
  assert.deepEqual(conditionSummary(d), [
    'Available=True/MinimumReplicasAvailable: Deployment has minimum availability.',
    `Progressing=True/NewReplicaSetAvailable: ReplicaSet "kubia-${hash}" has successfully progressed.`,
  ]);
});

test('a rolling update of 3 replicas with 25%/25% moves one pod at a time', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1'));
  h.advance(5000);
  const oldName = h.replicaSets()[0].metadata.name;
  h.patch(setImage('luksa/kubia:v2'));
  h.advance(60_000);
  const newRS = h.replicaSets().find((rs) => rs.metadata.name !== oldName)!;
  const n = newRS.metadata.name;
  assert.deepEqual(h.scalingEvents(), [
    `Scaled up replica set ${oldName} from 0 to 3`,
    `Scaled up replica set ${n} from 0 to 1`,
    `Scaled down replica set ${oldName} from 3 to 2`,
    `Scaled up replica set ${n} from 1 to 2`,
    `Scaled down replica set ${oldName} from 2 to 1`,
    `Scaled up replica set ${n} from 2 to 3`,
    `Scaled down replica set ${oldName} from 1 to 0`,
  ]);
  assert.equal(newRS.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  assert.equal(h.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  assert.equal(h.deployment().status?.updatedReplicas, 3);
  assert.equal(h.replicaSets().length, 2, 'the old ReplicaSet is kept for history');
});

test('kubectl rollout undo brings back the old ReplicaSet as the next revision', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1'));
  h.advance(5000);
  h.patch(setImage('luksa/kubia:v2'));
  h.advance(60_000);
  const undo = rolloutUndoTemplate(h.deployment(), h.replicaSets());
  assert.equal(undo.kind, 'patch');
  if (undo.kind !== 'patch') return;
  h.patch((d) => {
    d.spec!.template = undo.template;
    d.metadata.annotations = undo.annotations;
  });
  h.advance(60_000);
  const v1 = h.replicaSets().find((rs) => rs.spec?.template?.spec?.containers[0].image === 'luksa/kubia:v1')!;
  assert.equal(v1.spec?.replicas, 3);
  assert.equal(v1.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  assert.equal(v1.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(h.deployment().metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  assert.equal(rolloutHistory(h.deployment(), h.replicaSets()), 'deployment.apps/kubia \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
});

test('scaling a Deployment scales its ReplicaSet', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1'));
  h.advance(5000);
  h.patch((d) => {
    d.spec!.replicas = 5;
  });
  const [rs] = h.replicaSets();
  assert.equal(rs.spec?.replicas, 5);
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], '5');
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '7');
  assert.equal(h.scalingEvents().at(-1), `Scaled up replica set ${rs.metadata.name} from 3 to 5`);
});

test('Recreate scales the old ReplicaSet to zero and creates the new one only once its pods are gone', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1', { strategy: { type: 'Recreate' } }));
  h.advance(5000);
  const oldName = h.replicaSets()[0].metadata.name;
  h.patch(setImage('luksa/kubia:v2'));
  assert.equal(h.replicaSets().length, 1, 'no new ReplicaSet while old pods are terminating');
  assert.equal(h.scalingEvents().at(-1), `Scaled down replica set ${oldName} from 3 to 0`);
  h.advance(1500);
  const newRS = h.replicaSets().find((rs) => rs.metadata.name !== oldName);
  assert.ok(newRS, 'created once the old pods are gone');
  assert.equal(h.scalingEvents().at(-1), `Scaled up replica set ${newRS.metadata.name} from 0 to 3`);
});

test('a rollout without progress exceeds its progress deadline', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1', { progressDeadlineSeconds: 10 }));
  h.advance(5000);
  h.patch(setImage('broken'));
  const n = h.replicaSets().find((rs) => rs.spec?.template?.spec?.containers[0].image === 'broken')!.metadata.name;
  h.advance(10_000);
  assert.equal(h.deployment().status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'ReplicaSetUpdated');
  h.advance(2_000);
  const progressing = h.deployment().status?.conditions?.find((c) => c.type === 'Progressing');
  assert.equal(progressing?.status, 'False');
  assert.equal(progressing?.reason, 'ProgressDeadlineExceeded');
  assert.equal(progressing?.message, `ReplicaSet "${n}" has timed out progressing.`);
});

test('a hash collision bumps collisionCount and the ReplicaSet gets another name', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1'));
  // Someone else's ReplicaSet already has the name the Deployment's ReplicaSet would get.
  const taken = `kubia-${computeHash(h.deployment().spec!.template)}`;
  h.store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: taken, namespace: 'default' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'other' }] } } },
  } as RS);
  h.advance(1000);
  assert.equal(h.deployment().status?.collisionCount, 1);
  const mine = h.replicaSets().filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === h.deployment().metadata.uid);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].metadata.name, `kubia-${computeHash(h.deployment().spec!.template, 1)}`);
});

test('revisionHistoryLimit keeps only that many old ReplicaSets once a rollout completes', () => {
  const h = new Harness();
  h.store.create(kubia('luksa/kubia:v1', { revisionHistoryLimit: 1 }));
  h.advance(5000);
  for (const image of ['luksa/kubia:v2', 'luksa/kubia:v3']) {
    h.patch(setImage(image));
    h.advance(60_000);
  }
  const images = h.replicaSets().map((rs) => rs.spec?.template?.spec?.containers[0].image).sort();
  assert.deepEqual(images, ['luksa/kubia:v2', 'luksa/kubia:v3']);
});
