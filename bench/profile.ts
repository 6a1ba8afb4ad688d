// `node --import tsx bench/profile.ts [--top=N]`: one cold repetition of deployment-10k under
// V8's sampling profiler (the one `node --cpu-prof` uses), then a summary: the functions with the
// most self time, the files they are in, and the engine functions with the most total time.
// Profiling in-process lets positions be mapped back to the TypeScript source through the source
// maps tsx registers, so every row names a real file:line. The raw .cpuprofile is kept too, for
// Chrome DevTools or speedscope.
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDeployment10k } from './deployment-10k.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const REPO_ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const SAMPLING_INTERVAL_US = 250;

/** `engine/loop.ts:41 pop` for our own code, `node:internal/… name` or `(garbage collector)` otherwise. */
function locate(frame: CallFrame): { where: string; file: string } {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return { where: name, file: name.startsWith('(') ? name : '(native)' };
  const entry = findSourceMap(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  const source = entry && 'originalSource' in entry ? entry.originalSource : frame.url;
  const line = entry && 'originalLine' in entry ? entry.originalLine + 1 : frame.lineNumber + 1;
  const file = source.startsWith('file:') ? relative(REPO_ROOT, fileURLToPath(source)) : source;
  return { where: `${file}:${line} ${name}`, file };
}

/** Self and total ms per function (a recursive function's total counts each sample once). */
function summarise(profile: CpuProfile): { totalMs: number; self: Map<string, number>; inclusive: Map<string, number>; byFile: Map<string, number> } {
  const parent = new Map<number, number>();
  const nodes = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    nodes.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const located = new Map<number, { where: string; file: string }>();
  const at = (id: number) => {
    let l = located.get(id);
    if (!l) located.set(id, (l = locate(nodes.get(id)!.callFrame)));
    return l;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byFile = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    // A sample lasts until the next one; V8 records the gap before each sample.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    totalMs += ms;
    add(self, at(id).where, ms);
    add(byFile, at(id).file, ms);
    const onStack = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) onStack.add(at(n).where);
    for (const where of onStack) add(inclusive, where, ms);
  });
  return { totalMs, self, inclusive, byFile };
}

function table(title: string, rows: Map<string, number>, totalMs: number, top: number, keep: (k: string) => boolean = () => true): string {
  const sorted = [...rows].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
  return [title, ...sorted.map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)} %  ${k}`)].join('\n');
}

const top = Number(/^--top=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 25);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
await session.post('Profiler.start');
const result = runDeployment10k();
const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
session.disconnect();

const out = join(tmpdir(), `deployment-10k-${process.pid}.cpuprofile`);
writeFileSync(out, JSON.stringify(profile));
const { totalMs, self, inclusive, byFile } = summarise(profile);
console.log(`deployment-10k under the profiler: ${result.ms.toFixed(0)} ms (${totalMs.toFixed(0)} ms sampled); raw profile ${out}\n`);
console.log(table('self time by function', self, totalMs, top));
console.log(`\n${table('self time by file', byFile, totalMs, top)}`);
console.log(`\n${table('total time (self + callees) of engine functions', inclusive, totalMs, top, (k) => k.startsWith('engine/'))}`);
