// Letting virtual time pass: `5 minutes`, `1 minute`, `90 seconds`, `2 hours`, `1h30m`.
import { When } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine } from './support/expect.ts';

/** Lets virtual time pass: `5 minutes`, `1 minute`, `90 seconds`, `2 hours`, or a Go duration
 * such as `1h30m`. Every event due meanwhile (kubelet start-ups, grace periods, controller
 * requeues) runs in order; idle time costs nothing. */
When(/^(.+?) pass(?:es)?$/, function (this: KubeWorld, duration: string) {
  engine(this, () => this.scenario.pass(duration));
});
