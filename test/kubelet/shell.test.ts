// The busybox `sh` of simulated containers: the teaching scripts run in virtual time with
// busybox's output and messages, exec probes see the file system the script changes, and
// constructs the interpreter does not simulate fail the scenario when the process starts.
// Expected messages come from busybox's sources (cited per test) and from the Kubernetes docs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../engine/errors.ts';
import { missingExecutable, runExec, startProcess, type ContainerFs, type ProcessState, type ShellProcess } from '../../engine/kubelet/shell.ts';

/** Sun Jun  7 22:36:04 UTC 2020, the time of the batch job's log in Kubernetes in Action. */
const T0 = Date.UTC(2020, 5, 7, 22, 36, 4);
const SECOND = 1000;

function newFs(files: Record<string, string> = {}): ContainerFs {
  return { files: new Map(Object.entries(files)) };
}

/** Output lines as `+<seconds since T0> <stream> <text>`. */
function lines(process: ShellProcess): string[] {
  return process.takeOutput().map((l) => `+${(l.atMs - T0) / SECOND} ${l.stream} ${l.text}`);
}

/** Runs `sh -c script` to its end (at most a day) and returns its state and output. */
function run(script: string, options: { fs?: ContainerFs; env?: Record<string, string>; argv0?: string } = {}) {
  const process = startProcess([options.argv0 ?? 'sh', '-c', script], options.fs ?? newFs(), T0, options.env);
  const state = process.advance(T0 + 86_400 * SECOND);
  return { state, output: lines(process) };
}

function stdout(script: string, options: Parameters<typeof run>[1] = {}): string[] {
  return run(script, options).output.filter((l) => l.includes(' stdout ')).map((l) => l.replace(/^\+\S+ stdout /, ''));
}

test('the ssd-monitor loop (Kubernetes in Action, ch. 5) prints every 5 s and keeps running', () => {
  const process = startProcess(['/bin/sh', '-c', "while true; do echo 'SSD OK'; sleep 5; done"], newFs(), T0);
  assert.deepEqual(process.advance(T0 + 12 * SECOND), { state: 'running', nextWakeMs: T0 + 15 * SECOND });
  assert.deepEqual(lines(process), ['+0 stdout SSD OK', '+5 stdout SSD OK', '+10 stdout SSD OK']);
  assert.deepEqual(process.advance(T0 + 15 * SECOND), { state: 'running', nextWakeMs: T0 + 20 * SECOND });
  assert.deepEqual(lines(process), ['+15 stdout SSD OK']);
});

test('the batch job prints busybox date lines and exits 0 after 120 s', () => {
  // busybox coreutils/date.c: the default format is "%a %b %e %H:%M:%S %Z %Y".
  const script = 'echo "$(date) Batch job starting"; sleep 120; echo "$(date) Finished succesfully"';
  const process = startProcess(['/bin/sh', '-c', script], newFs(), T0);
  assert.deepEqual(process.advance(T0 + 60 * SECOND), { state: 'running', nextWakeMs: T0 + 120 * SECOND });
  assert.deepEqual(process.advance(T0 + 600 * SECOND), { state: 'exited', exitCode: 0, atMs: T0 + 120 * SECOND });
  assert.deepEqual(lines(process), [
    '+0 stdout Sun Jun  7 22:36:04 UTC 2020 Batch job starting',
    '+120 stdout Sun Jun  7 22:38:04 UTC 2020 Finished succesfully',
  ]);
});

test('the exec-liveness example: cat /tmp/healthy succeeds before 30 s, fails after with busybox wording', () => {
  // kubernetes.io "Configure Liveness, Readiness and Startup Probes": the event reads
  // `Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory`
  // (busybox libbb/xfuncs_printf.c open3_or_warn: "can't open '%s'").
  const fs = newFs();
  const container = startProcess(['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'], fs, T0);
  container.advance(T0 + 10 * SECOND);
  assert.deepEqual(runExec(['cat', '/tmp/healthy'], fs, T0 + 10 * SECOND, SECOND), { exitCode: 0, output: '', stdout: '', stderr: '', timedOut: false });
  container.advance(T0 + 35 * SECOND);
  const message = "cat: can't open '/tmp/healthy': No such file or directory\n";
  assert.deepEqual(runExec(['cat', '/tmp/healthy'], fs, T0 + 35 * SECOND, SECOND), { exitCode: 1, output: message, stdout: '', stderr: message, timedOut: false });
  assert.deepEqual(container.advance(T0 + 3600 * SECOND), { state: 'exited', exitCode: 0, atMs: T0 + 630 * SECOND });
  assert.deepEqual(lines(container), []);
});

test('advancing in small steps or in one jump gives the same output and state', () => {
  const script = 'i=0; while [ $i -lt 50 ]; do echo "$(date +%T) $i"; i=$((i+1)); sleep 0.7; done; echo done >&2; exit 4';
  const stepped = startProcess(['sh', '-c', script], newFs(), T0);
  const steppedLines: string[] = [];
  let state;
  for (let t = T0; t <= T0 + 60 * SECOND; t += 333) {
    state = stepped.advance(t);
    steppedLines.push(...lines(stepped));
  }
  const jumped = startProcess(['sh', '-c', script], newFs(), T0);
  assert.deepEqual(jumped.advance(T0 + 60 * SECOND), state);
  assert.deepEqual(lines(jumped), steppedLines);
  assert.deepEqual(state, { state: 'exited', exitCode: 4, atMs: T0 + 35 * SECOND });
  assert.equal(steppedLines[1], '+0.7 stdout 22:36:04 1');
  assert.equal(steppedLines[2], '+1.4 stdout 22:36:05 2');
  assert.equal(steppedLines[50], '+35 stderr done');
});

test('quoting, escapes and field splitting of unquoted expansions', () => {
  const env = { HOSTNAME: 'batch-job-28qf4' };
  assert.deepEqual(stdout(`echo 'a  b' "c  $HOSTNAME" d\\ \\ e 'it''s' "say \\"hi\\"" '$HOSTNAME'`, { env }), ['a  b c  batch-job-28qf4 d  e its say "hi" $HOSTNAME']);
  // An unquoted $(...) is split into fields, so echo joins them with single spaces.
  assert.deepEqual(stdout('echo $(date); echo "$(date)"; X="1   2"; echo $X "$X"'), ['Sun Jun 7 22:36:04 UTC 2020', 'Sun Jun  7 22:36:04 UTC 2020', '1 2 1   2']);
  assert.deepEqual(stdout('for w in $(echo "a b") "c d" ""; do echo "[$w]"; done'), ['[a]', '[b]', '[c d]', '[]']);
  assert.deepEqual(stdout('echo `echo back` ${UNSET:-default} ${HOSTNAME:+set} ${#HOSTNAME} x${UNSET}y; echo $0 $1 $#', { env }), ['back default set 15 xy', 'sh 0']);
  assert.deepEqual(stdout('A=1; B=$A$A; export C=3; echo $A $B $C; A=2 true; echo $A'), ['1 11 3', '1']);
});

test('&&, ||, !, $? and the exit status of the script, which is its last command', () => {
  assert.deepEqual(stdout('false || echo no; true && echo yes; false && echo never; false; echo $?; ! false; echo $?'), ['no', 'yes', '1', '0']);
  assert.deepEqual(run('true; false').state, { state: 'exited', exitCode: 1, atMs: T0 });
  assert.deepEqual(run('echo a; exit 3; echo never'), { state: { state: 'exited', exitCode: 3, atMs: T0 }, output: ['+0 stdout a'] });
  assert.deepEqual(run('exit 256').state, { state: 'exited', exitCode: 0, atMs: T0 });
  // shell/ash.c exitcmd → number(): "Illegal number: %s" from a builtin, which names itself (evalbltin).
  assert.deepEqual(run('exit abc; echo never'), { state: { state: 'exited', exitCode: 2, atMs: T0 }, output: ['+0 stderr sh: exit: line 1: Illegal number: abc'] });
});

test('redirections: > and >> into files, 2>&1, >&2 and >/dev/null', () => {
  const fs = newFs();
  const { output } = run('echo hi > /tmp/a; echo there >> /tmp/a; cat /tmp/a; cat /nope 2>&1; cat /nope 2>/dev/null || echo gone; echo err >&2; echo quiet >/dev/null; echo x > /tmp/b 2>&1', { fs });
  assert.deepEqual(output, ['+0 stdout hi', '+0 stdout there', "+0 stdout cat: can't open '/nope': No such file or directory", '+0 stdout gone', '+0 stderr err']);
  assert.equal(fs.files.get('/tmp/a'), 'hi\nthere\n');
  assert.equal(fs.files.get('/tmp/b'), 'x\n');
  // shell/ash.c openredirect: "can't create %s: %s", with "nonexistent directory" for ENOENT.
  assert.deepEqual(run('echo x > /no/such/file; echo $?').output, ['+0 stderr sh: can\'t create /no/such/file: nonexistent directory', '+0 stdout 2']);
  const loop = run('for i in 1 2; do echo $i; done > /tmp/loop; cat /tmp/loop', { fs });
  assert.deepEqual(loop.output, ['+0 stdout 1', '+0 stdout 2']);
});

test('an unknown command is "not found" with status 127, prefixed with the shell as started', () => {
  // shell/ash.c: ash_msg_and_raise(EXEXEC, "%s: %s", argv[0], errmsg(e, "not found")), exit status 127;
  // ash_vmsg prefixes arg0, the shell's argv[0].
  assert.deepEqual(run('foo bar; echo $?').output, ['+0 stderr sh: foo: not found', '+0 stdout 127']);
  assert.deepEqual(run('foo', { argv0: '/bin/sh' }), { state: { state: 'exited', exitCode: 127, atMs: T0 }, output: ['+0 stderr /bin/sh: foo: not found'] });
  assert.deepEqual(run('/usr/local/bin/app').output, ['+0 stderr sh: /usr/local/bin/app: not found']);
});

test('unsupported syntax and unsimulated busybox commands fail when the process starts', () => {
  const cases: [string, string][] = [
    ['echo a | grep a', 'unsupported shell syntax "|" in: echo a | grep a'],
    ['sleep 10 & wait', 'unsupported shell syntax "&" in: sleep 10 & wait'],
    ['f() { echo hi; }; f', 'unsupported shell syntax "f()" in: f() { echo hi; }; f'],
    ['case $1 in a) echo a;; esac', 'unsupported shell syntax "case" in: case $1 in a) echo a;; esac'],
    ['(cd /tmp && ls)', 'unsupported shell syntax "(" in: (cd /tmp && ls)'],
    ['ls /tmp/*.log', 'unsupported shell syntax "*" in: ls /tmp/*.log'],
    ['cat < /etc/hosts', 'unsupported shell syntax "<" in: cat < /etc/hosts'],
    ['echo $$', 'unsupported shell syntax "$$" in: echo $$'],
    ['echo ${A%.txt}', 'unsupported shell syntax "${A%.txt}" in: echo ${A%.txt}'],
    ['while true; do wget -qO- http://kubia; sleep 1; done', 'unsupported shell command "wget" in: while true; do wget -qO- http://kubia; sleep 1; done'],
    ['trap "exit 0" TERM; sleep 5', 'unsupported shell command "trap" in: trap "exit 0" TERM; sleep 5'],
  ];
  for (const [script, message] of cases) {
    assert.throws(() => startProcess(['sh', '-c', script], newFs(), T0), (e: unknown) => e instanceof UserError && e.message === message, script);
    assert.throws(() => runExec(['sh', '-c', script], newFs(), T0, SECOND), UserError, script);
  }
});

test('syntax errors: ash reports them after running the lines before, and exits 2', () => {
  // shell/ash.c raise_error_unexpected_syntax: "unexpected %s" + " (expecting %s)", with tokname's quoting.
  assert.deepEqual(run('echo a; while true; do echo b'), { state: { state: 'exited', exitCode: 2, atMs: T0 }, output: ['+0 stderr sh: syntax error: unexpected end of file (expecting "done")'] });
  // After a compound command ash reads the next token with CHKKWD set, so a second fi is the keyword.
  assert.deepEqual(run('echo a\nif true; then echo b; fi fi').output, ['+0 stdout a', '+0 stderr sh: syntax error: unexpected "fi"']);
  assert.deepEqual(run('echo a; echo b )').output, ['+0 stderr sh: syntax error: unexpected ")"']);
  assert.deepEqual(run('if true; fi').output, ['+0 stderr sh: syntax error: unexpected "fi" (expecting "then")']);
  assert.deepEqual(run('echo "unterminated').output, ['+0 stderr sh: syntax error: unterminated quoted string']);
});

test('kill ends a running process with 137 at that time; an exited process keeps its exit', () => {
  const process = startProcess(['/bin/sh', '-c', 'echo -n partial; sleep 3600'], newFs(), T0);
  process.kill(T0 + 30 * SECOND);
  assert.deepEqual(process.advance(T0 + 7200 * SECOND), { state: 'exited', exitCode: 137, atMs: T0 + 30 * SECOND });
  assert.deepEqual(lines(process), ['+30 stdout partial']);
  const finished = startProcess(['sh', '-c', 'sleep 1; exit 5'], newFs(), T0);
  finished.kill(T0 + 10 * SECOND);
  assert.deepEqual(finished.advance(T0 + 20 * SECOND), { state: 'exited', exitCode: 5, atMs: T0 + SECOND });
});

test('exec: sleeps beyond the timeout time out; a probe output is stdout then stderr', () => {
  const fs = newFs();
  assert.deepEqual(runExec(['sh', '-c', 'echo started; sleep 5; echo never'], fs, T0, SECOND), { exitCode: 137, output: 'started\n', stdout: 'started\n', stderr: '', timedOut: true });
  assert.deepEqual(runExec(['sh', '-c', 'sleep 0.5; echo "$(date +%S.%N)"'], fs, T0, SECOND).stdout, '04.500000000\n');
  assert.deepEqual(runExec(['sh', '-c', 'echo err >&2; echo out; test -f /tmp/x'], fs, T0, SECOND), { exitCode: 1, output: 'out\nerr\n', stdout: 'out\n', stderr: 'err\n', timedOut: false });
  assert.equal(runExec(['sh', '-c', 'echo $GREETING $HOSTNAME'], fs, T0, SECOND, { GREETING: 'hi', HOSTNAME: 'web-0' }).stdout, 'hi web-0\n');
});

test('control flow: if/elif/else, while and until with a command, for, break and continue', () => {
  const fs = newFs({ '/data/ready': '' });
  assert.deepEqual(stdout('if [ -f /data/ready ]; then echo ready; else echo waiting; fi; if false; then :; elif true; then echo elif; fi', { fs }), ['ready', 'elif']);
  assert.deepEqual(stdout('n=0; until [ $n -ge 3 ]; do n=$((n + 1)); done; echo $n; while ! [ -f /tmp/flag ]; do touch /tmp/flag; echo once; done'), ['3', 'once']);
  assert.deepEqual(stdout('for i in 1 2 3 4 5; do if [ $i -eq 2 ]; then continue; fi; if [ $i -eq 4 ]; then break; fi; echo $i; done; echo $?'), ['1', '3', '0']);
  assert.deepEqual(stdout('for i in a b; do for j in 1 2; do [ $j = 2 ] && continue 2; echo $i$j; done; done'), ['a1', 'b1']);
  assert.deepEqual(stdout('echo $((7 / 2)) $((7 % 3)) $((2 * (3 + 4))) $((1 < 2)) $((-5 + 10)); x=5; : $((x += 2)); echo $x'), ['3 1 14 1 5', '7']);
});

test('echo -n, -e and its escapes (coreutils/echo.c, libbb/process_escape_sequence.c)', () => {
  assert.deepEqual(run('echo -n a; echo -n b; echo; echo -e "x\\ty\\0101\\101"; echo "no\\tescape"; echo -e "stop\\cignored"; echo -ne ""; echo -x').output, [
    '+0 stdout ab',
    '+0 stdout x\tyAA',
    '+0 stdout no\\tescape',
    '+0 stdout stop-x',
  ]);
});

test('date +FORMAT in UTC', () => {
  assert.deepEqual(stdout('date +%Y-%m-%dT%H:%M:%SZ; date -u "+%s %j %a %A %b %B %d %e %I %p %y %F %T %D %R %Z %z %%"'), [
    '2020-06-07T22:36:04Z',
    '1591569364 159 Sun Sunday Jun June 07  7 10 PM 20 2020-06-07 22:36:04 06/07/20 22:36 UTC +0000 %',
  ]);
  assert.throws(() => run('date +%G'), (e: unknown) => e instanceof UserError && e.message === 'unsupported date format "%G" in: date +%G');
});

test('test and [ (coreutils/test.c): files, strings, integers and their errors', () => {
  const fs = newFs({ '/etc/config': 'x=1', '/tmp/empty': '', '/data/': '' });
  const script = [
    '[ -f /etc/config ]', '[ -e /etc/config ]', '[ -d /data ]', '[ -d /etc/config ]', '[ -s /tmp/empty ]', '[ -e /nope ]',
    '[ -z "" ]', '[ -n "" ]', '[ abc ]', '[ "" ]', '[ a = a ]', '[ a != a ]', '[ 10 -gt 9 ]', '[ " 3 " -eq 3 ]', 'test ! -f /nope', '[ 1 -eq 1 -a 2 -lt 1 ]', '[ 1 -eq 1 -o 2 -lt 1 ]',
  ].map((t) => `${t}; echo $?`).join('; ');
  assert.deepEqual(stdout(script, { fs }), ['0', '0', '0', '1', '1', '1', '0', '1', '0', '1', '0', '1', '0', '0', '0', '1', '0']);
  // getn: syntax(s, "bad number"); test_main: bb_error_msg("missing ]"); both with applet_name "sh".
  assert.deepEqual(run('[ abc -eq 1 ]; echo $?; [ 1 -eq 1; echo $?').output, ['+0 stderr sh: abc: bad number', '+0 stdout 2', '+0 stderr sh: missing ]', '+0 stdout 2']);
});

test('sleep: fractions, suffixes, sums and infinity (coreutils/sleep.c, libbb/duration.c)', () => {
  const at = (script: string) => startProcess(['sh', '-c', script], newFs(), T0).advance(T0 + 3600 * SECOND);
  assert.deepEqual(at('sleep 1.5'), { state: 'exited', exitCode: 0, atMs: T0 + 1500 });
  assert.deepEqual(at('sleep 1m 30s .25'), { state: 'exited', exitCode: 0, atMs: T0 + 90_250 });
  assert.deepEqual(at('sleep 0.5h 1d'), { state: 'running', nextWakeMs: T0 + (1800 + 86_400) * SECOND });
  assert.deepEqual(at('sleep infinity'), { state: 'running', nextWakeMs: undefined });
  // libbb/xatonum_template.c: "invalid number '%s'".
  assert.deepEqual(run('sleep 5x; echo $?').output, ["+0 stderr sleep: invalid number '5x'", '+0 stdout 1']);
});

test('a container started without a shell: sleep 3600, echo, and executables the image lacks', () => {
  const sleeper = startProcess(['sleep', '3600'], newFs(), T0);
  assert.deepEqual(sleeper.advance(T0 + 60 * SECOND), { state: 'running', nextWakeMs: T0 + 3600 * SECOND });
  const echo = startProcess(['/bin/echo', 'hi', '$HOME'], newFs(), T0);
  assert.deepEqual(echo.advance(T0), { state: 'exited', exitCode: 0, atMs: T0 });
  assert.deepEqual(lines(echo), ['+0 stdout hi $HOME']);
  // Go's exec.LookPath and os.Stat errors, as runc reports them.
  assert.equal(missingExecutable(['python', 'app.py'], newFs()), 'exec: "python": executable file not found in $PATH');
  assert.equal(missingExecutable(['/app/run'], newFs()), 'exec: "/app/run": stat /app/run: no such file or directory');
  assert.equal(missingExecutable(['/bin/sh', '-c', 'true'], newFs()), undefined);
  assert.throws(() => startProcess(['python', 'app.py'], newFs(), T0), UserError);
});

test('a script file with a #!/bin/sh line runs as the image entrypoint, with its name in messages', () => {
  const fs = newFs({ '/bin/batch-job': '#!/bin/sh\necho "args: $*"\n\nnosuch\nexit 7\n' });
  const process = startProcess(['/bin/batch-job', 'one', 'two'], fs, T0);
  assert.deepEqual(process.advance(T0), { state: 'exited', exitCode: 7, atMs: T0 });
  // ash_vmsg: a script's messages name the script and the line (commandname is the script).
  assert.deepEqual(lines(process), ['+0 stdout args: one two', '+0 stderr /bin/batch-job: line 4: nosuch: not found']);
});

test('files and directories: mkdir -p, touch, rm and ls with busybox messages', () => {
  const fs = newFs();
  const { output } = run('mkdir -p /data/logs; touch /data/logs/a /data/b; ls /data; mkdir /data; touch /no/dir/x; rm /data/logs; rm /nope; rm -f /nope; rm -r /data/logs; ls /data/logs', { fs });
  assert.deepEqual(output, [
    '+0 stdout b',
    '+0 stdout logs',
    "+0 stderr mkdir: can't create directory '/data': File exists", // libbb/make_directory.c
    '+0 stderr touch: /no/dir/x: No such file or directory', // coreutils/touch.c bb_simple_perror_msg
    "+0 stderr rm: '/data/logs' is a directory", // libbb/remove_file.c
    "+0 stderr rm: can't remove '/nope': No such file or directory",
    '+0 stderr ls: /data/logs: No such file or directory',
  ]);
  assert.deepEqual([...fs.files.keys()].sort(), ['/data/', '/data/b']);
});

test('set -e ends the script at the first failing command outside a condition', () => {
  assert.deepEqual(run('set -e; false || echo tested; if false; then :; fi; echo before; cat /nope; echo after'), {
    state: { state: 'exited', exitCode: 1, atMs: T0 },
    output: ['+0 stdout tested', '+0 stdout before', "+0 stderr cat: can't open '/nope': No such file or directory"],
  });
});

test('a process keeps the last 10,000 lines between two takeOutput calls', () => {
  const process = startProcess(['sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i; sleep 1; done'], newFs(), T0);
  process.advance(T0 + 12_499 * SECOND);
  const kept = process.takeOutput();
  assert.equal(kept.length, 10_000);
  assert.deepEqual(kept[0], { atMs: T0 + 2_500 * SECOND, stream: 'stdout', text: '2501' });
  assert.deepEqual(kept[9_999], { atMs: T0 + 12_499 * SECOND, stream: 'stdout', text: '12500' });
});

test('a loop that never sleeps is refused instead of hanging virtual time', () => {
  const process = startProcess(['sh', '-c', 'while true; do echo spin; done'], newFs(), T0);
  assert.throws(() => process.advance(T0), (e: unknown) => e instanceof UserError && e.message.startsWith('the script ran 100000 commands without sleeping'));
});

test('one advance over three days of a 5-second loop ends on the right beat with the newest lines', () => {
  const process = startProcess(['/bin/sh', '-c', "while true; do echo 'SSD OK'; sleep 5; done"], newFs(), T0);
  const days = 3;
  assert.deepEqual(process.advance(T0 + days * 86_400 * SECOND), { state: 'running', nextWakeMs: T0 + days * 86_400 * SECOND + 5 * SECOND });
  const output = process.takeOutput();
  assert.equal(output.length, 10_000);
  assert.deepEqual(output[9_999], { atMs: T0 + days * 86_400 * SECOND, stream: 'stdout', text: 'SSD OK' });
});

/**
 * Scripts of 1 to `maxLines` statements built from `command`: the command alone, two joined by
 * `&&` or `||`, negated with `!`, or in an `if` with or without `else`, separated by `; ` or newlines.
 */
function scriptsOf(fc: typeof import('fast-check').default, command: import('fast-check').Arbitrary<string>, maxLines: number): import('fast-check').Arbitrary<string> {
  const statement = fc.oneof(
    command,
    fc.tuple(command, fc.constantFrom(' && ', ' || '), command).map(([a, op, b]) => `${a}${op}${b}`),
    command.map((c) => `! ${c}`),
    fc.tuple(command, command, fc.option(command)).map(([c, t, e]) => `if ${c}; then ${t};${e === null ? '' : ` else ${e};`} fi`),
  );
  return fc.array(fc.tuple(statement, fc.constantFrom('; ', '\n')), { minLength: 1, maxLength: maxLines }).map((parts) => parts.map(([s, sep]) => s + sep).join(''));
}

test('a script that never sleeps runs as it does on the general path (its twin after `sleep 0;`)', async () => {
  // Scripts of literal commands run without generators. `sleep 0; ` in front changes nothing a
  // script can see (it neither yields nor changes $?) but sends the twin down the general path:
  // output, exit, files and errors must be the same.
  const fc = (await import('fast-check')).default;
  const command = fc.constantFrom(
    'echo done', 'echo -n partial', 'echo -e "a\\tb"', "echo 'SSD OK'", 'true', 'false', 'exit 3', 'exit', ':', 'pwd', 'cd /tmp', 'cd /nowhere',
    'touch /tmp/a', 'rm /tmp/a', 'rm -f /tmp/a', 'cat /tmp/a', 'cat /tmp/none', 'mkdir /tmp/d', 'ls /tmp', 'hostname', 'date',
    '[ -f /tmp/a ]', 'test -d /tmp', 'x=1', 'export A=2', 'unset x', 'set -e', 'set +e', 'break', 'continue', 'nosuchcommand', 'wget x',
    'echo $x', 'echo "$(echo sub)"', 'sleep 1', '/bin/echo path', 'exit 300', 'x=1 true', 'exit nope',
  );
  const script = scriptsOf(fc, command, 6);
  const outcome = (text: string, argv: string[]) => {
    const fs = newFs({ '/tmp/a': 'content\n' });
    try {
      const p = startProcess(argv, fs, T0, { HOSTNAME: 'pod', PATH: '/bin' });
      const state = p.advance(T0 + 10 * SECOND);
      return { state, output: lines(p), files: [...fs.files].sort() };
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return { error: e.message.replaceAll(text, '<script>') };
    }
  };
  const exec = (argv: string[]) => {
    const r = runExec(argv, newFs({ '/tmp/a': 'content\n' }), T0, 5 * SECOND, { HOSTNAME: 'pod' });
    return r;
  };
  fc.assert(
    fc.property(script, (s) => {
      const twin = `sleep 0; ${s}`;
      assert.deepEqual(outcome(s, ['sh', '-c', s]), outcome(twin, ['sh', '-c', twin]), s);
      assert.deepEqual(outcome(s, ['sh', '-e', '-c', s]), outcome(twin, ['sh', '-e', '-c', twin]), `-e ${s}`);
      let plain: unknown;
      let twinned: unknown;
      try {
        plain = exec(['sh', '-c', s]);
      } catch (e) {
        plain = (e as Error).message.replaceAll(s, '<script>');
      }
      try {
        twinned = exec(['sh', '-c', twin]);
      } catch (e) {
        twinned = (e as Error).message.replaceAll(twin, '<script>');
      }
      assert.deepEqual(plain, twinned, `exec ${s}`);
    }),
    { numRuns: 400 },
  );
});

test('a script that only prints replays its first run: the same answers as its twin on the general path, at each start time', async () => {
  // `echo done` and the like print and exit the same way wherever they run: their processes replay
  // one run. Each is compared with its twin after `sleep 0; ` (which runs for real) through a
  // random sequence of advances, kills and output takes, including before the process's start.
  const fc = (await import('fast-check')).default;
  const command = fc.constantFrom(
    'echo done', 'echo -n partial', 'echo -e "a\\tb\\c"', 'echo -e "x\\ny"', "echo 'SSD OK'", 'echo', 'true', 'false', 'exit 3', 'exit', 'exit 300', ':',
    'exit nope', 'x=1 true', 'echo $x', 'hostname', 'pwd', 'set -e',
  );
  const script = scriptsOf(fc, command, 5);
  const op = fc.oneof(
    fc.integer({ min: -2, max: 3 }).map((s) => ({ kind: 'advance' as const, s })),
    fc.integer({ min: -2, max: 3 }).map((s) => ({ kind: 'kill' as const, s })),
    fc.constant({ kind: 'take' as const, s: 0 }),
  );
  const trace = (argv: string[], startMs: number, ops: { kind: 'advance' | 'kill' | 'take'; s: number }[]) => {
    const p = startProcess(argv, newFs(), startMs, { HOSTNAME: 'pod', PATH: '/bin' });
    // Times as offsets from the start, so that processes started at different times compare.
    const state = (st: ProcessState) => (st.state === 'exited' ? { ...st, atMs: st.atMs - startMs } : { ...st, nextWakeMs: st.nextWakeMs === undefined ? undefined : st.nextWakeMs - startMs });
    const take = () => p.takeOutput().map((l) => ({ ...l, atMs: l.atMs - startMs }));
    const out: unknown[] = [];
    for (const o of ops) {
      if (o.kind === 'advance') out.push(state(p.advance(startMs + o.s * SECOND)));
      else if (o.kind === 'kill') out.push(p.kill(startMs + o.s * SECOND), state(p.advance(startMs + o.s * SECOND)));
      else out.push(take());
    }
    out.push(state(p.advance(startMs + 10 * SECOND)), take(), take());
    return out;
  };
  fc.assert(
    fc.property(script, fc.array(op, { maxLength: 6 }), fc.boolean(), (s, ops, errexit) => {
      const flags = errexit ? ['-e', '-c'] : ['-c'];
      const twin = trace(['sh', ...flags, `sleep 0; ${s}`], T0, ops);
      // Twice: the first start works the replay out, the second (later) one replays it.
      assert.deepEqual(trace(['sh', ...flags, s], T0, ops), twin, s);
      assert.deepEqual(trace(['sh', ...flags, s], T0 + 3600 * SECOND, ops), twin, s);
    }),
    { numRuns: 400 },
  );
  // The replay is what runs `echo done` (so the property above compares it, not the shell twice).
  assert.equal(startProcess(['sh', '-c', 'echo done'], newFs(), T0).constructor.name, 'ReplayedProcess');
  assert.notEqual(startProcess(['sh', '-c', 'echo $HOSTNAME'], newFs(), T0).constructor.name, 'ReplayedProcess');
  // The command line last replayed is replayed without being taken apart again, unless a file
  // takes the shell's path: then the kernel runs that file, as it would have the first time.
  const done = { state: { state: 'exited', exitCode: 0, atMs: T0 }, output: ['+0 stdout done'] };
  assert.deepEqual(run('echo done', { argv0: '/bin/ash' }), done);
  assert.deepEqual(run('echo done', { argv0: '/bin/ash' }), done);
  const hijacked = newFs({ '/bin/ash': '#!/bin/sh\necho "file $0 $1 $2"\n', '/ash': '#!/bin/sh\necho "file $0"\n' });
  assert.deepEqual(run('echo done', { argv0: '/bin/ash', fs: hijacked }), { state: { state: 'exited', exitCode: 0, atMs: T0 }, output: ['+0 stdout file /bin/ash -c echo done'] });
  assert.deepEqual(run('echo done', { argv0: 'ash', fs: hijacked }), done);
  assert.deepEqual(run('echo done', { argv0: 'ash', fs: hijacked }), done);
});

test('a script that only prints more lines than a process keeps replays the same newest lines as its twin', () => {
  const script = Array.from({ length: 25_000 }, (_, i) => `echo line${i}`).join('\n');
  const outcome = (text: string) => {
    const p = startProcess(['sh', '-c', text], newFs(), T0);
    return { state: p.advance(T0 + SECOND), output: p.takeOutput(), kind: p.constructor.name };
  };
  const replayed = outcome(script);
  const twin = outcome(`sleep 0; ${script}`);
  assert.equal(replayed.kind, 'ReplayedProcess');
  assert.deepEqual(replayed.state, twin.state);
  assert.equal(replayed.output.length, 10_000);
  assert.deepEqual(replayed.output, twin.output);
});
