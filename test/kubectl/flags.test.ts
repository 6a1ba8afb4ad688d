// Flag parsing with spf13/pflag's rules and error texts, as kubectl's commands see them, and
// the shell-like splitting of a scenario's command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bool, int, parseFlags, shellSplit, str, strings, type FlagSpec } from '../../engine/kubectl/flags.ts';
import { KubectlError } from '../../engine/errors.ts';

const SPECS: FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', type: 'string' },
  { name: 'output', shorthand: 'o', type: 'string' },
  { name: 'all-namespaces', shorthand: 'A', type: 'bool' },
  { name: 'watch', shorthand: 'w', type: 'bool' },
  { name: 'overwrite', type: 'bool' },
  { name: 'replicas', shorthand: 'r', type: 'int' },
  { name: 'timeout', type: 'int' },
  { name: 'filename', shorthand: 'f', type: 'stringArray' },
  { name: 'cascade', type: 'string', noOptDefault: 'background' },
];

const parse = (...argv: string[]) => parseFlags('get', argv, SPECS);

function errorOf(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (e) {
    assert.ok(e instanceof KubectlError, `expected a KubectlError, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`no error for ${argv.join(' ')}`);
}

test('flags may come anywhere, in every pflag form', () => {
  const p = parse('pods', '-n', 'kube-system', 'web', '--output=wide', '-A');
  assert.deepEqual(p.args, ['pods', 'web']);
  assert.equal(str(p, 'namespace'), 'kube-system');
  assert.equal(str(p, 'output'), 'wide');
  assert.equal(bool(p, 'all-namespaces'), true);
  assert.equal(str(parse('-nfoo'), 'namespace'), 'foo');
  assert.equal(str(parse('-n=foo'), 'namespace'), 'foo');
  assert.equal(str(parse('--namespace', 'foo'), 'namespace'), 'foo');
  assert.equal(str(parse('--namespace='), 'namespace'), '');
  assert.equal(str(parse('-owide'), 'output'), 'wide');
});

test('boolean shorthands group, and the last one may take a value', () => {
  const p = parse('-Aw');
  assert.equal(bool(p, 'all-namespaces'), true);
  assert.equal(bool(p, 'watch'), true);
  const q = parse('-Ao', 'yaml');
  assert.equal(bool(q, 'all-namespaces'), true);
  assert.equal(str(q, 'output'), 'yaml');
  assert.equal(str(parse('-Aoyaml'), 'output'), 'yaml');
});

test('a boolean flag takes a value only after =', () => {
  const p = parse('--overwrite', 'false');
  assert.equal(bool(p, 'overwrite'), true);
  assert.deepEqual(p.args, ['false']);
  assert.equal(bool(parse('--overwrite=false'), 'overwrite'), false);
  for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(bool(parse(`--overwrite=${v}`), 'overwrite'), true, v);
  for (const v of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(bool(parse(`--overwrite=${v}`), 'overwrite'), false, v);
  assert.equal(bool(parse('-A=false'), 'all-namespaces'), false);
});

test('an optional-value flag uses its default without =, leaving the next word an argument', () => {
  const p = parse('deploy', 'kubia', '--cascade', 'orphan');
  assert.equal(str(p, 'cascade'), 'background');
  assert.deepEqual(p.args, ['deploy', 'kubia', 'orphan']);
  assert.equal(str(parse('--cascade=orphan'), 'cascade'), 'orphan');
});

test('ints and repeated string arrays', () => {
  assert.equal(int(parse('--replicas=3'), 'replicas'), 3);
  assert.equal(int(parse('-r', '-1'), 'replicas'), -1);
  assert.deepEqual(strings(parse('-f', 'a.yaml', '--filename=b.yaml', '-fc.yaml'), 'filename'), ['a.yaml', 'b.yaml', 'c.yaml']);
  assert.deepEqual(strings(parse(), 'filename'), []);
  assert.equal(int(parse(), 'replicas'), undefined);
});

test('-- ends the flags and a lone - is an argument', () => {
  const p = parse('-n', 'x', '--', '-A', '--output=json');
  assert.deepEqual(p.args, ['-A', '--output=json']);
  assert.equal(bool(p, 'all-namespaces'), false);
  assert.deepEqual(parse('-f', '-').args, []);
  assert.deepEqual(strings(parse('-f', '-'), 'filename'), ['-']);
  assert.deepEqual(parse('-').args, ['-']);
});

test('unknown flags are refused with pflag\'s words and kubectl\'s usage hint', () => {
  assert.equal(errorOf('--foo'), "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.");
  assert.equal(errorOf('--foo=bar'), "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.");
  assert.equal(errorOf('-x'), "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.");
  assert.equal(errorOf('-Ax'), "error: unknown shorthand flag: 'x' in -Ax\nSee 'kubectl get --help' for usage.");
});

test('a flag without its value is refused', () => {
  assert.equal(errorOf('pods', '--namespace'), "error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.");
  assert.equal(errorOf('pods', '-n'), "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.");
});

test('a malformed value is refused with the strconv error', () => {
  assert.equal(
    errorOf('--overwrite=maybe'),
    "error: invalid argument \"maybe\" for \"--overwrite\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl get --help' for usage.",
  );
  assert.equal(
    errorOf('-A=maybe'),
    "error: invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl get --help' for usage.",
  );
  assert.equal(
    errorOf('--timeout=soon'),
    "error: invalid argument \"soon\" for \"--timeout\" flag: strconv.ParseInt: parsing \"soon\": invalid syntax\nSee 'kubectl get --help' for usage.",
  );
  assert.equal(
    errorOf('-r', 'three'),
    "error: invalid argument \"three\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"three\": invalid syntax\nSee 'kubectl get --help' for usage.",
  );
});

test(
  'pflag names a flag with a shorthand by both spellings even when given in long form (flag.go: "-%s, --%s")',
  () => {
    assert.equal(
      errorOf('--replicas=three'),
      "error: invalid argument \"three\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"three\": invalid syntax\nSee 'kubectl get --help' for usage.",
    );
    assert.equal(
      errorOf('--all-namespaces=maybe'),
      "error: invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl get --help' for usage.",
    );
  },
);

test('shellSplit splits on whitespace and honours quotes and backslashes as sh does', () => {
  assert.deepEqual(shellSplit('kubectl get pods'), ['kubectl', 'get', 'pods']);
  assert.deepEqual(shellSplit('  kubectl\tget   pods  '), ['kubectl', 'get', 'pods']);
  assert.deepEqual(shellSplit("kubectl get pods -l 'app in (a, b)'"), ['kubectl', 'get', 'pods', '-l', 'app in (a, b)']);
  assert.deepEqual(shellSplit('kubectl patch deploy x -p "{\\"spec\\":{\\"replicas\\":2}}"'), ['kubectl', 'patch', 'deploy', 'x', '-p', '{"spec":{"replicas":2}}']);
  assert.deepEqual(shellSplit("-o jsonpath='{.items[*].metadata.name}'"), ['-o', 'jsonpath={.items[*].metadata.name}']);
  assert.deepEqual(shellSplit('a\\ b c'), ['a b', 'c']);
  assert.deepEqual(shellSplit("say ''"), ['say', '']);
  assert.deepEqual(shellSplit('"it\'s" \'say "hi"\''), ["it's", 'say "hi"']);
  assert.deepEqual(shellSplit('"a\\nb"'), ['a\\nb']);
  assert.deepEqual(shellSplit("'a\\b'"), ['a\\b']);
  assert.deepEqual(shellSplit(''), []);
});

test('shellSplit refuses an unterminated quote', () => {
  assert.throws(() => shellSplit("kubectl get pods -l 'app=x"), KubectlError);
  assert.throws(() => shellSplit('kubectl get "pods'), KubectlError);
});
