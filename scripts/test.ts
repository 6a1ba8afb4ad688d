// `npm test`: type-check, engine unit tests, then every feature; ends with the one line CI reads,
// `N passed, N failed`, counting unit tests and scenarios.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function run(title: string, command: string, args: string[]): { status: number; output: string } {
  process.stdout.write(`\n== ${title}: ${command} ${args.join(' ')}\n`);
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } });
  const output = (r.stdout ?? '') + (r.stderr ?? '');
  process.stdout.write(output);
  return { status: r.status ?? 1, output };
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

let passed = 0;
let failed = 0;

const typecheck = run('type-check', 'npx', ['tsc', '--noEmit', '-p', '.']);
if (typecheck.status !== 0) failed++;

const unit = run('unit tests', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles('test')]);
const unitPass = Number(/ℹ pass (\d+)/.exec(unit.output)?.[1] ?? 0);
const unitFail = Number(/ℹ fail (\d+)/.exec(unit.output)?.[1] ?? 0);
passed += unitPass;
failed += unitFail + (unit.status !== 0 && unitFail === 0 ? 1 : 0);

const features = run('features', 'npx', ['cucumber-js', '--format', 'summary']);
const summary = /(\d+) scenarios? \(([^)]*)\)/.exec(features.output);
if (summary) {
  const counts = Object.fromEntries(summary[2].split(', ').map((part) => part.split(' ').reverse()));
  const scenarioPass = Number(counts.passed ?? 0);
  passed += scenarioPass;
  failed += Number(summary[1]) - scenarioPass;
} else if (features.status !== 0) failed++;
if (features.status !== 0 && summary && Number(summary[1]) === Number(/(\d+) passed/.exec(summary[2])?.[1] ?? -1)) failed++;

// The report in a real browser (test/browser/report.browser.ts) is checked in CI, where
// scripts/ensure-chromium.sh may install Debian's Chromium; `npm run test:browser` runs it anywhere.
if (process.env.CI === 'true') {
  const browser = run('browser check', process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/browser/report.browser.ts']);
  const browserFail = Number(/ℹ fail (\d+)/.exec(browser.output)?.[1] ?? 0);
  passed += Number(/ℹ pass (\d+)/.exec(browser.output)?.[1] ?? 0);
  failed += browserFail + (browser.status !== 0 && browserFail === 0 ? 1 : 0);
}

// In CI the whole suite also runs twice with one seed (once with --parallel 2) and must give
// byte-identical results, then under seeds 2-4 and in random order (scripts/determinism.ts).
if (process.env.CI === 'true') {
  const determinism = run('determinism', process.execPath, ['--import', 'tsx', 'scripts/determinism.ts']);
  if (determinism.status === 0) passed++;
  else failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || typecheck.status !== 0 ? 1 : 0);
