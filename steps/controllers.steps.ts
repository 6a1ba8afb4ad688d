// The control plane's own components as a scenario can upset them.
import { When } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine } from './support/expect.ts';

/** The kube-controller-manager is down for that long (`20 minutes`, `1h30m`), then starts again.
 * Meanwhile no controller acts: CronJobs miss their scheduled times, Jobs and ReplicaSets replace
 * no pod, nothing is garbage-collected; the scheduler and the kubelets go on. Back, every
 * controller relists what it manages, as after a real restart, so missed CronJob times are
 * handled as v1.32 handles them (startingDeadlineSeconds, TooManyMissedTimes). */
When('the controller manager is down for {}', function (this: KubeWorld, duration: string) {
  engine(this, () => this.scenario.controllerManagerDownFor(duration));
});
