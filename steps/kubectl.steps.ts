// Running kubectl and checking what it printed.
import { Then, When } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine, fail, lineDiff, normalizeOutput } from './support/expect.ts';

/** Runs a kubectl command line, split as a shell splits it; `VAR=$(kubectl …)` keeps the output
 * in VAR and `$VAR` uses it. The output and exit status are kept for the steps that check them.
 * The pattern is a regular expression rather than {string}, so the command may hold double quotes
 * as typed in a shell: `kubectl get pods -o jsonpath='{.items[*].metadata.name}{"\n"}'`. */
When(/^I run "(.*)"$/, function (this: KubeWorld, command: string) {
  engine(this, () => this.scenario.run(command));
});

function lastRun(world: KubeWorld) {
  const last = world.scenario.last;
  if (!last) fail(world, 'no command has run yet: add a step such as When I run "kubectl get pods" before this one');
  return last;
}

/** The last command's output (stdout and stderr in the order written) equals the doc string,
 * but for trailing white space on each line and at the end. */
Then('the output is:', function (this: KubeWorld, expected: string) {
  const last = lastRun(this);
  const want = normalizeOutput(expected);
  const got = normalizeOutput(last.output);
  if (want !== got) fail(this, `the output of "${last.command}" differs (- expected, + actual):\n${lineDiff(want, got)}`);
});

/** The last command's output contains the text. */
Then('the output contains {string}', function (this: KubeWorld, text: string) {
  const last = lastRun(this);
  if (!last.output.includes(text)) fail(this, `the output of "${last.command}" does not contain ${JSON.stringify(text)}; it is:\n${last.output}`);
});

/** The last command's output does not contain the text. */
Then('the output does not contain {string}', function (this: KubeWorld, text: string) {
  const last = lastRun(this);
  if (last.output.includes(text)) fail(this, `the output of "${last.command}" contains ${JSON.stringify(text)}; it is:\n${last.output}`);
});

/** The last command's whole output matches a JavaScript regular expression. */
Then('the output matches {string}', function (this: KubeWorld, pattern: string) {
  const last = lastRun(this);
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    return fail(this, `${JSON.stringify(pattern)} is not a valid JavaScript regular expression: ${(e as Error).message}`);
  }
  if (!re.test(last.output)) fail(this, `the output of "${last.command}" does not match /${pattern}/; it is:\n${last.output}`);
});

/** The last command exited non-zero and its output contains the doc string. */
Then('the command fails with:', function (this: KubeWorld, expected: string) {
  const last = lastRun(this);
  if (last.exitCode === 0) fail(this, `"${last.command}" succeeded, but it was expected to fail; it printed:\n${last.output}`);
  const want = normalizeOutput(expected);
  if (!normalizeOutput(last.output).includes(want)) fail(this, `"${last.command}" failed (exit ${last.exitCode}) with other words (- expected, + actual):\n${lineDiff(want, normalizeOutput(last.output))}`);
});

/** The last command exited 0. */
Then('the command succeeds', function (this: KubeWorld) {
  const last = lastRun(this);
  if (last.exitCode !== 0) fail(this, `"${last.command}" failed (exit ${last.exitCode}):\n${last.output}`);
});

/** Runs a kubectl command and checks that it printed nothing at all (a `get` with no rows prints
 * "No resources found" on stderr, which counts as nothing here). */
Then('the output of {string} is empty', function (this: KubeWorld, command: string) {
  const r = engine(this, () => this.scenario.run(command));
  const out = r.exitCode === 0 ? r.stdout : r.output;
  if (out.trim() !== '') fail(this, `"${command}" printed (exit ${r.exitCode}):\n${r.output}`);
});
