// A feature run in a standby process (steps/support/cucumber-run.ts, cucumber-standby.mjs), which
// serves one run after another, prints and reports what a cucumber process of its own does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_OPTIONS, expectCucumberRuns, runCucumber, runFeatureText, stepOutcomes, stopCucumberStandbys } from '../../steps/support/cucumber-run.ts';

const FEATURES = [
  'Feature: one\n  Scenario: time going back\n    When -5 minutes pass\n  Scenario: undefined\n    When I teleport the pod "web" to node m02\n',
  'Feature: two\n  Scenario: fine\n    When 1 minute passes\n    Then 0 pods run\n',
  'Feature: three\n  Scenario: a node that does not exist\n    When node m09 goes NotReady\n',
];

/** Output and outcomes without what differs from one run to another (file names, durations). */
function comparable(run: { exitCode: number; output: string; envelopes: Parameters<typeof stepOutcomes>[0] }) {
  const file = /\S*scenario\.feature/g;
  return {
    exitCode: run.exitCode,
    output: run.output.replace(file, 'FILE').replace(/\d+m\d+\.\d+s/g, 'T').replace(/ \(executing steps: [^)]*\)/g, ''),
    steps: stepOutcomes(run.envelopes).map((o) => ({ ...o, uri: 'FILE', attachments: o.attachments.map((a) => a.body.replace(file, 'FILE')) })),
  };
}

test('runs served one after another by one standby match runs in processes of their own', async () => {
  try {
    expectCucumberRuns(FEATURES.length, RUN_OPTIONS);
    const served = await Promise.all(FEATURES.map((text) => runFeatureText(text, RUN_OPTIONS)));
    FEATURES.forEach((text, i) => {
      const dir = mkdtempSync(join(tmpdir(), 'ks-feature-'));
      try {
        const file = join(dir, 'scenario.feature');
        writeFileSync(file, text);
        const own = runCucumber([file], RUN_OPTIONS);
        assert.deepEqual(comparable(served[i]!), comparable(own), `feature ${i + 1}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
    assert.deepEqual(served.map((r) => r.exitCode), [1, 0, 1]);
    assert.match(served[0]!.output, /Undefined\. Implement with the following snippet/);
  } finally {
    stopCucumberStandbys();
  }
});
