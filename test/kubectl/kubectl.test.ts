// kubectl commands through runKubectl on a whole simulated Cluster: what each prints on stdout
// and stderr and its exit code, as kubectl v1.32 does (k8s.io/kubectl/pkg/cmd/...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, KubeObject } from '../../engine/api/types.ts';
import { apply, barePodManifest, deploymentManifest, kubectl, newCluster, pod, pods } from '../engine/cluster-helpers.ts';

type D = Deployment & KubeObject;

const KUBIA = JSON.stringify(deploymentManifest('kubia', 3));

function rolledOut(replicas = 3) {
  const cluster = newCluster();
  apply(cluster, deploymentManifest('kubia', replicas));
  cluster.advance(60_000);
  return cluster;
}

function deployment(cluster: ReturnType<typeof newCluster>): D {
  return cluster.store.get<D>('Deployment', 'default', 'kubia') as D;
}

// ---- create and apply --------------------------------------------------------------------------

test('create -f prints <resource>.<group>/<name> created, and AlreadyExists the second time', () => {
  const cluster = newCluster();
  const first = kubectl(cluster, 'kubectl create -f -', KUBIA);
  assert.deepEqual([first.stdout, first.stderr, first.exitCode], ['deployment.apps/kubia created\n', '', 0]);
  const again = kubectl(cluster, 'kubectl create -f -', KUBIA);
  assert.equal(again.exitCode, 1);
  assert.equal(again.stdout, '');
  assert.equal(again.stderr.split('\n')[0], 'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "kubia" already exists');
});

test('apply creates, then reports unchanged, then configured', () => {
  const cluster = newCluster();
  assert.equal(kubectl(cluster, 'kubectl apply -f -', KUBIA).stdout, 'deployment.apps/kubia created\n');
  assert.equal(kubectl(cluster, 'kubectl apply -f -', KUBIA).stdout, 'deployment.apps/kubia unchanged\n');
  cluster.advance(60_000);
  // The controllers have written status and annotations meanwhile; the manifest is still unchanged.
  assert.equal(kubectl(cluster, 'kubectl apply -f -', KUBIA).stdout, 'deployment.apps/kubia unchanged\n');
  const scaled = kubectl(cluster, 'kubectl apply -f -', JSON.stringify(deploymentManifest('kubia', 5)));
  assert.deepEqual([scaled.stdout, scaled.stderr, scaled.exitCode], ['deployment.apps/kubia configured\n', '', 0]);
  assert.equal(deployment(cluster).spec?.replicas, 5);
  assert.equal(pods(cluster).length, 5);
});

test('apply keeps the last applied configuration in its annotation', () => {
  const cluster = newCluster();
  kubectl(cluster, 'kubectl apply -f -', KUBIA);
  const annotation = deployment(cluster).metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  assert.ok(annotation?.endsWith('\n'));
  const lastApplied = JSON.parse(annotation!);
  assert.deepEqual(lastApplied.spec, JSON.parse(KUBIA).spec);
  assert.equal(lastApplied.metadata.name, 'kubia');
  assert.equal(lastApplied.metadata.namespace, 'default');
});

test(
  'the last-applied annotation is the unstructured object as encoding/json writes it: sorted keys and empty annotations (apply GetModifiedConfiguration)',
  () => {
    const cluster = newCluster();
    kubectl(cluster, 'kubectl apply -f -', KUBIA);
    assert.equal(
      deployment(cluster).metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"kubia","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"kubia"}},"template":{"metadata":{"labels":{"app":"kubia"}},"spec":{"containers":[{"image":"luksa/kubia","name":"kubia"}]}}}}\n',
    );
  },
);

test(
  'apply to an object made by create warns that the last-applied annotation is missing (pkg/cmd/apply/apply.go)',
  () => {
    const cluster = newCluster();
    kubectl(cluster, 'kubectl create -f -', KUBIA);
    const result = kubectl(cluster, 'kubectl apply -f -', JSON.stringify(deploymentManifest('kubia', 2)));
    assert.equal(result.stdout, 'deployment.apps/kubia configured\n');
    assert.equal(
      result.stderr,
      'Warning: resource deployments/kubia is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
  },
);

test('create deployment makes a one-replica Deployment labelled app=<name>', () => {
  const cluster = newCluster();
  assert.equal(kubectl(cluster, 'kubectl create deployment web --image=nginx:1.27').stdout, 'deployment.apps/web created\n');
  const web = cluster.store.get<D>('Deployment', 'default', 'web')!;
  assert.equal(web.spec?.replicas, 1);
  assert.deepEqual(web.spec?.selector.matchLabels, { app: 'web' });
  assert.equal(web.spec?.template.spec?.containers[0].name, 'nginx');
});

// ---- get ---------------------------------------------------------------------------------------

test('get prints the server-side tables', () => {
  const cluster = rolledOut();
  assert.equal(
    kubectl(cluster, 'kubectl get deployments').stdout,
    'NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nkubia   3/3     3            3           60s\n',
  );
  const rsName = cluster.store.list('ReplicaSet')[0].metadata.name!;
  assert.equal(
    kubectl(cluster, 'kubectl get rs').stdout,
    `NAME${' '.repeat(rsName.length - 4 + 3)}DESIRED   CURRENT   READY   AGE\n${rsName}   3         3         3       60s\n`,
  );
  const podLines = kubectl(cluster, 'kubectl get pods').stdout.trimEnd().split('\n');
  assert.match(podLines[0], /^NAME +READY +STATUS +RESTARTS +AGE$/);
  assert.equal(podLines.length, 4);
  for (const line of podLines.slice(1)) assert.match(line, /^kubia-\S+ +1\/1 +Running +0 +60s$/);
});

test('get -o name prints <resource>[.<group>]/<name> lines in name order', () => {
  const cluster = rolledOut();
  assert.equal(kubectl(cluster, 'kubectl get deploy -o name').stdout, 'deployment.apps/kubia\n');
  const names = pods(cluster).map((p) => `pod/${p.metadata.name}`).sort();
  assert.equal(kubectl(cluster, 'kubectl get pods -o name').stdout, names.join('\n') + '\n');
});

test('get -l filters by label; nothing found is reported on stderr with exit 0', () => {
  const cluster = rolledOut();
  apply(cluster, barePodManifest('other', { app: 'other' }, 'nginx:1.27'));
  assert.equal(kubectl(cluster, 'kubectl get pods -l app=other -o name').stdout, 'pod/other\n');
  assert.equal(kubectl(cluster, 'kubectl get pods -l app!=kubia -o name').stdout, 'pod/other\n');
  const none = kubectl(cluster, 'kubectl get pods -l app=none');
  assert.deepEqual([none.stdout, none.stderr, none.exitCode], ['', 'No resources found in default namespace.\n', 0]);
  const ns = kubectl(cluster, 'kubectl get pods -n kube-system');
  assert.equal(ns.stderr, 'No resources found in kube-system namespace.\n');
  assert.equal(kubectl(cluster, 'kubectl get pods -A -l app=none').stderr, 'No resources found\n');
});

test('get of a missing object is NotFound with exit 1', () => {
  const cluster = newCluster();
  const missing = kubectl(cluster, 'kubectl get pods nope');
  assert.deepEqual([missing.stdout, missing.stderr, missing.exitCode], ['', 'Error from server (NotFound): pods "nope" not found\n', 1]);
  assert.equal(kubectl(cluster, 'kubectl get deploy nope').stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
  assert.equal(kubectl(cluster, 'kubectl get pods nope --ignore-not-found').exitCode, 0);
});

test(
  'get --ignore-not-found prints nothing at all when nothing is found (get.go: the message needs !o.IgnoreNotFound)',
  () => {
    const cluster = newCluster();
    const ignored = kubectl(cluster, 'kubectl get pods nope --ignore-not-found');
    assert.deepEqual([ignored.stdout, ignored.stderr, ignored.exitCode], ['', '', 0]);
    assert.equal(kubectl(cluster, 'kubectl get pods -l app=none --ignore-not-found').stderr, '');
  },
);

test('an unknown resource type and an unknown command are refused', () => {
  const cluster = newCluster();
  assert.deepEqual(
    [kubectl(cluster, 'kubectl get widgets').stderr, kubectl(cluster, 'kubectl get widgets').exitCode],
    ['error: the server doesn\'t have a resource type "widgets"\n', 1],
  );
  assert.equal(kubectl(cluster, 'kubectl gett pods').stderr, 'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n');
});

// ---- delete ------------------------------------------------------------------------------------

test('delete prints <resource>[.<group>] "<name>" deleted', () => {
  const cluster = rolledOut();
  const result = kubectl(cluster, 'kubectl delete deployment kubia');
  assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['deployment.apps "kubia" deleted\n', '', 0]);
  const missing = kubectl(cluster, 'kubectl delete deployment kubia');
  assert.deepEqual([missing.stdout, missing.stderr, missing.exitCode], ['', 'Error from server (NotFound): deployments.apps "kubia" not found\n', 1]);
});

test('delete --cascade=orphan and --cascade=foreground pass their policy', () => {
  const orphaning = rolledOut();
  assert.equal(kubectl(orphaning, 'kubectl delete deployment kubia --cascade=orphan').stdout, 'deployment.apps "kubia" deleted\n');
  assert.equal(orphaning.store.list('ReplicaSet').length, 1);
  const foreground = rolledOut();
  kubectl(foreground, 'kubectl delete deployment kubia --cascade=foreground');
  assert.deepEqual(deployment(foreground).metadata.finalizers, ['foregroundDeletion']);
  const background = rolledOut();
  kubectl(background, 'kubectl delete deployment kubia --cascade');
  assert.equal(background.store.list('ReplicaSet').length, 0);
});

test('the deprecated boolean --cascade values warn and map to background and orphan', () => {
  const t = rolledOut();
  const yes = kubectl(t, 'kubectl delete deployment kubia --cascade=true');
  assert.equal(yes.stderr, 'warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n');
  assert.equal(yes.stdout, 'deployment.apps "kubia" deleted\n');
  assert.equal(t.store.list('ReplicaSet').length, 0);
  const f = rolledOut();
  const no = kubectl(f, 'kubectl delete deployment kubia --cascade=false');
  assert.equal(no.stderr, 'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n');
  assert.equal(no.exitCode, 0);
  assert.equal(f.store.list('ReplicaSet').length, 1);
});

test(
  'every strconv.ParseBool spelling of --cascade is a deprecated boolean (delete_flags.go getCascadingStrategy)',
  () => {
    const cluster = rolledOut();
    const result = kubectl(cluster, 'kubectl delete deployment kubia --cascade=0');
    assert.equal(result.stderr, 'warning: --cascade=0 is deprecated (boolean value) and can be replaced with --cascade=orphan.\n');
    assert.equal(result.exitCode, 0);
  },
);

test(
  'an invalid --cascade value is refused with delete_flags.go\'s message, which has no final period',
  () => {
    const cluster = rolledOut();
    const result = kubectl(cluster, 'kubectl delete deployment kubia --cascade=maybe');
    assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['', 'error: invalid cascade value (maybe). Must be "background", "foreground", or "orphan"\n', 1]);
    assert.ok(deployment(cluster));
  },
);

test(
  'delete with a selector that matches nothing prints "No resources found" on stdout (delete.go DeleteResult)',
  () => {
    const cluster = newCluster();
    const result = kubectl(cluster, 'kubectl delete pods -l app=none');
    assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['No resources found\n', '', 0]);
  },
);

test(
  '--grace-period=0 without --force becomes a grace period of 1 s (delete.go Complete)',
  () => {
    const cluster = newCluster(['m01']);
    apply(cluster, barePodManifest('kubia', { app: 'kubia' }));
    cluster.advance(60_000);
    const result = kubectl(cluster, 'kubectl delete pod kubia --grace-period=0');
    assert.equal(result.stdout, 'pod "kubia" deleted\n');
    assert.equal(pod(cluster, 'kubia')?.metadata.deletionGracePeriodSeconds, 1);
    cluster.advance(1_000);
    assert.equal(pod(cluster, 'kubia'), undefined);
  },
);

test('delete --force --grace-period=0 warns and force-deletes at once', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('kubia', { app: 'kubia' }));
  cluster.advance(60_000);
  const result = kubectl(cluster, 'kubectl delete pod kubia --force --grace-period=0');
  assert.equal(result.stdout, 'pod "kubia" force deleted\n');
  assert.equal(
    result.stderr,
    'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
  );
  assert.equal(pod(cluster, 'kubia'), undefined);
});

test('delete --now and --grace-period together are refused', () => {
  const cluster = newCluster();
  const result = kubectl(cluster, 'kubectl delete pod x --now --grace-period=5');
  assert.deepEqual([result.stderr, result.exitCode], ['error: --now and --grace-period cannot be specified together\n', 1]);
});

// ---- label, scale, set image, patch ------------------------------------------------------------

test('label adds, refuses to overwrite without --overwrite, and removes', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('web', { app: 'web' }, 'nginx:1.27'));
  assert.equal(kubectl(cluster, 'kubectl label pod web tier=frontend').stdout, 'pod/web labeled\n');
  const refused = kubectl(cluster, 'kubectl label pod web app=other');
  assert.deepEqual([refused.stdout, refused.stderr, refused.exitCode], ['', "error: 'app' already has a value (web), and --overwrite is false\n", 1]);
  assert.equal(pod(cluster, 'web')!.metadata.labels?.app, 'web');
  assert.equal(kubectl(cluster, 'kubectl label pod web app=other --overwrite').stdout, 'pod/web labeled\n');
  assert.equal(kubectl(cluster, 'kubectl label pod web app=other').stdout, 'pod/web not labeled\n');
  assert.equal(kubectl(cluster, 'kubectl label pod web tier-').stdout, 'pod/web unlabeled\n');
  assert.deepEqual(pod(cluster, 'web')!.metadata.labels, { app: 'other' });
});

test('scale prints <resource>.<group>/<name> scaled and checks --current-replicas', () => {
  const cluster = rolledOut();
  assert.equal(kubectl(cluster, 'kubectl scale deployment kubia --replicas=5').stdout, 'deployment.apps/kubia scaled\n');
  assert.equal(deployment(cluster).spec?.replicas, 5);
  const mismatch = kubectl(cluster, 'kubectl scale deployment kubia --replicas=1 --current-replicas=2');
  assert.deepEqual([mismatch.stderr, mismatch.exitCode], ['error: Expected replicas to be 2, was 5\n', 1]);
  assert.equal(deployment(cluster).spec?.replicas, 5);
  const missingFlag = kubectl(cluster, 'kubectl scale deployment kubia');
  assert.equal(missingFlag.exitCode, 1);
  assert.match(missingFlag.stderr, /^error: required flag\(s\) "replicas" not set/);
});

test('set image updates the named container of a Deployment\'s template', () => {
  const cluster = rolledOut();
  const result = kubectl(cluster, 'kubectl set image deployment/kubia kubia=luksa/kubia:v2');
  assert.deepEqual([result.stdout, result.exitCode], ['deployment.apps/kubia image updated\n', 0]);
  assert.equal(deployment(cluster).spec?.template.spec?.containers[0].image, 'luksa/kubia:v2');
  const unknown = kubectl(cluster, 'kubectl set image deployment/kubia nope=x');
  assert.deepEqual([unknown.stderr, unknown.exitCode], ['error: unable to find container named "nope"\n', 1]);
});

test('patch reports patched, or patched (no change) when the object stays the same', () => {
  const cluster = rolledOut();
  const same = kubectl(cluster, `kubectl patch deployment kubia -p '{"spec":{"replicas":3}}'`);
  assert.deepEqual([same.stdout, same.exitCode], ['deployment.apps/kubia patched (no change)\n', 0]);
  const generation = deployment(cluster).metadata.generation;
  assert.equal(kubectl(cluster, `kubectl patch deployment kubia -p '{"spec":{"replicas":4}}'`).stdout, 'deployment.apps/kubia patched\n');
  assert.equal(deployment(cluster).spec?.replicas, 4);
  assert.equal(deployment(cluster).metadata.generation, generation! + 1);
  assert.equal(kubectl(cluster, `kubectl patch deployment kubia --type=merge -p '{"metadata":{"labels":{"tier":"web"}}}'`).stdout, 'deployment.apps/kubia patched\n');
  assert.equal(deployment(cluster).metadata.labels?.tier, 'web');
  assert.equal(
    kubectl(cluster, `kubectl patch deployment kubia --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'`).stdout,
    'deployment.apps/kubia patched\n',
  );
  assert.equal(deployment(cluster).spec?.replicas, 2);
});

test('rollout status waits in virtual time and reports success', () => {
  const cluster = newCluster();
  kubectl(cluster, 'kubectl apply -f -', KUBIA);
  const result = kubectl(cluster, 'kubectl rollout status deployment/kubia');
  assert.equal(result.exitCode, 0);
  assert.ok(result.stdout.endsWith('deployment "kubia" successfully rolled out\n'), result.stdout);
  assert.ok(cluster.nowMs() > Date.parse('2020-06-07T22:00:00Z'), 'virtual time passed while waiting');
});

test(
  'rollout status of a kind without a status viewer names its GroupKind (polymorphichelpers StatusViewerFor)',
  () => {
    const cluster = rolledOut();
    const rsName = cluster.store.list('ReplicaSet')[0].metadata.name!;
    const result = kubectl(cluster, `kubectl rollout status rs/${rsName}`);
    assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['', 'error: no status viewer has been implemented for ReplicaSet.apps\n', 1]);
  },
);
