// Inputs too large or too deep: each is refused quickly with the message kubectl (or the
// apiserver) gives, never with a stack trace or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scenario } from '../../engine/scenario.ts';

/** Applies `text` as the file `name` and returns what kubectl printed and how long it took. */
function apply(name: string, text: string): { output: string; exitCode: number; ms: number } {
  const scenario = new Scenario({ seed: 1, readFile: (p) => (p === name ? text : undefined), trace: false });
  scenario.kubectl('kubectl get nodes');
  const start = performance.now();
  const result = scenario.kubectl(`kubectl apply -f ${name}`);
  return { output: result.output, exitCode: result.exitCode, ms: performance.now() - start };
}

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n';
const TEN_MB = 10 * 1024 * 1024;

test('a 10 MB manifest is more than the apiserver reads of a request (3 MiB)', () => {
  const text = `${POD_HEAD}spec:\n  containers:\n  - name: big\n    image: busybox\n    args: ["${'x'.repeat(TEN_MB)}"]\n`;
  const r = apply('big.yaml', text);
  assert.equal(r.exitCode, 1);
  assert.equal(r.output, 'Error from server (RequestEntityTooLarge): error when creating "big.yaml": Request entity too large: limit is 3145728\n  in big.yaml:1\n');
  assert.ok(r.ms < 2000, `took ${r.ms.toFixed(0)} ms`);
});

test('a manifest of 1 MB is read, but its copy in the last-applied annotation is too long', () => {
  const text = `${POD_HEAD}spec:\n  containers:\n  - name: big\n    image: busybox\n    args: ["${'x'.repeat(1024 * 1024)}"]\n`;
  const r = apply('big.yaml', text);
  assert.equal(r.output, 'The Pod "big" is invalid: metadata.annotations: Too long: must have at most 262144 bytes\n  in big.yaml:3 (metadata.annotations)\n');
});

test('a 10 MB manifest with an unclosed quote fails as fast as a short one, naming the line the quote opens', () => {
  const text = `${POD_HEAD}spec:\n  containers:\n  - name: big\n    image: busybox\n    args: ["${'x'.repeat(TEN_MB)}]\n`;
  const r = apply('big.yaml', text);
  assert.equal(r.output, 'error: error parsing big.yaml: error converting YAML to JSON: yaml: line 10: found unexpected end of stream\n  in big.yaml:9\n');
  assert.ok(r.ms < 2000, `took ${r.ms.toFixed(0)} ms`);
});

test('flow collections nested deeper than 10,000 levels: go-yaml refuses them (scannerc.go max_flow_level)', () => {
  const depth = 20_000;
  const r = apply('deep.yaml', `${POD_HEAD}  labels: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
  assert.equal(r.output, 'error: error parsing deep.yaml: error converting YAML to JSON: yaml: line 5: exceeded max depth of 10000\n  in deep.yaml:5\n');
  assert.ok(r.ms < 2000, `took ${r.ms.toFixed(0)} ms`);
});

test('block collections nested deeper than 10,000 levels: go-yaml refuses them (scannerc.go max_indents)', () => {
  // The root mapping and metadata's are two levels; 9,999 sequences more make 10,001.
  const r = apply('deep.yaml', `${POD_HEAD}  labels:\n    ${'- '.repeat(9_999)}x\n`);
  assert.equal(r.output, 'error: error parsing deep.yaml: error converting YAML to JSON: yaml: line 6: exceeded max depth of 10000\n  in deep.yaml:6\n');
  const within = apply('deep.yaml', `${POD_HEAD}  labels:\n    ${'- '.repeat(9_998)}x\n`);
  assert.match(within.output, /nested deeper than 1000 levels, which kube-scenarios does not read \(kubectl reads up to 10000\)/);
});

test('between 1,000 and 10,000 levels kubectl would read the document; the simulator says plainly that it does not', () => {
  const r = apply('deep.yaml', `${POD_HEAD}  labels: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
  assert.equal(
    r.output,
    'error: error parsing deep.yaml: error converting YAML to JSON: yaml: line 5: nested deeper than 1000 levels, which kube-scenarios does not read (kubectl reads up to 10000)\n  in deep.yaml:5\n',
  );
});

test('up to 1,000 levels the document is read, and the apiserver refuses a list where labels belong', () => {
  const r = apply('deep.yaml', `${POD_HEAD}  labels: ${'['.repeat(900)}${']'.repeat(900)}\n`);
  assert.equal(
    r.output,
    'Error from server (BadRequest): error when creating "deep.yaml": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string\n  in deep.yaml:5 (metadata.labels)\n',
  );
});

test('a NUL byte is one of the control characters go-yaml refuses (yaml.v2 readerc.go)', () => {
  const r = apply('nul.yaml', `${POD_HEAD}\0`);
  assert.equal(r.output, 'error: error parsing nul.yaml: error converting YAML to JSON: yaml: control characters are not allowed\n  in nul.yaml:5\n');
});
