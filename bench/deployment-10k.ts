// The deployment-10k benchmark: a cluster of 1,000 nodes, the seed's Deployment with 10,000
// replicas applied through kubectl, and virtual time advanced until the rollout is complete.
// One repetition per process: run directly, this file performs one repetition and prints its
// result as one line of JSON, so every repetition starts with a cold JIT (see bench/run.ts).
import { pathToFileURL } from 'node:url';
import { benchScenario, kubiaDeployment } from './support.ts';
import type { Cluster } from '../engine/cluster.ts';
import { podStatusReason } from '../engine/kubectl/printers.ts';
import type { Deployment, Pod } from '../engine/api/types.ts';

const NODE_COUNT = 1000;
const REPLICAS = 10_000;
/** Virtual time allowed for the rollout before the benchmark calls the engine wrong. */
const VIRTUAL_LIMIT_MS = 10 * 60_000;
/** How far each advance moves the clock; the check between advances is one store read. */
const STEP_MS = 1000;

// The shape of the seed's kubia-deployment.yaml (Kubernetes in Action, P92), scaled up.
const MANIFEST = kubiaDeployment(REPLICAS);

export interface Deployment10kResult {
  /** Wall time from before the cluster is built until the Deployment reports every replica available. */
  ms: number;
  /** Virtual time the rollout took. */
  virtualMs: number;
  /** Timed events the engine's loop processed. */
  loopEvents: number;
}

/** One repetition; throws if the cluster does not end with 10,000 Running pods and a complete Deployment. */
export function runDeployment10k(): Deployment10kResult {
  const startMs = performance.now();
  const scenario = benchScenario(NODE_COUNT);
  const cluster = scenario.cluster;
  const applied = scenario.applyManifest(MANIFEST);
  if (applied.exitCode !== 0) throw new Error(`kubectl apply failed (exit ${applied.exitCode}): ${applied.stderr}`);
  while (!rolledOut(cluster)) {
    if (cluster.nowMs() - cluster.startMs >= VIRTUAL_LIMIT_MS) {
      throw new Error(`the Deployment did not report ${REPLICAS} available replicas within ${VIRTUAL_LIMIT_MS / 1000} s of virtual time: ${JSON.stringify(deployment(cluster)?.status)}`);
    }
    cluster.advance(STEP_MS);
  }
  const ms = performance.now() - startMs;
  // Checked outside the timed part: the loop above stops on what the Deployment reports, and
  // this makes sure the pods agree with it.
  verifyPods(cluster);
  return { ms, virtualMs: cluster.nowMs() - cluster.startMs, loopEvents: cluster.loop.processed };
}

function deployment(cluster: Cluster): Deployment | undefined {
  return cluster.store.get('Deployment', 'default', 'kubia') as unknown as Deployment | undefined;
}

function rolledOut(cluster: Cluster): boolean {
  const status = deployment(cluster)?.status;
  return status?.availableReplicas === REPLICAS && status.readyReplicas === REPLICAS && status.updatedReplicas === REPLICAS && status.replicas === REPLICAS;
}

function verifyPods(cluster: Cluster): void {
  const pods = cluster.store.list('Pod') as unknown as Pod[];
  if (pods.length !== REPLICAS) throw new Error(`the Deployment reports ${REPLICAS} available replicas but the store holds ${pods.length} pods`);
  const notRunning = pods.filter((p) => p.status?.phase !== 'Running' || podStatusReason(p) !== 'Running' || !p.spec?.nodeName);
  if (notRunning.length > 0) {
    const first = notRunning[0];
    throw new Error(`${notRunning.length} of ${REPLICAS} pods are not Running, e.g. ${first.metadata?.name}: phase ${first.status?.phase}, STATUS ${podStatusReason(first)}, node ${first.spec?.nodeName}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(runDeployment10k())}\n`);
}
