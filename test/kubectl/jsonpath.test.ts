// Cases ported from k8s.io/client-go/util/jsonpath/jsonpath_test.go and parser_test.go, plus the
// `-o jsonpath` printer's own behaviour (k8s.io/cli-runtime/pkg/printers/jsonpath.go).
//
// Upstream feeds some tests Go structs; here every input is JSON-like, so where an expected JSON
// object came from a struct (fields in declaration order) it is given with its keys sorted, as
// encoding/json prints a map; and results gathered from a map in random order are compared
// sorted, as upstream's testJSONPathSortOutput does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonPath, JsonPathError, compileJsonPath } from '../../engine/kubectl/jsonpath.ts';
import { KubectlError } from '../../engine/errors.ts';

interface Case {
  name: string;
  template: string;
  input: unknown;
  expect: string;
}

function run(template: string, input: unknown, allowMissingKeys = false): string {
  return JsonPath.parse(template, allowMissingKeys).execute(input);
}

function check(cases: Case[], allowMissingKeys = false): void {
  for (const c of cases) assert.equal(run(c.template, c.input, allowMissingKeys), c.expect, c.name);
}

function executeError(template: string, input: unknown, allowMissingKeys = false): string {
  const jsonPath = JsonPath.parse(template, allowMissingKeys);
  try {
    jsonPath.execute(input);
  } catch (error) {
    assert.ok(error instanceof JsonPathError, `${template}: ${String(error)}`);
    return error.message;
  }
  assert.fail(`${template}: expected an execution error`);
}

function parseError(template: string): string {
  try {
    JsonPath.parse(template, true);
  } catch (error) {
    assert.ok(error instanceof JsonPathError, `${template}: ${String(error)}`);
    return error.message;
  }
  assert.fail(`${template}: expected a parse error`);
}

const sortedFields = (text: string): string[] => text.split(/\s+/).filter(Boolean).sort();

test('TestTypesInput: slices of every JSON type', () => {
  const types = {
    bools: [true, false, true, false],
    integers: [1, 2, 3, 4],
    floats: [1.0, 2.2, 3.3, 4.0],
    strings: ['one', 'two', 'three', 'four'],
    interfaces: [true, 'one', 1, 1.1],
    maps: [
      { name: 'one', value: 1 },
      { name: 'two', value: 2.02 },
      { name: 'three', value: 3.03 },
      { name: 'four', value: 4.04 },
    ],
  };
  check([
    { name: 'boolSlice', template: '{ .bools }', input: types, expect: '[true,false,true,false]' },
    { name: 'boolSliceIndex', template: '{ .bools[0] }', input: types, expect: 'true' },
    { name: 'boolSliceIndex', template: '{ .bools[-1] }', input: types, expect: 'false' },
    { name: 'boolSubSlice', template: '{ .bools[0:2] }', input: types, expect: 'true false' },
    { name: 'boolSubSliceFirst2', template: '{ .bools[:2] }', input: types, expect: 'true false' },
    { name: 'boolSubSliceStep2', template: '{ .bools[:4:2] }', input: types, expect: 'true true' },
    { name: 'integerSlice', template: '{ .integers }', input: types, expect: '[1,2,3,4]' },
    { name: 'integerSliceIndex', template: '{ .integers[0] }', input: types, expect: '1' },
    { name: 'integerSliceIndexReverse', template: '{ .integers[-2] }', input: types, expect: '3' },
    { name: 'integerSubSliceFirst2', template: '{ .integers[0:2] }', input: types, expect: '1 2' },
    { name: 'integerSubSliceFirst2Alt', template: '{ .integers[:2] }', input: types, expect: '1 2' },
    { name: 'integerSubSliceStep2', template: '{ .integers[:4:2] }', input: types, expect: '1 3' },
    { name: 'floatSlice', template: '{ .floats }', input: types, expect: '[1,2.2,3.3,4]' },
    { name: 'floatSliceIndex', template: '{ .floats[0] }', input: types, expect: '1' },
    { name: 'floatSliceIndexReverse', template: '{ .floats[-2] }', input: types, expect: '3.3' },
    { name: 'floatSubSliceFirst2', template: '{ .floats[0:2] }', input: types, expect: '1 2.2' },
    { name: 'floatSubSliceFirst2Alt', template: '{ .floats[:2] }', input: types, expect: '1 2.2' },
    { name: 'floatSubSliceStep2', template: '{ .floats[:4:2] }', input: types, expect: '1 3.3' },
    { name: 'stringSlice', template: '{ .strings }', input: types, expect: '["one","two","three","four"]' },
    { name: 'stringSliceIndex', template: '{ .strings[0] }', input: types, expect: 'one' },
    { name: 'stringSliceIndexReverse', template: '{ .strings[-2] }', input: types, expect: 'three' },
    { name: 'stringSubSliceFirst2', template: '{ .strings[0:2] }', input: types, expect: 'one two' },
    { name: 'stringSubSliceFirst2Alt', template: '{ .strings[:2] }', input: types, expect: 'one two' },
    { name: 'stringSubSliceStep2', template: '{ .strings[:4:2] }', input: types, expect: 'one three' },
    { name: 'interfaceSlice', template: '{ .interfaces }', input: types, expect: '[true,"one",1,1.1]' },
    { name: 'interfaceSliceIndex', template: '{ .interfaces[0] }', input: types, expect: 'true' },
    { name: 'interfaceSliceIndexReverse', template: '{ .interfaces[-2] }', input: types, expect: '1' },
    { name: 'interfaceSubSliceFirst2', template: '{ .interfaces[0:2] }', input: types, expect: 'true one' },
    { name: 'interfaceSubSliceFirst2Alt', template: '{ .interfaces[:2] }', input: types, expect: 'true one' },
    { name: 'interfaceSubSliceStep2', template: '{ .interfaces[:4:2] }', input: types, expect: 'true 1' },
    {
      name: 'mapSlice',
      template: '{ .maps }',
      input: types,
      expect: '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}]',
    },
    { name: 'mapSliceIndex', template: '{ .maps[0] }', input: types, expect: '{"name":"one","value":1}' },
    { name: 'mapSliceIndexReverse', template: '{ .maps[-2] }', input: types, expect: '{"name":"three","value":3.03}' },
    { name: 'mapSubSliceFirst2', template: '{ .maps[0:2] }', input: types, expect: '{"name":"one","value":1} {"name":"two","value":2.02}' },
    { name: 'mapSubSliceFirst2Alt', template: '{ .maps[:2] }', input: types, expect: '{"name":"one","value":1} {"name":"two","value":2.02}' },
    { name: 'mapSubSliceStepOdd', template: '{ .maps[::2] }', input: types, expect: '{"name":"one","value":1} {"name":"three","value":3.03}' },
    { name: 'mapSubSliceStepEven', template: '{ .maps[1::2] }', input: types, expect: '{"name":"two","value":2.02} {"name":"four","value":4.04}' },
  ]);
});

const storeData = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [
    { Color: 'red', Price: 19.95, IsNew: true },
    { Color: 'green', Price: 20.01, IsNew: false },
  ],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jason: 'manager', dan: 'clerk' },
};

test('TestStructInput: the store', () => {
  check([
    { name: 'plain', template: 'hello jsonpath', input: null, expect: 'hello jsonpath' },
    { name: 'recursive', template: '{..}', input: [1, 2, 3], expect: '[1,2,3]' },
    { name: 'filter', template: '{[?(@<5)]}', input: [2, 6, 3, 7], expect: '2 3' },
    { name: 'quote', template: '{"{"}', input: null, expect: '{' },
    { name: 'union', template: '{[1,3,4]}', input: [0, 1, 2, 3, 4], expect: '1 3 4' },
    { name: 'array', template: '{[0:2]}', input: ['Monday', 'Tudesday'], expect: 'Monday Tudesday' },
    { name: 'variable', template: 'hello {.Name}', input: storeData, expect: 'hello jsonpath' },
    { name: 'dict/', template: '{$.Labels.web/html}', input: storeData, expect: '15' },
    { name: 'dict/', template: '{$.Employees.jason}', input: storeData, expect: 'manager' },
    { name: 'dict/', template: '{$.Employees.dan}', input: storeData, expect: 'clerk' },
    { name: 'dict-', template: '{.Labels.k8s-app}', input: storeData, expect: '20' },
    { name: 'nest', template: '{.Bicycle[*].Color}', input: storeData, expect: 'red green' },
    { name: 'allarray', template: '{.Book[*].Author}', input: storeData, expect: 'Nigel Rees Evelyn Waugh Herman Melville' },
    {
      name: 'recurarray',
      template: '{..Book[2]}',
      input: storeData,
      expect: '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}',
    },
    { name: 'bool', template: '{.Bicycle[?(@.IsNew==true)]}', input: storeData, expect: '{"Color":"red","IsNew":true,"Price":19.95}' },
  ]);
  for (const template of ['{..Price}', '{...Price}']) {
    assert.deepEqual(sortedFields(run(template, storeData)), sortedFields('8.95 12.99 8.99 19.95 20.01'), template);
  }
  assert.equal(parseError('{............................................................Price}'), 'invalid multiple recursive descent');
});

test('TestStructInput: missing keys print nothing when allowed', () => {
  check(
    [
      { name: 'nonexistent field', template: '{.hello}', input: storeData, expect: '' },
      { name: 'nonexistent field 2', template: 'before-{.hello}after', input: storeData, expect: 'before-after' },
    ],
    true,
  );
});

test('TestStructInput: execution errors', () => {
  assert.equal(executeError('{hello}', storeData), 'unrecognized identifier hello');
  assert.equal(executeError('{.hello}', storeData), 'hello is not found');
  // Upstream's Labels is a map[string]int; in unstructured content every map is map[string]interface {}.
  assert.equal(executeError('{.Labels[0]}', storeData), 'map[string]interface {} is not array or slice');
  assert.equal(executeError('{.Book[?(@.Price<>10)]}', storeData), 'unrecognized filter operator <>');
  assert.equal(executeError('{range .Labels.*}{@}{end}{end}', storeData), 'not in range, nothing to end');
});

test('TestJSONInput: existence filter and bracket key', () => {
  const points = [
    { id: 'i1', x: 4, y: -5 },
    { id: 'i2', x: -2, y: -5, z: 1 },
    { id: 'i3', x: 8, y: 3 },
    { id: 'i4', x: -6, y: -1 },
    { id: 'i5', x: 0, y: 2, z: 1 },
    { id: 'i6', x: 1, y: 4 },
  ];
  check([
    { name: 'exists filter', template: '{[?(@.z)].id}', input: points, expect: 'i2 i5' },
    { name: 'bracket key', template: "{[0]['id']}", input: points, expect: 'i1' },
  ]);
});

const nodesData = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, ready: true, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: {
        capacity: { cpu: '8' },
        ready: false,
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

test('TestKubernetes: kubectl use cases', () => {
  check([
    { name: 'range item', template: '{range .items[*]}{.metadata.name}, {end}{.kind}', input: nodesData, expect: '127.0.0.1, 127.0.0.2, List' },
    { name: 'range item with quote', template: '{range .items[*]}{.metadata.name}{"\\t"}{end}', input: nodesData, expect: '127.0.0.1\t127.0.0.2\t' },
    { name: 'range addresss', template: '{.items[*].status.addresses[*].address}', input: nodesData, expect: '127.0.0.1 127.0.0.2 127.0.0.3' },
    {
      name: 'double range',
      template: '{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}',
      input: nodesData,
      expect: '127.0.0.1, 127.0.0.2, 127.0.0.3, ',
    },
    { name: 'item name', template: '{.items[*].metadata.name}', input: nodesData, expect: '127.0.0.1 127.0.0.2' },
    {
      name: 'union nodes capacity',
      template: "{.items[*]['metadata.name', 'status.capacity']}",
      input: nodesData,
      expect: '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}',
    },
    {
      name: 'range nodes capacity',
      template: '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}',
      input: nodesData,
      expect: '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ',
    },
    { name: 'user password', template: '{.users[?(@.name=="e2e")].user.password}', input: nodesData, expect: 'secret' },
    { name: 'hostname', template: '{.items[0].metadata.labels.kubernetes\\.io/hostname}', input: nodesData, expect: '127.0.0.1' },
    {
      name: 'hostname filter',
      template: '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}',
      input: nodesData,
      expect: 'None',
    },
    { name: 'bool item', template: '{.items[?(@..ready==true)].metadata.name}', input: nodesData, expect: '127.0.0.1' },
  ]);
  assert.deepEqual(sortedFields(run('{..name}', nodesData)), sortedFields('127.0.0.1 127.0.0.2 myself e2e'));
});

test('TestEmptyRange: a range over nothing prints nothing', () => {
  check(
    [
      { name: 'empty range', template: '{range .items[*]}{.metadata.name}{end}', input: { items: [] }, expect: '' },
      {
        name: 'empty nested range',
        template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
        input: { items: [] },
        expect: '',
      },
    ],
    true,
  );
});

test('TestNestedRanges', () => {
  const another = [{ name: 'value1' }, { name: 'value2' }];
  const data = {
    items: [
      { metadata: { name: 'pod1' }, spec: { containers: [{ name: 'foo', another }, { name: 'bar', another }] } },
      { metadata: { name: 'pod2' }, spec: { containers: [{ name: 'baz', another }] } },
    ],
  };
  check([
    {
      name: 'nested range with a trailing newline',
      template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
      input: data,
      expect: 'pod1:foo,bar,+pod2:baz,+',
    },
    {
      name: 'nested range with a trailing character within another nested range with a trailing newline',
      template:
        '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}' +
        '{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
      input: data,
      expect: 'pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#',
    },
    {
      name: 'two nested ranges at the same level with a trailing newline',
      template:
        '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\t"}' +
        '{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
      input: data,
      expect: 'pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n',
    },
  ]);
});

test('TestFilterPartialMatchesSometimesMissingAnnotations', () => {
  const data = {
    kind: 'List',
    items: [
      { kind: 'Pod', metadata: { name: 'pod1', annotations: { color: 'blue' } } },
      { kind: 'Pod', metadata: { name: 'pod2' } },
      { kind: 'Pod', metadata: { name: 'pod3', annotations: { color: 'green' } } },
      { kind: 'Pod', metadata: { name: 'pod4', annotations: { color: 'blue' } } },
    ],
  };
  const template = '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}';
  assert.equal(run(template, data, true), 'pod1 pod4');
  assert.equal(executeError(template, data, false), 'annotations is not found');
});

const fakeContainers = (count: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  spec: { containers: Array.from({ length: count }, (_, i) => ({ image: 'radial/busyboxplus:curl', name: `fake${i}` })) },
});

test('TestNegativeIndex', () => {
  const data = fakeContainers(4);
  check([
    { name: 'containers[0]', template: '{.spec.containers[0].name}', input: data, expect: 'fake0' },
    { name: 'containers[0:0]', template: '{.spec.containers[0:0].name}', input: data, expect: '' },
    { name: 'containers[0:-1]', template: '{.spec.containers[0:-1].name}', input: data, expect: 'fake0 fake1 fake2' },
    { name: 'containers[-1]', template: '{.spec.containers[-1].name}', input: data, expect: 'fake3' },
    { name: 'containers[-1:]', template: '{.spec.containers[-1:].name}', input: data, expect: 'fake3' },
    { name: 'containers[-2]', template: '{.spec.containers[-2].name}', input: data, expect: 'fake2' },
    { name: 'containers[-2:]', template: '{.spec.containers[-2:].name}', input: data, expect: 'fake2 fake3' },
    { name: 'containers[-3]', template: '{.spec.containers[-3].name}', input: data, expect: 'fake1' },
    { name: 'containers[-4]', template: '{.spec.containers[-4].name}', input: data, expect: 'fake0' },
    { name: 'containers[-4:]', template: '{.spec.containers[-4:].name}', input: data, expect: 'fake0 fake1 fake2 fake3' },
    { name: 'containers[5:5]', template: '{.spec.containers[5:5].name}', input: data, expect: '' },
    { name: 'containers[-5:-5]', template: '{.spec.containers[-5:-5].name}', input: data, expect: '' },
  ]);
  // The messages are jsonpath.go's evalArray errors for these bounds.
  assert.equal(executeError('{.spec.containers[-1:0].name}', data), 'starting index 3 is greater than ending index 0');
  assert.equal(executeError('{.spec.containers[-5].name}', data), 'array index out of bounds: index -1, length 4');
  assert.equal(executeError('{.spec.containers[3:1].name}', data), 'starting index 3 is greater than ending index 1');
  assert.equal(executeError('{.spec.containers[-1:-2].name}', data), 'starting index 3 is greater than ending index 2');
});

test('TestRunningPodsJSONPathOutput: a filter selecting the items of a range', () => {
  const data = {
    kind: 'List',
    items: [
      { kind: 'Pod', metadata: { name: 'pod1' }, status: { phase: 'Running' } },
      { kind: 'Pod', metadata: { name: 'pod2' }, status: { phase: 'Running' } },
      { kind: 'Pod', metadata: { name: 'pod3' }, status: { phase: 'Running' } },
      { resourceVersion: '', selfLink: '' },
    ],
  };
  assert.equal(
    run('{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}', data, true),
    'pod1 is Running\npod2 is Running\npod3 is Running\n',
  );
});

test('TestStep', () => {
  const data = fakeContainers(6);
  check([
    { name: '[0:]', template: '{.spec.containers[0:].name}', input: data, expect: 'fake0 fake1 fake2 fake3 fake4 fake5' },
    { name: '[0:6:]', template: '{.spec.containers[0:6:].name}', input: data, expect: 'fake0 fake1 fake2 fake3 fake4 fake5' },
    { name: '[0:6:1]', template: '{.spec.containers[0:6:1].name}', input: data, expect: 'fake0 fake1 fake2 fake3 fake4 fake5' },
    { name: '[1:4:2]', template: '{.spec.containers[1:4:2].name}', input: data, expect: 'fake1 fake3' },
    { name: '[1:4:3]', template: '{.spec.containers[1:4:3].name}', input: data, expect: 'fake1' },
    { name: '[1:4:4]', template: '{.spec.containers[1:4:4].name}', input: data, expect: 'fake1' },
    { name: '[0:6:2]', template: '{.spec.containers[0:6:2].name}', input: data, expect: 'fake0 fake2 fake4' },
    { name: '[0:6:3]', template: '{.spec.containers[0:6:3].name}', input: data, expect: 'fake0 fake3' },
    { name: '[0:6:5]', template: '{.spec.containers[0:6:5].name}', input: data, expect: 'fake0 fake5' },
    { name: '[0:6:6]', template: '{.spec.containers[0:6:6].name}', input: data, expect: 'fake0' },
  ]);
  assert.equal(executeError('{.spec.containers[0:6:0].name}', data), 'step must be > 0');
  assert.equal(executeError('{.spec.containers[0:6:-1].name}', data), 'step must be > 0');
});

test('TestFailParser: parse errors', () => {
  assert.equal(parseError('{.hello'), 'unclosed action');
  assert.equal(parseError('{*}'), "unrecognized character in action: U+002A '*'");
  assert.equal(parseError('{+12.3.0}'), 'cannot parse number +12.3.0');
  assert.equal(parseError('{[1}'), 'unterminated array');
  assert.equal(parseError('{[?(.price]}'), 'unterminated filter');
  assert.equal(parseError('{........}'), 'invalid multiple recursive descent');
  assert.ok(parseError('{\\\\\\}') !== '', 'malformat input');
});

test('TestParser: quotes and parentheses inside filters', () => {
  const osImages = (...images: string[]) => images.map((osImage, i) => ({ id: i, status: { nodeInfo: { osImage } }, test: osImage }));
  const data = osImages('()', '("")', '())(', 'Linux', '{[()]}', "''", '""', "\\'");
  const match = (template: string) => run(`{${template}.id}`, data);
  assert.equal(match('[?(@.status.nodeInfo.osImage == "()")]'), '0');
  assert.equal(match('[?(@.status.nodeInfo.osImage == "(\\"\\")")]'), '1');
  assert.equal(match('[?(@.test == "())(")]'), '2');
  assert.equal(match("[?(@.status.nodeInfo.osImage == 'Linux')]"), '3');
  assert.equal(match('[?(@.status.nodeInfo.osImage == "{[()]}")]'), '4');
  assert.equal(match(`[?(@.status.nodeInfo.osImage == "''")]`), '5');
  assert.equal(match(`[?(@.status.nodeInfo.osImage == '""')]`), '6');
  assert.equal(match("[?(@.status.nodeInfo.osImage == '\\\\\\'')]"), '7');
});

test('TestParser: bracket keys are dotted paths, unions mix keys and indexes', () => {
  const data = { book: { price: 8 }, bicycle: { price: 20 }, 'book.price': 'literal' };
  assert.equal(run("hello {['book']['price']}", data), 'hello 8');
  assert.equal(run("{['book.price']}", data), '8');
  assert.equal(run("{['book\\.price']}", data), 'literal');
  assert.equal(run("{['bicycle.price', 'book.price']}", data), '20 8');
  assert.equal(run("{.list['bicycle.price', 1, 'name']}", { list: ['a', 'b'] }, true), 'b');
});

// The `-o jsonpath` printer.

const podList = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: { resourceVersion: '' },
  items: [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default' }, status: { phase: 'Running' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-2', namespace: 'default' }, status: { phase: 'Pending' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'default' }, status: { phase: 'Running' } },
  ],
};

const kubectlError = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof KubectlError, String(error));
    assert.equal(error.exitCode, 1);
    return error.message;
  }
  assert.fail('expected a KubectlError');
};

test('kubectl -o jsonpath: the usual forms', () => {
  assert.equal(compileJsonPath('{.items[*].metadata.name}').execute(podList), 'web-1 web-2 db-0');
  assert.equal(
    compileJsonPath('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}').execute(podList),
    'web-1\tRunning\nweb-2\tPending\ndb-0\tRunning\n',
  );
  assert.equal(compileJsonPath('{.items[?(@.status.phase=="Running")].metadata.name}').execute(podList), 'web-1 db-0');
  assert.equal(compileJsonPath("{range .items[*]}{.metadata.name}{'\\n'}{end}").execute(podList), 'web-1\nweb-2\ndb-0\n');
  assert.equal(compileJsonPath('{.items[0].metadata}').execute(podList), '{"name":"web-1","namespace":"default"}');
  assert.equal(compileJsonPath('kind is {.kind}').execute(podList), 'kind is List');
  assert.equal(compileJsonPath('{.metadata.missing}{.items[1].status.phase}').execute(podList), 'Pending');
});

test('kubectl -o jsonpath: a template without braces is plain text', () => {
  assert.equal(compileJsonPath('.items[0].metadata.name').execute(podList), '.items[0].metadata.name');
});

test('kubectl -o jsonpath: {.} looks up the empty key, $ and @ are the object itself', () => {
  const pod = { kind: 'Pod', metadata: { name: 'p' } };
  assert.equal(compileJsonPath('{.}').execute(pod), '');
  assert.equal(compileJsonPath('{$}').execute(pod), '{"kind":"Pod","metadata":{"name":"p"}}');
  assert.equal(compileJsonPath('{@.metadata.name}').execute(pod), 'p');
});

test('kubectl -o jsonpath: values print as Go prints them', () => {
  const object = {
    spec: { replicas: 3, ratio: 0.5, big: 1234567.5, small: 0.00001, paused: false, gone: null },
    metadata: { annotations: { note: '<b> & </b>' } },
  };
  const print = (template: string) => compileJsonPath(template).execute(object);
  assert.equal(print('{.spec.replicas} {.spec.ratio} {.spec.paused}'), '3 0.5 false');
  // fmt's %v of a float64 switches to exponent form from 1e6 and below 1e-4.
  assert.equal(print('{.spec.big} {.spec.small}'), '1.2345675e+06 1e-05');
  // A JSON null is a nil interface{}, which fmt prints as <nil>.
  assert.equal(print('{.spec.gone}'), '<nil>');
  // encoding/json escapes HTML characters.
  assert.equal(print('{.metadata.annotations}'), '{"note":"\\u003cb\\u003e \\u0026 \\u003c/b\\u003e"}');
  assert.equal(print('{"a\\tb"}{"\\u00e9"}{"\\x41"}'), 'a\tbéA');
});

test('kubectl -o jsonpath: parse errors', () => {
  assert.equal(kubectlError(() => compileJsonPath('{.items[*}')), 'error: error parsing jsonpath {.items[*}, unterminated array');
  assert.equal(
    kubectlError(() => compileJsonPath('{.items[?(@.status.phase=="Running")}')),
    'error: error parsing jsonpath {.items[?(@.status.phase=="Running")}, unclosed array expect ]',
  );
  assert.equal(
    kubectlError(() => compileJsonPath('{"\\q"}')),
    'error: error parsing jsonpath {"\\q"}, unquote string "\\q" error invalid syntax',
  );
  assert.equal(
    kubectlError(() => compileJsonPath('{.a ~}')),
    "error: error parsing jsonpath {.a ~}, unrecognized character in action: U+007E '~'",
  );
  assert.equal(kubectlError(() => compileJsonPath('')), 'error: template format specified but no template given');
});

test('kubectl -o jsonpath: execution errors show the template and the object', () => {
  const emptyList = { apiVersion: 'v1', kind: 'List', items: [], metadata: { resourceVersion: '' } };
  assert.equal(
    kubectlError(() => compileJsonPath('{.items[0].metadata.name}').execute(emptyList)),
    'error: error executing jsonpath "{.items[0].metadata.name}": Error executing template: ' +
      'array index out of bounds: index 0, length 0. Printing more information for debugging the template:\n' +
      '\ttemplate was:\n\t\t{.items[0].metadata.name}\n' +
      '\tobject given to jsonpath engine was:\n' +
      '\t\tmap[string]interface {}{"apiVersion":"v1", "items":[]interface {}{}, "kind":"List", "metadata":map[string]interface {}{"resourceVersion":""}}\n\n\n',
  );
  assert.match(
    kubectlError(() => compileJsonPath('{.x}', { allowMissingKeys: false }).execute({ y: [1, null, 'a"b'] })),
    /^error: error executing jsonpath "\{\.x\}": Error executing template: x is not found\. .*\n\t\tmap\[string\]interface \{\}\{"y":\[\]interface \{\}\{1, interface \{\}\(nil\), "a\\"b"\}\}\n\n\n$/s,
  );
});

test('kubectl -o jsonpath: a range rewrites the template, so reusing the printer fails as kubectl --watch does', () => {
  // kubernetes/kubectl#913: the second object printed with the same printer hits the {end}
  // without its {range}.
  const printer = compileJsonPath('{range .items[*]}{.metadata.name}{end}');
  assert.equal(printer.execute(podList), 'web-1web-2db-0');
  assert.match(kubectlError(() => printer.execute(podList)), /Error executing template: not in range, nothing to end\./);
});
