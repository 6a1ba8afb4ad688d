// The cluster's set-up: nodes, start time, seed, node capacity.
import { Given } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine } from './support/expect.ts';

Given('a cluster with node(s) {nodeList}', function (this: KubeWorld, names: string[]) {
  engine(this, () => this.scenario.useNodes(names));
});

Given('a cluster with {int} node(s)', function (this: KubeWorld, count: number) {
  engine(this, () => this.scenario.useNodeCount(count));
});

Given('the time is {string}', function (this: KubeWorld, time: string) {
  engine(this, () => this.scenario.useStartTime(time));
});

Given('the seed is {int}', function (this: KubeWorld, seed: number) {
  engine(this, () => this.scenario.useSeed(seed));
});

Given('each node has capacity {string}', function (this: KubeWorld, spec: string) {
  engine(this, () => this.scenario.useCapacity(spec));
});

Given('node {word} has capacity {string}', function (this: KubeWorld, node: string, spec: string) {
  engine(this, () => this.scenario.useCapacity(spec, node));
});
