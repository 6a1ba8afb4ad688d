// Determinism: a seed and a list of commands reproduce a run byte for byte (kubectl output,
// events, every stored object); another seed gives other generated names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster, DEFAULT_SEED, DEFAULT_START_TIME } from '../../engine/cluster.ts';
import { Scenario } from '../../engine/scenario.ts';
import { deploymentManifest, kubectl, newCluster } from './cluster-helpers.ts';

const KUBIA = JSON.stringify(deploymentManifest('kubia', 5));

/** A session of commands and waiting; returns everything a user or a report could see. */
function session(seed: number): { transcript: string; events: string; objects: string } {
  const cluster = newCluster(['m01', 'm02', 'm03'], { seed });
  const out: string[] = [];
  const run = (line: string, stdin?: string) => {
    const r = kubectl(cluster, line, stdin);
    out.push(`$ ${line}\n${r.output}[exit ${r.exitCode}]`);
  };
  run('kubectl apply -f -', KUBIA);
  run('kubectl get pods -o wide');
  cluster.advance(30_000);
  run('kubectl get pods -o wide');
  run('kubectl scale deployment kubia --replicas=2');
  cluster.advance(10_000);
  run('kubectl set image deployment/kubia kubia=luksa/kubia:v2');
  cluster.advance(120_000);
  run('kubectl get pods,rs -o wide');
  run('kubectl get events');
  run('kubectl describe deployment kubia');
  run('kubectl delete deployment kubia');
  cluster.advance(60_000);
  run('kubectl get all');
  const events = cluster.store.list('Event');
  const objects = ['Namespace', 'Node', 'Deployment', 'ReplicaSet', 'Pod'].flatMap((k) => cluster.store.list(k));
  return { transcript: out.join('\n'), events: JSON.stringify(events), objects: JSON.stringify(objects) };
}

test('the same seed and commands give byte-identical output, events and objects', () => {
  const a = session(7);
  const b = session(7);
  assert.equal(a.transcript, b.transcript);
  assert.equal(a.events, b.events);
  assert.equal(a.objects, b.objects);
  assert.ok(a.events.length > 1000, 'the session produced events');
});

test('another seed gives other generated names', () => {
  const a = session(7);
  const b = session(8);
  const names = (s: string) => new Set([...s.matchAll(/kubia-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g)].map((m) => m[0]));
  const fromA = names(a.transcript);
  const fromB = names(b.transcript);
  assert.ok(fromA.size >= 5, `expected generated pod names, got ${[...fromA].join(', ')}`);
  for (const n of fromA) assert.equal(fromB.has(n), false, `${n} was generated under both seeds`);
  assert.notEqual(a.events, b.events);
});

test('the pod-template-hash does not depend on the seed', () => {
  const hashes = [1, 2].map((seed) => {
    const cluster = newCluster(['m01'], { seed });
    kubectl(cluster, 'kubectl apply -f -', KUBIA);
    return cluster.store.list('ReplicaSet')[0].metadata.labels?.['pod-template-hash'];
  });
  assert.ok(hashes[0]);
  assert.equal(hashes[0], hashes[1]);
});

test('a Scenario reproduces a cluster built with the same seed, and defaults to seed 1 from 2020-06-07T22:00:00Z', () => {
  assert.equal(DEFAULT_SEED, 1);
  assert.equal(DEFAULT_START_TIME, '2020-06-07T22:00:00Z');
  const viaScenario = () => {
    const s = new Scenario({ seed: DEFAULT_SEED, readFile: () => undefined });
    s.applyManifest(KUBIA);
    s.pass('1 minute');
    return s.kubectl('kubectl get pods -o wide').stdout;
  };
  const first = viaScenario();
  assert.equal(viaScenario(), first);
  const direct = newCluster(['m01', 'm02', 'm03']);
  kubectl(direct, 'kubectl apply -f -', KUBIA);
  direct.advance(60_000);
  assert.equal(kubectl(direct, 'kubectl get pods -o wide').stdout, first);
  assert.equal(new Cluster().nowMs(), Date.parse('2020-06-07T22:00:00Z'));
});

test('a report\'s look at the cluster (Scenario.look) writes nothing: reports on or off, the same run', () => {
  const scenario = new Scenario({ seed: DEFAULT_SEED, readFile: () => undefined });
  scenario.applyManifest(KUBIA);
  scenario.pass('7m');
  const before = scenario.cluster.store.lastResourceVersion;
  for (const command of ['kubectl get pods -o wide', 'kubectl get deployments', 'kubectl get nodes']) {
    assert.equal(scenario.look(command).exitCode, 0);
  }
  // Seven minutes of kubelet heartbeats and Lease renewals were due; the look left them unwritten.
  assert.equal(scenario.cluster.store.lastResourceVersion, before);
  // A user's command writes them, as kubectl reads the apiserver as of now.
  scenario.kubectl('kubectl get nodes');
  assert.ok(scenario.cluster.store.lastResourceVersion > before);
});
