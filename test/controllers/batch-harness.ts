// The batch controllers (Job, CronJob, TTL-after-finished, garbage collector) against the real
// ApiStore, with a stand-in kubelet so that they do not depend on the real one. A pod is Running
// and Ready one second after it is created; its container then runs and exits as its image says:
// `sleep-120` runs 120 s and exits 0, `fail-30` runs 30 s and exits 1, `exit-42-5` runs 5 s and
// exits 42, anything else runs until the pod is deleted. restartPolicy Never makes the pod
// Succeeded or Failed; OnFailure restarts a failed container in place 10 s later (restartCount
// rises, the pod stays Running). A deleted pod's container is killed one second later (exit 137,
// phase Failed) and the pod is then removed with grace 0, as the kubelet does.
import { VirtualClock, toRfc3339 } from '../../engine/clock.ts';
import { Rng } from '../../engine/rng.ts';
import { EventLoop } from '../../engine/loop.ts';
import { ApiStore, type Stored } from '../../engine/api/store.ts';
import { EventRecorder } from '../../engine/api/events.ts';
import type { ContainerStatus, CronJob, Event, Job, KubeObject, Pod } from '../../engine/api/types.ts';
import { CONTROLLER_INDEX, OWNER_INDEX, controllerIndexValue } from '../../engine/controllers/owners.ts';
import type { Controller, ControllerContext } from '../../engine/controllers/base.ts';
import { JobController } from '../../engine/controllers/job.ts';
import { CronJobController } from '../../engine/controllers/cronjob.ts';
import { TtlAfterFinishedController } from '../../engine/controllers/ttlafterfinished.ts';
import { GarbageCollector } from '../../engine/controllers/garbagecollector.ts';

/** Runs the controllers' queues, in order, until none has work: Cluster.settle without its budget. */
export function settleControllers(controllers: readonly Controller[]): void {
  for (let worked = true; worked; ) {
    worked = false;
    for (const c of controllers) {
      for (let key = c.queue.pop(); key !== undefined; key = c.queue.pop()) {
        worked = true;
        c.sync(key);
      }
    }
  }
}

export type StoredJob = Stored<Job & KubeObject>;
export type StoredPod = Stored<Pod & KubeObject>;
export type StoredCronJob = Stored<CronJob & KubeObject>;

const START_DELAY_MS = 1000;
const KILL_DELAY_MS = 1000;
const RESTART_DELAY_MS = 10_000;

export class BatchHarness {
  readonly clock: VirtualClock;
  readonly loop: EventLoop;
  readonly store: ApiStore;
  private readonly controllers: Controller[];
  /** The most pods that were active at once, per Job name. */
  readonly maxActive = new Map<string, number>();

  constructor(start = '2020-06-07T22:00:00Z') {
    this.clock = new VirtualClock(Date.parse(start));
    this.loop = new EventLoop(this.clock);
    this.store = new ApiStore(this.clock, new Rng(1), { freeze: true });
    for (const kind of ['Pod', 'ReplicaSet', 'Job']) {
      this.store.addIndex(kind, CONTROLLER_INDEX, (o) => [controllerIndexValue(o)]);
      this.store.addIndex(kind, OWNER_INDEX, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
    }
    const ctx: ControllerContext = { store: this.store, clock: this.clock, loop: this.loop, rng: new Rng(2), events: new EventRecorder(this.store, this.clock) };
    this.controllers = [new CronJobController(ctx), new JobController(ctx), new TtlAfterFinishedController(ctx), new GarbageCollector(ctx)];
    this.store.watch('Pod', (ev) => {
      const pod = ev.object as StoredPod;
      if (ev.type === 'ADDED') this.loop.after(START_DELAY_MS, `start ${pod.metadata.name}`, () => this.start(pod.metadata.uid!, pod.metadata.name!));
      if (ev.type === 'MODIFIED' && pod.metadata.deletionTimestamp && !ev.old?.metadata.deletionTimestamp) {
        this.loop.after(KILL_DELAY_MS, `kill ${pod.metadata.name}`, () => this.kill(pod.metadata.uid!, pod.metadata.name!));
      }
      this.countActive();
    });
  }

  settle(): void {
    settleControllers(this.controllers);
  }

  advance(ms: number): void {
    this.settle();
    this.loop.runUntil(this.clock.nowMs() + ms, () => this.settle());
  }

  create(obj: object): void {
    this.store.create(obj as KubeObject);
    this.settle();
  }

  job(name: string): StoredJob {
    return this.store.get<Job & KubeObject>('Job', 'default', name)!;
  }

  cronJob(name: string): StoredCronJob {
    return this.store.get<CronJob & KubeObject>('CronJob', 'default', name)!;
  }

  pods(): StoredPod[] {
    return this.store.list<Pod & KubeObject>('Pod', 'default');
  }

  jobs(): StoredJob[] {
    return this.store.list<Job & KubeObject>('Job', 'default');
  }

  /** Events about an object of that kind and name, oldest first, as `Type Reason: message`. */
  events(kind: string, name: string): string[] {
    return this.store
      .list<Event & KubeObject>('Event', 'default')
      .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => `${e.type} ${e.reason}: ${e.message}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`);
  }

  /** Condition summaries: `Type=Status Reason: message`. */
  conditions(name: string): string[] {
    return (this.job(name).status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);
  }

  /** Changes a Job's spec as `kubectl patch` would. */
  patchJob(name: string, change: (job: Job & KubeObject) => void): void {
    const job = structuredClone(this.job(name)) as Job & KubeObject;
    change(job);
    job.metadata = { ...job.metadata, resourceVersion: undefined };
    this.store.update(job);
    this.settle();
  }

  private countActive(): void {
    const counts = new Map<string, number>();
    for (const p of this.pods()) {
      const name = p.metadata.labels?.['job-name'];
      if (!name || p.metadata.deletionTimestamp || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    for (const [name, n] of counts) this.maxActive.set(name, Math.max(this.maxActive.get(name) ?? 0, n));
  }

  private current(uid: string, name: string): StoredPod | undefined {
    const pod = this.store.get<Pod & KubeObject>('Pod', 'default', name);
    return pod?.metadata.uid === uid ? pod : undefined;
  }

  private write(pod: StoredPod, status: object, nodeName = 'node-1'): void {
    this.store.update({ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, spec: { ...pod.spec!, nodeName }, status } as KubeObject, { validate: false });
  }

  private start(uid: string, name: string, restarts = 0): void {
    const pod = this.current(uid, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const now = toRfc3339(this.clock.nowMs());
    const image = pod.spec!.containers[0].image ?? '';
    this.write(pod, {
      phase: 'Running',
      startTime: pod.status?.startTime ?? now,
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
      containerStatuses: [containerStatus(pod, { running: { startedAt: now } }, restarts, true)],
    });
    const behaviour = /^(?:sleep-(\d+)|fail-(\d+)|exit-(\d+)-(\d+))$/.exec(image);
    if (!behaviour) return;
    const seconds = Number(behaviour[1] ?? behaviour[2] ?? behaviour[4]);
    const exitCode = behaviour[1] ? 0 : behaviour[2] ? 1 : Number(behaviour[3]);
    this.loop.after(seconds * 1000, `exit ${name}`, () => this.exit(uid, name, exitCode, restarts));
  }

  private exit(uid: string, name: string, exitCode: number, restarts: number): void {
    const pod = this.current(uid, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const now = toRfc3339(this.clock.nowMs());
    const terminated = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: pod.status?.containerStatuses?.[0].state?.running?.startedAt, finishedAt: now };
    if (exitCode !== 0 && pod.spec!.restartPolicy === 'OnFailure') {
      this.write(pod, { ...pod.status, conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }], containerStatuses: [containerStatus(pod, { waiting: { reason: 'CrashLoopBackOff' } }, restarts + 1, false, terminated)] });
      this.loop.after(RESTART_DELAY_MS, `restart ${name}`, () => this.start(uid, name, restarts + 1));
      return;
    }
    this.write(pod, {
      ...pod.status,
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now, reason: exitCode === 0 ? 'PodCompleted' : 'PodFailed' }],
      containerStatuses: [containerStatus(pod, { terminated }, restarts, false)],
    });
  }

  private kill(uid: string, name: string): void {
    const pod = this.current(uid, name);
    if (!pod) return;
    if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
      const now = toRfc3339(this.clock.nowMs());
      this.write(pod, {
        ...pod.status,
        phase: 'Failed',
        conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now, reason: 'PodFailed' }],
        containerStatuses: [containerStatus(pod, { terminated: { exitCode: 137, reason: 'Error', finishedAt: now } }, pod.status?.containerStatuses?.[0].restartCount ?? 0, false)],
      }, pod.spec?.nodeName ?? 'node-1');
    }
    const after = this.current(uid, name);
    if (after) this.store.delete('Pod', 'default', name, { gracePeriodSeconds: 0 });
    this.settle();
  }
}

function containerStatus(pod: StoredPod, state: ContainerStatus['state'], restartCount: number, ready: boolean, lastTerminated?: object): ContainerStatus {
  const c = pod.spec!.containers[0];
  return { name: c.name, image: c.image ?? '', imageID: '', ready, restartCount, started: ready, state, lastState: lastTerminated ? { terminated: lastTerminated as never } : {} } as ContainerStatus;
}

/** A Job in the shape of the seed's batch-job.yaml, with the image telling the stand-in kubelet what to do. */
export function jobManifest(name: string, image: string, spec: Record<string, unknown> = {}, restartPolicy = 'OnFailure'): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { metadata: { labels: { app: name } }, spec: { restartPolicy, containers: [{ name: 'main', image }] } } },
  };
}

export function cronJobManifest(name: string, schedule: string, image: string, spec: Record<string, unknown> = {}): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule,
      ...spec,
      jobTemplate: { spec: { template: { metadata: { labels: { app: name } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main', image }] } } } },
    },
  };
}
