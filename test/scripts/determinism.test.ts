// A cheap version of `npm run determinism` for every `npm test`: a few features, run twice with the
// same seed (once with --parallel 2), must give byte-identical results: kubectl output, the state
// tables, timelines and event tables attached to the report, every step's status and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDifference, run, runInTwoWorkers, simulationResults, workerCount } from '../../scripts/determinism.ts';

/** Features that use generated names, scheduler tie-breaks, node failures and CronJob timing. */
const FEATURES = ['features/deployments/replacing-a-deleted-pod.feature', 'features/node-failure/node-goes-notready.feature', 'features/cronjobs/missed-starts.feature'];

test('the same seed gives byte-identical results, serially and with --parallel 2', () => {
  const serial = simulationResults(run(FEATURES, { KS_SEED: '1' }));
  const parallelRun = runInTwoWorkers(FEATURES, { KS_SEED: '1' });
  assert.equal(workerCount(parallelRun), 2);
  const parallel = simulationResults(parallelRun);
  assert.match(serial, /attachment image\/svg\+xml "timeline\.svg"/, 'the runs attach timelines');
  assert.equal(firstDifference(serial, parallel), undefined);
});

test('another seed changes generated names', () => {
  const one = simulationResults(run([FEATURES[0]!], { KS_SEED: '1' }));
  const two = simulationResults(run([FEATURES[0]!], { KS_SEED: '2' }));
  assert.notEqual(one, two);
});
