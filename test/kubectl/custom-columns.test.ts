// Cases ported from k8s.io/kubectl/pkg/cmd/get/customcolumn_test.go, plus the tabwriter layout of
// kubectl's printers.GetNewTabWriter (minwidth 6, padding 3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCustomColumns, printCustomColumns, relaxedJsonPathExpression } from '../../engine/kubectl/custom-columns.ts';
import { KubectlError } from '../../engine/errors.ts';

const kubectlError = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof KubectlError, String(error));
    return error.message;
  }
  assert.fail('expected a KubectlError');
};

const print = (spec: string, objects: unknown[], noHeaders = false): string => printCustomColumns(parseCustomColumns(spec), objects, noHeaders);

test('TestMassageJSONPath: RelaxedJSONPathExpression', () => {
  assert.equal(relaxedJsonPathExpression('foo.bar'), '{.foo.bar}');
  assert.equal(relaxedJsonPathExpression('{foo.bar}'), '{.foo.bar}');
  assert.equal(relaxedJsonPathExpression('.foo.bar'), '{.foo.bar}');
  assert.equal(relaxedJsonPathExpression('{.foo.bar}'), '{.foo.bar}');
  assert.equal(relaxedJsonPathExpression(''), '');
  for (const bad of ['{foo.bar', 'foo.bar}', '{foo.bar}}', '{{foo.bar}']) {
    assert.equal(
      kubectlError(() => relaxedJsonPathExpression(bad)),
      "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
      bad,
    );
  }
});

test('TestNewColumnPrinterFromSpec', () => {
  assert.equal(kubectlError(() => parseCustomColumns('')), 'error: custom-columns format specified but no custom columns given');
  assert.equal(
    kubectlError(() => parseCustomColumns('invalid')),
    'error: unexpected custom-columns spec: invalid, expected <header>:<json-path-expr>',
  );
  assert.equal(
    kubectlError(() => parseCustomColumns('invalid=foobar')),
    'error: unexpected custom-columns spec: invalid=foobar, expected <header>:<json-path-expr>',
  );
  assert.equal(
    kubectlError(() => parseCustomColumns('invalid,foobar:blah')),
    'error: unexpected custom-columns spec: invalid, expected <header>:<json-path-expr>',
  );
  assert.deepEqual(parseCustomColumns('NAME:metadata.name,API_VERSION:apiVersion'), [
    { header: 'NAME', fieldSpec: '{.metadata.name}' },
    { header: 'API_VERSION', fieldSpec: '{.apiVersion}' },
  ]);
  // Only the first colon separates the header; the rest belongs to the expression.
  assert.deepEqual(parseCustomColumns('IMAGE:.spec.containers[?(@.image=="nginx:1.27")].name'), [
    { header: 'IMAGE', fieldSpec: '{.spec.containers[?(@.image=="nginx:1.27")].name}' },
  ]);
});

test('TestNewColumnPrinterFromSpec: no-headers', () => {
  const out = print('API_VERSION:apiVersion', [{ kind: 'Pod', apiVersion: 'v1' }], true);
  assert.equal(out, 'v1\n');
});

test('TestColumnPrint', () => {
  assert.equal(print('NAME:{.metadata.name}', [{ metadata: { name: 'foo' } }]), 'NAME\nfoo\n');
  assert.equal(print('NAME:{.metadata.name}', [{ metadata: { name: 'foo' } }, { metadata: { name: 'bar' } }]), 'NAME\nfoo\nbar\n');
  const pod = { apiVersion: 'baz', metadata: { name: 'foo' } };
  assert.equal(print('NAME:{.metadata.name},API_VERSION:{.apiVersion}', [pod]), 'NAME   API_VERSION\nfoo    baz\n');
  assert.equal(
    print('NAME:{.metadata.name},API_VERSION:{.apiVersion},NOT_FOUND:{.notFound}', [pod]),
    'NAME   API_VERSION   NOT_FOUND\nfoo    baz           <none>\n',
  );
});

test('TestIndividualPrintObjOnExistingTabWriter', () => {
  const objects = [
    { metadata: { name: 'foo', labels: { label1: 'foo', label2: 'foo' } } },
    { metadata: { name: 'bar', labels: { label1: 'bar', label2: 'bar' } } },
  ];
  assert.equal(
    print('NAME:{.metadata.name},LONG COLUMN NAME:{.metadata.labels.label1},LABEL 2:{.metadata.labels.label2}', objects),
    'NAME   LONG COLUMN NAME   LABEL 2\nfoo    foo                foo\nbar    bar                bar\n',
  );
});

test('TestSliceColumnPrint', () => {
  const pod = {
    metadata: { name: 'fake-name', namespace: 'fake-namespace' },
    spec: { containers: [{ name: 'fake0' }, { name: 'fake1' }, { name: 'fake2' }, { name: 'fake3' }] },
  };
  const cases: [string, string][] = [
    ['CONTAINER:.spec.containers[0].name', 'CONTAINER\nfake0\n'],
    ['CONTAINER:.spec.containers[3].name', 'CONTAINER\nfake3\n'],
    ['CONTAINER:.spec.containers[-1].name', 'CONTAINER\nfake3\n'],
    ['CONTAINER:.spec.containers[-2].name', 'CONTAINER\nfake2\n'],
    ['CONTAINER:.spec.containers[-4].name', 'CONTAINER\nfake0\n'],
    ['CONTAINER:.spec.containers[0:0].name', 'CONTAINER\n<none>\n'],
    ['CONTAINER:.spec.containers[0:3].name', 'CONTAINER\nfake0,fake1,fake2\n'],
    ['CONTAINER:.spec.containers[1:].name', 'CONTAINER\nfake1,fake2,fake3\n'],
    ['CONTAINER:.spec.containers[0:-1].name', 'CONTAINER\nfake0,fake1,fake2\n'],
    ['CONTAINER:.spec.containers[-1:].name', 'CONTAINER\nfake3\n'],
    ['CONTAINER:.spec.containers[-4:].name', 'CONTAINER\nfake0,fake1,fake2,fake3\n'],
    ['CONTAINER:.spec.containers[-3:-1].name', 'CONTAINER\nfake1,fake2\n'],
    ['CONTAINER:.spec.containers[4:4].name', 'CONTAINER\n<none>\n'],
    ['CONTAINER:.spec.containers[-5:-5].name', 'CONTAINER\n<none>\n'],
  ];
  for (const [spec, expected] of cases) assert.equal(print(spec, [pod]), expected, spec);

  // The errors are jsonpath.go's, which kubectl prints as they are.
  assert.equal(kubectlError(() => print('CONTAINER:.spec.containers[5].name', [pod])), 'error: array index out of bounds: index 5, length 4');
  assert.equal(kubectlError(() => print('CONTAINER:.spec.containers[-5].name', [pod])), 'error: array index out of bounds: index -1, length 4');
  assert.equal(
    kubectlError(() => print('CONTAINER:.spec.containers[3:1].name', [pod])),
    'error: starting index 3 is greater than ending index 1',
  );
  assert.equal(
    kubectlError(() => print('CONTAINER:.spec.containers[-2:-3].name', [pod])),
    'error: starting index 2 is greater than ending index 1',
  );
});

test('an expression that does not parse fails when printing, with the parser message', () => {
  assert.equal(kubectlError(() => print('NAME:.items[*', [{}])), 'error: unterminated array');
});

test('values print as fmt.Sprint prints them, terminal escapes defused', () => {
  const pod = {
    metadata: { name: 'web', labels: { tier: 'front', app: 'web' }, annotations: { evil: 'a\x1b[31mb\rc' } },
    spec: { replicas: 2, ratio: 0.25, ports: [80, 443], paused: null },
  };
  assert.equal(
    print('L:.metadata.labels,R:.spec.replicas,F:.spec.ratio,P:.spec.ports,N:.spec.paused,E:.metadata.annotations.evil', [pod]),
    // Each width is the column's widest cell plus 3, at least 6.
    'L'.padEnd(26) + 'R'.padEnd(6) + 'F'.padEnd(7) + 'P'.padEnd(11) + 'N'.padEnd(8) + 'E\n' +
      'map[app:web tier:front]'.padEnd(26) + '2'.padEnd(6) + '0.25'.padEnd(7) + '[80 443]'.padEnd(11) + '<nil>'.padEnd(8) + 'a^[[31mb\\rc\n',
  );
});

test('every column is at least minwidth 6 wide, padding included, except the last', () => {
  assert.equal(print('A:.a,B:.b', [{ a: 'x', b: 'y' }]), 'A     B\nx     y\n');
  assert.equal(print('A:.a,B:.b', [{ a: 'x' }]), 'A     B\nx     <none>\n');
});

test('a value holding a newline splits its row; column blocks follow the tabwriter', () => {
  const objects = [{ metadata: { name: 'a', annotations: { x: 'l1\nl2' } } }];
  assert.equal(print('NAME:.metadata.name,ANN:.metadata.annotations.x,Z:.metadata.name', objects), 'NAME   ANN   Z\na      l1\nl2     a\n');
});

test('several results of one expression are joined by commas', () => {
  const pod = { spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'sidecar', image: 'envoy' }] } };
  assert.equal(print('NAMES:.spec.containers[*].name,IMAGES:.spec.containers[*].image', [pod]), `${'NAMES'.padEnd(14)}IMAGES\n${'app,sidecar'.padEnd(14)}nginx,envoy\n`);
  assert.equal(print('OBJ:.spec.containers[0]', [pod]), 'OBJ\nmap[image:nginx name:app]\n');
});
