// batch/v1 in the simulated apiserver: Job and CronJob defaulting (pkg/apis/batch/v1/defaults.go),
// the Job registry's create strategy that generates the selector (pkg/registry/batch/job/strategy.go),
// and validation (pkg/apis/batch/validation/validation.go, v1.32), with upstream's paths, messages
// and order. One deliberate difference: an immutable pod template is reported with its value
// abbreviated to `core.PodTemplateSpec{...}` instead of Go's multi-kilobyte %#v dump.
import type { FieldError } from '../errors.ts';
import type { CronJob, DeepReadonly, Job, JobSpec, LabelSelector, Mutable, ObjectMeta, PodTemplateSpec } from './types.ts';
import { fieldError, goValue, isDNS1123Label, isQualifiedName, validateLabelSelector, type Selector } from './labels.ts';
import { append, nameIsDNSSubdomain, semanticEqual, trySelector, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate, validatePodTemplateSpec } from './validation.ts';
import { loadLocation, parseStandard } from '../cron/schedule.ts';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from '../controllers/job-util.ts';

type Errs = FieldError[];
type Spec = DeepReadonly<JobSpec>;

// pkg/apis/batch/validation/validation.go
const MAX_PARALLELISM_FOR_INDEXED_JOB = 100000;
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_ON_EXIT_CODES_VALUES = 255;
const MAX_ON_POD_CONDITIONS_PATTERNS = 20;
const MAX_SUCCESS_POLICY_RULES = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const CRONJOB_NAME_MAX_LENGTH = 63 - 11; // DNS1035LabelMaxLength - 11, for the `-<timestamp>` suffix
const VALID_TIME_ZONE_CHARACTERS = /^[A-Za-z.\-_0-9+]{1,14}$/;
const FIELD_IMMUTABLE = 'field is immutable';
const POD_FAILURE_POLICY_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

// ---- defaulting ---------------------------------------------------------------------------------

/** SetDefaults_Job, without the pod template (defaults.ts defaults that). */
export function defaultJob(job: Job): void {
  const spec = (job.spec ??= {} as JobSpec);
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy != null ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
  defaultPodFailurePolicy(spec);
}

/** SetDefaults_CronJob. */
export function defaultCronJob(cj: CronJob): void {
  const spec = (cj.spec ??= {} as NonNullable<CronJob['spec']>);
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  spec.jobTemplate ??= {} as NonNullable<CronJob['spec']>['jobTemplate'];
  spec.jobTemplate.spec ??= {} as JobSpec;
  defaultPodFailurePolicy(spec.jobTemplate.spec);
}

/** SetDefaults_PodFailurePolicyOnPodConditionsPattern: a pattern's status defaults to True. */
function defaultPodFailurePolicy(spec: JobSpec): void {
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const p of rule.onPodConditions ?? []) p.status ||= 'True';
}

/**
 * The Job registry's PrepareForCreate: an empty status, and unless `manualSelector` the selector
 * and pod labels generated from the uid the apiserver has just assigned (generateSelector). A Job
 * without labels of its own gets the pod template's, generated ones included: upstream's
 * defaulting shares the template's label map with the Job, and generateSelector then adds to it.
 */
export function prepareJobForCreate(job: Job, uid: string): void {
  delete job.status;
  const spec = job.spec!;
  if (!spec.manualSelector) {
    const template = (spec.template ??= {} as PodTemplateSpec);
    const meta = (template.metadata ??= {});
    const labels = (meta.labels ??= {});
    labels[LEGACY_JOB_NAME_LABEL] ??= job.metadata!.name!;
    labels[JOB_NAME_LABEL] ??= job.metadata!.name!;
    labels[LEGACY_CONTROLLER_UID_LABEL] ??= uid;
    labels[CONTROLLER_UID_LABEL] ??= uid;
    const selector = (spec.selector ??= {});
    const matchLabels = (selector.matchLabels ??= {});
    matchLabels[CONTROLLER_UID_LABEL] ??= uid;
  }
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && !hasKeys(job.metadata?.labels)) (job.metadata as Mutable<ObjectMeta>).labels = { ...templateLabels };
}

/** Whether an object has own keys (Object.keys(o).length > 0, without the list). */
function hasKeys(o: object | null | undefined): boolean {
  if (o != null) for (const _ in o) return true;
  return false;
}

/** The CronJob registry's PrepareForCreate: an empty status. */
export function prepareCronJobForCreate(cj: CronJob): void {
  delete cj.status;
}

// ---- Job validation -------------------------------------------------------------------------------

/** ValidateJob: metadata, the generated selector, the spec, and the longest indexed hostname. */
export function validateJob(job: Job, requirePrefixedLabels = true): Errs {
  const errs = validateObjectMeta(job.metadata ?? {}, nameIsDNSSubdomain);
  const spec = (job.spec ?? {}) as Spec;
  // Both checks below read the selector: it is parsed once.
  const selector = trySelector(spec.selector as LabelSelector | undefined);
  append(errs, validateGeneratedSelector(job, requirePrefixedLabels, selector));
  append(errs, validateJobSpecWithSelector(spec, 'spec', selector));
  if (spec.completionMode === 'Indexed' && spec.completions != null && spec.completions > 0) {
    const host = `${job.metadata?.name}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length > 0) {
      errs.push(fieldError.invalid('metadata.name', goValue.string(job.metadata?.name ?? ''), `will not able to create pod with invalid DNS label: ${host}`));
    }
  }
  return errs;
}

/** The Job strategy's ValidateUpdate: ValidateJob, then ValidateJobUpdate (so spec errors repeat). */
export function validateJobUpdate(job: Job, old: Job): Errs {
  const oldSpec = (old.spec ?? {}) as Spec;
  const spec = (job.spec ?? {}) as Spec;
  // validationOptionsForJob: old Jobs without the prefixed labels are not held to them.
  const requirePrefixed = oldSpec.template?.metadata?.labels?.[JOB_NAME_LABEL] !== undefined && oldSpec.selector?.matchLabels?.[CONTROLLER_UID_LABEL] !== undefined;
  const errs = validateJob(job, requirePrefixed);
  append(errs, validateObjectMetaUpdate(job.metadata ?? {}, old.metadata ?? {}));
  append(errs, validateJobSpecWithSelector(spec, 'spec'));
  append(errs, validateCompletionsUpdate(spec, oldSpec));
  append(errs, immutable(spec.selector, oldSpec.selector, 'spec.selector', () => goValue.labelSelector(spec.selector as LabelSelector)));
  // Scheduling directives of a suspended Job that never started may change.
  const mutableScheduling = old.spec?.suspend === true && !old.status?.startTime;
  const oldTemplate = mutableScheduling ? withSchedulingOf(oldSpec.template, spec.template) : oldSpec.template;
  append(errs, immutable(spec.template, oldTemplate, 'spec.template', () => 'core.PodTemplateSpec{...}'));
  append(errs, immutable(spec.completionMode, oldSpec.completionMode, 'spec.completionMode', () => goValue.string(spec.completionMode ?? '')));
  append(errs, immutable(spec.podFailurePolicy, oldSpec.podFailurePolicy, 'spec.podFailurePolicy', () => 'batch.PodFailurePolicy{...}'));
  append(errs, immutable(spec.backoffLimitPerIndex, oldSpec.backoffLimitPerIndex, 'spec.backoffLimitPerIndex', () => String(spec.backoffLimitPerIndex ?? 'null')));
  append(errs, immutable(spec.managedBy, oldSpec.managedBy, 'spec.managedBy', () => goValue.string(spec.managedBy ?? '')));
  append(errs, immutable(spec.successPolicy, oldSpec.successPolicy, 'spec.successPolicy', () => 'batch.SuccessPolicy{...}'));
  return errs;
}

function immutable(value: unknown, old: unknown, path: string, render: () => string): Errs {
  return semanticEqual(value ?? null, old ?? null) ? [] : [fieldError.invalid(path, value == null ? 'null' : render(), FIELD_IMMUTABLE)];
}

/** validatePodTemplateUpdate with AllowMutableSchedulingDirectives: the old template takes the new one's scheduling fields. */
function withSchedulingOf(old: Spec['template'], next: Spec['template']): Spec['template'] {
  const affinity = next.spec?.affinity ? { ...(old.spec?.affinity ?? {}), nodeAffinity: next.spec.affinity.nodeAffinity } : old.spec?.affinity && Object.keys(old.spec.affinity).every((k) => k === 'nodeAffinity') ? undefined : old.spec?.affinity;
  return {
    ...old,
    metadata: { ...old.metadata, labels: next.metadata?.labels, annotations: next.metadata?.annotations },
    spec: { ...old.spec!, affinity, nodeSelector: next.spec?.nodeSelector, tolerations: next.spec?.tolerations, schedulingGates: next.spec?.schedulingGates },
  };
}

/** validateCompletions: immutable, except for Indexed Jobs changed together with parallelism (ElasticIndexedJob, GA). */
function validateCompletionsUpdate(spec: Spec, old: Spec): Errs {
  if (spec.completionMode !== 'Indexed') return immutable(spec.completions, old.completions, 'spec.completions', () => String(spec.completions));
  if (semanticEqual(spec.completions ?? null, old.completions ?? null) || spec.completions == null) return [];
  return spec.completions !== spec.parallelism ? [fieldError.invalid('spec.completions', String(spec.completions), 'can only be modified in tandem with spec.parallelism')] : [];
}

/** validateGeneratedSelector: the generated labels on the template, and a selector that selects them. */
/**
 * A generated selector's label on the template, or an error. (A module function rather than a
 * closure: tsx's keepNames makes every named closure cost a defineProperty per call.)
 */
function hasLabel(errs: Errs, labels: Record<string, string> | undefined, key: string, want: string): void {
  const got = labels?.[key];
  if (got === undefined) errs.push(fieldError.required(`spec.template.metadata.labels[${key}]`, `must be '${want}'`));
  else if (got !== want) errs.push(fieldError.invalid(`spec.template.metadata.labels[${key}]`, goValue.stringMap(labels), `must be '${want}'`));
}

function validateGeneratedSelector(job: Job, requirePrefixed: boolean, selector: Selector | undefined): Errs {
  const spec = job.spec;
  if (spec?.manualSelector || spec?.selector == null) return [];
  const errs: Errs = [];
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  if (!uid) errs.push(fieldError.required('metadata.uid'));
  const labels = spec.template?.metadata?.labels;
  hasLabel(errs, labels, LEGACY_CONTROLLER_UID_LABEL, uid);
  hasLabel(errs, labels, LEGACY_JOB_NAME_LABEL, name);
  const expected: Record<string, string> = {};
  if (requirePrefixed) {
    hasLabel(errs, labels, CONTROLLER_UID_LABEL, uid);
    hasLabel(errs, labels, JOB_NAME_LABEL, name);
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  if (selector && !selector.matches(expected)) errs.push(fieldError.invalid('spec.selector', goValue.labelSelector(spec.selector), '`selector` not auto-generated'));
  return errs;
}

/** ValidateJobSpec: validateJobSpec, a required valid selector, and one that matches the template. */
function validateJobSpecWithSelector(spec: Spec, path: string, selector = trySelector(spec.selector as LabelSelector | undefined)): Errs {
  const errs = validateJobSpec(spec, path);
  if (spec.selector == null) errs.push(fieldError.required(`${path}.selector`));
  else append(errs, validateLabelSelector(spec.selector as LabelSelector, `${path}.selector`, false));
  const labels = spec.template?.metadata?.labels;
  if (selector && !selector.matches(labels as Record<string, string> | undefined)) {
    errs.push(fieldError.invalid(`${path}.template.metadata.labels`, goValue.stringMap(labels), '`selector` does not match template `labels`'));
  }
  return errs;
}

const NONNEGATIVE_JOB_FIELDS = ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'] as const;

/** validateJobSpec: numbers, completion mode, policies, the pod template and its restartPolicy. */
function validateJobSpec(spec: Spec, path: string): Errs {
  const errs: Errs = [];
  for (const f of NONNEGATIVE_JOB_FIELDS) {
    if (spec[f] != null && spec[f]! < 0) append(errs, validateNonnegative(spec[f]!, `${path}.${f}`));
    if (f === 'maxFailedIndexes' && spec.maxFailedIndexes != null && spec.backoffLimitPerIndex == null) {
      errs.push(fieldError.required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
    }
  }
  const mode = spec.completionMode;
  if (mode != null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(fieldError.notSupported(`${path}.completionMode`, goValue.string(mode), ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (spec.completions == null) errs.push(fieldError.required(`${path}.completions`, 'when completion mode is Indexed'));
      if (spec.parallelism != null && spec.parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB) {
        errs.push(fieldError.invalid(`${path}.parallelism`, String(spec.parallelism), `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`));
      }
      if (spec.completions != null && spec.maxFailedIndexes != null && spec.maxFailedIndexes > spec.completions) {
        errs.push(fieldError.invalid(`${path}.maxFailedIndexes`, String(spec.maxFailedIndexes), 'must be less than or equal to completions'));
      }
      if (spec.maxFailedIndexes != null && spec.maxFailedIndexes > MAX_FAILED_INDEXES_FOR_INDEXED_JOB) {
        errs.push(fieldError.invalid(`${path}.maxFailedIndexes`, String(spec.maxFailedIndexes), `must be less than or equal to ${MAX_FAILED_INDEXES_FOR_INDEXED_JOB}`));
      }
      if (spec.completions != null && spec.completions > COMPLETIONS_SOFT_LIMIT && spec.backoffLimitPerIndex != null) {
        const when = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (spec.maxFailedIndexes == null) errs.push(fieldError.required(`${path}.maxFailedIndexes`, `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
        if (spec.parallelism != null && spec.parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) errs.push(fieldError.invalid(`${path}.parallelism`, String(spec.parallelism), `must be less than or equal to ${PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} ${when}`));
        if (spec.maxFailedIndexes != null && spec.maxFailedIndexes > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS) errs.push(fieldError.invalid(`${path}.maxFailedIndexes`, String(spec.maxFailedIndexes), `must be less than or equal to ${MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} ${when}`));
      }
    }
  }
  if (mode == null || mode === 'NonIndexed') {
    if (spec.backoffLimitPerIndex != null) errs.push(fieldError.invalid(`${path}.backoffLimitPerIndex`, String(spec.backoffLimitPerIndex), 'requires indexed completion mode'));
    if (spec.maxFailedIndexes != null) errs.push(fieldError.invalid(`${path}.maxFailedIndexes`, String(spec.maxFailedIndexes), 'requires indexed completion mode'));
  }
  if (spec.podFailurePolicy != null) append(errs, validatePodFailurePolicy(spec, `${path}.podFailurePolicy`));
  if (spec.successPolicy != null) {
    if (mode !== 'Indexed') errs.push(fieldError.invalid(`${path}.successPolicy`, 'batch.SuccessPolicy{...}', 'requires indexed completion mode'));
    else append(errs, validateSuccessPolicy(spec, `${path}.successPolicy`));
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement != null) {
    if (spec.podFailurePolicy != null && replacement !== 'Failed') errs.push(fieldError.notSupported(`${path}.podReplacementPolicy`, goValue.string(replacement), ['Failed']));
    else if (spec.podFailurePolicy == null && replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      errs.push(fieldError.notSupported(`${path}.podReplacementPolicy`, goValue.string(replacement), ['Failed', 'TerminatingOrFailed']));
    }
  }
  append(errs, validatePodTemplateSpec((spec.template ?? {}) as PodTemplateSpec, `${path}.template`));
  // restartPolicy defaults to Always, so Always and "" both read as "not chosen" here.
  const restart = spec.template?.spec?.restartPolicy ?? '';
  const restartPath = `${path}.template.spec.restartPolicy`;
  if (restart === 'Always' || restart === '') errs.push(fieldError.required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never') errs.push(fieldError.notSupported(restartPath, goValue.string(restart), ['OnFailure', 'Never']));
  else if (spec.podFailurePolicy != null && restart !== 'Never') errs.push(fieldError.invalid(restartPath, goValue.string(restart), 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function validatePodFailurePolicy(spec: Spec, path: string): Errs {
  const errs: Errs = [];
  const rules = spec.podFailurePolicy!.rules ?? [];
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) errs.push({ field: `${path}.rules`, type: 'Too many', detail: `${rules.length}: must have at most ${MAX_POD_FAILURE_POLICY_RULES} items` });
  const containerNames = new Set([...(spec.template?.spec?.containers ?? []), ...(spec.template?.spec?.initContainers ?? [])].map((c) => c.name));
  rules.forEach((rule, i) => {
    const rulePath = `${path}.rules[${i}]`;
    if (!rule.action) errs.push(fieldError.required(`${rulePath}.action`, `valid values: [${POD_FAILURE_POLICY_ACTIONS.map((a) => JSON.stringify(a)).join(' ')}]`));
    else if (rule.action === 'FailIndex') {
      if (spec.backoffLimitPerIndex == null) errs.push(fieldError.invalid(`${rulePath}.action`, goValue.string(rule.action), 'requires the backoffLimitPerIndex to be set'));
    } else if (!POD_FAILURE_POLICY_ACTIONS.includes(rule.action)) errs.push(fieldError.notSupported(`${rulePath}.action`, goValue.string(rule.action), POD_FAILURE_POLICY_ACTIONS));
    const codes = rule.onExitCodes;
    if (codes) {
      const p = `${rulePath}.onExitCodes`;
      if (!codes.operator) errs.push(fieldError.required(`${p}.operator`, 'valid values: ["In" "NotIn"]'));
      else if (codes.operator !== 'In' && codes.operator !== 'NotIn') errs.push(fieldError.notSupported(`${p}.operator`, goValue.string(codes.operator), ['In', 'NotIn']));
      if (codes.containerName != null && !containerNames.has(codes.containerName)) {
        errs.push(fieldError.invalid(`${p}.containerName`, goValue.string(codes.containerName), 'must be one of the container or initContainer names in the pod template'));
      }
      const values = codes.values ?? [];
      if (values.length === 0) errs.push(fieldError.invalid(`${p}.values`, '[]int32{}', 'at least one value is required'));
      else if (values.length > MAX_ON_EXIT_CODES_VALUES) errs.push({ field: `${p}.values`, type: 'Too many', detail: `${values.length}: must have at most ${MAX_ON_EXIT_CODES_VALUES} items` });
      const seen = new Set<number>();
      values.forEach((v, j) => {
        if (codes.operator === 'In' && v === 0) errs.push(fieldError.invalid(`${p}.values[${j}]`, '0', 'must not be 0 for the In operator'));
        if (seen.has(v)) errs.push(fieldError.duplicate(`${p}.values[${j}]`, String(v)));
        seen.add(v);
      });
      if (values.some((v, j) => j > 0 && values[j - 1] > v)) errs.push(fieldError.invalid(`${p}.values`, `[]int32{${values.join(', ')}}`, 'must be ordered'));
    }
    const patterns = rule.onPodConditions ?? [];
    patterns.forEach((pattern, j) => {
      const p = `${rulePath}.onPodConditions[${j}]`;
      for (const msg of isQualifiedName(pattern.type ?? '')) errs.push(fieldError.invalid(`${p}.type`, goValue.string(pattern.type ?? ''), msg));
      if (!pattern.status) errs.push(fieldError.required(`${p}.status`, 'valid values: ["False" "True" "Unknown"]'));
      else if (!['False', 'True', 'Unknown'].includes(pattern.status)) errs.push(fieldError.notSupported(`${p}.status`, goValue.string(pattern.status), ['False', 'True', 'Unknown']));
    });
    if (patterns.length > MAX_ON_POD_CONDITIONS_PATTERNS) errs.push({ field: `${rulePath}.onPodConditions`, type: 'Too many', detail: `${patterns.length}: must have at most ${MAX_ON_POD_CONDITIONS_PATTERNS} items` });
    // field.OmitValueType: the error prints no value, only the detail.
    if (codes && patterns.length > 0) errs.push({ field: rulePath, type: 'Invalid value', value: 'specifying both OnExitCodes and OnPodConditions is not supported' });
    if (!codes && patterns.length === 0) errs.push({ field: rulePath, type: 'Invalid value', value: 'specifying one of OnExitCodes and OnPodConditions is required' });
  });
  return errs;
}

function validateSuccessPolicy(spec: Spec, path: string): Errs {
  const errs: Errs = [];
  const rules = spec.successPolicy!.rules ?? [];
  if (rules.length === 0) errs.push(fieldError.required(`${path}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_POLICY_RULES) errs.push({ field: `${path}.rules`, type: 'Too many', detail: `${rules.length}: must have at most ${MAX_SUCCESS_POLICY_RULES} items` });
  const completions = spec.completions ?? 0;
  rules.forEach((rule, i) => {
    const rulePath = `${path}.rules[${i}]`;
    if (rule.succeededCount == null && rule.succeededIndexes == null) errs.push(fieldError.required(rulePath, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (rule.succeededIndexes != null) {
      const p = `${rulePath}.succeededIndexes`;
      if (rule.succeededIndexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) errs.push(fieldError.tooLong(p, `may not be more than ${MAX_SUCCEEDED_INDEXES_LENGTH} bytes`));
      const parsed = parseIndexes(rule.succeededIndexes, completions);
      if (typeof parsed === 'string') errs.push(fieldError.invalid(p, goValue.string(rule.succeededIndexes), `error parsing succeededIndexes: ${parsed}`));
      else total = parsed;
    }
    if (rule.succeededCount != null) {
      const p = `${rulePath}.succeededCount`;
      append(errs, validateNonnegative(rule.succeededCount, p));
      if (rule.succeededCount > completions) errs.push(fieldError.invalid(p, String(rule.succeededCount), `must be less than or equal to ${completions} (the number of specified completions)`));
      if (rule.succeededIndexes != null && rule.succeededCount > total) {
        errs.push(fieldError.invalid(p, String(rule.succeededCount), `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errs;
}

/** validateIndexesFormat: ordered, non-overlapping `a` or `a-b` intervals below completions; the count, or the error. */
function parseIndexes(text: string, completions: number): number | string {
  let total = 0;
  let prev = -1;
  for (const part of text.split(',')) {
    const limits = part.split('-');
    if (limits.length > 2) return `the fragment "${part}" violates the requirement that an index interval can have at most two parts separated by '-'`;
    const nums = limits.map((l) => (/^[+-]?\d+$/.test(l) ? Number(l) : NaN));
    if (nums.some(Number.isNaN)) return `cannot convert string to integer for index: "${limits.find((l, k) => Number.isNaN(nums[k]))}"`;
    const [first, last = first] = nums;
    if (first >= completions || last >= completions) return `too large index: "${first >= completions ? first : last}"`;
    if (first <= prev) return `non-increasing order, previous: ${prev}, current: ${first}`;
    if (first > last) return `non-increasing order, previous: ${first}, current: ${last}`;
    total += last - first + 1;
    prev = last;
  }
  return total;
}

// ---- CronJob validation ---------------------------------------------------------------------------

/** ValidateCronJobCreate: metadata, the spec, and a name short enough for the Jobs' suffix. */
export function validateCronJobCreate(cj: CronJob): Errs {
  const errs = validateObjectMeta(cj.metadata ?? {}, nameIsDNSSubdomain);
  append(errs, validateCronJobSpec(cj.spec, undefined));
  const name = cj.metadata?.name ?? '';
  if (name.length > CRONJOB_NAME_MAX_LENGTH) errs.push(fieldError.invalid('metadata.name', goValue.string(name), `must be no more than ${CRONJOB_NAME_MAX_LENGTH} characters`));
  return errs;
}

/** ValidateCronJobUpdate: no name-length limit, so that old long names can still be changed. */
export function validateCronJobUpdate(cj: CronJob, old: CronJob): Errs {
  return [...validateObjectMetaUpdate(cj.metadata ?? {}, old.metadata ?? {}), ...validateCronJobSpec(cj.spec, old.spec)];
}

function validateCronJobSpec(spec: CronJob['spec'] | undefined, old: CronJob['spec'] | undefined): Errs {
  const errs: Errs = [];
  const schedule = spec?.schedule ?? '';
  if (schedule.length === 0) errs.push(fieldError.required('spec.schedule'));
  else append(errs, validateScheduleFormat(schedule, old?.schedule.includes('TZ') ?? false, spec?.timeZone));
  if (spec?.startingDeadlineSeconds != null) append(errs, validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (old === undefined || old.timeZone !== spec?.timeZone) append(errs, validateTimeZone(spec?.timeZone));
  const policy = spec?.concurrencyPolicy ?? '';
  if (policy === '') errs.push(fieldError.required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) errs.push(fieldError.notSupported('spec.concurrencyPolicy', goValue.string(policy), ['Allow', 'Forbid', 'Replace']));
  // ValidateJobTemplateSpec: the selector is always generated for the Jobs.
  const jobSpec = (spec?.jobTemplate?.spec ?? {}) as Spec;
  append(errs, validateJobSpec(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec.selector != null) errs.push(fieldError.invalid('spec.jobTemplate.spec.selector', goValue.labelSelector(jobSpec.selector as LabelSelector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector) errs.push(fieldError.notSupported('spec.jobTemplate.spec.manualSelector', 'true', ['nil', 'false']));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    if (spec?.[f] != null) append(errs, validateNonnegative(spec[f]!, `spec.${f}`));
  }
  return errs;
}

/** validateScheduleFormat: robfig's parse error, and TZ inside the schedule refused (allowed only if it was there before). */
function validateScheduleFormat(schedule: string, allowTzInSchedule: boolean, timeZone: string | undefined): Errs {
  const errs: Errs = [];
  try {
    parseStandard(schedule);
  } catch (e) {
    errs.push(fieldError.invalid('spec.schedule', goValue.string(schedule), (e as Error).message));
  }
  if (allowTzInSchedule && schedule.includes('TZ') && timeZone != null) {
    errs.push(fieldError.invalid('spec.schedule', goValue.string(schedule), 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTzInSchedule && schedule.includes('TZ')) {
    errs.push(fieldError.invalid('spec.schedule', goValue.string(schedule), 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

/** validateTimeZone: an explicit IANA name that this apiserver can load. */
function validateTimeZone(timeZone: string | undefined): Errs {
  if (timeZone == null) return [];
  const value = goValue.string(timeZone);
  if (timeZone.length === 0) return [fieldError.invalid('spec.timeZone', value, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !VALID_TIME_ZONE_CHARACTERS.test(part)) {
      return [fieldError.invalid('spec.timeZone', value, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: Errs = [];
  if (timeZone.toLowerCase() === 'local') errs.push(fieldError.invalid('spec.timeZone', value, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  const loaded = loadLocation(timeZone);
  if (typeof loaded === 'string') errs.push(fieldError.invalid('spec.timeZone', value, loaded));
  return errs;
}
