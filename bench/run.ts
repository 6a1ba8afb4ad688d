// `npm run bench [-- <name>…] [--runs=N]`: runs each benchmark N times (5 by default) and prints
// one line per benchmark on stdout, exactly `<name>: <median> ms`. Progress and failures go to
// stderr. A benchmark whose end state is wrong fails loudly: its line is not printed, the error
// is, and the exit code is 1.
//
// Every repetition of every benchmark runs in a fresh child process, so each starts with a cold
// JIT and an empty heap and the repetitions are comparable.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSeedSuite } from './seed-suite.ts';
import type { Deployment10kResult } from './deployment-10k.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const DEFAULT_RUNS = 5;

interface Benchmark {
  name: string;
  /** One repetition: its time in ms, and a note for the progress line. */
  run: () => { ms: number; note?: string };
}

const BENCHMARKS: Benchmark[] = [
  { name: 'deployment-10k', run: runDeployment10kChild },
  { name: 'seed-suite', run: runSeedSuite },
  { name: 'probes-1k-1h', run: () => runChild('probes-1k-1h.ts', (r) => `${(r as { probes: number }).probes} probes, ${(r as { loopEvents: number }).loopEvents} loop events`) },
  { name: 'job-10k', run: () => runChild('job-10k.ts', (r) => `${(r as { virtualMs: number }).virtualMs / 1000} s virtual, ${(r as { loopEvents: number }).loopEvents} loop events`) },
  { name: 'cronjob-30d', run: () => runChild('cronjob-30d.ts', (r) => `${(r as { jobsCreated: number }).jobsCreated} Jobs, ${(r as { loopEvents: number }).loopEvents} loop events`) },
  { name: 'nodes-1k-failure', run: () => runChild('nodes-1k-failure.ts', (r) => { const x = r as { setupMs: number; virtualMs: number; evicted: number }; return `after ${Math.round(x.setupMs)} ms of set-up; ${x.evicted} pods evicted over ${x.virtualMs / 1000} s virtual`; }) },
];

/** A benchmark file run in its own process, printing `{ ms, … }` as its last line of JSON. */
function runChild(file: string, note: (result: object) => string): { ms: number; note: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, file)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`${file} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as { ms: number };
  return { ms: result.ms, note: note(result) };
}

/** deployment-10k in its own process; the child times itself from before the cluster is built. */
function runDeployment10kChild(): { ms: number; note: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'deployment-10k.ts')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`the deployment-10k process exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Deployment10kResult;
  return { ms: result.ms, note: `${result.virtualMs / 1000} s virtual, ${result.loopEvents} loop events` };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function parseArgs(argv: string[]): { filters: string[]; runs: number } {
  const filters: string[] = [];
  let runs = DEFAULT_RUNS;
  for (const arg of argv) {
    const runsFlag = /^--runs=(\d+)$/.exec(arg);
    if (runsFlag) runs = Number(runsFlag[1]);
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else filters.push(arg);
  }
  if (runs < 3) usage('--runs must be at least 3 (the median of fewer says little)');
  return { filters, runs };
}

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run bench [-- <name>…] [--runs=N]; benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}

const { filters, runs } = parseArgs(process.argv.slice(2));
const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
if (selected.length === 0) usage(`no benchmark matches ${filters.join(', ')}`);

let failed = false;
for (const bench of selected) {
  const times: number[] = [];
  try {
    for (let i = 1; i <= runs; i++) {
      const { ms, note } = bench.run();
      times.push(ms);
      process.stderr.write(`  ${bench.name} run ${i}/${runs}: ${ms.toFixed(1)} ms${note ? ` (${note})` : ''}\n`);
    }
  } catch (e) {
    failed = true;
    process.stderr.write(`${bench.name} FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    continue;
  }
  process.stdout.write(`${bench.name}: ${Math.round(median(times))} ms\n`);
}
process.exitCode = failed ? 1 : 0;
