// One kubelet per node, each running a pod worker per pod bound to its node
// (pkg/kubelet/pod_workers.go), a container slot per container, and probe workers per probe.
//
//   pod:       Creating ──sandbox ready──▶ Running ──deletionTimestamp──▶ Terminating ──▶ gone
//   container: waiting(ContainerCreating) ─pull, create, start─▶ running ─exit─▶ terminated
//                 ▲                                                              │
//                 └── restart now, or waiting(CrashLoopBackOff) until the back-off passes
//
// Restarts follow the restart policy and the crash-loop back-off (10 s doubling to 300 s, reset
// after a container ran 10 minutes; kuberuntime_manager.go doBackOff). Liveness and startup
// failures kill the container with the grace period upstream chooses; a process that ignores
// SIGTERM dies of SIGKILL (137) when it ends. Timings are data (KubeletTimings, README).
import { toRfc3339 } from '../clock.ts';
import type { Rng } from '../rng.ts';
import type { WatchEvent } from '../api/store.ts';
import type { Container, ContainerStatus, KubeObject, Pod, PodCondition, Probe } from '../api/types.ts';
import type { DeepReadonly } from '../api/types.ts';
import { qosClass, type StoredPod } from '../api/pods.ts';
import { UserError } from '../errors.ts';
import { goDuration } from '../kubectl/duration.ts';
import type { TimedEvent } from '../loop.ts';
import { WorkQueue, objectKeyOf, rewritten, splitObjectKey, unconditionalMetadata, type Controller, type ControllerContext } from '../controllers/base.ts';
import { ImageCatalog, parseBehaviour, type ImageBehaviour } from './images.ts';
import { ContainerInstance, containerArgv, type LogLine } from './runtime.ts';
import { missingExecutable, type ContainerFs } from './shell.ts';
import { ProbeWorker, runProbe, stableUntil, type ProbeKind } from './prober.ts';
import { load } from 'js-yaml';
import type { NodeAgents } from './node-agent.ts';
import { putHex } from '../util/hex.ts';
import { Memo } from '../util/memo.ts';

export interface KubeletTimings {
  /** From binding to the pod sandbox (network namespace, IP) being ready. */
  sandboxMs: number;
  /** Pulling an image the node does not have yet. */
  firstPullMs: number;
  /** Pulling an image the node has (imagePullPolicy Always): only the manifest is checked. */
  repeatPullMs: number;
}

export const DEFAULT_KUBELET_TIMINGS: KubeletTimings = { sandboxMs: 1000, firstPullMs: 3000, repeatPullMs: 500 };

// pkg/kubelet/kubelet.go: backOffPeriod and MaxContainerBackOff of the crash-loop back-off.
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
// pkg/kubelet/pod_workers.go: after a failed sync (a back-off) the pod is synced again after
// wait.Jitter(backOffPeriod, workerBackOffPeriodJitterFactor = 0.5): 10 to 15 s.
const SYNC_ERROR_REQUEUE_MS = 10_000;
const SYNC_ERROR_JITTER = 0.5;
// pkg/kubelet/kuberuntime/kuberuntime_container.go minimumGracePeriodInSeconds
const MIN_KILL_GRACE_MS = 2000;
/** The pod annotation that describes a container's behaviour (a kube-scenarios extension). */
export const BEHAVIOUR_ANNOTATION = 'kube-scenarios.io/behaviour';

type WorkerState = 'Creating' | 'Running' | 'Terminating';

interface ContainerSlot {
  spec: DeepReadonly<Container>;
  behaviour: ImageBehaviour;
  current?: ContainerInstance;
  previous?: ContainerInstance;
  restartCount: number;
  waiting?: { readonly reason: string; readonly message?: string };
  /** The startup probe passed, or there is none (the container status's `started`). */
  started: boolean;
  backoff?: { backoffMs: number; lastUpdateMs: number };
  probes: ProbeWorker[];
  /** Set while a kill is under way: SIGKILL comes at this time unless the process exits first. */
  killDeadlineMs?: number;
  timers: TimedEvent[];
  /** The image ID the container status reports, built once. */
  imageID?: string;
}

interface PodWorker {
  key: string;
  uid: string;
  name: string;
  namespace: string;
  state: WorkerState;
  startTimeMs: number;
  sandboxReadyMs?: number;
  podIp?: string;
  slots: ContainerSlot[];
  timers: TimedEvent[];
  /** The pod spec object the QoS class was worked out for, and the class. */
  qosSpec?: unknown;
  qosClass?: string;
}

/** The kubelet of one node: its image cache, its pod IP range and its pod workers. */
export class Kubelet {
  readonly images = new Set<string>();
  readonly workers = new Map<string, PodWorker>();
  private nextIp = 2;
  /** The pod addresses handed out so far, by last octet. */
  private readonly podIps: string[] = [];
  /** The source of the events this kubelet records (the recorder copies it). */
  readonly eventSource: { component: string; host: string };

  constructor(
    readonly nodeName: string,
    readonly nodeIndex: number,
  ) {
    this.eventSource = { component: 'kubelet', host: nodeName };
  }

  allocatePodIp(): string {
    // The addresses come round again (2 to 254): each text made once.
    const ip = (this.podIps[this.nextIp] ??= `10.244.${this.nodeIndex}.${this.nextIp}`);
    this.nextIp = this.nextIp >= 254 ? 2 : this.nextIp + 1;
    return ip;
  }

  /** The node's address (every pod status names it). */
  get internalIp(): string {
    return (this.internalIpText ??= `192.168.49.${this.nodeIndex + 2}`);
  }

  private internalIpText?: string;

  /**
   * The node's address as a pod status lists it (`[{ ip }]`): one list for every pod of the node,
   * as stored objects never change.
   */
  get hostIPs(): { ip: string }[] {
    return (this.hostIpList ??= [{ ip: this.internalIp }]);
  }

  private hostIpList?: { ip: string }[];

  /** Where probes come from, as the pods see it: the node's address on the pod network (the cni bridge). */
  get probeSource(): string {
    return `10.244.${this.nodeIndex}.1`;
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
  readonly images = new ImageCatalog();
  timings: KubeletTimings = { ...DEFAULT_KUBELET_TIMINGS };
  /** Which kubelet runs the worker of each pod key, so a sync looks at one kubelet, not all. */
  private readonly workerNode = new Map<string, Kubelet>();
  /** Whether each node's kubelet runs and reaches the apiserver (engine/kubelet/node-agent.ts). */
  private agents?: NodeAgents;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    ctx.store.watch('Pod', (ev) => this.onPod(ev));
  }

  /**
   * Follows the node agents: while a kubelet cannot reach the apiserver (its network is cut, its
   * Node deleted) it writes nothing and sees no change, and while its process is stopped it also
   * probes and restarts nothing; its containers run on either way. Back online, it catches up.
   */
  connect(agents: NodeAgents): void {
    this.agents = agents;
    agents.subscribe((nodeName, change) => {
      if (change === 'network-up' || change === 'kubelet-started') this.catchUp(nodeName, change === 'kubelet-started');
    });
  }

  private online(nodeName: string): boolean {
    return this.agents ? this.agents.healthy(nodeName) : true;
  }

  private processRunning(nodeName: string): boolean {
    return this.agents ? this.agents.kubeletRunning(nodeName) : true;
  }

  /** A kubelet back online: pods deleted meanwhile are killed now, the others' status reported, new ones started. */
  private catchUp(nodeName: string, restarted: boolean): void {
    const kubelet = this.byNode.get(nodeName);
    if (!kubelet || !this.online(nodeName)) return;
    for (const worker of [...kubelet.workers.values()]) {
      const pod = this.pod(worker);
      if (!pod) {
        this.stopWorker(kubelet, worker);
        continue;
      }
      if (pod.metadata.deletionTimestamp !== undefined && worker.state !== 'Terminating') {
        this.beginTermination(kubelet, worker, pod);
        continue;
      }
      if (restarted) {
        this.wakeProbes(kubelet, worker);
        for (const slot of worker.slots) if (slot.current?.state === 'exited' && !slot.waiting) this.restartOrBackOff(kubelet, worker, slot);
      }
      this.writeStatus(worker);
    }
    for (const pod of this.ctx.store.byIndex('Pod', 'node', nodeName)) this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  addNode(name: string, index: number): Kubelet {
    const k = new Kubelet(name, index);
    this.byNode.set(name, k);
    return k;
  }

  private get rng(): Rng {
    return this.ctx.rng;
  }

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    if (!pod.spec?.nodeName) return;
    const old = ev.old as StoredPod | undefined;
    // A change of status only (most often the kubelet's own write) asks nothing of the kubelet.
    if (ev.type === 'MODIFIED' && old && old.spec === pod.spec && old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp) return;
    // The key other handlers of this write made too, as the same string (hashed once).
    this.queue.add(objectKeyOf(pod));
  }

  sync(key: string): void {
    const running = this.workerNode.get(key);
    const w = running?.workers.get(key);
    // A pod with a worker is read by the worker's namespace and name (the key's parts, as the
    // pod's own strings): no key to split.
    const pod = w ? (this.ctx.store.get<Pod & KubeObject>('Pod', w.namespace, w.name) as StoredPod | undefined) : this.podByKey(key);
    // An offline kubelet sees nothing; it catches up when it is back (catchUp).
    const nodeName = running?.nodeName ?? pod?.spec?.nodeName;
    if (nodeName && !this.online(nodeName)) return;
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

  // ---- what kubectl logs reads ---------------------------------------------------------------

  /**
   * A container's log (kubectl logs), or the reason there is none, worded as the kubelet's
   * errors are (pkg/kubelet/kubelet_pods.go validateContainerLogStatus).
   */
  logs(pod: StoredPod, containerName: string, previous: boolean): { lines: LogLine[] } | { error: string } {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const worker = this.workerNode.get(key)?.workers.get(key);
    const slot = worker?.slots.find((s) => s.spec.name === containerName);
    const podName = pod.metadata.name;
    if (previous) {
      const prev = slot?.current?.state === 'exited' && slot.waiting ? slot.current : slot?.previous;
      if (!prev) return { error: `previous terminated container "${containerName}" in pod "${podName}" not found` };
      return { lines: prev.logLines(this.ctx.clock.nowMs()) };
    }
    if (!slot?.current) {
      const reason = slot?.waiting?.reason ?? 'ContainerCreating';
      return { error: `container "${containerName}" in pod "${podName}" is waiting to start: ${reason}` };
    }
    return { lines: slot.current.logLines(this.ctx.clock.nowMs()) };
  }

  // ---- the pod's state machine ----------------------------------------------------------------

  private startWorker(kubelet: Kubelet, pod: StoredPod): PodWorker {
    const now = this.ctx.clock.nowMs();
    const override = podBehaviourOverrides(pod);
    const containers = pod.spec?.containers ?? NO_CONTAINERS;
    // The slots made in a packed array at their final length (no closure, no push past an empty one).
    const slots: ContainerSlot[] = containers.length === 1 ? [newSlot(containers[0], this.images, override, now)] : [];
    if (containers.length !== 1) for (let i = 0; i < containers.length; i++) slots.push(newSlot(containers[i], this.images, override, now));
    const worker: PodWorker = {
      key: objectKeyOf(pod),
      uid: pod.metadata.uid!,
      name: pod.metadata.name!,
      namespace: pod.metadata.namespace!,
      state: 'Creating',
      startTimeMs: now,
      // Set later, declared here so that the worker keeps one shape.
      sandboxReadyMs: undefined,
      podIp: undefined,
      slots,
      timers: NO_TIMERS,
      qosSpec: undefined,
      qosClass: undefined,
    };
    kubelet.workers.set(worker.key, worker);
    this.workerNode.set(worker.key, kubelet);
    this.writeStatus(worker);
    this.after(worker, this.timings.sandboxMs, 'kubelet: sandbox ready for ', () => this.sandboxReady(kubelet, worker));
    // doProbe runs once as a worker starts, then every period (worker.go run).
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      for (let j = 0; j < slot.probes.length; j++) this.scheduleProbe(kubelet, worker, slot, slot.probes[j], now);
    }
    return worker;
  }

  private sandboxReady(kubelet: Kubelet, worker: PodWorker): void {
    worker.sandboxReadyMs = this.ctx.clock.nowMs();
    worker.podIp = kubelet.allocatePodIp();
    // No status write here: the real pod worker pulls and starts the containers within the same
    // SyncPod, so the IP and the sandbox condition reach the apiserver with the next status
    // (pkg/kubelet/kubelet.go SyncPod, status_manager.go). Containers start in order.
    let atMs = this.ctx.clock.nowMs();
    for (let i = 0; i < worker.slots.length; i++) atMs = this.launch(kubelet, worker, worker.slots[i], atMs);
  }

  /**
   * Pulls (under the container's imagePullPolicy) from `atMs`, then starts the container; returns
   * when it starts. The Pulling event is dated when the pull begins.
   */
  private launch(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, atMs: number): number {
    const pullMs = this.pullTimeMs(kubelet, slot);
    const texts = containerTexts(slot.spec.name);
    const fieldPath = texts.fieldPath;
    if (pullMs > 0) {
      // A pull that begins now needs no timer.
      if (atMs <= this.ctx.clock.nowMs()) this.pulling(kubelet, worker, slot, fieldPath);
      else this.atTime(slot, atMs, `kubelet: pull ${slot.spec.image}`, () => this.pulling(kubelet, worker, slot, fieldPath));
    }
    this.atTime(slot, atMs + pullMs, texts.startLabel, () => this.startContainer(kubelet, worker, slot, pullMs));
    return atMs + pullMs;
  }

  /**
   * The Pulling event when a pull begins. (A method rather than a named closure in launch: tsx's
   * keepNames makes every named closure cost a defineProperty per container.)
   */
  private pulling(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, fieldPath: string): void {
    const pod = this.pod(worker);
    // pkg/kubelet/images/image_manager.go
    if (pod && worker.state !== 'Terminating') this.event(pod, 'Normal', 'Pulling', pullingMessages.get(String(slot.spec.image)), kubelet, fieldPath);
  }

  /** How long pulling takes under the container's imagePullPolicy, with its events when it starts. */
  private pullTimeMs(kubelet: Kubelet, slot: ContainerSlot): number {
    const image = slot.spec.image ?? '';
    const policy = slot.spec.imagePullPolicy ?? 'IfNotPresent';
    const present = kubelet.images.has(image);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) return 0;
    return present ? this.timings.repeatPullMs : this.timings.firstPullMs;
  }

  private startContainer(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, pullMs: number): void {
    if (worker.state === 'Terminating') return;
    const pod = this.pod(worker);
    if (!pod) return;
    const now = this.ctx.clock.nowMs();
    const image = slot.spec.image ?? '';
    const texts = containerTexts(slot.spec.name);
    const fieldPath = texts.fieldPath;
    if (pullMs > 0) {
      this.event(pod, 'Normal', 'Pulled', pulledMessage(image, pullMs, slot.behaviour.sizeBytes), kubelet, fieldPath);
    } else {
      this.event(pod, 'Normal', 'Pulled', imagePresentMessage(image), kubelet, fieldPath);
    }
    kubelet.images.add(image);
    const argv = containerArgv(slot.behaviour, slot.spec.command, slot.spec.args);
    const env: Record<string, string> = { HOSTNAME: worker.name, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
    const envList = slot.spec.env;
    if (envList) for (let i = 0; i < envList.length; i++) if (envList[i].value !== undefined) env[envList[i].name] = envList[i].value!;
    const id = containerId(this.rng);
    // pkg/kubelet/kuberuntime/kuberuntime_container.go: `Created container: %v` (v1.32), `Started container %v`.
    this.event(pod, 'Normal', 'Created', texts.created, kubelet, fieldPath);
    const missing = argv ? missingFromImage.get(argv[0] ?? '') : '';
    if (argv && missing !== '') return this.startError(kubelet, worker, slot, pod, id, missing);
    this.event(pod, 'Normal', 'Started', texts.started, kubelet, fieldPath);
    if (slot.current) {
      slot.previous = slot.current;
      slot.restartCount++;
    }
    const mounts = mountPaths(slot.spec.volumeMounts);
    slot.current = new ContainerInstance(id, slot.behaviour, now, worker.podIp ?? '', argv, env, mounts);
    slot.waiting = undefined;
    slot.started = !slot.spec.startupProbe;
    if (worker.state === 'Creating' && allStarted(worker.slots)) worker.state = 'Running';
    this.watchForExit(kubelet, worker, slot, slot.current);
    this.wakeProbes(kubelet, worker);
    // prober_manager.go UpdatePodStatus: a readiness worker without a result for a running
    // container is triggered at once, off its ticker.
    for (let i = 0; i < slot.probes.length; i++) if (slot.probes[i].kind === 'Readiness') this.scheduleProbe(kubelet, worker, slot, slot.probes[i], now);
    this.writeStatus(worker);
  }

  /**
   * The runtime could not start the process (an executable the image lacks): containerd reports
   * StartError with exit code 128 (internal/cri/server/helpers.go errorStartReason, errorStartExitCode),
   * the kubelet a `Failed` event, and the container is restarted like one that crashed.
   */
  private startError(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, pod: StoredPod, id: string, missing: string): void {
    const now = this.ctx.clock.nowMs();
    const message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${missing}: unknown`;
    this.event(pod, 'Warning', 'Failed', `Error: ${message}`, kubelet, `spec.containers{${slot.spec.name}}`);
    if (slot.current) {
      slot.previous = slot.current;
      slot.restartCount++;
    }
    slot.current = new ContainerInstance(id, slot.behaviour, now, worker.podIp ?? '', undefined, {});
    slot.current.exit(now, 128, 'StartError', message);
    slot.waiting = undefined;
    if (worker.state === 'Creating' && allStarted(worker.slots)) worker.state = 'Running';
    const policy = pod.spec?.restartPolicy ?? 'Always';
    if (policy === 'Never') this.writeStatus(worker);
    else this.restartOrBackOff(kubelet, worker, slot);
  }

  /** Schedules the container's own exit, if its behaviour or script says when. */
  private watchForExit(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, instance: ContainerInstance): void {
    const next = instance.nextExit(this.ctx.clock.nowMs());
    if (!next) return;
    if ('recheckAtMs' in next) {
      this.atTime(slot, next.recheckAtMs, `kubelet: look ahead in ${slot.spec.name}`, () => {
        if (slot.current === instance && instance.state === 'running') this.watchForExit(kubelet, worker, slot, instance);
      });
      return;
    }
    this.atTime(slot, next.atMs, exitLabel(slot.spec.name, next.exitCode), () => {
      if (slot.current === instance && instance.state === 'running') this.containerExited(kubelet, worker, slot, next.exitCode);
    });
  }

  /** The container's process ended (by itself or killed): record it, then restart or not. */
  private containerExited(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, exitCode: number): void {
    const now = this.ctx.clock.nowMs();
    slot.current!.exit(now, exitCode);
    slot.killDeadlineMs = undefined;
    cancelAll(slot.timers);
    slot.timers = NO_TIMERS;
    if (worker.state === 'Terminating') {
      this.finishIfStopped(kubelet, worker);
      return;
    }
    this.wakeProbes(kubelet, worker);
    const policy = this.pod(worker)?.spec?.restartPolicy ?? 'Always';
    // pkg/kubelet/container/helpers.go ShouldContainerBeRestarted
    const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (!restart) {
      this.writeStatus(worker);
      return;
    }
    this.restartOrBackOff(kubelet, worker, slot);
  }

  /** doBackOff (kuberuntime_manager.go) with client-go's flowcontrol.Backoff. */
  private restartOrBackOff(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot): void {
    if (worker.state === 'Terminating' || slot.current?.state !== 'exited') return;
    if (!this.processRunning(kubelet.nodeName)) return;
    const now = this.ctx.clock.nowMs();
    const finishedAt = slot.current.finishedAtMs!;
    const entry = slot.backoff;
    const expired = entry !== undefined && finishedAt - entry.lastUpdateMs > 2 * BACKOFF_MAX_MS;
    if (entry && !expired && now - finishedAt < entry.backoffMs) {
      const pod = this.pod(worker);
      if (!pod) return;
      const podRef = `${worker.name}_${worker.namespace}(${worker.uid})`;
      slot.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(entry.backoffMs)} restarting failed container=${slot.spec.name} pod=${podRef}` };
      this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${slot.spec.name} in pod ${podRef}`, kubelet, `spec.containers{${slot.spec.name}}`);
      this.writeStatus(worker);
      const jitterMs = Math.floor(this.rng.intn(1_000_001) * SYNC_ERROR_JITTER * SYNC_ERROR_REQUEUE_MS / 1_000_000);
      this.atTime(slot, now + SYNC_ERROR_REQUEUE_MS + jitterMs, `kubelet: resync ${slot.spec.name}`, () => this.restartOrBackOff(kubelet, worker, slot));
      return;
    }
    slot.backoff = !entry || expired ? { backoffMs: BACKOFF_INITIAL_MS, lastUpdateMs: now } : { backoffMs: Math.min(2 * entry.backoffMs, BACKOFF_MAX_MS), lastUpdateMs: now };
    slot.waiting = undefined;
    this.writeStatus(worker);
    this.launch(kubelet, worker, slot, now);
  }

  /** Kills a container for a failed liveness or startup probe (computePodActions, killContainer). */
  private killForProbe(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, probe: ProbeWorker): void {
    const pod = this.pod(worker);
    if (!pod || slot.current?.state !== 'running' || slot.killDeadlineMs !== undefined) return;
    const restart = (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
    const what = probe.kind === 'Liveness' ? 'liveness' : 'startup';
    this.event(pod, 'Normal', 'Killing', `Container ${slot.spec.name} failed ${what} probe${restart ? ', will be restarted' : ''}`, kubelet, `spec.containers{${slot.spec.name}}`);
    // setTerminationGracePeriod: the pod's deletion grace, else the probe's, else the pod's; at least 2 s.
    const graceS = pod.metadata.deletionGracePeriodSeconds ?? probe.probe.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    this.signal(kubelet, worker, slot, Math.max(graceS * 1000, MIN_KILL_GRACE_MS));
  }

  /** SIGTERM now; SIGKILL after `graceMs` if the process ignores SIGTERM. */
  private signal(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, graceMs: number): void {
    const now = this.ctx.clock.nowMs();
    const sigterm = slot.behaviour.sigterm;
    if (sigterm === 'exit') return this.containerExited(kubelet, worker, slot, 0);
    if (sigterm === 'die') return this.containerExited(kubelet, worker, slot, 143);
    slot.killDeadlineMs = now + graceMs;
    const instance = slot.current;
    this.atTime(slot, now + graceMs, `kubelet: SIGKILL ${slot.spec.name}`, () => {
      if (slot.current === instance && instance?.state === 'running') this.containerExited(kubelet, worker, slot, 137);
    });
  }

  private beginTermination(kubelet: Kubelet, worker: PodWorker, pod: StoredPod): void {
    worker.state = 'Terminating';
    cancelAll(worker.timers);
    worker.timers = NO_TIMERS;
    const now = this.ctx.clock.nowMs();
    // killPod gives the containers the pod's whole deletion grace period from when the kubelet
    // acts on it (which is later than the deletionTimestamp's start for a kubelet that was offline).
    const deadlineMs = now + (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    for (const slot of worker.slots) {
      for (const probe of slot.probes) {
        probe.closeSeries(now);
        if (probe.timer) probe.timer.cancelled = true;
      }
      if (slot.current?.state !== 'running') {
        cancelAll(slot.timers);
        slot.timers = NO_TIMERS;
        continue;
      }
      // pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer
      this.event(pod, 'Normal', 'Killing', `Stopping container ${slot.spec.name}`, kubelet, `spec.containers{${slot.spec.name}}`);
      cancelAll(slot.timers);
      slot.timers = NO_TIMERS;
      this.signal(kubelet, worker, slot, Math.max(0, deadlineMs - now));
    }
    this.finishIfStopped(kubelet, worker);
  }

  private finishIfStopped(kubelet: Kubelet, worker: PodWorker): void {
    for (let i = 0; i < worker.slots.length; i++) if (worker.slots[i].current?.state === 'running') return;
    const pod = this.pod(worker);
    this.stopWorker(kubelet, worker);
    if (pod) this.finish(pod);
  }

  /** The kubelet's final delete (status_manager.go: a terminated pod is deleted with grace 0). */
  private finish(pod: StoredPod): void {
    if (pod.spec?.nodeName && !this.online(pod.spec.nodeName)) return;
    try {
      this.ctx.store.delete('Pod', pod.metadata.namespace!, pod.metadata.name!, { gracePeriodSeconds: 0 });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }

  private stopWorker(kubelet: Kubelet, worker: PodWorker): void {
    cancelAll(worker.timers);
    for (let i = 0; i < worker.slots.length; i++) {
      const slot = worker.slots[i];
      cancelAll(slot.timers);
      for (let j = 0; j < slot.probes.length; j++) {
        const p = slot.probes[j];
        if (p.timer) p.timer.cancelled = true;
      }
      if (slot.current?.state === 'running') slot.current.exit(this.ctx.clock.nowMs(), 137);
    }
    kubelet.workers.delete(worker.key);
    this.workerNode.delete(worker.key);
  }

  // ---- probes ----------------------------------------------------------------------------------

  private scheduleProbe(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, probe: ProbeWorker, atMs: number): void {
    if (probe.timer) probe.timer.cancelled = true;
    probe.timer = this.ctx.loop.at(atMs, `kubelet: ${probe.kind.toLowerCase()} probe of ${slot.spec.name} in ${worker.key}`, () => {
      probe.timer = undefined;
      this.doProbe(kubelet, worker, slot, probe);
    });
  }

  /** The container changed (started, exited, started up): sleeping probe workers look again at their next tick. */
  private wakeProbes(kubelet: Kubelet, worker: PodWorker): void {
    const now = this.ctx.clock.nowMs();
    for (let i = 0; i < worker.slots.length; i++) {
      const slot = worker.slots[i];
      for (let j = 0; j < slot.probes.length; j++) {
        const probe = slot.probes[j];
        probe.closeSeries(now);
        // The ticker goes on on its own grid: the next tick after now (this one has run if due).
        this.scheduleProbe(kubelet, worker, slot, probe, probe.nextTickAtOrAfter(now + 1));
      }
    }
  }

  /** doProbe (pkg/kubelet/prober/worker.go), step by step. */
  private doProbe(kubelet: Kubelet, worker: PodWorker, slot: ContainerSlot, probe: ProbeWorker): void {
    if (worker.state === 'Terminating' && probe.kind !== 'Readiness') return;
    // A stopped kubelet probes nothing; it wakes its probe workers when it starts again.
    if (!this.processRunning(kubelet.nodeName)) return;
    const now = this.ctx.clock.nowMs();
    const container = slot.current;
    probe.observeContainer(container?.id);
    const next = () => this.scheduleProbe(kubelet, worker, slot, probe, probe.nextTickAtOrAfter(now + 1));
    // A container on hold (killed for this probe) or not running waits for a new container.
    if (probe.onHold || !container || container.state !== 'running') {
      if (container?.state !== 'running' && probe.kind === 'Readiness' && probe.result !== 'Failure') {
        probe.result = 'Failure';
        this.writeStatus(worker);
      }
      return;
    }
    // Initial delay: no probe while int(seconds since start) < initialDelaySeconds.
    const delayMs = (probe.probe.initialDelaySeconds ?? 0) * 1000;
    if (now - container.startedAtMs < delayMs) {
      this.scheduleProbe(kubelet, worker, slot, probe, probe.nextTickAtOrAfter(container.startedAtMs + delayMs));
      return;
    }
    // Startup gating: a started container needs no startup probe; the others wait for it.
    if (probe.kind === 'Startup' && slot.started) return;
    if (probe.kind !== 'Startup' && !slot.started) return;

    const answer = runProbe(probe.probe, container, now, kubelet.probeSource);
    const pod = this.pod(worker);
    if (!answer.ok && pod) {
      // pkg/kubelet/prober/prober.go: every failed probe is an event.
      this.event(pod, 'Warning', 'Unhealthy', `${probe.kind} probe failed: ${answer.output}`, kubelet, `spec.containers{${slot.spec.name}}`);
    }
    const outcome = answer.ok ? 'Success' : 'Failure';
    const { changed, kill } = probe.count(outcome);
    if (probe.kind === 'Startup' && changed && outcome === 'Success') {
      slot.started = true;
      this.wakeProbes(kubelet, worker);
      this.writeStatus(worker);
      return;
    }
    if (kill) {
      this.killForProbe(kubelet, worker, slot, probe);
      return;
    }
    if (changed && probe.kind === 'Readiness') this.writeStatus(worker);
    // Nothing to count and an answer that cannot change: sleep until it could.
    if (outcome === 'Success' && probe.settledOn('Success')) {
      const until = stableUntil(probe.probe, container, now);
      if (until > now + probe.periodMs) {
        probe.openSeries(container, probe.nextTickAtOrAfter(now + 1), kubelet.probeSource);
        if (Number.isFinite(until)) this.scheduleProbe(kubelet, worker, slot, probe, probe.nextTickAtOrAfter(until));
        return;
      }
    }
    next();
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /** A timer of the pod (`label` is the label's start, `kubelet: ... for `, which the pod's key ends). */
  private after(worker: PodWorker, delayMs: number, label: string, run: () => void): void {
    const timer = this.ctx.loop.after(delayMs, label + worker.key, run);
    // The first timer makes a list of one rather than growing an empty one.
    if (worker.timers.length === 0) worker.timers = [timer];
    else worker.timers.push(timer);
  }

  /** A timer of the container (`label` is the whole label, `kubelet: ...`). */
  private atTime(slot: ContainerSlot, atMs: number, label: string, run: () => void): void {
    // Cancelled timers leave the list (in place: nothing iterates it while a timer is added).
    const timers = slot.timers;
    let kept = 0;
    for (let i = 0; i < timers.length; i++) if (!timers[i].cancelled) timers[kept++] = timers[i];
    const timer = this.ctx.loop.at(atMs, label, run);
    // A list of one or two timers is made at its length rather than grown (a push past the end
    // of a short array allocates room for sixteen more).
    if (kept === 0) slot.timers = [timer];
    else if (kept === 1) slot.timers = [timers[0], timer];
    else {
      timers.length = kept;
      timers.push(timer);
    }
  }

  private podByKey(key: string): StoredPod | undefined {
    const [ns, name] = splitObjectKey(key);
    return this.ctx.store.get<Pod & KubeObject>('Pod', ns, name) as StoredPod | undefined;
  }

  private pod(worker: PodWorker): StoredPod | undefined {
    // The worker keeps the pod's own namespace and name strings: no key to split.
    const pod = this.ctx.store.get<Pod & KubeObject>('Pod', worker.namespace, worker.name) as StoredPod | undefined;
    return pod?.metadata.uid === worker.uid ? pod : undefined;
  }

  private event(pod: StoredPod, type: 'Normal' | 'Warning', reason: string, message: string, kubelet: Kubelet, fieldPath?: string): void {
    this.ctx.events.record(pod, type, reason, message, kubelet.eventSource, fieldPath);
  }

  /** Writes the pod status the worker's state implies (the status manager's job). */
  private writeStatus(worker: PodWorker): void {
    const pod = this.pod(worker);
    if (!pod) return;
    const kubelet = this.byNode.get(pod.spec!.nodeName!)!;
    if (!this.online(kubelet.nodeName)) return;
    const status = podStatus(worker, pod, kubelet, this.ctx.clock.nowMs());
    // `{ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status }`, copied key by key.
    this.ctx.store.update(rewritten(pod, unconditionalMetadata(pod.metadata), status) as unknown as KubeObject, { validate: false, subresource: 'status' });
  }
}

/**
 * The texts of a container's start events, by container name: the same strings for every pod
 * made from one template, rather than new ones per pod (the recorder hashes and compares them,
 * and the events keep them for their hour). Forgotten wholesale past a thousand names.
 */
interface ContainerTexts {
  fieldPath: string;
  // pkg/kubelet/kuberuntime/kuberuntime_container.go: `Created container: %v` (v1.32), `Started container %v`.
  created: string;
  started: string;
  /** The labels of the container's start timer and of its exit with code 0. */
  startLabel: string;
  exit0Label: string;
}

const MAX_REMEMBERED_TEXTS = 1000;
const containerTextsByName = new Memo<ContainerTexts>(MAX_REMEMBERED_TEXTS, (name) => ({
  fieldPath: `spec.containers{${name}}`,
  created: `Created container: ${name}`,
  started: `Started container ${name}`,
  startLabel: `kubelet: start ${name}`,
  exit0Label: `kubelet: ${name} exits 0`,
}));
/** pkg/kubelet/images/image_manager.go: the Pulled event of an image the node has, by image. */
const imagePresentMessages = new Memo<string>(MAX_REMEMBERED_TEXTS, (image) => `Container image "${image}" already present on machine`);

function containerTexts(name: string): ContainerTexts {
  return containerTextsByName.get(name);
}

/** pkg/kubelet/images/image_manager.go: the Pulling event's message, by image. */
const pullingMessages = new Memo<string>(MAX_REMEMBERED_TEXTS, (image) => `Pulling image "${image}"`);

/** The last Pulled message made after a pull, and what it was made of: most pods pull one image. */
let lastPulled: { image: string; pullMs: number; sizeBytes: number | undefined; text: string } | undefined;

/** pkg/kubelet/images/image_manager.go: the Pulled event's message after a pull. */
function pulledMessage(image: string, pullMs: number, sizeBytes: number | undefined): string {
  if (lastPulled === undefined || lastPulled.image !== image || lastPulled.pullMs !== pullMs || lastPulled.sizeBytes !== sizeBytes) {
    const took = goDuration(pullMs);
    lastPulled = { image, pullMs, sizeBytes, text: `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${sizeBytes} bytes.` };
  }
  return lastPulled.text;
}

/** The label of the timer of a container's own exit. */
function exitLabel(name: string, exitCode: number): string {
  return exitCode === 0 ? containerTexts(name).exit0Label : `kubelet: ${name} exits ${exitCode}`;
}

function imagePresentMessage(image: string): string {
  return imagePresentMessages.get(image);
}

/** The probe workers of a container, with named ports resolved against its ports. */
const PROBE_FIELDS: readonly (readonly [keyof Container & ('startupProbe' | 'livenessProbe' | 'readinessProbe'), ProbeKind])[] = [
  ['startupProbe', 'Startup'],
  ['livenessProbe', 'Liveness'],
  ['readinessProbe', 'Readiness'],
];

/** The probe workers of a container without probes: none, shared (the list is only read). */
const NO_PROBES: ProbeWorker[] = [];

function probeWorkers(c: DeepReadonly<Container>, startMs: number): ProbeWorker[] {
  if (!c.startupProbe && !c.livenessProbe && !c.readinessProbe) return NO_PROBES;
  const out: ProbeWorker[] = [];
  for (const [field, kind] of PROBE_FIELDS) {
    const probe = c[field];
    if (probe) out.push(new ProbeWorker(kind, resolveNamedPorts(probe, c), c.name, startMs));
  }
  return out;
}

function resolveNamedPorts(probe: DeepReadonly<Probe>, c: DeepReadonly<Container>): DeepReadonly<Probe> {
  const byName = (port: number | string | undefined) => (typeof port === 'string' && !/^\d+$/.test(port) ? (c.ports?.find((p) => p.name === port)?.containerPort ?? port) : Number(port));
  if (probe.httpGet) return { ...probe, httpGet: { ...probe.httpGet, port: byName(probe.httpGet.port) } };
  if (probe.tcpSocket) return { ...probe, tcpSocket: { ...probe.tcpSocket, port: byName(probe.tcpSocket.port) } };
  return probe;
}

const NO_CONTAINERS: readonly DeepReadonly<Container>[] = [];

/** A new container's waiting state, shared by every slot until it starts (never changed in place). */
const CREATING: { readonly reason: string } = Object.freeze({ reason: 'ContainerCreating' });

/** A container slot before its container starts. */
function newSlot(c: DeepReadonly<Container>, images: ImageCatalog, override: Record<string, Partial<ImageBehaviour>>, now: number): ContainerSlot {
  // Every field, those set later too, so that a slot keeps one shape.
  return {
    spec: c,
    behaviour: images.resolve(c.image ?? '', c.args, override[c.name] ?? override['*']),
    current: undefined,
    previous: undefined,
    restartCount: 0,
    waiting: CREATING,
    started: false,
    backoff: undefined,
    probes: probeWorkers(c, now),
    killDeadlineMs: undefined,
    timers: NO_TIMERS,
    imageID: undefined,
  };
}

/** No timers: the list a slot or worker starts with and goes back to, shared and frozen (atTime and after make a new list for a first timer). */
const NO_TIMERS: TimedEvent[] = Object.freeze([]) as unknown as TimedEvent[];

/** Whether every container of the pod has started once. */
function allStarted(slots: readonly ContainerSlot[]): boolean {
  for (let i = 0; i < slots.length; i++) if (!slots[i].current) return false;
  return true;
}

function cancelAll(timers: readonly TimedEvent[]): void {
  for (let i = 0; i < timers.length; i++) timers[i].cancelled = true;
}

/** No overrides (only read). */
const NO_OVERRIDES: Readonly<Record<string, Partial<ImageBehaviour>>> = Object.freeze({});

/** Per-container behaviour overrides from the pod's `kube-scenarios.io/behaviour` annotation (YAML or JSON: container name, or `*`, to behaviour). */
function podBehaviourOverrides(pod: StoredPod): Record<string, Partial<ImageBehaviour>> {
  const text = pod.metadata.annotations?.[BEHAVIOUR_ANNOTATION];
  if (!text) return NO_OVERRIDES;
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new UserError(`pod "${pod.metadata.name}": annotation ${BEHAVIOUR_ANNOTATION} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UserError(`pod "${pod.metadata.name}": annotation ${BEHAVIOUR_ANNOTATION} maps container names (or "*") to behaviours`);
  const out: Record<string, Partial<ImageBehaviour>> = {};
  for (const [name, b] of Object.entries(doc as Record<string, unknown>)) out[name] = parseBehaviour(b, `pod "${pod.metadata.name}" annotation ${BEHAVIOUR_ANNOTATION}: ${name}`);
  return out;
}

/**
 * pkg/kubelet/status/generate.go: ContainersReady, then Ready copying it. (A module function rather
 * than a closure in podStatus: tsx's keepNames makes every named closure cost a defineProperty.)
 */
function readyCondition(type: string, terminal: boolean, phase: string | undefined, notReady: string | undefined, previous: readonly DeepReadonly<PodCondition>[], nowMs: number): PodCondition {
  if (terminal) return condition(type, 'False', previous, nowMs, phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed');
  if (notReady === undefined) return condition(type, 'True', previous, nowMs);
  return condition(type, 'False', previous, nowMs, 'ContainersNotReady', notReady);
}

/** The status the kubelet reports for a worker (kubelet_pods.go generateAPIPodStatus and getPhase). */
function podStatus(worker: PodWorker, pod: StoredPod, kubelet: Kubelet, nowMs: number): Pod['status'] {
  const previous = pod.status?.conditions ?? NO_CONDITIONS;
  const slots = worker.slots;
  // Made at its length (a push onto an empty list allocates room for sixteen).
  const containerStatuses: ContainerStatus[] = slots.length === 1 ? [containerStatus(slots[0], worker)] : [];
  if (slots.length !== 1) for (let i = 0; i < slots.length; i++) containerStatuses.push(containerStatus(slots[i], worker));
  // The names of the containers that are not ready, space-separated, as the message of the ready conditions.
  let notReadyNames = '';
  let anyNotReady = false;
  for (const cs of containerStatuses) {
    if (cs.ready) continue;
    notReadyNames = anyNotReady ? `${notReadyNames} ${cs.name ?? ''}` : (cs.name ?? '');
    anyNotReady = true;
  }
  const notReady = anyNotReady ? notReadyMessage(notReadyNames) : undefined;
  const phase = podPhase(containerStatuses, pod.spec?.restartPolicy ?? 'Always');
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const scheduled = findCondition(previous, 'PodScheduled');
  const sandbox = worker.podIp !== undefined && !terminal;
  const readyToStart = condition('PodReadyToStartContainers', sandbox ? 'True' : 'False', previous, worker.podIp ? (worker.sandboxReadyMs ?? nowMs) : nowMs);
  const initialized = condition('Initialized', 'True', previous, worker.startTimeMs);
  const ready = readyCondition('Ready', terminal, phase, notReady, previous, nowMs);
  const containersReady = readyCondition('ContainersReady', terminal, phase, notReady, previous, nowMs);
  // The list made at its final length (a push past four would grow it).
  const conditions: PodCondition[] = scheduled ? [readyToStart, initialized, ready, containersReady, scheduled as PodCondition] : [readyToStart, initialized, ready, containersReady];
  // The QoS class follows from the containers' resources, which a pod cannot change: worked out
  // once per spec object (a status write keeps the spec object).
  if (worker.qosSpec !== pod.spec) {
    worker.qosSpec = pod.spec;
    worker.qosClass = qosClass(pod);
  }
  const hostIP = kubelet.internalIp;
  const hostIPs = sameIpList(pod.status?.hostIPs, hostIP) ?? kubelet.hostIPs;
  const startTime = worker.startTimeMs === undefined ? undefined : toRfc3339(worker.startTimeMs);
  // One literal per shape, with the pod IP fields last, as they were added after the others.
  if (!worker.podIp) return { phase, conditions, hostIP, hostIPs, startTime, containerStatuses, qosClass: worker.qosClass };
  const podIPs = sameIpList(pod.status?.podIPs, worker.podIp) ?? [{ ip: worker.podIp }];
  return { phase, conditions, hostIP, hostIPs, startTime, containerStatuses, qosClass: worker.qosClass, podIP: worker.podIp, podIPs };
}

/** The last unready message and the names it was made for: most pods have one container, of one name. */
let lastNotReadyNames: string | undefined;
let lastNotReadyMessage = '';

/** pkg/kubelet/status/generate.go: the message of the ready conditions while containers are not ready. */
function notReadyMessage(names: string): string {
  if (names !== lastNotReadyNames) {
    lastNotReadyNames = names;
    lastNotReadyMessage = `containers with unready status: [${names}]`;
  }
  return lastNotReadyMessage;
}

const NO_CONDITIONS: readonly DeepReadonly<PodCondition>[] = [];

/**
 * The previous status's `[{ ip }]` list when it is exactly that (one entry with only that ip),
 * for the new status to share: stored objects never change.
 */
export function sameIpList(previous: readonly DeepReadonly<{ ip?: string }>[] | undefined, ip: string): { ip: string }[] | undefined {
  if (previous === undefined || previous.length !== 1) return undefined;
  const entry = previous[0];
  if (entry === null || typeof entry !== 'object' || entry.ip !== ip) return undefined;
  for (const k in entry) if (k !== 'ip') return undefined;
  return previous as { ip: string }[];
}

function findCondition(conditions: readonly DeepReadonly<PodCondition>[], type: string): DeepReadonly<PodCondition> | undefined {
  for (const c of conditions) if (c.type === type) return c;
  return undefined;
}

/**
 * A condition whose lastTransitionTime moves only when its status does. A previous condition that
 * is just what would be built (the same fields with the same values, in the same order) is
 * handed back itself: stored objects never change, so the new status may share it.
 */
export function condition(type: string, status: string, previous: readonly DeepReadonly<PodCondition>[], atMs: number, reason?: string, message?: string): PodCondition {
  const old = findCondition(previous, type);
  if (old && old.status === status && isConditionAsBuilt(old, reason, message)) return old as PodCondition;
  const lastTransitionTime = old && old.status === status ? old.lastTransitionTime : toRfc3339(atMs);
  // One literal per set of keys (a key added to a literal afterwards moves to a property store of its own).
  const lastProbeTime = null as unknown as string;
  if (!reason) return message ? { type, status, lastProbeTime, lastTransitionTime, message } : { type, status, lastProbeTime, lastTransitionTime };
  return message ? { type, status, lastProbeTime, lastTransitionTime, reason, message } : { type, status, lastProbeTime, lastTransitionTime, reason };
}

/** The keys condition() writes, in its order (reason and message only when given). */
const CONDITION_KEYS = ['type', 'status', 'lastProbeTime', 'lastTransitionTime'];

/**
 * Whether `old` (of the type and status condition() is building) is what it would build: a null
 * lastProbeTime, the same reason and message (an empty one is left out), and no other keys.
 */
function isConditionAsBuilt(old: DeepReadonly<PodCondition>, reason: string | undefined, message: string | undefined): boolean {
  if (old.lastProbeTime !== null || old.reason !== (reason || undefined) || old.message !== (message || undefined)) return false;
  let n = 0;
  for (const k in old) {
    const want = n < 4 ? CONDITION_KEYS[n] : n === 4 && reason ? 'reason' : 'message';
    if (k !== want) return false;
    n++;
  }
  return n === 4 + (reason ? 1 : 0) + (message ? 1 : 0);
}

function terminatedOf(i: ContainerInstance) {
  if (i.message) {
    return { exitCode: i.exitCode ?? 0, reason: i.reason, message: i.message, startedAt: toRfc3339(i.startedAtMs), finishedAt: toRfc3339(i.finishedAtMs!), containerID: i.id };
  }
  return { exitCode: i.exitCode ?? 0, reason: i.reason, startedAt: toRfc3339(i.startedAtMs), finishedAt: toRfc3339(i.finishedAtMs!), containerID: i.id };
}

/** A container's files before it starts: none but the image's (missingExecutable only reads them). */
const NO_FILES: ContainerFs = { files: new Map() };

/**
 * What missingExecutable answers for a program among the image's files alone ('' when it is
 * there), by name: it reads nothing of argv but its first word, and every pod of a workload
 * starts the same program.
 */
const missingFromImage = new Memo<string>(MAX_REMEMBERED_TEXTS, (name) => missingExecutable([name], NO_FILES) ?? '');

/** The image digest the simulated runtime reports: the images are not real, so neither is their digest. */
const ZERO_DIGEST = '0'.repeat(64);

/** The image ID a container status reports, by image: the same string for every pod of an image. */
const imageIds = new Memo<string>(MAX_REMEMBERED_TEXTS, (image) => `docker.io/${image}@sha256:${ZERO_DIGEST}`);

/** An empty state (no last state), frozen: every status without one shares it. */
const NO_STATE: ContainerStatus['state'] = Object.freeze({});

/** `{ waiting: { reason } }` for each reason (ContainerCreating, mostly), frozen and shared. */
const waitingStates = new Memo<ContainerStatus['state']>(100, (reason) => Object.freeze({ waiting: Object.freeze({ reason }) }));

function waitingState(reason: string): ContainerStatus['state'] {
  return waitingStates.get(reason);
}

/** convertToAPIContainerStatuses: the newest instance is `state`, the one before `lastState`. */
function containerStatus(slot: ContainerSlot, worker: PodWorker): ContainerStatus {
  const cur = slot.current;
  let readiness: ProbeWorker | undefined;
  for (const p of slot.probes) {
    if (p.kind === 'Readiness') {
      readiness = p;
      break;
    }
  }
  const running = cur?.state === 'running';
  // prober_manager.go UpdatePodStatus: ready needs the container started and running, and a
  // readiness probe's success if there is one.
  const ready = running && slot.started && worker.state !== 'Terminating' ? (readiness ? readiness.result === 'Success' : true) : false;
  let state: ContainerStatus['state'];
  let lastState: ContainerStatus['lastState'] = NO_STATE;
  if (slot.waiting) {
    state = slot.waiting.message ? { waiting: { reason: slot.waiting.reason, message: slot.waiting.message } } : waitingState(slot.waiting.reason);
    if (cur?.state === 'exited') lastState = { terminated: terminatedOf(cur) };
    else if (slot.previous) lastState = { terminated: terminatedOf(slot.previous) };
  } else if (cur?.state === 'running') {
    state = { running: { startedAt: toRfc3339(cur.startedAtMs) } };
    if (slot.previous) lastState = { terminated: terminatedOf(slot.previous) };
  } else if (cur) {
    state = { terminated: terminatedOf(cur) };
    if (slot.previous) lastState = { terminated: terminatedOf(slot.previous) };
  } else {
    state = NO_STATE;
  }
  const name = slot.spec.name;
  const image = slot.spec.image ?? '';
  const started = running && slot.started;
  // One literal per set of keys, containerID last (a key added to a literal afterwards moves to a property store of its own).
  if (!cur) return { name, image, imageID: '', ready, restartCount: slot.restartCount, started, state, lastState };
  const imageID = (slot.imageID ??= imageIds.get(String(slot.spec.image)));
  return { name, image, imageID, ready, restartCount: slot.restartCount, started, state, lastState, containerID: cur.id };
}

/** getPhase (pkg/kubelet/kubelet_pods.go) over the regular containers. */
function podPhase(statuses: ContainerStatus[], restartPolicy: string): string {
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

const CONTAINER_ID_PREFIX = 'containerd://';
const containerIdCodes: number[] = [...CONTAINER_ID_PREFIX].map((ch) => ch.charCodeAt(0)).concat(new Array(64).fill(0));

/** `containerd://` and 64 hex digits from eight draws of the generator, as one flat string. */
function containerId(rng: Rng): string {
  for (let i = 0; i < 8; i++) putHex(containerIdCodes, CONTAINER_ID_PREFIX.length + 8 * i, rng.nextUint32(), 8);
  return String.fromCharCode.apply(null, containerIdCodes);
}

const NO_MOUNTS: readonly string[] = Object.freeze([]);

/** The directories a container's volumes are mounted on (none, shared, for most containers). */
function mountPaths(mounts: readonly DeepReadonly<{ mountPath: string }>[] | undefined): readonly string[] {
  if (!mounts?.length) return NO_MOUNTS;
  const out: string[] = [];
  for (let i = 0; i < mounts.length; i++) out.push(mounts[i].mountPath);
  return out;
}
