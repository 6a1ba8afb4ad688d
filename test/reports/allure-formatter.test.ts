import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sectionOf } from '../../reports/allure-formatter.ts';

test("features are filed under their folder's section, named as the seed names its sections", () => {
  assert.equal(sectionOf('features/deployments/scaling.feature'), 'Deployments');
  assert.equal(sectionOf('features/label-selectors/match-expressions.feature'), 'Label selectors');
  assert.equal(sectionOf('features/liveness-probes/kubia-liveness.feature'), 'Liveness probes');
  assert.equal(sectionOf('features/daemonsets/x.feature'), 'DaemonSets');
  assert.equal(sectionOf('features/cronjobs/x.feature'), 'CronJobs');
  assert.equal(sectionOf('features/node-failure/x.feature'), 'Node failure');
  assert.equal(sectionOf('one.feature'), 'Other');
});
