// `node --import tsx bench/watch-hash.ts [days]`: a fingerprint of what the engine does, for checking
// that a performance change changes nothing observable. It hashes every watch event (its type and
// the object's JSON) of the cronjob-30d CronJob run for `days` virtual days (1 by default), and of
// a scenario with a 300-completion Job, an Indexed Job with per-index backoff limits and failing
// indexes, and a 30-replica Deployment, run for one virtual hour. Run it before and after a change:
// the lines must be the same.
import { createHash } from 'node:crypto';
import { benchScenario } from './support.ts';
import { CRONJOB_30D_MANIFEST as CRON } from './cronjob-30d.ts';

const WORKLOADS = `apiVersion: batch/v1
kind: Job
metadata:
  name: many
spec:
  completions: 300
  parallelism: 20
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: ["sh", "-c", "sleep 3; echo ok"]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
spec:
  completions: 40
  parallelism: 8
  completionMode: Indexed
  backoffLimitPerIndex: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox
          command: ["sh", "-c", "sleep 2; exit $(( JOB_COMPLETION_INDEX % 5 == 0 ))"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 30
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: luksa/kubia
`;

// A reader that stops early (`| head -1`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

const days = Number(process.argv[2] ?? 1);
if (!Number.isInteger(days) || days < 1) {
  process.stderr.write(`watch-hash: days must be a whole number of at least 1, not "${process.argv[2]}"\n`);
  process.exit(2);
}
for (const [name, manifest, ms] of [['cron', CRON, days * 86_400_000], ['workloads', WORKLOADS, 3_600_000]] as const) {
  const scenario = benchScenario();
  const hash = createHash('sha256');
  let events = 0;
  scenario.cluster.store.watchAll((ev) => {
    events++;
    hash.update(ev.type);
    hash.update(JSON.stringify(ev.object));
  });
  const applied = scenario.applyManifest(manifest);
  if (applied.exitCode !== 0) throw new Error(`kubectl apply failed (exit ${applied.exitCode}): ${applied.stderr}`);
  scenario.cluster.advance(ms);
  process.stdout.write(`${name}: ${events} watch events, sha256 ${hash.digest('hex').slice(0, 16)}, resourceVersion ${scenario.cluster.store.lastResourceVersion}\n`);
}
