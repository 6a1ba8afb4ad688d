// ReplicaSetPodCounts (engine/controllers/replicaset-counts.ts): the counts the ReplicaSet
// controller keeps from the pod watch must always equal calculateStatus's full count over the
// claimed active pods (recountPods), whatever happens to the pods: random creations, label
// changes, adoptions and releases, readiness with readiness times before and after minReadySeconds,
// terminal phases, graceful and immediate deletions, writes made from inside another watch handler
// (so events for one pod arrive out of order), and changes of the ReplicaSet's selector, template
// labels and minReadySeconds. A failure prints the seed and step that reproduce it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock, toRfc3339 } from '../../engine/clock.ts';
import { Rng } from '../../engine/rng.ts';
import { ApiStore } from '../../engine/api/store.ts';
import type { KubeObject, Pod, ReplicaSet } from '../../engine/api/types.ts';
import { applyNodeFault } from '../../engine/node-faults.ts';
import { apply, deploymentManifest, kubectl, newCluster, pods } from '../engine/cluster-helpers.ts';
import { ApiError } from '../../engine/errors.ts';
import { selectorFromLabelSelector } from '../../engine/api/labels.ts';
import { factsOf, type StoredPod } from '../../engine/api/pods.ts';
import { CONTROLLER_INDEX, controllerIndexValue } from '../../engine/controllers/owners.ts';
import { ReplicaSetPodCounts, countsSignature } from '../../engine/controllers/replicaset-counts.ts';
import { activeClaimed, recountPods, type StoredReplicaSet } from '../../engine/controllers/replicaset.ts';

const START_MS = Date.parse('2020-06-07T22:00:00Z');
const NAMES = Array.from({ length: 24 }, (_, i) => `p${i}`);
const APPS = ['a', 'b'];

/** Two ReplicaSets whose selector, template labels and minReadySeconds the test changes. */
interface FakeRs {
  rs: StoredReplicaSet;
  uid: string;
}

function fakeRs(name: string, uid: string, selectorApp: string, templateLabels: Record<string, string>, minReadySeconds: number): FakeRs {
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid },
    spec: {
      replicas: 3,
      minReadySeconds,
      selector: { matchLabels: { app: selectorApp } },
      template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
    },
  } as unknown as StoredReplicaSet;
  return { rs, uid };
}

function run(seed: number, steps: number): void {
  const rng = new Rng(seed);
  const clock = new VirtualClock(START_MS);
  const store = new ApiStore(clock, new Rng(seed + 1), { freeze: true });
  store.addIndex('Pod', CONTROLLER_INDEX, (o) => [controllerIndexValue(o)]);
  // A watcher registered first that sometimes writes the pod again from inside its handler: the
  // counts then see the newer event before the older one.
  store.watch('Pod', (ev) => {
    const p = ev.object as StoredPod;
    if (ev.type === 'DELETED' || p.metadata.labels?.bounce !== 'yes') return;
    // The second write moves the pod to the other app and toggles its tier label.
    const labels: Record<string, string> = { ...p.metadata.labels, app: p.metadata.labels.app === 'a' ? 'b' : 'a' };
    delete labels.bounce;
    if (labels.tier) delete labels.tier;
    else labels.tier = 'web';
    store.update({ ...p, metadata: { ...p.metadata, resourceVersion: undefined, labels } } as KubeObject, { validate: false });
  });
  const counts = new ReplicaSetPodCounts(store);
  store.watch('Pod', (ev) => counts.observePod(ev));
  const sets: FakeRs[] = [fakeRs('rs-a', 'uid-a', 'a', { app: 'a', tier: 'web' }, 0), fakeRs('rs-b', 'uid-b', 'b', { app: 'b' }, 10)];
  const pick = <T>(xs: readonly T[]): T => xs[rng.intn(xs.length)];
  const current = (name: string) => store.get<Pod & KubeObject>('Pod', 'default', name);
  const randomLabels = (): Record<string, string> => {
    const labels: Record<string, string> = {};
    if (rng.intn(6) > 0) labels.app = pick(APPS);
    if (rng.intn(2) === 0) labels.tier = 'web';
    if (rng.intn(8) === 0) labels.bounce = 'yes';
    return labels;
  };
  const ownerRefs = () => {
    const r = rng.intn(3);
    if (r === 2) return undefined;
    const s = sets[r];
    return [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: s.rs.metadata.name!, uid: s.uid, controller: true, blockOwnerDeletion: true }];
  };
  const write = (p: StoredPod, change: (m: Record<string, unknown>) => Record<string, unknown>) =>
    store.update({ ...p, metadata: change({ ...p.metadata, resourceVersion: undefined }) } as KubeObject, { validate: false });

  for (let step = 0; step < steps; step++) {
    const where = `seed ${seed}, step ${step}`;
    const name = pick(NAMES);
    const p = current(name);
    const op = rng.intn(12);
    try {
      if (!p) {
        store.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'default', labels: randomLabels(), ownerReferences: ownerRefs() },
          spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...(rng.intn(4) > 0 ? { nodeName: 'm01' } : {}) },
        } as KubeObject);
      } else if (op === 0) {
        write(p, (m) => ({ ...m, labels: randomLabels() }));
      } else if (op === 1) {
        write(p, (m) => ({ ...m, ownerReferences: ownerRefs() }));
      } else if (op <= 4) {
        // Ready or not, since a random recent instant (or with no transition time at all).
        const ready = rng.intn(3) > 0;
        const since = rng.intn(10) === 0 ? undefined : toRfc3339(clock.nowMs() - 1000 * rng.intn(20));
        const conditions = ready ? [{ type: 'Ready', status: 'True', ...(since ? { lastTransitionTime: since } : {}) }] : [{ type: 'Ready', status: 'False' }];
        store.update({ ...p, metadata: { ...p.metadata, resourceVersion: undefined }, status: { ...p.status, phase: 'Running', conditions } } as KubeObject, { validate: false, subresource: 'status' });
      } else if (op === 5) {
        store.update({ ...p, metadata: { ...p.metadata, resourceVersion: undefined }, status: { ...p.status, phase: pick(['Succeeded', 'Failed']) } } as KubeObject, { validate: false, subresource: 'status' });
      } else if (op <= 7) {
        store.delete('Pod', 'default', name, rng.intn(3) === 0 ? { gracePeriodSeconds: 0 } : {});
      } else if (op === 8) {
        // The ReplicaSet changes what it selects, its template labels or its minReadySeconds.
        const i = rng.intn(2);
        const s = sets[i];
        const spec = s.rs.spec!;
        sets[i] = fakeRs(s.rs.metadata.name!, s.uid, rng.intn(4) === 0 ? pick(APPS) : (spec.selector.matchLabels!.app as string), rng.intn(2) === 0 ? { app: 'a', tier: 'web' } : { app: pick(APPS) }, pick([0, 5, 10, 30]));
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    clock.advanceTo(clock.nowMs() + 1000 * rng.intn(4));

    // Compare for one ReplicaSet (not always both, so counts also catch up over several steps).
    for (const s of rng.intn(3) === 0 ? sets : [pick(sets)]) {
      const spec = s.rs.spec!;
      const templateLabels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
      const selector = selectorFromLabelSelector(spec.selector as never);
      const hasTemplateLabels = (labels: Record<string, string> | undefined) => Object.entries(templateLabels).every(([k, v]) => labels?.[k] === v);
      const got = counts.counts(s.uid, countsSignature(spec.selector, templateLabels, spec.minReadySeconds ?? 0), selector, hasTemplateLabels, spec.minReadySeconds ?? 0, clock.nowMs());
      const owned = store.byIndex('Pod', CONTROLLER_INDEX, s.uid) as StoredPod[];
      const active = activeClaimed(store, s.rs, selector);
      const want = recountPods(s.rs, active, clock.nowMs());
      assert.deepEqual(
        { unmatched: got.unmatched, replicas: got.active, fullyLabeled: got.fullyLabeled, ready: got.ready, available: got.available },
        { unmatched: owned.filter((o) => !selector.matches(o.metadata.labels as Record<string, string>)).length, ...want },
        where,
      );
      // activeClaimed is claim's list: the owned pods the selector matches, active, in index order.
      assert.deepEqual(active, owned.filter((o) => selector.matches(o.metadata.labels as Record<string, string>) && factsOf(o).active), where);
    }
  }
}

test('ReplicaSetPodCounts equals a full recount after random pod operations', () => {
  for (let seed = 1; seed <= 40; seed++) run(seed, 600);
});

test('a ready pod counts as available exactly minReadySeconds after it became ready', () => {
  const clock = new VirtualClock(START_MS);
  const store = new ApiStore(clock, new Rng(1), { freeze: true });
  store.addIndex('Pod', CONTROLLER_INDEX, (o) => [controllerIndexValue(o)]);
  const counts = new ReplicaSetPodCounts(store);
  store.watch('Pod', (ev) => counts.observePod(ev));
  const { rs, uid } = fakeRs('rs', 'uid-1', 'a', { app: 'a' }, 10);
  const selector = selectorFromLabelSelector(rs.spec!.selector as never);
  const signature = countsSignature(rs.spec!.selector, { app: 'a' }, 10);
  const at = (ms: number) => counts.counts(uid, signature, selector, () => true, 10, ms);
  const p = store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', labels: { app: 'a' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid, controller: true }] },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  } as KubeObject);
  assert.deepEqual([at(START_MS).active, at(START_MS).ready, at(START_MS).available], [1, 0, 0]);
  store.update({ ...p, metadata: { ...p.metadata, resourceVersion: undefined }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: toRfc3339(START_MS) }] } } as KubeObject, { validate: false, subresource: 'status' });
  assert.equal(at(START_MS + 9999).available, 0);
  assert.equal(at(START_MS + 9999).ready, 1);
  assert.equal(at(START_MS + 10_000).available, 1);
  store.delete('Pod', 'default', 'p', { gracePeriodSeconds: 0 });
  assert.deepEqual([at(START_MS + 20_000).active, at(START_MS + 20_000).ready, at(START_MS + 20_000).available], [0, 0, 0]);
});

// ---- through a whole Cluster -----------------------------------------------------------------------

/**
 * The controller's own counts against a recount of the store, for every ReplicaSet, after each of
 * a seeded series of user actions on a running cluster: scaling, pod template and
 * minReadySeconds changes, pods relabelled out of and back into a ReplicaSet, pods deleted, nodes
 * failing and coming back.
 */
function crossCheckCluster(seed: number, steps: number): void {
  const rng = new Rng(seed);
  const cluster = newCluster(['m01', 'm02', 'm03', 'm04']);
  const rsc = (cluster as unknown as { controllers: { name: string }[] }).controllers.find((c) => c.name === 'replicaset-controller') as unknown as {
    counts: ReplicaSetPodCounts;
  };
  apply(cluster, deploymentManifest('web', 6, 'luksa/kubia', {}));
  const down = new Set<string>();
  const pick = <T>(xs: readonly T[]): T => xs[rng.intn(xs.length)];
  for (let step = 0; step < steps; step++) {
    const where = `seed ${seed}, step ${step}`;
    const webPods = pods(cluster).filter((p) => p.metadata.labels?.app === 'web' || p.metadata.labels?.was === 'web');
    const op = rng.intn(9);
    const run = (line: string) => assert.equal(kubectl(cluster, line).exitCode, 0, `${where}: ${line}`);
    if (op === 0) run(`kubectl scale deployment web --replicas=${1 + rng.intn(9)}`);
    else if (op === 1) run(`kubectl set image deployment/web web=luksa/kubia:v${1 + rng.intn(3)}`);
    else if (op === 2) run(`kubectl patch deployment web -p '{"spec":{"minReadySeconds":${pick([0, 5, 20])}}}'`);
    else if (op === 3 && webPods.length > 0) run(`kubectl label pod ${pick(webPods).metadata.name} app=other was=web --overwrite`);
    else if (op === 4 && webPods.length > 0) run(`kubectl label pod ${pick(webPods).metadata.name} app=web --overwrite`);
    else if (op === 5 && webPods.length > 0) run(`kubectl delete pod ${pick(webPods).metadata.name} --wait=false`);
    else if (op === 6) {
      const node = pick(['m02', 'm03']);
      applyNodeFault(cluster, node, down.has(node) ? 'comes-back' : 'goes-not-ready');
      if (down.has(node)) down.delete(node);
      else down.add(node);
    }
    cluster.advance(1000 * (1 + rng.intn(30)));

    for (const rs of cluster.store.list<ReplicaSet & KubeObject>('ReplicaSet')) {
      const spec = rs.spec!;
      const templateLabels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
      const selector = selectorFromLabelSelector(spec.selector as never);
      const minReady = spec.minReadySeconds ?? 0;
      const hasTemplateLabels = (labels: Record<string, string> | undefined) => Object.entries(templateLabels).every(([k, v]) => labels?.[k] === v);
      const got = rsc.counts.counts(rs.metadata.uid!, countsSignature(spec.selector, spec.template?.metadata?.labels, minReady), selector, hasTemplateLabels, minReady, cluster.nowMs());
      const owned = cluster.store.byIndex('Pod', CONTROLLER_INDEX, rs.metadata.uid!) as StoredPod[];
      const want = recountPods(rs as StoredReplicaSet, activeClaimed(cluster.store, rs as StoredReplicaSet, selector), cluster.nowMs());
      assert.deepEqual(
        { unmatched: got.unmatched, replicas: got.active, fullyLabeled: got.fullyLabeled, ready: got.ready, available: got.available },
        { unmatched: owned.filter((o) => !selector.matches(o.metadata.labels as Record<string, string>)).length, ...want },
        `${where}, ReplicaSet ${rs.metadata.name}`,
      );
    }
  }
}

test('the ReplicaSet controller\'s counts equal a recount of the store throughout a running cluster', () => {
  for (let seed = 1; seed <= 6; seed++) crossCheckCluster(seed, 60);
});
