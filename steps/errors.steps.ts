// Steps for what a user sees when something is wrong: a command's exact output and exit status,
// and a feature run by a cucumber of its own, with this project's steps, so that what a user sees
// when a step is mistyped or its argument is wrong (the step's message, cucumber's snippet, the
// exit status, no stack trace) is checked as it really is.
import { Then, When } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { fail, lineDiff, normalizeOutput } from './support/expect.ts';
import { RUNS_THE_FEATURE, RUN_OPTIONS, expectCucumberRuns, runFeatureText, stopCucumberStandbys, stepOutcomes, takePrefetched, type CucumberRun, type StepOutcome } from './support/cucumber-run.ts';

const runs = new WeakMap<KubeWorld, { run: CucumberRun; steps: StepOutcome[] }>();

/** How many runs of the scenario are still to come. */
const ownRunsLeft = new WeakMap<KubeWorld, number>();

/**
 * Whether another run is to come after this one, in this scenario or a later one of its feature.
 * A cucumber process spends most of its time starting (cucumber, the engine): the process for
 * that run is started together with this one's, to be ready by then (steps/support/cucumber-run.ts;
 * the first run's is started when the run begins, by steps/support/cucumber-prefetch.ts). What
 * each run prints and does is the same either way.
 */
function anotherRunAhead(world: KubeWorld): boolean {
  const { pickle, gherkinDocument } = world;
  if (!pickle || !gherkinDocument) return false;
  const own = ownRunsLeft.get(world) ?? pickle.steps.filter((s) => s.text === RUNS_THE_FEATURE).length;
  ownRunsLeft.set(world, own - 1);
  if (own > 1) return true;
  let passed = false;
  for (const child of gherkinDocument.feature?.children ?? []) {
    for (const scenario of [child.scenario, ...(child.rule?.children.map((c) => c.scenario) ?? [])]) {
      if (!scenario) continue;
      if (passed && scenario.steps.some((s) => s.text === RUNS_THE_FEATURE)) return true;
      if (scenario.id === pickle.astNodeIds[0]) passed = true;
    }
  }
  return false;
}

// Started processes that no run took are ended with this process.
process.once('exit', stopCucumberStandbys);

function lastRun(world: KubeWorld) {
  const last = runs.get(world);
  if (!last) fail(world, 'no feature has run yet: add a step such as When cucumber runs the feature: before this one');
  return last;
}

/** The one step of the run written so (keyword and text), which must be unique in the feature. */
function stepOf(world: KubeWorld, step: string): StepOutcome {
  const { steps, run } = lastRun(world);
  const found = steps.filter((s) => s.step === step);
  if (found.length !== 1) fail(world, `the feature has ${found.length} steps "${step}" (there must be exactly one); the run printed:\n${run.output}`);
  return found[0]!;
}

/** The last command exited with that status (kubectl exits 1 on every error it reports) and printed
 * exactly the doc string (stdout and stderr as a terminal shows them; trailing white space aside). */
Then('the command exits with status {int}, printing:', function (this: KubeWorld, status: number, expected: string) {
  const last = this.scenario.last;
  if (!last) fail(this, 'no command has run yet: add a step such as When I run "kubectl get pods" before this one');
  const want = normalizeOutput(expected);
  const got = normalizeOutput(last.output);
  if (last.exitCode !== status || want !== got) {
    fail(this, `"${last.command}" exited with status ${last.exitCode}, printing (- expected, + actual):\n${lineDiff(want, got)}`);
  }
});

/** Runs the doc string as a feature file of its own, in a cucumber process with this project's
 * steps and KS_REPORT=0, keeping what it printed, its exit status and each step's outcome. As its
 * scenario's first step, its run starts when the scenarios begin (nothing before it could change
 * what the run sees) and the step takes the result; elsewhere its process is started ahead and
 * the run costs a few hundred ms. One such run should hold several scenarios. */
When(RUNS_THE_FEATURE, { timeout: 300_000 }, async function (this: KubeWorld, featureText: string) {
  // A run started when the test run began (steps/support/cucumber-prefetch.ts), or one now: this
  // run's process, and one more if another run is to come.
  let run = await takePrefetched(featureText, RUN_OPTIONS);
  if (!run) {
    expectCucumberRuns(anotherRunAhead(this) ? 2 : 1, RUN_OPTIONS);
    run = await runFeatureText(featureText, RUN_OPTIONS);
  }
  if (run.envelopes.length === 0) fail(this, `cucumber did not run the feature (exit ${run.exitCode}):\n${run.output}`);
  runs.set(this, { run, steps: stepOutcomes(run.envelopes) });
});

/** In that run, the step (keyword and text, unique in the feature) failed, and its message is
 * exactly the doc string. */
Then('its step {string} failed with:', function (this: KubeWorld, step: string, expected: string) {
  const outcome = stepOf(this, step);
  if (outcome.status !== 'FAILED') fail(this, `"${step}" did not fail: it is ${outcome.status}`);
  const want = normalizeOutput(expected);
  const got = normalizeOutput(outcome.message ?? '');
  if (want !== got) fail(this, `"${step}" failed with other words (- expected, + actual):\n${lineDiff(want, got)}`);
});

/** In that run, the step had no definition (cucumber's UNDEFINED). */
Then('its step {string} was undefined', function (this: KubeWorld, step: string) {
  const outcome = stepOf(this, step);
  if (outcome.status !== 'UNDEFINED') fail(this, `"${step}" is ${outcome.status}, not UNDEFINED`);
});

/** In that run, every step of the scenario with that name passed. */
Then('its scenario {string} passed', function (this: KubeWorld, scenario: string) {
  const { steps, run } = lastRun(this);
  const own = steps.filter((s) => s.scenario === scenario);
  if (own.length === 0) fail(this, `the feature has no scenario "${scenario}"; the run printed:\n${run.output}`);
  const bad = own.filter((s) => s.status !== 'PASSED');
  if (bad.length > 0) fail(this, `scenario "${scenario}" did not pass:\n${bad.map((s) => `${s.step}: ${s.status}${s.message ? `\n${s.message}` : ''}`).join('\n')}`);
});

/** What the run printed contains the doc string (trailing white space aside). */
Then('its output contains:', function (this: KubeWorld, expected: string) {
  const { run } = lastRun(this);
  if (!normalizeOutput(run.output).includes(normalizeOutput(expected))) fail(this, `the run's output does not contain the text; it is:\n${run.output}`);
});

/** The run exited with that status (cucumber exits 1 when a scenario failed or a step is undefined). */
Then('it exited with status {int}', function (this: KubeWorld, status: number) {
  const { run } = lastRun(this);
  if (run.exitCode !== status) fail(this, `the run exited with status ${run.exitCode}; it printed:\n${run.output}`);
});

/** Nothing the run printed is a stack trace (a line such as `    at f (file.ts:3:9)`). */
Then('its output shows no stack trace', function (this: KubeWorld) {
  const { run } = lastRun(this);
  const frame = /^\s+at .*\d+:\d+\)?$/m.exec(run.output);
  if (frame) fail(this, `the run printed a stack trace, starting at "${frame[0].trim()}":\n${run.output}`);
});
