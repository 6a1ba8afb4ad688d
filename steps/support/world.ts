// The World: one per scenario, owning that scenario's simulated cluster through an engine
// Scenario. Manifests are looked up beside the feature file, then in features/manifests/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import type { GherkinDocument, Pickle } from '@cucumber/messages';
import { Scenario } from '../../engine/scenario.ts';
import { DEFAULT_SEED } from '../../engine/cluster.ts';

/** Where a project describes its own images (see README, "Containers and probes"). */
const IMAGE_CATALOG_FILE = 'features/images.yaml';

/** Reports get state tables, timelines and event tables unless KS_REPORT=0 (steps/support/reporting.ts). */
export const REPORTING = process.env.KS_REPORT !== '0';

/** The seed: KS_SEED in the environment, else the world parameter `seed`, else the default. */
function seedFrom(parameters: { seed?: number }): number {
  const env = process.env.KS_SEED;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n)) throw new Error(`KS_SEED must be an integer, not "${env}"`);
    return n;
  }
  return parameters.seed ?? DEFAULT_SEED;
}

export class KubeWorld extends World<{ seed?: number }> {
  featureUri = '';
  scenarioLine = 0;
  /** The running scenario and its feature file, as cucumber parsed them (set by a Before hook). */
  pickle?: Pickle;
  gherkinDocument?: GherkinDocument;
  readonly scenario: Scenario;

  constructor(options: IWorldOptions<{ seed?: number }>) {
    super(options);
    this.scenario = new Scenario({ seed: seedFrom(options.parameters), readFile: (p) => this.readManifest(p), trace: REPORTING });
    // The project's own image catalog, if it has one, describes images beyond the built-in ones.
    if (existsSync(IMAGE_CATALOG_FILE)) this.scenario.loadImageCatalog(readFileSync(IMAGE_CATALOG_FILE, 'utf8'), IMAGE_CATALOG_FILE);
  }

  /** A path relative to the feature file, then to features/manifests/; undefined if neither exists. */
  readManifest(path: string): string | undefined {
    const candidates = isAbsolute(path) ? [path] : [resolve(dirname(this.featureUri || '.'), path), resolve('features/manifests', path)];
    for (const c of candidates) if (existsSync(c)) return readFileSync(c, 'utf8');
    return undefined;
  }

  /** The command that reruns this scenario with the same seed. */
  rerunCommand(): string {
    return `KS_SEED=${this.scenario.seedValue} npx cucumber-js ${this.featureUri}:${this.scenarioLine}`;
  }
}

setWorldConstructor(KubeWorld);
