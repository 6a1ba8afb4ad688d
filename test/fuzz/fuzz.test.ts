// Property-based tests: arbitrary input never throws anything but the project's own error types,
// and valid objects survive a print-and-parse round trip. `npm test` runs a bounded number of
// cases; `npm run fuzz` (FUZZ_RUNS=100000) runs long. Every failure prints fast-check's seed and
// path, which replay it exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { UserError } from '../../engine/errors.ts';
import { loadManifests } from '../../engine/api/manifest.ts';
import { decodeStrict } from '../../engine/api/decode.ts';
import { validateObject } from '../../engine/api/validation.ts';
import { parseSelector } from '../../engine/api/labels.ts';
import { compileJsonPath } from '../../engine/kubectl/jsonpath.ts';
import { parseDuration } from '../../engine/duration.ts';
import { parseStepDuration } from '../../engine/scenario.ts';
import { runKubectl } from '../../engine/kubectl/kubectl.ts';
import { shellSplit } from '../../engine/kubectl/flags.ts';
import { Cluster } from '../../engine/cluster.ts';
import { toJson, toYaml } from '../../engine/kubectl/serialize.ts';
import { runExec, startProcess } from '../../engine/kubelet/shell.ts';
import { parseStandard } from '../../engine/cron/schedule.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const params = { numRuns: RUNS };

/** Runs `fn`; anything thrown must be one of the project's own errors. */
function onlyOwnErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof UserError) return true;
    throw e;
  }
}

const yamlish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(fc.constantFrom('apiVersion: apps/v1\n', 'kind: Deployment\n', 'kind: Pod\n', 'metadata:\n', '  name: x\n', 'spec:\n', '  replicas: 3\n', '  - a\n', '---\n', '\t', ' ', ':', '"', "'", '[', '{', '}', '- ', '#', '\n', '  containers:\n', '  - name: c\n    image: nginx\n'), { maxLength: 40 }).map((a) => a.join('')),
);

test('the manifest loader and strict decoding throw only the project\'s errors', () => {
  fc.assert(
    fc.property(yamlish, (text) =>
      onlyOwnErrors(() => {
        for (const doc of loadManifests(text, { fileName: 'fuzz.yaml' })) {
          const obj = decodeStrict(doc.object);
          validateObject(obj);
        }
      }),
    ),
    params,
  );
});

const kubeValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), tie('object')),
  object: fc.dictionary(fc.constantFrom('name', 'image', 'replicas', 'selector', 'matchLabels', 'matchExpressions', 'key', 'operator', 'values', 'template', 'metadata', 'labels', 'spec', 'containers', 'ports', 'containerPort', 'livenessProbe', 'httpGet', 'port', 'path', 'resources', 'requests', 'cpu', 'memory', 'strategy', 'type', 'nodeSelector', 'tolerations', 'app', 'x'), tie('value'), { maxKeys: 5 }),
}));

test('decoding and validating arbitrary objects of a known kind throw only the project\'s errors', () => {
  const kinds = fc.constantFrom(['v1', 'Pod'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'], ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob']);
  fc.assert(
    fc.property(kinds, kubeValue.object, kubeValue.object, ([apiVersion, kind], metadata, spec) =>
      onlyOwnErrors(() => validateObject(decodeStrict({ apiVersion, kind, metadata: { name: 'x', ...metadata }, spec }))),
    ),
    params,
  );
});

test('label selector parsing throws only the project\'s errors', () => {
  const selector = fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.constantFrom('app', '=', '==', '!=', ' in ', ' notin ', '(', ')', ',', '!', 'kubia', 'a/b', 'x.y', ' ', '>', '<', '1'), { maxLength: 12 }).map((a) => a.join('')));
  fc.assert(fc.property(selector, (s) => onlyOwnErrors(() => parseSelector(s).matches({ app: 'kubia' }))), params);
});

test('jsonpath templates throw only the project\'s errors, compiling or executing', () => {
  const template = fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.constantFrom('{', '}', '.', 'items', '[*]', '[0]', '[-1]', '[1:2]', 'metadata', 'name', '..', 'range', 'end', '?(@.x=="y")', '"', '\\n', ' ', '@', '$', '[', ']', 'spec'), { maxLength: 15 }).map((a) => a.join('')));
  const data = { kind: 'List', items: [{ metadata: { name: 'a', labels: { x: 'y' } }, spec: { n: 1 } }, { metadata: { name: 'b' } }] };
  fc.assert(fc.property(template, (t) => onlyOwnErrors(() => compileJsonPath(t).execute(data))), params);
});

test('duration parsing throws only the project\'s errors', () => {
  const d = fc.oneof(fc.string({ maxLength: 12 }), fc.array(fc.constantFrom('1', '5', '.', '-', 'h', 'm', 's', 'ms', 'µs', ' ', 'minutes', 'seconds', 'fortnight'), { maxLength: 6 }).map((a) => a.join('')));
  fc.assert(fc.property(d, (s) => onlyOwnErrors(() => parseDuration(s)) && onlyOwnErrors(() => parseStepDuration(s))), params);
});

test('kubectl never throws: every command line ends in output and an exit code', () => {
  const c = new Cluster({ seed: 1 });
  c.addNode('m01');
  const word = fc.oneof(
    fc.constantFrom('get', 'describe', 'delete', 'apply', 'create', 'label', 'scale', 'patch', 'logs', 'rollout', 'status', 'set', 'image', 'pods', 'po', 'deploy', 'rs', 'nodes', 'events', 'all', 'kubia', 'pod/kubia', '-o', 'wide', 'yaml', 'json', 'name', 'jsonpath={.items[*].metadata.name}', '-l', 'app=kubia', '--replicas=3', '-f', '-', '--cascade=orphan', '--overwrite', 'app=x', 'app-', '-p', '{"spec":{}}', '--type=json', '[]', '-n', 'default', '-A', '--previous', '--tail=1', '--bogus', '-Z'),
    fc.string({ maxLength: 10 }),
  );
  const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kubia\n  labels: {app: kubia}\nspec:\n  containers: [{name: c, image: nginx}]\n';
  fc.assert(
    fc.property(fc.array(word, { maxLength: 8 }), (argv) => {
      const r = runKubectl(c, argv, { readFile: () => undefined, stdin: manifest });
      assert.ok(r.exitCode === 0 || r.exitCode === 1, `exit code ${r.exitCode}`);
      assert.equal(typeof r.output, 'string');
      return true;
    }),
    params,
  );
});

test('shell splitting throws only the project\'s errors', () => {
  fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => onlyOwnErrors(() => shellSplit(s))), params);
});

test('valid Deployments survive kubectl get -o yaml and -o json, then apply, unchanged', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
  const labelValue = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?$/);
  fc.assert(
    fc.property(name, labelValue, fc.integer({ min: 0, max: 5 }), fc.constantFrom('nginx', 'luksa/kubia', 'busybox:1.36'), (n, v, replicas, image) => {
      const c = new Cluster({ seed: 2 });
      c.addNode('m01');
      const manifest = JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: n, labels: { app: v } },
        spec: { replicas, selector: { matchLabels: { app: v } }, template: { metadata: { labels: { app: v } }, spec: { containers: [{ name: 'c', image }] } } },
      });
      const io = { readFile: () => undefined, stdin: manifest };
      assert.equal(runKubectl(c, ['apply', '-f', '-'], io).exitCode, 0);
      c.advance(10_000);
      for (const format of ['yaml', 'json']) {
        const printed = runKubectl(c, ['get', 'deployment', n, '-o', format], io);
        assert.equal(printed.exitCode, 0, printed.stderr);
        const stored = c.store.get('Deployment', 'default', n)!;
        assert.equal(printed.stdout, format === 'yaml' ? toYaml(stored) : toJson(stored));
        const [doc] = loadManifests(printed.stdout, { fileName: `get.${format}` });
        assert.deepEqual(JSON.parse(JSON.stringify(decodeStrict(doc.object))), JSON.parse(JSON.stringify(stored)));
        const reapplied = runKubectl(c, ['apply', '-f', '-'], { readFile: () => undefined, stdin: printed.stdout });
        assert.equal(reapplied.exitCode, 0, reapplied.stderr);
      }
      return true;
    }),
    { numRuns: Math.min(RUNS, 50) },
  );
});

test('the busybox sh throws only the project\'s errors, whatever the script', () => {
  const script = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.array(fc.constantFrom('echo', ' hi', ' "$(date)"', ';', ' && ', ' || ', 'sleep 1', 'touch /tmp/a', 'rm -f /tmp/a', 'cat /tmp/a', 'exit 3', 'while true; do ', '; done', 'if true; then ', '; fi', ' > /tmp/b', ' 2>&1', '$?', '$HOSTNAME', "'", '"', '|', '&', '(', ')', '[ -f /tmp/a ]', 'for i in 1 2; do echo $i; done', 'valueOf', '\n'), { maxLength: 12 }).map((a) => a.join('')),
  );
  fc.assert(
    fc.property(script, (s) =>
      onlyOwnErrors(() => {
        runExec(['sh', '-c', s], { files: new Map() }, 0, 5_000);
        const p = startProcess(['/bin/sh', '-c', s], { files: new Map() }, 0);
        p.advance(60_000);
        p.takeOutput();
      }),
    ),
    params,
  );
});

test('cron schedules parse or fail with robfig\'s words, and the next time is always later', () => {
  const field = fc.oneof(fc.constantFrom('*', '?', '0', '5', '59', '*/15', '1-5', '0,15,30,45', 'MON-FRI', 'jan', 'L', '#', '-1', '60', '*/0', ''), fc.string({ maxLength: 4 }));
  const spec = fc.oneof(
    fc.array(field, { minLength: 1, maxLength: 7 }).map((a) => a.join(' ')),
    fc.constantFrom('@hourly', '@daily', '@weekly', '@monthly', '@yearly', '@annually', '@midnight', '@every 5m', '@reboot', 'TZ=UTC 0 * * * *', 'CRON_TZ=Nowhere/City * * * * *'),
    fc.string({ maxLength: 30 }),
  );
  fc.assert(
    fc.property(spec, fc.integer({ min: 0, max: 4_000_000_000_000 }), (s, after) =>
      onlyOwnErrors(() => {
        const next = parseStandard(s).next(after);
        if (next !== undefined) assert.ok(next > after, `${s}: next ${next} is not after ${after}`);
      }),
    ),
    params,
  );
});
