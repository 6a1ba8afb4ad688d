// A cucumber formatter for bench/reports.ts (`--format ./bench/cpu-steps.mjs`): prints on stderr
// `cpu-steps-ms: N`, the process's CPU time (user + system, all threads) from the test run's start
// to the end of its last test case, about the span cucumber's "executing steps" times: without
// start-up, and without what the formatters do once the run has finished (writing the report files),
// which varies a lot from run to run. (The end is taken at the last testCaseFinished because other
// formatters may hear testRunFinished first and do their writing then.)
import { Formatter } from '@cucumber/cucumber';

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export default class CpuStepsFormatter extends Formatter {
  constructor(options) {
    super(options);
    let startMs;
    let endMs;
    options.eventBroadcaster.on('envelope', (envelope) => {
      if (envelope.testRunStarted) startMs = cpuMs();
      else if (envelope.testCaseFinished) endMs = cpuMs();
      else if (envelope.testRunFinished && startMs !== undefined && endMs !== undefined) process.stderr.write(`cpu-steps-ms: ${(endMs - startMs).toFixed(0)}\n`);
    });
  }
}
