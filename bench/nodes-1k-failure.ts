// The nodes-1k-failure benchmark: a cluster of 1,000 nodes running a DaemonSet (a pod on every
// node) and the seed's Deployment with 10,000 replicas; then 100 nodes lose their network at once,
// and virtual time passes until every pod evicted from them has been replaced. The node controller
// taints the lost nodes at 0.1 nodes a second (the zone stays healthy: 10% of its nodes are lost),
// so the evictions spread over about 17 virtual minutes.
// One repetition per process: run directly, this file performs one repetition and prints its
// result as one line of JSON, so every repetition starts with a cold JIT (see bench/run.ts).
import { pathToFileURL } from 'node:url';
import { benchScenario, kubiaDeployment } from './support.ts';
import type { Cluster } from '../engine/cluster.ts';
import { applyNodeFault } from '../engine/node-faults.ts';
import type { DaemonSet, Deployment, KubeObject, Pod } from '../engine/api/types.ts';

const NODE_COUNT = 1000;
const REPLICAS = 10_000;
/** Every tenth node loses its network. */
const LOST_NODES = Array.from({ length: NODE_COUNT / 10 }, (_, i) => `m${String(10 * i + 5).padStart(2, '0')}`);
/** Virtual time allowed for each phase before the benchmark calls the engine wrong. */
const VIRTUAL_LIMIT_MS = 60 * 60_000;
/** How far each advance moves the clock; the check between advances reads the two controllers' status. */
const STEP_MS = 10_000;

const MANIFEST = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
        - name: agent
          image: nginx:1.26
---
${kubiaDeployment(REPLICAS)}`;

export interface NodesFailureResult {
  /** Wall time from the network cut until every evicted pod is replaced: the measured figure. */
  ms: number;
  /** Wall time before that: building the cluster and rolling out the DaemonSet and the Deployment. */
  setupMs: number;
  /** Virtual time from the network cut until the last replacement is available (to the 10 s step). */
  virtualMs: number;
  /** Pods evicted from the lost nodes. */
  evicted: number;
  loopEvents: number;
}

/** One repetition; throws if the end state is wrong. */
export function runNodesFailure(): NodesFailureResult {
  const startMs = performance.now();
  const scenario = benchScenario(NODE_COUNT);
  const cluster = scenario.cluster;
  const applied = scenario.applyManifest(MANIFEST);
  if (applied.exitCode !== 0) throw new Error(`kubectl apply failed (exit ${applied.exitCode}): ${applied.stderr}`);
  advanceUntil(cluster, () => available(cluster) === REPLICAS && daemonsAvailable(cluster) === NODE_COUNT, 'the DaemonSet and the Deployment to roll out');
  const setupMs = performance.now() - startMs;

  const lost = new Set(LOST_NODES);
  const onLost = pods(cluster).filter((p) => p.metadata.labels?.app === 'kubia' && lost.has(p.spec?.nodeName ?? '')).map((p) => p.metadata.uid!);
  const cutMs = cluster.nowMs();
  for (const node of LOST_NODES) applyNodeFault(cluster, node, 'goes-not-ready');
  advanceUntil(cluster, () => replaced(cluster, lost), 'every evicted pod to be replaced');
  const ms = performance.now() - startMs - setupMs;
  verify(cluster, lost, onLost);
  return { ms, setupMs, virtualMs: cluster.nowMs() - cutMs, evicted: onLost.length, loopEvents: cluster.loop.processed };
}

function advanceUntil(cluster: Cluster, done: () => boolean, what: string): void {
  const limit = cluster.nowMs() + VIRTUAL_LIMIT_MS;
  while (!done()) {
    if (cluster.nowMs() >= limit) throw new Error(`waited ${VIRTUAL_LIMIT_MS / 60_000} virtual minutes for ${what}`);
    cluster.advance(STEP_MS);
  }
}

function pods(cluster: Cluster): (Pod & KubeObject)[] {
  return cluster.store.list('Pod') as unknown as (Pod & KubeObject)[];
}

function available(cluster: Cluster): number {
  return (cluster.store.get('Deployment', 'default', 'kubia') as unknown as Deployment | undefined)?.status?.availableReplicas ?? 0;
}

function daemonsAvailable(cluster: Cluster): number {
  return (cluster.store.get('DaemonSet', 'default', 'node-agent') as unknown as DaemonSet | undefined)?.status?.numberAvailable ?? 0;
}

/** Every replica available again, none of them on a lost node. */
function replaced(cluster: Cluster, lost: Set<string>): boolean {
  if (available(cluster) !== REPLICAS) return false;
  for (const node of lost) {
    for (const p of cluster.store.byIndex('Pod', 'node', node) as unknown as (Pod & KubeObject)[]) {
      if (p.metadata.labels?.app === 'kubia' && !p.metadata.deletionTimestamp) return false;
    }
  }
  return true;
}

function verify(cluster: Cluster, lost: Set<string>, evictedUids: string[]): void {
  const all = pods(cluster);
  const running = all.filter((p) => p.metadata.labels?.app === 'kubia' && !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
  if (running.length !== REPLICAS) throw new Error(`${running.length} kubia pods run, not ${REPLICAS}`);
  if (running.some((p) => lost.has(p.spec?.nodeName ?? ''))) throw new Error('a kubia pod still runs on a lost node');
  const uids = new Set(all.map((p) => p.metadata.uid));
  const stillActive = evictedUids.filter((uid) => uids.has(uid) && !all.find((p) => p.metadata.uid === uid)!.metadata.deletionTimestamp);
  if (stillActive.length > 0) throw new Error(`${stillActive.length} pods on the lost nodes were not evicted`);
  const daemons = all.filter((p) => p.metadata.labels?.app === 'node-agent');
  if (daemons.length !== NODE_COUNT || daemons.some((p) => p.metadata.deletionTimestamp)) throw new Error('the DaemonSet pods should all stay, on every node');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(runNodesFailure())}\n`);
}
