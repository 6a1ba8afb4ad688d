// Defaulting as the apiserver applies it when it decodes a write (the SetDefaults_* functions
// and `+default` markers behind pkg/apis/{core,apps}/v1/zz_generated.defaults.go), and the
// mutating admission plugins of a default v1.32 cluster that change a pod on creation.
// Every step only fills what is unset, so applying either function twice changes nothing.
import { ApiError } from '../errors.ts';
import type { Container, CronJob, DaemonSet, Deployment, Job, KubeObject, Pod, PodSpec, PodTemplateSpec, Probe, ReplicaSet, Toleration } from './types.ts';
import { formatQuantity, parseQuantity, roundUpQuantity } from './quantity.ts';
import { defaultCronJob, defaultJob } from './batch.ts';
import { Memo } from '../util/memo.ts';

type Volume = NonNullable<PodSpec['volumes']>[number];
type ResourceList = Record<string, string>;

const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30; // k8s.io/api/core/v1/types.go DefaultTerminationGracePeriodSeconds
const DEFAULT_SCHEDULER_NAME = 'default-scheduler'; // k8s.io/api/core/v1/types.go DefaultSchedulerName
const TERMINATION_MESSAGE_PATH = '/dev/termination-log'; // k8s.io/api/core/v1/types.go TerminationMessagePathDefault
const VOLUME_DEFAULT_MODE = 0o644; // k8s.io/api/core/v1/types.go {Secret,ConfigMap,DownwardAPI,Projected}VolumeSourceDefaultMode
const DEFAULT_TOLERATION_SECONDS = 300; // plugin/pkg/admission/defaulttolerationseconds/admission.go
const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready'; // k8s.io/api/core/v1/well_known_taints.go
const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable'; // k8s.io/api/core/v1/well_known_taints.go
const DEFAULT_SERVICE_ACCOUNT = 'default'; // plugin/pkg/admission/serviceaccount/admission.go DefaultServiceAccountName
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror'; // k8s.io/api/core/v1/annotation_key_constants.go

/**
 * The built-in PriorityClasses every cluster has (pkg/apis/scheduling/types.go
 * SystemCriticalPriority and the two system classes); no other class exists in the simulation.
 */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

/** Fills the defaults of a freshly decoded object, in place. Kinds without defaults are left alone. */
export function applyDefaults(obj: KubeObject): void {
  switch (obj.kind) {
    case 'Pod':
      defaultPod(obj as unknown as Pod);
      break;
    case 'Deployment':
      defaultDeployment(obj as unknown as Deployment);
      break;
    case 'ReplicaSet': {
      // SetDefaults_ReplicaSet (pkg/apis/apps/v1/defaults.go).
      const spec = ((obj as unknown as ReplicaSet).spec ??= {} as NonNullable<ReplicaSet['spec']>);
      spec.replicas ??= 1;
      defaultPodTemplateSpec((spec.template ??= {}));
      break;
    }
    case 'DaemonSet':
      defaultDaemonSet(obj as unknown as DaemonSet);
      break;
    case 'Job': {
      const job = obj as unknown as Job;
      defaultJob(job);
      defaultPodTemplateSpec((job.spec!.template ??= {}));
      break;
    }
    case 'CronJob': {
      const cj = obj as unknown as CronJob;
      defaultCronJob(cj);
      defaultPodTemplateSpec((cj.spec!.jobTemplate.spec!.template ??= {}));
      break;
    }
  }
}

/** SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go), then the pod template's defaults. */
function defaultDeployment(d: Deployment): void {
  const spec = (d.spec ??= {} as NonNullable<Deployment['spec']>);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= '25%';
    rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplateSpec((spec.template ??= {}));
}

/** SetDefaults_DaemonSet (pkg/apis/apps/v1/defaults.go), then the pod template's defaults. */
function defaultDaemonSet(ds: DaemonSet): void {
  const spec = (ds.spec ??= {} as NonNullable<DaemonSet['spec']>);
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= 1;
    rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec((spec.template ??= {}));
}

/** The defaults every PodTemplateSpec gets (Deployment, ReplicaSet, DaemonSet, Job, ...). */
export function defaultPodTemplateSpec(template: PodTemplateSpec): void {
  defaultPodSpec((template.spec ??= {} as PodSpec));
}

/**
 * SetDefaults_Pod on top of the PodSpec defaults: what only a Pod gets, not a template
 * (pkg/apis/core/v1/defaults.go), plus the conversion of a negative grace period to 1
 * (Convert_v1_Pod_To_core_Pod since v1.27, kubernetes#115606).
 */
function defaultPod(pod: Pod): void {
  const spec = (pod.spec ??= {} as PodSpec);
  // Requests default to the limits, so a container with only limits is Guaranteed.
  defaultRequestsToLimits(spec.containers);
  defaultRequestsToLimits(spec.initContainers);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const ctr of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const port of ctr.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
    }
  }
  if (spec.terminationGracePeriodSeconds != null && spec.terminationGracePeriodSeconds < 0) spec.terminationGracePeriodSeconds = 1;
  defaultPodSpec(spec);
}

/** SetDefaults_Pod: a container's requests default to its limits (indexed loops: this runs for every pod created). */
function defaultRequestsToLimits(list: Container[] | undefined): void {
  if (!list) return;
  for (let i = 0; i < list.length; i++) {
    const ctr = list[i];
    const limits = ctr.resources?.limits;
    if (!limits) continue;
    const requests = (ctr.resources!.requests ??= {});
    for (const [name, value] of Object.entries(limits)) if (!Object.hasOwn(requests, name)) requests[name] = value;
  }
}

/** SetDefaults_PodSpec and the defaults of what a PodSpec contains. */
function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.schedulerName ||= DEFAULT_SCHEDULER_NAME;
  // serviceAccount is the deprecated alias of serviceAccountName; conversion keeps them equal
  // and the new field wins (Convert_v1_PodSpec_To_core_PodSpec / Convert_core_PodSpec_To_v1_PodSpec).
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  const volumes = spec.volumes;
  if (volumes) for (let i = 0; i < volumes.length; i++) defaultVolume(volumes[i]);
  const containers = spec.containers;
  if (containers) for (let i = 0; i < containers.length; i++) defaultContainer(containers[i]);
  const initContainers = spec.initContainers;
  if (initContainers) for (let i = 0; i < initContainers.length; i++) defaultContainer(initContainers[i]);
}

const VOLUME_SOURCE_KEYS = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral',
  'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath', 'image', 'iscsi', 'nfs',
  'persistentVolumeClaim', 'photonPersistentDisk', 'portworxVolume', 'projected', 'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
];

/** SetDefaults_Volume and the defaults of the sources a simulated pod uses. */
function defaultVolume(volume: Volume): void {
  const source = volume as unknown as Record<string, unknown>;
  if (VOLUME_SOURCE_KEYS.every((k) => source[k] == null)) volume.emptyDir = {};
  if (volume.secret) volume.secret.defaultMode ??= VOLUME_DEFAULT_MODE;
  if (volume.configMap) volume.configMap.defaultMode ??= VOLUME_DEFAULT_MODE;
  if (volume.downwardAPI) volume.downwardAPI.defaultMode ??= VOLUME_DEFAULT_MODE;
  if (volume.projected) volume.projected.defaultMode ??= VOLUME_DEFAULT_MODE;
  if (volume.hostPath) volume.hostPath.type ??= ''; // SetDefaults_HostPathVolumeSource: HostPathUnset
}

/** SetDefaults_Container, the port protocol, env field refs, resources and probes. */
function defaultContainer(ctr: Container): void {
  ctr.imagePullPolicy ||= imageTag(ctr.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  ctr.terminationMessagePath ||= TERMINATION_MESSAGE_PATH;
  ctr.terminationMessagePolicy ||= 'File';
  const ports = ctr.ports;
  if (ports) for (let i = 0; i < ports.length; i++) ports[i].protocol ||= 'TCP'; // ContainerPort.Protocol +default="TCP"
  const env = ctr.env;
  if (env) for (let i = 0; i < env.length; i++) if (env[i].valueFrom?.fieldRef) env[i].valueFrom!.fieldRef!.apiVersion ||= 'v1'; // SetDefaults_ObjectFieldSelector
  // Resources is a struct, not a pointer, so it always serializes, as `{}` when empty.
  const resources = (ctr.resources ??= {});
  if (resources.limits) resources.limits = roundResourceList(resources.limits as ResourceList);
  if (resources.requests) resources.requests = roundResourceList(resources.requests as ResourceList);
  if (ctr.livenessProbe) defaultProbe(ctr.livenessProbe);
  if (ctr.readinessProbe) defaultProbe(ctr.readinessProbe);
  if (ctr.startupProbe) defaultProbe(ctr.startupProbe);
  if (ctr.lifecycle?.postStart?.httpGet) defaultHttpGet(ctr.lifecycle.postStart.httpGet);
  if (ctr.lifecycle?.preStop?.httpGet) defaultHttpGet(ctr.lifecycle.preStop.httpGet);
}

/**
 * SetDefaults_ResourceList rounds every quantity up to milli units, and the stored object holds
 * Quantity.String()'s canonical form (`0.5` becomes `500m`, `1.5Gi` becomes `1536Mi`). A value
 * that does not parse is left for validation to refuse.
 */
function roundResourceList(list: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [name, raw] of Object.entries(list)) {
    try {
      out[name] = formatQuantity(roundUpQuantity(parseQuantity(raw), -3));
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

/** SetDefaults_Probe and SetDefaults_HTTPGetAction. */
function defaultProbe(probe: Probe): void {
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
  if (probe.httpGet) defaultHttpGet(probe.httpGet);
}

function defaultHttpGet(httpGet: NonNullable<Probe['httpGet']>): void {
  httpGet.path ||= '/';
  httpGet.scheme ||= 'HTTP';
}

// The docker reference grammar (github.com/distribution/reference regexp.go).
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}))?$`,
);

/**
 * The tag parsers.ParseImageName finds (pkg/util/parsers/parsers.go): a name without tag or
 * digest is normalised to `:latest`; a name that does not parse has no tag at all, so it pulls
 * IfNotPresent.
 */
function imageTag(image: string): string {
  return imageTags.get(image);
}

/** imageTag's answers by image: every pod of a workload names the same image, and the grammar is a long regular expression. */
const imageTags = new Memo<string>(1000, parseImageTag);

function parseImageTag(image: string): string {
  const m = REFERENCE.exec(image);
  if (!m || m[1].length > 255 || /^[a-f0-9]{64}$/.test(image)) return '';
  if (m[2] !== undefined) return m[2];
  return m[3] !== undefined ? '' : 'latest';
}

/**
 * The mutating admission plugins a default v1.32 apiserver runs on pod creation, in chain order
 * (pkg/kubeapiserver/options/plugins.go): ServiceAccount, Priority, DefaultTolerationSeconds.
 * The service-account token volume is not simulated. Throws the Forbidden error the Priority
 * plugin answers with for an unknown PriorityClass or a conflicting priority.
 */
export function applyPodAdmission(pod: KubeObject): void {
  const p = pod as unknown as Pod;
  const spec = (p.spec ??= {} as PodSpec);
  const name = p.metadata?.name ?? '';
  // plugin/pkg/admission/serviceaccount/admission.go: mirror pods are left alone.
  if (!spec.serviceAccountName && p.metadata?.annotations?.[MIRROR_POD_ANNOTATION] === undefined) {
    spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT;
    spec.serviceAccount = DEFAULT_SERVICE_ACCOUNT;
  }
  admitPriority(spec, name);
  addDefaultTolerations(spec);
}

/**
 * The priority admission's refusal. (This helper and tolerates below are module functions rather
 * than closures: tsx's keepNames makes every named closure cost a defineProperty per pod.)
 */
function forbidden(podName: string, msg: string): ApiError {
  return new ApiError('Forbidden', `pods "${podName}" is forbidden: ${msg}`, 403);
}

/** plugin/pkg/admission/priority/admission.go admitPod, on create, with no global default class. */
function admitPriority(spec: PodSpec, podName: string): void {
  let priority = 0; // scheduling.DefaultPriorityWhenNoDefaultClassExists
  if (spec.priorityClassName) {
    if (!Object.hasOwn(SYSTEM_PRIORITY_CLASSES, spec.priorityClassName)) throw forbidden(podName, `no PriorityClass with name ${spec.priorityClassName} was found`);
    priority = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
  }
  if (spec.priority != null && spec.priority !== priority) {
    throw forbidden(podName, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  // Both the no-class default and the system classes preempt lower priorities.
  const preemptionPolicy = 'PreemptLowerPriority';
  if (spec.preemptionPolicy != null && spec.preemptionPolicy !== preemptionPolicy) {
    throw forbidden(
      podName,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
    );
  }
  spec.preemptionPolicy = preemptionPolicy;
}

/** Whether the pod tolerates the NoExecute taint `key` (a toleration with an empty key or effect counts). */
function tolerates(spec: PodSpec, key: string): boolean {
  const tolerations = spec.tolerations;
  if (tolerations) for (const t of tolerations) if ((!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute')) return true;
  return false;
}

/**
 * DefaultTolerationSeconds: a pod that does not already tolerate the not-ready or unreachable
 * NoExecute taint (a toleration with an empty key or effect counts) tolerates it for 300s.
 */
function addDefaultTolerations(spec: PodSpec): void {
  // Both checks read the tolerations as given; the new list is built once, at its final length.
  const notReady = !tolerates(spec, TAINT_NODE_NOT_READY);
  const unreachable = !tolerates(spec, TAINT_NODE_UNREACHABLE);
  if (!notReady && !unreachable) return;
  const given = spec.tolerations;
  // Most pods have no tolerations of their own: the two defaults as one literal (a push onto an
  // empty list allocates room for sixteen).
  if (!given?.length && notReady && unreachable) {
    spec.tolerations = [defaultToleration(TAINT_NODE_NOT_READY), defaultToleration(TAINT_NODE_UNREACHABLE)];
    return;
  }
  const tolerations: Toleration[] = [];
  if (given) for (let i = 0; i < given.length; i++) tolerations.push(given[i]);
  if (notReady) tolerations.push(defaultToleration(TAINT_NODE_NOT_READY));
  if (unreachable) tolerations.push(defaultToleration(TAINT_NODE_UNREACHABLE));
  spec.tolerations = tolerations;
}

function defaultToleration(key: string): Toleration {
  return { key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS };
}
