// The Job controller with a stand-in kubelet (batch-harness.ts). Expected conditions, reasons,
// messages and events are v1.32's (pkg/controller/job/job_controller.go; the reference notes'
// workload-controllers.md §6); backoff and interval tables are upstream's unit tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchHarness, jobManifest } from './batch-harness.ts';
import { OrderedIntervals, firstPendingIndexes, nextBackoffRecord, remainingBackoffMs, podGenerateNameWithIndex } from '../../engine/controllers/job-util.ts';
import type { StoredPod } from '../../engine/api/pods.ts';

const SUCCESS_CONDITIONS = [
  'SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods',
  'Complete=True CompletionsReached: Reached expected number of succeeded pods',
];

test("the seed's batch-job runs one pod with the generated labels and completes 1 s after it exits", () => {
  const h = new BatchHarness();
  h.create(jobManifest('batch-job', 'sleep-120'));
  const job = h.job('batch-job');
  const uid = job.metadata.uid!;
  assert.deepEqual(job.spec?.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  assert.deepEqual({ ...job.metadata.labels }, { app: 'batch-job', 'job-name': 'batch-job', 'batch.kubernetes.io/job-name': 'batch-job', 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid });
  assert.deepEqual([job.spec?.completions, job.spec?.parallelism, job.spec?.backoffLimit, job.spec?.completionMode, job.spec?.suspend, job.spec?.podReplacementPolicy, job.spec?.manualSelector], [1, 1, 6, 'NonIndexed', false, 'TerminatingOrFailed', false]);
  const [pod] = h.pods();
  assert.match(pod.metadata.name!, /^batch-job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.deepEqual(pod.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  assert.deepEqual({ ...pod.metadata.ownerReferences![0] }, { apiVersion: 'batch/v1', kind: 'Job', name: 'batch-job', uid, controller: true, blockOwnerDeletion: true });
  h.advance(5000);
  assert.deepEqual({ ...h.job('batch-job').status }, { startTime: '2020-06-07T22:00:00Z', active: 1, ready: 1, terminating: 0, uncountedTerminatedPods: {} });
  // The container starts at 22:00:01 and exits at 22:02:01; the batched sync comes a second later.
  h.advance(116_000);
  assert.equal(h.job('batch-job').status?.succeeded, undefined);
  h.advance(1000);
  const done = h.job('batch-job');
  assert.deepEqual(h.conditions('batch-job'), SUCCESS_CONDITIONS);
  assert.equal(done.status?.completionTime, '2020-06-07T22:02:02Z');
  assert.equal(done.status?.succeeded, 1);
  assert.equal(done.status?.active, undefined);
  assert.deepEqual(h.pods()[0].metadata.finalizers, undefined);
  assert.deepEqual(h.events('Job', 'batch-job'), [`Normal SuccessfulCreate: Created pod: ${pod.metadata.name}`, 'Normal Completed: Job completed']);
});

test('completions 5 and parallelism 2 never run more than two pods, and only one for the last completion', () => {
  const h = new BatchHarness();
  h.create(jobManifest('multi', 'sleep-120', { completions: 5, parallelism: 2 }));
  assert.equal(h.pods().length, 2);
  h.advance(10 * 60_000);
  assert.equal(h.maxActive.get('multi'), 2);
  assert.equal(h.job('multi').status?.succeeded, 5);
  assert.equal(h.pods().length, 5);
  assert.deepEqual(h.conditions('multi'), SUCCESS_CONDITIONS);
  // Two waves of two, then a single pod: wantActive = min(parallelism, completions - succeeded).
  const starts = [...new Set(h.pods().map((p) => p.metadata.creationTimestamp))];
  assert.deepEqual(starts, ['2020-06-07T22:00:00Z', '2020-06-07T22:02:02Z', '2020-06-07T22:04:04Z']);
});

test('without completions (a work queue), parallelism pods start and none replaces a finished one', () => {
  const h = new BatchHarness();
  h.create(jobManifest('queue', 'sleep-60', { parallelism: 3 }));
  const job = h.job('queue');
  assert.equal(job.spec?.completions, undefined);
  assert.equal(h.pods().length, 3);
  h.advance(5 * 60_000);
  assert.equal(h.pods().length, 3);
  assert.equal(h.job('queue').status?.succeeded, 3);
  assert.deepEqual(h.conditions('queue'), SUCCESS_CONDITIONS);
});

test('a failing pod (restartPolicy Never) is replaced after 10 s, 20 s, 40 s until backoffLimit is exceeded', () => {
  const h = new BatchHarness();
  h.create(jobManifest('failing', 'fail-5', { backoffLimit: 3 }, 'Never'));
  h.advance(10 * 60_000);
  const created = h.pods().map((p) => p.metadata.creationTimestamp).sort();
  // Exits 6 s after each creation; the replacement waits 10·2^(n−1) s from the failure (counted at its sync).
  assert.deepEqual(created, ['2020-06-07T22:00:00Z', '2020-06-07T22:00:16Z', '2020-06-07T22:00:42Z', '2020-06-07T22:01:28Z']);
  assert.deepEqual(h.conditions('failing'), [
    'FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit',
    'Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit',
  ]);
  assert.equal(h.job('failing').status?.failed, 4);
  const events = h.events('Job', 'failing');
  assert.equal(events.filter((e) => e.startsWith('Normal SuccessfulCreate')).length, 4);
  assert.equal(events.at(-1), 'Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
});

test('restartPolicy OnFailure counts container restarts against the backoff limit', () => {
  const h = new BatchHarness();
  h.create(jobManifest('crashing', 'fail-5', { backoffLimit: 2 }));
  h.advance(5 * 60_000);
  // One pod, restarted in place twice, then deleted.
  assert.equal(h.events('Job', 'crashing').filter((e) => e.includes('SuccessfulCreate')).length, 1);
  assert.equal(h.pods().length, 0);
  assert.deepEqual(h.conditions('crashing'), [
    'FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit',
    'Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit',
  ]);
  // The pod still running is deleted and counted as failed.
  assert.equal(h.job('crashing').status?.failed, 1);
});

test('activeDeadlineSeconds ends a long Job: FailureTarget at the deadline, Failed once its pod is gone', () => {
  const h = new BatchHarness();
  h.create(jobManifest('slow', 'sleep-120', { activeDeadlineSeconds: 30 }));
  h.advance(30_000);
  assert.deepEqual(h.conditions('slow'), ['FailureTarget=True DeadlineExceeded: Job was active longer than specified deadline']);
  assert.ok(h.pods()[0].metadata.deletionTimestamp);
  h.advance(5000);
  assert.deepEqual(h.conditions('slow'), [
    'FailureTarget=True DeadlineExceeded: Job was active longer than specified deadline',
    'Failed=True DeadlineExceeded: Job was active longer than specified deadline',
  ]);
  assert.equal(h.pods().length, 0);
  assert.equal(h.job('slow').status?.failed, 1);
  assert.deepEqual(h.events('Job', 'slow').slice(1), [`Normal SuccessfulDelete: Deleted pod: ${h.events('Job', 'slow')[0].split(': ').pop()}`, 'Warning DeadlineExceeded: Job was active longer than specified deadline']);
});

test('a pod deleted under the Job (its node failed and it was evicted) is replaced', () => {
  const h = new BatchHarness();
  h.create(jobManifest('survivor', 'sleep-120'));
  h.advance(10_000);
  const [first] = h.pods();
  h.store.delete('Pod', 'default', first.metadata.name!);
  h.advance(30_000);
  const pods = h.pods();
  assert.equal(pods.length, 1);
  assert.notEqual(pods[0].metadata.name, first.metadata.name);
  h.advance(3 * 60_000);
  assert.deepEqual(h.conditions('survivor'), SUCCESS_CONDITIONS);
  assert.equal(h.job('survivor').status?.failed, 1);
});

test('Indexed Jobs name pods <job>-<index>-xxxxx with the index label, annotation, hostname and env var', () => {
  const h = new BatchHarness();
  h.create(jobManifest('indexed', 'sleep-10', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
  const pods = [...h.pods()].sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  assert.deepEqual(pods.map((p) => p.metadata.name!.replace(/[^-]+$/, '')), ['indexed-0-', 'indexed-1-', 'indexed-2-']);
  assert.deepEqual(pods.map((p) => [p.metadata.labels!['batch.kubernetes.io/job-completion-index'], p.metadata.annotations!['batch.kubernetes.io/job-completion-index'], p.spec!.hostname]), [['0', '0', 'indexed-0'], ['1', '1', 'indexed-1'], ['2', '2', 'indexed-2']]);
  assert.deepEqual(pods[0].spec!.containers[0].env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
  h.advance(60_000);
  assert.equal(h.job('indexed').status?.completedIndexes, '0-2');
  assert.deepEqual(h.conditions('indexed'), SUCCESS_CONDITIONS);
});

test('a suspended Job starts no pods until resumed, and resuming resets startTime', () => {
  const h = new BatchHarness();
  h.create(jobManifest('later', 'sleep-10', { suspend: true }));
  assert.equal(h.pods().length, 0);
  assert.deepEqual(h.conditions('later'), ['Suspended=True JobSuspended: Job suspended']);
  assert.equal(h.job('later').status?.startTime, undefined);
  h.advance(60_000);
  h.patchJob('later', (j) => (j.spec!.suspend = false));
  assert.equal(h.pods().length, 1);
  assert.deepEqual(h.conditions('later'), ['Suspended=False JobResumed: Job resumed']);
  assert.equal(h.job('later').status?.startTime, '2020-06-07T22:01:00Z');
  assert.deepEqual(h.events('Job', 'later').filter((e) => !e.includes('SuccessfulCreate')), ['Normal Suspended: Job suspended', 'Normal Resumed: Job resumed']);
});

test('podFailurePolicy FailJob on an exit code fails the Job with the rule in the message', () => {
  const h = new BatchHarness();
  h.create(jobManifest('policy', 'exit-42-5', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } }, 'Never'));
  const pod = h.pods()[0].metadata.name;
  h.advance(60_000);
  const message = `Container main for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`;
  assert.deepEqual(h.conditions('policy'), [`FailureTarget=True PodFailurePolicy: ${message}`, `Failed=True PodFailurePolicy: ${message}`]);
  assert.equal(h.job('policy').spec?.podReplacementPolicy, 'Failed');
});

test('podFailurePolicy Ignore does not count the failure against backoffLimit', () => {
  const h = new BatchHarness();
  h.create(jobManifest('ignored', 'exit-42-5', { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [42] } }] } }, 'Never'));
  h.advance(60_000);
  assert.deepEqual(h.conditions('ignored'), []);
  assert.equal(h.job('ignored').status?.failed, undefined);
  assert.ok(h.pods().length > 1);
});

test('successPolicy: SuccessCriteriaMet with the rule index, then Complete with the same reason', () => {
  const h = new BatchHarness();
  h.create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'leader', namespace: 'default' },
    spec: {
      completions: 2,
      parallelism: 2,
      completionMode: 'Indexed',
      successPolicy: { rules: [{ succeededIndexes: '0' }] },
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'sleep-10' }] } },
    },
  });
  // Both indexes succeed together; the success policy is checked before the completions are.
  h.advance(15_000);
  assert.deepEqual(h.conditions('leader'), ['SuccessCriteriaMet=True SuccessPolicy: Matched rules at index 0', 'Complete=True SuccessPolicy: Matched rules at index 0']);
});

test('backoffLimitPerIndex marks an index failed after its own retries and fails the Job with FailedIndexes', () => {
  const h = new BatchHarness();
  h.create(jobManifest('per-index', 'fail-5', { completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1 }, 'Never'));
  assert.equal(h.job('per-index').spec?.backoffLimit, 2147483647);
  h.advance(5 * 60_000);
  const job = h.job('per-index');
  assert.equal(job.status?.failedIndexes, '0,1');
  assert.deepEqual(h.conditions('per-index').at(-1), 'Failed=True FailedIndexes: Job has failed indexes');
  const counts = h.pods().map((p) => p.metadata.annotations!['batch.kubernetes.io/job-index-failure-count']).sort();
  assert.deepEqual(counts, ['0', '0', '1', '1']);
});

test('ttlSecondsAfterFinished deletes the finished Job and its pods that many seconds later', () => {
  const h = new BatchHarness();
  h.create(jobManifest('short-lived', 'sleep-10', { ttlSecondsAfterFinished: 100 }));
  h.advance(13_000);
  assert.equal(h.job('short-lived').status?.completionTime, '2020-06-07T22:00:12Z');
  h.advance(98_000);
  assert.ok(h.job('short-lived'));
  h.advance(1000);
  assert.equal(h.job('short-lived'), undefined);
  assert.equal(h.pods().length, 0);
});

test('the apiserver refuses restartPolicy Always and a Job without a template', () => {
  const h = new BatchHarness();
  assert.throws(() => h.create(jobManifest('always', 'sleep-1', {}, 'Always')), {
    message: 'Job.batch "always" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  });
});

// backoff_utils_test.go TestGetRemainingBackoffTime (default 5 s, max 700 s).
test('remaining backoff: 5 s doubling, capped at 700 s, minus the time since the failure', () => {
  const t = Date.parse('2009-11-10T23:00:00Z');
  const rows: Array<[failures: number, sinceMs: number, remainingMs: number]> = [
    [0, 0, 0], [1, 0, 5000], [1, 1000, 4000], [1, 5000, 0], [1, 6000, 0], [3, 0, 20_000], [8, 0, 640_000], [9, 0, 700_000],
  ];
  for (const [failures, since, want] of rows) assert.equal(remainingBackoffMs(failures, t, t + since, 5000, 700_000), want, `${failures} failures, ${since} ms ago`);
});

// backoff_utils_test.go TestNewBackoffRecord.
test('backoff record: only failures after the last success count', () => {
  const d = Date.parse('2009-11-10T23:00:00Z');
  const pod = (phase: string, finishedMs: number) => ({ metadata: { creationTimestamp: '2009-11-10T22:00:00Z' }, status: { phase, containerStatuses: [{ state: { terminated: { finishedAt: new Date(finishedMs).toISOString() } } }] } }) as unknown as StoredPod;
  const empty = { failuresAfterLastSuccess: 0 };
  assert.deepEqual(nextBackoffRecord(empty, [], []), empty);
  assert.deepEqual(nextBackoffRecord(empty, [], [pod('Failed', d)]), { failuresAfterLastSuccess: 1, lastFailureTimeMs: d });
  assert.deepEqual(nextBackoffRecord(empty, [], [pod('Failed', d), pod('Failed', d - 1)]), { failuresAfterLastSuccess: 2, lastFailureTimeMs: d });
  assert.deepEqual(nextBackoffRecord(empty, [pod('Succeeded', d)], [pod('Failed', d - 2), pod('Failed', d - 1)]), { failuresAfterLastSuccess: 0 });
  assert.deepEqual(nextBackoffRecord(empty, [pod('Succeeded', d - 2)], [pod('Failed', d), pod('Failed', d - 4), pod('Failed', d - 3), pod('Failed', d - 1)]), { failuresAfterLastSuccess: 2, lastFailureTimeMs: d });
  assert.deepEqual(nextBackoffRecord({ failuresAfterLastSuccess: 2 }, [], [pod('Failed', d)]), { failuresAfterLastSuccess: 3, lastFailureTimeMs: d });
  assert.deepEqual(nextBackoffRecord(empty, [pod('Succeeded', d)], [pod('Failed', d)]), { failuresAfterLastSuccess: 0 });
});

// indexed_job_utils_test.go: TestCalculateSucceededIndexes and TestFirstPendingIndexes shapes.
test('completion-index intervals print as upstream prints them and find the first pending indexes', () => {
  assert.equal(OrderedIntervals.parse('', 5).withIndexes([0, 1, 2, 4]).toString(), '0-2,4');
  assert.equal(OrderedIntervals.parse('1,3-5', 10).withIndexes([2, 7, 8]).toString(), '1-5,7,8');
  assert.equal(OrderedIntervals.parse('0-9', 5).toString(), '0-4');
  assert.equal(OrderedIntervals.parse('1,x,3', 5).toString(), '1,3');
  assert.deepEqual(firstPendingIndexes(OrderedIntervals.parse('0-2,5', 10), 4, 10), [3, 4, 6, 7]);
  assert.deepEqual(firstPendingIndexes(OrderedIntervals.parse('', 3), 5, 3), [0, 1, 2]);
  assert.equal(podGenerateNameWithIndex('a'.repeat(60), 12), `${'a'.repeat(54)}-12-`);
});
