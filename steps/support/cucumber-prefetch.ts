// A cucumber plugin (cucumber.mjs lists it): as cucumber prepares the scenarios it will run, it counts
// their "cucumber runs the feature:" steps, and the cucumber processes for them start ahead
// (steps/support/cucumber-run.ts: at most two waiting), so that their start-up, most of a
// second each, overlaps the scenarios before them instead of holding up the steps. A
// run prints and does the same either way.
//
// It lives in this process's copy of cucumber-run.ts, which the steps use when the scenarios run in
// this process. When they run in worker processes (--parallel), the first scenario that starts in
// a worker shows it, and the process started here is ended unused; so is one started for a
// scenario that is then filtered out (a tag expression, a line number).
import type { Plugin } from '@cucumber/cucumber/api';
import { RUNS_THE_FEATURE, RUN_OPTIONS, expectCucumberRuns, stopCucumberStandbys } from './cucumber-run.ts';

const plugin: Plugin = {
  type: 'plugin',
  coordinator({ on, operation }) {
    if (operation !== 'runCucumber') return;
    // Every scenario of the features read is a pickle; those that will run get a test case.
    const usesByPickle = new Map<string, number>();
    let runs = 0;
    let inWorkers = false;
    on('message', (envelope) => {
      if (envelope.pickle) {
        const uses = envelope.pickle.steps.filter((s) => s.text === RUNS_THE_FEATURE).length;
        if (uses === 0) return;
        usesByPickle.set(envelope.pickle.id, uses);
        // The first process starts at once, while cucumber is still loading the steps; whether the
        // scenario will run (it may be filtered out) is known a little later.
        if (!inWorkers) expectCucumberRuns(1, RUN_OPTIONS);
      } else if (envelope.testCase && !inWorkers) {
        const uses = usesByPickle.get(envelope.testCase.pickleId) ?? 0;
        if (uses > 0) expectCucumberRuns((runs += uses), RUN_OPTIONS);
      } else if (!inWorkers && envelope.testCaseStarted?.workerId !== undefined) {
        inWorkers = true;
        stopCucumberStandbys();
      }
    });
  },
};

export default plugin;
