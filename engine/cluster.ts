// A whole simulated cluster: apiserver store, controllers, scheduler and kubelets on one virtual
// clock and one seeded generator. Nothing here reads the wall clock. After every instant of
// virtual time at which something happened, and after every command, the cluster settles:
// controllers sync their queued keys, in a fixed order, until none has work left.
import { VirtualClock, parseRfc3339 } from './clock.ts';
import { Rng } from './rng.ts';
import { EventLoop } from './loop.ts';
import { ApiStore, NO_INDEX_VALUES, type Stored } from './api/store.ts';
import { EventRecorder } from './api/events.ts';
import { InvariantChecker } from './invariants.ts';
import { EngineError, UserError } from './errors.ts';
import type { KubeObject } from './api/types.ts';
import { CONTROLLER_INDEX, OWNER_INDEX, controllerIndexValue } from './controllers/owners.ts';
import type { Controller, ControllerContext, WorkQueue } from './controllers/base.ts';
import { ReplicaSetController } from './controllers/replicaset.ts';
import { DeploymentController } from './controllers/deployment.ts';
import { GarbageCollector } from './controllers/garbagecollector.ts';
import { JobController } from './controllers/job.ts';
import { CronJobController } from './controllers/cronjob.ts';
import { TtlAfterFinishedController } from './controllers/ttlafterfinished.ts';
import { DaemonSetController } from './controllers/daemonset.ts';
import { NodeLifecycleController } from './controllers/nodelifecycle.ts';
import { TaintEvictionController } from './controllers/tainteviction.ts';
import { PodGarbageCollector } from './controllers/podgc.ts';
import { NodeAgents } from './kubelet/node-agent.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { Kubelets, type KubeletTimings } from './kubelet/kubelet.ts';
import { DEFAULT_NODE_CAPACITY, nodeObject, type NodeCapacity } from './nodes.ts';
import { Trace } from './trace.ts';

/** The documented defaults: seed 1, virtual start 2020-06-07T22:00:00Z (the day of the seed notes). */
export const DEFAULT_SEED = 1;
export const DEFAULT_START_TIME = '2020-06-07T22:00:00Z';

export interface ClusterOptions {
  seed?: number;
  /** RFC 3339 start of virtual time. */
  startTime?: string;
  /** Deep-freeze stored objects so accidental mutation throws (tests); off for benchmarks. */
  freezeObjects?: boolean;
  /** Keep a trace of what kubectl would show over time, for reports (default on). */
  trace?: boolean;
  /** Check the engine's invariants on every change (engine/invariants.ts); defaults to freezeObjects. */
  checkInvariants?: boolean;
}

/** How many controller syncs one settle may take before the engine calls it a livelock. */
const SETTLE_BUDGET = 10_000_000;

export class Cluster {
  readonly seed: number;
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly loop: EventLoop;
  readonly store: ApiStore;
  readonly events: EventRecorder;
  /** What kubectl would have shown over virtual time, as plain records; undefined with `trace: false`. */
  readonly trace?: Trace;
  readonly kubelets: Kubelets;
  readonly scheduler: Scheduler;
  /** Each node's kubelet as the control plane sees it: status, Lease, reachability (and the faults). */
  readonly nodeAgents: NodeAgents;
  private readonly controllers: Controller[];
  /** Each controller's work queue (controllers[i].queue), read without a lookup on each of the controllers' different classes. */
  private readonly queues: WorkQueue[];
  /**
   * The kube-controller-manager's controllers (the scheduler and the kubelets run apart), and the
   * kind each one without a restart() of its own lists when it starts again.
   */
  private readonly controllerManager: { controllers: Set<Controller>; relist: Map<Controller, string> };
  private controllerManagerDown = false;
  readonly startMs: number;
  readonly invariants?: InvariantChecker;
  nodeCapacity: NodeCapacity = { ...DEFAULT_NODE_CAPACITY };
  private nodeCount = 0;

  constructor(options: ClusterOptions = {}) {
    this.seed = options.seed ?? DEFAULT_SEED;
    const start = parseRfc3339(options.startTime ?? DEFAULT_START_TIME);
    if (start === undefined) throw new UserError(`invalid start time "${options.startTime}": want RFC 3339, e.g. "2020-06-07T22:00:00Z"`);
    this.startMs = start;
    this.clock = new VirtualClock(start);
    this.rng = new Rng(this.seed);
    this.loop = new EventLoop(this.clock);
    this.store = new ApiStore(this.clock, this.rng, { freeze: options.freezeObjects ?? true });
    if (options.trace !== false) this.trace = new Trace(this.store, this.clock);
    // Each index function answers a single value as it is, so most writes make no array for it.
    for (const kind of ['Pod', 'ReplicaSet', 'Job']) {
      this.store.addIndex(kind, CONTROLLER_INDEX, controllerIndexValue);
      this.store.addIndex(kind, OWNER_INDEX, ownerUids);
    }
    this.store.addIndex('Pod', 'node', (o) => ((o.spec as { nodeName?: string } | undefined)?.nodeName) ?? '');
    // Invariants are checked on every change in tests (with frozen objects), not in benchmarks.
    if (options.checkInvariants ?? options.freezeObjects ?? true) this.invariants = new InvariantChecker(this.store, this.clock, this.seed);
    this.events = new EventRecorder(this.store, this.clock);
    const ctx: ControllerContext = { store: this.store, clock: this.clock, loop: this.loop, rng: this.rng, events: this.events };
    this.kubelets = new Kubelets(ctx);
    this.scheduler = new Scheduler(ctx);
    // The order controllers settle in. The scheduler binds a new pod before the workload
    // controllers look at it again (a real scheduler binds within milliseconds, faster than a
    // controller's informer and work queue turn around); then owners before what they own.
    const deployments = new DeploymentController(ctx);
    const replicaSets = new ReplicaSetController(ctx);
    const daemonSets = new DaemonSetController(ctx);
    this.nodeAgents = new NodeAgents(ctx);
    this.kubelets.connect(this.nodeAgents);
    const nodeControllers = [new NodeLifecycleController(ctx, this.nodeAgents), new TaintEvictionController(ctx), new PodGarbageCollector(ctx)];
    const managed: Controller[] = [deployments, replicaSets, daemonSets, new CronJobController(ctx), new JobController(ctx), new TtlAfterFinishedController(ctx), ...nodeControllers, new GarbageCollector(ctx)];
    this.controllers = [this.scheduler, ...managed, this.nodeAgents, this.kubelets];
    this.queues = this.controllers.map((c) => c.queue);
    this.controllerManager = { controllers: new Set(managed), relist: new Map<Controller, string>([[deployments, 'Deployment'], [replicaSets, 'ReplicaSet'], [daemonSets, 'DaemonSet']]) };
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      this.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    }
  }

  nowMs(): number {
    return this.clock.nowMs();
  }

  get kubeletTimings(): KubeletTimings {
    return this.kubelets.timings;
  }

  /** Registers a node and its kubelet. */
  addNode(name: string, labels: Record<string, string> = {}): Stored {
    const index = ++this.nodeCount;
    this.kubelets.addNode(name, index);
    const node = this.store.create(nodeObject(name, index, this.clock.nowMs(), this.rng, this.nodeCapacity, labels));
    this.settle();
    return node;
  }

  /** Lets `ms` of virtual time pass, processing every event due meanwhile. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new UserError(`time can only move forward, not by ${ms} ms`);
    this.settle();
    this.loop.runUntil(this.clock.nowMs() + ms, () => this.settle());
  }

  /** Runs the controllers until none has queued work (the cluster is quiescent at this instant). */
  settle(): void {
    let budget = SETTLE_BUDGET;
    const queues = this.queues;
    for (;;) {
      let worked = false;
      for (let i = 0; i < queues.length; i++) {
        const queue = queues[i]!;
        if (queue.length === 0) continue;
        const c = this.controllers[i]!;
        if (this.controllerManagerDown && this.controllerManager.controllers.has(c)) continue;
        for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
          worked = true;
          if (--budget === 0) throw new EngineError(`the controllers did not settle at ${this.clock.nowRfc3339()} (seed ${this.seed}): ${c.name} still busy with ${key}`);
          c.sync(key);
        }
      }
      if (!worked) return;
    }
  }

  /**
   * Stops the kube-controller-manager: its controllers sync nothing until it starts again, so
   * CronJobs miss their times and nothing replaces a pod; the scheduler and the kubelets go on.
   */
  stopControllerManager(): void {
    this.controllerManagerDown = true;
  }

  /**
   * Starts the kube-controller-manager again. As after a real restart, its controllers have lost
   * what they kept in memory and list everything they manage, so each object is synced once.
   */
  startControllerManager(): void {
    if (!this.controllerManagerDown) return;
    this.controllerManagerDown = false;
    for (const c of this.controllerManager.controllers) {
      const kind = this.controllerManager.relist.get(c);
      if (kind) for (const obj of this.store.list(kind)) c.queue.add(`${obj.metadata.namespace}/${obj.metadata.name}`);
      else (c as Controller & { restart?: () => void }).restart?.();
    }
    this.settle();
  }

  /** Creates or applies an object as a client would, then lets the controllers react. */
  create(obj: KubeObject): Stored {
    const stored = this.store.create(obj);
    this.settle();
    return stored;
  }
}

/** The owner index's values: the uids of an object's owners (most have one, answered without an array). */
function ownerUids(o: Stored): string | readonly string[] {
  const refs = o.metadata.ownerReferences;
  if (refs === undefined || refs.length === 0) return NO_INDEX_VALUES;
  return refs.length === 1 ? refs[0]!.uid : refs.map((r) => r.uid);
}
