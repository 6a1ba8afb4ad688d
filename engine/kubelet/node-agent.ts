// The node side of every kubelet: its NodeStatus updates, its Lease in kube-node-lease, the node
// events it records, and the faults a scenario can inject (network cut, kubelet stopped, machine
// removed). Mirrors pkg/kubelet/kubelet_node_status.go, pkg/kubelet/nodestatus/setters.go and
// k8s.io/component-helpers/apimachinery/lease/controller.go.
//
// A real kubelet renews its Lease every 10 s and computes its status every 10 s, posting it when it
// changed or every 5 minutes. Simulating one timer per node per 10 s would make a 1,000-node cluster
// cost 100 events per virtual second for nothing observable, so the agent keeps each node's loop
// analytically instead: its loops tick at `anchorMs + k * 10 s` (anchored when the kubelet
// started), and while the node is healthy the last renewal and the last heartbeat follow from the
// clock. The node lifecycle controller asks `lastLeaseRenewMs`; the stored Lease and heartbeat
// times are brought up to date (`catchUp`) before every kubectl command and before any change of
// a node's health, so what kubectl reads is exactly what a real cluster would show. Only what
// changes state is a real event: the status post when a node recovers.
import { toRfc3339 } from '../clock.ts';
import type { Stored, WatchEvent } from '../api/store.ts';
import type { KubeObject, Node, NodeCondition } from '../api/types.ts';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { UserError } from '../errors.ts';
import type { TimedEvent } from '../loop.ts';
import { WorkQueue, type Controller, type ControllerContext } from '../controllers/base.ts';

// pkg/kubelet/apis/config/v1beta1/defaults.go (KubeletConfiguration defaults)
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;
export const NODE_LEASE_DURATION_SECONDS = 40;
// pkg/kubelet/kubelet.go nodeLeaseRenewIntervalFraction: the Lease is renewed every 40 s * 0.25.
const NODE_LEASE_RENEW_INTERVAL_FRACTION = 0.25;
export const NODE_LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_SECONDS * 1000 * NODE_LEASE_RENEW_INTERVAL_FRACTION;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease'; // k8s.io/api/core/v1 NamespaceNodeLease

// The kubelet computes its status and renews its Lease on the same 10 s period (both defaults), so
// one tick serves both.
const TICK_MS = NODE_STATUS_UPDATE_FREQUENCY_MS;

export type StoredNode = Stored<Node & KubeObject>;
type StoredLease = Stored<Lease & KubeObject>;

/** What changed for a node's kubelet, as the kubelet itself and the node controllers care. */
export type NodeAgentChange = 'network-down' | 'network-up' | 'kubelet-stopped' | 'kubelet-started' | 'removed';
export type NodeAgentListener = (nodeName: string, change: NodeAgentChange) => void;

interface Agent {
  name: string;
  kubeletRunning: boolean;
  networkUp: boolean;
  /** The Node object exists; once it is deleted the kubelet cannot post and never re-registers. */
  registered: boolean;
  /** The kubelet's loops tick at anchorMs + k * 10 s; anchored when it (re)started. */
  anchorMs: number;
  /** Since when the kubelet can reach the apiserver (undefined while it cannot). */
  healthySinceMs: number | undefined;
  /** The last Lease renewal of an earlier healthy period. */
  frozenRenewMs: number;
  /** The last NodeStatus the kubelet posted (its lastHeartbeatTime). */
  lastPostMs: number;
  /** The status tick that follows a recovery, when it is still due. */
  pendingTick?: TimedEvent;
}

// The conditions the kubelet owns, with what it reports on a healthy node
// (pkg/kubelet/nodestatus/setters.go MemoryPressureCondition, DiskPressureCondition,
// PIDPressureCondition, ReadyCondition), and the node event each transition records.
const HEALTHY_CONDITIONS: readonly { type: string; status: string; reason: string; message: string; event: string }[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
];

/** metav1.MicroTime as the apiserver serialises it: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  const micros = String((((ms % 1000) + 1000) % 1000) * 1000).padStart(6, '0');
  return `${toRfc3339(ms).slice(0, -1)}.${micros}Z`;
}

/** The kubelets' node-level loops, one agent per registered node. */
export class NodeAgents implements Controller {
  readonly name = 'kubelet';
  readonly queue: WorkQueue;
  private readonly agents = new Map<string, Agent>();
  private readonly listeners: NodeAgentListener[] = [];

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    ctx.store.watch('Node', (ev) => this.onNode(ev));
  }

  // ---- what the kubelet, the node controllers and kubectl ask --------------------------------

  /** Whether the node's kubelet process runs (its containers keep running either way). */
  kubeletRunning(nodeName: string): boolean {
    return this.agents.get(nodeName)?.kubeletRunning ?? false;
  }

  /** Whether the node can reach the apiserver: its network is up and its Node object exists. */
  apiReachable(nodeName: string): boolean {
    const a = this.agents.get(nodeName);
    return a !== undefined && a.networkUp && a.registered;
  }

  /** The renewTime of the node's Lease as of `nowMs`, or undefined for a node without an agent. */
  lastLeaseRenewMs(nodeName: string, nowMs: number): number | undefined {
    const a = this.agents.get(nodeName);
    return a && lastRenewMs(a, nowMs);
  }

  /** Whether the node's kubelet can post status and renew its Lease right now. */
  healthy(nodeName: string): boolean {
    const a = this.agents.get(nodeName);
    return a !== undefined && isHealthy(a);
  }

  /** Calls `listener` on every change of a kubelet's reachability or process state. */
  subscribe(listener: NodeAgentListener): void {
    this.listeners.push(listener);
  }

  // ---- faults ----------------------------------------------------------------------------------

  /** The node's network is cut (`sudo ifconfig eth0 down`): its kubelet keeps its containers but reaches no apiserver. */
  cutNetwork(nodeName: string): void {
    const a = this.agent(nodeName);
    if (!a.networkUp) throw new UserError(`node ${nodeName}'s network is already down`);
    this.change(a, 'network-down', () => (a.networkUp = false));
  }

  /** The node's network is back: the kubelet renews its Lease and posts its status on its next tick. */
  restoreNetwork(nodeName: string): void {
    const a = this.agent(nodeName);
    if (a.networkUp) throw new UserError(`node ${nodeName}'s network is not down`);
    this.change(a, 'network-up', () => (a.networkUp = true));
    if (isHealthy(a)) this.scheduleStatusTick(a);
  }

  /** The kubelet process stops (`systemctl stop kubelet`): containers keep running, nothing is reported. */
  stopKubelet(nodeName: string): void {
    const a = this.agent(nodeName);
    if (!a.kubeletRunning) throw new UserError(`the kubelet on ${nodeName} is not running`);
    this.change(a, 'kubelet-stopped', () => (a.kubeletRunning = false));
  }

  /** The kubelet process starts: it posts its status and renews its Lease at once, then every 10 s. */
  startKubelet(nodeName: string): void {
    const a = this.agent(nodeName);
    if (a.kubeletRunning) throw new UserError(`the kubelet on ${nodeName} is already running`);
    const now = this.ctx.clock.nowMs();
    this.change(a, 'kubelet-started', () => {
      a.kubeletRunning = true;
      a.anchorMs = now;
      if (isHealthy(a)) a.healthySinceMs = now;
    });
    if (!isHealthy(a)) return;
    // pkg/kubelet/kubelet.go Run and cm.enforceNodeAllocatableCgroups; a fresh kubelet has never
    // reported, so its first status update posts whatever changed.
    this.nodeEvent(a, 'Starting', 'Starting kubelet.');
    this.nodeEvent(a, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.postStatus(a, now);
  }

  /** The node's machine is gone: its kubelet stops and its Node object is deleted, as an admin or a cloud controller would. */
  removeNode(nodeName: string): void {
    const a = this.agent(nodeName);
    if (a.kubeletRunning) this.change(a, 'kubelet-stopped', () => (a.kubeletRunning = false));
    this.ctx.store.delete('Node', '', nodeName);
  }

  private agent(nodeName: string): Agent {
    const a = this.agents.get(nodeName);
    if (!a || !a.registered) {
      const names = [...this.agents.values()].filter((x) => x.registered).map((x) => x.name);
      throw new UserError(`node "${nodeName}" is not in the cluster (its nodes are ${names.join(', ') || 'none'})`);
    }
    return a;
  }

  /** Applies a change of state, freezing what the kubelet reported until now when it loses the apiserver. */
  private change(a: Agent, what: NodeAgentChange, apply: () => void): void {
    const now = this.ctx.clock.nowMs();
    const wasHealthy = isHealthy(a);
    if (wasHealthy) {
      this.catchUpAgent(a, now);
      a.frozenRenewMs = lastRenewMs(a, now);
    }
    apply();
    if (!isHealthy(a)) {
      a.healthySinceMs = undefined;
      if (a.pendingTick) a.pendingTick.cancelled = true;
      a.pendingTick = undefined;
    } else {
      if (!wasHealthy && a.healthySinceMs === undefined) a.healthySinceMs = now;
      // A kubelet that starts renews its Lease at once.
      this.catchUpAgent(a, now);
    }
    for (const l of this.listeners) l(a.name, what);
  }

  // ---- registration and status posts -----------------------------------------------------------

  private onNode(ev: WatchEvent): void {
    const name = ev.object.metadata.name!;
    if (ev.type === 'ADDED') {
      const now = this.ctx.clock.nowMs();
      // The kubelet registered the node (Cluster.addNode builds the Node it posts) and starts its loops now.
      this.agents.set(name, { name, kubeletRunning: true, networkUp: true, registered: true, anchorMs: now, healthySinceMs: now, frozenRenewMs: now, lastPostMs: now });
      this.queue.add(name);
    } else if (ev.type === 'DELETED') {
      const a = this.agents.get(name);
      if (!a || !a.registered) return;
      this.change(a, 'removed', () => (a.registered = false));
      this.queue.add(name);
    }
  }

  /** Registration creates the Lease and records the kubelet's start-up events; deletion drops the Lease. */
  sync(nodeName: string): void {
    const a = this.agents.get(nodeName);
    if (!a) return;
    const { store } = this.ctx;
    const lease = store.get<Lease & KubeObject>('Lease', NODE_LEASE_NAMESPACE, nodeName);
    if (!a.registered) {
      // The Lease is owned by its Node and goes with it; the simulated garbage collector does not
      // track Leases, so the agent deletes it as the collector would.
      if (lease) store.delete('Lease', NODE_LEASE_NAMESPACE, nodeName);
      return;
    }
    const node = store.get<Node & KubeObject>('Node', '', nodeName);
    if (!node || lease) return;
    // k8s.io/component-helpers/apimachinery/lease/controller.go newLease: holder and duration, no
    // acquireTime, owned by the Node.
    store.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid! }],
      },
      spec: { holderIdentity: nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: microTime(lastRenewMs(a, this.ctx.clock.nowMs())) },
    } as KubeObject);
    // What a starting kubelet records about its node (pkg/kubelet/kubelet.go, nodestatus/setters.go,
    // cm/node_container_manager_linux.go), in the order a real minikube node shows them.
    this.nodeEvent(a, 'Starting', 'Starting kubelet.');
    for (const c of HEALTHY_CONDITIONS.slice(0, 3)) this.nodeEvent(a, c.event, `Node ${nodeName} status is now: ${c.event}`);
    this.nodeEvent(a, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  }

  /** The first status tick after the network came back: `now` if the kubelet ticks now, else a timed event. */
  private scheduleStatusTick(a: Agent): void {
    const now = this.ctx.clock.nowMs();
    const tick = firstTickAtOrAfter(a, now);
    if (tick === now) return this.statusTick(a, now);
    a.pendingTick = this.ctx.loop.at(tick, `kubelet/${a.name}: node status`, () => {
      a.pendingTick = undefined;
      if (isHealthy(a)) this.statusTick(a, this.ctx.clock.nowMs());
    });
  }

  /**
   * tryUpdateNodeStatus: the kubelet posts when its status differs from the Node's (the node
   * controller marked it Unknown meanwhile) or when nodeStatusReportFrequency has passed.
   */
  private statusTick(a: Agent, now: number): void {
    const node = this.ctx.store.get<Node & KubeObject>('Node', '', a.name);
    if (!node) return;
    const changed = HEALTHY_CONDITIONS.some((h) => {
      const c = node.status?.conditions?.find((x) => x.type === h.type);
      return !c || c.status !== h.status || c.reason !== h.reason;
    });
    if (changed || now - a.lastPostMs >= NODE_STATUS_REPORT_FREQUENCY_MS) this.postStatus(a, now);
  }

  /** Posts the kubelet's view of its conditions, recording each transition (setters.go). */
  private postStatus(a: Agent, now: number): void {
    const node = this.ctx.store.get<Node & KubeObject>('Node', '', a.name);
    if (!node) return;
    const ts = toRfc3339(now);
    const conditions = [...((node.status?.conditions ?? []) as NodeCondition[])];
    for (const h of HEALTHY_CONDITIONS) {
      const i = conditions.findIndex((c) => c.type === h.type);
      const old = i >= 0 ? conditions[i] : undefined;
      const transition = old === undefined || old.status !== h.status;
      const next: NodeCondition = {
        type: h.type,
        status: h.status,
        lastHeartbeatTime: ts,
        lastTransitionTime: transition ? ts : old.lastTransitionTime,
        reason: h.reason,
        message: h.message,
      };
      if (i >= 0) conditions[i] = next;
      else conditions.push(next);
      // ReadyCondition records NodeReady only when an existing condition flips.
      if (transition && (h.type !== 'Ready' || old !== undefined)) this.nodeEvent(a, h.event, `Node ${a.name} status is now: ${h.event}`);
    }
    a.lastPostMs = now;
    this.ctx.store.update({ ...node, metadata: { ...node.metadata, resourceVersion: undefined }, status: { ...node.status, conditions } } as KubeObject, { validate: false, subresource: 'status' });
  }

  /** recordNodeStatusEvent: the kubelet's node reference carries the node's name as its uid. */
  private nodeEvent(a: Agent, reason: string, message: string): void {
    const ref = { apiVersion: 'v1', kind: 'Node', metadata: { name: a.name, uid: a.name } };
    this.ctx.events.record(ref, 'Normal', reason, message, { component: 'kubelet', host: a.name });
  }

  // ---- bringing the stored Lease and heartbeats up to date --------------------------------------

  /** Writes every healthy node's Lease renewTime and heartbeat as of now (before kubectl reads them). */
  catchUp(): void {
    const now = this.ctx.clock.nowMs();
    for (const a of this.agents.values()) if (isHealthy(a)) this.catchUpAgent(a, now);
  }

  private catchUpAgent(a: Agent, now: number): void {
    const { store } = this.ctx;
    const renew = lastRenewMs(a, now);
    const lease = store.get<Lease & KubeObject>('Lease', NODE_LEASE_NAMESPACE, a.name) as StoredLease | undefined;
    const renewTime = microTime(renew);
    if (lease && lease.spec?.renewTime !== renewTime) {
      store.update({ ...lease, metadata: { ...lease.metadata, resourceVersion: undefined }, spec: { ...lease.spec, renewTime } } as KubeObject, { validate: false });
    }
    const heartbeat = heartbeatMs(a, now);
    if (heartbeat === a.lastPostMs) return;
    a.lastPostMs = heartbeat;
    const node = store.get<Node & KubeObject>('Node', '', a.name) as StoredNode | undefined;
    if (!node) return;
    const ts = toRfc3339(heartbeat);
    const owned = new Set(HEALTHY_CONDITIONS.map((h) => h.type));
    const conditions = (node.status?.conditions ?? []).map((c) => (owned.has(c.type) ? { ...c, lastHeartbeatTime: ts } : c));
    store.update({ ...node, metadata: { ...node.metadata, resourceVersion: undefined }, status: { ...node.status, conditions } } as KubeObject, { validate: false, subresource: 'status' });
  }
}

function isHealthy(a: Agent): boolean {
  return a.kubeletRunning && a.networkUp && a.registered;
}

/** The kubelet's first loop tick at or after `ms`. */
function firstTickAtOrAfter(a: Agent, ms: number): number {
  return a.anchorMs + Math.ceil((ms - a.anchorMs) / TICK_MS) * TICK_MS;
}

/** The Lease's renewTime at `nowMs`: the last tick of the current healthy period, else the frozen one. */
function lastRenewMs(a: Agent, nowMs: number): number {
  if (a.healthySinceMs === undefined || !isHealthy(a)) return a.frozenRenewMs;
  if (nowMs < firstTickAtOrAfter(a, a.healthySinceMs)) return a.frozenRenewMs;
  return a.anchorMs + Math.floor((nowMs - a.anchorMs) / TICK_MS) * TICK_MS;
}

/**
 * The last heartbeat at `nowMs`: a healthy kubelet whose status did not change reports every
 * nodeStatusReportFrequency after its last post. A report that fell in an unhealthy period was
 * lost; the status tick after the recovery posts then (statusTick), so no later one counts here.
 */
function heartbeatMs(a: Agent, nowMs: number): number {
  if (a.healthySinceMs === undefined || !isHealthy(a)) return a.lastPostMs;
  const k = Math.floor((nowMs - a.lastPostMs) / NODE_STATUS_REPORT_FREQUENCY_MS);
  if (k < 1) return a.lastPostMs;
  const report = a.lastPostMs + k * NODE_STATUS_REPORT_FREQUENCY_MS;
  return report >= firstTickAtOrAfter(a, a.healthySinceMs) ? report : a.lastPostMs;
}
