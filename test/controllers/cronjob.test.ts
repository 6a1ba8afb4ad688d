// The CronJob controller: upstream's utils_test.go tables (workload-controllers.md §10.1–10.4)
// for the schedule arithmetic, then the controller with the stand-in kubelet (batch-harness.ts)
// and, for a controller manager that was down, with the whole simulated cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchHarness, cronJobManifest } from './batch-harness.ts';
import { parseStandard } from '../../engine/cron/schedule.ts';
import { byJobStartTime, mostRecentScheduleTime, nextScheduleTime, nextScheduleTimeDurationMs, type StoredCronJob } from '../../engine/controllers/cronjob-util.ts';
import { toRfc3339 } from '../../engine/clock.ts';
import type { StoredJob } from '../../engine/controllers/job-util.ts';
import { eventLines, newCluster } from '../engine/cluster-helpers.ts';

const T = Date.parse('2016-05-19T10:00:00Z'); // topOfTheHour, a Thursday
const M = 60_000;
const H = 60 * M;

function cronJob(schedule: string, createdMs: number, lastMs?: number, startingDeadlineSeconds?: number): StoredCronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'mycronjob', namespace: 'default', creationTimestamp: toRfc3339(createdMs) },
    spec: { schedule, startingDeadlineSeconds, jobTemplate: {} },
    status: lastMs === undefined ? {} : { lastScheduleTime: toRfc3339(lastMs) },
  } as unknown as StoredCronJob;
}

// utils_test.go TestMostRecentScheduleTime.
test('mostRecentScheduleTime: the earliest time, the most recent missed time and how many were missed', () => {
  const rows: Array<[string, string, number, number | undefined, number | undefined, boolean, number, number | undefined, 'none' | 'few' | 'many', boolean?]> = [
    ['now before the next schedule', '0 * * * *', T, undefined, undefined, false, T + 30_000, undefined, 'none'],
    ['one missed', '0 * * * *', T, undefined, undefined, false, T + 61 * M, T + 60 * M, 'none'],
    ['five missed', '0 * * * *', T + 10_000, undefined, undefined, false, T + 301 * M, T + 300 * M, 'few'],
    ['complex schedule, a day later', '30 6-16/4 * * 1-5', T, T + 30 * M, undefined, false, T + 24 * H + 31 * M, T + 24 * H + 30 * M, 'few'],
    ['nothing scheduled on the weekend', '30 10,11,12 * * 1-5', T, T + 30 * M, undefined, false, T + 30 * H + 30 * M, undefined, 'few'],
    ['four days later', '30 6-16/4 * * 1-5', T, T + 30 * M, undefined, false, T + 96 * H + 31 * M, T + 96 * H + 30 * M, 'few'],
    ['from creation', '30 6-16/4 * * 1-5', T, undefined, undefined, false, T + 24 * H + 31 * M, T + 24 * H + 30 * M, 'few'],
    ['@every with many missed', '@every 1h', T - 59 * M, T + M, 10, false, T + 7 * 24 * H, T + 6 * 24 * H + 23 * H + M, 'many'],
    ['last schedule at the top of the hour', '0 * * * *', T, T, undefined, false, T + 30_000, undefined, 'none'],
    ['every five minutes, one minute on', '*/5 * * * *', T, T + 30 * M, undefined, false, T + 31 * M, undefined, 'none'],
    ['with a deadline, not included', '*/5 * * * *', T, T + 30 * M, 60, false, T + 31 * M, undefined, 'none'],
    ['with a deadline, included', '*/5 * * * *', T, T + 30 * M, 60, true, T + 32 * M, undefined, 'none'],
  ];
  for (const [name, schedule, created, last, sds, includeSds, now, recent, missed] of rows) {
    const r = mostRecentScheduleTime(cronJob(schedule, created, last, sds), now, parseStandard(schedule), includeSds);
    assert.equal(r.mostRecentMs, recent, `${name}: most recent`);
    assert.equal(r.missed, missed, `${name}: missed`);
    assert.equal(r.error, undefined, name);
  }
  // The deadline moves the earliest time to now - startingDeadlineSeconds.
  assert.equal(mostRecentScheduleTime(cronJob('*/5 * * * *', T, T + 30 * M, 60), T + 32 * M, parseStandard('*/5 * * * *'), true).earliestMs, T + 31 * M);
  const never = mostRecentScheduleTime(cronJob('59 23 31 2 *', T + 10_000), T + H, parseStandard('59 23 31 2 *'), false);
  assert.deepEqual([never.mostRecentMs, never.error], [undefined, 'time difference between two schedules is less than 1 second']);
});

// utils_test.go TestNextScheduleTimeDuration.
test('nextScheduleTimeDuration: until the schedule after the most recent one, plus 100 ms', () => {
  const rows: Array<[string, number | undefined, number, number]> = [
    ['30 6-16/4 * * 1-5', T + 30 * M, T + 24 * H + 31 * M, 3 * H + 59 * M + 100],
    ['30 10,11,12 * * 1-5', T + 30 * M, T + 30 * H + 30 * M, 66 * H + 100],
    ['0 12 * * 4', T + 2 * H, T + 19 * 24 * H + H + 30 * M, 48 * H + 30 * M + 100],
    ['0 12 * * 5', undefined, T + 6 * H, 20 * H + 100],
  ];
  for (const [schedule, last, now, want] of rows) {
    assert.equal(nextScheduleTimeDurationMs(cronJob(schedule, T, last), now, parseStandard(schedule)), want, schedule);
  }
});

// utils_test.go TestNextScheduleTime (schedule `0 * * * ?`).
test('nextScheduleTime: the time to act on now, only the most recent of several', () => {
  const s = parseStandard('0 * * * ?');
  const T2 = T + H;
  const next = (cj: StoredCronJob, now: number) => nextScheduleTime(cj, now, s, () => undefined).timeMs;
  assert.equal(next(cronJob('0 * * * ?', T - 10 * M), T - 7 * M), undefined);
  assert.equal(next(cronJob('0 * * * ?', T - 10 * M), T + 2000), T);
  assert.equal(next(cronJob('0 * * * ?', T - 10 * M, T), T + 2 * M), undefined);
  assert.equal(next(cronJob('0 * * * ?', T - 10 * M, T), T2 + 5 * M), T2);
  assert.equal(next(cronJob('0 * * * ?', T - 2 * H, T - H), T2 + 5 * M), T2);
  assert.notEqual(next(cronJob('0 * * * ?', T - 2 * H, T - H), T2 + 10 * 24 * H), undefined);
  assert.notEqual(next(cronJob('0 * * * ?', T - 2 * H, T - H, 2 * 3600), T2 + 10 * 24 * H), undefined);
  assert.deepEqual(nextScheduleTime(cronJob('59 23 31 2 *', T + 10_000), T + H, parseStandard('59 23 31 2 *'), () => undefined), { error: 'time difference between two schedules is less than 1 second' });
});

// utils_test.go TestByJobStartTime.
test('byJobStartTime: by start time, Jobs without one last, then by name', () => {
  const job = (name: string, start?: string) => ({ metadata: { name }, status: start ? { startTime: start } : {} }) as unknown as StoredJob;
  const sort = (...jobs: StoredJob[]) => [...jobs].sort(byJobStartTime).map((j) => j.metadata.name);
  const t1 = '2016-05-19T10:00:00Z';
  const t2 = '2016-05-19T11:00:00Z';
  assert.deepEqual(sort(job('b'), job('a')), ['a', 'b']);
  assert.deepEqual(sort(job('a'), job('b', t1)), ['b', 'a']);
  assert.deepEqual(sort(job('a', t1), job('b')), ['a', 'b']);
  assert.deepEqual(sort(job('b', t1), job('a', t1)), ['a', 'b']);
  assert.deepEqual(sort(job('a', t2), job('b', t1)), ['b', 'a']);
});

test('every 15 minutes: Jobs named by the scheduled minute, three successful kept, the rest deleted', () => {
  const h = new BatchHarness();
  h.create(cronJobManifest('every-15', '0,15,30,45 * * * *', 'sleep-120'));
  const cj = h.cronJob('every-15');
  assert.deepEqual([cj.spec?.concurrencyPolicy, cj.spec?.suspend, cj.spec?.successfulJobsHistoryLimit, cj.spec?.failedJobsHistoryLimit], ['Allow', false, 3, 1]);
  // The requeue comes 100 ms after the scheduled time (nextScheduleDelta).
  h.advance(15 * M);
  assert.equal(h.jobs().length, 0);
  h.advance(100);
  assert.deepEqual(h.jobs().map((j) => j.metadata.name), ['every-15-26526135']);
  const first = h.jobs()[0];
  assert.equal(first.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2020-06-07T22:15:00Z');
  assert.deepEqual(first.metadata.ownerReferences?.map((r) => `${r.kind}/${r.name} ${r.controller}`), ['CronJob/every-15 true']);
  assert.deepEqual(h.cronJob('every-15').status?.active?.map((a) => a.name), ['every-15-26526135']);
  assert.equal(h.cronJob('every-15').status?.lastScheduleTime, '2020-06-07T22:15:00Z');
  h.advance(2 * H - 15 * M);
  assert.deepEqual(h.jobs().map((j) => j.metadata.name), ['every-15-26526195', 'every-15-26526210', 'every-15-26526225', 'every-15-26526240']);
  const status = h.cronJob('every-15').status!;
  assert.deepEqual([status.lastScheduleTime, status.lastSuccessfulTime, status.active?.map((a) => a.name)], ['2020-06-08T00:00:00Z', '2020-06-07T23:47:02Z', ['every-15-26526240']]);
  // Events live an hour after their last write (the apiserver's --event-ttl), so at midnight the
  // ones left are from 23:00 on: the deletion of the 22:15 Job at 23:17, and what followed.
  const events = h.events('CronJob', 'every-15');
  assert.deepEqual(events.slice(0, 4), [
    'Normal SuccessfulDelete: Deleted job every-15-26526135',
    'Normal SawCompletedJob: Saw completed job: every-15-26526180, condition: Complete',
    'Normal SuccessfulCreate: Created job every-15-26526195',
    'Normal SuccessfulDelete: Deleted job every-15-26526150',
  ]);
  assert.ok(!events.includes('Normal SuccessfulCreate: Created job every-15-26526135'));
});

test('one failed Job is kept by default', () => {
  const h = new BatchHarness();
  h.create({ ...(cronJobManifest('failing', '*/15 * * * *', 'fail-5') as object), spec: { schedule: '*/15 * * * *', jobTemplate: { spec: { backoffLimit: 0, template: { metadata: { labels: { app: 'f' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'fail-5' }] } } } } } });
  h.advance(46 * M);
  assert.deepEqual(h.jobs().map((j) => j.metadata.name), ['failing-26526165']);
  assert.ok(h.events('CronJob', 'failing').includes('Normal SawCompletedJob: Saw completed job: failing-26526135, condition: Failed'));
});

test('concurrencyPolicy: Allow runs Jobs side by side, Forbid skips, Replace deletes the running one', () => {
  for (const [policy, jobs, event] of [
    ['Allow', ['p-26526121', 'p-26526122'], undefined],
    ['Forbid', ['p-26526121'], 'Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid'],
    ['Replace', ['p-26526122'], 'Normal SuccessfulDelete: Deleted job p-26526121'],
  ] as const) {
    const h = new BatchHarness();
    h.create(cronJobManifest('p', '* * * * *', 'sleep-600', { concurrencyPolicy: policy }));
    h.advance(2 * M + 100);
    assert.deepEqual(h.jobs().filter((j) => !j.metadata.deletionTimestamp).map((j) => j.metadata.name), [...jobs], policy);
    if (event) assert.ok(h.events('CronJob', 'p').includes(event), `${policy}: ${h.events('CronJob', 'p').join('; ')}`);
  }
});

test('a suspended CronJob starts nothing; resumed, it starts the most recent missed time at once', () => {
  const h = new BatchHarness();
  h.create(cronJobManifest('paused', '*/15 * * * *', 'sleep-10', { suspend: true }));
  h.advance(40 * M);
  assert.equal(h.jobs().length, 0);
  const cj = structuredClone(h.cronJob('paused')) as unknown as { spec: { suspend: boolean }; metadata: { resourceVersion?: string } };
  cj.spec.suspend = false;
  cj.metadata.resourceVersion = undefined;
  h.store.update(cj as never);
  h.settle();
  assert.deepEqual(h.jobs().map((j) => j.metadata.name), ['paused-26526150']);
});

test('spec.timeZone: Jobs fire at the zone’s wall clock and carry the scheduled time in that zone', () => {
  const h = new BatchHarness();
  h.create(cronJobManifest('berlin', '30 0 * * *', 'sleep-10', { timeZone: 'Europe/Berlin' }));
  h.advance(H);
  const [job] = h.jobs();
  assert.equal(job.metadata.name, 'berlin-26526150');
  assert.equal(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2020-06-08T00:30:00+02:00');
});

// v2 looks for missed times only from now − startingDeadlineSeconds on, so a time missed by more
// than the deadline is never found again and its MissSchedule event is never recorded
// (kubernetes#101148, kubernetes#111223): the start is skipped silently.
test('with the controller manager down past startingDeadlineSeconds, the start is skipped without an event', () => {
  const cluster = newCluster();
  cluster.create(cronJobManifest('deadline', '0,15,30,45 * * * *', 'idealism/batch-job', { startingDeadlineSeconds: 15 }) as never);
  cluster.advance(14 * M);
  cluster.stopControllerManager();
  cluster.advance(2 * M);
  cluster.startControllerManager();
  assert.equal(cluster.store.list('Job').length, 0);
  assert.deepEqual(eventLines(cluster, 'CronJob', 'deadline'), []);
  cluster.advance(15 * M);
  assert.deepEqual(cluster.store.list('Job').map((j) => j.metadata.name), ['deadline-26526150']);
});

test('back within startingDeadlineSeconds, the missed start still happens, late', () => {
  const cluster = newCluster();
  cluster.create(cronJobManifest('late', '0,15,30,45 * * * *', 'idealism/batch-job', { startingDeadlineSeconds: 15 }) as never);
  cluster.advance(14 * M);
  cluster.stopControllerManager();
  cluster.advance(M + 10_000);
  cluster.startControllerManager();
  const [job] = cluster.store.list('Job');
  assert.deepEqual([job.metadata.name, job.metadata.creationTimestamp], ['late-26526135', '2020-06-07T22:15:10Z']);
});

test('more than 100 missed times: TooManyMissedTimes, and still the most recent one starts', () => {
  const cluster = newCluster();
  cluster.create(cronJobManifest('minutely', '* * * * *', 'idealism/batch-job', { concurrencyPolicy: 'Forbid' }) as never);
  cluster.stopControllerManager();
  cluster.advance(3 * H);
  cluster.startControllerManager();
  assert.deepEqual(cluster.store.list('Job').map((j) => j.metadata.name), ['minutely-26526300']);
  assert.deepEqual(eventLines(cluster, 'CronJob', 'minutely'), [
    'TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    'SuccessfulCreate: Created job minutely-26526300',
  ]);
});

test('the apiserver refuses what Kubernetes’ cron rules refuse', () => {
  const h = new BatchHarness();
  const invalid = (spec: Record<string, unknown>, name = 'bad') => {
    try {
      h.create({ ...(cronJobManifest(name, '* * * * *', 'sleep-1') as { spec: object }), metadata: { name, namespace: 'default' }, spec: { ...(cronJobManifest(name, '* * * * *', 'sleep-1') as { spec: object }).spec, ...spec } });
    } catch (e) {
      return (e as Error).message;
    }
    return 'created';
  };
  assert.equal(invalid({ schedule: '0 0 * * * *' }), 'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "0 0 * * * *": expected exactly 5 fields, found 6: [0 0 * * * *]');
  assert.equal(invalid({ schedule: 'TZ=UTC 0 * * * *' }), 'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  assert.equal(invalid({ schedule: '' }), 'CronJob.batch "bad" is invalid: spec.schedule: Required value');
  assert.equal(invalid({ timeZone: '' }), 'CronJob.batch "bad" is invalid: spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string');
  assert.equal(invalid({ timeZone: 'Mars/Olympus' }), 'CronJob.batch "bad" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
  assert.equal(invalid({ timeZone: 'Local' }), 'CronJob.batch "bad" is invalid: spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
  assert.equal(invalid({ concurrencyPolicy: 'Sometimes' }), 'CronJob.batch "bad" is invalid: spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"');
  assert.equal(invalid({}, 'x'.repeat(53)), `CronJob.batch "${'x'.repeat(53)}" is invalid: metadata.name: Invalid value: "${'x'.repeat(53)}": must be no more than 52 characters`);
  assert.equal(invalid({ schedule: '@midnight', timeZone: 'America/New_York' }), 'created');
});
