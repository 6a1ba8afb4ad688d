// The apiserver's validation for the kinds we serve: what `Validate` and `ValidateUpdate` of each
// registry strategy return, with upstream's field paths, messages, value rendering and order, so
// a joined message reads exactly like v1.32's. Sources: k8s.io/kubernetes pkg/apis/core/validation/
// validation.go (pods), pkg/apis/apps/validation/validation.go (workloads), the registry
// strategies in pkg/registry/{core/pod,apps/*}/strategy.go, and apimachinery's
// pkg/api/validation/objectmeta.go.
//
// Deliberate differences: Go map iteration is random, we take map keys in sorted order; the
// pod-update Forbidden message stops before its cmp.Diff, whose output Go randomises on purpose;
// and only the PodSpec fields a simulated cluster acts on are checked (no security contexts,
// affinity, dnsConfig, topology spread, per-volume-type details).
import { invalidError, type ApiError, type FieldError } from '../errors.ts';
import type { Container, CronJob, DaemonSet, Deployment, Job, KubeObject, LabelSelector, ObjectMeta, Pod, PodSpec, PodTemplateSpec, Probe, ReplicaSet, Toleration } from './types.ts';
import {
  byteLength,
  fieldError,
  goValue,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  regexError,
  selectorFromLabelSelector,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  type Selector,
} from './labels.ts';
import { validateCronJobCreate, validateCronJobUpdate, validateJob, validateJobUpdate } from './batch.ts';
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from './quantity.ts';
import { Memo } from '../util/memo.ts';

type Errs = FieldError[];
type IntOrString = number | string;
type ContainerPort = NonNullable<Container['ports']>[number];
type Volume = NonNullable<PodSpec['volumes']>[number];
type LifecycleHandler = NonNullable<NonNullable<Container['lifecycle']>['postStart']>;

// ---- shared helpers -------------------------------------------------------------------------

// The values a few enum fields may take, kept as constants (their NotSupported errors list them as upstream prints them).
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];
const PULL_POLICIES: readonly string[] = ['Always', 'IfNotPresent', 'Never'];
const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const RESTART_POLICIES: readonly string[] = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES: readonly string[] = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES: readonly string[] = ['PreemptLowerPriority', 'Never'];

const IS_NEGATIVE_ERROR = 'must be greater than or equal to 0'; // apimachinery validation.IsNegativeErrorMsg
const FIELD_IMMUTABLE = 'field is immutable'; // apimachinery validation.FieldImmutableErrorMsg
const MAX_INT32 = 2147483647;
const SLASH = 47; // '/'

/**
 * `errs.push(...more)` without the spread call: most checks find nothing, and a spread call costs
 * the same for an empty list.
 */
export function append(errs: Errs, more: readonly FieldError[]): void {
  for (let i = 0; i < more.length; i++) errs.push(more[i]);
}

/** ValidateNonnegativeField: the value is an int64, printed with `%v`. */
export function validateNonnegative(value: number | undefined, path: string): Errs {
  return (value ?? 0) < 0 ? [fieldError.invalid(path, String(value), IS_NEGATIVE_ERROR)] : [];
}

/** validation.InclusiveRangeError. */
const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

/** NameIsDNSSubdomain: a generateName prefix may end in '-' (maskTrailingDash). */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix && name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name);
}

function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix && name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name);
}

/**
 * apiequality.Semantic.DeepEqual on the JSON form: an absent field equals its zero value, and
 * empty slices and maps equal nil ones.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const zero = (v: unknown): boolean =>
    v === undefined || v === null || v === false || v === '' || v === 0 || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).every((k) => zero(v[k])));
  if (zero(a) && zero(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => semanticEqual(v, b[i]));
  if (isObject(a) && isObject(b)) return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => semanticEqual(a[k], b[k]));
  return a === b;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- ObjectMeta (apimachinery pkg/api/validation/objectmeta.go) ------------------------------

type NameFn = (name: string, prefix: boolean) => string[];

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']); // core helper.IsStandardFinalizerName
const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * (1 << 10);
const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * Whether a key is a valid qualified name in lower case (isQualifiedName finds nothing), and whether
 * a name is one as it is, by key: the same few annotation keys and finalizers come on every write.
 */
const QUALIFIED_NAMES_REMEMBERED = 4096;
const lowerCaseQualified = new Memo<boolean>(QUALIFIED_NAMES_REMEMBERED, (key) => isQualifiedName(key.toLowerCase()).length === 0);
const qualified = new Memo<boolean>(QUALIFIED_NAMES_REMEMBERED, (name) => isQualifiedName(name).length === 0);

/** ValidateAnnotations: keys are qualified names, compared in lower case; 256 KiB in total. */
function validateAnnotations(annotations: Record<string, string> | undefined, path: string): Errs {
  const errs: Errs = [];
  if (annotations === undefined) return errs;
  // Most often every key is valid and the total far below the limit (a UTF-16 unit takes at most
  // three bytes in UTF-8): then there is nothing to report, found without sorting or measuring bytes.
  let chars = 0;
  let keysValid = true;
  for (const key in annotations) {
    if (!lowerCaseQualified.get(key)) {
      keysValid = false;
      break;
    }
    chars += key.length + String(annotations[key]).length;
  }
  if (keysValid && chars * 3 <= TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) return errs;
  let size = 0;
  for (const key of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(fieldError.invalid(path, goValue.string(key), msg));
    size += byteLength(key) + byteLength(String(annotations![key]));
  }
  // The wording of field.TooLong in v1.32 (it became "may not be more than" later).
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errs.push(fieldError.tooLong(path, `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes`));
  return errs;
}

function validateOwnerReferences(meta: ObjectMeta, path: string): Errs {
  const errs: Errs = [];
  const refs = meta.ownerReferences;
  if (refs == null) return errs;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    // The part after the last '/' (all of it without one) is empty when the text is or ends in '/'.
    const apiVersion = ref.apiVersion ?? '';
    if (apiVersion.length === 0 || apiVersion.charCodeAt(apiVersion.length - 1) === SLASH) errs.push(fieldError.invalid(`${path}.apiVersion`, goValue.string(ref.apiVersion ?? ''), 'version must not be empty'));
    if (!ref.kind) errs.push(fieldError.invalid(`${path}.kind`, goValue.string(''), 'must not be empty'));
    if (!ref.name) errs.push(fieldError.invalid(`${path}.name`, goValue.string(''), 'must not be empty'));
    if (!ref.uid) errs.push(fieldError.invalid(`${path}.uid`, goValue.string(''), 'must not be empty'));
  }
  return errs;
}

/** ValidateFinalizers: qualified names, and orphan and foregroundDeletion never together. */
function validateFinalizers(finalizers: string[], path: string): Errs {
  const errs: Errs = [];
  for (let i = 0; i < finalizers.length; i++) {
    const f = finalizers[i];
    if (!qualified.get(f)) for (const msg of isQualifiedName(f)) errs.push(fieldError.invalid(path, goValue.string(f), msg));
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(fieldError.invalid(path, goValue.stringSlice(finalizers), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

/** core validateKubeFinalizerName: an unqualified finalizer must be one of the standard ones. */
function validateKubeFinalizerNames(finalizers: string[], path: string): Errs {
  const errs: Errs = [];
  for (let i = 0; i < finalizers.length; i++) {
    const f = finalizers[i];
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) errs.push(fieldError.invalid(`${path}[${i}]`, goValue.string(f), 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

/**
 * The labels last found valid, as their keys and values in order. A Job's labels, its template's
 * and its pods' are the same: validateLabels finds nothing in labels of the same keys and values
 * (its answer depends on nothing else), checked by comparing strings instead of by patterns.
 */
let validLabels: string[] = [];

/** Whether `labels` holds just the labels last found valid (else checks them, remembering them if valid). */
export function knownValidLabels(labels: Record<string, string> | undefined | null): boolean {
  if (labels == null) return false;
  let n = 0;
  let same = true;
  for (const key in labels) {
    if (n >= validLabels.length || validLabels[n] !== key || validLabels[n + 1] !== labels[key]) {
      same = false;
      break;
    }
    n += 2;
  }
  if (same && n === validLabels.length) return true;
  if (validateLabels(labels, '').length > 0) return false;
  // Only string values are remembered (the comparison above is by ===).
  let count = 0;
  for (const key in labels) {
    if (typeof labels[key] !== 'string') return true;
    count += 2;
  }
  // Written over the last list when it has the length (most labels have the same keys), else a new one at its length.
  const kept = validLabels.length === count ? validLabels : new Array<string>(count);
  let at = 0;
  for (const key in labels) {
    kept[at++] = key;
    kept[at++] = labels[key];
  }
  validLabels = kept;
  return true;
}

/** Forgets the labels found valid (for tests that compare with checking afresh). */
export function forgetValidLabels(): void {
  validLabels = [];
}

/** The namespace last found a valid DNS label: objects are created in the same few namespaces. */
let validNamespace: string | undefined;

/** An Invalid error at `path` for each message about `value`. */
function invalidWith(errs: Errs, path: string, value: string, messages: readonly string[]): void {
  for (let i = 0; i < messages.length; i++) errs.push(fieldError.invalid(path, goValue.string(value), messages[i]));
}

/**
 * core ValidateObjectMeta on create. The store has already generated the name from
 * generateName, as BeforeCreate does, and owns generation, so neither is checked here.
 */
export function validateObjectMeta(meta: ObjectMeta, nameFn: NameFn): Errs {
  const errs: Errs = [];
  if (meta.generateName) invalidWith(errs, 'metadata.generateName', meta.generateName, nameFn(meta.generateName, true));
  if (!meta.name) errs.push(fieldError.required('metadata.name', 'name or generateName is required'));
  else invalidWith(errs, 'metadata.name', meta.name, nameFn(meta.name, false));
  if (!meta.namespace) errs.push(fieldError.required('metadata.namespace'));
  else if (meta.namespace !== validNamespace) {
    const messages = nameIsDNSLabel(meta.namespace, false);
    if (messages.length === 0) validNamespace = meta.namespace;
    else invalidWith(errs, 'metadata.namespace', meta.namespace, messages);
  }
  if (!knownValidLabels(meta.labels)) append(errs, validateLabels(meta.labels, 'metadata.labels'));
  append(errs, validateAnnotations(meta.annotations, 'metadata.annotations'));
  append(errs, validateOwnerReferences(meta, 'metadata.ownerReferences'));
  if (meta.finalizers?.length) {
    append(errs, validateFinalizers(meta.finalizers, 'metadata.finalizers'));
    append(errs, validateKubeFinalizerNames(meta.finalizers, 'metadata.finalizers'));
  }
  return errs;
}

/**
 * core ValidateObjectMetaUpdate. The store keeps name, namespace, uid, timestamps and
 * resourceVersion consistent itself, so of the immutable fields only finalizers need checking.
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta): Errs {
  const errs: Errs = [];
  if (old.deletionTimestamp) {
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (added.length > 0) {
      errs.push(fieldError.forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${goValue.stringSlice(added)}`));
    }
  }
  append(errs, validateLabels(meta.labels, 'metadata.labels'));
  append(errs, validateAnnotations(meta.annotations, 'metadata.annotations'));
  append(errs, validateOwnerReferences(meta, 'metadata.ownerReferences'));
  append(errs, validateKubeFinalizerNames(meta.finalizers ?? [], 'metadata.finalizers'));
  return errs;
}

/**
 * ValidatePodSpecificAnnotations: a mirror pod needs a node, and pod-deletion-cost must be an
 * int32 without a sign or leading zeros (helper.GetDeletionCostFromPodAnnotations).
 */
function validatePodSpecificAnnotations(annotations: Record<string, string> | undefined, spec: PodSpec, path: string): Errs {
  const errs: Errs = [];
  const mirror = annotations?.['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !spec.nodeName) {
    errs.push(fieldError.invalid(`${path}[kubernetes.io/config.mirror]`, goValue.string(mirror), 'must set spec.nodeName if mirror pod annotation is set'));
  }
  const cost = annotations?.[POD_DELETION_COST];
  if (cost !== undefined) {
    const n = /^(-?[1-9][0-9]*|0)$/.test(cost) ? Number(cost) : NaN;
    if (!(n >= -(2 ** 31) && n < 2 ** 31)) errs.push(fieldError.invalid(`${path}[${POD_DELETION_COST}]`, goValue.string(cost), 'must be a 32bit integer'));
  }
  return errs;
}

// ---- PodSpec (pkg/apis/core/validation/validation.go ValidatePodSpec) ------------------------

/** The volume sources, in the order validateVolumeSource checks them, with the path it names. */
const VOLUME_SOURCES: ReadonlyArray<readonly [keyof Volume, string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'], // sic: upstream's path has this typo
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image' as keyof Volume, 'image'],
];

/** ValidateVolumes: names, exactly one source, and the required field of the common sources. */
function validateVolumes(volumes: Volume[], path: string): { names: Set<string>; errs: Errs } {
  const errs: Errs = [];
  const names = new Set<string>();
  volumes.forEach((vol, i) => {
    const idx = `${path}[${i}]`;
    const el: Errs = [];
    let count = 0;
    for (const [key, child] of VOLUME_SOURCES) {
      if (vol[key] == null) continue;
      if (count > 0) {
        el.push(fieldError.forbidden(`${idx}.${child}`, 'may not specify more than 1 volume type'));
        continue;
      }
      count++;
      if (key === 'hostPath' && !vol.hostPath?.path) el.push(fieldError.required(`${idx}.hostPath.path`));
      if (key === 'secret' && !vol.secret?.secretName) el.push(fieldError.required(`${idx}.secret.secretName`));
      if (key === 'configMap' && !vol.configMap?.name) el.push(fieldError.required(`${idx}.configMap.name`));
      if (key === 'persistentVolumeClaim' && !vol.persistentVolumeClaim?.claimName) el.push(fieldError.required(`${idx}.persistentVolumeClaim.claimName`));
    }
    if (count === 0) el.push(fieldError.required(idx, 'must specify a volume type'));
    if (!vol.name) el.push(fieldError.required(`${idx}.name`));
    else for (const msg of isDNS1123Label(vol.name)) el.push(fieldError.invalid(`${idx}.name`, goValue.string(vol.name), msg));
    if (names.has(vol.name)) el.push(fieldError.duplicate(`${idx}.name`, goValue.string(vol.name)));
    if (el.length === 0) names.add(vol.name);
    else append(errs, el);
  });
  return { names, errs };
}

/** validation.IsValidPortName. */
function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

const isValidPortNum = (port: number): string[] => (port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)]);

function validateContainerPorts(ports: ContainerPort[], path: string): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const idx = `${path}[${i}]`;
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) for (const msg of msgs) errs.push(fieldError.invalid(`${idx}.name`, goValue.string(port.name), msg));
      else if (names.has(port.name)) errs.push(fieldError.duplicate(`${idx}.name`, goValue.string(port.name)));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(fieldError.required(`${idx}.containerPort`));
    else for (const msg of isValidPortNum(port.containerPort)) errs.push(fieldError.invalid(`${idx}.containerPort`, String(port.containerPort), msg));
    if (port.hostPort) for (const msg of isValidPortNum(port.hostPort)) errs.push(fieldError.invalid(`${idx}.hostPort`, String(port.hostPort), msg));
    if (!port.protocol) errs.push(fieldError.required(`${idx}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(fieldError.notSupported(`${idx}.protocol`, goValue.string(port.protocol), ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

/**
 * ValidateEnv with the RelaxedEnvironmentVariableValidation gate on (beta, default on in v1.32):
 * any printable ASCII but '=' is allowed.
 */
function validateEnv(env: NonNullable<Container['env']>, path: string): Errs {
  const errs: Errs = [];
  env.forEach((ev, i) => {
    if (!ev.name) errs.push(fieldError.required(`${path}[${i}].name`));
    else if (!/^[\x20-\x7e]*$/.test(ev.name) || ev.name.includes('=')) {
      errs.push(fieldError.invalid(`${path}[${i}].name`, goValue.string(ev.name), "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
  });
  return errs;
}

function validateVolumeMounts(mounts: NonNullable<Container['volumeMounts']>, volumes: Set<string>, path: string): Errs {
  const errs: Errs = [];
  const mountPoints = new Set<string>();
  mounts.forEach((mnt, i) => {
    const idx = `${path}[${i}]`;
    if (!mnt.name) errs.push(fieldError.required(`${idx}.name`));
    if (!volumes.has(mnt.name)) errs.push(fieldError.notFound(`${idx}.name`, goValue.string(mnt.name ?? '')));
    if (!mnt.mountPath) errs.push(fieldError.required(`${idx}.mountPath`));
    if (mountPoints.has(mnt.mountPath)) errs.push(fieldError.invalid(`${idx}.mountPath`, goValue.string(mnt.mountPath), 'must be unique'));
    mountPoints.add(mnt.mountPath);
  });
  return errs;
}

// Resource names (core helper): standardResources, IsStandardContainerResourceName, IsNativeResource.
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePages(name);
const isExtendedResourceName = (name: string): boolean => !isNativeResource(name) && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0;

/** validateContainerResourceName (validateResourceName first). */
function validateContainerResourceName(name: string, path: string): Errs {
  const errs = isQualifiedName(name).map((msg) => fieldError.invalid(path, goValue.string(name), msg));
  const singleSegment = !name.includes('/');
  if (errs.length === 0 && singleSegment && !STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
    errs.push(fieldError.invalid(path, goValue.string(name), 'must be a standard resource type or fully qualified'));
  }
  if (singleSegment) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name)) errs.push(fieldError.invalid(path, goValue.string(name), 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(fieldError.invalid(path, goValue.string(name), "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** validateResourceRequirements: names, non-negative quantities, requests ≤ limits. */
// The two helpers of validateResources are module functions rather than closures in it: tsx's
// keepNames makes every named closure cost a defineProperty per call.
function quantity(raw: unknown): Quantity | undefined {
  try {
    return parseQuantity(raw as string);
  } catch {
    return undefined; // The decoder refuses an unparseable quantity before validation runs.
  }
}

function nonNegative(q: Quantity | undefined, p: string): Errs {
  return q && q.value < 0n ? [fieldError.invalid(p, goValue.string(formatQuantity(q)), IS_NEGATIVE_ERROR)] : [];
}

function validateResources(resources: Container['resources'], path: string): Errs {
  const errs: Errs = [];
  if (resources?.limits === undefined && resources?.requests === undefined) return errs;
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  let hasCpuOrMemory = false;
  let hasHugePages = false;
  for (const name of Object.keys(limits).sort()) {
    const p = `${path}.limits[${name}]`;
    errs.push(...validateContainerResourceName(name, p), ...nonNegative(quantity(limits[name]), p));
    hasHugePages ||= isHugePages(name);
    hasCpuOrMemory ||= name === 'cpu' || name === 'memory';
  }
  for (const name of Object.keys(requests).sort()) {
    const p = `${path}.requests[${name}]`;
    const request = quantity(requests[name]);
    errs.push(...validateContainerResourceName(name, p), ...nonNegative(request, p));
    const limit = Object.hasOwn(limits, name) ? quantity(limits[name]) : undefined;
    if (request && limit) {
      const cmp = compareQuantities(request, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(fieldError.invalid(`${path}.requests`, goValue.string(formatQuantity(request)), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (cmp > 0) {
        errs.push(fieldError.invalid(`${path}.requests`, goValue.string(formatQuantity(request)), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!Object.hasOwn(limits, name) && !isOvercommitAllowed(name)) {
      errs.push(fieldError.required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    }
    hasHugePages ||= isHugePages(name);
    hasCpuOrMemory ||= name === 'cpu' || name === 'memory';
  }
  if (hasHugePages && !hasCpuOrMemory) errs.push(fieldError.forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

/** ValidatePortNumOrName on an IntOrString port. */
function validatePortNumOrName(port: IntOrString | undefined, path: string): Errs {
  if (typeof port === 'string') return isValidPortName(port).map((msg) => fieldError.invalid(path, goValue.string(port), msg));
  return isValidPortNum(port ?? 0).map((msg) => fieldError.invalid(path, String(port ?? 0), msg));
}

/** validateHandler: exactly one of the handler types. */
function validateHandler(handler: Probe | LifecycleHandler, gracePeriodSeconds: number | undefined, path: string): Errs {
  const errs: Errs = [];
  let count = 0;
  const one = (present: unknown, child: string, check: () => Errs): void => {
    if (present == null) return;
    if (count > 0) {
      errs.push(fieldError.forbidden(`${path}.${child}`, 'may not specify more than 1 handler type'));
      return;
    }
    count++;
    append(errs, check());
  };
  one(handler.exec, 'exec', () => (handler.exec?.command?.length ? [] : [fieldError.required(`${path}.exec.command`)]));
  one(handler.httpGet, 'httpGet', () => {
    const http = handler.httpGet!;
    const e: Errs = [];
    if (!http.path) e.push(fieldError.required(`${path}.httpGet.path`));
    e.push(...validatePortNumOrName(http.port, `${path}.httpGet.port`));
    if (!['HTTP', 'HTTPS'].includes(http.scheme ?? '')) e.push(fieldError.notSupported(`${path}.httpGet.scheme`, goValue.string(http.scheme ?? ''), ['HTTP', 'HTTPS']));
    for (const header of http.httpHeaders ?? []) {
      if (!/^[-A-Za-z0-9]+$/.test(header.name)) {
        e.push(fieldError.invalid(`${path}.httpGet.httpHeaders`, goValue.string(header.name), regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')));
      }
    }
    return e;
  });
  one(handler.tcpSocket, 'tcpSocket', () => validatePortNumOrName(handler.tcpSocket!.port, `${path}.tcpSocket.port`));
  one('grpc' in handler ? handler.grpc : undefined, 'grpc', () => validatePortNumOrName((handler as Probe).grpc!.port, `${path}.grpc.port`));
  one('sleep' in handler ? handler.sleep : undefined, 'sleep', () => {
    // PodLifecycleSleepActionAllowZero is alpha (off) in v1.32, so zero seconds is refused.
    const seconds = (handler as LifecycleHandler).sleep!.seconds ?? 0;
    if (gracePeriodSeconds === undefined || (seconds > 0 && seconds <= gracePeriodSeconds)) return [];
    return [
      fieldError.invalid(
        `${path}.sleep`,
        String(seconds),
        `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriodSeconds}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
      ),
    ];
  });
  if (count === 0) errs.push(fieldError.required(path, 'must specify a handler type'));
  return errs;
}

type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** validateProbe plus the liveness/readiness/startup specifics. */
function validateProbe(probe: Probe | undefined, kind: ProbeKind, gracePeriodSeconds: number | undefined, path: string): Errs {
  if (!probe) return [];
  const errs = validateHandler(probe, gracePeriodSeconds, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    append(errs, validateNonnegative(probe[f], `${path}.${f}`));
  }
  if (probe.terminationGracePeriodSeconds != null && probe.terminationGracePeriodSeconds <= 0) {
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, String(probe.terminationGracePeriodSeconds), 'must be greater than 0'));
  }
  if (kind !== 'readiness' && (probe.successThreshold ?? 0) !== 1) {
    errs.push(fieldError.invalid(`${path}.successThreshold`, String(probe.successThreshold ?? 0), 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds != null) {
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, String(probe.terminationGracePeriodSeconds), 'must not be set for readinessProbes'));
  }
  return errs;
}

/** validateContainerCommon: what regular and init containers share. */
function validateContainerCommon(ctr: Container, volumes: Set<string>, path: string): Errs {
  const errs: Errs = [];
  if (!ctr.name) errs.push(fieldError.required(`${path}.name`));
  else for (const msg of isDNS1123Label(ctr.name)) errs.push(fieldError.invalid(`${path}.name`, goValue.string(ctr.name), msg));
  if (!ctr.image) errs.push(fieldError.required(`${path}.image`));
  const policy = ctr.terminationMessagePolicy ?? '';
  if (policy === '') errs.push(fieldError.required(`${path}.terminationMessagePolicy`));
  else if (policy !== 'File' && policy !== 'FallbackToLogsOnError') {
    errs.push(fieldError.notSupported(`${path}.terminationMessagePolicy`, goValue.string(policy), ['File', 'FallbackToLogsOnError']));
  }
  // (Each check finds nothing in an empty list: it is skipped, with its path.)
  if (ctr.ports?.length) append(errs, validateContainerPorts(ctr.ports, `${path}.ports`));
  if (ctr.env?.length) append(errs, validateEnv(ctr.env, `${path}.env`));
  if (ctr.volumeMounts?.length) append(errs, validateVolumeMounts(ctr.volumeMounts, volumes, `${path}.volumeMounts`));
  const pull = ctr.imagePullPolicy ?? '';
  if (pull === '') errs.push(fieldError.required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(pull)) errs.push(fieldError.notSupported(`${path}.imagePullPolicy`, goValue.string(pull), ['Always', 'IfNotPresent', 'Never']));
  if (ctr.resources?.limits !== undefined || ctr.resources?.requests !== undefined) append(errs, validateResources(ctr.resources, `${path}.resources`));
  return errs;
}

function validateLifecycleAndProbes(ctr: Container, gracePeriodSeconds: number | undefined, path: string): Errs {
  const errs: Errs = [];
  if (ctr.lifecycle?.postStart) append(errs, validateHandler(ctr.lifecycle.postStart, gracePeriodSeconds, `${path}.lifecycle.postStart`));
  if (ctr.lifecycle?.preStop) append(errs, validateHandler(ctr.lifecycle.preStop, gracePeriodSeconds, `${path}.lifecycle.preStop`));
  append(errs, validateProbe(ctr.livenessProbe, 'liveness', gracePeriodSeconds, `${path}.livenessProbe`));
  append(errs, validateProbe(ctr.readinessProbe, 'readiness', gracePeriodSeconds, `${path}.readinessProbe`));
  append(errs, validateProbe(ctr.startupProbe, 'startup', gracePeriodSeconds, `${path}.startupProbe`));
  return errs;
}

function hasPorts(ctr: Container): boolean {
  return ctr.ports !== undefined && ctr.ports.length > 0;
}

/** checkHostPortConflicts: `protocol/hostIP/hostPort` must be unique across the containers. */
function checkHostPortConflicts(containers: Container[], path: string): Errs {
  const errs: Errs = [];
  if (!containers.some(hasPorts)) return errs;
  const seen = new Set<string>();
  containers.forEach((ctr, ci) =>
    (ctr.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(key)) errs.push(fieldError.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, goValue.string(key)));
      else seen.add(key);
    }),
  );
  return errs;
}

function validateContainers(containers: Container[], volumes: Set<string>, gracePeriodSeconds: number | undefined, path: string): Errs {
  if (containers.length === 0) return [fieldError.required(path)];
  const errs: Errs = [];
  const names = new Set<string>();
  for (let i = 0; i < containers.length; i++) {
    const ctr = containers[i];
    const p = `${path}[${i}]`;
    append(errs, validateContainerCommon(ctr, volumes, p));
    if (names.has(ctr.name)) errs.push(fieldError.duplicate(`${p}.name`, goValue.string(ctr.name)));
    else names.add(ctr.name);
    append(errs, validateLifecycleAndProbes(ctr, gracePeriodSeconds, p));
    if ((ctr as { restartPolicy?: string }).restartPolicy != null) errs.push(fieldError.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  }
  append(errs, checkHostPortConflicts(containers, path));
  return errs;
}

/** validateInitContainers: restartPolicy Always makes a sidecar, which may have probes. */
function validateInitContainers(inits: Container[], regular: Container[], volumes: Set<string>, gracePeriodSeconds: number | undefined, path: string): Errs {
  const errs: Errs = [];
  if (inits.length === 0) return errs;
  const names = new Set(regular.map((c) => c.name));
  inits.forEach((ctr, i) => {
    const p = `${path}[${i}]`;
    append(errs, validateContainerCommon(ctr, volumes, p));
    const restartPolicy = (ctr as { restartPolicy?: string }).restartPolicy;
    if (restartPolicy != null && restartPolicy !== 'Always') errs.push(fieldError.notSupported(`${p}.restartPolicy`, goValue.string(restartPolicy), ['Always']));
    if (names.has(ctr.name)) errs.push(fieldError.duplicate(`${p}.name`, goValue.string(ctr.name)));
    else if (ctr.name) names.add(ctr.name);
    append(errs, checkHostPortConflicts([ctr], path));
    if (restartPolicy === 'Always') {
      append(errs, validateLifecycleAndProbes(ctr, gracePeriodSeconds, p));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (ctr[f] != null) errs.push(fieldError.forbidden(`${p}.${f}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** ValidateTolerations. */
function validateTolerations(tolerations: Toleration[], path: string): Errs {
  const errs: Errs = [];
  for (let i = 0; i < tolerations.length; i++) {
    const t = tolerations[i];
    const idx = `${path}[${i}]`;
    const operator = t.operator ?? '';
    if (t.key) append(errs, validateLabelName(t.key, `${idx}.key`));
    if (!t.key && operator !== 'Exists') {
      errs.push(fieldError.invalid(`${idx}.operator`, goValue.string(operator), 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds != null && t.effect !== 'NoExecute') {
      errs.push(fieldError.invalid(`${idx}.effect`, goValue.string(t.effect ?? ''), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(t.value ?? '');
      if (msgs.length > 0) errs.push(fieldError.invalid(`${idx}.operator`, goValue.string(t.value ?? ''), msgs.join(';')));
    } else if (operator === 'Exists') {
      if (t.value) errs.push(fieldError.invalid(`${idx}.operator`, goValue.string(t.value), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(fieldError.notSupported(`${idx}.operator`, goValue.string(operator), ['Equal', 'Exists']));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) {
      errs.push(fieldError.notSupported(`${idx}.effect`, goValue.string(t.effect), ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    }
  }
  return errs;
}

/**
 * ValidatePodSpec. `isPod` is PodValidationOptions.ResourceIsPod: a template may leave a
 * host-network port's hostPort at 0 because it is defaulted when the pod is created.
 */
function validatePodSpec(spec: PodSpec, path: string, isPod: boolean): Errs {
  if (knownValid(spec, isPod)) return [];
  const errs = checkPodSpec(spec, path, isPod);
  if (errs.length === 0) rememberValid(spec, isPod);
  return errs;
}

// ---- remembered valid pod specs ---------------------------------------------------------------
//
// A controller makes every pod of a Job (or ReplicaSet) from one template, so the same pod spec
// data is validated again and again. checkPodSpec is a pure function of the spec's data and
// isPod (the path only names fields in errors), so a spec whose data is exactly that of one
// found valid before is valid too. A valid spec is remembered as a flat list of its data, taken
// when it was checked (so no later change to the caller's object can make it stale): objects as
// their keys in order with their values, arrays as their length and items, primitives as they
// are. A spec matches only if it has the same keys in the same order, the same array lengths and
// the same primitive values (Object.is); anything but plain objects and dense arrays is never
// remembered nor matched. Only answers without errors are kept.

const OPEN_OBJECT = {};
const OPEN_ARRAY = {};
const CLOSE_OBJECT = {};
const REMEMBERED_SPECS = 4;
const rememberedSpecs: { isPod: boolean; data: unknown[] }[] = [];
let nextRememberedSpec = 0;
let matchAt = 0;

function knownValid(spec: PodSpec, isPod: boolean): boolean {
  for (const r of rememberedSpecs) {
    if (r.isPod !== isPod) continue;
    matchAt = 0;
    if (sameData(spec, r.data) && matchAt === r.data.length) return true;
  }
  return false;
}

function rememberValid(spec: PodSpec, isPod: boolean): void {
  const data: unknown[] = [];
  if (!flattenData(spec, data)) return;
  const entry = { isPod, data };
  if (rememberedSpecs.length < REMEMBERED_SPECS) rememberedSpecs.push(entry);
  else rememberedSpecs[nextRememberedSpec] = entry;
  nextRememberedSpec = (nextRememberedSpec + 1) % REMEMBERED_SPECS;
}

/** Forgets the remembered valid specs (for tests that compare with checking afresh). */
export function forgetValidPodSpecs(): void {
  rememberedSpecs.length = 0;
  nextRememberedSpec = 0;
}

function isPlainObject(v: object): boolean {
  return Object.getPrototypeOf(v) === Object.prototype;
}

/** Appends v's data to `out`; false for data that is not plain objects, dense arrays and primitives. */
function flattenData(v: unknown, out: unknown[]): boolean {
  if (typeof v !== 'object' || v === null) {
    out.push(v);
    return typeof v !== 'function';
  }
  if (Array.isArray(v)) {
    out.push(OPEN_ARRAY, v.length);
    for (let i = 0; i < v.length; i++) if (!(i in v) || !flattenData(v[i], out)) return false;
    return true;
  }
  if (!isPlainObject(v)) return false;
  out.push(OPEN_OBJECT);
  for (const k in v) {
    out.push(k);
    if (!flattenData((v as Record<string, unknown>)[k], out)) return false;
  }
  out.push(CLOSE_OBJECT);
  return true;
}

/** Object.is for a primitive `v`, without the call. */
function samePrimitive(v: unknown, token: unknown): boolean {
  if (v === token) return v !== 0 || 1 / (v as number) === 1 / (token as number);
  return v !== v && token !== token;
}

/**
 * Whether v's data is what `data` holds from `matchAt` on (which it moves past it). A primitive
 * element or field is compared in place rather than by a call of its own (most of a spec's values).
 */
function sameData(v: unknown, data: unknown[]): boolean {
  const token = data[matchAt++];
  if (typeof v !== 'object' || v === null) return samePrimitive(v, token);
  if (Array.isArray(v)) {
    if (token !== OPEN_ARRAY || data[matchAt++] !== v.length) return false;
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) return false;
      const x: unknown = v[i];
      if (typeof x !== 'object' || x === null ? !samePrimitive(x, data[matchAt++]) : !sameData(x, data)) return false;
    }
    return true;
  }
  if (token !== OPEN_OBJECT || !isPlainObject(v)) return false;
  for (const k in v) {
    if (data[matchAt++] !== k) return false;
    const x = (v as Record<string, unknown>)[k];
    if (typeof x !== 'object' || x === null ? !samePrimitive(x, data[matchAt++]) : !sameData(x, data)) return false;
  }
  return data[matchAt++] === CLOSE_OBJECT;
}

/** ValidatePodSpec's checks, for validatePodSpec. */
function checkPodSpec(spec: PodSpec, path: string, isPod: boolean): Errs {
  const errs: Errs = [];
  const grace = spec.terminationGracePeriodSeconds ?? undefined;
  if (grace === undefined) errs.push(fieldError.required(`${path}.terminationGracePeriodSeconds`));
  const volumes = validateVolumes(spec.volumes ?? [], `${path}.volumes`);
  append(errs, volumes.errs);
  append(errs, validateContainers(spec.containers ?? [], volumes.names, grace, `${path}.containers`));
  append(errs, validateInitContainers(spec.initContainers ?? [], spec.containers ?? [], volumes.names, grace, `${path}.initContainers`));
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((ctr, ci) =>
      (ctr.ports ?? []).forEach((port, pi) => {
        const hostPort = port.hostPort ?? 0;
        if ((isPod || hostPort !== 0) && hostPort !== port.containerPort) {
          errs.push(fieldError.invalid(`${path}.containers[${ci}].ports[${pi}].hostPort`, String(hostPort), 'must match `containerPort` when `hostNetwork` is true'));
        }
      }),
    );
  }
  const restart = spec.restartPolicy ?? '';
  if (restart === '') errs.push(fieldError.required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(restart)) errs.push(fieldError.notSupported(`${path}.restartPolicy`, goValue.string(restart), ['Always', 'OnFailure', 'Never']));
  const dns = spec.dnsPolicy ?? '';
  if (dns === '') errs.push(fieldError.required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dns)) {
    errs.push(fieldError.notSupported(`${path}.dnsPolicy`, goValue.string(dns), ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  append(errs, validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (spec.serviceAccountName) for (const msg of nameIsDNSSubdomain(spec.serviceAccountName, false)) errs.push(fieldError.invalid(`${path}.serviceAccountName`, goValue.string(spec.serviceAccountName), msg));
  if (spec.nodeName) for (const msg of nameIsDNSSubdomain(spec.nodeName, false)) errs.push(fieldError.invalid(`${path}.nodeName`, goValue.string(spec.nodeName), msg));
  if (spec.activeDeadlineSeconds != null && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(fieldError.invalid(`${path}.activeDeadlineSeconds`, String(spec.activeDeadlineSeconds), inclusiveRangeError(1, MAX_INT32)));
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const value = spec[field];
    if (value) for (const msg of isDNS1123Label(value)) errs.push(fieldError.invalid(`${path}.${field}`, goValue.string(value), msg));
  }
  if (spec.tolerations?.length) append(errs, validateTolerations(spec.tolerations, `${path}.tolerations`));
  if (spec.priorityClassName) for (const msg of nameIsDNSSubdomain(spec.priorityClassName, false)) errs.push(fieldError.invalid(`${path}.priorityClassName`, goValue.string(spec.priorityClassName), msg));
  if (spec.preemptionPolicy != null) {
    if (spec.preemptionPolicy === '') errs.push(fieldError.required(`${path}.preemptionPolicy`));
    else if (!PREEMPTION_POLICIES.includes(spec.preemptionPolicy)) {
      errs.push(fieldError.notSupported(`${path}.preemptionPolicy`, goValue.string(spec.preemptionPolicy), ['PreemptLowerPriority', 'Never']));
    }
  }
  return errs;
}

/** ValidatePodTemplateSpec: note the labels path is `<template>.labels`, not `.metadata.labels`. */
export function validatePodTemplateSpec(template: PodTemplateSpec, path: string): Errs {
  const meta = template.metadata ?? {};
  const spec = template.spec ?? ({} as PodSpec);
  const errs = knownValidLabels(meta.labels) ? [] : validateLabels(meta.labels, `${path}.labels`);
  append(errs, validateAnnotations(meta.annotations, `${path}.annotations`));
  append(errs, validatePodSpecificAnnotations(meta.annotations, spec, `${path}.annotations`));
  append(errs, validatePodSpec(spec, `${path}.spec`, false));
  if (spec.ephemeralContainers?.length) errs.push(fieldError.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errs;
}

// ---- Pod (ValidatePodCreate, ValidatePodUpdate) ----------------------------------------------

/** validatePodMetadataAndSpec. */
function validatePodMetadataAndSpec(pod: Pod): Errs {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? ({} as PodSpec);
  const errs = validateObjectMeta(meta, nameIsDNSSubdomain);
  append(errs, validatePodSpecificAnnotations(meta.annotations, spec, 'metadata.annotations'));
  append(errs, validatePodSpec(spec, 'spec', true));
  // validateContainersOnlyForPod: a pod (not a template) may not pad its image names.
  checkImagePadding(errs, spec.containers, 'containers');
  checkImagePadding(errs, spec.initContainers, 'initContainers');
  return errs;
}

function checkImagePadding(errs: Errs, list: Container[] | undefined, field: string): void {
  if (!list) return;
  for (let i = 0; i < list.length; i++) {
    const ctr = list[i];
    if (ctr.image && ctr.image !== ctr.image.trim()) errs.push(fieldError.invalid(`spec.${field}[${i}].image`, goValue.string(ctr.image), 'must not have leading or trailing whitespace'));
  }
}

function validatePodCreate(pod: Pod): Errs {
  const errs = validatePodMetadataAndSpec(pod);
  if (pod.spec?.ephemeralContainers?.length) errs.push(fieldError.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (pod.spec?.nodeName && pod.spec.schedulingGates?.length) errs.push(fieldError.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

// updatablePodSpecFields in v1.32, as its Forbidden message lists them.
const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validatePodUpdate(pod: Pod, old: Pod): Errs {
  const errs = validateObjectMetaUpdate(pod.metadata ?? {}, old.metadata ?? {});
  append(errs, validatePodMetadataAndSpec(pod));
  const spec = pod.spec ?? ({} as PodSpec);
  const oldSpec = old.spec ?? ({} as PodSpec);
  for (const field of ['containers', 'initContainers'] as const) {
    const now = spec[field] ?? [];
    if (now.length !== (oldSpec[field] ?? []).length) return [...errs, fieldError.forbidden(`spec.${field}`, 'pod updates may not add or remove containers')];
    now.forEach((ctr, i) => {
      if (!ctr.image) errs.push(fieldError.required(`spec.${field}[${i}].image`));
      if (ctr.image && ctr.image.trim() !== ctr.image) errs.push(fieldError.invalid(`spec.${field}[${i}].image`, goValue.string(ctr.image), 'must not have leading or trailing whitespace'));
    });
  }
  // activeDeadlineSeconds may be set, or lowered, but never raised or removed.
  const ads = spec.activeDeadlineSeconds ?? undefined;
  const oldAds = oldSpec.activeDeadlineSeconds ?? undefined;
  if (ads !== undefined) {
    if (ads < 0 || ads > MAX_INT32) return [...errs, fieldError.invalid('spec.activeDeadlineSeconds', String(ads), inclusiveRangeError(0, MAX_INT32))];
    if (oldAds !== undefined && oldAds < ads) return [...errs, fieldError.invalid('spec.activeDeadlineSeconds', String(ads), 'must be less than or equal to previous value')];
  } else if (oldAds !== undefined) {
    errs.push(fieldError.invalid('spec.activeDeadlineSeconds', 'null', 'must not update from a positive integer to nil value'));
  }
  // validateOnlyAddedTolerations: existing tolerations stay, except for their tolerationSeconds.
  const kept = (oldSpec.tolerations ?? []).every((was) => (spec.tolerations ?? []).some((t) => semanticEqual({ ...was, tolerationSeconds: t.tolerationSeconds }, t)));
  if (!kept) errs.push(fieldError.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  else append(errs, validateTolerations(spec.tolerations ?? [], 'spec.tolerations'));
  if (semanticEqual(spec, oldSpec)) return errs;
  // Munge the updatable fields back to their old values; anything left is a forbidden change.
  const munged: PodSpec = {
    ...spec,
    containers: (spec.containers ?? []).map((c, i) => ({ ...c, image: oldSpec.containers?.[i]?.image ?? '' })),
    initContainers: (spec.initContainers ?? []).map((c, i) => ({ ...c, image: oldSpec.initContainers?.[i]?.image ?? '' })),
    activeDeadlineSeconds: oldSpec.activeDeadlineSeconds,
    schedulingGates: oldSpec.schedulingGates,
    tolerations: oldSpec.tolerations,
  };
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (oldSpec.schedulingGates?.length) {
    // A gated pod may still gain nodeSelector entries and node affinity.
    munged.nodeSelector = oldSpec.nodeSelector;
    munged.affinity = oldSpec.affinity;
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(fieldError.forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`));
  }
  return errs;
}

// ---- apps/v1 workloads (pkg/apis/apps/validation/validation.go) ------------------------------

/** LabelSelectorAsSelector, or undefined when it fails. */
export function trySelector(ls: LabelSelector | undefined): Selector | undefined {
  try {
    return selectorFromLabelSelector(ls);
  } catch {
    return undefined;
  }
}

/** The workload selector checks (selector required, not empty) of Deployment and ReplicaSet. */
function validateWorkloadSelector(ls: LabelSelector | undefined, emptyMessage: string): Errs {
  if (ls == null) return [fieldError.required('spec.selector')];
  const errs = validateLabelSelector(ls, 'spec.selector', false);
  if (Object.keys(ls.matchLabels ?? {}).length + (ls.matchExpressions ?? []).length === 0) {
    errs.push(fieldError.invalid('spec.selector', goValue.labelSelector(ls), emptyMessage));
  }
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet: Deployments and ReplicaSets share it. */
function validateTemplateForReplicaSet(template: PodTemplateSpec, selector: Selector): Errs {
  const errs: Errs = [];
  const labels = template.metadata?.labels;
  if (!selector.empty() && !selector.matches(labels)) {
    errs.push(fieldError.invalid('spec.template.metadata.labels', goValue.stringMap(labels), '`selector` does not match template `labels`'));
  }
  append(errs, validatePodTemplateSpec(template, 'spec.template'));
  const restart = template.spec?.restartPolicy ?? '';
  if (restart !== 'Always') errs.push(fieldError.notSupported('spec.template.spec.restartPolicy', goValue.string(restart), ['Always']));
  if (template.spec?.activeDeadlineSeconds != null) errs.push(fieldError.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  return errs;
}

/** Selector validity and template checks, shared by ValidateDeploymentSpec and ValidateReplicaSetSpec. */
function validateSelectorAndTemplate(spec: { selector?: LabelSelector; template?: PodTemplateSpec }): Errs {
  const errs = validateWorkloadSelector(spec.selector, 'empty selector is invalid for deployment');
  const selector = trySelector(spec.selector);
  if (!selector) errs.push(fieldError.invalid('spec.selector', goValue.labelSelector(spec.selector), 'invalid label selector'));
  else append(errs, validateTemplateForReplicaSet(spec.template ?? {}, selector));
  return errs;
}

// getPercentValue / getIntOrPercentValue / IsNotMoreThan100Percent / ValidatePositiveIntOrPercent.
const PERCENT_ERROR = regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%');

function percentValue(v: IntOrString | undefined): number | undefined {
  return typeof v === 'string' && /^[0-9]+%$/.test(v) ? Number(v.slice(0, -1)) : undefined;
}

function intOrPercentValue(v: IntOrString | undefined): number {
  const percent = percentValue(v);
  if (percent !== undefined) return percent;
  // IntOrString.IntValue() of a non-percent string is its strconv.Atoi value, or 0.
  if (typeof v === 'string') return /^[+-]?[0-9]+$/.test(v) ? Number(v) : 0;
  return v ?? 0;
}

function validatePositiveIntOrPercent(v: IntOrString | undefined, path: string): Errs {
  if (typeof v === 'string') return percentValue(v) === undefined ? [fieldError.invalid(path, goValue.intOrString(v), PERCENT_ERROR)] : [];
  return validateNonnegative(v ?? 0, path);
}

function isNotMoreThan100Percent(v: IntOrString | undefined, path: string): Errs {
  const percent = percentValue(v);
  return percent !== undefined && percent > 100 ? [fieldError.invalid(path, goValue.intOrString(v), 'must not be greater than 100%')] : [];
}

// A non-nil pointer inside a %#v struct prints as its address; this fixed one stands in for it.
const GO_POINTER = '0xc000100000';

function validateDeploymentStrategy(strategy: NonNullable<Deployment['spec']>['strategy']): Errs {
  const type = strategy?.type ?? '';
  const rollingUpdate = strategy?.rollingUpdate;
  if (type === 'Recreate') {
    return rollingUpdate != null ? [fieldError.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type === 'RollingUpdate') {
    if (rollingUpdate == null) return [fieldError.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
    const path = 'spec.strategy.rollingUpdate';
    const errs = [...validatePositiveIntOrPercent(rollingUpdate.maxUnavailable, `${path}.maxUnavailable`), ...validatePositiveIntOrPercent(rollingUpdate.maxSurge, `${path}.maxSurge`)];
    if (intOrPercentValue(rollingUpdate.maxUnavailable) === 0 && intOrPercentValue(rollingUpdate.maxSurge) === 0) {
      errs.push(fieldError.invalid(`${path}.maxUnavailable`, goValue.intOrString(rollingUpdate.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
    }
    return [...errs, ...isNotMoreThan100Percent(rollingUpdate.maxUnavailable, `${path}.maxUnavailable`)];
  }
  const value = `apps.DeploymentStrategy{Type:${goValue.string(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(${rollingUpdate == null ? 'nil' : GO_POINTER})}`;
  return [fieldError.notSupported('spec.strategy', value, ['Recreate', 'RollingUpdate'])];
}

/** ValidateDeploymentSpec. */
function validateDeploymentSpec(spec: NonNullable<Deployment['spec']>): Errs {
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  append(errs, validateSelectorAndTemplate(spec));
  append(errs, validateDeploymentStrategy(spec.strategy));
  append(errs, validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.revisionHistoryLimit != null) append(errs, validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds != null) {
    append(errs, validateNonnegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(fieldError.invalid('spec.progressDeadlineSeconds', String(spec.progressDeadlineSeconds), 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** ValidateReplicaSetSpec. */
function validateReplicaSetSpec(spec: NonNullable<ReplicaSet['spec']>): Errs {
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  append(errs, validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  append(errs, validateSelectorAndTemplate(spec));
  return errs;
}

/** ValidateDaemonSetSpec (its selector is not required: a nil one just matches nothing). */
function validateDaemonSetSpec(spec: NonNullable<DaemonSet['spec']>): Errs {
  const errs = validateLabelSelector(spec.selector, 'spec.selector', false);
  const selector = trySelector(spec.selector);
  const labels = spec.template?.metadata?.labels;
  if (selector && !selector.matches(labels)) errs.push(fieldError.invalid('spec.template.metadata.labels', goValue.stringMap(labels), '`selector` does not match template `labels`'));
  if (spec.selector != null && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
    errs.push(fieldError.invalid('spec.selector', goValue.labelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  append(errs, validatePodTemplateSpec(spec.template ?? {}, 'spec.template'));
  const restart = spec.template?.spec?.restartPolicy ?? '';
  if (restart !== 'Always') errs.push(fieldError.notSupported('spec.template.spec.restartPolicy', goValue.string(restart), ['Always']));
  if (spec.template?.spec?.activeDeadlineSeconds != null) errs.push(fieldError.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  append(errs, validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  append(errs, validateDaemonSetUpdateStrategy(spec.updateStrategy));
  if (spec.revisionHistoryLimit != null) append(errs, validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

function validateDaemonSetUpdateStrategy(strategy: NonNullable<DaemonSet['spec']>['updateStrategy']): Errs {
  const type = strategy?.type ?? '';
  const rollingUpdate = strategy?.rollingUpdate;
  const path = 'spec.updateStrategy';
  if (type === 'OnDelete') return [];
  if (type === 'RollingUpdate') {
    if (rollingUpdate == null) return [fieldError.required(`${path}.rollingUpdate`)];
    const p = `${path}.rollingUpdate`;
    const errs = [
      ...validatePositiveIntOrPercent(rollingUpdate.maxUnavailable, `${p}.maxUnavailable`),
      ...validatePositiveIntOrPercent(rollingUpdate.maxSurge, `${p}.maxSurge`),
      ...isNotMoreThan100Percent(rollingUpdate.maxUnavailable, `${p}.maxUnavailable`),
      ...isNotMoreThan100Percent(rollingUpdate.maxSurge, `${p}.maxSurge`),
    ];
    const hasUnavailable = intOrPercentValue(rollingUpdate.maxUnavailable) !== 0;
    const hasSurge = intOrPercentValue(rollingUpdate.maxSurge) !== 0;
    if (hasUnavailable && hasSurge) errs.push(fieldError.invalid(`${p}.maxSurge`, goValue.intOrString(rollingUpdate.maxSurge), 'may not be set when maxUnavailable is non-zero'));
    else if (!hasUnavailable && !hasSurge) errs.push(fieldError.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    return errs;
  }
  const value = `apps.DaemonSetUpdateStrategy{Type:${goValue.string(type)}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(${rollingUpdate == null ? 'nil' : GO_POINTER})}`;
  return [fieldError.notSupported(path, value, ['RollingUpdate', 'OnDelete'])];
}

/**
 * The selector immutability the apps/v1 registry strategies add on update
 * (ValidateImmutableField on the *metav1.LabelSelector, dereferenced for printing).
 */
function validateSelectorImmutable(selector: LabelSelector | undefined, old: LabelSelector | undefined): Errs {
  return semanticEqual(selector ?? null, old ?? null) ? [] : [fieldError.invalid('spec.selector', goValue.labelSelector(selector), FIELD_IMMUTABLE)];
}

// ---- per-kind dispatch ----------------------------------------------------------------------

interface KindValidator {
  create(obj: KubeObject): Errs;
  update(obj: KubeObject, old: KubeObject): Errs;
}

const asDeployment = (o: KubeObject): Deployment => o as Deployment;
const asReplicaSet = (o: KubeObject): ReplicaSet => o as ReplicaSet;
const asDaemonSet = (o: KubeObject): DaemonSet => o as DaemonSet;

// Each entry mirrors the registry strategy's Validate / ValidateUpdate, whose call order decides
// the order of the errors. DaemonSet's templateGeneration checks are omitted: the strategy keeps
// that field consistent itself.
const VALIDATORS: Record<string, KindValidator> = {
  Pod: {
    create: (o) => validatePodCreate(o as Pod),
    update: (o, old) => validatePodUpdate(o as Pod, old as Pod),
  },
  Deployment: {
    create: (o) => [...validateObjectMeta(o.metadata, nameIsDNSSubdomain), ...validateDeploymentSpec(asDeployment(o).spec ?? ({} as never))],
    update: (o, old) => [
      ...validateObjectMetaUpdate(o.metadata, old.metadata),
      ...validateDeploymentSpec(asDeployment(o).spec ?? ({} as never)),
      ...validateSelectorImmutable(asDeployment(o).spec?.selector, asDeployment(old).spec?.selector),
    ],
  },
  ReplicaSet: {
    create: (o) => [...validateObjectMeta(o.metadata, nameIsDNSSubdomain), ...validateReplicaSetSpec(asReplicaSet(o).spec ?? ({} as never))],
    // The strategy runs ValidateReplicaSet and then ValidateReplicaSetUpdate, so spec errors appear twice.
    update: (o, old) => [
      ...VALIDATORS.ReplicaSet.create(o),
      ...validateObjectMetaUpdate(o.metadata, old.metadata),
      ...validateReplicaSetSpec(asReplicaSet(o).spec ?? ({} as never)),
      ...validateSelectorImmutable(asReplicaSet(o).spec?.selector, asReplicaSet(old).spec?.selector),
    ],
  },
  // batch/v1: the arrows defer the lookups, as batch.ts and this module import each other.
  Job: { create: (o) => validateJob(o as Job), update: (o, old) => validateJobUpdate(o as Job, old as Job) },
  CronJob: { create: (o) => validateCronJobCreate(o as CronJob), update: (o, old) => validateCronJobUpdate(o as CronJob, old as CronJob) },
  DaemonSet: {
    create: (o) => [...validateObjectMeta(o.metadata, nameIsDNSSubdomain), ...validateDaemonSetSpec(asDaemonSet(o).spec ?? ({} as never))],
    update: (o, old) => [
      ...VALIDATORS.DaemonSet.create(o),
      ...validateObjectMetaUpdate(o.metadata, old.metadata),
      ...validateDaemonSetSpec(asDaemonSet(o).spec ?? ({} as never)),
      ...validateSelectorImmutable(asDaemonSet(o).spec?.selector, asDaemonSet(old).spec?.selector),
    ],
  },
};

/**
 * The errors creating `obj` (already decoded, defaulted and admitted) would get, in upstream
 * order; empty for kinds not validated yet. A quantity that does not parse never gets here: the
 * decoder refuses the whole object first (decode.ts).
 */
export function validateObject(obj: KubeObject): FieldError[] {
  // A body without metadata decodes to empty metadata (the Go struct's zero value).
  const o = obj.metadata ? obj : { ...obj, metadata: {} };
  return Object.hasOwn(VALIDATORS, o.kind) ? VALIDATORS[o.kind].create(o) : [];
}

/** The errors replacing `old` by `obj` would get: the create rules plus what may not change. */
export function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const o = obj.metadata ? obj : { ...obj, metadata: {} };
  return Object.hasOwn(VALIDATORS, o.kind) ? VALIDATORS[o.kind].update(o, old) : [];
}

/** The Invalid error the apiserver answers with: `Deployment.apps "kubia" is invalid: ...`. */
export function formatInvalid(obj: KubeObject, errs: FieldError[]): ApiError {
  const [group] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [''];
  return invalidError(obj.kind, group, obj.metadata?.name ?? '', errs);
}
