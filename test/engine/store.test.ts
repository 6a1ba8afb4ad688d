// The simulated apiserver's storage (k8s.io/apiserver/pkg/registry/generic/registry/store.go):
// what create assigns, resourceVersion and generation, the apiserver's error messages, graceful
// pod deletion, finalizers and propagation policies, frozen objects, watches and indexes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../engine/clock.ts';
import { Rng } from '../../engine/rng.ts';
import { ApiStore, NAME_SUFFIX_ALPHABET, NO_INDEX_VALUES, type Stored, type WatchEvent } from '../../engine/api/store.ts';
import { ApiError } from '../../engine/errors.ts';
import type { KubeObject } from '../../engine/api/types.ts';

const START = '2020-06-07T22:00:00Z';
const START_MS = Date.parse(START);

function newStore(seed = 1): { store: ApiStore; clock: VirtualClock } {
  const clock = new VirtualClock(START_MS);
  return { clock, store: new ApiStore(clock, new Rng(seed), { freeze: true }) };
}

function pod(name: string, extra: { nodeName?: string; labels?: Record<string, string>; terminationGracePeriodSeconds?: number; phase?: string; finalizers?: string[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}), ...(extra.finalizers ? { finalizers: extra.finalizers } : {}) },
    spec: {
      containers: [{ name: 'main', image: 'nginx:1.27' }],
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
      ...(extra.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: extra.terminationGracePeriodSeconds } : {}),
    },
    ...(extra.phase ? { status: { phase: extra.phase } } : {}),
  };
}

function deployment(name: string, replicas = 1, finalizers?: string[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(finalizers ? { finalizers } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'luksa/kubia' }] } },
    },
  };
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an ApiError, nothing was thrown');
}

/** A copy of a stored object the test may change (stored objects are frozen). */
function editable<T extends KubeObject>(obj: Stored<T>): T {
  return structuredClone(obj) as T;
}

// ---- create ------------------------------------------------------------------------------------

test('create assigns uid, resourceVersion, creationTimestamp and namespace', () => {
  const { store } = newStore();
  const p = store.create(pod('a'));
  assert.match(p.metadata.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(p.metadata.resourceVersion, '1');
  assert.equal(p.metadata.creationTimestamp, START);
  assert.equal(p.metadata.namespace, 'default');
  assert.equal(p.metadata.deletionTimestamp, undefined);
  const q = store.create(pod('b'));
  assert.notEqual(q.metadata.uid, p.metadata.uid);
});

test('generation starts at 1 for workloads and is not set on pods, nodes, namespaces and events', () => {
  const { store } = newStore();
  assert.equal(store.create(deployment('kubia')).metadata.generation, 1);
  assert.equal(store.create(pod('a')).metadata.generation, undefined);
  assert.equal(store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } as KubeObject).metadata.generation, undefined);
});

test('create does not keep the caller\'s object', () => {
  const { store } = newStore();
  const input = pod('a', { labels: { app: 'x' } });
  store.create(input);
  (input.metadata.labels as Record<string, string>).app = 'changed';
  assert.equal(store.get('Pod', 'default', 'a')!.metadata.labels!.app, 'x');
  assert.equal(input.metadata.uid, undefined);
});

test('resourceVersion strictly increases across every kind and every kind of write', () => {
  const { store } = newStore();
  const seen: number[] = [];
  const note = (o: Stored | undefined) => {
    if (o) seen.push(Number(o.metadata.resourceVersion));
  };
  note(store.create(pod('a', { nodeName: 'n1' })));
  note(store.create(deployment('kubia')));
  note(store.create(pod('b')));
  const d = store.get('Deployment', 'default', 'kubia')!;
  note(store.update({ ...editable(d), spec: { ...editable(d).spec as object, replicas: 2 } }));
  note(store.delete('Pod', 'default', 'a')); // graceful: a write that keeps the pod
  const before = store.lastResourceVersion;
  store.delete('Pod', 'default', 'b'); // unscheduled: removed at once
  assert.ok(store.lastResourceVersion > before, 'a removal is a write too');
  const c = store.create(pod('c'));
  note(c);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1], `resourceVersion went from ${seen[i - 1]} to ${seen[i]}`);
  assert.equal(c.metadata.resourceVersion, String(store.lastResourceVersion));
});

test('generateName appends 5 characters of bcdfghjklmnpqrstvwxz2456789', () => {
  const { store } = newStore();
  assert.equal(NAME_SUFFIX_ALPHABET, 'bcdfghjklmnpqrstvwxz2456789');
  const names = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = store.create({ ...pod(''), metadata: { generateName: 'kubia-' } } as KubeObject);
    assert.match(p.metadata.name!, /^kubia-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    names.add(p.metadata.name!);
  }
  assert.equal(names.size, 200);
});

test('generateName truncates a base longer than 58 characters (names/generate.go)', () => {
  const { store } = newStore();
  const base = 'a'.repeat(70);
  const p = store.create({ ...pod(''), metadata: { generateName: base } } as KubeObject);
  assert.equal(p.metadata.name!.length, 63);
  assert.equal(p.metadata.name!.slice(0, 58), 'a'.repeat(58));
});

test('an existing name is AlreadyExists with the qualified resource', () => {
  const { store } = newStore();
  store.create(deployment('kubia'));
  const e = apiError(() => store.create(deployment('kubia')));
  assert.equal(e.reason, 'AlreadyExists');
  assert.equal(e.code, 409);
  assert.equal(e.message, 'deployments.apps "kubia" already exists');
  store.create(pod('x'));
  assert.equal(apiError(() => store.create(pod('x'))).message, 'pods "x" already exists');
});

test('a missing object is NotFound', () => {
  const { store } = newStore();
  const e = apiError(() => store.delete('Pod', 'default', 'x'));
  assert.equal(e.reason, 'NotFound');
  assert.equal(e.code, 404);
  assert.equal(e.message, 'pods "x" not found');
  assert.equal(apiError(() => store.update(deployment('kubia'))).message, 'deployments.apps "kubia" not found');
  assert.equal(apiError(() => store.mutate('ReplicaSet', 'default', 'rs', () => {})).message, 'replicasets.apps "rs" not found');
});

test('creating in a namespace that does not exist is NotFound', () => {
  const { store } = newStore();
  const e = apiError(() => store.create({ ...pod('a'), metadata: { name: 'a', namespace: 'team' } }));
  assert.equal(e.message, 'namespaces "team" not found');
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
  assert.equal(store.create({ ...pod('a'), metadata: { name: 'a', namespace: 'team' } }).metadata.namespace, 'team');
});

// ---- update ------------------------------------------------------------------------------------

test('an update with a stale resourceVersion is a Conflict', () => {
  const { store } = newStore();
  const first = store.create(deployment('kubia'));
  const stale = editable(first);
  store.update({ ...editable(first), metadata: { ...editable(first).metadata, labels: { a: 'b' } } });
  const e = apiError(() => store.update(stale));
  assert.equal(e.reason, 'Conflict');
  assert.equal(e.code, 409);
  assert.equal(
    e.message,
    'Operation cannot be fulfilled on deployments.apps "kubia": the object has been modified; please apply your changes to the latest version and try again',
  );
});

test('an update without a resourceVersion overwrites unconditionally and keeps uid and creationTimestamp', () => {
  const { store, clock } = newStore();
  const first = store.create(deployment('kubia'));
  clock.advanceTo(START_MS + 60_000);
  const next = editable(first);
  const meta = next.metadata as Record<string, unknown>;
  delete meta.resourceVersion;
  delete meta.uid;
  delete meta.creationTimestamp;
  const updated = store.update(next)!;
  assert.equal(updated.metadata.uid, first.metadata.uid);
  assert.equal(updated.metadata.creationTimestamp, START);
  assert.ok(Number(updated.metadata.resourceVersion) > Number(first.metadata.resourceVersion));
});

test('an update stores the writer\'s metadata with the apiserver-owned fields of the stored object, keys in spread order', () => {
  const { store, clock } = newStore();
  const rng = new Rng(17);
  store.create(pod('a', { nodeName: 'n1' }));
  store.create(pod('b', { nodeName: 'n1' }));
  store.delete('Pod', 'default', 'b'); // b waits out its grace period: it has a deletionTimestamp
  clock.advanceTo(START_MS + 5_000);
  const shuffled = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = rng.intn(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  for (let step = 0; step < 400; step++) {
    const old = store.get('Pod', 'default', step % 2 === 0 ? 'a' : 'b')!;
    const om = old.metadata as Record<string, unknown>;
    // Each field left out, cleared (undefined) or given, in a random key order.
    const choices: Record<string, unknown[]> = {
      labels: [{ step: String(step) }],
      annotations: [{ a: 'b' }],
      generateName: ['x-'],
      uid: [om.uid, 'another-uid'],
      creationTimestamp: [om.creationTimestamp, '2001-01-01T00:00:00Z'],
      deletionTimestamp: ['2001-01-01T00:00:00Z'],
      deletionGracePeriodSeconds: [7],
      resourceVersion: [om.resourceVersion],
    };
    const meta: Record<string, unknown> = {};
    for (const k of shuffled(['name', 'namespace', ...Object.keys(choices)])) {
      if (k === 'name' || k === 'namespace') meta[k] = om[k];
      else if (rng.intn(3) === 1) meta[k] = undefined;
      else if (rng.intn(3) > 0) meta[k] = choices[k]![rng.intn(choices[k]!.length)];
    }
    // The store may keep and finish the metadata handed over with the write: expect from what was given.
    const given = { ...meta };
    const updated = store.update({ ...editable(old), metadata: meta } as KubeObject, { validate: false })!;
    const expected: Record<string, unknown> = { ...given, uid: om.uid, creationTimestamp: om.creationTimestamp, deletionTimestamp: om.deletionTimestamp, deletionGracePeriodSeconds: om.deletionGracePeriodSeconds };
    for (const k of Object.keys(expected)) if (expected[k] === undefined) delete expected[k];
    expected.resourceVersion = String(store.lastResourceVersion);
    assert.deepEqual(Object.entries(updated.metadata), Object.entries(expected), `step ${step}`);
  }
});

test('an engine write keeps the metadata made for it, and never changes the stored metadata or a frozen one it is given', () => {
  const { store, clock } = newStore();
  const created = store.create(pod('a', { nodeName: 'n1' }));
  // After its first write an object's resourceVersion is its last metadata key, as the writers' copies then keep it.
  store.update({ ...created, metadata: { ...created.metadata, resourceVersion: undefined } } as KubeObject, { validate: false });
  for (let step = 0; step < 6; step++) {
    clock.advanceTo(START_MS + 1000 * (step + 1));
    const old = store.get('Pod', 'default', 'a')!;
    const before = JSON.stringify(old);
    const status = { phase: 'Running', message: `step ${step}` };
    let meta: Record<string, unknown>;
    if (step % 3 === 0) meta = { ...old.metadata, resourceVersion: undefined }; // made for the write
    else if (step % 3 === 1) meta = old.metadata as Record<string, unknown>; // the stored metadata itself
    else meta = Object.freeze({ ...old.metadata }); // frozen
    const given = JSON.stringify(meta);
    const updated = store.update({ ...old, metadata: meta, status } as KubeObject, { validate: false, subresource: 'status' })!;
    assert.equal(JSON.stringify(old), before, `step ${step}: the stored object is unchanged`);
    assert.equal(updated.metadata === meta, step % 3 === 0, `step ${step}: kept only when made for the write`);
    if (step % 3 !== 0) assert.equal(JSON.stringify(meta), given, `step ${step}: what was given is unchanged`);
    assert.deepEqual(Object.keys(updated.metadata), Object.keys(old.metadata), `step ${step}: the same keys in the same order`);
    assert.deepEqual({ ...updated.metadata, resourceVersion: old.metadata.resourceVersion }, { ...old.metadata }, `step ${step}: the same values but resourceVersion`);
    assert.equal(updated.metadata.resourceVersion, String(store.lastResourceVersion));
  }
});

test('generation increases on a spec change only, not on labels or status', () => {
  const { store } = newStore();
  const d0 = store.create(deployment('kubia'));
  const labelled = store.update({ ...editable(d0), metadata: { ...editable(d0).metadata, labels: { tier: 'web' } } })!;
  assert.equal(labelled.metadata.generation, 1);
  const withStatus = store.update({ ...editable(labelled), status: { replicas: 1 } }, { validate: false })!;
  assert.equal(withStatus.metadata.generation, 1);
  const sameSpec = store.update({ ...editable(withStatus) })!;
  assert.equal(sameSpec.metadata.generation, 1);
  const scaled = store.update({ ...editable(sameSpec), spec: { ...(editable(sameSpec).spec as object), replicas: 3 } })!;
  assert.equal(scaled.metadata.generation, 2);
});

test(
  'a Deployment\'s generation also increases when its annotations change (pkg/registry/apps/deployment/strategy.go PrepareForUpdate)',
  () => {
    const { store } = newStore();
    const d0 = store.create(deployment('kubia'));
    const annotated = store.update({ ...editable(d0), metadata: { ...editable(d0).metadata, annotations: { note: 'x' } } })!;
    assert.equal(annotated.metadata.generation, 2);
  },
);

test('a ReplicaSet\'s generation does not change with its annotations (pkg/registry/apps/replicaset/strategy.go)', () => {
  const { store } = newStore();
  const rs0 = store.create({ ...deployment('web'), kind: 'ReplicaSet' });
  const annotated = store.update({ ...editable(rs0), metadata: { ...editable(rs0).metadata, annotations: { note: 'x' } } })!;
  assert.equal(annotated.metadata.generation, 1);
});

// ---- deletion ----------------------------------------------------------------------------------

test('deleting a scheduled pod is graceful: deletionTimestamp = now + 30 s by default', () => {
  const { store, clock } = newStore();
  store.create(pod('a', { nodeName: 'n1' }));
  clock.advanceTo(START_MS + 5_000);
  const terminating = store.delete('Pod', 'default', 'a')!;
  assert.equal(terminating.metadata.deletionTimestamp, '2020-06-07T22:00:35Z');
  assert.equal(terminating.metadata.deletionGracePeriodSeconds, 30);
  assert.ok(store.get('Pod', 'default', 'a'), 'the pod stays until its kubelet confirms');
  // The kubelet's final delete, with grace 0, removes it.
  assert.equal(store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 }), undefined);
  assert.equal(store.get('Pod', 'default', 'a'), undefined);
});

test('the grace period comes from the request, else from the pod\'s terminationGracePeriodSeconds', () => {
  const { store } = newStore();
  store.create(pod('a', { nodeName: 'n1', terminationGracePeriodSeconds: 10 }));
  assert.equal(store.delete('Pod', 'default', 'a')!.metadata.deletionTimestamp, '2020-06-07T22:00:10Z');
  store.create(pod('b', { nodeName: 'n1', terminationGracePeriodSeconds: 10 }));
  const b = store.delete('Pod', 'default', 'b', { gracePeriodSeconds: 3 })!;
  assert.equal(b.metadata.deletionTimestamp, '2020-06-07T22:00:03Z');
  assert.equal(b.metadata.deletionGracePeriodSeconds, 3);
});

test('a second delete may shorten the grace period but never lengthen it', () => {
  const { store } = newStore();
  store.create(pod('a', { nodeName: 'n1' }));
  store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 20 });
  assert.equal(store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 60 })!.metadata.deletionTimestamp, '2020-06-07T22:00:20Z');
  assert.equal(store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 5 })!.metadata.deletionTimestamp, '2020-06-07T22:00:05Z');
});

test(
  'a shorter grace period counts from the first deletion, not from the second request (apiserver rest/delete.go BeforeDelete)',
  () => {
    const { store, clock } = newStore();
    store.create(pod('a', { nodeName: 'n1' }));
    store.delete('Pod', 'default', 'a');
    clock.advanceTo(START_MS + 10_000);
    // 25 s is shorter than the pending 30 s: the deadline becomes first deletion + 25 s.
    const shortened = store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 25 })!;
    assert.equal(shortened.metadata.deletionTimestamp, '2020-06-07T22:00:25Z');
    assert.equal(shortened.metadata.deletionGracePeriodSeconds, 25);
    const again = store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 12 })!;
    assert.equal(again.metadata.deletionTimestamp, '2020-06-07T22:00:12Z');
    assert.equal(again.metadata.deletionGracePeriodSeconds, 12);
  },
);

test('an unscheduled pod and a finished pod are removed at once (pod strategy CheckGracefulDelete)', () => {
  const { store } = newStore();
  store.create(pod('pending'));
  assert.equal(store.delete('Pod', 'default', 'pending'), undefined);
  assert.equal(store.get('Pod', 'default', 'pending'), undefined);
  // The apiserver ignores a status given on create (PrepareForCreate); the kubelet writes it.
  const done = store.create(pod('done', { nodeName: 'n1', phase: 'Succeeded' }));
  assert.equal((done.status as { phase?: string }).phase, 'Pending');
  store.update({ ...editable(done), status: { phase: 'Succeeded' } }, { validate: false, subresource: 'status' });
  assert.equal(store.delete('Pod', 'default', 'done'), undefined);
});

test('objects other than pods are removed at once when nothing holds them', () => {
  const { store } = newStore();
  store.create(deployment('kubia'));
  assert.equal(store.delete('Deployment', 'default', 'kubia'), undefined);
  assert.equal(store.get('Deployment', 'default', 'kubia'), undefined);
});

test('a finalizer keeps a deleted object until it is removed', () => {
  const { store } = newStore();
  store.create(deployment('kubia', 1, ['example.com/hold']));
  const held = store.delete('Deployment', 'default', 'kubia')!;
  assert.equal(held.metadata.deletionTimestamp, START);
  assert.deepEqual(held.metadata.finalizers, ['example.com/hold']);
  assert.ok(store.get('Deployment', 'default', 'kubia'));
  const released = store.update({ ...editable(held), metadata: { ...editable(held).metadata, resourceVersion: undefined, finalizers: undefined } }, { validate: false });
  assert.equal(released, undefined);
  assert.equal(store.get('Deployment', 'default', 'kubia'), undefined);
});

test('Orphan and Foreground propagation add their finalizers; Background removes at once', () => {
  const { store } = newStore();
  store.create(deployment('o'));
  store.create(deployment('f'));
  store.create(deployment('b'));
  const o = store.delete('Deployment', 'default', 'o', { propagationPolicy: 'Orphan' })!;
  assert.deepEqual(o.metadata.finalizers, ['orphan']);
  assert.equal(o.metadata.deletionTimestamp, START);
  const f = store.delete('Deployment', 'default', 'f', { propagationPolicy: 'Foreground' })!;
  assert.deepEqual(f.metadata.finalizers, ['foregroundDeletion']);
  assert.equal(store.delete('Deployment', 'default', 'b', { propagationPolicy: 'Background' }), undefined);
});

test(
  'marking an object with finalizers as deleting bumps its generation and sets deletionGracePeriodSeconds 0 (registry/store.go markAsDeleting)',
  () => {
    const { store } = newStore();
    store.create(deployment('kubia'));
    const deleting = store.delete('Deployment', 'default', 'kubia', { propagationPolicy: 'Foreground' })!;
    assert.equal(deleting.metadata.deletionGracePeriodSeconds, 0);
    assert.equal(deleting.metadata.generation, 2);
  },
);

test('a later delete with another policy swaps the propagation finalizer', () => {
  const { store } = newStore();
  store.create(deployment('kubia', 1, ['example.com/hold']));
  store.delete('Deployment', 'default', 'kubia', { propagationPolicy: 'Foreground' });
  const swapped = store.delete('Deployment', 'default', 'kubia', { propagationPolicy: 'Orphan' })!;
  assert.deepEqual(swapped.metadata.finalizers, ['example.com/hold', 'orphan']);
});

test('a Job deleted without a policy orphans its pods by default (pkg/registry/batch/job/strategy.go)', () => {
  const { store } = newStore();
  store.create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'batch' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
  });
  assert.deepEqual(store.delete('Job', 'default', 'batch')!.metadata.finalizers, ['orphan']);
});

test('stored objects are frozen when freeze is on', () => {
  const { store } = newStore();
  const p = store.create(pod('a', { labels: { app: 'x' } })) as unknown as { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
  assert.throws(() => {
    p.metadata.labels.app = 'y';
  }, TypeError);
  assert.throws(() => {
    p.spec.containers[0].image = 'other';
  }, TypeError);
  const unfrozen = new ApiStore(new VirtualClock(START_MS), new Rng(1), { freeze: false }).create(pod('a'));
  assert.equal(Object.isFrozen(unfrozen), false);
});

// ---- watches and indexes -----------------------------------------------------------------------

test('watchers see ADDED, MODIFIED and DELETED in order, with the previous object', () => {
  const { store } = newStore();
  const events: WatchEvent[] = [];
  const all: string[] = [];
  store.watch('Pod', (ev) => events.push(ev));
  store.watchAll((ev) => all.push(`${ev.type} ${ev.object.kind}/${ev.object.metadata.name}`));
  const created = store.create(pod('a', { nodeName: 'n1' }));
  store.create(deployment('kubia'));
  const terminating = store.delete('Pod', 'default', 'a')!;
  store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 });
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
  assert.equal(events[0].object, created);
  assert.equal(events[1].old, created);
  assert.equal(events[1].object, terminating);
  assert.equal(events[2].object, terminating);
  assert.deepEqual(all, ['ADDED Pod/a', 'ADDED Deployment/kubia', 'MODIFIED Pod/a', 'DELETED Pod/a']);
});

test('list is sorted by namespace, then name', () => {
  const { store } = newStore();
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alpha' } });
  for (const [ns, name] of [['default', 'b'], ['alpha', 'z'], ['default', 'a']]) store.create({ ...pod(name), metadata: { name, namespace: ns } });
  assert.deepEqual(store.list('Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ['alpha/z', 'default/a', 'default/b']);
  assert.deepEqual(store.list('Pod', 'default').map((p) => p.metadata.name), ['a', 'b']);
  assert.equal(store.count('Pod'), 3);
});

test('indexes follow creates, relabels and deletes, including objects that existed before the index', () => {
  const { store } = newStore();
  store.create(pod('early', { labels: { app: 'web' } }));
  store.addIndex('Pod', 'app', (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []));
  const names = (v: string) => store.byIndex('Pod', 'app', v).map((p) => p.metadata.name).sort();
  assert.deepEqual(names('web'), ['early']);
  store.create(pod('late', { labels: { app: 'web' } }));
  assert.deepEqual(names('web'), ['early', 'late']);
  const late = store.get('Pod', 'default', 'late')!;
  store.update({ ...editable(late), metadata: { ...editable(late).metadata, labels: { app: 'db' } } });
  assert.deepEqual(names('web'), ['early']);
  assert.deepEqual(names('db'), ['late']);
  store.delete('Pod', 'default', 'late');
  assert.deepEqual(names('db'), []);
  assert.deepEqual(names('nothing'), []);
});

test('an index keeps no entry for a value nothing is filed under any more (it would grow with every uid)', () => {
  const { store } = newStore();
  store.addIndex('Pod', 'uid', (o) => [o.metadata.uid!]);
  store.addIndex('Pod', 'app', (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []));
  const values = (name: string) => [...(store as unknown as { kinds: Map<string, { indexers: { name: string; index: Map<string, unknown> }[] }> }).kinds.get('Pod')!.indexers.find((i) => i.name === name)!.index.keys()].sort();
  for (let i = 0; i < 50; i++) store.create(pod(`p${i}`, { labels: { app: i % 2 === 0 ? 'web' : 'db' } }));
  const p1 = store.get('Pod', 'default', 'p1')!;
  store.update({ ...editable(p1), metadata: { ...editable(p1).metadata, labels: { app: 'web' } } });
  for (let i = 2; i < 50; i++) store.delete('Pod', 'default', `p${i}`);
  assert.deepEqual(values('app'), ['web']);
  assert.deepEqual(values('uid'), [store.get('Pod', 'default', 'p0')!.metadata.uid!, p1.metadata.uid!].sort());
  assert.deepEqual(store.byIndex('Pod', 'app', 'db'), []);
});

test('indexes agree with a full scan after random creates, relabels and deletes', () => {
  const { store } = newStore(5);
  const rng = new Rng(9);
  store.addIndex('Pod', 'app', (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []));
  store.addIndex('Pod', 'tier', (o) => Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('t')).map((k) => o.metadata.labels![k]));
  const apps = ['a', 'b', 'c'];
  const names = (pods: readonly Stored[]) => pods.map((p) => p.metadata.name).sort();
  for (let step = 0; step < 3000; step++) {
    const name = `p${rng.intn(40)}`;
    const labels: Record<string, string> = {};
    if (rng.intn(4) > 0) labels.app = apps[rng.intn(3)];
    if (rng.intn(2) > 0) labels.t1 = apps[rng.intn(3)];
    if (rng.intn(2) > 0) labels.t2 = apps[rng.intn(3)];
    const current = store.get('Pod', 'default', name);
    const op = rng.intn(3);
    if (!current) store.create(pod(name, { labels }));
    else if (op === 0) store.delete('Pod', 'default', name, { gracePeriodSeconds: 0 });
    else store.update({ ...editable(current), metadata: { ...editable(current).metadata, labels } });
    for (const v of apps) {
      assert.deepEqual(names(store.byIndex('Pod', 'app', v)), names(store.list('Pod').filter((p) => p.metadata.labels?.app === v)), `app=${v} after step ${step}`);
      const tiers = store.list('Pod').filter((p) => Object.entries(p.metadata.labels ?? {}).some(([k, x]) => k.startsWith('t') && x === v));
      assert.deepEqual(names(store.byIndex('Pod', 'tier', v)), names(tiers), `tier ${v} after step ${step}`);
    }
  }
});

test('an index function may answer one value as a string: the same filing as a one-value list, after random writes', () => {
  const { store } = newStore(5);
  const rng = new Rng(13);
  // The same values, answered as a string when there is one and as a list otherwise, and always as a list.
  const valuesOf = (o: Stored) => Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('t')).map((k) => o.metadata.labels![k]!);
  store.addIndex('Pod', 'single', (o) => {
    const vs = valuesOf(o);
    return vs.length === 1 ? vs[0]! : vs.length === 0 ? NO_INDEX_VALUES : vs;
  });
  store.addIndex('Pod', 'list', valuesOf);
  const apps = ['a', 'b', 'c'];
  const names = (pods: readonly Stored[]) => pods.map((p) => p.metadata.name);
  for (let step = 0; step < 3000; step++) {
    const name = `p${rng.intn(40)}`;
    const labels: Record<string, string> = {};
    if (rng.intn(2) > 0) labels.t1 = apps[rng.intn(3)]!;
    if (rng.intn(3) > 0) labels.t2 = apps[rng.intn(3)]!;
    const current = store.get('Pod', 'default', name);
    if (!current) store.create(pod(name, { labels }));
    else if (rng.intn(3) === 0) store.delete('Pod', 'default', name, { gracePeriodSeconds: 0 });
    else store.update({ ...editable(current), metadata: { ...editable(current).metadata, labels } });
    for (const v of apps) {
      const scan = store.list('Pod').filter((p) => valuesOf(p).includes(v));
      assert.deepEqual(names(store.byIndex('Pod', 'single', v)).sort(), names(scan).sort(), `${v} after step ${step}`);
      // Same first-filed order as the list-answering index, and the stored versions themselves.
      assert.deepEqual(store.byIndex('Pod', 'single', v), store.byIndex('Pod', 'list', v), `${v} order after step ${step}`);
      for (const p of store.byIndex('Pod', 'single', v)) assert.equal(p, store.get('Pod', 'default', p.metadata.name!));
    }
  }
});

test('an index lists the objects filed under a value in the order they were first filed, in short lists and past them', () => {
  const { store } = newStore(5);
  const rng = new Rng(11);
  store.addIndex('Pod', 'app', (o) => (o.metadata.labels?.app ? [o.metadata.labels.app] : []));
  // The order a Map keyed by uid gives: a new entry goes last, a refiled one keeps its place.
  const model = new Map<string, Map<string, string>>();
  const apps = ['a', 'b'];
  for (let step = 0; step < 4000; step++) {
    const name = `p${rng.intn(30)}`;
    const app = rng.intn(5) > 0 ? apps[rng.intn(2)] : undefined;
    const current = store.get('Pod', 'default', name);
    const before = current?.metadata.labels?.app;
    if (!current) store.create(pod(name, { labels: app ? { app } : {} }));
    else if (rng.intn(3) === 0) store.delete('Pod', 'default', name, { gracePeriodSeconds: 0 });
    else store.update({ ...editable(current), metadata: { ...editable(current).metadata, labels: app ? { app } : {} } });
    const after = store.get('Pod', 'default', name);
    const uid = (after ?? current)!.metadata.uid!;
    const now = after?.metadata.labels?.app;
    if (before !== undefined && before !== now) model.get(before)!.delete(uid);
    if (now !== undefined) {
      if (!model.has(now)) model.set(now, new Map());
      model.get(now)!.set(uid, name);
    }
    for (const v of apps) assert.deepEqual(store.byIndex('Pod', 'app', v).map((p) => p.metadata.name), [...(model.get(v)?.values() ?? [])], `app=${v} after step ${step}`);
  }
});

test('listAsStored gives the objects in the order they were stored: a replaced one keeps its place, one created again goes last', () => {
  const { store } = newStore();
  for (const name of ['c', 'a', 'b']) store.create(pod(name));
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  store.create({ ...pod('z'), metadata: { name: 'z', namespace: 'other' } } as KubeObject);
  const a = store.get('Pod', 'default', 'a')!;
  store.update({ ...editable(a), metadata: { ...editable(a).metadata, labels: { changed: 'yes' } } } as KubeObject);
  store.delete('Pod', 'default', 'c', { gracePeriodSeconds: 0 });
  store.create(pod('c'));
  store.create({ ...pod('y'), metadata: { name: 'y', namespace: 'other' } } as KubeObject);
  const names = (ns?: string) => store.listAsStored('Pod', ns).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  // Created c, a, b; a replaced in its place; c deleted and created again, so last.
  assert.deepEqual(names('default'), ['default/a', 'default/b', 'default/c']);
  assert.deepEqual(names('other'), ['other/z', 'other/y']);
  assert.deepEqual(names(), ['default/a', 'default/b', 'default/c', 'other/z', 'other/y']);
  assert.equal(store.listAsStored('Pod', 'default')[0]!.metadata.labels?.changed, 'yes');
  assert.deepEqual(store.listAsStored('Lease'), []);
});
