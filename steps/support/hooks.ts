// Hooks: remember which scenario runs (for manifest paths and the rerun command), and when a
// step fails, attach the cluster's state so the report shows what the cluster did.
import { After, Before, Status } from '@cucumber/cucumber';
import type { KubeWorld } from './world.ts';
import { startNotedRuns } from './cucumber-run.ts';

Before(function (this: KubeWorld, { pickle, gherkinDocument }) {
  // The "cucumber runs the feature:" runs that can start now (steps/support/cucumber-prefetch.ts).
  startNotedRuns();
  this.featureUri = pickle.uri;
  this.pickle = pickle;
  this.gherkinDocument = gherkinDocument;
  const scenarioId = pickle.astNodeIds[0];
  const child = gherkinDocument.feature?.children.find((c) => c.scenario?.id === scenarioId || c.rule?.children.some((r) => r.scenario?.id === scenarioId));
  this.scenarioLine = child?.scenario?.location.line ?? child?.rule?.children.find((r) => r.scenario?.id === scenarioId)?.scenario?.location.line ?? 0;
  // Scenario outlines: the example row's line is the precise one.
  const exampleId = pickle.astNodeIds[1];
  if (exampleId) {
    for (const ex of child?.scenario?.examples ?? []) {
      const row = ex.tableBody.find((r) => r.id === exampleId);
      if (row) this.scenarioLine = row.location.line;
    }
  }
});

After(function (this: KubeWorld, { result }) {
  if (result?.status === Status.FAILED) {
    this.attach(`${this.scenario.describeState()}\n\nrerun: ${this.rerunCommand()}\n`, { mediaType: 'text/plain', fileName: 'cluster at the failure, and the command to rerun' });
  }
});
