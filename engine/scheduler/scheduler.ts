// The scheduler (pkg/scheduler): one pod at a time from the queue, filter the nodes, score the
// feasible ones, bind to the best, breaking ties with the seeded generator where upstream uses
// reservoir sampling. Filters and scores are those of the default profile that matter without
// volumes or inter-pod affinity: NodeUnschedulable, TaintToleration, NodeAffinity,
// NodeResourcesFit (filter); TaintToleration, NodeResourcesFit (LeastAllocated),
// NodeResourcesBalancedAllocation and PodTopologySpread's system default constraint (score).
import { toRfc3339 } from '../clock.ts';
import type { Stored, WatchEvent } from '../api/store.ts';
import type { KubeObject, Node, Pod } from '../api/types.ts';
import { bytes, milliCpu } from '../api/quantity.ts';
import { firstUntoleratedTaint, matchesNodeSelectorAndAffinity, toleratesAll } from '../api/scheduling.ts';
import { isPodTerminal, type StoredPod } from '../api/pods.ts';
import { getControllerOf } from '../controllers/owners.ts';
import { WorkQueue, objectKeyOf, splitObjectKey, unconditionalMetadata, type Controller, type ControllerContext } from '../controllers/base.ts';
import type { Rng } from '../rng.ts';

type StoredNode = Stored<Node & KubeObject>;

// pkg/scheduler/util/pod_resources.go: what a container without requests counts as, for scoring only.
const DEFAULT_MILLI_CPU_REQUEST = 100;
const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;
const MAX_NODE_SCORE = 100; // pkg/scheduler/framework/interface.go MaxNodeScore
// pkg/scheduler/apis/config/v1/default_plugins.go score weights
const WEIGHT_TAINT_TOLERATION = 3;
const WEIGHT_TOPOLOGY_SPREAD = 2;
const WEIGHT_FIT = 1;
const WEIGHT_BALANCED = 1;
// pkg/scheduler/framework/plugins/podtopologyspread/plugin.go systemDefaultConstraints (hostname, maxSkew 3)
const DEFAULT_SPREAD_MAX_SKEW = 3;
// pkg/scheduler/schedule_one.go numFeasibleNodesToFind
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
// pkg/scheduler/internal/queue/scheduling_queue.go DefaultPodMaxInUnschedulablePodsDuration
const UNSCHEDULABLE_FLUSH_MS = 5 * 60 * 1000;
/** The source of the scheduler's events (the recorder copies it). */
const SCHEDULER_SOURCE = { component: 'default-scheduler' } as const;

/** Per-node bookkeeping the scheduler keeps (framework.NodeInfo). */
interface NodeInfo {
  node: StoredNode;
  allocMilliCpu: number;
  allocMemory: number;
  allocPods: number;
  reqMilliCpu: number;
  reqMemory: number;
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
  pods: number;
  /**
   * Pods per controller uid on this node, for default topology spreading. A count that falls to 0
   * is dropped (a missing entry reads as 0), so the map holds only the controllers with pods here,
   * not every Job that ever ran; see keepZeros.
   */
  byController: Map<string, number>;
  /**
   * Pods were counted on an earlier node of this name (or before it existed), and their removal
   * is taken off this one's counts: then a count may go below 0 (from 0, where a missing entry
   * would go to 0), so zeros are kept here as before.
   */
  keepZeros: boolean;
  /** Neither unschedulable nor tainted: the NodeUnschedulable and TaintToleration filters pass any pod. */
  untainted: boolean;
}

interface PodRequests {
  milliCpu: number;
  memory: number;
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
}

export class Scheduler implements Controller {
  readonly name = 'default-scheduler';
  readonly queue: WorkQueue;
  private readonly nodes = new Map<string, NodeInfo>();
  private nodeOrder: NodeInfo[] = [];
  /** Pods assigned to nodes, as counted in NodeInfo (key → node, requests, controller). */
  private readonly assigned = new Map<string, { node: string; req: PodRequests; controller?: string }>();
  private readonly unschedulable = new Set<string>();
  private nextStartNodeIndex = 0;
  private readonly feasible: NodeInfo[] = [];
  private flushScheduled = false;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    ctx.store.watch('Node', (ev) => this.onNode(ev));
    ctx.store.watch('Pod', (ev) => this.onPod(ev));
  }

  private onNode(ev: WatchEvent): void {
    const node = ev.object as StoredNode;
    const name = node.metadata.name!;
    if (ev.type === 'DELETED') {
      this.nodes.delete(name);
    } else {
      const existing = this.nodes.get(name);
      const alloc = node.status?.allocatable ?? {};
      const info: NodeInfo = existing ?? {
        node, allocMilliCpu: 0, allocMemory: 0, allocPods: 0, reqMilliCpu: 0, reqMemory: 0, nonZeroMilliCpu: 0, nonZeroMemory: 0, pods: 0, byController: new Map(), keepZeros: false, untainted: false,
      };
      if (!existing) for (const a of this.assigned.values()) if (a.node === name) info.keepZeros = true;
      info.node = node;
      info.untainted = !node.spec?.unschedulable && !node.spec?.taints?.length;
      info.allocMilliCpu = milliCpu(alloc.cpu);
      info.allocMemory = bytes(alloc.memory);
      info.allocPods = Number(alloc.pods ?? 110);
      if (!existing) this.nodes.set(name, info);
    }
    if (ev.type !== 'MODIFIED') this.nodeOrder = [...this.nodes.values()];
    // Pending pods are retried when a node is added or removed, or when what the filters read
    // changes (labels, taints, unschedulable, allocatable), not on every heartbeat: upstream's
    // queueing hints (pkg/scheduler/framework/plugins/*/ EventsToRegister).
    const old = ev.old as StoredNode | undefined;
    if (ev.type !== 'MODIFIED' || !old || schedulingView(old) !== schedulingView(node)) this.retryUnschedulable();
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    // A bound pod that stays on its node and running (most writes: the kubelet's statuses) was
    // counted when it was bound and changes nothing here.
    const old = ev.old as StoredPod | undefined;
    if (ev.type === 'MODIFIED' && old !== undefined) {
      const nodeName = pod.spec?.nodeName;
      if (nodeName && old.spec?.nodeName === nodeName && !isPodTerminal(pod) && !isPodTerminal(old)) return;
    }
    // The key other handlers of this write made too, as the same string (hashed once).
    const key = objectKeyOf(pod);
    const gone = ev.type === 'DELETED' || isPodTerminal(pod);
    if (gone) {
      if (this.forget(key)) this.retryUnschedulable();
      this.unschedulable.delete(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      if (!this.assigned.has(key)) this.account(key, pod, nodeName);
      return;
    }
    if (pod.metadata.deletionTimestamp === undefined && (pod.spec?.schedulerName ?? 'default-scheduler') === this.name && ev.type === 'ADDED') {
      this.queue.add(key);
    }
  }

  private account(key: string, pod: StoredPod, nodeName: string): void {
    const info = this.nodes.get(nodeName);
    const req = podRequests(pod);
    const controller = getControllerOf(pod)?.uid;
    this.assigned.set(key, { node: nodeName, req, controller });
    if (!info) return;
    info.reqMilliCpu += req.milliCpu;
    info.reqMemory += req.memory;
    info.nonZeroMilliCpu += req.nonZeroMilliCpu;
    info.nonZeroMemory += req.nonZeroMemory;
    info.pods++;
    if (controller) info.byController.set(controller, (info.byController.get(controller) ?? 0) + 1);
  }

  private forget(key: string): boolean {
    const a = this.assigned.get(key);
    if (!a) return false;
    this.assigned.delete(key);
    const info = this.nodes.get(a.node);
    if (!info) return true;
    info.reqMilliCpu -= a.req.milliCpu;
    info.reqMemory -= a.req.memory;
    info.nonZeroMilliCpu -= a.req.nonZeroMilliCpu;
    info.nonZeroMemory -= a.req.nonZeroMemory;
    info.pods--;
    if (a.controller) {
      // Every pod taken off a node that never had foreign counts was counted on it: its
      // controller's count is at least 1 here, and a 0 it leaves may go.
      const count = (info.byController.get(a.controller) ?? 1) - 1;
      if (count === 0 && !info.keepZeros) info.byController.delete(a.controller);
      else info.byController.set(a.controller, count);
    }
    return true;
  }

  /** A cluster change may make room: unschedulable pods go back to the active queue (MoveAllToActiveOrBackoffQueue). */
  private retryUnschedulable(): void {
    // Most often there is none: no iterator, and no fresh table from clearing an empty Set.
    if (this.unschedulable.size === 0) return;
    for (const k of this.unschedulable) this.queue.add(k);
    this.unschedulable.clear();
  }

  sync(key: string): void {
    const { store, events, rng } = this.ctx;
    const [ns, name] = splitObjectKey(key);
    const pod = store.get<Pod & KubeObject>('Pod', ns, name) as StoredPod | undefined;
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp !== undefined) return;

    const total = this.nodeOrder.length;
    if (total === 0) return this.fail(pod, 'no nodes available to schedule pods'); // pkg/scheduler/scheduler.go ErrNoNodesAvailable
    const req = podRequests(pod);
    const controller = getControllerOf(pod)?.uid;
    const want = numFeasibleNodesToFind(total);
    // The feasible nodes go into an array kept between syncs: this runs once per pod over hundreds of nodes.
    const feasible = this.feasible;
    let found = 0;
    let reasons: Map<string, number> | undefined;
    let unresolvable = 0;
    let processed = 0;
    // A pod without a node selector or required node affinity passes the NodeAffinity filter on
    // every node, and an untainted, schedulable node passes the first two: only the resources are
    // left to check for such a pair (the same answers as filter(), without its lookups).
    const anyNode = selectsAnyNode(pod);
    for (let i = 0; i < total && found < want; i++) {
      const info = this.nodeOrder[(this.nextStartNodeIndex + i) % total];
      processed++;
      const failure = anyNode && info.untainted ? fitsResources(info, req) : filter(pod, info, req);
      if (failure === undefined) feasible[found++] = info;
      else {
        reasons ??= new Map();
        for (const r of failure.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
        if (failure.unresolvable) unresolvable++;
      }
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % total;
    if (found === 0) return this.fail(pod, fitErrorMessage(total, reasons!, unresolvable));

    const best = selectHost(pod, feasible, found, req, controller, rng);
    // The pod's conditions but PodScheduled, then PodScheduled True (a new pod has none: a list of
    // one, made at its length).
    const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: toRfc3339(this.ctx.clock.nowMs()) };
    const previous = pod.status?.conditions;
    let conditions: unknown[];
    if (previous == null || previous.length === 0) conditions = [scheduled];
    else {
      conditions = [];
      for (let i = 0; i < previous.length; i++) if (previous[i].type !== 'PodScheduled') conditions.push(previous[i]);
      conditions.push(scheduled);
    }
    const bound = store.update(boundPod(pod, best.node.metadata.name!, conditions) as unknown as KubeObject, { validate: false });
    // `${ns}/${name}` is the key itself (a namespace has no slash).
    events.record(bound ?? pod, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${best.node.metadata.name}`, SCHEDULER_SOURCE);
  }

  private fail(pod: StoredPod, message: string): void {
    const { store, events, clock } = this.ctx;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    this.unschedulable.add(key);
    const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: toRfc3339(clock.nowMs()), reason: 'Unschedulable', message };
    const previous = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (previous?.message !== message || previous.status !== 'False') {
      store.update({
        ...pod,
        metadata: { ...pod.metadata, resourceVersion: undefined },
        status: { phase: 'Pending', ...pod.status, conditions: [condition] },
      } as unknown as KubeObject, { validate: false, subresource: 'status' });
    }
    events.record(pod, 'Warning', 'FailedScheduling', message, { component: this.name });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.ctx.loop.after(UNSCHEDULABLE_FLUSH_MS, 'scheduler: flush unschedulable pods', () => {
        this.flushScheduled = false;
        this.retryUnschedulable();
      });
    }
  }
}

/**
 * The binding write: `{ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, spec:
 * { ...pod.spec, nodeName }, status: { ...pod.status, conditions } }`, copied key by key (the same
 * keys in the same order; a spread over the several shapes stored pods come in is V8's slow
 * generic copy).
 */
function boundPod(pod: StoredPod, nodeName: string, conditions: unknown[]): Record<string, unknown> {
  const spec = withField(pod.spec, 'nodeName', nodeName);
  const status = withField(pod.status, 'conditions', conditions);
  const out: Record<string, unknown> = {};
  for (const k in pod) out[k] = (pod as Record<string, unknown>)[k];
  out.metadata = unconditionalMetadata(pod.metadata);
  out.spec = spec;
  out.status = status;
  return out;
}

/** `{ ...obj, [field]: value }` (an absent obj spreads to nothing), copied key by key. */
function withField(obj: object | undefined, field: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (obj != null) for (const k in obj) out[k] = (obj as Record<string, unknown>)[k];
  out[field] = value;
  return out;
}

/** What of a node the scheduler's filters read, as one comparable string. */
function schedulingView(node: StoredNode): string {
  return JSON.stringify([node.metadata.labels ?? {}, node.spec?.taints ?? [], node.spec?.unschedulable ?? false, node.status?.allocatable ?? {}]);
}

/** The containers list podRequests last summed, and its answer (a bound pod keeps its containers list). */
let lastRequestsOf: unknown;
let lastRequests: PodRequests | undefined;

/**
 * A pod's requests, as computeRequests sums them. The binding write keeps the pod's containers
 * list (stored objects never change), so the pod counted after its binding reuses the answer the
 * scheduler worked out for it (the object is only read).
 */
function podRequests(pod: StoredPod): PodRequests {
  const containers = pod.spec?.containers;
  if (containers !== undefined && containers === lastRequestsOf) return lastRequests!;
  const req = computeRequests(pod);
  lastRequestsOf = containers;
  lastRequests = req;
  return req;
}

function computeRequests(pod: StoredPod): PodRequests {
  let cpu = 0;
  let mem = 0;
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    const cCpu = milliCpu(r.cpu as string | undefined);
    const cMem = bytes(r.memory as string | undefined);
    cpu += cCpu;
    mem += cMem;
    nzCpu += r.cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : cCpu;
    nzMem += r.memory === undefined ? DEFAULT_MEMORY_REQUEST : cMem;
  }
  return { milliCpu: cpu, memory: mem, nonZeroMilliCpu: nzCpu, nonZeroMemory: nzMem };
}

/** The filter plugins in the default order; the first that fails decides the node's reasons. */
function filter(pod: StoredPod, info: NodeInfo, req: PodRequests): { reasons: string[]; unresolvable: boolean } | undefined {
  const node = info.node;
  // NodeUnschedulable (plugins/nodeunschedulable): unless the pod tolerates the unschedulable taint.
  if (node.spec?.unschedulable && !toleratesAll(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], unresolvable: true };
  }
  // TaintToleration (plugins/tainttoleration).
  const taint = firstUntoleratedTaint(node, pod.spec?.tolerations);
  if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], unresolvable: true };
  // NodeAffinity (plugins/nodeaffinity), which also covers nodeSelector.
  if (!matchesNodeSelectorAndAffinity(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  return fitsResources(info, req);
}

/** nodeSelector and required node affinity both absent (an empty selector selects every node). */
function selectsAnyNode(pod: StoredPod): boolean {
  const selector = pod.spec?.nodeSelector;
  if (selector) for (const _ in selector) return false;
  return !pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
}

/** NodeResourcesFit (plugins/noderesources/fit.go fitsRequest): every insufficient resource is listed. */
function fitsResources(info: NodeInfo, req: PodRequests): { reasons: string[]; unresolvable: boolean } | undefined {
  const tooMany = info.pods + 1 > info.allocPods;
  const cpu = req.milliCpu > 0 && info.reqMilliCpu + req.milliCpu > info.allocMilliCpu;
  const memory = req.memory > 0 && info.reqMemory + req.memory > info.allocMemory;
  if (!tooMany && !cpu && !memory) return undefined; // the common case allocates nothing
  const reasons: string[] = [];
  if (tooMany) reasons.push('Too many pods');
  if (cpu) reasons.push('Insufficient cpu');
  if (memory) reasons.push('Insufficient memory');
  return { reasons, unresolvable: false };
}

/**
 * FitError.Error (pkg/scheduler/framework/types.go) plus the DefaultPreemption post-filter message
 * (framework/preemption/preemption.go): nodes that failed for unresolvable reasons are "not helpful",
 * the others have no victims since every pod here has the same priority.
 */
function fitErrorMessage(total: number, reasons: Map<string, number>, unresolvable: number): string {
  const histogram = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
  const preemption: string[] = [];
  if (unresolvable > 0) preemption.push(`${unresolvable} Preemption is not helpful for scheduling`);
  if (total - unresolvable > 0) preemption.push(`${total - unresolvable} No preemption victims found for incoming pod`);
  return `0/${total} nodes are available: ${histogram.join(', ')}. preemption: 0/${total} nodes are available: ${preemption.sort().join(', ')}..`;
}

function numFeasibleNodesToFind(total: number): number {
  if (total < MIN_FEASIBLE_NODES_TO_FIND) return total;
  let pct = 50 - Math.floor(total / 125);
  if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  const n = Math.floor((total * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

const NO_TAINTS: readonly never[] = [];
let scratchTaints = new Int32Array(0);
let scratchSpread = new Float64Array(0);

/** Scores the first n nodes of `feasible`, then picks one of the best at random (schedule_one.go selectHost). */
function selectHost(pod: StoredPod, feasible: readonly NodeInfo[], n: number, req: PodRequests, controller: string | undefined, rng: Rng): NodeInfo {
  if (n === 1) return feasible[0];
  if (scratchTaints.length < n) {
    scratchTaints = new Int32Array(n * 2);
    scratchSpread = new Float64Array(n * 2);
  }
  // Reused between calls: this runs once per pod over up to hundreds of nodes.
  const taintCounts = scratchTaints;
  const spreadRaw = scratchSpread;
  const tolerations = pod.spec?.tolerations;
  let maxTaints = 0;
  // PodTopologySpread scoring: the pod's weight per topology domain is log(domains + 2); here
  // every node is its own hostname domain (podtopologyspread/scoring.go topologyNormalizingWeight).
  const weight = Math.log(n + 2);
  let maxSpread = -Infinity;
  let minSpread = Infinity;
  for (let i = 0; i < n; i++) {
    const info = feasible[i];
    let t = 0;
    if (!info.untainted) for (const taint of info.node.spec?.taints ?? NO_TAINTS) if (taint.effect === 'PreferNoSchedule' && !toleratesAll(tolerations, taint)) t++;
    taintCounts[i] = t;
    if (t > maxTaints) maxTaints = t;
    const same = controller ? (info.byController.get(controller) ?? 0) : 0;
    const raw = controller ? same * weight + (DEFAULT_SPREAD_MAX_SKEW - 1) : 0;
    spreadRaw[i] = raw;
    if (raw > maxSpread) maxSpread = raw;
    if (raw < minSpread) minSpread = raw;
  }
  let bestScore = -1;
  let best: NodeInfo = feasible[0];
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const info = feasible[i];
    // TaintToleration: DefaultNormalizeScore(reverse).
    const taintScore = maxTaints === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.floor((taintCounts[i] * MAX_NODE_SCORE) / maxTaints);
    // NodeResourcesFit, LeastAllocated over cpu and memory, weight 1 each (noderesources/least_allocated.go).
    const cpuFree = leastRequested(info.nonZeroMilliCpu + req.nonZeroMilliCpu, info.allocMilliCpu);
    const memFree = leastRequested(info.nonZeroMemory + req.nonZeroMemory, info.allocMemory);
    const fitScore = Math.floor((cpuFree + memFree) / 2);
    // NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go): 1 - standard deviation of the fractions.
    const fc = Math.min(1, (info.nonZeroMilliCpu + req.nonZeroMilliCpu) / (info.allocMilliCpu || 1));
    const fm = Math.min(1, (info.nonZeroMemory + req.nonZeroMemory) / (info.allocMemory || 1));
    const balanced = Math.floor((1 - Math.abs(fc - fm) / 2) * MAX_NODE_SCORE);
    // PodTopologySpread NormalizeScore: fewer matching pods score higher.
    const spread = maxSpread === 0 || !controller ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (maxSpread + minSpread - spreadRaw[i])) / maxSpread);
    const score = WEIGHT_TAINT_TOLERATION * taintScore + WEIGHT_FIT * fitScore + WEIGHT_BALANCED * balanced + WEIGHT_TOPOLOGY_SPREAD * spread;
    if (score > bestScore) {
      bestScore = score;
      best = info;
      ties = 1;
    } else if (score === bestScore) {
      // Reservoir sampling over the nodes with the top score, as selectHost does, with the seeded generator.
      ties++;
      if (rng.intn(ties) === 0) best = info;
    }
  }
  return best;
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}
