// kubectl cordon, uncordon, drain and taint (k8s.io/kubectl/pkg/cmd/drain/drain.go,
// pkg/drain/drain.go and filters.go, pkg/cmd/taint/taint.go and utils.go, as of v1.32).
// `drain` waits, in virtual time, for the pods it evicts to be gone, polling every second as the
// real one does; without --timeout the simulation gives up after 15 virtual minutes, where the
// real command would wait for ever.
import { KubectlError, UserError } from '../../errors.ts';
import { bool, int, parseFlags, str, type FlagSpec, type ParsedArgs } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { NAMESPACE_FLAGS } from './common.ts';
import { isQualifiedName, isValidLabelValue, parseListSelector, parseSelector } from '../../api/labels.ts';
import { kindInfo, resolveResource } from '../../api/kinds.ts';
import { notFound, type Stored } from '../../api/store.ts';
import type { KubeObject, Node, Pod, PodCondition, Taint } from '../../api/types.ts';
import type { StoredPod } from '../../api/pods.ts';
import { getControllerOf } from '../../controllers/owners.ts';
import { updatePodCondition } from '../../controllers/tainteviction.ts';
import { matchTaint, taintToString } from '../../api/taints.ts';
import { toRfc3339 } from '../../clock.ts';
import { parseDuration } from '../../duration.ts';
import { goDuration } from '../duration.ts';

type StoredNode = Stored<Node & KubeObject>;

const SELECTOR_FLAG: FlagSpec = { name: 'selector', shorthand: 'l', type: 'string' };
const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' };
// The simulation's bound on a drain that the real kubectl would let wait for ever.
const DRAIN_WAIT_CAP_MS = 15 * 60 * 1000;
// pkg/drain/drain.go: waitForDelete polls every second.
const DRAIN_POLL_INTERVAL_MS = 1000;

/** cmdutil.UsageErrorf as CheckErr prints it. */
function usageErrorf(command: string, message: string): KubectlError {
  return new KubectlError(`${message.startsWith('error: ') ? message : `error: ${message}`}\nSee 'kubectl ${command} -h' for help and examples`);
}

/** The nodes a cordon, uncordon or drain names, or that its --selector matches (drain.go Complete). */
function selectNodes(ctx: CommandContext, command: string, p: ParsedArgs): StoredNode[] {
  const selector = str(p, 'selector');
  if (p.args.length === 0 && selector === undefined) throw usageErrorf(command, `USAGE: ${command} NODE [flags]`);
  if (p.args.length > 0 && selector) throw usageErrorf(command, 'error: cannot specify both a node name and a --selector option');
  const { store } = ctx.cluster;
  if (selector !== undefined) {
    const sel = parseListSelector(selector, '/v1, Resource=nodes', '');
    return (store.list<Node & KubeObject>('Node') as StoredNode[]).filter((n) => sel.matches(n.metadata.labels as Record<string, string> | undefined));
  }
  return p.args.map((arg) => {
    const slash = arg.indexOf('/');
    if (slash >= 0 && resolveResource(arg.slice(0, slash))?.kind !== 'Node') {
      throw new KubectlError(`error: expected resource of type node, got "${arg.slice(0, slash)}"`);
    }
    const name = slash >= 0 ? arg.slice(slash + 1) : arg;
    const node = store.get<Node & KubeObject>('Node', '', name) as StoredNode | undefined;
    if (!node) throw notFound(kindInfo('Node')!, name);
    return node;
  });
}

/** RunCordonOrUncordon: set or clear spec.unschedulable, printing what changed. */
function cordonOrUncordon(ctx: CommandContext, nodes: readonly StoredNode[], desired: boolean): void {
  const { store } = ctx.cluster;
  for (const node of nodes) {
    const current = store.get<Node & KubeObject>('Node', '', node.metadata.name!) ?? node;
    if (Boolean(current.spec?.unschedulable) === desired) {
      ctx.out(`node/${node.metadata.name} already ${desired ? 'cordoned' : 'uncordoned'}`);
      continue;
    }
    // The CordonHelper's two-way merge patch: `unschedulable: true`, or the field removed.
    const spec = { ...current.spec, unschedulable: desired ? true : undefined };
    if (!desired) delete spec.unschedulable;
    store.update({ ...current, metadata: { ...current.metadata, resourceVersion: undefined }, spec } as KubeObject, { validate: false });
    ctx.cluster.settle();
    ctx.out(`node/${node.metadata.name} ${desired ? 'cordoned' : 'uncordoned'}`);
  }
}

export function runCordon(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('cordon', argv, [...NAMESPACE_FLAGS, SELECTOR_FLAG, DRY_RUN_FLAG]);
  cordonOrUncordon(ctx, selectNodes(ctx, 'cordon', p), true);
}

export function runUncordon(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('uncordon', argv, [...NAMESPACE_FLAGS, SELECTOR_FLAG, DRY_RUN_FLAG]);
  cordonOrUncordon(ctx, selectNodes(ctx, 'uncordon', p), false);
}

// ---- drain ---------------------------------------------------------------------------------------

// pkg/drain/filters.go
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror'; // k8s.io/api/core/v1 MirrorPodAnnotationKey

interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  disableEviction: boolean;
  gracePeriodSeconds: number;
  timeoutMs: number | undefined;
  podSelector: string | undefined;
}

type PodDeleteStatus = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

/** The filters in their order; the last status counts, and a pod not to delete stops the chain (filterPods). */
function podDeleteStatus(ctx: CommandContext, pod: StoredPod, o: DrainOptions): PodDeleteStatus {
  const okay: PodDeleteStatus = { delete: true, reason: 'Okay' };
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const ref = getControllerOf(pod);
  const filters: (() => PodDeleteStatus)[] = [
    // daemonSetFilter: a DaemonSet's pods stay (the controller would recreate them at once).
    () => {
      if (ref?.kind !== 'DaemonSet' || finished) return okay;
      if (!ctx.cluster.store.get('DaemonSet', pod.metadata.namespace!, ref.name)) {
        const message = `daemonsets.apps "${ref.name}" not found`;
        return o.force ? { delete: true, reason: 'Warning', message } : { delete: false, reason: 'Error', message };
      }
      return o.ignoreDaemonSets ? { delete: false, reason: 'Warning', message: DAEMONSET_WARNING } : { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
    },
    // mirrorPodFilter: static pods are the kubelet's.
    () => (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? { delete: false, reason: 'Skip' } : okay),
    // localStorageFilter: emptyDir data would be lost.
    () => {
      if (!(pod.spec?.volumes ?? []).some((v) => v.emptyDir) || finished) return okay;
      return o.deleteEmptyDirData ? { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING } : { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    },
    // unreplicatedFilter: nothing would recreate a bare pod.
    () => {
      if (finished || ref) return okay;
      return o.force ? { delete: true, reason: 'Warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  let status = okay;
  for (const f of filters) {
    status = f();
    if (!status.delete) break;
  }
  return status;
}

/** GetPodsForDeletion: the node's pods in list order with what the filters say about each. */
function podsForDeletion(ctx: CommandContext, nodeName: string, o: DrainOptions): { pod: StoredPod; status: PodDeleteStatus }[] {
  const sel = o.podSelector !== undefined ? parseSelector(o.podSelector) : undefined;
  const pods = (ctx.cluster.store.byIndex<Pod & KubeObject>('Pod', 'node', nodeName) as StoredPod[])
    .filter((pod) => !sel || sel.matches(pod.metadata.labels as Record<string, string> | undefined))
    .sort((a, b) => {
      const ka = `${a.metadata.namespace}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  return pods.map((pod) => ({ pod, status: podDeleteStatus(ctx, pod, o) }));
}

/** PodDeleteList.errors and Warnings: pods grouped by message, `ns/name` joined with ", ". */
function groupByMessage(list: { pod: StoredPod; status: PodDeleteStatus }[], reason: 'Warning' | 'Error'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { pod, status } of list) {
    if (status.reason !== reason) continue;
    const message = status.message || (reason === 'Error' ? 'unexpected error' : '');
    if (!out.has(message)) out.set(message, []);
    out.get(message)!.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }
  return out;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several in brackets. */
function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

export function runDrain(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('drain', argv, [
    ...NAMESPACE_FLAGS,
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    { name: 'force', type: 'bool' },
    { name: 'ignore-daemonsets', type: 'bool' },
    { name: 'delete-emptydir-data', type: 'bool' },
    { name: 'delete-local-data', type: 'bool' },
    { name: 'disable-eviction', type: 'bool' },
    { name: 'grace-period', type: 'int' },
    { name: 'timeout', type: 'string' },
    { name: 'pod-selector', type: 'string' },
    { name: 'skip-wait-for-delete-timeout', type: 'int' },
    { name: 'chunk-size', type: 'int' },
  ]);
  if (p.flags.has('delete-local-data')) {
    // pflag's notice for a deprecated flag.
    ctx.err('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.');
  }
  const timeout = str(p, 'timeout');
  const o: DrainOptions = {
    force: bool(p, 'force'),
    ignoreDaemonSets: bool(p, 'ignore-daemonsets'),
    deleteEmptyDirData: bool(p, 'delete-emptydir-data') || bool(p, 'delete-local-data'),
    disableEviction: bool(p, 'disable-eviction'),
    gracePeriodSeconds: int(p, 'grace-period') ?? -1,
    timeoutMs: timeout !== undefined && parseDuration(timeout) > 0 ? parseDuration(timeout) : undefined,
    podSelector: str(p, 'pod-selector'),
  };
  if (o.podSelector !== undefined) {
    try {
      parseSelector(o.podSelector);
    } catch {
      throw new KubectlError('error: --pod-selector=<pod_selector> must be a valid label selector');
    }
  }
  const nodes = selectNodes(ctx, 'drain', p);
  cordonOrUncordon(ctx, nodes, true);
  const fatal: string[][] = [];
  const remaining: string[] = [];
  for (const node of nodes) {
    const errors = drainNode(ctx, node.metadata.name!, o);
    if (errors === undefined) {
      ctx.out(`node/${node.metadata.name} drained`);
      continue;
    }
    ctx.err(`error: unable to drain node "${node.metadata.name}" due to error: ${aggregate(errors)}, continuing command...`);
    fatal.push(errors);
    remaining.push(node.metadata.name!);
  }
  if (remaining.length === 0) return;
  ctx.err(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}`).join('\n')}`);
  // CheckErr unwraps an aggregate of one and prints an aggregate as MultipleErrors: each
  // message on its own line, without a prefix.
  ctx.failed = true;
  const lines = fatal.length === 1 ? fatal[0] : fatal.map(aggregate);
  for (const line of lines) ctx.err(line);
}

/** deleteOrEvictPodsSimple: the errors (an aggregate) when the node cannot be drained, undefined when it is. */
function drainNode(ctx: CommandContext, nodeName: string, o: DrainOptions): string[] | undefined {
  const list = podsForDeletion(ctx, nodeName, o);
  const errors = [...groupByMessage(list, 'Error')].map(([message, pods]) => (message.toLowerCase().startsWith('cannot delete') ? `${message}: ${pods.join(', ')}` : `cannot delete ${message}: ${pods.join(', ')}`));
  if (errors.length > 0) return errors;
  const warnings = [...groupByMessage(list, 'Warning')].map(([message, pods]) => `${message}: ${pods.join(', ')}`);
  if (warnings.length > 0) ctx.err(`Warning: ${warnings.join('; ')}`);
  const toDelete = list.filter((x) => x.status.delete).map((x) => x.pod);
  const failures = o.disableEviction ? deletePods(ctx, toDelete, o) : evictPods(ctx, toDelete, o);
  if (failures === undefined) return undefined;
  const pending = podsForDeletion(ctx, nodeName, o).filter((x) => x.status.delete);
  if (pending.length > 0) ctx.err(`There are pending pods in node "${nodeName}" when an error occurred: ${aggregate(failures)}\n${pending.map((x) => `pod/${x.pod.metadata.name}`).join('\n')}`);
  return failures;
}

/** evictPods: an eviction per pod (a delete here, no PodDisruptionBudget being simulated), then wait for each to go. */
function evictPods(ctx: CommandContext, pods: readonly StoredPod[], o: DrainOptions): string[] | undefined {
  for (const pod of pods) {
    ctx.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}`);
    evict(ctx, pod, o.gracePeriodSeconds);
  }
  const timedOut = waitForDelete(ctx, pods, o.timeoutMs, 'evicted');
  if (timedOut.length === 0) return undefined;
  const limit = goDuration(o.timeoutMs!);
  return timedOut.map((pod) => `error when waiting for pod "${pod.metadata.name}" in namespace "${pod.metadata.namespace}" to terminate: global timeout reached: ${limit}`);
}

/** deletePods (--disable-eviction): plain deletes, then one wait for them all. */
function deletePods(ctx: CommandContext, pods: readonly StoredPod[], o: DrainOptions): string[] | undefined {
  for (const pod of pods) deletePod(ctx, pod, o.gracePeriodSeconds);
  return waitForDelete(ctx, pods, o.timeoutMs, 'deleted').length > 0 ? ['timed out waiting for the condition'] : undefined;
}

/** The eviction subresource with no disruption budget: the DisruptionTarget condition, then a graceful delete. */
function evict(ctx: CommandContext, pod: StoredPod, gracePeriodSeconds: number): void {
  const { store } = ctx.cluster;
  const current = store.get<Pod & KubeObject>('Pod', pod.metadata.namespace!, pod.metadata.name!) as StoredPod | undefined;
  if (!current) return;
  if (current.metadata.deletionTimestamp === undefined) {
    // pkg/registry/core/pod/storage/eviction.go addConditionAndDeletePod
    const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: toRfc3339(ctx.cluster.nowMs()) };
    const conditions = updatePodCondition((current.status?.conditions ?? []) as PodCondition[], condition);
    if (conditions) store.update({ ...current, metadata: { ...current.metadata, resourceVersion: undefined }, status: { ...current.status, conditions } } as KubeObject, { validate: false, subresource: 'status' });
  }
  deletePod(ctx, current, gracePeriodSeconds);
}

function deletePod(ctx: CommandContext, pod: StoredPod, gracePeriodSeconds: number): void {
  try {
    ctx.cluster.store.delete('Pod', pod.metadata.namespace!, pod.metadata.name!, gracePeriodSeconds >= 0 ? { gracePeriodSeconds } : {});
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
  }
  ctx.cluster.settle();
}

/**
 * waitForDelete: polls every second (first at once) and prints `pod/<name> <verb>` as each pod goes
 * (or is replaced by one with another uid); returns the pods still there when the timeout ends.
 */
function waitForDelete(ctx: CommandContext, pods: readonly StoredPod[], timeoutMs: number | undefined, verb: string): StoredPod[] {
  const cluster = ctx.cluster;
  const startMs = cluster.nowMs();
  const deadlineMs = startMs + (timeoutMs ?? DRAIN_WAIT_CAP_MS);
  let pending = [...pods];
  for (;;) {
    pending = pending.filter((pod) => {
      const current = cluster.store.get('Pod', pod.metadata.namespace!, pod.metadata.name!);
      if (current && current.metadata.uid === pod.metadata.uid) return true;
      ctx.out(`pod/${pod.metadata.name} ${verb}`);
      return false;
    });
    const now = cluster.nowMs();
    if (pending.length === 0) return [];
    if (now >= deadlineMs) {
      if (timeoutMs !== undefined) return pending;
      throw new KubectlError(`error: pods on the node were still terminating after ${goDuration(DRAIN_WAIT_CAP_MS)} of virtual time; the real kubectl drain would go on waiting (give --timeout to bound it)`);
    }
    // Polls between two events see nothing new: move to the first poll after the next event.
    const nextEvent = cluster.loop.peekTimeMs() ?? deadlineMs;
    const after = Math.max(nextEvent, now + DRAIN_POLL_INTERVAL_MS);
    const poll = Math.min(startMs + Math.ceil((after - startMs) / DRAIN_POLL_INTERVAL_MS) * DRAIN_POLL_INTERVAL_MS, startMs + Math.ceil((deadlineMs - startMs) / DRAIN_POLL_INTERVAL_MS) * DRAIN_POLL_INTERVAL_MS);
    cluster.advance(poll - now);
  }
}

// ---- taint ---------------------------------------------------------------------------------------

/** parseTaint: `key=value:effect`, `key:effect` or `key`. */
function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) {
    key = parts[0];
  } else if (parts.length === 2) {
    effect = parts[1];
    if (effect !== 'NoSchedule' && effect !== 'PreferNoSchedule' && effect !== 'NoExecute') throw new UserError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0].split('=');
    if (kv.length > 2) throw new UserError(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length > 0) throw new UserError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else {
    throw new UserError(`invalid taint spec: ${spec}`);
  }
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw new UserError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
  const taint: Taint = { key, effect: effect as Taint['effect'] };
  if (value) taint.value = value;
  return taint;
}

/** parseTaints: taints to add (with an effect, unique by key and effect) and to remove (`...-`). */
function parseTaints(specs: readonly string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new UserError(`invalid taint spec: ${spec}`);
    if (add.some((x) => matchTaint(x, t))) throw new UserError(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
    add.push(t);
  }
  return { add, remove };
}

export function runTaint(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('taint', argv, [
    ...NAMESPACE_FLAGS,
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    { name: 'all', type: 'bool' },
    { name: 'overwrite', type: 'bool' },
    { name: 'output', shorthand: 'o', type: 'string' },
    { name: 'validate', type: 'string', noOptDefault: 'strict' },
    { name: 'field-manager', type: 'string' },
  ]);
  // Complete: resources first, then taint changes.
  const resources: string[] = [];
  const taintArgs: string[] = [];
  for (const a of p.args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-');
    if (isTaint) taintArgs.push(a);
    else if (taintArgs.length > 0) throw new KubectlError(`error: all resources must be specified before taint changes: ${a}`);
    else resources.push(a);
  }
  if (resources.length < 1) throw new KubectlError('error: one or more resources must be specified as <resource> <name>');
  if (taintArgs.length < 1) throw new KubectlError('error: at least one taint update is required');
  let parsed: { add: Taint[]; remove: Taint[] };
  try {
    parsed = parseTaints(taintArgs);
  } catch (e) {
    if (e instanceof UserError) throw usageErrorf('taint', e.message);
    throw e;
  }
  // Validate: node types only, no taint both added and removed, names or --all or --selector.
  const type = resources[0].toLowerCase();
  const info = resolveResource(type);
  if (!info) throw new KubectlError(`error: the server doesn't have a resource type "${type}"`);
  if (info.kind !== 'Node') throw new KubectlError(`error: invalid resource type ${type}, only node types are supported`);
  const conflicts = parsed.add.flatMap((a) => parsed.remove.filter((r) => a.key === r.key && (!r.effect || a.effect === r.effect)).map((r) => `{"${r.key}":"${r.effect ?? ''}"}`));
  if (conflicts.length > 0) throw new KubectlError(`error: can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  const all = bool(p, 'all');
  const selector = str(p, 'selector') ?? '';
  if (all && selector) throw new KubectlError("error: setting 'all' parameter with a non empty selector is prohibited");
  if (!all && !selector && resources.length < 2) throw new KubectlError("error: at least one resource name must be specified since 'all' parameter is not set");

  const { store } = ctx.cluster;
  let nodes: StoredNode[];
  if (all || selector) {
    const sel = selector ? parseListSelector(selector, '/v1, Resource=nodes', '') : undefined;
    nodes = (store.list<Node & KubeObject>('Node') as StoredNode[]).filter((n) => !sel || sel.matches(n.metadata.labels as Record<string, string> | undefined));
  } else {
    nodes = [];
    for (const name of resources.slice(1)) {
      const node = store.get<Node & KubeObject>('Node', '', name) as StoredNode | undefined;
      if (node) nodes.push(node);
      else ctx.fail(notFound(info, name));
    }
  }
  for (const node of nodes) {
    try {
      const operation = updateTaints(ctx, node, parsed.add, parsed.remove, bool(p, 'overwrite'));
      ctx.out(`node/${node.metadata.name} ${operation}`);
    } catch (e) {
      ctx.fail(e);
    }
  }
}

/** updateTaints and reorganizeTaints: the new list and the word for what happened (tainted, untainted, modified). */
function updateTaints(ctx: CommandContext, node: StoredNode, add: readonly Taint[], remove: readonly Taint[], overwrite: boolean): string {
  const old = (node.spec?.taints ?? []) as Taint[];
  if (!overwrite) {
    const existing = add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
    if (existing.length > 0) throw new KubectlError(`error: node ${node.metadata.name} already has ${existing.join(',')} taint(s) with same effect(s) and --overwrite is false`);
  }
  let taints: Taint[] = [...add];
  for (const o of old) if (!taints.some((t) => matchTaint(t, o))) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(r.effect ? matchTaint(r, t) : t.key === r.key));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint "${taintToString(r)}" not found`);
  }
  if (errors.length > 0) throw new KubectlError(`error: ${aggregate(errors)}`);
  const spec = { ...node.spec, taints: taints.length > 0 ? taints : undefined };
  if (!spec.taints) delete spec.taints;
  ctx.cluster.store.update({ ...node, metadata: { ...node.metadata, resourceVersion: undefined }, spec } as KubeObject, { validate: false });
  ctx.cluster.settle();
  if ((added && deleted) || overwrite) return 'modified';
  return added ? 'tainted' : 'untainted';
}

