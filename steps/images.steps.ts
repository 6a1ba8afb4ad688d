// How images behave: the built-in catalog (engine/kubelet/images.ts), features/images.yaml, and
// these steps for one scenario.
import { Given } from '@cucumber/cucumber';
import type { KubeWorld } from './support/world.ts';
import { engine } from './support/expect.ts';

/** Containers of the image answer HTTP 200 on that path until the given time after they start,
 * then the status given, on every port the image serves (8080 for an image the catalog does not
 * know). Probes and their events follow from it. */
Given('image {string} answers {int} on {string} after {}', function (this: KubeWorld, image: string, status: number, path: string, after: string) {
  engine(this, () => this.scenario.imageAnswersAfter(image, status, path, after));
});
