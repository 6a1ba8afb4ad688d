// Workloads: the seed's Deployment in one line, and manifests applied as `kubectl apply -f`.
import { Given, When } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine, fail } from './support/expect.ts';

Given('a Deployment with {int} replica(s)', function (this: KubeWorld, replicas: number) {
  const r = engine(this, () => this.scenario.givenDeployment('kubia', replicas));
  if (r.exitCode !== 0) fail(this, `creating the Deployment failed:\n${r.output}`);
});

Given('a Deployment {string} with {int} replica(s)', function (this: KubeWorld, name: string, replicas: number) {
  const r = engine(this, () => this.scenario.givenDeployment(name, replicas));
  if (r.exitCode !== 0) fail(this, `creating the Deployment failed:\n${r.output}`);
});

When('I apply the manifest:', function (this: KubeWorld, manifest: string) {
  const r = engine(this, () => this.scenario.applyManifest(manifest));
  if (r.exitCode !== 0) fail(this, `kubectl apply failed (exit ${r.exitCode}):\n${r.output}`);
});

When('I try to apply the manifest:', function (this: KubeWorld, manifest: string) {
  engine(this, () => this.scenario.applyManifest(manifest));
});

When('I apply {string}', function (this: KubeWorld, path: string) {
  const r = engine(this, () => this.scenario.applyFile(path));
  if (r.exitCode !== 0) fail(this, `kubectl apply -f ${path} failed (exit ${r.exitCode}):\n${r.output}`);
});

When('I try to apply {string}', function (this: KubeWorld, path: string) {
  engine(this, () => this.scenario.applyFile(path));
});
