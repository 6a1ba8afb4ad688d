// The seed-suite benchmark: every feature through cucumber, as `npx cucumber-js --format summary`
// runs them, timed as one whole process (start-up, loading the step definitions through tsx,
// the scenarios, and writing the configured reports). Node runs cucumber's bin directly, so
// npx's own start-up (a few hundred ms of npm, nothing of ours) is left out.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CUCUMBER_BIN = join(dirname(createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json')), 'bin', 'cucumber.js');

/** One repetition: the suite's wall time in ms and cucumber's count of scenarios; throws, with cucumber's output, unless it exits 0. */
export function runSeedSuite(): { ms: number; note: string } {
  const startMs = performance.now();
  const result = spawnSync(process.execPath, [CUCUMBER_BIN, '--format', 'summary'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const ms = performance.now() - startMs;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`cucumber-js exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
  }
  // The suite grows as features are written, so each figure is reported with its size.
  const scenarios = /^\d+ scenarios? \([^)]*\)/m.exec(result.stdout)?.[0] ?? 'scenario count not found';
  return { ms, note: scenarios };
}
