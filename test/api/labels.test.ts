import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, KubectlError, UserError, renderFieldError } from '../../engine/errors.ts';
import { Rng } from '../../engine/rng.ts';
import {
  formatLabelSelector,
  formatLabels,
  goValue,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  parseListSelector,
  parseSelector,
  selectorFromLabelSelector,
  selectorFromSet,
  validateLabelSelector,
  validateLabels,
} from '../../engine/api/labels.ts';

// Expected messages are the upstream strings of k8s.io/apimachinery/pkg/util/validation/validation.go.
const NAME_PART_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function parseError(s: string): string {
  try {
    parseSelector(s);
  } catch (e) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.reason, 'BadRequest');
    assert.equal(e.code, 400);
    return e.message;
  }
  assert.fail(`${s} parsed`);
}

// labels/selector_test.go TestSelectorParse
test('good selector strings restring to themselves without spaces', () => {
  for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
    assert.equal(parseSelector(s).toString(), s.replaceAll(' ', ''), s);
  }
});

test('bad selector strings are refused', () => {
  for (const s of ['x=a||y=b', 'x==a==b', '!x=a', 'x<a']) assert.throws(() => parseSelector(s), ApiError, s);
});

test('parsing is deterministic (requirements sorted by key)', () => {
  assert.equal(parseSelector('x=a,a=x').toString(), parseSelector('a=x,x=a').toString());
  assert.equal(parseSelector('x=a,a=x').toString(), 'a=x,x=a');
});

// labels/selector_test.go TestSelectorMatches
test('selector matching', () => {
  const yes: Array<[string, Record<string, string>]> = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  const no: Array<[string, Record<string, string>]> = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  for (const [s, labels] of yes) assert.equal(parseSelector(s).matches(labels), true, s);
  for (const [s, labels] of no) assert.equal(parseSelector(s).matches(labels), false, s);
});

// labels/selector_test.go TestSetSelectorParser
test('set-based syntax, whitespace and empty values', () => {
  const cases: Array<[string, string]> = [
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', 'this-is-another-dns.domain.com/key-with-dash in (so,what)'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['x,y in (a)', 'x,y in (a)'],
    ['x=a', 'x=a'],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
    ['in in (in)', 'in in (in)'],
  ];
  for (const [input, canonical] of cases) assert.equal(parseSelector(input).toString(), canonical, input);
  assert.equal(parseSelector('x,y in (a)').matches({ x: '1', y: 'b' }), false);
});

test('parse errors carry labels.Parse wording', () => {
  assert.equal(parseError('app in (a'), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.equal(parseError('x==a==b'), "found '==', expected: ',' or 'end of string'");
  assert.equal(parseError('!x=a'), "found '=', expected: ',' or 'end of string'");
  assert.equal(parseError('x!b'), "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt");
  assert.equal(parseError('x,'), "found '', expected: identifier after ','");
  assert.equal(parseError(',x'), "found ',', expected: !, identifier, or 'end of string'");
  assert.equal(parseError('x in a'), "unable to parse requirement: found 'a' expected: '('");
  assert.equal(parseError('x<a'), `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`);
  // Observed: kubectl get pods -l "app:monolith" (Qwiklabs transcript), after its server prefix.
  assert.equal(parseError('app:monolith'), `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_REGEX}`);
  assert.equal(parseError('x=a||y'), `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_REGEX}`);
});

test('kubectl prints a refused selector as the server error EnhanceListError builds', () => {
  assert.throws(
    () => parseListSelector('app in (a', '/v1, Resource=pods'),
    (e: unknown) =>
      e instanceof KubectlError &&
      e.exitCode === 1 &&
      e.message ===
        `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (a", field selector "": unable to parse requirement: found '', expected: ',' or ')'`,
  );
  assert.equal(parseListSelector('app=kubia', 'apps/v1, Resource=deployments').toString(), 'app=kubia');
});

// LabelSelectorAsSelector (meta/v1/helpers.go) and labels/selector_test.go TestRequirementSelectorMatching
test('LabelSelector conversion: nil matches nothing, {} everything, matchLabels AND matchExpressions', () => {
  const nothing = selectorFromLabelSelector(undefined);
  assert.equal(nothing.matches({}), false);
  assert.equal(nothing.empty(), false);
  assert.equal(nothing.toString(), '');
  const all = selectorFromLabelSelector({});
  assert.equal(all.matches({ a: 'b' }), true);
  assert.equal(all.empty(), true);
  const sel = selectorFromLabelSelector({
    matchLabels: { app: 'kubia' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['web', 'api'] },
      { key: 'env', operator: 'NotIn', values: ['prod'] },
      { key: 'track', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(sel.toString(), 'app=kubia,env notin (prod),!legacy,tier in (api,web),track');
  assert.equal(sel.matches({ app: 'kubia', tier: 'web', track: '1' }), true);
  assert.equal(sel.matches({ app: 'kubia', tier: 'web', track: '1', env: 'prod' }), false);
  assert.equal(sel.matches({ app: 'kubia', tier: 'web', track: '1', legacy: '' }), false);
  assert.equal(sel.matches({ app: 'kubia', tier: 'db', track: '1' }), false);
  assert.equal(sel.matches(undefined), false);
  // {"y": ""} against x notin (""), y exists: a missing key satisfies NotIn.
  assert.equal(selectorFromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: [''] }, { key: 'y', operator: 'Exists' }] }).matches({ y: '' }), true);
});

test('an invalid LabelSelector throws the upstream conversion error', () => {
  assert.throws(() => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }), (e: unknown) => e instanceof UserError && e.message === '"Foo" is not a valid label selector operator');
  assert.throws(
    () => selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    (e: unknown) => e instanceof UserError && e.message === "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
  );
});

test('selectorFromSet and the printing helpers', () => {
  assert.equal(selectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
  assert.equal(selectorFromSet(undefined).empty(), true);
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: { app: 'kubia' } }), 'app=kubia');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['b', 'a'] }] }), 'app in (a,b)');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }), '<error>');
});

// util/validation/validation_test.go
test('DNS-1123 labels and subdomains', () => {
  for (const good of ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '1-2', 'a'.repeat(63)]) assert.deepEqual(isDNS1123Label(good), [], good);
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('A'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  for (const good of ['a.b.c', 'a-1.b-2', 'a'.repeat(253)]) assert.deepEqual(isDNS1123Subdomain(good), [], good);
  assert.deepEqual(isDNS1123Subdomain('Kubia'), [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.equal(isDNS1123Subdomain('a'.repeat(254))[0], 'must be no more than 253 characters');
});

test('qualified names and label values', () => {
  for (const good of ['simple', 'now-with-dashes', '1-starts-with-num', 'example.com/MyName', 'a/b', 'A_B.c-d', 'x'.repeat(63)]) assert.deepEqual(isQualifiedName(good), [], good);
  assert.deepEqual(isQualifiedName(''), ['name part must be non-empty', NAME_PART_REGEX]);
  assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('x'.repeat(64)), ['name part must be no more than 63 characters']);
  assert.deepEqual(isQualifiedName('a/b/c'), [
    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
  assert.equal(isQualifiedName('Example.com/a')[0].startsWith('prefix part a lowercase RFC 1123 subdomain'), true);
  assert.deepEqual(isValidLabelValue(''), []);
  assert.deepEqual(isValidLabelValue('-a'), [LABEL_VALUE_REGEX]);
});

test('validateLabels and validateLabelSelector messages', () => {
  assert.deepEqual(validateLabels({ 'b@': 'ok', a: 'bad value' }, 'metadata.labels').map(renderFieldError), [
    `metadata.labels: Invalid value: "bad value": ${LABEL_VALUE_REGEX}`,
    `metadata.labels: Invalid value: "b@": ${NAME_PART_REGEX}`,
  ]);
  const errs = validateLabelSelector(
    {
      matchExpressions: [
        { key: 'a', operator: 'Foo' },
        { key: 'b', operator: 'In' },
        { key: 'c', operator: 'Exists', values: ['x'] },
        { key: 'd', operator: 'In', values: ['bad value'] },
      ],
    },
    'spec.selector',
  );
  assert.deepEqual(errs.map(renderFieldError), [
    'spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator',
    "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    `spec.selector.matchExpressions[3].values[0]: Invalid value: "bad value": ${LABEL_VALUE_REGEX}`,
  ]);
  assert.equal(validateLabelSelector({ matchExpressions: [{ key: 'd', operator: 'In', values: ['bad value'] }] }, 'x', true).length, 0);
});

test('goValue renders like Go %#v', () => {
  assert.equal(goValue.string('a"b\\c\n\u0001é'), '"a\\"b\\\\c\\n\\x01é"');
  assert.equal(goValue.stringMap({ b: '2', a: '1' }), 'map[string]string{"a":"1", "b":"2"}');
  assert.equal(goValue.stringMap(undefined), 'map[string]string(nil)');
  assert.equal(goValue.stringMap({}), 'map[string]string{}');
  assert.equal(goValue.stringSlice(['a', 'b']), '[]string{"a", "b"}');
  assert.equal(goValue.stringSlice(undefined), '[]string(nil)');
  // As observed for an immutable ReplicaSet selector before v1.34 (reference workload-controllers.md §4.3).
  assert.equal(goValue.labelSelector({ matchLabels: { tier: 'redis' } }), 'v1.LabelSelector{MatchLabels:map[string]string{"tier":"redis"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}');
  assert.equal(
    goValue.labelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['kubia'] }] }),
    'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{"kubia"}}}}',
  );
  assert.equal(goValue.intOrString(0), 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}');
  assert.equal(goValue.intOrString('0%'), 'intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}');
});

test('isDNS1123Label and isDNS1123Subdomain report the byte length in UTF-8, short texts of wide characters included', () => {
  // At the limits, in three-byte characters.
  for (const [n, over] of [[21, false], [22, true]] as const) assert.equal(isDNS1123Label('€'.repeat(n)).includes('must be no more than 63 characters'), over);
  for (const [n, over] of [[84, false], [85, true]] as const) assert.equal(isDNS1123Subdomain('€'.repeat(n)).includes('must be no more than 253 characters'), over);
  const rng = new Rng(5);
  const alphabet = ['a', '1', '-', '.', 'é', '€', '𝄞'];
  for (let i = 0; i < 5000; i++) {
    let value = '';
    const length = rng.intn(100);
    for (let j = 0; j < length; j++) value += alphabet[rng.intn(alphabet.length)];
    const bytes = Buffer.byteLength(value, 'utf8');
    assert.equal(isDNS1123Label(value).includes('must be no more than 63 characters'), bytes > 63, value);
    assert.equal(isDNS1123Subdomain(value.repeat(4)).includes('must be no more than 253 characters'), 4 * bytes > 253, value);
  }
});
