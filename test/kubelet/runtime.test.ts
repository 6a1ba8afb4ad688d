// The simulated container runtime: a container knows when its script exits (a script that is over
// at once needs no scout run, one that sleeps is scouted ahead), its logs never show the future,
// and an exec in the container changes its files without changing when the script exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerInstance } from '../../engine/kubelet/runtime.ts';
import { IMAGE_CATALOG } from '../../engine/kubelet/images.ts';
import { startProcess } from '../../engine/kubelet/shell.ts';

const T0 = Date.UTC(2020, 5, 7, 22, 36, 4);
const SECOND = 1000;
const BUSYBOX = IMAGE_CATALOG.busybox;

function container(script: string, mounts: string[] = []): ContainerInstance {
  return new ContainerInstance('containerd://x', BUSYBOX, T0, '10.244.1.2', ['sh', '-c', script], { HOSTNAME: 'pod' }, mounts);
}

/** The script run alone to its end: when and how it exits, and all it prints. */
function reference(script: string, mounts: string[] = []): { exit: { atMs: number; exitCode: number } | undefined; lines: string[] } {
  const p = startProcess(['sh', '-c', script], { files: new Map(mounts.map((m) => [`${m}/`, ''])) }, T0, { HOSTNAME: 'pod' });
  const r = p.advance(T0 + 2 * 3600 * SECOND);
  const lines = p.takeOutput().map((l) => `${l.atMs - T0} ${l.text}`);
  return { exit: r.state === 'exited' ? { atMs: r.atMs, exitCode: r.exitCode } : undefined, lines };
}

const SCRIPTS = [
  'echo done',
  'exit 3',
  'echo one; echo two; false',
  'hostname; ls /data',
  'hostname; ls /data/',
  'echo start; sleep 30; echo end',
  'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 1; done; exit 7',
  "while true; do echo 'SSD OK'; sleep 5; done",
  'sleep infinity',
];

test('a container reports the exit its script makes, whether it is over at once or sleeps first', () => {
  for (const script of SCRIPTS) {
    const expected = reference(script, ['/data']);
    const c = container(script, ['/data']);
    const next = c.nextExit(T0);
    if (expected.exit) assert.deepEqual(next, expected.exit, script);
    else assert.deepEqual(next, { recheckAtMs: T0 + 3600 * SECOND }, script);
    // Asked again (a recheck), the answer holds.
    if (expected.exit) assert.deepEqual(c.nextExit(T0 + SECOND), expected.exit, script);
  }
});

test('logs read at any time show what the script printed by then, the same as a process run alone', () => {
  for (const script of SCRIPTS) {
    const expected = reference(script);
    for (const readAt of [0, 1, 2, 29, 30, 31, 3600]) {
      const c = container(script);
      c.nextExit(T0);
      const got = c.logLines(T0 + readAt * SECOND).map((l) => `${l.atMs - T0} ${l.text}`);
      assert.deepEqual(got, expected.lines.filter((l) => Number(l.split(' ')[0]) <= readAt * SECOND), `${script} at +${readAt}s`);
    }
  }
});

test('an exec before the first look ahead changes the files, not when the script exits', () => {
  // The scout runs from the files as the container started: the exit stays the script's own.
  const script = 'sleep 10; cat /tmp/flag';
  const c = container(script);
  assert.deepEqual(c.exec(['touch', '/tmp/flag'], T0, 1000), { ok: true, output: '' });
  assert.deepEqual(c.nextExit(T0), reference(script).exit);
  assert.deepEqual(c.nextExit(T0), { atMs: T0 + 10 * SECOND, exitCode: 1 });
  // The real process sees the exec's file.
  c.exit(T0 + 10 * SECOND, 0);
  assert.deepEqual(c.logLines(T0 + 10 * SECOND), []);
});

test('a script that is over at once exits at its start, with its output logged then', () => {
  const c = container('echo done');
  assert.deepEqual(c.nextExit(T0), { atMs: T0, exitCode: 0 });
  c.exit(T0, 0);
  assert.deepEqual(c.logLines(T0 + 60 * SECOND), [{ atMs: T0, text: 'done' }]);
  assert.equal(c.reason, 'Completed');
});
