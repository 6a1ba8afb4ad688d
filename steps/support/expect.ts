// Assertions that explain themselves: a failure says what was expected, what was found, and
// shows the cluster (pods, recent events, virtual time, seed) with the command to rerun it.
import { UserError } from '../../engine/errors.ts';
import type { KubeWorld } from './world.ts';

export class ScenarioAssertionError extends Error {
  override name = 'AssertionError';
}

export function fail(world: KubeWorld, message: string): never {
  throw new ScenarioAssertionError(`${message}\n\n${world.scenario.describeState()}\n\nrerun: ${world.rerunCommand()}`);
}

/** Runs one engine call; a user mistake (bad step argument, missing file) fails the step with its message, no stack trace. */
export function engine<T>(world: KubeWorld, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof UserError) {
      const err = new ScenarioAssertionError(e.message);
      err.stack = `${err.name}: ${e.message}`;
      throw err;
    }
    throw e;
  }
}

/** Trailing white space on each line and at the end does not count. */
export function normalizeOutput(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}

/** One diff of expected against actual, line by line: `-` expected only, `+` actual only. */
export function lineDiff(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  // Longest common subsequence, fine for command-sized outputs.
  const n = e.length;
  const m = a.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = e[i] === a[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  // Within a change, the expected lines come first, as in a unified diff.
  while (i < n || j < m) {
    if (i < n && j < m && e[i] === a[j]) {
      out.push(`  ${e[i]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`- ${e[i++]}`);
    else out.push(`+ ${a[j++]}`);
  }
  return out.join('\n');
}
