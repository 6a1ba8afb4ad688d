// The cluster's set-up: nodes, start time, seed, node capacity.
import { Given } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine } from './support/expect.ts';

/** The cluster's nodes by name (`m01, m02 and m03`, `a, b, c`); each registers with the usual
 * kubernetes.io/hostname, kubernetes.io/os and kubernetes.io/arch labels. Without this step a
 * scenario gets m01, m02 and m03. */
Given('a cluster with node(s) {nodeList}', function (this: KubeWorld, names: string[]) {
  engine(this, () => this.scenario.useNodes(names));
});

/** A cluster of N nodes named m01, m02, … */
Given('a cluster with {int} node(s)', function (this: KubeWorld, count: number) {
  engine(this, () => this.scenario.useNodeCount(count));
});

/** The virtual time the cluster starts at (RFC 3339; default 2020-06-07T22:00:00Z). Creation
 * timestamps, describe's dates and CronJob schedules follow from it. */
Given('the time is {string}', function (this: KubeWorld, time: string) {
  engine(this, () => this.scenario.useStartTime(time));
});

/** The seed of the random generator (default 1, or KS_SEED): it decides generated names and
 * scheduler tie-breaks, never outcomes. */
Given('the seed is {int}', function (this: KubeWorld, seed: number) {
  engine(this, () => this.scenario.useSeed(seed));
});

/** Every node's capacity and allocatable resources, e.g. "cpu=2,memory=4Gi,pods=20"
 * (default cpu=4, memory=8Gi, pods=110, ephemeral-storage=100Gi); the scheduler's resource fit
 * uses them. */
Given('each node has capacity {string}', function (this: KubeWorld, spec: string) {
  engine(this, () => this.scenario.useCapacity(spec));
});

/** One node's capacity, overriding the default or `each node has capacity`. */
Given('node {word} has capacity {string}', function (this: KubeWorld, node: string, spec: string) {
  engine(this, () => this.scenario.useCapacity(spec, node));
});
