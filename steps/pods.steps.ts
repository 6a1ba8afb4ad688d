// Counting pods by what kubectl's STATUS column shows.
import { Then } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine, fail } from './support/expect.ts';

/** N pods (in any namespace) whose kubectl STATUS is Running. */
Then('{int} pod(s) run(s)', function (this: KubeWorld, expected: number) {
  const n = engine(this, () => this.scenario.countPods('Running'));
  if (n !== expected) fail(this, `expected ${expected} pod(s) with STATUS Running, found ${n}`);
});

/** N pods whose kubectl STATUS is the word given: Pending, ContainerCreating, Running,
 * Terminating, Completed, Error, CrashLoopBackOff, … */
Then('{int} pod(s) is/are {word}', function (this: KubeWorld, expected: number, status: string) {
  const n = engine(this, () => this.scenario.countPods(status));
  if (n !== expected) fail(this, `expected ${expected} pod(s) with STATUS ${status}, found ${n}`);
});

/** N pods matching a label selector (kubectl -l syntax) whose STATUS is the word given. */
Then('{int} pod(s) matching {string} is/are {word}', function (this: KubeWorld, expected: number, selector: string, status: string) {
  const n = engine(this, () => this.scenario.countPods(status, selector));
  if (n !== expected) fail(this, `expected ${expected} pod(s) matching "${selector}" with STATUS ${status}, found ${n}`);
});
