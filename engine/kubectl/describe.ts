// What `kubectl describe` prints for pods, deployments, replica sets and nodes, ported from
// k8s.io/kubectl/pkg/describe/describe.go as of v1.32. Every describer writes `label:\tvalue`
// lines through a prefix writer (two spaces per level) and aligns them with a Go tabwriter
// (minwidth 0, padding 2), exactly as tabbedString does, so block boundaries and trailing spaces
// match real output. Known 1.32 specifics: events show no fieldPath prefix (added in 1.35), probes
// print `#success=`/`#failure=` (renamed in 1.37), projected volumes print `ConfigMapOptional:`
// (reworded in 1.33).

import type {
  Container,
  ContainerState,
  ContainerStatus,
  CronJob,
  DaemonSet,
  Deployment,
  EnvVar,
  Event,
  Job,
  Node,
  ObjectMeta,
  Pod,
  PodTemplateSpec,
  Probe,
  ReplicaSet,
  Taint,
  Toleration,
} from '../api/types.ts';
import { compareGoStrings } from '../api/decode.ts';
import { formatLabelSelector, formatLabels, selectorFromLabelSelector } from '../api/labels.ts';
import { compareQuantities, formatQuantity, parseQuantity, roundUpQuantity, type Quantity } from '../api/quantity.ts';
import { findNewReplicaSet, findOldReplicaSets } from '../controllers/deployment-util.ts';
import { humanDuration, rfc1123z, timestampMs, translateMicroTimestampSince, translateTimestampSince } from './duration.ts';
import { findNodeRoles } from './printers.ts';
import { DESCRIBE_TABWRITER_OPTIONS, tabwrite } from './tabwriter.ts';

// --- Output machinery ---------------------------------------------------------------------------

/** PrefixWriter: indents by two spaces per level; the whole text is tab-aligned at the end. */
// k8s.io/kubectl/pkg/describe/describe.go (prefixWriter, tabbedString)
class PrefixWriter {
  private readonly parts: string[] = [];

  write(level: number, text: string): void {
    // printers.WriteEscaped makes terminal escape characters visible.
    // k8s.io/cli-runtime/pkg/printers/terminal.go
    this.parts.push(`${'  '.repeat(level)}${text}`.replaceAll('\x1b', '^[').replaceAll('\r', '\\r'));
  }

  /** WriteLine: Go's fmt.Sprintln of one value. */
  writeLine(text: string): void {
    this.write(0, `${text}\n`);
  }

  /** The text as written, tabs and all. */
  rawText(): string {
    return this.parts.join('');
  }

  /** The text aligned as tabbedString's tabwriter does it. */
  toString(): string {
    return tabwrite(this.rawText(), DESCRIBE_TABWRITER_OPTIONS);
  }
}

const LEVEL_0 = 0;
const LEVEL_1 = 1;
const LEVEL_2 = 2;
const LEVEL_3 = 3;

// Go's zero time.Time printed with RFC1123Z, which describe shows for unset condition times.
const GO_ZERO_TIME_MS = -62135596800000; // 0001-01-01T00:00:00Z

/** A metav1.Time formatted with time.RFC1123Z in UTC. */
function formatTime(timestamp: string | undefined): string {
  return rfc1123z(timestamp ? timestampMs(timestamp) : GO_ZERO_TIME_MS);
}

/** printBool: `True` / `False`. */
function printBool(value: boolean | undefined): string {
  return value ? 'True' : 'False';
}

function stringOrNone(value: string): string {
  return value.length > 0 ? value : '<none>';
}

/** Go's int64(float64) conversion on amd64: NaN and infinities become the minimum int64. */
function goInt64(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) return '-9223372036854775808';
  return String(Math.trunc(value));
}

/** metav1.GetControllerOf: the owner reference marked as controller, if any. */
function controllerOf(metadata: ObjectMeta | undefined): { kind: string; name: string; uid: string } | undefined {
  return metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

// --- Resource arithmetic ----------------------------------------------------------------------

const ZERO_QUANTITY: Quantity = { value: 0n, scale: 0, format: 'DecimalSI' };

/** Quantity.Add: the sum keeps the receiver's format unless the receiver was zero. */
// k8s.io/apimachinery/pkg/api/resource/quantity.go
function addQuantity(a: Quantity, b: Quantity): Quantity {
  const scale = Math.min(a.scale, b.scale);
  const value = a.value * 10n ** BigInt(a.scale - scale) + b.value * 10n ** BigInt(b.scale - scale);
  return { value, scale, format: a.value === 0n ? b.format : a.format };
}

/** Quantity.ScaledValue: the amount in units of 10^scale, rounded up. */
function scaledValue(q: Quantity, scale: number): bigint {
  const rounded = roundUpQuantity(q, scale);
  return rounded.value * 10n ** BigInt(rounded.scale - scale);
}

const milliValue = (q: Quantity): bigint => scaledValue(q, -3);
const wholeValue = (q: Quantity): bigint => scaledValue(q, 0);

type ResourceList = Map<string, Quantity>;
type RawResources = Readonly<Record<string, string>> | undefined;

function toResourceList(raw: RawResources): ResourceList {
  return new Map(Object.entries(raw ?? {}).map(([name, quantity]) => [name, parseQuantity(quantity)]));
}

function addResourceList(list: ResourceList, add: ResourceList): void {
  for (const [name, quantity] of add) {
    const current = list.get(name);
    list.set(name, current ? addQuantity(current, quantity) : quantity);
  }
}

function maxResourceList(list: ResourceList, other: ResourceList): void {
  for (const [name, quantity] of other) {
    const current = list.get(name);
    if (!current || compareQuantities(quantity, current) > 0) list.set(name, quantity);
  }
}

/**
 * PodRequestsAndLimits: regular containers and sidecars add up, other init containers only raise
 * the maximum, and pod overhead is added (to limits only where a limit exists).
 */
// k8s.io/kubectl/pkg/util/resource/resource.go
function podResources(pod: Pod, kind: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const container of pod.spec?.containers ?? []) addResourceList(total, toResourceList(container.resources?.[kind]));
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const container of pod.spec?.initContainers ?? []) {
    const own = toResourceList(container.resources?.[kind]);
    let effective: ResourceList;
    if (container.restartPolicy === 'Always') {
      addResourceList(total, own);
      addResourceList(sidecars, own);
      effective = sidecars;
    } else {
      effective = new Map();
      addResourceList(effective, own);
      addResourceList(effective, sidecars);
    }
    maxResourceList(initMax, effective);
  }
  maxResourceList(total, initMax);
  const overhead = toResourceList(pod.spec?.overhead);
  if (kind === 'requests') addResourceList(total, overhead);
  else for (const [name, quantity] of overhead) if (total.has(name)) total.set(name, addQuantity(total.get(name)!, quantity));
  return total;
}

/** qos.GetPodQOS: status.qosClass when set, else computed from cpu and memory requests/limits. */
// k8s.io/kubectl/pkg/util/qos/qos.go
function podQOSClass(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  let isGuaranteed = true;
  for (const container of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const positive = (raw: RawResources): ResourceList =>
      new Map([...toResourceList(raw)].filter(([name, q]) => (name === 'cpu' || name === 'memory') && q.value > 0n));
    addResourceList(requests, positive(container.resources?.requests));
    const containerLimits = positive(container.resources?.limits);
    addResourceList(limits, containerLimits);
    if (!containerLimits.has('cpu') || !containerLimits.has('memory')) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (!limit || compareQuantities(limit, request) !== 0) isGuaranteed = false;
  }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

// --- Shared blocks -----------------------------------------------------------------------------

/** printLabelsMultilineWithIndent: sorted `key=value` lines, continuation lines indented by a tab. */
function printLabelsMultiline(w: PrefixWriter, title: string, labels: Readonly<Record<string, string>> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']); // corev1.LastAppliedConfigAnnotation
const MAX_ANNOTATION_LEN = 140; // k8s.io/kubectl/pkg/describe/describe.go maxAnnotationLen

/** printAnnotationsMultiline: long or multi-line values go on their own indented lines, cut at 138. */
function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Readonly<Record<string, string>> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((key) => !SKIPPED_ANNOTATIONS.has(key))
    .sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const annotation = annotations![key]!.replace(/\n$/, '');
    if (Buffer.byteLength(annotation) + Buffer.byteLength(key) + 2 > MAX_ANNOTATION_LEN || annotation.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const line of annotation.split('\n')) {
        const shortened = line.length > MAX_ANNOTATION_LEN - 2 ? `${line.slice(0, MAX_ANNOTATION_LEN - 2)}...` : line;
        w.write(LEVEL_0, `\t  ${shortened}\n`);
      }
    } else {
      w.write(LEVEL_0, `${key}: ${annotation}\n`);
    }
  });
}

/** printTolerationsMultilineWithIndent: `key=value:Effect op=Exists for Ns`, sorted by key. */
function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: readonly Toleration[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => compareGoStrings(a.key ?? '', b.key ?? ''));
  sorted.forEach((toleration, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    let text = toleration.key ?? '';
    if (toleration.value) text += `=${toleration.value}`;
    if (toleration.effect) text += `:${toleration.effect}`;
    // A bare `operator: Exists` tolerates everything.
    if (toleration.operator === 'Exists' && !toleration.value) {
      text += toleration.key || toleration.effect ? ' op=Exists' : 'op=Exists';
    }
    if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null) {
      text += ` for ${toleration.tolerationSeconds}s`;
    }
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** Taint.ToString(): `key=value:Effect`. */
// k8s.io/api/core/v1/taint.go
function taintString(taint: Taint): string {
  const value = taint.value ? `=${taint.value}` : '';
  if (!taint.effect) return taint.value ? `${taint.key}${value}:` : taint.key;
  return `${taint.key}${value}:${taint.effect}`;
}

/** SortableEvents: by lastTimestamp; unset times (Go's zero time) come first. */
// k8s.io/kubectl/pkg/util/event/sorted_event_list.go
function sortEvents(events: readonly Event[]): Event[] {
  const last = (event: Event): number => (event.lastTimestamp ? timestampMs(event.lastTimestamp) : GO_ZERO_TIME_MS);
  return [...events].sort((a, b) => last(a) - last(b));
}

/** DescribeEvents: the Events table, or `Events:  <none>` aligned with the block above it. */
function writeEvents(w: PrefixWriter, events: readonly Event[], nowMs: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const event of sortEvents(events)) {
    const firstSeen = event.eventTime
      ? translateMicroTimestampSince(event.eventTime, nowMs)
      : translateTimestampSince(event.firstTimestamp, nowMs);
    let age = firstSeen;
    if (event.series) {
      age = `${translateMicroTimestampSince(event.series.lastObservedTime, nowMs)} (x${event.series.count ?? 0} over ${firstSeen})`;
    } else if ((event.count ?? 0) > 1) {
      age = `${translateTimestampSince(event.lastTimestamp, nowMs)} (x${event.count} over ${firstSeen})`;
    }
    const from = event.source?.component || event.reportingComponent || '';
    w.write(LEVEL_1, `${event.type ?? ''}\t${event.reason ?? ''}\t${age}\t${from}\t${(event.message ?? '').trim()}\n`);
  }
}

/** The `Events:` section of kubectl describe on its own, sorted by lastTimestamp. */
export function describeEvents(events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  writeEvents(w, events, nowMs);
  return w.toString();
}

// --- Containers and volumes --------------------------------------------------------------------

type EnvResolver = (env: EnvVar) => string;

/** EnvValueRetriever: the pod's value for a fieldRef (only metadata paths resolve, as upstream). */
// k8s.io/kubectl/pkg/describe/describe.go, k8s.io/kubectl/pkg/util/fieldpath/fieldpath.go
function podFieldResolver(pod: Pod): EnvResolver {
  return (env) => {
    const path = env.valueFrom?.fieldRef?.fieldPath ?? '';
    const metadata = pod.metadata ?? {};
    const subscript = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(path);
    if (subscript) {
      const map = subscript[1] === 'metadata.labels' ? metadata.labels : metadata.annotations;
      return map?.[subscript[2]!] ?? '';
    }
    switch (path) {
      case 'metadata.name':
        return metadata.name ?? '';
      case 'metadata.namespace':
        return metadata.namespace ?? '';
      case 'metadata.uid':
        return metadata.uid ?? '';
      case 'metadata.labels':
      case 'metadata.annotations': {
        // FormatMap: sorted `key="value"` lines.
        const map = (path === 'metadata.labels' ? metadata.labels : metadata.annotations) ?? {};
        return Object.keys(map)
          .sort()
          .map((key) => `${key}=${JSON.stringify(map[key])}`)
          .join('\n');
      }
      default:
        return '';
    }
  };
}

/** ExtractContainerResourceValue for cpu, memory and ephemeral-storage. */
// k8s.io/kubectl/pkg/util/resource/resource.go
function containerResourceValue(env: EnvVar, container: Container): string {
  const ref = env.valueFrom!.resourceFieldRef!;
  const [kind, name] = ref.resource.split('.') as ['limits' | 'requests', string];
  const divisor = ref.divisor && parseQuantity(ref.divisor).value !== 0n ? parseQuantity(ref.divisor) : parseQuantity('1');
  const raw = container.resources?.[kind]?.[name];
  const amount = raw ? parseQuantity(raw) : ZERO_QUANTITY;
  if (name === 'cpu') return goInt64(Math.ceil(Number(milliValue(amount)) / Number(milliValue(divisor))));
  if (name === 'memory' || name === 'ephemeral-storage') return goInt64(Math.ceil(Number(wholeValue(amount)) / Number(wholeValue(divisor))));
  return '';
}

function writeEnvVars(w: PrefixWriter, container: Container, resolve: EnvResolver | undefined): void {
  const env = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((line, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      const resolved = resolve ? resolve(e) : '';
      w.write(LEVEL_3, `${e.name}:\t${resolved} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource;
      let resolved = containerResourceValue(e, container);
      if (resolved === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) resolved = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${resolved} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${ref.key}' in secret '${ref.name ?? ''}'>\tOptional: ${Boolean(ref.optional)}\n`);
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${ref.key}' of config map '${ref.name ?? ''}'>\tOptional: ${Boolean(ref.optional)}\n`);
    }
  }
}

function writeEnvFrom(w: PrefixWriter, container: Container): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const source of container.envFrom ?? []) {
    const [from, ref] = source.configMapRef ? ['ConfigMap', source.configMapRef] : ['Secret', source.secretRef];
    const what = source.prefix ? `${from} with prefix '${source.prefix}'` : from;
    w.write(LEVEL_3, `${ref?.name ?? ''}\t${what}\tOptional: ${Boolean(ref?.optional)}\n`);
  }
}

/** An IntOrString as intstr.String() prints it. */
function intOrString(port: number | string | undefined): string {
  return port === undefined ? '' : String(port);
}

/** DescribeProbe: the mechanism, then `delay=0s timeout=1s period=10s #success=1 #failure=3`. */
function describeProbe(probe: Probe): string {
  const attrs =
    `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s ` +
    `#success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    // A net/url URL: scheme://host:port/path (net.JoinHostPort brackets IPv6 hosts).
    const { host = '', port, path = '', scheme = '' } = probe.httpGet;
    const portText = intOrString(port);
    const hostPort = portText ? `${host.includes(':') ? `[${host}]` : host}:${portText}` : host;
    const slash = path !== '' && !path.startsWith('/') && hostPort !== '' ? '/' : '';
    const prefix = scheme ? `${scheme.toLowerCase()}:` : '';
    return `http-get ${prefix}${hostPort || prefix ? '//' : ''}${hostPort}${slash}${path} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${intOrString(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function writeContainerState(w: PrefixWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${formatTime(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const terminated = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (terminated.reason) w.write(LEVEL_3, `Reason:\t${terminated.reason}\n`);
    if (terminated.message) w.write(LEVEL_3, `Message:\t${terminated.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${terminated.exitCode ?? 0}\n`);
    if ((terminated.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${terminated.signal}\n`);
    w.write(LEVEL_3, `Started:\t${formatTime(terminated.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${formatTime(terminated.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

/** describeResources: Limits then Requests, resource names sorted, canonical quantities. */
function writeResources(w: PrefixWriter, container: Container, level: number): void {
  for (const [title, list] of [['Limits', container.resources?.limits], ['Requests', container.resources?.requests]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${formatQuantity(parseQuantity(list![name]!))}\n`);
  }
}

/** describeContainers: one block per container; statuses and env resolution only for pods. */
function writeContainers(
  w: PrefixWriter,
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  resolve: EnvResolver | undefined,
  space: string,
): void {
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  const nameIndent = space ? ' ' : '';
  for (const container of containers) {
    const status = statuses?.find((s) => s.name === container.name);
    w.write(LEVEL_1, `${nameIndent}${container.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${container.image ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = container.ports ?? [];
    const portText = ports.map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
    w.write(LEVEL_2, portText.includes(',') ? `Ports:\t${portText}\n` : `Port:\t${stringOrNone(portText)}\n`);
    const hostPortText = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    w.write(LEVEL_2, hostPortText.includes(',') ? `Host Ports:\t${hostPortText}\n` : `Host Port:\t${stringOrNone(hostPortText)}\n`);
    for (const [title, lines] of [['Command', container.command], ['Args', container.args]] as const) {
      if (!lines || lines.length === 0) continue;
      w.write(LEVEL_2, `${title}:\n`);
      for (const line of lines) for (const part of line.split('\n')) w.write(LEVEL_3, `${part}\n`);
    }
    if (status) {
      writeContainerState(w, 'State', status.state);
      if (status.lastState?.terminated) writeContainerState(w, 'Last State', status.lastState);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    writeResources(w, container, LEVEL_2);
    if (container.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
    if (container.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
    if (container.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
    if (container.envFrom && container.envFrom.length > 0) writeEnvFrom(w, container);
    writeEnvVars(w, container, resolve);
    const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => compareGoStrings(a.mountPath, b.mountPath));
    w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const mount of mounts) {
      const flags = [mount.readOnly ? 'ro' : 'rw', ...(mount.subPath ? [`path=${JSON.stringify(mount.subPath)}`] : [])];
      w.write(LEVEL_3, `${mount.mountPath} from ${mount.name} (${flags.join(',')})\n`);
    }
    const devices = [...(container.volumeDevices ?? [])].sort((a, b) => compareGoStrings(a.devicePath, b.devicePath));
    if (devices.length > 0) {
      w.write(LEVEL_2, 'Devices:\n');
      for (const device of devices) w.write(LEVEL_3, `${device.devicePath} from ${device.name}\n`);
    }
  }
}

// Upstream prints these *bool fields with %v, which shows the pointer's address when set; a fixed
// stand-in keeps the output deterministic.
const GO_POINTER_TEXT = '0xc000a1b2c3';

type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];

/** describeVolumes for the volume sources the simulator's pods use; others print `<unknown>`. */
function writeVolumes(w: PrefixWriter, volumes: readonly Volume[] | undefined, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const volume of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${volume.name}:\n`);
    const image = (volume as { image?: { reference?: string; pullPolicy?: string } }).image;
    if (volume.hostPath) {
      const type = volume.hostPath.type ?? '<none>';
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${volume.hostPath.path}\n    HostPathType:\t${type}\n`);
    } else if (volume.emptyDir) {
      const limit = volume.emptyDir.sizeLimit ? parseQuantity(volume.emptyDir.sizeLimit) : ZERO_QUANTITY;
      const sizeLimit = limit.value > 0n ? formatQuantity(limit) : '<unset>';
      w.write(
        LEVEL_2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${volume.emptyDir.medium ?? ''}\n    SizeLimit:\t${sizeLimit}\n`,
      );
    } else if (volume.secret) {
      w.write(
        LEVEL_2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${volume.secret.secretName ?? ''}\n    Optional:\t${Boolean(volume.secret.optional)}\n`,
      );
    } else if (volume.configMap) {
      w.write(
        LEVEL_2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${volume.configMap.name ?? ''}\n    Optional:\t${Boolean(volume.configMap.optional)}\n`,
      );
    } else if (volume.persistentVolumeClaim) {
      const claim = volume.persistentVolumeClaim;
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${claim.claimName}\n    ReadOnly:\t${Boolean(claim.readOnly)}\n`,
      );
    } else if (volume.downwardAPI) {
      w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of volume.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else if (volume.projected) {
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      const optional = (flag: boolean | undefined): string => (flag === undefined || flag === null ? '<nil>' : GO_POINTER_TEXT);
      for (const source of volume.projected.sources ?? []) {
        if (source.secret) {
          w.write(LEVEL_2, `SecretName:\t${source.secret.name ?? ''}\n    SecretOptionalName:\t${optional(source.secret.optional)}\n`);
        } else if (source.downwardAPI) {
          w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        } else if (source.configMap) {
          w.write(LEVEL_2, `ConfigMapName:\t${source.configMap.name ?? ''}\n    ConfigMapOptional:\t${optional(source.configMap.optional)}\n`);
        } else if (source.serviceAccountToken) {
          w.write(LEVEL_2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 0}\n`);
        }
      }
    } else if (image) {
      w.write(
        LEVEL_2,
        `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${image.reference ?? ''}\n    PullPolicy:\t${image.pullPolicy ?? ''}\n`,
      );
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

type TopologySpreadConstraint = NonNullable<NonNullable<Pod['spec']>['topologySpreadConstraints']>[number];

function writeTopologySpreadConstraints(
  w: PrefixWriter,
  constraints: readonly TopologySpreadConstraint[] | undefined,
  space: string,
): void {
  if (!constraints || constraints.length === 0) return;
  const sorted = [...constraints].sort((a, b) => compareGoStrings(a.topologyKey, b.topologyKey));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((tsc, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    const selector = tsc.labelSelector ? ` for selector ${formatLabelSelector(tsc.labelSelector)}` : '';
    w.write(LEVEL_0, `${tsc.topologyKey}:${tsc.whenUnsatisfiable} when max skew ${tsc.maxSkew} is exceeded${selector}\n`);
  });
}

/** DescribePodTemplate, used by the workload describers. */
function writePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec;
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) {
    printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  }
  if (spec?.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec?.initContainers && spec.initContainers.length > 0) {
    writeContainers(w, 'Init Containers', spec.initContainers, undefined, undefined, '  ');
  }
  writeContainers(w, 'Containers', spec?.containers ?? [], undefined, undefined, '  ');
  writeVolumes(w, spec?.volumes, '  ');
  writeTopologySpreadConstraints(w, spec?.topologySpreadConstraints, '  ');
  if (spec?.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec?.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec?.tolerations);
}

/**
 * DescribePodTemplate as `kubectl rollout history --revision=N` prints it: its printTemplate
 * writes through a prefix writer straight into a buffer, so the tabs are left in, unaligned.
 */
// k8s.io/kubectl/pkg/polymorphichelpers/history.go (printTemplate)
export function describePodTemplate(template: PodTemplateSpec): string {
  const w = new PrefixWriter();
  writePodTemplate(w, template);
  return w.rawText();
}

// --- Pods --------------------------------------------------------------------------------------

/** `kubectl describe pod`, with the events about the pod. */
export function describePod(pod: Pod, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const metadata = pod.metadata ?? {};
  const spec = pod.spec;
  const status = pod.status ?? {};
  w.write(LEVEL_0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  if (spec?.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec?.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec?.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec?.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(LEVEL_0, spec?.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatTime(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  // Since kubectl 1.31 a deleted pod in a terminal phase shows its phase, not "Terminating".
  if (metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${translateTimestampSince(metadata.deletionTimestamp, nowMs)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs || status.podIPs.length === 0) {
    w.write(LEVEL_0, 'IPs:\t<none>\n');
  } else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
  }
  const controller = controllerOf(metadata);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  const resolve = podFieldResolver(pod);
  if (spec?.initContainers && spec.initContainers.length > 0) {
    writeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, resolve, '');
  }
  writeContainers(w, 'Containers', spec?.containers ?? [], status.containerStatuses, resolve, '');
  if (spec?.ephemeralContainers && spec.ephemeralContainers.length > 0) {
    const ephemeral = spec.ephemeralContainers as readonly Container[];
    writeContainers(w, 'Ephemeral Containers', ephemeral, status.ephemeralContainerStatuses, resolve, '');
  }
  const conditionStatus = (type: string): string =>
    (status.conditions ?? []).find((c) => c.type === type)?.status ?? '<none>';
  if (spec?.readinessGates && spec.readinessGates.length > 0) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const gate of spec.readinessGates) w.write(LEVEL_1, `${gate.conditionType} \t${conditionStatus(gate.conditionType)} \n`);
  }
  if (status.conditions && status.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const condition of status.conditions) w.write(LEVEL_1, `${condition.type} \t${condition.status} \n`);
  }
  writeVolumes(w, spec?.volumes, '');
  w.write(LEVEL_0, `QoS Class:\t${podQOSClass(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec?.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec?.tolerations);
  writeTopologySpreadConstraints(w, spec?.topologySpreadConstraints, '');
  writeEvents(w, events, nowMs);
  return w.toString();
}

// --- Workloads ---------------------------------------------------------------------------------

/** printReplicaSetsByLabels: `name (current/desired replicas created)`, comma-joined, or `<none>`. */
function replicaSetList(replicaSets: readonly ReplicaSet[]): string {
  const text = replicaSets
    .map((rs) => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`)
    .join(', ');
  return text || '<none>';
}

/**
 * `kubectl describe deployment`. replicaSets are the namespace's replica sets; those controlled by
 * the deployment are split into the new one (template equal but for pod-template-hash, oldest
 * first) and all the others, as deploymentutil.GetAllReplicaSetsInChunks does.
 */
export function describeDeployment(d: Deployment, replicaSets: readonly ReplicaSet[], events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const metadata = d.metadata ?? {};
  const spec = d.spec;
  const status = d.status ?? {};
  w.write(LEVEL_0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatTime(metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  // LabelSelectorAsSelector fails for an invalid selector, and so does kubectl describe.
  w.write(LEVEL_0, `Selector:\t${selectorFromLabelSelector(spec?.selector).toString()}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${spec?.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ` +
      `${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ''}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
  const rollingUpdate = spec?.strategy?.rollingUpdate;
  if (rollingUpdate) {
    w.write(
      LEVEL_0,
      `RollingUpdateStrategy:\t${intOrString(rollingUpdate.maxUnavailable)} max unavailable, ${intOrString(rollingUpdate.maxSurge)} max surge\n`,
    );
  }
  writePodTemplate(w, spec?.template);
  if (status.conditions && status.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  // deploymentutil.GetAllReplicaSetsInChunks: the replica sets this deployment controls, split
  // into the new one and all the others (scaled to zero or not).
  const owned = replicaSets.filter((rs) => rs.metadata?.namespace === metadata.namespace && controllerOf(rs.metadata)?.uid === metadata.uid);
  const newReplicaSet = findNewReplicaSet(d, owned);
  const oldReplicaSets = findOldReplicaSets(d, owned);
  if (owned.length > 0) {
    w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetList(oldReplicaSets)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetList(newReplicaSet ? [newReplicaSet] : [])}\n`);
  }
  writeEvents(w, events, nowMs);
  return w.toString();
}

/**
 * getPodStatusForController (describe.go): `3 Running / 0 Waiting / 0 Succeeded / 0 Failed` over
 * the pods the controller with `uid` controls.
 */
function podStatusForController(pods: readonly Pod[], uid: string | undefined): string {
  const phases = new Map<string, number>();
  for (const pod of pods) {
    if (controllerOf(pod.metadata)?.uid !== uid) continue;
    const phase = pod.status?.phase ?? '';
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
  }
  const count = (phase: string): number => phases.get(phase) ?? 0;
  return `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`;
}

/**
 * `kubectl describe replicaset`. pods are the namespace's pods matching the selector; only those
 * controlled by this replica set count towards `Pods Status`, as getPodStatusForController does.
 */
export function describeReplicaSet(rs: ReplicaSet, pods: readonly Pod[], events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const metadata = rs.metadata ?? {};
  w.write(LEVEL_0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  const controller = controllerOf(metadata);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(
    LEVEL_0,
    `Pods Status:\t${podStatusForController(pods, metadata.uid)}\n`,
  );
  writePodTemplate(w, rs.spec?.template);
  const conditions = rs.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  writeEvents(w, events, nowMs);
  return w.toString();
}

/**
 * `kubectl describe daemonset`. pods are the namespace's pods matching the selector; only those
 * controlled by this daemon set count towards `Pods Status`, as getPodStatusForController does.
 */
export function describeDaemonSet(ds: DaemonSet, pods: readonly Pod[], events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const metadata = ds.metadata ?? {};
  const status = ds.status;
  w.write(LEVEL_0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorFromLabelSelector(ds.spec?.selector).toString()}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
  w.write(
    LEVEL_0,
    `Pods Status:\t${podStatusForController(pods, metadata.uid)}\n`,
  );
  writePodTemplate(w, ds.spec?.template);
  writeEvents(w, events, nowMs);
  return w.toString();
}

// --- Jobs and CronJobs -------------------------------------------------------------------------

/** capIndexesListOrNone: an index list cut after the first comma past 50 characters. */
function capIndexesListOrNone(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

/** `kubectl describe job` (describeJob). */
export function describeJob(job: Job, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const metadata = job.metadata ?? {};
  const spec = job.spec;
  const status = job.status ?? {};
  w.write(LEVEL_0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorFromLabelSelector(spec?.selector).toString()}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  const controller = controllerOf(metadata);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  if (spec?.parallelism != null) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(LEVEL_0, `Completions:\t${spec?.completions ?? '<unset>'}\n`);
  if (spec?.completionMode != null) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec?.suspend != null) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
  if (spec?.backoffLimit != null) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec?.ttlSecondsAfterFinished != null) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatTime(status.startTime)}\n`);
  if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${formatTime(status.completionTime)}\n`);
  if (status.startTime && status.completionTime) w.write(LEVEL_0, `Duration:\t${humanDuration(timestampMs(status.completionTime) - timestampMs(status.startTime))}\n`);
  if (spec?.activeDeadlineSeconds != null) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  const counts = `${status.active ?? 0} Active${status.ready == null ? '' : ` (${status.ready} Ready)`} / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
  w.write(LEVEL_0, `Pods Statuses:\t${counts}\n`);
  if (spec?.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes)}\n`);
  writePodTemplate(w, spec?.template);
  writeEvents(w, events, nowMs);
  return w.toString();
}

/** `kubectl describe cronjob` (describeCronJob, with describeJobTemplate and printActiveJobs). */
export function describeCronJob(cj: CronJob, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const metadata = cj.metadata ?? {};
  const spec = cj.spec;
  w.write(LEVEL_0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  w.write(LEVEL_0, `Schedule:\t${spec?.schedule ?? ''}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Suspend:\t${spec?.suspend == null ? '<unset>' : printBool(spec.suspend)}\n`);
  w.write(LEVEL_0, `Successful Job History Limit:\t${spec?.successfulJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${spec?.failedJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${spec?.startingDeadlineSeconds == null ? '<unset>' : `${spec.startingDeadlineSeconds}s`}\n`);
  const jobSpec = spec?.jobTemplate?.spec;
  w.write(LEVEL_0, `Selector:\t${jobSpec?.selector ? selectorFromLabelSelector(jobSpec.selector).toString() : '<unset>'}\n`);
  w.write(LEVEL_0, `Parallelism:\t${jobSpec?.parallelism ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${jobSpec?.completions ?? '<unset>'}\n`);
  if (jobSpec?.activeDeadlineSeconds != null) w.write(LEVEL_0, `Active Deadline Seconds:\t${jobSpec.activeDeadlineSeconds}s\n`);
  writePodTemplate(w, jobSpec?.template);
  const last = cj.status?.lastScheduleTime;
  w.write(LEVEL_0, `Last Schedule Time:\t${last ? formatTime(last) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(LEVEL_0, `Active Jobs:\t${active.length === 0 ? '<none>' : active.map((a) => a.name).join(', ')}\n`);
  writeEvents(w, events, nowMs);
  return w.toString();
}

// --- Nodes -------------------------------------------------------------------------------------

/** The parts of a coordination.k8s.io/v1 Lease that describe shows. */
export interface NodeLease {
  spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string };
}

/** describeNodeResource: the Non-terminated Pods table and the Allocated resources summary. */
function writeNodeResources(w: PrefixWriter, node: Node, pods: readonly Pod[], nowMs: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const status = node.status ?? {};
  const allocatable = toResourceList(Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable : status.capacity);
  const amount = (list: ResourceList, name: string): Quantity => list.get(name) ?? ZERO_QUANTITY;
  const percent = (used: bigint, total: bigint): string => goInt64((Number(used) / Number(total)) * 100);
  const allocatableMilliCpu = milliValue(amount(allocatable, 'cpu'));
  const allocatableMemory = wholeValue(amount(allocatable, 'memory'));
  const totalRequests: ResourceList = new Map();
  const totalLimits: ResourceList = new Map();
  for (const pod of pods) {
    const requests = podResources(pod, 'requests');
    const limits = podResources(pod, 'limits');
    addResourceList(totalRequests, requests);
    addResourceList(totalLimits, limits);
    const cpuRequest = amount(requests, 'cpu');
    const cpuLimit = amount(limits, 'cpu');
    const memoryRequest = amount(requests, 'memory');
    const memoryLimit = amount(limits, 'memory');
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t` +
        `${formatQuantity(cpuRequest)} (${percent(milliValue(cpuRequest), allocatableMilliCpu)}%)\t` +
        `${formatQuantity(cpuLimit)} (${percent(milliValue(cpuLimit), allocatableMilliCpu)}%)\t` +
        `${formatQuantity(memoryRequest)} (${percent(wholeValue(memoryRequest), allocatableMemory)}%)\t` +
        `${formatQuantity(memoryLimit)} (${percent(wholeValue(memoryLimit), allocatableMemory)}%)\t` +
        `${translateTimestampSince(pod.metadata?.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  // The summary guards against a zero allocatable amount, unlike the per-pod rows.
  const summaryRow = (name: string, scale: (q: Quantity) => bigint): void => {
    const request = amount(totalRequests, name);
    const limit = amount(totalLimits, name);
    const total = scale(amount(allocatable, name));
    const share = (q: Quantity): string => (total === 0n ? '0' : percent(scale(q), total));
    w.write(LEVEL_1, `${name}\t${formatQuantity(request)} (${share(request)}%)\t${formatQuantity(limit)} (${share(limit)}%)\n`);
  };
  summaryRow('cpu', milliValue);
  summaryRow('memory', wholeValue);
  summaryRow('ephemeral-storage', wholeValue);
  const names = [...allocatable.keys()].sort();
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) summaryRow(name, wholeValue);
  // Extended resources: anything that is not a standard container resource nor the pod count.
  const standard = (n: string): boolean => n === 'cpu' || n === 'memory' || n === 'ephemeral-storage' || n.startsWith('hugepages-');
  for (const name of names.filter((n) => !standard(n) && n !== 'pods')) {
    w.write(LEVEL_1, `${name}\t${formatQuantity(amount(totalRequests, name))}\t${formatQuantity(amount(totalLimits, name))}\n`);
  }
}

/**
 * `kubectl describe node`. podsOnNode are the pods bound to the node (terminal ones are dropped, as
 * kubectl's field selector does); lease is the node's kube-node-lease Lease, if there is one.
 */
export function describeNode(node: Node, podsOnNode: readonly Pod[], events: readonly Event[], nowMs: number, lease?: NodeLease): string {
  const w = new PrefixWriter();
  const metadata = node.metadata ?? {};
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  w.write(LEVEL_0, `Name:\t${metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Roles:\t${findNodeRoles(node).join(',') || '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatTime(metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, 'Taints:\t');
  const taints = [...(spec.taints ?? [])].sort((a, b) => compareGoStrings(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  if (taints.length === 0) w.writeLine('<none>');
  taints.forEach((taint, i) => w.write(LEVEL_0, `${i === 0 ? '' : '\t'}${taintString(taint)}\n`));
  w.write(LEVEL_0, `Unschedulable:\t${Boolean(spec.unschedulable)}\n`);
  if (lease) {
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? formatTime(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? formatTime(lease.spec.renewTime) : '<unset>'}\n`);
  } else {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${metadata.name ?? ''}" not found\n`);
  }
  if (status.conditions && status.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(
        LEVEL_1,
        `${c.type} \t${c.status} \t${formatTime(c.lastHeartbeatTime)} \t${formatTime(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const address of status.addresses ?? []) w.write(LEVEL_1, `${address.type}:\t${address.address}\n`);
  for (const [title, list] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) continue;
    w.write(LEVEL_0, `${title}:\n`);
    for (const name of names) w.write(LEVEL_0, `  ${name}:\t${formatQuantity(parseQuantity(list![name]!))}\n`);
  }
  const info = status.nodeInfo;
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (spec.podCIDRs && spec.podCIDRs.length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
  // The apiserver lists the pods in key order: by namespace, then name.
  const nonTerminated = podsOnNode
    .filter((pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')
    .sort(
      (a, b) =>
        compareGoStrings(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') ||
        compareGoStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''),
    );
  writeNodeResources(w, node, nonTerminated, nowMs);
  writeEvents(w, events, nowMs);
  return w.toString();
}
