// The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go, v1.32):
// every node-monitor-period it checks each node's health signal (its Lease, or a heartbeat in its
// Ready condition); a node silent for longer than the grace period gets its Ready, MemoryPressure,
// DiskPressure and PIDPressure conditions set to Unknown, a NodeNotReady event, and its pods'
// Ready condition set to False. It keeps the NoSchedule taints in step with the node's conditions
// and adds the NoExecute not-ready/unreachable taint through a rate-limited queue per zone, whose
// rate depends on how disrupted the zone is; when every node is NotReady it removes those taints
// and stops (master disruption mode). The taint-eviction controller then evicts the pods.
//
// Deliberate difference: upstream polls every 5 s forever. Here a monitor pass runs on the same
// 5 s grid (anchored when the controller started), but only while some node is unhealthy, not
// Ready, tainted by this controller or queued for tainting, or some zone is disrupted, and after
// any change of a node or of a kubelet's reachability. A pass in a quiet cluster changes nothing,
// and the health signal is read analytically (the node agent knows when each Lease was renewed),
// so skipping quiet passes is invisible.
import type { WatchEvent } from '../api/store.ts';
import type { KubeObject, Node, NodeCondition, Pod, PodCondition, Taint } from '../api/types.ts';
import { toRfc3339 } from '../clock.ts';
import type { StoredPod } from '../api/pods.ts';
import type { NodeAgents, StoredNode } from '../kubelet/node-agent.ts';
import {
  TAINT_NODE_DISK_PRESSURE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE, TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE, matchTaint, taintExists, taintListsEqual, zoneKey,
} from '../api/taints.ts';
import { RateLimitedTimedQueue, TokenBucket, type TryResult } from './ratelimited-queue.ts';
import { WorkQueue, type Controller, type ControllerContext } from './base.ts';
import type { TimedEvent } from '../loop.ts';

// cmd/kube-controller-manager/app/options and pkg/controller/nodelifecycle/config/v1alpha1/defaults.go (v1.32)
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000; // 40 s up to v1.31 (kubernetes#126287)
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
export const EVICTION_LIMITER_QPS = 0.1; // --node-eviction-rate
export const SECONDARY_EVICTION_LIMITER_QPS = 0.01; // --secondary-node-eviction-rate
export const LARGE_CLUSTER_THRESHOLD = 50; // --large-cluster-size-threshold
export const UNHEALTHY_ZONE_THRESHOLD = 0.55; // --unhealthy-zone-threshold
// pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go NodeEvictionPeriod
export const NODE_EVICTION_PERIOD_MS = 100;
// node_lifecycle_controller.go labelNodeDisruptionExclusion
const LABEL_NODE_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';
/** How many of a zone's nodes are Ready, as handleDisruption counts them. */
interface ZoneCount {
  ready: number;
  notReady: number;
}
const zoneSize = (c: ZoneCount | undefined): number => (c ? c.ready + c.notReady : 0);
type ReadCondition = Readonly<NodeCondition>;

// nodeConditionToTaintKeyStatusMap: the NoSchedule taint each condition status stands for.
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));
const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };
// The conditions tryUpdateNodeHealth sets to Unknown (NetworkUnavailable is the control plane's).
const CONDITIONS_MARKED_UNKNOWN = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** What the controller keeps about each node's health (nodeHealthData). */
interface NodeHealth {
  /** When the controller last saw a fresh health signal, on its own clock. */
  probeMs: number;
  /** The node's Ready condition as last saved. */
  savedReady?: ReadCondition;
  /** The renewTime of the node's Lease as last observed. */
  leaseRenewMs?: number;
}

const MONITOR_KEY = 'monitor';
const TAINT_PASS_KEY = 'noexecute-tainting';
const NOSCHEDULE_PREFIX = 'noschedule\u0000';
const POD_PREFIX = 'pod\u0000';

export class NodeLifecycleController implements Controller {
  readonly name = 'node-controller';
  readonly queue: WorkQueue;
  /** knownNodeSet: name to uid of every node the controller has registered. */
  private readonly known = new Map<string, string>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly startMs: number;
  private monitorEvent?: TimedEvent;
  /** When the last monitor pass ran: a tick has one pass, so a change seen then waits for the next. */
  private lastMonitorMs = -Infinity;
  /** A monitor pass is in the work queue for this instant and has not run yet. */
  private monitorQueued = false;
  private taintEvent?: TimedEvent;
  /** The nodes' names in store.list order, until a node is added or removed. */
  private nodeNames?: string[];

  constructor(
    private readonly ctx: ControllerContext,
    private readonly agents: NodeAgents,
  ) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    this.startMs = ctx.clock.nowMs();
    ctx.store.watch('Node', (ev) => this.onNode(ev));
    ctx.store.watch('Pod', (ev) => this.onPod(ev));
    agents.subscribe(() => this.monitorAt(ctx.clock.nowMs()));
  }

  private onNode(ev: WatchEvent): void {
    const node = ev.object as StoredNode;
    const old = ev.old as StoredNode | undefined;
    if (ev.type !== 'MODIFIED') this.nodeNames = undefined;
    if (ev.type !== 'DELETED') this.queue.add(NOSCHEDULE_PREFIX + node.metadata.name);
    if (ev.type === 'MODIFIED' && old && !healthRelevantChange(old, node)) return;
    this.monitorAt(this.ctx.clock.nowMs());
  }

  /** podUpdated: a pod newly bound to a node. */
  private onPod(ev: WatchEvent): void {
    if (ev.type === 'DELETED') return;
    const pod = ev.object as StoredPod;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || (ev.old && (ev.old as StoredPod).spec?.nodeName === nodeName)) return;
    this.queue.add(`${POD_PREFIX}${pod.metadata.namespace}\u0000${pod.metadata.name}`);
  }

  /** A controller-manager restart forgets every node's health: nodes register again and their grace periods restart. */
  restart(): void {
    this.lastMonitorMs = -Infinity;
    this.known.clear();
    this.health.clear();
    this.zoneStates.clear();
    this.tainters.clear();
    this.monitorAt(this.ctx.clock.nowMs());
  }

  sync(key: string): void {
    if (key === MONITOR_KEY) return this.monitorNodeHealth();
    if (key === TAINT_PASS_KEY) return this.doNoExecuteTaintingPass();
    // `noschedule\0<node>` or `pod\0<namespace>\0<name>` (no part has a NUL), read without a split.
    if (key.startsWith(NOSCHEDULE_PREFIX)) return this.doNoScheduleTaintingPass(key.slice(NOSCHEDULE_PREFIX.length));
    const nameAt = key.indexOf('\u0000', POD_PREFIX.length) + 1;
    this.processPod(key.slice(POD_PREFIX.length, nameAt - 1), key.slice(nameAt));
  }

  // ---- scheduling passes on upstream's grids ---------------------------------------------------

  /** Schedules a monitor pass at the first 5 s tick at or after `ms` that has not had one, unless one comes sooner. */
  private monitorAt(ms: number): void {
    let tick = this.tickAtOrAfter(ms);
    if (tick <= this.lastMonitorMs) tick = this.lastMonitorMs + NODE_MONITOR_PERIOD_MS;
    if (this.monitorQueued && tick === this.ctx.clock.nowMs()) return;
    if (this.monitorEvent && !this.monitorEvent.cancelled && this.monitorEvent.timeMs <= tick) return;
    if (this.monitorEvent) this.monitorEvent.cancelled = true;
    this.monitorEvent = this.ctx.loop.at(tick, 'node-controller: monitor node health', () => {
      this.monitorEvent = undefined;
      this.monitorQueued = true;
      this.queue.add(MONITOR_KEY);
    });
  }

  /** Schedules the next NoExecute tainting pass (every 100 ms upstream) for when a zone can taint. */
  private scheduleTaintPass(): void {
    const now = this.ctx.clock.nowMs();
    let due: number | undefined;
    for (const q of this.tainters.values()) {
      const t = q.nextTryMs(now);
      if (t !== undefined && (due === undefined || t < due)) due = t;
    }
    if (due === undefined) return;
    const tick = this.startMs + Math.ceil((due - this.startMs - 1e-6) / NODE_EVICTION_PERIOD_MS) * NODE_EVICTION_PERIOD_MS;
    if (this.taintEvent && !this.taintEvent.cancelled && this.taintEvent.timeMs <= tick) return;
    if (this.taintEvent) this.taintEvent.cancelled = true;
    this.taintEvent = this.ctx.loop.at(tick, 'node-controller: NoExecute tainting pass', () => {
      this.taintEvent = undefined;
      this.queue.add(TAINT_PASS_KEY);
    });
  }

  // ---- monitorNodeHealth -------------------------------------------------------------------------

  private monitorNodeHealth(): void {
    const now = this.ctx.clock.nowMs();
    this.lastMonitorMs = now;
    this.monitorQueued = false;
    const nodes = this.listNodes();
    // classifyNodes: new zones, added and deleted nodes.
    for (const node of nodes) {
      const name = node.metadata.name!;
      if (!this.known.has(name)) {
        this.recordNodeEvent(name, node.metadata.uid!, 'RegisteredNode', `Registered Node ${name} in Controller`);
        this.known.set(name, node.metadata.uid!);
        this.addZone(node);
        this.markNodeAsReachable(node);
      } else if (!this.zoneStates.has(nodeFacts(node).zone)) {
        this.addZone(node);
      }
    }
    // Every listed node is known now, so equal sizes mean none was deleted.
    const present = this.known.size === nodes.length ? undefined : new Set(nodes.map((n) => n.metadata.name!));
    for (const [name, uid] of present ? [...this.known] : []) {
      if (present!.has(name)) continue;
      this.recordNodeEvent(name, uid, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
    }

    let active = false;
    const zoneConditions = new Map<string, ZoneCount>();
    const count = (node: StoredNode, ready: boolean) => {
      const { excluded, zone } = nodeFacts(node);
      if (excluded) return;
      let c = zoneConditions.get(zone);
      if (!c) zoneConditions.set(zone, (c = { ready: 0, notReady: 0 }));
      if (ready) c.ready++;
      else c.notReady++;
    };
    for (const listed of nodes) {
      const name = listed.metadata.name!;
      // A quiet node (its kubelet reporting, Ready, neither tainted nor queued by this controller)
      // needs nothing from a pass: its probe time follows from its Lease whenever it is next needed.
      if (this.health.has(name) && this.quiet(listed)) {
        count(listed, true);
        continue;
      }
      const { node, observed, current } = this.tryUpdateNodeHealth(listed, now);
      count(node, current?.status === 'True');
      if (current) {
        this.processTaintBaseEviction(node, observed);
        if (current.status !== 'True' && observed.status === 'True') {
          this.recordNodeEvent(name, node.metadata.uid!, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, false);
          this.markPodsNotReady(this.ctx.store.byIndex('Pod', 'node', name) as StoredPod[], name);
        }
      }
      if (!this.agents.healthy(name) || current?.status !== 'True' || controllerTainted(node)) active = true;
    }
    this.handleDisruption(zoneConditions, nodes);
    for (const [zone, state] of this.zoneStates) if (state !== 'Normal' || (this.tainters.get(zone)?.length ?? 0) > 0) active = true;
    this.scheduleTaintPass();
    if (active) this.monitorAt(now + NODE_MONITOR_PERIOD_MS);
  }

  /**
   * tryUpdateNodeHealth: refreshes the probe time from a new heartbeat or Lease renewal, and past
   * the grace period marks the kubelet's conditions Unknown. Returns the node as written, its
   * Ready condition as observed before and as it is now.
   */
  private tryUpdateNodeHealth(node: StoredNode, now: number): { node: StoredNode; observed: ReadCondition; current: ReadCondition | undefined } {
    const name = node.metadata.name!;
    const currentReady = node.status?.conditions?.find((c) => c.type === 'Ready') as ReadCondition | undefined;
    const created = node.metadata.creationTimestamp!;
    // A node that never posted Ready gets a fake Unknown one and the longer startup grace period.
    const observed: ReadCondition = currentReady ?? { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
    const grace = currentReady ? NODE_MONITOR_GRACE_PERIOD_MS : NODE_STARTUP_GRACE_PERIOD_MS;
    let h = this.health.get(name);
    if (!h) {
      h = { probeMs: currentReady ? now : Date.parse(created), savedReady: currentReady };
      this.health.set(name, h);
    } else if (!h.savedReady && currentReady) {
      h.probeMs = now;
      h.savedReady = currentReady;
    } else if (h.savedReady && currentReady && h.savedReady.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
      // A new heartbeat counts from the tick that first saw it.
      h.probeMs = Math.max(h.probeMs, this.tickAtOrAfter(Date.parse(currentReady.lastHeartbeatTime!)));
      h.savedReady = currentReady;
    }
    // Always update the probe time if the node's Lease was renewed since last seen.
    const renew = this.agents.lastLeaseRenewMs(name, now);
    if (renew !== undefined && (h.leaseRenewMs === undefined || h.leaseRenewMs < renew)) {
      h.leaseRenewMs = renew;
      h.probeMs = Math.max(h.probeMs, this.tickAtOrAfter(renew));
    }
    if (!(now > h.probeMs + grace)) return { node, observed, current: currentReady };

    const conditions = [...((node.status?.conditions ?? []) as NodeCondition[])];
    let ts: string | undefined;
    for (const type of CONDITIONS_MARKED_UNKNOWN) {
      const i = conditions.findIndex((c) => c.type === type);
      if (i < 0) {
        conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: created, lastTransitionTime: (ts ??= toRfc3339(now)) });
      } else if (conditions[i].status !== 'Unknown') {
        conditions[i] = { ...conditions[i], status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: (ts ??= toRfc3339(now)) };
      }
    }
    const current = conditions.find((c) => c.type === 'Ready')!;
    if (conditionsEqual(current, observed)) return { node, observed, current: currentReady };
    const written = this.ctx.store.update(
      { ...node, metadata: { ...node.metadata, resourceVersion: undefined }, status: { ...node.status, conditions } } as KubeObject,
      { validate: false, subresource: 'status' },
    ) as StoredNode;
    h.savedReady = current;
    return { node: written, observed, current };
  }

  /** The first monitor tick at or after `ms`: when a signal sent at `ms` is first observed. */
  private tickAtOrAfter(ms: number): number {
    return this.startMs + Math.ceil((ms - this.startMs) / NODE_MONITOR_PERIOD_MS) * NODE_MONITOR_PERIOD_MS;
  }

  /** processTaintBaseEviction: queue or swap the NoExecute taint matching the observed Ready condition. */
  private processTaintBaseEviction(node: StoredNode, observed: ReadCondition): void {
    const taints = node.spec?.taints;
    switch (observed.status) {
      case 'False':
        if (taintExists(taints, UNREACHABLE_NO_EXECUTE)) this.swapNodeControllerTaint(node.metadata.name!, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
        else this.markNodeForTainting(node, NOT_READY_NO_EXECUTE);
        break;
      case 'Unknown':
        if (taintExists(taints, NOT_READY_NO_EXECUTE)) this.swapNodeControllerTaint(node.metadata.name!, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
        else this.markNodeForTainting(node, UNREACHABLE_NO_EXECUTE);
        break;
      case 'True':
        this.markNodeAsReachable(node);
        break;
    }
  }

  /** markNodeForTainting: a node missing its taint is re-queued from now (so the queue reconciles removed taints). */
  private markNodeForTainting(node: StoredNode, taint: Taint): void {
    const q = this.tainters.get(nodeFacts(node).zone)!;
    if (!taintExists(node.spec?.taints, taint)) q.remove(node.metadata.name!);
    q.add(node.metadata.name!, node.metadata.uid!, this.ctx.clock.nowMs());
  }

  /** markNodeAsReachable: removes both NoExecute taints and forgets the node in its zone's queue. */
  private markNodeAsReachable(node: StoredNode): void {
    // RemoveTaintOffNode writes nothing when the node has neither taint.
    const current = this.ctx.store.get<Node & KubeObject>('Node', '', node.metadata.name!) as StoredNode | undefined;
    if (current && controllerTainted(current)) this.swapNodeControllerTaint(node.metadata.name!, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
    this.tainters.get(zoneKey(node))?.remove(node.metadata.name!);
  }

  /** addPodEvictorForNewZone: a zone starts in state Initial with a healthy-rate queue. */
  private addZone(node: StoredNode): void {
    const zone = zoneKey(node);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, 'Initial');
    this.tainters.set(zone, new RateLimitedTimedQueue(new TokenBucket(EVICTION_LIMITER_QPS, this.ctx.clock.nowMs())));
  }

  // ---- zones and disruption ----------------------------------------------------------------------

  /** A node whose kubelet reports, Ready, and neither tainted nor queued for tainting by this controller. */
  private quiet(node: StoredNode): boolean {
    const name = node.metadata.name!;
    const f = nodeFacts(node);
    if (!this.agents.healthy(name) || f.controllerTainted || !f.ready) return false;
    return !this.tainters.get(f.zone)?.has(name);
  }

  /**
   * store.list('Node'): the nodes sorted by name, the order kept between node additions and
   * removals (a monitor pass lists them every 5 s).
   */
  private listNodes(): StoredNode[] {
    const { store } = this.ctx;
    if (this.nodeNames === undefined || this.nodeNames.length !== store.count('Node')) {
      this.nodeNames = (store.list<Node & KubeObject>('Node') as StoredNode[]).map((n) => n.metadata.name!);
    }
    return this.nodeNames.map((name) => store.get<Node & KubeObject>('Node', '', name) as StoredNode);
  }

  /** ComputeZoneState: no Ready node is full disruption; more than 2 NotReady and at least 55% is partial. */
  private computeZoneState({ ready, notReady }: ZoneCount): ZoneState {
    if (ready === 0 && notReady > 0) return 'FullDisruption';
    if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
    return 'Normal';
  }

  /** handleDisruption: per-zone eviction rates, and the all-nodes-NotReady master disruption mode. */
  private handleDisruption(zoneConditions: Map<string, ZoneCount>, nodes: StoredNode[]): void {
    const now = this.ctx.clock.nowMs();
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conditions] of zoneConditions) {
      const state = this.computeZoneState(conditions);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWereFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWereFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWereFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      // "Controller detected that all Nodes are not-Ready. Entering master disruption mode."
      for (const node of nodes) this.markNodeAsReachable(this.ctx.store.get<Node & KubeObject>('Node', '', node.metadata.name!) as StoredNode ?? node);
      for (const zone of this.zoneStates.keys()) {
        this.tainters.get(zone)?.swapLimiter(0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWereFullyDisrupted) {
      // "Controller detected that some Nodes are Ready. Exiting master disruption mode": every
      // node's grace period starts again now.
      for (const node of nodes) {
        const h = this.health.get(node.metadata.name!);
        if (h) h.probeMs = now;
      }
      for (const zone of this.zoneStates.keys()) {
        this.setLimiterInZone(zone, zoneSize(zoneConditions.get(zone)), newStates.get(zone)!);
        this.zoneStates.set(zone, newStates.get(zone)!);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.setLimiterInZone(zone, zoneSize(zoneConditions.get(zone)), next);
      this.zoneStates.set(zone, next);
    }
  }

  /** setLimiterInZone: healthy rate when Normal or fully disrupted; partial disruption slows (or stops) tainting. */
  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    const q = this.tainters.get(zone);
    if (!q) return;
    const now = this.ctx.clock.nowMs();
    if (state === 'Normal' || state === 'FullDisruption') q.swapLimiter(EVICTION_LIMITER_QPS, now);
    // ReducedQPSFunc: the secondary rate in a large cluster, none at all in a small one.
    else if (state === 'PartialDisruption') q.swapLimiter(zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0, now);
  }

  // ---- taint passes ----------------------------------------------------------------------------

  /** doNoExecuteTaintingPass: each zone's queue adds the NoExecute taint matching the node's Ready condition. */
  private doNoExecuteTaintingPass(): void {
    const now = this.ctx.clock.nowMs();
    for (const zone of [...this.tainters.keys()].sort()) {
      this.tainters.get(zone)!.try(now, (name): TryResult => {
        const node = this.ctx.store.get<Node & KubeObject>('Node', '', name);
        if (!node) return { done: true };
        const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
        if (!ready) return { done: false, waitMs: 50 };
        // The not-ready and unreachable taints mimic the Ready condition, so they exclude each other.
        if (ready.status === 'False') this.swapNodeControllerTaint(name, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
        else if (ready.status === 'Unknown') this.swapNodeControllerTaint(name, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
        return { done: true };
      });
    }
    this.scheduleTaintPass();
  }

  /** doNoScheduleTaintingPass: the node's NoSchedule taints follow its conditions and spec.unschedulable. */
  private doNoScheduleTaintingPass(name: string): void {
    const node = this.ctx.store.get<Node & KubeObject>('Node', '', name);
    if (!node) return;
    const wanted: Taint[] = [];
    for (const c of node.status?.conditions ?? []) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) wanted.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) wanted.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
    const existing = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
    const add = wanted.filter((t) => !taintExists(existing, t));
    const del = existing.filter((t) => !taintExists(wanted, t));
    if (add.length > 0 || del.length > 0) this.swapNodeControllerTaint(name, add, del);
  }

  /**
   * SwapNodeControllerTaint: adds the taints stamped with the time (replacing one with the same key
   * and effect), then removes the others, each write skipped when it would change nothing.
   */
  private swapNodeControllerTaint(name: string, add: readonly Taint[], remove: readonly Taint[]): void {
    const { store } = this.ctx;
    const node = store.get<Node & KubeObject>('Node', '', name);
    if (!node) return;
    const before = (node.spec?.taints ?? []) as Taint[];
    let taints = [...before];
    const timeAdded = toRfc3339(this.ctx.clock.nowMs());
    for (const t of add) {
      const stamped: Taint = { ...t, timeAdded };
      const i = taints.findIndex((x) => matchTaint(x, stamped));
      if (i < 0) taints.push(stamped);
      else if (!(taints[i].value === stamped.value && taints[i].timeAdded === stamped.timeAdded)) taints[i] = stamped;
    }
    taints = taints.filter((x) => !remove.some((t) => matchTaint(x, t)));
    if (taintListsEqual(before, taints)) return;
    const spec = { ...node.spec, taints: taints.length > 0 ? taints : undefined };
    if (!spec.taints) delete spec.taints;
    store.update({ ...node, metadata: { ...node.metadata, resourceVersion: undefined }, spec } as KubeObject, { validate: false });
  }

  // ---- pods --------------------------------------------------------------------------------------

  /** processPod: a pod bound to a node that is not Ready is marked not ready too. */
  private processPod(namespace: string, name: string): void {
    const pod = this.ctx.store.get<Pod & KubeObject>('Pod', namespace, name) as StoredPod | undefined;
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const h = this.health.get(nodeName);
    if (!h?.savedReady || !this.ctx.store.get('Node', '', nodeName)) return;
    if (h.savedReady.status !== 'True') this.markPodsNotReady([pod], nodeName);
  }

  /** MarkPodsNotReady (pkg/controller/util/node): each pod's Ready condition turns False, with a NodeNotReady event. */
  private markPodsNotReady(pods: readonly StoredPod[], nodeName: string): void {
    const now = toRfc3339(this.ctx.clock.nowMs());
    for (const pod of pods) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const conditions = (pod.status?.conditions ?? []) as PodCondition[];
      const i = conditions.findIndex((c) => c.type === 'Ready');
      if (i < 0 || conditions[i].status === 'False') continue;
      const next = [...conditions];
      next[i] = { ...conditions[i], status: 'False', lastTransitionTime: now };
      const written = this.ctx.store.update(
        { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, conditions: next } } as KubeObject,
        { validate: false, subresource: 'status' },
      );
      this.ctx.events.record(written ?? pod, 'Warning', 'NodeNotReady', 'Node is not ready', { component: this.name });
    }
  }

  /** RecordNodeEvent (`Node <name> event: <message>`) and RecordNodeStatusChange (the message as given). */
  private recordNodeEvent(name: string, uid: string, reason: string, message: string, prefixed = true): void {
    const ref = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid } };
    this.ctx.events.record(ref, 'Normal', reason, prefixed ? `Node ${name} event: ${message}` : message, { component: this.name });
  }
}

/** A node change that can matter to node health: its Ready status, taints, labels or schedulability. */
function healthRelevantChange(old: StoredNode, node: StoredNode): boolean {
  const ready = (n: StoredNode) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return ready(old) !== ready(node) || old.spec?.taints !== node.spec?.taints || old.metadata.labels !== node.metadata.labels || old.spec?.unschedulable !== node.spec?.unschedulable;
}

/** Whether the node carries a NoExecute taint this controller manages. */
interface NodeFacts {
  zone: string;
  /** Labelled node.kubernetes.io/exclude-disruption: left out of the zone counts. */
  excluded: boolean;
  /** The Ready condition is True. */
  ready: boolean;
  controllerTainted: boolean;
}

const nodeFactsCache = new WeakMap<object, NodeFacts>();

/** What a monitor pass asks of every node, worked out once per stored version (stored objects never change). */
function nodeFacts(node: StoredNode): NodeFacts {
  let f = nodeFactsCache.get(node);
  if (f === undefined) {
    f = {
      zone: zoneKey(node),
      excluded: LABEL_NODE_EXCLUDE_DISRUPTION in (node.metadata.labels ?? {}),
      ready: node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
      controllerTainted: controllerTainted(node),
    };
    nodeFactsCache.set(node, f);
  }
  return f;
}

function controllerTainted(node: StoredNode): boolean {
  return taintExists(node.spec?.taints, UNREACHABLE_NO_EXECUTE) || taintExists(node.spec?.taints, NOT_READY_NO_EXECUTE);
}

function conditionsEqual(a: ReadCondition, b: ReadCondition): boolean {
  return a.status === b.status && a.reason === b.reason && a.message === b.message && a.lastHeartbeatTime === b.lastHeartbeatTime && a.lastTransitionTime === b.lastTransitionTime;
}
