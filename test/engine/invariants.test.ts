import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from '../../engine/cluster.ts';
import { EngineError } from '../../engine/errors.ts';
import { Scenario } from '../../engine/scenario.ts';
import type { KubeObject } from '../../engine/api/types.ts';

function cluster(): Cluster {
  const c = new Cluster({ seed: 5 });
  c.addNode('m01');
  return c;
}

function pod(name: string, extra: Partial<KubeObject['metadata']> = {}, spec: object = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], ...spec } };
}

test('an object with two controller owners stops the scenario with the seed and the time', () => {
  const c = cluster();
  const refs = [
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'u1', controller: true },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: 'u2', controller: true },
  ];
  assert.throws(
    () => c.store.create(pod('two-owners', { ownerReferences: refs })),
    (e: unknown) => e instanceof EngineError && e.message === 'invariant "an object has at most one controller owner" broken at 2020-06-07T22:00:00Z (seed 5): Pod two-owners has 2 controller owners: ReplicaSet/a, ReplicaSet/b',
  );
});

test('binding a pod to a node that does not exist is caught', () => {
  const c = cluster();
  const p = c.store.create(pod('p'));
  assert.throws(() => c.store.update({ ...p, metadata: { ...p.metadata, resourceVersion: undefined }, spec: { ...(p.spec as object), nodeName: 'ghost' } } as KubeObject, { validate: false }), /a pod is bound only to a node that exists.*node ghost/);
});

test('a user may create a pod with the nodeName of a missing node (the API accepts it)', () => {
  const c = cluster();
  c.store.create(pod('pinned', {}, { nodeName: 'ghost' }));
  c.advance(60_000);
  assert.ok(c.store.get('Pod', 'default', 'pinned'));
});

test('the invariants hold through a rollout, a scale-down and a deletion, and count their checks', () => {
  const s = new Scenario({ seed: 3, readFile: () => undefined });
  s.givenDeployment('web', 4);
  s.run("kubectl set image deployment/web web=luksa/kubia:v2");
  s.pass('1m');
  s.run('kubectl scale deployment web --replicas=1');
  s.run('kubectl delete deployment web');
  s.pass('1m');
  assert.ok((s.cluster.invariants?.checks ?? 0) > 100);
});

test('benchmarks turn the invariants off with the deep freeze', () => {
  assert.equal(new Cluster({ freezeObjects: false }).invariants, undefined);
  assert.ok(new Cluster({}).invariants);
});

test('nothing in the engine reads the wall clock or the global random source while a cluster runs', () => {
  const saved = { now: Date.now, random: Math.random, perf: performance.now };
  const forbid = (what: string) => () => {
    throw new Error(`the engine called ${what}`);
  };
  Date.now = forbid('Date.now');
  Math.random = forbid('Math.random');
  performance.now = forbid('performance.now');
  try {
    const s = new Scenario({ seed: 9, readFile: () => undefined });
    s.givenDeployment('kubia', 3);
    s.run('kubectl delete pod -l app=kubia');
    s.pass('2m');
    assert.equal(s.run('kubectl get pods --no-headers').stdout.trim().split('\n').length, 3);
  } finally {
    Date.now = saved.now;
    Math.random = saved.random;
    performance.now = saved.perf;
  }
});

test('the engine\'s source names no wall clock, global random source or real timer', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (/Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(|\bsetTimeout\(|\bsetInterval\(|\bsetImmediate\(/.test(code)) offenders.push(`${p}:${i + 1}: ${line.trim()}`);
        });
      }
    }
  };
  walk('engine');
  assert.deepEqual(offenders, []);
});
