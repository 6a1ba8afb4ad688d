import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests, readManifests, type ManifestDoc } from '../../engine/api/manifest.ts';
import { kindForApiVersion, resolveResource } from '../../engine/api/kinds.ts';
import { UserError } from '../../engine/errors.ts';

/** The error that ended reading the file. */
function fatal(text: string, fileName = 'kubia.yaml'): string {
  const { fatal } = readManifests(text, { fileName });
  assert.ok(fatal instanceof UserError, 'expected reading to stop with an error');
  return fatal.message;
}

test('YAML syntax errors as kubectl reports them: a missing space after a colon', () => {
  // coreos/container-linux-update-operator#198, kubernetes/kubernetes#92255 (the whole file)
  const rs = [
    'kind: ReplicaSet',
    'apiVersion: apps/v1beta2',
    'metadata:',
    '  name: myrs',
    'spec:',
    '  replicas:5',
    '  selector:',
    '    matchlabels:',
    '      app: rsexample',
    '  template:',
    '    metadata:',
    '      labels',
    '        app:',
    '    spec:',
    '      container:',
    '      - name',
    '        image: aamirpinger/helloworld:latest',
    '        ports:',
    '        - containerPort: 80',
  ].join('\n');
  assert.equal(fatal(rs, 'rs.yaml'), 'error parsing rs.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context');
});

test('YAML syntax errors: a list less indented than its key', () => {
  // aws-samples/aws-workshop-for-kubernetes#357
  const pod = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: nginx-pod',
    '  labels:',
    '    name: nginx-pod',
    'spec:',
    '  containers:',
    '- name: nginx',
    '    image: nginx:latest',
    '    ports:',
    '    - containerPort: 80',
  ].join('\n');
  assert.equal(fatal(pod, 'pod.yaml'), 'error parsing pod.yaml: error converting YAML to JSON: yaml: line 8: did not find expected key');
});

test('YAML error lines count from the start of the document, not of the file', () => {
  // brotandgames/ciao#83: the error is in the third document of the file.
  const file = [
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: monitoring',
    '---',
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: other',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ciao',
    '  namespace: monitoring',
    'spec:',
    '  replicas: 1',
    '  template:',
    '    metadata:',
    '  selector:',
    '      labels:',
    '        app: ciao',
    '    spec:',
    '      containers:',
    '      - image: brotandgames/ciao:latest',
    '        name: ciao',
  ].join('\n');
  const { entries, fatal } = readManifests(file, { fileName: 'ciao.yaml' });
  assert.equal(fatal?.message, 'error parsing ciao.yaml: error converting YAML to JSON: yaml: line 12: did not find expected key');
  // The documents before the broken one were read, as kubectl's StreamVisitor reads them.
  assert.deepEqual(entries.map((e) => (e as ManifestDoc).object.metadata.name), ['monitoring', 'other']);
});

test("templated values are maps used as keys: go-yaml's invalid map key", () => {
  // kubernetes/kubernetes#109129
  const text = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.pgpool_deployment.replicas }}\n';
  assert.equal(
    fatal(text, 'pgpool-deployment.yaml'),
    'error parsing pgpool-deployment.yaml: error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{".Values.pgpool_deployment.replicas":interface {}(nil)}',
  );
});

test('a document separator followed by anything but a comment', () => {
  // k8s.io/apimachinery/pkg/util/yaml decoder.go YAMLReader
  assert.equal(fatal('a: 1\n--- foo\nb: 2\n'), 'error parsing kubia.yaml: invalid Yaml document separator: foo');
});

test('documents without apiVersion or kind fail client-side validation', () => {
  const stop = 'if you choose to ignore these errors, turn validation off with --validate=false';
  // kubernetes/kubectl#886: `apiversion` misspelled.
  const pod = 'kind: Pod\napiversion: v1\nmetadata:\n  name: myfirstpod\n';
  assert.equal(fatal(pod, 'myfirstpod.yaml'), `error validating "myfirstpod.yaml": error validating data: apiVersion not set; ${stop}`);
  // MicrosoftDocs/azure-devops-docs#5962
  assert.equal(fatal('trigger:\n- main\n', 'Azure-pipelines.yml'), `error validating "Azure-pipelines.yml": error validating data: [apiVersion not set, kind not set]; ${stop}`);
  // k8s.io/kubectl/pkg/validation getObjectKind: not an object at all.
  assert.equal(fatal('- a\n- b\n'), `error validating "kubia.yaml": error validating data: error in unmarshaling data; ${stop}`);
});

test('unknown kinds and removed versions are per-document mapping errors', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deploymnt',
    'metadata:',
    '  name: kubia',
    '---',
    'apiVersion: batch/v1beta1',
    'kind: CronJob',
    'metadata:',
    '  name: hello',
    '  namespace: jobs',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
  ].join('\n');
  const { entries, fatal } = readManifests(text, { fileName: 'x.yaml' });
  assert.equal(fatal, undefined);
  assert.equal(entries.length, 3);
  assert.equal(
    (entries[0] as UserError).message,
    'resource mapping not found for name: "kubia" namespace: "" from "x.yaml": no matches for kind "Deploymnt" in version "apps/v1"\nensure CRDs are installed first',
  );
  // /work/shared/reference/workload-controllers.md §4.5
  assert.equal(
    (entries[1] as UserError).message,
    'resource mapping not found for name: "hello" namespace: "jobs" from "x.yaml": no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first',
  );
  assert.equal((entries[2] as ManifestDoc).mapping.kind, 'Pod');
  assert.throws(() => loadManifests(text, { fileName: 'x.yaml' }), /no matches for kind "Deploymnt"/);
});

test('empty and null documents are skipped; a leading separator is fine', () => {
  const docs = loadManifests('---\n# only a comment\n---\n\n---\nnull\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n', { fileName: 'x.yaml' });
  assert.equal(docs.length, 1);
  assert.equal(docs[0]!.line, 8);
});

test('YAML 1.1 as go-yaml reads it: yes/no/on/off, octal, timestamps as strings, last duplicate wins', () => {
  const [doc] = loadManifests(
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  labels:',
      '    a: yes',
      '    b: off',
      '    c: 0755',
      '    d: 2020-01-01',
      '    e: 1_000',
      '    f: 08',
      '    g: "yes"',
      '    h: 1.0',
      '  name: q',
    ].join('\n'),
    { fileName: 'x.yaml' },
  );
  // gopkg.in/yaml.v2 resolve.go; kubernetes/kubernetes#125885 for the duplicate key.
  assert.deepEqual(doc!.object.metadata, { name: 'q', labels: { a: true, b: false, c: 493, d: '2020-01-01', e: 1000, f: 8, g: 'yes', h: 1 } });
});

test('kind: List is flattened; each item keeps its own line', () => {
  const text = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    '    name: a',
    '- apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata:',
    '    name: b',
    '  spec:',
    '    replicas: 2',
  ].join('\n');
  const docs = loadManifests(text, { fileName: 'list.yaml' });
  assert.deepEqual(docs.map((d) => [d.mapping.kind, d.object.metadata.name, d.line]), [['Pod', 'a', 4], ['Deployment', 'b', 8]]);
  assert.equal(docs[1]!.lineOf('spec.replicas'), 13);
});

test('lineOf finds the line of a field path', () => {
  const text = [
    '# kubia',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: kubia',
    'spec:',
    '  selector:',
    '    matchExpressions:',
    '    - key: app',
    '      operator: In',
    '      values: [kubia]',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: kubia',
    "        image: 'luksa/kubia'",
  ].join('\n');
  const [doc] = loadManifests(text, { fileName: 'kubia.yaml' });
  assert.equal(doc!.line, 2);
  assert.equal(doc!.lineOf('spec.selector.matchExpressions[0]'), 9);
  assert.equal(doc!.lineOf('spec.selector.matchExpressions[0].operator'), 10);
  assert.equal(doc!.lineOf('spec.selector.matchExpressions[0].values[0]'), 11);
  assert.equal(doc!.lineOf('spec.template.spec.containers[0].image'), 16);
  assert.equal(doc!.lineOf('spec.replicas'), undefined);
});

test('kindForApiVersion is the REST mapping of the served kinds (case-sensitive, as the RESTMapper matches kinds)', () => {
  const deployment = kindForApiVersion('apps/v1', 'Deployment');
  assert.deepEqual(
    { group: deployment?.group, version: deployment?.version, apiVersion: deployment?.apiVersion, kind: deployment?.kind, resource: deployment?.resource, namespaced: deployment?.namespaced, shortNames: deployment?.shortNames },
    { group: 'apps', version: 'v1', apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments', namespaced: true, shortNames: ['deploy'] },
  );
  assert.equal(kindForApiVersion('coordination.k8s.io/v1', 'Lease')?.resource, 'leases');
  assert.equal(kindForApiVersion('apps/v1/x', 'Deployment'), undefined);
  assert.equal(kindForApiVersion('v1', 'Node')?.namespaced, false);
  assert.equal(kindForApiVersion('batch/v1beta1', 'CronJob'), undefined);
  assert.equal(kindForApiVersion('apps/v1', 'deployment'), undefined);
  assert.equal(kindForApiVersion('v1', 'Deployment'), undefined);
});

test('resolveResource takes the names kubectl accepts (schema.ParseResourceArg)', () => {
  const kindOf = (arg: string) => resolveResource(arg)?.kind;
  for (const arg of ['pods', 'pod', 'po', 'Pods']) assert.equal(kindOf(arg), 'Pod');
  for (const arg of ['deployments', 'deployment', 'deploy', 'deployment.apps', 'deployments.v1.apps', 'deploy.apps']) assert.equal(kindOf(arg), 'Deployment');
  for (const arg of ['replicasets', 'rs']) assert.equal(kindOf(arg), 'ReplicaSet');
  for (const arg of ['nodes', 'no']) assert.equal(kindOf(arg), 'Node');
  for (const arg of ['events', 'ev']) assert.equal(kindOf(arg), 'Event');
  for (const arg of ['daemonsets', 'ds']) assert.equal(kindOf(arg), 'DaemonSet');
  for (const arg of ['jobs', 'job']) assert.equal(kindOf(arg), 'Job');
  for (const arg of ['cronjobs', 'cj']) assert.equal(kindOf(arg), 'CronJob');
  for (const arg of ['namespaces', 'ns']) assert.equal(kindOf(arg), 'Namespace');
  for (const arg of ['leases', 'lease.coordination.k8s.io', 'leases.v1.coordination.k8s.io']) assert.equal(kindOf(arg), 'Lease');
  for (const arg of ['services', 'x', 'deployment.batch', 'pods.v1']) assert.equal(kindOf(arg), undefined);
});

test('lineOf also finds a path named without list indices, as json type errors name fields', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    env:\n    - name: PORT\n      value: 8080\n';
  const [doc] = loadManifests(text, { fileName: 'p.yaml' });
  assert.equal(doc!.lineOf('spec.containers.env.value'), 10);
});
