// The probes-1k-1h benchmark: 1,000 pods, each with an HTTP liveness probe every 10 s, for one
// virtual hour: 360,000 probes. luksa/kubia answers 200 forever, so after its first probe each
// worker sleeps and records the requests it would send; the kubelet must still account for every
// one of them (the container logs each request), which the benchmark checks.
// Run directly, this file performs one repetition and prints its result as one line of JSON.
import { pathToFileURL } from 'node:url';
import { benchScenario, kubiaDeployment } from './support.ts';
import { podStatusReason } from '../engine/kubectl/printers.ts';
import type { KubeObject, Pod } from '../engine/api/types.ts';

const NODE_COUNT = 20;
const PODS = 1000;
const HOUR_MS = 60 * 60 * 1000;

const MANIFEST = kubiaDeployment(
  PODS,
  `          livenessProbe:
            httpGet:
              port: 8080
              path: /
`,
);

export interface ProbesResult {
  ms: number;
  probes: number;
  loopEvents: number;
}

export function runProbes1k1h(): ProbesResult {
  const startMs = performance.now();
  const scenario = benchScenario(NODE_COUNT);
  const cluster = scenario.cluster;
  const applied = scenario.applyManifest(MANIFEST);
  if (applied.exitCode !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
  cluster.advance(HOUR_MS);
  const ms = performance.now() - startMs;

  // Every pod Running without a restart, and every probe request accounted for in the logs.
  const pods = cluster.store.list<Pod & KubeObject>('Pod');
  if (pods.length !== PODS) throw new Error(`expected ${PODS} pods, found ${pods.length}`);
  let probes = 0;
  for (const pod of pods) {
    const status = podStatusReason(pod as never);
    const restarts = pod.status?.containerStatuses?.[0]?.restartCount;
    if (status !== 'Running' || restarts !== 0) throw new Error(`pod ${pod.metadata.name} is ${status} with ${restarts} restarts`);
    const logs = cluster.kubelets.logs(pod as never, 'kubia', false);
    if ('error' in logs) throw new Error(logs.error);
    probes += logs.lines.filter((l) => l.text.startsWith('Received request')).length;
  }
  // Each pod's first probe comes at the first 10 s tick after its container started (a few
  // seconds after creation), then one every 10 s to the end of the hour: 360 per pod.
  if (probes < PODS * 359 || probes > PODS * 360) throw new Error(`expected about ${PODS * 360} probes, counted ${probes}`);
  return { ms, probes, loopEvents: cluster.loop.processed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(runProbes1k1h()));
}
