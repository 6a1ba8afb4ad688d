// `node --import tsx bench/reports.ts [--runs=N]`: what the reports cost.
// - scenarios: the whole built-in suite, N times with the reporting hooks (KS_REPORT=1: trace,
//   state tables after every When step, timeline and events per scenario) and N times without
//   (KS_REPORT=0), alternating, each a fresh cucumber process, with all of cucumber.mjs's
//   formatters. Compared two ways: cucumber's own "executing steps" wall time, and the process's
//   CPU time (bench/cpu-usage.mjs), which other load on a shared machine disturbs far less. The
//   CPU time the scenarios themselves take is a run's CPU time less that of a `--dry-run` (start-up,
//   loading, parsing); the overhead is the difference the reports make, over that. A third way,
//   the steadiest on a shared machine: the CPU time from the run's start to its last scenario's end
//   (bench/cpu-steps.mjs), the span "executing steps" times, without the report files written after
//   it (whose time varies by a second from one run to the next). (That formatter writes nothing:
//   it is given a file of its own, as only one formatter may write to stdout.)
// - report-generation: `generate()` (the Allure report and the step catalog page, as `npm run
//   report` does) from the results of one full run, N times.
// Prints `<name>: <median> ms` lines and the overhead in percent.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../reports/generate.ts';

const CUCUMBER = join(import.meta.dirname, '../node_modules/@cucumber/cucumber/bin/cucumber.js');
const CPU_USAGE = join(import.meta.dirname, 'cpu-usage.mjs');
const CPU_STEPS = join(import.meta.dirname, 'cpu-steps.mjs');
const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One run of the suite: cucumber's "executing steps" wall time, the process's CPU time and that of the steps' span, in ms. */
function suite(report: '0' | '1', outDir: string, extra: string[] = []): { stepsMs: number; cpuMs: number; stepsCpuMs: number } {
  const run = spawnSync(process.execPath, ['--import', CPU_USAGE, CUCUMBER, '--format', 'summary', '--format', `${CPU_STEPS}:${join(outDir, 'cpu-steps.txt')}`, ...extra], { encoding: 'utf8', env: { ...process.env, KS_REPORT: report, KS_REPORT_DIR: outDir }, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the suite failed (KS_REPORT=${report}):\n${run.stdout}${run.stderr}`);
  const steps = /executing steps: (\d+)m(\d+\.\d+)s/.exec(run.stdout);
  const cpu = /cpu-ms: (\d+)/.exec(run.stderr);
  const stepsCpu = /cpu-steps-ms: (\d+)/.exec(run.stderr);
  if (!steps || !cpu || !stepsCpu) throw new Error(`no "executing steps" or CPU time in:\n${run.stdout}${run.stderr}`);
  return { stepsMs: (Number(steps[1]) * 60 + Number(steps[2])) * 1000, cpuMs: Number(cpu[1]), stepsCpuMs: Number(stepsCpu[1]) };
}

const outDir = mkdtempSync(join(tmpdir(), 'ks-bench-reports-'));
try {
  const steps: Record<'0' | '1', number[]> = { '0': [], '1': [] };
  const cpu: Record<'0' | '1' | 'dry', number[]> = { '0': [], '1': [], dry: [] };
  const stepsCpu: Record<'0' | '1', number[]> = { '0': [], '1': [] };
  for (let i = 0; i < runs; i++) {
    for (const report of ['1', '0'] as const) {
      const r = suite(report, outDir);
      steps[report].push(r.stepsMs);
      cpu[report].push(r.cpuMs);
      stepsCpu[report].push(r.stepsCpuMs);
      process.stderr.write(`scenarios KS_REPORT=${report} run ${i + 1}: executing steps ${r.stepsMs.toFixed(0)} ms, CPU ${r.cpuMs} ms, CPU while executing steps ${r.stepsCpuMs} ms\n`);
    }
    cpu.dry.push(suite('0', outDir, ['--dry-run']).cpuMs);
  }
  // The results of the last run with the reporting hooks, for the report generation.
  suite('1', outDir);
  const generation: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { ms } = await generate(outDir);
    generation.push(ms);
    process.stderr.write(`report-generation run ${i + 1}: ${ms.toFixed(0)} ms\n`);
  }
  const percent = (more: number, base: number): string => `${(((more - base) / base) * 100).toFixed(1)} %`;
  console.log(`scenarios-with-reports (executing steps): ${median(steps['1']).toFixed(0)} ms`);
  console.log(`scenarios-without-reports (executing steps): ${median(steps['0']).toFixed(0)} ms`);
  console.log(`reporting overhead, wall: ${percent(median(steps['1']), median(steps['0']))}`);
  const scenariosCpu = median(cpu['0']) - median(cpu.dry);
  console.log(`scenarios-with-reports (CPU less dry run): ${(median(cpu['1']) - median(cpu.dry)).toFixed(0)} ms`);
  console.log(`scenarios-without-reports (CPU less dry run): ${scenariosCpu.toFixed(0)} ms`);
  console.log(`reporting overhead, CPU: ${percent(median(cpu['1']) - median(cpu.dry), scenariosCpu)}`);
  console.log(`scenarios-with-reports (CPU while executing steps): ${median(stepsCpu['1']).toFixed(0)} ms`);
  console.log(`scenarios-without-reports (CPU while executing steps): ${median(stepsCpu['0']).toFixed(0)} ms`);
  console.log(`reporting overhead, CPU while executing steps: ${percent(median(stepsCpu['1']), median(stepsCpu['0']))}`);
  console.log(`report-generation: ${median(generation).toFixed(0)} ms`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
