// The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go):
// a finished Job with spec.ttlSecondsAfterFinished is deleted, in the foreground so that its pods
// go first, that many seconds after its Complete or Failed condition's lastTransitionTime. It
// records no events.
import type { WatchEvent } from '../api/store.ts';
import type { Job, KubeObject } from '../api/types.ts';
import { UserError } from '../errors.ts';
import { WorkQueue, splitKey, type Controller, type ControllerContext } from './base.ts';
import { DelayingQueue } from './delayed.ts';
import { isJobFinished, type StoredJob } from './job-util.ts';

export class TtlAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  readonly queue: WorkQueue;
  private readonly delayed: DelayingQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    this.delayed = new DelayingQueue(ctx.loop, ctx.clock, this.queue, this.name);
    ctx.store.watch('Job', (ev) => this.onJob(ev));
  }

  /** The controller manager restarted: every Job that needs cleaning up is looked at again. */
  restart(): void {
    for (const job of this.ctx.store.list<Job & KubeObject>('Job')) if (needsCleanup(job)) this.queue.add(`${job.metadata.namespace}/${job.metadata.name}`);
  }

  private onJob(ev: WatchEvent): void {
    const job = ev.object as StoredJob;
    if (ev.type !== 'DELETED' && job.metadata.deletionTimestamp === undefined && needsCleanup(job)) this.queue.add(`${job.metadata.namespace}/${job.metadata.name}`);
  }

  /** processJob: requeue until the TTL expires, then delete with a UID precondition. */
  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const job = this.ctx.store.get<Job & KubeObject>('Job', ns, name);
    if (!job || job.metadata.deletionTimestamp !== undefined || !needsCleanup(job)) return;
    const finishedMs = finishTimeMs(job);
    if (finishedMs === undefined) return;
    const leftMs = finishedMs + job.spec!.ttlSecondsAfterFinished! * 1000 - this.ctx.clock.nowMs();
    if (leftMs > 0) {
      this.delayed.addAfter(key, leftMs);
      return;
    }
    try {
      this.ctx.store.delete('Job', ns, name, { propagationPolicy: 'Foreground' });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }
}

function needsCleanup(job: StoredJob): boolean {
  return job.spec?.ttlSecondsAfterFinished != null && isJobFinished(job);
}

/** jobFinishTime: the lastTransitionTime of the True Complete or Failed condition. */
function finishTimeMs(job: StoredJob): number | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}
