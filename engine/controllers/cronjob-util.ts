// The CronJob controller's pure helpers, ported from pkg/controller/cronjob/utils.go (v1.32):
// which scheduled time is due, how long until the next one, and the Job made for a time.
import { parseTimeMs, toRfc3339 } from '../clock.ts';
import type { Stored } from '../api/store.ts';
import type { CronJob, Job, KubeObject } from '../api/types.ts';
import { LOCAL_ZONE, loadLocation, type CronSchedule } from '../cron/schedule.ts';
import { controllerRef } from './owners.ts';

export type StoredCronJob = Stored<CronJob & KubeObject>;

const NEXT_SCHEDULE_DELTA_MS = 100; // cronjob_controllerv2.go nextScheduleDelta
const MANY_MISSED_THRESHOLD = 100; // utils.go: more than this is "many"
const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp'; // k8s.io/api/batch/v1 CronJobScheduledTimestampAnnotation

export type Missed = 'none' | 'few' | 'many';

/** What the schedule math reads of a status. */
export interface CronJobStatusTimes {
  readonly lastScheduleTime?: string;
}

export interface MostRecent {
  earliestMs: number;
  /** The most recent scheduled time not after now, if any. */
  mostRecentMs?: number;
  missed: Missed;
  error?: string;
}

/**
 * mostRecentScheduleTime: counts the schedules missed since the last one (or creation, or now
 * minus startingDeadlineSeconds) by a rough division, then finds the latest one not after now.
 */
export function mostRecentScheduleTime(cj: StoredCronJob, nowMs: number, schedule: CronSchedule, includeStartingDeadline: boolean, status: CronJobStatusTimes | undefined = cj.status): Readonly<MostRecent> {
  const base = status?.lastScheduleTime ?? cj.metadata.creationTimestamp!;
  const sds = cj.spec?.startingDeadlineSeconds;
  if (!includeStartingDeadline || sds == null) {
    // Without a deadline the earliest time is the base's, and until the second scheduled time
    // after it the answer is one of two that do not depend on now: kept per base and schedule,
    // they serve every sync between two scheduled times.
    let w = lastWindow;
    if (w === undefined || w.base !== base || w.schedule !== schedule) w = lastWindow = scheduleWindow(base, schedule);
    if (w.t1 !== undefined) {
      if (nowMs < w.t1) return w.beforeFirst;
      if (w.t2 !== undefined && nowMs < w.t2) return w.atFirst!;
    }
  }
  // The answer depends on these alone; a CronJob's syncs at one instant ask the same question.
  const memo = includeStartingDeadline ? lastWithDeadline : lastWithoutDeadline;
  if (memo !== undefined && memo.nowMs === nowMs && memo.base === base && memo.schedule === schedule && (!includeStartingDeadline || memo.sds === sds)) return memo.answer;
  const answer = computeMostRecent(base, sds, nowMs, schedule, includeStartingDeadline);
  const entry = { nowMs, base, schedule, sds, answer };
  if (includeStartingDeadline) lastWithDeadline = entry;
  else lastWithoutDeadline = entry;
  return answer;
}

/** The first two scheduled times after a base, with computeMostRecent's answers before the first and from it until the second. */
interface ScheduleWindow {
  base: string;
  schedule: CronSchedule;
  t1: number | undefined;
  t2: number | undefined;
  beforeFirst: Readonly<MostRecent>;
  atFirst: Readonly<MostRecent> | undefined;
}
let lastWindow: ScheduleWindow | undefined;

function scheduleWindow(base: string, schedule: CronSchedule): ScheduleWindow {
  const earliestMs = parseTimeMs(base);
  const t1 = schedule.next(earliestMs);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  const atFirst: MostRecent | undefined = t1 === undefined || t2 === undefined ? undefined : { earliestMs, mostRecentMs: t1, missed: 'none' };
  return { base, schedule, t1, t2, beforeFirst: { earliestMs, missed: 'none' }, atFirst };
}

interface MostRecentMemo {
  nowMs: number;
  base: string;
  schedule: CronSchedule;
  sds: number | null | undefined;
  answer: Readonly<MostRecent>;
}
let lastWithDeadline: MostRecentMemo | undefined;
let lastWithoutDeadline: MostRecentMemo | undefined;

/** mostRecentScheduleTime's answer computed afresh, remembering nothing (exported for the tests). */
export function computeMostRecent(base: string, sds: number | null | undefined, nowMs: number, schedule: CronSchedule, includeStartingDeadline: boolean): MostRecent {
  let earliestMs = parseTimeMs(base);
  if (includeStartingDeadline && sds != null) {
    const deadlineMs = nowMs - sds * 1000;
    if (deadlineMs > earliestMs) earliestMs = deadlineMs;
  }
  const t1 = schedule.next(earliestMs);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && nowMs < t1) return { earliestMs, missed: 'none' };
  if (t1 !== undefined && t2 !== undefined && nowMs < t2) return { earliestMs, mostRecentMs: t1, missed: 'none' };
  // A schedule such as `59 23 31 2 *` parses but never fires: Next gives Go's zero time, which
  // is before now, and the two times are not a second apart.
  const gapSeconds = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (t1 === undefined || gapSeconds < 1) return { earliestMs, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const elapsedSeconds = Math.trunc((nowMs - t1) / 1000);
  const missedCount = Math.trunc(elapsedSeconds / gapSeconds) + 1;
  const potentialEarliestMs = t1 + (missedCount - 2) * gapSeconds * 1000;
  let mostRecentMs: number | undefined;
  for (let t = schedule.next(potentialEarliestMs); t !== undefined && t <= nowMs; t = schedule.next(t)) mostRecentMs = t;
  const missed: Missed = missedCount > MANY_MISSED_THRESHOLD ? 'many' : missedCount > 0 ? 'few' : 'none';
  return mostRecentMs === undefined ? { earliestMs, missed } : { earliestMs, mostRecentMs, missed };
}

/**
 * nextScheduleTimeDuration: how long until the schedule after the most recent one, plus 100 ms.
 * `status` is the status as the sync has it so far (the stored one by default).
 */
export function nextScheduleTimeDurationMs(cj: StoredCronJob, nowMs: number, schedule: CronSchedule, status: CronJobStatusTimes | undefined = cj.status): number {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, false, status);
  let fromMs: number;
  if (r.error !== undefined) fromMs = nowMs;
  else if (r.mostRecentMs !== undefined) fromMs = r.mostRecentMs;
  else fromMs = r.missed === 'none' ? r.earliestMs : nowMs;
  const next = schedule.next(fromMs);
  // Go's zero time lies far in the past, so a schedule that never fires again asks for an
  // immediate requeue; this engine waits a day instead of spinning.
  return next === undefined ? 24 * 3_600_000 : next + NEXT_SCHEDULE_DELTA_MS - nowMs;
}

/**
 * nextScheduleTime: the scheduled time to act on now (startingDeadlineSeconds applied), with a
 * callback for the TooManyMissedTimes warning; the error is returned alongside, as upstream does.
 */
export function nextScheduleTime(cj: StoredCronJob, nowMs: number, schedule: CronSchedule, tooManyMissed: () => void, status: CronJobStatusTimes | undefined = cj.status): { timeMs?: number; error?: string } {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, true, status);
  if (r.mostRecentMs === undefined || r.mostRecentMs > nowMs) return { error: r.error };
  if (r.missed === 'many') tooManyMissed();
  return { timeMs: r.mostRecentMs, error: r.error };
}

/** getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function jobNameFor(cj: StoredCronJob, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;
}

/**
 * getJobFromTemplate2: the jobTemplate's labels, annotations and spec, the controller reference,
 * and the scheduled time as an annotation in the CronJob's zone (CronJobsScheduledAnnotation, GA in 1.32).
 */
export function jobFromTemplate(cj: StoredCronJob, scheduledMs: number): Job & KubeObject {
  const template = cj.spec!.jobTemplate;
  const zone = loadLocation(cj.spec?.timeZone ?? '');
  const own = template.metadata?.annotations;
  const annotations: Record<string, string> = own == null ? {} : { ...own };
  annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339InZone(scheduledMs, typeof zone === 'string' ? LOCAL_ZONE : zone);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduledMs),
      namespace: cj.metadata.namespace,
      // store.create copies its input, so the template's labels serve as they are.
      labels: (template.metadata?.labels ?? {}) as Record<string, string>,
      annotations,
      ownerReferences: [controllerRef(cj)],
    },
    // store.create copies its input, so the template's spec needs no copy of its own here.
    spec: template.spec as Job['spec'],
  };
}

/** time.Format(time.RFC3339) in a zone: `2020-06-08T00:15:00+02:00`, or `Z` for UTC. */
function rfc3339InZone(ms: number, zone: { offsetMs(ms: number): number }): string {
  const offset = zone.offsetMs(ms);
  const wall = toRfc3339(ms + offset);
  if (offset === 0) return wall;
  const abs = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${wall.slice(0, -1)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** byJobStartTime: by status.startTime, Jobs without one last, then by name. */
export function byJobStartTime(a: Stored<Job & KubeObject>, b: Stored<Job & KubeObject>): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  return parseTimeMs(sa!) - parseTimeMs(sb!);
}

/** formatSchedule: `TZ=<timeZone> <schedule>` unless the schedule carries its own TZ. */
export function formatSchedule(cj: StoredCronJob): Readonly<{ spec: string; unsupportedTz: boolean }> {
  const schedule = cj.spec?.schedule ?? '';
  const tz = cj.spec?.timeZone;
  // The last answer, for the same schedule and zone (every sync asks; the same text keeps its hash).
  if (lastFormatted !== undefined && lastFormatted.schedule === schedule && lastFormatted.tz === tz) return lastFormatted.answer;
  let answer: { spec: string; unsupportedTz: boolean };
  if (schedule.includes('TZ')) answer = { spec: schedule, unsupportedTz: true };
  else if (tz != null && typeof loadLocation(tz) !== 'string') answer = { spec: `TZ=${tz} ${schedule}`, unsupportedTz: false };
  else answer = { spec: schedule, unsupportedTz: false };
  lastFormatted = { schedule, tz, answer };
  return answer;
}

let lastFormatted: { schedule: string; tz: string | null | undefined; answer: Readonly<{ spec: string; unsupportedTz: boolean }> } | undefined;
