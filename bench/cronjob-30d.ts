// The cronjob-30d benchmark: a CronJob that runs every minute for 30 virtual days, 43,200 Jobs,
// each running one busybox pod that exits at once, with the default history limits deleting all
// but the last three successful Jobs (and their pods) as it goes. The CronJob controller requeues
// itself for each next scheduled time, so the cost grows with the number of runs, not with idle
// time. Run directly, this file performs one repetition and prints its result as one line of JSON.
import { pathToFileURL } from 'node:url';
import { benchScenario } from './support.ts';
import type { CronJob, KubeObject } from '../engine/api/types.ts';

const DAYS = 30;
const RUNS = DAYS * 24 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The CronJob: every minute, one busybox pod that prints a line and exits. */
export const CRONJOB_30D_MANIFEST = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: every-minute
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: main
              image: busybox
              command: ["sh", "-c", "echo done"]
`;

export interface CronJob30dResult {
  ms: number;
  jobsCreated: number;
  loopEvents: number;
}

/** One repetition; throws unless 43,200 Jobs were created and only the history limits' worth are left. */
export function runCronJob30d(): CronJob30dResult {
  const startMs = performance.now();
  const scenario = benchScenario();
  const cluster = scenario.cluster;
  let jobsCreated = 0;
  cluster.store.watch('Job', (ev) => {
    if (ev.type === 'ADDED') jobsCreated++;
  });
  const applied = scenario.applyManifest(CRONJOB_30D_MANIFEST);
  if (applied.exitCode !== 0) throw new Error(`kubectl apply failed (exit ${applied.exitCode}): ${applied.stderr}`);
  // The last run starts at +30 days exactly and finishes within seconds.
  for (let day = 0; day < DAYS; day++) cluster.advance(DAY_MS);
  cluster.advance(60_000 - 1);
  const ms = performance.now() - startMs;
  verify(cluster.store.get<CronJob & KubeObject>('CronJob', 'default', 'every-minute') as { status?: CronJob['status'] } | undefined, cluster.store.count('Job'), jobsCreated, cluster.startMs);
  return { ms, jobsCreated, loopEvents: cluster.loop.processed };
}

function verify(cj: { status?: CronJob['status'] } | undefined, jobsLeft: number, jobsCreated: number, startMs: number): void {
  if (jobsCreated !== RUNS) throw new Error(`${jobsCreated} Jobs were created, not ${RUNS}`);
  // Three successful Jobs are kept; the one of the last minute may still be running.
  if (jobsLeft < 3 || jobsLeft > 4) throw new Error(`${jobsLeft} Jobs are left; the history limit keeps 3 successful ones`);
  const last = cj?.status?.lastScheduleTime;
  const expected = new Date(startMs + DAYS * DAY_MS).toISOString().replace('.000Z', 'Z');
  if (last !== expected) throw new Error(`lastScheduleTime is ${last}, not ${expected}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(runCronJob30d())}\n`);
}
