// Workloads: the seed's Deployment in one line, and manifests applied as `kubectl apply -f`.
import { Given, When } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine, fail } from './support/expect.ts';

/** The seed's Deployment `kubia` (image luksa/kubia, port 8080, selector app=kubia) with N
 * replicas, created and then waited for until its rollout is complete (`kubectl rollout status`). */
Given('a Deployment with {int} replica(s)', function (this: KubeWorld, replicas: number) {
  const r = engine(this, () => this.scenario.givenDeployment('kubia', replicas));
  if (r.exitCode !== 0) fail(this, `creating the Deployment failed:\n${r.output}`);
});

/** The same Deployment under another name: selector and pod label app=<name>, container <name>. */
Given('a Deployment {string} with {int} replica(s)', function (this: KubeWorld, name: string, replicas: number) {
  const r = engine(this, () => this.scenario.givenDeployment(name, replicas));
  if (r.exitCode !== 0) fail(this, `creating the Deployment failed:\n${r.output}`);
});

/** `kubectl apply -f -` with the doc string (several YAML documents allowed); the scenario fails
 * if kubectl does. */
When('I apply the manifest:', function (this: KubeWorld, manifest: string) {
  const r = engine(this, () => this.scenario.applyManifest(manifest));
  if (r.exitCode !== 0) fail(this, `kubectl apply failed (exit ${r.exitCode}):\n${r.output}`);
});

/** `kubectl apply -f -` keeping the output and exit status, for a manifest meant to fail. */
When('I try to apply the manifest:', function (this: KubeWorld, manifest: string) {
  engine(this, () => this.scenario.applyManifest(manifest));
});

/** `kubectl apply -f <file>`, the path relative to the feature file, then features/manifests/;
 * the scenario fails if kubectl does. */
When('I apply {string}', function (this: KubeWorld, path: string) {
  const r = engine(this, () => this.scenario.applyFile(path));
  if (r.exitCode !== 0) fail(this, `kubectl apply -f ${path} failed (exit ${r.exitCode}):\n${r.output}`);
});

/** `kubectl apply -f <file>` keeping the output and exit status. */
When('I try to apply {string}', function (this: KubeWorld, path: string) {
  engine(this, () => this.scenario.applyFile(path));
});
