// A cucumber plugin (cucumber.mjs lists it) for the "cucumber runs the feature:" steps, which run
// a feature in a cucumber process of its own (steps/support/cucumber-run.ts). As cucumber prepares
// the scenarios it will run, it counts those steps, and processes for them start ahead (at most
// two waiting), so that their start-up, most of a second each, overlaps the scenarios before them.
// When the scenarios start (the first one's Before hook), the runs that are their scenario's first
// step start too: nothing before such a step can change what its run sees (the feature text, the
// environment, the project's files), so the step finds the same run done, or under way. A run
// prints and does the same either way.
//
// It lives in this process's copy of cucumber-run.ts, which the steps use when the scenarios run in
// this process. When they run in worker processes (--parallel), the first scenario that starts in
// a worker shows it: nothing is run here, and the processes started here are ended unused; so is
// one started for a scenario that is then filtered out (a tag expression, a line number).
import type { Plugin } from '@cucumber/cucumber/api';
import { RUNS_THE_FEATURE, RUN_OPTIONS, expectCucumberRuns, noteRunToPrefetch, stopCucumberStandbys } from './cucumber-run.ts';

const plugin: Plugin = {
  type: 'plugin',
  coordinator({ on, operation }) {
    if (operation !== 'runCucumber') return;
    // Every scenario of the features read is a pickle; those that will run get a test case.
    const usesByPickle = new Map<string, number>();
    /** The feature a pickle's first step runs. */
    const firstStepRuns = new Map<string, string>();
    let runs = 0;
    let inWorkers = false;
    on('message', (envelope) => {
      if (envelope.pickle) {
        const uses = envelope.pickle.steps.filter((s) => s.text === RUNS_THE_FEATURE).length;
        if (uses === 0) return;
        usesByPickle.set(envelope.pickle.id, uses);
        const first = envelope.pickle.steps[0];
        const featureText = first?.text === RUNS_THE_FEATURE ? first.argument?.docString?.content : undefined;
        if (featureText !== undefined) firstStepRuns.set(envelope.pickle.id, featureText);
        // The first process starts at once, while cucumber is still loading the steps; whether the
        // scenario will run (it may be filtered out) is known a little later.
        if (!inWorkers) expectCucumberRuns(1, RUN_OPTIONS);
      } else if (envelope.testCase && !inWorkers) {
        const uses = usesByPickle.get(envelope.testCase.pickleId) ?? 0;
        if (uses > 0) expectCucumberRuns((runs += uses), RUN_OPTIONS);
        const featureText = firstStepRuns.get(envelope.testCase.pickleId);
        // Started by the first scenario's Before hook (steps/support/hooks.ts): hooks run only when
        // the scenarios run in this process, and not in a dry run.
        if (featureText !== undefined) noteRunToPrefetch(featureText);
      } else if (!inWorkers && envelope.testCaseStarted?.workerId !== undefined) {
        inWorkers = true;
        stopCucumberStandbys();
      }
    });
  },
};

export default plugin;
