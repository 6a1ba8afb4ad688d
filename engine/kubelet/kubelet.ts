// One kubelet per node, each running a pod worker per pod bound to its node
// (pkg/kubelet/pod_workers.go). A worker is an explicit state machine:
//
//   Creating ──sandbox ready, images pulled, containers started──▶ Running
//      │                                                             │
//      └──────────── deletionTimestamp set (SIGTERM) ─────────────▶ Terminating ──▶ gone
//
// While Creating, STATUS shows ContainerCreating. Deletion sends SIGTERM to each running
// container; one whose process handles it stops at once (exit 0), one that ignores it is killed
// when the grace period ends (exit 137). Then the kubelet deletes the pod with grace 0 and the
// apiserver removes it. Timings are data (KubeletTimings) and documented in the README.
import { toRfc3339 } from '../clock.ts';
import type { Rng } from '../rng.ts';
import type { WatchEvent } from '../api/store.ts';
import type { ContainerStatus, KubeObject, Pod, PodCondition } from '../api/types.ts';
import type { StoredPod } from '../api/pods.ts';
import { UserError } from '../errors.ts';
import { goDuration } from '../kubectl/duration.ts';
import type { TimedEvent } from '../loop.ts';
import { WorkQueue, splitKey, type Controller, type ControllerContext } from '../controllers/base.ts';
import { imageBehaviour } from './images.ts';

export interface KubeletTimings {
  /** From binding to the pod sandbox (network namespace, IP) being ready. */
  sandboxMs: number;
  /** Pulling an image the node does not have yet. */
  firstPullMs: number;
  /** Pulling an image the node has (imagePullPolicy Always): only the manifest is checked. */
  repeatPullMs: number;
}

export const DEFAULT_KUBELET_TIMINGS: KubeletTimings = { sandboxMs: 1000, firstPullMs: 3000, repeatPullMs: 500 };

type WorkerState = 'Creating' | 'Running' | 'Terminating';

interface ContainerRecord {
  name: string;
  image: string;
  state: 'waiting' | 'running' | 'terminated';
  waitingReason: string;
  startedAtMs?: number;
  finishedAtMs?: number;
  exitCode?: number;
  terminatedReason?: string;
  containerId: string;
}

interface PodWorker {
  key: string;
  uid: string;
  state: WorkerState;
  startTimeMs: number;
  podIp?: string;
  sandboxReady: boolean;
  sandboxReadyMs?: number;
  containers: ContainerRecord[];
  readySinceMs?: number;
  timers: TimedEvent[];
}

/** The kubelet of one node: its image cache, its pod IP range and its pod workers. */
export class Kubelet {
  readonly images = new Set<string>();
  readonly workers = new Map<string, PodWorker>();
  private nextIp = 2;

  constructor(
    readonly nodeName: string,
    readonly nodeIndex: number,
  ) {}

  allocatePodIp(): string {
    const ip = `10.244.${this.nodeIndex}.${this.nextIp}`;
    this.nextIp = this.nextIp >= 254 ? 2 : this.nextIp + 1;
    return ip;
  }

  get internalIp(): string {
    return `192.168.49.${this.nodeIndex + 2}`;
  }
}

/**
 * Runs the kubelets of every node through one work queue of pod keys: each key goes to the
 * kubelet of the node the pod is bound to.
 */
export class Kubelets implements Controller {
  readonly name = 'kubelet';
  readonly queue: WorkQueue;
  readonly byNode = new Map<string, Kubelet>();
  /** Which kubelet runs the worker of each pod key, so a sync looks at one kubelet, not all. */
  private readonly workerNode = new Map<string, Kubelet>();
  timings: KubeletTimings = { ...DEFAULT_KUBELET_TIMINGS };

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    ctx.store.watch('Pod', (ev) => this.onPod(ev));
  }

  addNode(name: string, index: number): Kubelet {
    const k = new Kubelet(name, index);
    this.byNode.set(name, k);
    return k;
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    if (!pod.spec?.nodeName) return;
    const old = ev.old as StoredPod | undefined;
    // A change of status only (most often the kubelet's own write) asks nothing of the kubelet.
    if (ev.type === 'MODIFIED' && old && old.spec === pod.spec && old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp) return;
    this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.store.get<Pod & KubeObject>('Pod', ns, name) as StoredPod | undefined;
    const running = this.workerNode.get(key);
    const w = running?.workers.get(key);
    if (running && w && (!pod || pod.metadata.uid !== w.uid)) this.stopWorker(running, w);
    if (!pod?.spec?.nodeName) return;
    const kubelet = this.byNode.get(pod.spec.nodeName);
    if (!kubelet) return;
    let worker = kubelet.workers.get(key);
    if (!worker) {
      if (pod.metadata.deletionTimestamp !== undefined) return this.finish(pod);
      worker = this.startWorker(kubelet, pod);
    }
    if (pod.metadata.deletionTimestamp !== undefined && worker.state !== 'Terminating') this.beginTermination(kubelet, worker, pod);
  }

  // ---- the state machine ---------------------------------------------------------------------

  private startWorker(kubelet: Kubelet, pod: StoredPod): PodWorker {
    const now = this.ctx.clock.nowMs();
    const worker: PodWorker = {
      key: `${pod.metadata.namespace}/${pod.metadata.name}`,
      uid: pod.metadata.uid!,
      state: 'Creating',
      startTimeMs: now,
      sandboxReady: false,
      containers: (pod.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
        state: 'waiting',
        waitingReason: 'ContainerCreating',
        containerId: '',
      })),
      timers: [],
    };
    kubelet.workers.set(worker.key, worker);
    this.workerNode.set(worker.key, kubelet);
    this.writeStatus(worker);
    this.schedule(worker, this.timings.sandboxMs, 'sandbox ready', () => this.sandboxReady(kubelet, worker));
    return worker;
  }

  private sandboxReady(kubelet: Kubelet, worker: PodWorker): void {
    worker.sandboxReady = true;
    worker.sandboxReadyMs = this.ctx.clock.nowMs();
    worker.podIp = kubelet.allocatePodIp();
    // No status write here: the real pod worker pulls and starts the containers within the same
    // SyncPod, so the IP and the sandbox condition first reach the apiserver with the next status
    // (pkg/kubelet/kubelet.go SyncPod, status_manager.go).
    const pod = this.pod(worker);
    if (!pod) return;
    // Containers start in order; each is pulled (per its imagePullPolicy), created and started.
    let delayMs = 0;
    for (const [i, c] of (pod.spec?.containers ?? []).entries()) {
      const record = worker.containers[i];
      const fieldPath = `spec.containers{${c.name}}`;
      const image = c.image ?? '';
      const present = kubelet.images.has(image);
      const policy = c.imagePullPolicy ?? 'IfNotPresent';
      if (policy === 'Always' || (policy === 'IfNotPresent' && !present)) {
        const pullMs = present ? this.timings.repeatPullMs : this.timings.firstPullMs;
        this.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, kubelet, fieldPath);
        delayMs += pullMs;
        this.schedule(worker, delayMs, `pulled ${image}`, () => {
          kubelet.images.add(image);
          const p = this.pod(worker);
          if (!p) return;
          const took = goDuration(pullMs);
          // pkg/kubelet/images/image_manager.go (v1.30+ appends the image size)
          this.event(p, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageBehaviour(image).sizeBytes} bytes.`, kubelet, fieldPath);
          this.startContainer(kubelet, worker, record);
        });
      } else {
        this.schedule(worker, delayMs, `start ${c.name}`, () => {
          const p = this.pod(worker);
          if (!p) return;
          // pkg/kubelet/images/image_manager.go
          this.event(p, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, kubelet, fieldPath);
          this.startContainer(kubelet, worker, record);
        });
      }
    }
  }

  private startContainer(kubelet: Kubelet, worker: PodWorker, record: ContainerRecord): void {
    if (worker.state === 'Terminating') return;
    const pod = this.pod(worker);
    if (!pod) return;
    const fieldPath = `spec.containers{${record.name}}`;
    // pkg/kubelet/kuberuntime/kuberuntime_container.go: `Created container: %v` (v1.32), `Started container %v`.
    this.event(pod, 'Normal', 'Created', `Created container: ${record.name}`, kubelet, fieldPath);
    this.event(pod, 'Normal', 'Started', `Started container ${record.name}`, kubelet, fieldPath);
    record.state = 'running';
    record.startedAtMs = this.ctx.clock.nowMs();
    record.containerId = `containerd://${hex64(this.ctx.rng)}`;
    if (worker.containers.every((c) => c.state === 'running')) {
      worker.state = 'Running';
      worker.readySinceMs = this.ctx.clock.nowMs();
    }
    this.writeStatus(worker);
  }

  private beginTermination(kubelet: Kubelet, worker: PodWorker, pod: StoredPod): void {
    worker.state = 'Terminating';
    for (const t of worker.timers) t.cancelled = true;
    worker.timers = [];
    const deadlineMs = Date.parse(pod.metadata.deletionTimestamp!);
    for (const record of worker.containers) {
      if (record.state !== 'running') {
        record.state = 'terminated';
        continue;
      }
      // pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer
      this.event(pod, 'Normal', 'Killing', `Stopping container ${record.name}`, kubelet, `spec.containers{${record.name}}`);
      if (imageBehaviour(record.image).handlesSigterm) this.stopContainer(record, 0);
      else this.schedule(worker, deadlineMs - this.ctx.clock.nowMs(), `SIGKILL ${record.name}`, () => {
        this.stopContainer(record, 137);
        this.finishIfStopped(kubelet, worker);
      });
    }
    this.finishIfStopped(kubelet, worker);
  }

  private stopContainer(record: ContainerRecord, exitCode: number): void {
    record.state = 'terminated';
    record.exitCode = exitCode;
    record.terminatedReason = exitCode === 0 ? 'Completed' : 'Error';
    record.finishedAtMs = this.ctx.clock.nowMs();
  }

  private finishIfStopped(kubelet: Kubelet, worker: PodWorker): void {
    if (!worker.containers.every((c) => c.state === 'terminated')) return;
    const pod = this.pod(worker);
    this.stopWorker(kubelet, worker);
    if (pod) this.finish(pod);
  }

  /** The kubelet's final delete (status_manager.go: a terminated pod is deleted with grace 0). */
  private finish(pod: StoredPod): void {
    try {
      this.ctx.store.delete('Pod', pod.metadata.namespace!, pod.metadata.name!, { gracePeriodSeconds: 0 });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }

  private stopWorker(kubelet: Kubelet, worker: PodWorker): void {
    for (const t of worker.timers) t.cancelled = true;
    kubelet.workers.delete(worker.key);
    this.workerNode.delete(worker.key);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private schedule(worker: PodWorker, delayMs: number, what: string, run: () => void): void {
    worker.timers.push(this.ctx.loop.after(delayMs, `kubelet: ${what} for ${worker.key}`, run));
  }

  private pod(worker: PodWorker): StoredPod | undefined {
    const [ns, name] = splitKey(worker.key);
    const pod = this.ctx.store.get<Pod & KubeObject>('Pod', ns, name) as StoredPod | undefined;
    return pod?.metadata.uid === worker.uid ? pod : undefined;
  }

  private event(pod: StoredPod, type: 'Normal' | 'Warning', reason: string, message: string, kubelet: Kubelet, fieldPath?: string): void {
    this.ctx.events.record(pod, type, reason, message, { component: 'kubelet', host: kubelet.nodeName }, fieldPath);
  }

  /** Writes the pod status the worker's state implies (the status manager's job). */
  private writeStatus(worker: PodWorker): void {
    const pod = this.pod(worker);
    if (!pod) return;
    const kubelet = this.byNode.get(pod.spec!.nodeName!)!;
    const status = podStatus(worker, pod, kubelet);
    this.ctx.store.update({ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status } as unknown as KubeObject, { validate: false, subresource: 'status' });
  }
}

/** The status the kubelet reports for a worker (kubelet_pods.go generateAPIPodStatus, reduced). */
function podStatus(worker: PodWorker, pod: StoredPod, kubelet: Kubelet): Pod['status'] {
  const ts = (ms: number | undefined) => (ms === undefined ? undefined : toRfc3339(ms));
  const start = ts(worker.startTimeMs)!;
  const allReady = worker.state === 'Running' && worker.containers.every((c) => c.state === 'running');
  const readyAt = ts(worker.readySinceMs) ?? start;
  const notReady = worker.containers.filter((c) => c.state !== 'running').map((c) => c.name);
  const notReadyMessage = `containers with unready status: [${notReady.join(' ')}]`;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const conditions: PodCondition[] = [
    { type: 'PodReadyToStartContainers', status: worker.sandboxReady ? 'True' : 'False', lastProbeTime: null as unknown as string, lastTransitionTime: ts(worker.sandboxReadyMs) ?? start },
    { type: 'Initialized', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: start },
    allReady
      ? { type: 'Ready', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: readyAt }
      : { type: 'Ready', status: 'False', lastProbeTime: null as unknown as string, lastTransitionTime: start, reason: 'ContainersNotReady', message: notReadyMessage },
    allReady
      ? { type: 'ContainersReady', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: readyAt }
      : { type: 'ContainersReady', status: 'False', lastProbeTime: null as unknown as string, lastTransitionTime: start, reason: 'ContainersNotReady', message: notReadyMessage },
    ...(scheduled ? [scheduled as PodCondition] : []),
  ];
  const containerStatuses: ContainerStatus[] = worker.containers.map((c) => {
    const s: ContainerStatus = {
      name: c.name,
      image: c.image,
      imageID: c.state === 'waiting' ? '' : `docker.io/${c.image}@sha256:${'0'.repeat(64)}`,
      ready: c.state === 'running' && worker.state === 'Running',
      restartCount: 0,
      started: c.state === 'running',
      state: {},
      lastState: {},
    };
    if (c.containerId) s.containerID = c.containerId;
    if (c.state === 'waiting') s.state = { waiting: { reason: c.waitingReason } };
    else if (c.state === 'running') s.state = { running: { startedAt: ts(c.startedAtMs)! } };
    else s.state = { terminated: { exitCode: c.exitCode ?? 0, reason: c.terminatedReason, startedAt: ts(c.startedAtMs), finishedAt: ts(c.finishedAtMs), containerID: c.containerId } };
    return s;
  });
  const status: Pod['status'] = {
    phase: worker.state === 'Creating' ? 'Pending' : 'Running',
    conditions,
    hostIP: kubelet.internalIp,
    hostIPs: [{ ip: kubelet.internalIp }],
    startTime: start,
    containerStatuses,
    qosClass: qosClass(pod),
  };
  if (worker.podIp) {
    status.podIP = worker.podIp;
    status.podIPs = [{ ip: worker.podIp }];
  }
  return status;
}

/** pkg/apis/core/v1/helper/qos/qos.go GetPodQOS, for the common cases. */
function qosClass(pod: StoredPod): string {
  const containers = pod.spec?.containers ?? [];
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const l = c.resources?.limits ?? {};
    const r = c.resources?.requests ?? {};
    return l.cpu !== undefined && l.memory !== undefined && (r.cpu === undefined || r.cpu === l.cpu) && (r.memory === undefined || r.memory === l.memory);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function hex64(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += rng.nextUint32().toString(16).padStart(8, '0');
  return s;
}

