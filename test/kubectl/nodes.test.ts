// kubectl taint, cordon, uncordon and drain: taint specs as upstream parses them (cases from
// k8s.io/kubectl/pkg/cmd/taint/utils_test.go TestParseTaints), what each command prints, and the
// drain filters (pkg/drain/filters.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Node } from '../../engine/api/types.ts';
import { apply, barePodManifest, deploymentManifest, kubectl, newCluster } from '../engine/cluster-helpers.ts';
import type { Cluster } from '../../engine/cluster.ts';

function taints(cluster: Cluster, name: string): string[] {
  return (cluster.store.get<Node & KubeObject>('Node', '', name)!.spec?.taints ?? []).map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`);
}

test('TestParseTaints: specs that are refused, with the usage hint', () => {
  const cluster = newCluster(['m01']);
  const refused: [string, string][] = [
    ['foo=', 'invalid taint spec: foo=, name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')'],
    ['foo=abc=xyz:NoSchedule', 'invalid taint spec: foo=abc=xyz:NoSchedule'],
    ['foo=abc:xyz:NoSchedule', 'invalid taint spec: foo=abc:xyz:NoSchedule'],
    ['foo=abc:invalid_effect', 'invalid taint effect: invalid_effect, unsupported taint effect'],
    ['foo:invalid_effect-', 'invalid taint effect: invalid_effect, unsupported taint effect'],
  ];
  for (const [spec, message] of refused) {
    const r = kubectl(cluster, `kubectl taint nodes m01 ${spec}`);
    assert.equal(r.exitCode, 1, spec);
    assert.equal(r.stderr, `error: ${message}\nSee 'kubectl taint -h' for help and examples\n`, spec);
  }
  const dup = kubectl(cluster, 'kubectl taint nodes m01 foo=abc:NoSchedule foo=abc:NoSchedule');
  assert.equal(dup.stderr, "error: duplicated taints with the same key and effect: {foo abc NoSchedule <nil>}\nSee 'kubectl taint -h' for help and examples\n");
  const key = kubectl(cluster, 'kubectl taint nodes m01 foo_:NoSchedule');
  assert.match(key.stderr, /^error: invalid taint spec: foo_:NoSchedule, name part must consist of alphanumeric characters/);
});

test('TestParseTaints: new taints are added first, then the old ones; removals by key and effect or by key', () => {
  const cluster = newCluster(['m01']);
  assert.equal(kubectl(cluster, 'kubectl taint nodes m01 foo=abc:NoSchedule bar=abc:NoSchedule baz:NoSchedule').stdout, 'node/m01 tainted\n');
  assert.equal(kubectl(cluster, 'kubectl taint nodes m01 qux:NoExecute foobar=:PreferNoSchedule').stdout, 'node/m01 tainted\n');
  assert.deepEqual(taints(cluster, 'm01'), ['qux=:NoExecute', 'foobar=:PreferNoSchedule', 'foo=abc:NoSchedule', 'bar=abc:NoSchedule', 'baz=:NoSchedule']);
  assert.equal(kubectl(cluster, 'kubectl taint nodes m01 foo:NoSchedule- qux-').stdout, 'node/m01 untainted\n');
  assert.deepEqual(taints(cluster, 'm01'), ['foobar=:PreferNoSchedule', 'bar=abc:NoSchedule', 'baz=:NoSchedule']);
  // Adding one and removing another in one command is a modification.
  assert.equal(kubectl(cluster, 'kubectl taint nodes m01 new=1:NoSchedule bar-').stdout, 'node/m01 modified\n');
  const conflict = kubectl(cluster, 'kubectl taint nodes m01 a=1:NoSchedule a-');
  assert.equal(conflict.stderr, 'error: can not both modify and remove the following taint(s) in the same command: {"a":""}\n');
});

test('taint refuses what it cannot act on', () => {
  const cluster = newCluster(['m01']);
  assert.equal(kubectl(cluster, 'kubectl taint nodes').stderr, 'error: at least one taint update is required\n');
  assert.equal(kubectl(cluster, 'kubectl taint nodes a=b:NoSchedule').stderr, "error: at least one resource name must be specified since 'all' parameter is not set\n");
  assert.equal(kubectl(cluster, 'kubectl taint nodes a=b:NoSchedule m01').stderr, 'error: all resources must be specified before taint changes: m01\n');
  assert.equal(kubectl(cluster, 'kubectl taint nodes m09 a=b:NoSchedule').stderr, 'Error from server (NotFound): nodes "m09" not found\n');
  const all = kubectl(cluster, 'kubectl taint nodes --all a=b:NoSchedule');
  assert.equal(all.stdout, 'node/m01 tainted\n');
});

test('cordon and uncordon several nodes and by selector', () => {
  const cluster = newCluster(['m01', 'm02', 'm03']);
  kubectl(cluster, 'kubectl label node m02 m03 pool=b');
  assert.equal(kubectl(cluster, 'kubectl cordon -l pool=b').stdout, 'node/m02 cordoned\nnode/m03 cordoned\n');
  assert.equal(kubectl(cluster, 'kubectl uncordon m01 m02').stdout, 'node/m01 already uncordoned\nnode/m02 uncordoned\n');
  assert.equal(cluster.store.get<Node & KubeObject>('Node', '', 'm02')!.spec?.unschedulable, undefined);
  assert.equal(cluster.store.get<Node & KubeObject>('Node', '', 'm03')!.spec?.unschedulable, true);
});

test('drain: emptyDir pods need --delete-emptydir-data, and the deprecated --delete-local-data says so', () => {
  const cluster = newCluster(['m01', 'm02']);
  apply(cluster, deploymentManifest('web', 1, 'nginx', { nodeName: 'm02', volumes: [{ name: 'scratch', emptyDir: {} }] }));
  cluster.advance(5000);
  const refused = kubectl(cluster, 'kubectl drain m02');
  assert.match(refused.stderr, /due to error: cannot delete Pods with local storage \(use --delete-emptydir-data to override\): default\/web-\S+, continuing command/);
  const done = kubectl(cluster, 'kubectl drain m02 --delete-local-data');
  assert.equal(done.exitCode, 0, done.output);
  assert.match(done.output, /^Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\nnode\/m02 already cordoned\nevicting pod default\/web-\S+\npod\/web-\S+ evicted\nnode\/m02 drained\n$/);
});

test('drain --disable-eviction deletes and reports `deleted`; a pod of a DaemonSet that is gone goes with --force', () => {
  const cluster = newCluster(['m01', 'm02']);
  apply(cluster, barePodManifest('bare', { app: 'bare' }, 'nginx', { nodeName: 'm02' }));
  apply(cluster, barePodManifest('orphan', { app: 'orphan' }, 'nginx', { nodeName: 'm02' }));
  cluster.store.mutate('Pod', 'default', 'orphan', (p: KubeObject) => {
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'gone', uid: 'x', controller: true }];
  });
  cluster.advance(5000);
  const refused = kubectl(cluster, 'kubectl drain m02');
  assert.match(refused.stderr, /cannot delete daemonsets.apps "gone" not found: default\/orphan/);
  const done = kubectl(cluster, 'kubectl drain m02 --force --disable-eviction');
  assert.equal(done.exitCode, 0, done.output);
  // Only the last filter's warning is kept, so the orphan's is lost (filters.go makeFilters).
  assert.equal(done.output, 'node/m02 already cordoned\nWarning: deleting Pods that declare no controller: default/bare\npod/bare deleted\npod/orphan deleted\nnode/m02 drained\n');
});
