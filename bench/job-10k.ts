// The job-10k benchmark: a Job of 10,000 completions with parallelism 100 on the default three
// nodes, each pod a busybox that sleeps 10 s; virtual time advances until the Job is Complete.
// Every sync of the Job controller looks at all the Job's pods, finished ones included, as
// upstream's does. Run directly, this file performs one repetition and prints its result as one
// line of JSON.
import { pathToFileURL } from 'node:url';
import { benchScenario } from './support.ts';
import type { Job, KubeObject } from '../engine/api/types.ts';

const COMPLETIONS = 10_000;
const PARALLELISM = 100;
/** Virtual time allowed before the benchmark calls the engine wrong: 100 waves of about 12 s. */
const VIRTUAL_LIMIT_MS = 2 * 60 * 60 * 1000;
const STEP_MS = 60_000;

const MANIFEST = `apiVersion: batch/v1
kind: Job
metadata:
  name: many
spec:
  completions: ${COMPLETIONS}
  parallelism: ${PARALLELISM}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: ["sleep", "10"]
`;

export interface Job10kResult {
  ms: number;
  virtualMs: number;
  loopEvents: number;
}

/** One repetition; throws unless the Job completes with 10,000 succeeded pods. */
export function runJob10k(): Job10kResult {
  const startMs = performance.now();
  const scenario = benchScenario();
  const cluster = scenario.cluster;
  const applied = scenario.applyManifest(MANIFEST);
  if (applied.exitCode !== 0) throw new Error(`kubectl apply failed (exit ${applied.exitCode}): ${applied.stderr}`);
  const job = () => cluster.store.get<Job & KubeObject>('Job', 'default', 'many');
  const complete = () => job()?.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ?? false;
  while (!complete()) {
    if (cluster.nowMs() - cluster.startMs >= VIRTUAL_LIMIT_MS) throw new Error(`the Job did not complete within ${VIRTUAL_LIMIT_MS / 60_000} virtual minutes: ${JSON.stringify(job()?.status)}`);
    cluster.advance(STEP_MS);
  }
  const ms = performance.now() - startMs;
  const status = job()!.status!;
  if (status.succeeded !== COMPLETIONS || status.failed) throw new Error(`the Job completed with ${status.succeeded} succeeded and ${status.failed ?? 0} failed pods`);
  const succeededPods = cluster.store.list('Pod').filter((p) => (p as { status?: { phase?: string } }).status?.phase === 'Succeeded').length;
  if (succeededPods !== COMPLETIONS) throw new Error(`${succeededPods} pods succeeded, not ${COMPLETIONS}`);
  return { ms, virtualMs: cluster.nowMs() - cluster.startMs, loopEvents: cluster.loop.processed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(runJob10k())}\n`);
}
