import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asList, toJson, toYaml } from '../../engine/kubectl/serialize.ts';

test('go-yaml v2 marshal cases (sigs.k8s.io/yaml goyaml.v2/encode_test.go marshalTests)', () => {
  const cases: Array<[unknown, string]> = [
    [{}, '{}\n'],
    [{ v: 'hi' }, 'v: hi\n'],
    [{ v: 'true' }, 'v: "true"\n'],
    [{ v: 'false' }, 'v: "false"\n'],
    [{ v: true }, 'v: true\n'],
    [{ v: false }, 'v: false\n'],
    [{ v: 10 }, 'v: 10\n'],
    [{ v: -10 }, 'v: -10\n'],
    [{ v: 4294967296 }, 'v: 4294967296\n'],
    [{ v: '10' }, 'v: "10"\n'],
    [{ v: 0.1 }, 'v: 0.1\n'],
    [{ v: -0.1 }, 'v: -0.1\n'],
    [{ v: Infinity }, 'v: .inf\n'],
    [{ v: -Infinity }, 'v: -.inf\n'],
    [{ v: NaN }, 'v: .nan\n'],
    [{ v: null }, 'v: null\n'],
    [{ v: '' }, 'v: ""\n'],
    [{ v: ['A', 'B'] }, 'v:\n- A\n- B\n'],
    [{ v: ['A', 'B\nC'] }, 'v:\n- A\n- |-\n  B\n  C\n'],
    [{ v: ['A', 1, { B: [2, 3] }] }, 'v:\n- A\n- 1\n- B:\n  - 2\n  - 3\n'],
    [{ a: { b: 'c' } }, 'a:\n  b: c\n'],
    [{ a: '-' }, "a: '-'\n"],
    [{ a: '<foo>' }, 'a: <foo>\n'],
    [{ a: '1:1' }, 'a: "1:1"\n'],
    [{ a: '\x00' }, 'a: "\\0"\n'],
    [{ a: '你好' }, 'a: 你好\n'],
    [{ a: '2015-02-24T18:19:39Z' }, 'a: "2015-02-24T18:19:39Z"\n'],
    [{ a: 'b: c' }, "a: 'b: c'\n"],
    [{ a: 'Hello #comment' }, "a: 'Hello #comment'\n"],
    [{ a: '你好 #comment' }, "a: '你好 #comment'\n"],
  ];
  for (const [value, expected] of cases) assert.equal(toYaml(value), expected, JSON.stringify(value));
});

test('long strings fold at spaces past column 80, as go-yaml does by default (encode_test.go TestLineWrapping)', () => {
  const value = { a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 ' };
  assert.equal(
    toYaml(value),
    "a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz\n" + "  ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '\n",
  );
});

test('keys sort in go-yaml natural order (encode_test.go TestSortedOutput)', () => {
  const order = [
    '', '.1', '.2', '.a', '1', '2', 'a!10', 'a/0001', 'a/002', 'a/3', 'a/10', 'a/11', 'a/0012', 'a/100', 'a~10', 'ab/1',
    'b/1', 'b/01', 'b/2', 'b/02', 'b/3', 'b/03', 'b1', 'b01', 'b3', 'c2.10', 'c10.2', 'd1', 'd7', 'd7abc', 'd12', 'd12a',
  ];
  const value = Object.fromEntries([...order].reverse().map((key) => [key, 1]));
  // Keys that read back as numbers, and the empty one, are quoted.
  const quoted = new Set(['', '.1', '.2', '1', '2']);
  const expected = order.map((key) => `${quoted.has(key) ? `"${key}"` : key}: 1`).join('\n');
  assert.equal(toYaml(value), `${expected}\n`);
});

test('what kubectl prints: a literal block for last-applied-configuration, a folded annotation', () => {
  // fluxcd/flagger#523 (kubectl get deployment -o yaml), kubernetes/kubernetes#32335 (the fold)
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      annotations: {
        'deployment.kubernetes.io/revision': '10',
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}\n',
        'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu request for container hostnames',
      },
      name: 'my-app-deployment',
    },
  };
  assert.equal(
    toYaml(deployment),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  annotations:',
      '    deployment.kubernetes.io/revision: "10"',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"apiVersion":"apps/v1","kind":"Deployment"}',
      "    kubernetes.io/limit-ranger: 'LimitRanger plugin set: cpu request for container",
      "      hostnames'",
      '  name: my-app-deployment',
      '',
    ].join('\n'),
  );
});

test('several objects print as a v1 List (kubernetes/kubernetes#124550)', () => {
  assert.equal(toYaml(asList([])), 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } };
  assert.equal(
    toYaml(asList([pod])),
    'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\nkind: List\nmetadata:\n  resourceVersion: ""\n',
  );
});

test('JSON is json.MarshalIndent with four spaces and sorted keys', () => {
  assert.equal(
    toJson(asList([])),
    '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
  );
  assert.equal(toJson({ b: [1, { d: {}, c: null }], a: 0.5 }), '{\n    "a": 0.5,\n    "b": [\n        1,\n        {\n            "c": null,\n            "d": {}\n        }\n    ]\n}\n');
});

test('JSON strings are escaped as encoding/json does (encode_test.go TestHTMLEscape)', () => {
  assert.equal(toJson({ M: '<html>foo &\u2028 \u2029</html>' }), '{\n    "M": "\\u003chtml\\u003efoo \\u0026\\u2028 \\u2029\\u003c/html\\u003e"\n}\n');
  assert.equal(toJson('a\tb\n\x01'), '"a\\tb\\n\\u0001"\n');
});
