// What `kubectl get` prints for the kinds the simulator serves. Row contents mirror the server-side
// table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go, v1.32); the table
// decoration (NAMESPACE, -L, --show-labels, kind prefix, upper-cased headers, priority-1 columns
// only with -o wide) mirrors k8s.io/cli-runtime/pkg/printers/tableprinter.go.

import type {
  Container,
  CronJob,
  DaemonSet,
  Deployment,
  Event,
  Job,
  KubeObject,
  Node,
  ObjectMeta,
  Pod,
  PodCondition,
  ReplicaSet,
} from '../api/types.ts';
import { kindInfo } from '../api/kinds.ts';
import { formatLabels, formatLabelSelector, selectorFromLabelSelector } from '../api/labels.ts';
import { humanDuration, timestampMs, translateMicroTimestampSince, translateTimestampSince } from './duration.ts';
import { GET_TABWRITER_OPTIONS, tabwrite } from './tabwriter.ts';

/** The flags of `kubectl get` that change the table. Every field defaults to off / empty. */
export interface TableOptions {
  /** `-o wide`: also print the priority-1 columns. */
  wide?: boolean;
  /** `--show-labels`: a trailing LABELS column. */
  showLabels?: boolean;
  /** `-L key`: one upper-cased column per key with the label's value. */
  labelColumns?: readonly string[];
  /** `--no-headers`. */
  noHeaders?: boolean;
  /** Prefix names with `kind[.group]/`, as kubectl does when several types are printed. */
  withKind?: boolean;
  /** `-A`: a leading NAMESPACE column (never for cluster-scoped kinds). */
  allNamespaces?: boolean;
}

interface Column {
  name: string;
  /** Priority 1 in upstream's column definitions: shown only with -o wide. */
  wide?: boolean;
  /** The column with Format "name", which gets the kind prefix. */
  isName?: boolean;
}

interface KindTable {
  columns: readonly Column[];
  /** Every cell of the row, wide ones included, as the server generates them. */
  cells(obj: never, nowMs: number): string[];
}

// --- Helpers shared with describe ------------------------------------------------------------

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/'; // k8s.io/kubernetes/pkg/printers/internalversion/printers.go
const NODE_LABEL_ROLE = 'kubernetes.io/role'; // k8s.io/kubernetes/pkg/printers/internalversion/printers.go

/** findNodeRoles: `node-role.kubernetes.io/<role>` label suffixes and `kubernetes.io/role` values, sorted. */
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = key.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (key === NODE_LABEL_ROLE && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** The API group of an apiVersion: `apps` for `apps/v1`, `` for `v1`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

// --- Pods --------------------------------------------------------------------------------------

export interface PodSummary {
  readyContainers: number;
  totalContainers: number;
  reason: string;
  restarts: number;
  /** Latest lastState.terminated.finishedAt among the counted containers. */
  lastRestartMs: number | undefined;
}

function later(currentMs: number | undefined, timestamp: string | undefined): number | undefined {
  if (!timestamp) return currentMs;
  const ms = timestampMs(timestamp);
  return currentMs === undefined || currentMs < ms ? ms : currentMs;
}

function conditionIsTrue(conditions: readonly PodCondition[] | undefined, type: string): boolean {
  // isPodInitializedConditionTrue looks at the first Initialized condition only; hasPodReadyCondition
  // accepts any True Ready condition. Pods carry at most one condition of each type, so both agree.
  return (conditions ?? []).some((condition) => condition.type === type && condition.status === 'True');
}

// printPod in k8s.io/kubernetes/pkg/printers/internalversion/printers.go, including the >= 1.31
// rule that a deleted pod in a terminal phase keeps its phase reason instead of "Terminating".
export function summarizePod(pod: Pod): PodSummary {
  const status = pod.status ?? {};
  const initContainers = pod.spec?.initContainers ?? [];
  const sidecars = new Set(initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }
  let readyContainers = 0;
  let restarts = 0;
  let lastRestartMs: number | undefined;
  let sidecarRestarts = 0;
  let lastSidecarRestartMs: number | undefined;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    const finishedAt = container.lastState?.terminated?.finishedAt;
    restarts += container.restartCount ?? 0;
    lastRestartMs = later(lastRestartMs, finishedAt);
    const isSidecar = sidecars.has(container.name);
    if (isSidecar) {
      sidecarRestarts += container.restartCount ?? 0;
      lastSidecarRestartMs = later(lastSidecarRestartMs, finishedAt);
    }
    const { terminated, waiting } = container.state ?? {};
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isSidecar && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionIsTrue(status.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestartMs = lastSidecarRestartMs;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked backwards so that the first container's reason is the one that sticks.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestartMs = later(lastRestartMs, container.lastState?.terminated?.finishedAt);
      const { waiting, terminated, running } = container.state ?? {};
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A completed container next to a running one does not make the pod "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = conditionIsTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') {
    reason = 'Unknown'; // node.NodeUnreachablePodReason, k8s.io/kubernetes/pkg/util/node/node.go
  } else if (pod.metadata?.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    reason = 'Terminating';
  }
  return {
    readyContainers,
    totalContainers: (pod.spec?.containers.length ?? 0) + sidecars.size,
    reason,
    restarts,
    lastRestartMs,
  };
}

/** The STATUS column of `kubectl get pods`. */
export function podStatusReason(pod: Pod): string {
  return summarizePod(pod).reason;
}

function podCells(pod: Pod, nowMs: number): string[] {
  const summary = summarizePod(pod);
  const restarts =
    summary.restarts !== 0 && summary.lastRestartMs !== undefined
      ? `${summary.restarts} (${humanDuration(nowMs - summary.lastRestartMs)} ago)`
      : String(summary.restarts);
  const status = pod.status ?? {};
  const gates = pod.spec?.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    const trueGates = gates.filter(
      (gate) => (status.conditions ?? []).find((c) => c.type === gate.conditionType)?.status === 'True',
    ).length;
    readinessGates = `${trueGates}/${gates.length}`;
  }
  return [
    pod.metadata?.name ?? '',
    `${summary.readyContainers}/${summary.totalContainers}`,
    summary.reason,
    restarts,
    translateTimestampSince(pod.metadata?.creationTimestamp, nowMs),
    status.podIPs?.[0]?.ip || '<none>',
    pod.spec?.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    readinessGates,
  ];
}

// --- Other kinds -------------------------------------------------------------------------------

function nodeCells(node: Node, nowMs: number): string[] {
  // Only the Ready condition counts; a later condition of the same type wins, as in upstream's map.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  const info = node.status?.nodeInfo;
  const address = (type: string): string =>
    (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
  return [
    node.metadata?.name ?? '',
    status.join(','),
    findNodeRoles(node).join(',') || '<none>',
    translateTimestampSince(node.metadata?.creationTimestamp, nowMs),
    info?.kubeletVersion ?? '',
    address('InternalIP'),
    address('ExternalIP'),
    info?.osImage || '<unknown>',
    info?.kernelVersion || '<unknown>',
    info?.containerRuntimeVersion || '<unknown>',
  ];
}

/** layoutContainerCells: container names and images, comma-joined. */
function containerCells(containers: readonly Container[] | undefined): [string, string] {
  return [(containers ?? []).map((c) => c.name).join(','), (containers ?? []).map((c) => c.image ?? '').join(',')];
}

// apps/v1 defaults spec.replicas to 1 (k8s.io/kubernetes/pkg/apis/apps/v1/defaults.go).
const DEFAULT_REPLICAS = 1;

/** printDeployment prints selector.String(): no `<none>` for an empty one, `<invalid>` on error. */
function deploymentSelector(d: Deployment): string {
  try {
    return selectorFromLabelSelector(d.spec?.selector).toString();
  } catch {
    return '<invalid>';
  }
}

function deploymentCells(d: Deployment, nowMs: number): string[] {
  const status = d.status ?? {};
  return [
    d.metadata?.name ?? '',
    `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? DEFAULT_REPLICAS}`,
    String(status.updatedReplicas ?? 0),
    String(status.availableReplicas ?? 0),
    translateTimestampSince(d.metadata?.creationTimestamp, nowMs),
    ...containerCells(d.spec?.template.spec?.containers),
    deploymentSelector(d),
  ];
}

function replicaSetCells(rs: ReplicaSet, nowMs: number): string[] {
  const status = rs.status;
  return [
    rs.metadata?.name ?? '',
    String(rs.spec?.replicas ?? DEFAULT_REPLICAS),
    String(status?.replicas ?? 0),
    String(status?.readyReplicas ?? 0),
    translateTimestampSince(rs.metadata?.creationTimestamp, nowMs),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatLabelSelector(rs.spec?.selector),
  ];
}

function daemonSetCells(ds: DaemonSet, nowMs: number): string[] {
  const status = ds.status;
  return [
    ds.metadata?.name ?? '',
    String(status?.desiredNumberScheduled ?? 0),
    String(status?.currentNumberScheduled ?? 0),
    String(status?.numberReady ?? 0),
    String(status?.updatedNumberScheduled ?? 0),
    String(status?.numberAvailable ?? 0),
    formatLabels(ds.spec?.template.spec?.nodeSelector),
    translateTimestampSince(ds.metadata?.creationTimestamp, nowMs),
    ...containerCells(ds.spec?.template.spec?.containers),
    formatLabelSelector(ds.spec?.selector),
  ];
}

/** hasJobCondition: whether the first condition of that type is True. */
function hasJobCondition(job: Job, type: string): boolean {
  return job.status?.conditions?.find((c) => c.type === type)?.status === 'True';
}

function jobCells(job: Job, nowMs: number): string[] {
  const spec = job.spec;
  const succeeded = job.status?.succeeded ?? 0;
  let completions: string;
  if (spec?.completions !== undefined && spec.completions !== null) {
    completions = `${succeeded}/${spec.completions}`;
  } else {
    const parallelism = spec?.parallelism ?? 0;
    completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  }
  const { startTime, completionTime } = job.status ?? {};
  let duration = '';
  if (startTime && !completionTime) duration = humanDuration(nowMs - timestampMs(startTime));
  else if (startTime && completionTime) duration = humanDuration(timestampMs(completionTime) - timestampMs(startTime));
  let status = 'Running';
  if (hasJobCondition(job, 'Complete')) status = 'Complete';
  else if (hasJobCondition(job, 'Failed')) status = 'Failed';
  else if (job.metadata?.deletionTimestamp) status = 'Terminating';
  else if (hasJobCondition(job, 'Suspended')) status = 'Suspended';
  else if (hasJobCondition(job, 'FailureTarget')) status = 'FailureTarget';
  return [
    job.metadata?.name ?? '',
    status,
    completions,
    duration,
    translateTimestampSince(job.metadata?.creationTimestamp, nowMs),
    ...containerCells(spec?.template.spec?.containers),
    formatLabelSelector(spec?.selector),
  ];
}

/** printBoolPtr: `True`, `False` or `<unset>`. */
function printBoolPtr(value: boolean | undefined): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

function cronJobCells(cj: CronJob, nowMs: number): string[] {
  const lastSchedule = cj.status?.lastScheduleTime;
  const jobSpec = cj.spec?.jobTemplate.spec;
  return [
    cj.metadata?.name ?? '',
    cj.spec?.schedule ?? '',
    cj.spec?.timeZone ?? '<none>',
    printBoolPtr(cj.spec?.suspend),
    String(cj.status?.active?.length ?? 0),
    lastSchedule ? translateTimestampSince(lastSchedule, nowMs) : '<none>',
    translateTimestampSince(cj.metadata?.creationTimestamp, nowMs),
    ...containerCells(jobSpec?.template.spec?.containers),
    formatLabelSelector(jobSpec?.selector),
  ];
}

/** formatEventSource: component (or reportingController), then `, host` (or reportingInstance) if any. */
function formatEventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const host = event.source?.host || event.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** printLease: the holder identity, empty when unset. */
function leaseCells(lease: { metadata?: ObjectMeta; spec?: { holderIdentity?: string } }, nowMs: number): string[] {
  return [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', translateTimestampSince(lease.metadata?.creationTimestamp, nowMs)];
}

function eventCells(event: Event, nowMs: number): string[] {
  const firstSeen = event.firstTimestamp
    ? translateTimestampSince(event.firstTimestamp, nowMs)
    : translateMicroTimestampSince(event.eventTime, nowMs);
  let lastSeen = event.lastTimestamp ? translateTimestampSince(event.lastTimestamp, nowMs) : firstSeen;
  let count = event.count ?? 0;
  if (event.series) {
    lastSeen = translateMicroTimestampSince(event.series.lastObservedTime, nowMs);
    count = event.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // Singleton events of the events.k8s.io API carry no count.
  }
  const kind = (event.involvedObject.kind ?? '').toLowerCase();
  const target = event.involvedObject.name ? `${kind}/${event.involvedObject.name}` : kind;
  return [
    lastSeen,
    event.type ?? '',
    event.reason ?? '',
    target,
    event.involvedObject.fieldPath ?? '',
    formatEventSource(event),
    (event.message ?? '').trim(),
    firstSeen,
    String(count),
    event.metadata.name ?? '',
  ];
}

// --- Column definitions ------------------------------------------------------------------------

const NAME: Column = { name: 'Name', isName: true };
const AGE: Column = { name: 'Age' };
const TEMPLATE_COLUMNS: readonly Column[] = [
  { name: 'Containers', wide: true },
  { name: 'Images', wide: true },
  { name: 'Selector', wide: true },
];

// AddHandlers in k8s.io/kubernetes/pkg/printers/internalversion/printers.go (v1.32).
const TABLES: Record<string, KindTable> = {
  Pod: {
    columns: [
      NAME,
      { name: 'Ready' },
      { name: 'Status' },
      { name: 'Restarts' },
      AGE,
      { name: 'IP', wide: true },
      { name: 'Node', wide: true },
      { name: 'Nominated Node', wide: true },
      { name: 'Readiness Gates', wide: true },
    ],
    cells: podCells,
  },
  Node: {
    columns: [
      NAME,
      { name: 'Status' },
      { name: 'Roles' },
      AGE,
      { name: 'Version' },
      { name: 'Internal-IP', wide: true },
      { name: 'External-IP', wide: true },
      { name: 'OS-Image', wide: true },
      { name: 'Kernel-Version', wide: true },
      { name: 'Container-Runtime', wide: true },
    ],
    cells: nodeCells,
  },
  Deployment: {
    columns: [NAME, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, AGE, ...TEMPLATE_COLUMNS],
    cells: deploymentCells,
  },
  ReplicaSet: {
    columns: [NAME, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, AGE, ...TEMPLATE_COLUMNS],
    cells: replicaSetCells,
  },
  DaemonSet: {
    columns: [
      NAME,
      { name: 'Desired' },
      { name: 'Current' },
      { name: 'Ready' },
      { name: 'Up-to-date' },
      { name: 'Available' },
      { name: 'Node Selector' },
      AGE,
      ...TEMPLATE_COLUMNS,
    ],
    cells: daemonSetCells,
  },
  Job: {
    columns: [NAME, { name: 'Status' }, { name: 'Completions' }, { name: 'Duration' }, AGE, ...TEMPLATE_COLUMNS],
    cells: jobCells,
  },
  CronJob: {
    columns: [
      NAME,
      { name: 'Schedule' },
      { name: 'Timezone' },
      { name: 'Suspend' },
      { name: 'Active' },
      { name: 'Last Schedule' },
      AGE,
      ...TEMPLATE_COLUMNS,
    ],
    cells: cronJobCells,
  },
  Event: {
    columns: [
      { name: 'Last Seen' },
      { name: 'Type' },
      { name: 'Reason' },
      { name: 'Object' },
      { name: 'Subobject', wide: true },
      { name: 'Source', wide: true },
      { name: 'Message' },
      { name: 'First Seen', wide: true },
      { name: 'Count', wide: true },
      { name: 'Name', wide: true, isName: true },
    ],
    cells: eventCells,
  },
  Lease: {
    columns: [NAME, { name: 'Holder' }, AGE],
    cells: leaseCells,
  },
};

/**
 * A cell as the table printer writes it: cut at the first line break with `...` appended, and
 * terminal escape characters made visible.
 */
// k8s.io/cli-runtime/pkg/printers/tableprinter.go (printTable), terminal.go (WriteEscaped)
function cellText(value: string): string {
  // Most cells have neither a line break nor an escape character.
  if (!/[\f\n\r\x1b]/.test(value)) return value;
  const lineBreak = value.search(/[\f\n\r]/);
  const text = lineBreak >= 0 ? `${value.slice(0, lineBreak)}...` : value;
  return text.replaceAll('\x1b', '^[');
}

/**
 * The table `kubectl get` prints for objects of one kind, already in the order to print them.
 * Returns `` when there are no objects: kubectl prints no header then (the caller reports
 * "No resources found").
 */
export function printTable(kind: string, objects: readonly object[], nowMs: number, opts: TableOptions = {}): string {
  const table = TABLES[kind];
  const info = kindInfo(kind);
  if (!table || !info) throw new Error(`printTable: no table printer for kind ${kind}`);
  if (objects.length === 0) return '';
  const withNamespace = Boolean(opts.allNamespaces) && info.namespaced;
  const labelKeys = opts.labelColumns ?? [];
  const visible = table.columns.map((column) => Boolean(opts.wide) || !column.wide);
  const nameColumn = table.columns.findIndex((column) => column.isName);
  const kindPrefix = `${kind.toLowerCase()}${info.group ? `.${info.group}` : ''}/`;

  // Each row as the tabwriter reads it: its cells (as cellText writes them) each ended by a tab
  // but the last, then a newline.
  const lines: string[] = [];
  if (!opts.noHeaders) {
    lines.push(
      [
        ...(withNamespace ? ['NAMESPACE'] : []),
        ...table.columns.filter((_, i) => visible[i]).map((column) => column.name.toUpperCase()),
        // formatLabelHeaders: the last path segment of the key.
        ...labelKeys.map((key) => key.slice(key.lastIndexOf('/') + 1).toUpperCase()),
        ...(opts.showLabels ? ['LABELS'] : []),
      ]
        .map(cellText)
        .join('\t'),
    );
  }
  const row: string[] = [];
  for (const object of objects) {
    const metadata: ObjectMeta = (object as { metadata?: ObjectMeta }).metadata ?? {};
    const cells = table.cells(object as never, nowMs);
    if (opts.withKind) cells[nameColumn] = kindPrefix + cells[nameColumn];
    const labels = metadata.labels ?? {};
    row.length = 0;
    if (withNamespace) row.push(cellText(metadata.namespace ?? ''));
    for (let i = 0; i < cells.length; i++) if (visible[i]) row.push(cellText(cells[i]!));
    for (const key of labelKeys) row.push(cellText(labels[key] ?? ''));
    if (opts.showLabels) row.push(cellText(formatLabels(labels)));
    lines.push(row.join('\t'));
  }
  return tabwrite(`${lines.join('\n')}\n`, GET_TABWRITER_OPTIONS);
}

/** `kubectl get -o name`: `pod/kubia-xyz`, `deployment.apps/kubia`, one per line. */
// k8s.io/cli-runtime/pkg/printers/name.go
export function printNames(objects: readonly KubeObject[]): string {
  return objects
    .map((object) => {
      const group = groupOf(object.apiVersion);
      return `${object.kind.toLowerCase()}${group ? `.${group}` : ''}/${object.metadata.name ?? ''}\n`;
    })
    .join('');
}
