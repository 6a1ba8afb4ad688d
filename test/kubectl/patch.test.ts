// The patch flavours of kubectl: JSON merge patch (the examples of RFC 7386 appendix A),
// strategic merge patch (lists merged by their patchMergeKey, the $patch directives), JSON patch
// (RFC 6902) and the three-way merge of client-side `kubectl apply`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPatch, mergePatch, strategicMergePatch, threeWayMerge } from '../../engine/kubectl/patch.ts';
import { UserError } from '../../engine/errors.ts';

test('JSON merge patch: the examples of RFC 7386 appendix A', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, expected] of cases) assert.deepEqual(mergePatch(target, patch), expected, JSON.stringify([target, patch]));
});

test('merge patches do not change their inputs', () => {
  const target = { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } } };
  const copy = structuredClone(target);
  mergePatch(target, { spec: { replicas: 2 } });
  strategicMergePatch(target, { spec: { template: { spec: { containers: [{ name: 'a', image: 'y' }] } } } });
  jsonPatch(target, [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'z' }]);
  assert.deepEqual(target, copy);
});

const podSpec = () => ({
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
    ],
  },
});

test('strategic merge patch merges containers by name, keeping the other fields and containers', () => {
  const out = strategicMergePatch(podSpec(), { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
  assert.deepEqual(out, {
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
        { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
      ],
    },
  });
});

test('strategic merge patch appends list items with a new key and merges nested keyed lists', () => {
  const out = strategicMergePatch(podSpec(), {
    spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '2' }, { name: 'A', value: 'one' }], ports: [{ containerPort: 443 }] }, { name: 'extra', image: 'redis' }] },
  }) as ReturnType<typeof podSpec>;
  assert.deepEqual(out.spec.containers.map((c) => c.name), ['web', 'sidecar', 'extra']);
  assert.deepEqual(out.spec.containers[0].env, [{ name: 'A', value: 'one' }, { name: 'B', value: '2' }]);
  assert.deepEqual(out.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }]);
});

test('strategic merge patch replaces lists without a merge key, and null deletes', () => {
  const out = strategicMergePatch(podSpec(), { spec: { containers: [{ name: 'sidecar', args: ['sleep', '10'] }, { name: 'web', env: null }] } }) as ReturnType<typeof podSpec>;
  assert.deepEqual(out.spec.containers[1].args, ['sleep', '10']);
  assert.equal('env' in out.spec.containers[0], false);
});

test('strategic merge patch honours $patch: delete and $patch: replace', () => {
  const deleted = strategicMergePatch(podSpec(), { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } }) as ReturnType<typeof podSpec>;
  assert.deepEqual(deleted.spec.containers.map((c) => c.name), ['web']);
  const replaced = strategicMergePatch({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { $patch: 'replace', c: '3' } } });
  assert.deepEqual(replaced, { metadata: { labels: { c: '3' } } });
});

test('strategic merge patch merges maps and leaves unmentioned keys', () => {
  const out = strategicMergePatch({ metadata: { labels: { app: 'kubia', tier: 'web' } }, spec: { replicas: 1 } }, { metadata: { labels: { tier: null, env: 'prod' } }, spec: { replicas: 3 } });
  assert.deepEqual(out, { metadata: { labels: { app: 'kubia', env: 'prod' } }, spec: { replicas: 3 } });
});

test(
  'strategic merge patch merges a primitive list with patchStrategy merge, such as metadata.finalizers',
  () => {
    const out = strategicMergePatch({ metadata: { finalizers: ['a.example.com/x'] } }, { metadata: { finalizers: ['b.example.com/y'] } });
    assert.deepEqual(out, { metadata: { finalizers: ['a.example.com/x', 'b.example.com/y'] } });
  },
);

test('JSON patch: add, remove, replace, move, copy and test (RFC 6902)', () => {
  const doc = { metadata: { labels: { app: 'kubia' } }, spec: { args: ['a', 'c'] } };
  assert.deepEqual(jsonPatch(doc, [{ op: 'add', path: '/metadata/labels/tier', value: 'web' }]), { metadata: { labels: { app: 'kubia', tier: 'web' } }, spec: { args: ['a', 'c'] } });
  assert.deepEqual(jsonPatch(doc, [{ op: 'add', path: '/spec/args/1', value: 'b' }]), { metadata: { labels: { app: 'kubia' } }, spec: { args: ['a', 'b', 'c'] } });
  assert.deepEqual(jsonPatch(doc, [{ op: 'add', path: '/spec/args/-', value: 'd' }]), { metadata: { labels: { app: 'kubia' } }, spec: { args: ['a', 'c', 'd'] } });
  assert.deepEqual(jsonPatch(doc, [{ op: 'remove', path: '/spec/args/0' }]), { metadata: { labels: { app: 'kubia' } }, spec: { args: ['c'] } });
  assert.deepEqual(jsonPatch(doc, [{ op: 'replace', path: '/metadata/labels/app', value: 'other' }]), { metadata: { labels: { app: 'other' } }, spec: { args: ['a', 'c'] } });
  assert.deepEqual(jsonPatch(doc, [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/name' }]), { metadata: { labels: { name: 'kubia' } }, spec: { args: ['a', 'c'] } });
  assert.deepEqual(jsonPatch(doc, [{ op: 'copy', from: '/spec/args/0', path: '/spec/args/-' }]), { metadata: { labels: { app: 'kubia' } }, spec: { args: ['a', 'c', 'a'] } });
  assert.deepEqual(jsonPatch(doc, [{ op: 'test', path: '/metadata/labels/app', value: 'kubia' }, { op: 'remove', path: '/metadata/labels' }]), { metadata: {}, spec: { args: ['a', 'c'] } });
  // ~1 is "/" and ~0 is "~" in a JSON pointer (RFC 6901).
  assert.deepEqual(jsonPatch({ a: {} }, [{ op: 'add', path: '/a/x~1y~0z', value: 1 }]), { a: { 'x/y~z': 1 } });
});

test('JSON patch refuses a failing test, a missing path and a patch that is not a list', () => {
  const doc = { metadata: { labels: { app: 'kubia' } } };
  assert.throws(() => jsonPatch(doc, [{ op: 'test', path: '/metadata/labels/app', value: 'other' }]), UserError);
  assert.throws(() => jsonPatch(doc, [{ op: 'replace', path: '/metadata/labels/missing', value: 'x' }]), UserError);
  assert.throws(() => jsonPatch(doc, [{ op: 'remove', path: '/spec' }]), UserError);
  assert.throws(() => jsonPatch(doc, { op: 'remove', path: '/metadata' }), UserError);
  assert.throws(() => jsonPatch(doc, [{ op: 'frobnicate', path: '/metadata' }]), UserError);
});

test(
  'JSON patch add needs the parent to exist and an array index within bounds (RFC 6902 section 4.1)',
  () => {
    assert.throws(() => jsonPatch({ metadata: {} }, [{ op: 'add', path: '/spec/replicas', value: 2 }]), UserError);
    assert.throws(() => jsonPatch({ args: ['a'] }, [{ op: 'add', path: '/args/5', value: 'x' }]), UserError);
  },
);

test('three-way merge: fields the user dropped go, fields the user set win, fields the cluster set stay', () => {
  const lastApplied = { metadata: { labels: { app: 'kubia', tier: 'web' } }, spec: { replicas: 3, paused: false } };
  const live = {
    metadata: { labels: { app: 'kubia', tier: 'web', 'added-by': 'someone' }, uid: 'u', resourceVersion: '7' },
    spec: { replicas: 3, paused: false, revisionHistoryLimit: 10 },
    status: { replicas: 3 },
  };
  const desired = { metadata: { labels: { app: 'kubia' } }, spec: { replicas: 5 } };
  assert.deepEqual(threeWayMerge(live, lastApplied, desired), {
    metadata: { labels: { app: 'kubia', 'added-by': 'someone' }, uid: 'u', resourceVersion: '7' },
    spec: { replicas: 5, revisionHistoryLimit: 10 },
    status: { replicas: 3 },
  });
});

test('three-way merge: containers merge by name, keeping the server\'s defaults', () => {
  const live = { spec: { containers: [{ name: 'web', image: 'nginx:1.26', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' }] } };
  const lastApplied = { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } };
  const desired = { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
  assert.deepEqual(threeWayMerge(live, lastApplied, desired), {
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' }] },
  });
});

test('three-way merge: a container the user removed from the manifest goes', () => {
  const live = { spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'old', image: 'busybox' }] } };
  const lastApplied = { spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'old', image: 'busybox' }] } };
  const desired = { spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  assert.deepEqual(threeWayMerge(live, lastApplied, desired), { spec: { containers: [{ name: 'web', image: 'nginx' }] } });
});

test(
  'three-way merge: a list item someone else added (not in the last applied configuration) stays',
  () => {
    const live = { spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'injected-proxy', image: 'envoy' }] } };
    const lastApplied = { spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const desired = { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    assert.deepEqual(threeWayMerge(live, lastApplied, desired), {
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'injected-proxy', image: 'envoy' }] },
    });
  },
);

test('three-way merge without a last applied configuration only adds and overwrites', () => {
  const live = { metadata: { labels: { a: '1', b: '2' } } };
  assert.deepEqual(threeWayMerge(live, undefined, { metadata: { labels: { a: 'one' } } }), { metadata: { labels: { a: 'one', b: '2' } } });
});
