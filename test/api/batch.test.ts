// batch/v1 defaulting, the Job create strategy and validation through the real ApiStore. The
// expected messages are upstream's (pkg/apis/batch/validation/validation.go and its
// validation_test.go cases, workload-controllers.md §4.4 and §10.7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../engine/clock.ts';
import { Rng } from '../../engine/rng.ts';
import { ApiStore, type Stored } from '../../engine/api/store.ts';
import type { CronJob, Job, KubeObject } from '../../engine/api/types.ts';

function store(): ApiStore {
  return new ApiStore(new VirtualClock(Date.parse('2020-06-07T22:00:00Z')), new Rng(1), { freeze: true });
}

/** Creates an object and views the stored result as the given kind. */
function createAs<T extends KubeObject>(st: ApiStore, obj: object): Stored<T> {
  return st.create(obj as KubeObject) as unknown as Stored<T>;
}

function job(spec: Record<string, unknown>, template: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { ...spec, template: { metadata: { labels: { app: 'j' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }], ...template } } },
  };
}

function createError(obj: KubeObject): string {
  try {
    store().create(obj);
  } catch (e) {
    return (e as Error).message;
  }
  return 'created';
}

test('SetDefaults_Job: completions and parallelism 1, backoffLimit 6, NonIndexed, TerminatingOrFailed, manualSelector false', () => {
  const s = store();
  const spec = createAs<Job & KubeObject>(s, job({})).spec!;
  assert.deepEqual([spec.completions, spec.parallelism, spec.backoffLimit, spec.completionMode, spec.suspend, spec.podReplacementPolicy, spec.manualSelector], [1, 1, 6, 'NonIndexed', false, 'TerminatingOrFailed', false]);
  // Only parallelism set: a work queue, completions stays unset.
  const queue = createAs<Job & KubeObject>(s, { ...job({ parallelism: 3 }), metadata: { name: 'q' } }).spec!;
  assert.deepEqual([queue.completions, queue.parallelism], [undefined, 3]);
  // backoffLimitPerIndex makes backoffLimit MaxInt32; podFailurePolicy makes podReplacementPolicy Failed.
  const perIndex = createAs<Job & KubeObject>(s, { ...job({ completions: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1 }), metadata: { name: 'p' } }).spec!;
  assert.equal(perIndex.backoffLimit, 2147483647);
  const policy = createAs<Job & KubeObject>(s, { ...job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } }), metadata: { name: 'f' } }).spec!;
  assert.equal(policy.podReplacementPolicy, 'Failed');
  assert.equal(policy.podFailurePolicy?.rules[0].onPodConditions?.[0].status, 'True');
});

test('SetDefaults_CronJob: Allow, not suspended, 3 successful and 1 failed Jobs kept; the jobTemplate is not a Job', () => {
  const cj = createAs<CronJob & KubeObject>(store(), {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c' },
    spec: { schedule: '@hourly', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'main', image: 'busybox' }] } } } } },
  });
  assert.deepEqual([cj.spec?.concurrencyPolicy, cj.spec?.suspend, cj.spec?.successfulJobsHistoryLimit, cj.spec?.failedJobsHistoryLimit], ['Allow', false, 3, 1]);
  assert.equal(cj.spec?.jobTemplate.spec?.backoffLimit, undefined);
  assert.equal(cj.spec?.jobTemplate.spec?.template.spec?.terminationGracePeriodSeconds, 30);
});

test('the Job registry generates the selector and the pod labels from the uid', () => {
  const created = createAs<Job & KubeObject>(store(), job({}));
  const uid = created.metadata.uid!;
  assert.deepEqual(created.spec?.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  assert.deepEqual({ ...created.spec?.template.metadata?.labels }, { app: 'j', 'job-name': 'j', 'batch.kubernetes.io/job-name': 'j', 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid });
  assert.equal(created.status, undefined);
});

test('Job validation errors read as v1.32 writes them', () => {
  assert.equal(createError(job({}, { restartPolicy: 'Always' })), 'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  // ValidatePodTemplateSpec refuses it first, then validateJobSpec does.
  assert.equal(
    createError(job({}, { restartPolicy: 'Sometimes' })),
    'Job.batch "j" is invalid: [spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never", spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"]',
  );
  assert.equal(createError(job({ completionMode: 'Indexed', parallelism: 2 })), 'Job.batch "j" is invalid: spec.completions: Required value: when completion mode is Indexed');
  assert.equal(createError(job({ backoffLimitPerIndex: 1 })), 'Job.batch "j" is invalid: spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode');
  assert.equal(createError(job({ backoffLimit: -1 })), 'Job.batch "j" is invalid: spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0');
  assert.equal(
    createError(job({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] } }, { restartPolicy: 'OnFailure' })),
    'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
  );
  assert.equal(
    createError(job({ manualSelector: true, selector: { matchLabels: { app: 'other' } } })),
    'Job.batch "j" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"j"}: `selector` does not match template `labels`',
  );
});

test('a Job update may not change the template, the selector or the completions of a NonIndexed Job', () => {
  const s = store();
  const created = createAs<Job & KubeObject>(s, job({}));
  const changed = structuredClone(created) as unknown as { spec: { completions: number }; metadata: { resourceVersion?: string } };
  changed.spec.completions = 3;
  changed.metadata.resourceVersion = undefined;
  assert.throws(() => s.update(changed as never), { message: 'Job.batch "j" is invalid: spec.completions: Invalid value: 3: field is immutable' });
});
