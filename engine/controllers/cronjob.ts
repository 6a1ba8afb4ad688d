// The CronJob controller (v2), mirroring pkg/controller/cronjob/cronjob_controllerv2.go as of
// v1.32: each sync reconciles the CronJob's Jobs (history limits, the active list,
// lastSuccessfulTime), then starts the most recent unmet scheduled time, if any, within
// startingDeadlineSeconds and the concurrency policy, and requeues itself for the next scheduled
// time plus 100 ms. Idle time therefore costs nothing: a CronJob is synced when one of its Jobs
// changes or when its next time comes, never on a poll.
import { parseTimeMs, toRfc3339 } from '../clock.ts';
import type { Stored, WatchEvent } from '../api/store.ts';
import type { CronJob, DeepReadonly, Job, KubeObject, ObjectReference } from '../api/types.ts';
import { ApiError, UserError } from '../errors.ts';
import { rfc1123z } from '../kubectl/duration.ts';
import { loadLocation, parseStandard, type CronSchedule } from '../cron/schedule.ts';
import { getControllerOf } from './owners.ts';
import { WorkQueue, splitObjectKey, namespacedKey, objectKeyOf, rewritten, currentMetadata, type Controller, type ControllerContext } from './base.ts';
import { DelayingQueue } from './delayed.ts';
import { finishedConditionType, type StoredJob } from './job-util.ts';
import {
  byJobStartTime,
  formatSchedule,
  jobFromTemplate,
  jobNameFor,
  nextScheduleTimeDurationMs,
  mostRecentScheduleTime,
  type StoredCronJob,
} from './cronjob-util.ts';

/** An index of Jobs by the `<namespace>/<name>` of the CronJob that controls them. */
const CRONJOB_INDEX = 'cronjob';

type CronJobStatus = NonNullable<CronJob['status']>;

export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  /** The source of every event it records (one object: the recorder only reads it). */
  private readonly source = { component: this.name };
  readonly queue: WorkQueue;
  private readonly delayed: DelayingQueue;
  /** Parsed schedules by their formatted text: a CronJob syncs several times per run. */
  private readonly schedules = new Map<string, CronSchedule>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    this.delayed = new DelayingQueue(ctx.loop, ctx.clock, this.queue, this.name);
    // getJobsToBeReconciled matches Jobs by the name in their controller reference.
    ctx.store.addIndex('Job', CRONJOB_INDEX, cronJobIndexValues);
    ctx.store.watch('CronJob', (ev) => this.onCronJob(ev));
    ctx.store.watch('Job', (ev) => this.onJob(ev));
  }

  /** The controller manager restarted: its informers list every CronJob again. */
  restart(): void {
    for (const cj of this.ctx.store.list('CronJob')) this.queue.add(keyOf(cj));
  }

  private onCronJob(ev: WatchEvent): void {
    const cj = ev.object as StoredCronJob;
    if (ev.type !== 'MODIFIED') return this.queue.add(keyOf(cj));
    const old = ev.old as StoredCronJob;
    // updateCronJob: a new schedule or zone requeues at its next time; any other change at once.
    if (old.spec?.schedule !== cj.spec?.schedule || old.spec?.timeZone !== cj.spec?.timeZone) {
      let schedule: CronSchedule;
      try {
        schedule = parseStandard(formatSchedule(cj).spec);
      } catch {
        this.ctx.events.record(cj, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec?.schedule}`, this.source);
        return;
      }
      this.delayed.addAfter(keyOf(cj), nextScheduleTimeDurationMs(cj, this.ctx.clock.nowMs(), schedule));
      return;
    }
    this.queue.add(keyOf(cj));
  }

  private onJob(ev: WatchEvent): void {
    const job = ev.object as StoredJob;
    const ref = getControllerOf(job);
    if (ev.type === 'MODIFIED') {
      const oldRef = getControllerOf(ev.old!);
      if (oldRef && oldRef.uid !== ref?.uid) this.enqueueOwner(job.metadata.namespace!, oldRef);
    }
    // The key of the Job's own controller is its CRONJOB_INDEX value, made once per Job.
    if (ref) this.enqueueOwner(job.metadata.namespace!, ref, ref.kind === 'CronJob' ? cronJobIndexValues(job)[0] : undefined);
  }

  private enqueueOwner(namespace: string, ref: { kind: string; name: string; uid: string }, key?: string): void {
    if (ref.kind !== 'CronJob') return;
    const cj = this.ctx.store.get('CronJob', namespace, ref.name);
    if (cj?.metadata.uid === ref.uid) this.queue.add(key ?? `${namespace}/${ref.name}`);
  }

  sync(key: string): void {
    const [ns, name] = splitObjectKey(key);
    const cj = this.ctx.store.get<CronJob & KubeObject>('CronJob', ns, name);
    if (!cj) return;
    const jobs = this.ctx.store.byIndex<Job & KubeObject>('Job', CRONJOB_INDEX, key);
    const status = copyStatus(cj.status);
    const cleaned = this.cleanupFinishedJobs(cj, status, jobs);
    const requeueMs = this.syncCronJob(cj, status, jobs);
    if (cleaned || this.statusUpdated) this.writeStatus(cj, status);
    if (requeueMs !== undefined) this.delayed.addAfter(key, requeueMs);
  }

  /** Whether the last syncCronJob changed the status (kept here rather than in a result object per sync). */
  private statusUpdated = false;

  /** What syncCronJob returns: when to look again; whether the status changed goes to statusUpdated. */
  private result(updated: boolean, requeueMs?: number): number | undefined {
    this.statusUpdated = updated;
    return requeueMs;
  }

  /** syncCronJob: returns when to look again (undefined: only a change wakes it); sets statusUpdated. */
  private syncCronJob(cj: StoredCronJob, status: CronJobStatus, jobs: Stored<Job & KubeObject>[]): number | undefined {
    const { store, clock } = this.ctx;
    const now = clock.nowMs();
    let updated = false;
    // lastSuccessfulTime as a time, read once (a Job completed at that very time is no later).
    let lastSuccessMs = status.lastSuccessfulTime ? parseTimeMs(status.lastSuccessfulTime) : undefined;
    for (const j of jobs) {
      const uid = j.metadata.uid!;
      const found = hasActive(status.active, uid);
      const finished = finishedConditionType(j);
      if (!found && !finished) {
        this.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (finished) {
        if (found) {
          status.active = withoutUid(status.active, uid);
          this.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finished}`);
          updated = true;
        }
        const completion = j.status?.completionTime;
        if (finished === 'Complete' && completion && completion !== status.lastSuccessfulTime) {
          const completionMs = parseTimeMs(completion);
          if (lastSuccessMs === undefined || completionMs > lastSuccessMs) {
            status.lastSuccessfulTime = completion;
            lastSuccessMs = completionMs;
            updated = true;
          }
        }
      }
    }
    // An active entry whose Job no longer exists would keep the CronJob busy forever. (The list
    // is replaced, never changed in place, so the loop walks the entries as they were.)
    const listed = status.active;
    if (listed != null) for (const a of listed) {
      if (isChild(jobs, a.uid!) || store.get('Job', a.namespace ?? '', a.name ?? '')) continue;
      this.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${a.name}`);
      status.active = withoutUid(status.active, a.uid);
      updated = true;
    }
    if (cj.metadata.deletionTimestamp !== undefined) return this.result(updated);
    const tz = cj.spec?.timeZone;
    if (tz != null) {
      const zone = loadLocation(tz);
      if (typeof zone === 'string') {
        this.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: ${zone}`);
        return this.result(updated);
      }
    }
    if (cj.spec?.suspend) return this.result(updated);
    const formatted = formatSchedule(cj);
    if (formatted.unsupportedTz) {
      this.event(cj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(cj.spec?.schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    }
    let schedule: CronSchedule;
    try {
      schedule = this.parse(formatted.spec);
    } catch (e) {
      this.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${(e as Error).message}`);
      return this.result(updated);
    }
    // The status as it stands (active list, lastScheduleTime) is what the schedule math reads.
    // nextScheduleTime: the most recent time not after now, with the TooManyMissedTimes warning.
    const recent = mostRecentScheduleTime(cj, now, schedule, true, status);
    const due = recent.mostRecentMs !== undefined && recent.mostRecentMs <= now;
    if (due && recent.missed === 'many') {
      this.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    if (recent.error !== undefined) {
      this.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec?.schedule} : ${recent.error}`);
      return this.result(updated);
    }
    if (!due) return this.result(updated, requeueAfterMs(cj, status, now, schedule));
    const scheduledMs = recent.mostRecentMs!;
    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds != null && scheduledMs + sds * 1000 < now) {
      // lastScheduleTime does not move, so later syncs report the same miss again.
      this.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduledMs)}`);
      return this.result(updated, requeueAfterMs(cj, status, now, schedule));
    }
    // Already started: the time was the last one scheduled, or its Job is active. (The cheap
    // test first; neither has side effects.)
    if (status.lastScheduleTime !== undefined && parseTimeMs(status.lastScheduleTime) === scheduledMs) {
      return this.result(updated, requeueAfterMs(cj, status, now, schedule));
    }
    const jobName = jobNameFor(cj, scheduledMs);
    if (hasActiveNamed(status.active, jobName, cj.metadata.namespace)) {
      return this.result(updated, requeueAfterMs(cj, status, now, schedule));
    }
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && status.active != null && status.active.length > 0) {
      this.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return this.result(updated, requeueAfterMs(cj, status, now, schedule));
    }
    if (policy === 'Replace') {
      for (const a of [...(status.active ?? [])]) {
        const job = store.get<Job & KubeObject>('Job', a.namespace ?? '', a.name ?? '');
        if (!job) {
          this.event(cj, 'Warning', 'FailedGet', `Get job: jobs.batch "${a.name}" not found`);
          return this.result(updated);
        }
        if (!this.deleteJob(cj, status, job)) return this.result(updated);
        updated = true;
      }
    }
    let created: Stored<Job & KubeObject>;
    try {
      created = store.create(jobFromTemplate(cj, scheduledMs));
      this.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      if (!(e instanceof ApiError && e.reason === 'AlreadyExists')) {
        this.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${e.message}`);
        return this.result(updated);
      }
      // The name is the lock: an existing Job for this time is ours unless another owner has it.
      const existing = store.get<Job & KubeObject>('Job', cj.metadata.namespace!, jobName)!;
      if (getControllerOf(existing)?.uid !== cj.metadata.uid) return this.result(updated);
      if (hasActive(status.active, existing.metadata.uid)) return this.result(updated);
      created = existing;
    }
    status.active = [...(status.active ?? []), objectReference(created)];
    status.lastScheduleTime = toRfc3339(scheduledMs);
    return this.result(true, requeueAfterMs(cj, status, now, schedule));
  }

  private parse(spec: string): CronSchedule {
    // The last text asked about first: formatSchedule gives the same string again for the same
    // schedule, and most clusters here have one CronJob (no hashing and probing per sync).
    if (spec === this.lastSpec && this.lastSchedule !== undefined) return this.lastSchedule;
    let schedule = this.schedules.get(spec);
    if (!schedule) this.schedules.set(spec, (schedule = parseStandard(spec)));
    this.lastSpec = spec;
    this.lastSchedule = schedule;
    return schedule;
  }

  private lastSpec: string | undefined = undefined;
  private lastSchedule: CronSchedule | undefined = undefined;

  /** cleanupFinishedJobs: the oldest finished Jobs beyond the history limits (3 and 1) go. */
  private cleanupFinishedJobs(cj: StoredCronJob, status: CronJobStatus, jobs: Stored<Job & KubeObject>[]): boolean {
    const successLimit = cj.spec?.successfulJobsHistoryLimit;
    const failedLimit = cj.spec?.failedJobsHistoryLimit;
    if (successLimit == null && failedLimit == null) return false;
    // One pass counts the finished Jobs by their condition; most syncs find both within their
    // limits and need no lists.
    let succeededCount = 0;
    let failedCount = 0;
    for (const j of jobs) {
      const finished = finishedConditionType(j);
      if (finished === 'Complete') succeededCount++;
      else if (finished === 'Failed') failedCount++;
    }
    const overSuccess = successLimit != null && succeededCount > successLimit;
    const overFailed = failedLimit != null && failedCount > failedLimit;
    if (!overSuccess && !overFailed) return false;
    const succeeded: Stored<Job & KubeObject>[] = [];
    const failed: Stored<Job & KubeObject>[] = [];
    for (const j of jobs) {
      const finished = finishedConditionType(j);
      if (finished === 'Complete') succeeded.push(j);
      else if (finished === 'Failed') failed.push(j);
    }
    let updated = false;
    if (overSuccess && this.deleteOldest(cj, status, succeeded, successLimit)) updated = true;
    if (overFailed && this.deleteOldest(cj, status, failed, failedLimit)) updated = true;
    return updated;
  }

  /** Deletes the oldest Jobs of a list (by start time) down to `limit`; whether any went. */
  private deleteOldest(cj: StoredCronJob, status: CronJobStatus, list: Stored<Job & KubeObject>[], limit: number): boolean {
    if (list.length - limit === 1) {
      // One to go, the usual case: the Job sort would put first, found without sorting (a sort
      // allocates its work arrays). Two Jobs compare equal (or as NaN) only if their start times
      // are not as toRfc3339 writes them; then the sort decides, as before.
      let oldest: Stored<Job & KubeObject> | undefined = list[0];
      for (let i = 1; i < list.length && oldest !== undefined; i++) {
        const order = byJobStartTime(list[i], oldest);
        if (order < 0) oldest = list[i];
        else if (!(order > 0)) oldest = undefined;
      }
      if (oldest !== undefined) return this.deleteJob(cj, status, oldest);
    }
    let updated = false;
    const oldest = list.sort(byJobStartTime).slice(0, list.length - limit);
    for (const job of oldest) if (this.deleteJob(cj, status, job)) updated = true;
    return updated;
  }

  /** deleteJob: background deletion, the active entry removed, and its event. */
  private deleteJob(cj: StoredCronJob, status: CronJobStatus, job: Stored<Job & KubeObject>): boolean {
    try {
      this.ctx.store.delete('Job', job.metadata.namespace!, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      this.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${e.message}`);
      return false;
    }
    status.active = withoutUid(status.active, job.metadata.uid);
    this.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }

  private writeStatus(cj: StoredCronJob, status: CronJobStatus): void {
    const current = this.ctx.store.get<CronJob & KubeObject>('CronJob', cj.metadata.namespace!, cj.metadata.name!);
    if (!current || current.metadata.uid !== cj.metadata.uid) return;
    const out: Record<string, unknown> = {};
    for (const f in status) if (f !== 'active' || status.active?.length !== 0) out[f] = (status as Record<string, unknown>)[f];
    this.ctx.store.update(rewritten(current, currentMetadata(current.metadata), out) as unknown as KubeObject, { validate: false, subresource: 'status' });
  }

  private event(cj: StoredCronJob, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.record(cj, type, reason, message, this.source);
  }
}

function keyOf(obj: Stored): string {
  return objectKeyOf(obj);
}

/** ref.GetReference for a Job: what status.active lists. */
function objectReference(job: Stored<Job & KubeObject>): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid };
}

/**
 * How long until the next scheduled time, with the status as it stands (a module function rather
 * than a closure in syncCronJob: tsx's keepNames makes every named closure cost a defineProperty).
 */
function requeueAfterMs(cj: StoredCronJob, status: CronJobStatus, now: number, schedule: CronSchedule): number {
  return nextScheduleTimeDurationMs(cj, now, schedule, status);
}

/**
 * The sync's working copy of the status: the stored one's fields, without those set undefined
 * (as a deep copy would leave it). One level is enough: the sync replaces the active list and
 * the times, and never changes a stored array or entry in place.
 */
function copyStatus(stored: CronJob['status'] | DeepReadonly<CronJob['status']>): CronJobStatus {
  const out: Record<string, unknown> = {};
  if (stored) for (const f in stored) {
    const v = (stored as Record<string, unknown>)[f];
    if (v !== undefined) out[f] = v;
  }
  return out as CronJobStatus;
}

/**
 * The active list without the entries of a uid, as a new list (filter without a closure), made at
 * its first entry as a list of one (an empty list grown by push reserves room for 17).
 */
function withoutUid(active: readonly ObjectReference[] | null | undefined, uid: string | undefined): ObjectReference[] {
  let out: ObjectReference[] | undefined;
  if (active) {
    for (const a of active) {
      if (a.uid === uid) continue;
      if (out === undefined) out = [a];
      else out.push(a);
    }
  }
  return out ?? [];
}

function hasActive(active: readonly ObjectReference[] | null | undefined, uid: string | undefined): boolean {
  if (active) for (const a of active) if (a.uid === uid) return true;
  return false;
}

function hasActiveNamed(active: readonly ObjectReference[] | undefined, name: string, namespace: string | undefined): boolean {
  if (active) for (const a of active) if (a.name === name && a.namespace === namespace) return true;
  return false;
}

/** Whether a Job of the list has this uid (upstream's childrenJobs set). */
function isChild(jobs: readonly Stored<Job & KubeObject>[], uid: string): boolean {
  for (const j of jobs) if (j.metadata.uid === uid) return true;
  return false;
}

const NO_VALUES: readonly string[] = [];
/**
 * The CRONJOB_INDEX values of the last few ownerReferences lists: the versions of a Job share its
 * list (a stored list never changes), and its writes come close together.
 */
const INDEX_SLOTS = 4;
const indexedRefs: (object | undefined)[] = new Array(INDEX_SLOTS).fill(undefined);
const indexedNamespaces: (string | undefined)[] = new Array(INDEX_SLOTS).fill(undefined);
const indexedValues: (readonly string[])[] = new Array(INDEX_SLOTS).fill(NO_VALUES);
let nextIndexSlot = 0;

/** CRONJOB_INDEX: `<namespace>/<name>` of the CronJob controlling a Job (the CronJob's queue key). */
export function cronJobIndexValues(o: Stored): readonly string[] {
  const refs = o.metadata.ownerReferences;
  if (refs === undefined) return NO_VALUES;
  const namespace = o.metadata.namespace;
  for (let i = 0; i < INDEX_SLOTS; i++) if (indexedRefs[i] === refs && indexedNamespaces[i] === namespace) return indexedValues[i];
  const ref = getControllerOf(o);
  const values = ref?.kind === 'CronJob' ? [namespacedKey(namespace, ref.name)] : NO_VALUES;
  indexedRefs[nextIndexSlot] = refs;
  indexedNamespaces[nextIndexSlot] = namespace;
  indexedValues[nextIndexSlot] = values;
  nextIndexSlot = (nextIndexSlot + 1) % INDEX_SLOTS;
  return values;
}
