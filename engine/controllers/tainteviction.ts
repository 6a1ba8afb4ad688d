// The taint-eviction controller (pkg/controller/tainteviction/taint_eviction.go, a separate
// controller since v1.29): a pod on a node with NoExecute taints is deleted at once if it does not
// tolerate them all, or after the shortest tolerationSeconds of the tolerations it uses; a pod that
// tolerates them forever stays. Removing the taints (or the pod) cancels a scheduled deletion.
// Before deleting, it sets the pod's DisruptionTarget condition.
import type { WatchEvent } from '../api/store.ts';
import type { KubeObject, Node, Pod, PodCondition, Taint, Toleration } from '../api/types.ts';
import type { DeepReadonly } from '../api/types.ts';
import { toRfc3339 } from '../clock.ts';
import type { StoredPod } from '../api/pods.ts';
import { tolerates } from '../api/scheduling.ts';
import { noExecuteTaints, taintListsEqual } from '../api/taints.ts';
import { UserError } from '../errors.ts';
import type { TimedEvent } from '../loop.ts';
import { WorkQueue, type Controller, type ControllerContext } from './base.ts';

const NODE_PREFIX = 'node\u0000';
const POD_PREFIX = 'pod\u0000';

type RO<T> = DeepReadonly<T>;

/**
 * A deletion in the TimedWorkerQueue: pending until its timer fires. A done one keeps its key, so
 * later additions are skipped until the key is cancelled (as upstream's nil worker does).
 */
interface TimedWork {
  createdAtMs: number;
  /** The pending timer; it stays set from firing until the deletion runs in a sync. */
  timer?: TimedEvent;
  fired?: boolean;
}

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  readonly queue: WorkQueue;
  /** taintedNodes: each node's NoExecute taints, for nodes that have any. */
  private readonly taintedNodes = new Map<string, RO<Taint>[]>();
  /** taintEvictionQueue: deletions by `namespace/name`. */
  private readonly work = new Map<string, TimedWork>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    ctx.store.watch('Node', (ev) => this.nodeUpdated(ev));
    ctx.store.watch('Pod', (ev) => this.podUpdated(ev));
  }

  /** NodeUpdated: only a change of the node's NoExecute taints matters. */
  private nodeUpdated(ev: WatchEvent): void {
    const node = ev.object as RO<Node & KubeObject>;
    if (ev.type === 'MODIFIED' && taintListsEqual(noExecuteTaints(ev.old as RO<Node>), noExecuteTaints(node))) return;
    this.queue.add(`node\u0000${node.metadata.name}`);
  }

  /** PodUpdated: a new or deleted pod, or one whose tolerations or node changed. */
  private podUpdated(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    const old = ev.old as StoredPod | undefined;
    if (ev.type === 'MODIFIED' && old && (old.spec === pod.spec || (old.spec?.nodeName === pod.spec?.nodeName && JSON.stringify(old.spec?.tolerations ?? []) === JSON.stringify(pod.spec?.tolerations ?? [])))) return;
    // The sync would do nothing for a pod with no pending work on a node without NoExecute taints
    // (a node tainted later is handled by handleNodeUpdate, which goes through all its pods).
    const nodeName = pod.spec?.nodeName;
    // (With no work pending, no key is made to look it up.)
    if (!(nodeName && this.taintedNodes.has(nodeName)) && (this.work.size === 0 || !this.work.has(`${pod.metadata.namespace}/${pod.metadata.name}`))) return;
    this.queue.add(`pod\u0000${pod.metadata.namespace}\u0000${pod.metadata.name}\u0000${pod.spec?.nodeName ?? ''}`);
  }

  sync(key: string): void {
    // `node\0<node>`, `pod\0<namespace>\0<name>\0<node>` or `fire\0<namespace>\0<name>` (no part
    // has a NUL), read with indexOf and slice rather than split (a runtime call per sync).
    const at1 = key.indexOf('\u0000') + 1;
    if (key.startsWith(NODE_PREFIX)) return this.handleNodeUpdate(key.slice(at1));
    const at2 = key.indexOf('\u0000', at1) + 1;
    if (key.startsWith(POD_PREFIX)) {
      const at3 = key.indexOf('\u0000', at2) + 1;
      return this.handlePodUpdate(key.slice(at1, at2 - 1), key.slice(at2, at3 - 1), key.slice(at3));
    }
    this.fire(key.slice(at1, at2 - 1), key.slice(at2));
  }

  /** A controller-manager restart forgets the queue; the informer's initial list replays every node. */
  restart(): void {
    for (const w of this.work.values()) if (w.timer) w.timer.cancelled = true;
    this.work.clear();
    this.taintedNodes.clear();
    for (const node of this.ctx.store.list('Node')) this.queue.add(`node\u0000${node.metadata.name}`);
  }

  private handlePodUpdate(namespace: string, name: string, nodeName: string): void {
    const key = `${namespace}/${name}`;
    const pod = this.ctx.store.get<Pod & KubeObject>('Pod', namespace, name) as StoredPod | undefined;
    if (!pod) return this.cancelWithEvent(key, namespace, name);
    // Work is keyed by node; a pod that moved is handled under its current node.
    if ((pod.spec?.nodeName ?? '') !== nodeName || !nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(pod, taints, this.ctx.clock.nowMs());
  }

  private handleNodeUpdate(nodeName: string): void {
    const node = this.ctx.store.get<Node & KubeObject>('Node', '', nodeName);
    if (!node) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = noExecuteTaints(node);
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const pods = this.ctx.store.byIndex('Pod', 'node', nodeName) as StoredPod[];
    pods.sort((x, y) => (x.metadata.namespace! + '/' + x.metadata.name! < y.metadata.namespace! + '/' + y.metadata.name! ? -1 : 1));
    if (taints.length === 0) {
      // "All taints were removed from the node. Cancelling all evictions..."
      for (const pod of pods) this.cancelWithEvent(`${pod.metadata.namespace}/${pod.metadata.name}`, pod.metadata.namespace!, pod.metadata.name!);
      return;
    }
    const now = this.ctx.clock.nowMs();
    for (const pod of pods) this.processPodOnNode(pod, taints, now);
  }

  /** processPodOnNode: delete now, later, or never, from the tolerations the pod uses. */
  private processPodOnNode(pod: StoredPod, taints: readonly RO<Taint>[], nowMs: number): void {
    const namespace = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    const key = `${namespace}/${name}`;
    if (taints.length === 0) this.cancelWithEvent(key, namespace, name);
    const used = matchingTolerations(taints, pod.spec?.tolerations);
    if (used === undefined) {
      // Not every taint is tolerated: the pod goes right away.
      this.cancelWithEvent(key, namespace, name);
      this.addWork(key, namespace, name, nowMs, nowMs);
      return;
    }
    const minMs = minTolerationMs(used);
    if (minMs < 0) {
      // Tolerated forever: any scheduled deletion is cancelled.
      this.cancelWithEvent(key, namespace, name);
      return;
    }
    let startMs = nowMs;
    const existing = this.work.get(key);
    if (existing?.timer) {
      // A deletion decided earlier keeps its start; one decided at this very instant is redone.
      startMs = existing.createdAtMs;
      if (startMs + minMs < nowMs + minMs) return;
      this.cancelWithEvent(key, namespace, name);
    }
    this.addWork(key, namespace, name, startMs, startMs + minMs);
  }

  /** AddWork: skipped while the key is known; a deletion due already runs at once. */
  private addWork(key: string, namespace: string, name: string, createdAtMs: number, fireAtMs: number): void {
    if (this.work.has(key)) return;
    const work: TimedWork = { createdAtMs };
    this.work.set(key, work);
    if (fireAtMs <= createdAtMs) return this.deletePod(namespace, name);
    work.timer = this.ctx.loop.at(this.ctx.clock.nowMs() + (fireAtMs - createdAtMs), `taint-eviction-controller: delete pod ${key}`, () => {
      work.fired = true;
      this.queue.add(`fire\u0000${namespace}\u0000${name}`);
    });
  }

  /** A timer that fired: the deletion runs unless it was cancelled meanwhile. */
  private fire(namespace: string, name: string): void {
    const work = this.work.get(`${namespace}/${name}`);
    if (!work?.fired) return;
    work.fired = false;
    work.timer = undefined;
    this.deletePod(namespace, name);
  }

  /** CancelWork: forgets the key; the `Cancelling deletion` event only when a deletion was pending. */
  private cancelWithEvent(key: string, namespace: string, name: string): void {
    const work = this.work.get(key);
    if (!work) return;
    this.work.delete(key);
    if (!work.timer) return;
    work.timer.cancelled = true;
    this.event(namespace, name, `Cancelling deletion of Pod ${key}`);
  }

  /** deletePodHandler: the event first, then addConditionAndDeletePod with the pod's own grace period. */
  private deletePod(namespace: string, name: string): void {
    this.event(namespace, name, `Marking for deletion Pod ${namespace}/${name}`);
    const { store } = this.ctx;
    const pod = store.get<Pod & KubeObject>('Pod', namespace, name) as StoredPod | undefined;
    if (!pod) return;
    const conditions = (pod.status?.conditions ?? []) as PodCondition[];
    const disruption: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: toRfc3339(this.ctx.clock.nowMs()) };
    const next = updatePodCondition(conditions, disruption);
    if (next) store.update({ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, conditions: next } } as KubeObject, { validate: false, subresource: 'status' });
    try {
      store.delete('Pod', namespace, name);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }

  /** emitPodDeletionEvent / emitCancelPodDeletionEvent: the reference names the pod but carries no uid. */
  private event(namespace: string, name: string, message: string): void {
    const ref = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } };
    this.ctx.events.record(ref, 'Normal', 'TaintManagerEviction', message, { component: this.name });
  }
}

/**
 * GetMatchingTolerations: for each taint the first toleration that tolerates it, or undefined when
 * some taint is not tolerated.
 */
export function matchingTolerations(taints: readonly RO<Taint>[], tolerations: readonly RO<Toleration>[] | undefined): RO<Toleration>[] | undefined {
  const used: RO<Toleration>[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => tolerates(x, taint));
    if (!t) return undefined;
    used.push(t);
  }
  return used;
}

/** getMinTolerationTime: the shortest tolerationSeconds in ms, 0 for none used or a non-positive one, -1 for forever. */
export function minTolerationMs(tolerations: readonly RO<Toleration>[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/**
 * UpdatePodCondition (pkg/api/v1/pod/util.go): the conditions with this one set, keeping the old
 * transition time when the status is unchanged; undefined when nothing changed.
 */
export function updatePodCondition(conditions: readonly PodCondition[], condition: PodCondition): PodCondition[] | undefined {
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) return [...conditions, condition];
  const old = conditions[i];
  const next = old.status === condition.status ? { ...condition, lastTransitionTime: old.lastTransitionTime } : condition;
  const equal = next.status === old.status && (next.reason ?? '') === (old.reason ?? '') && (next.message ?? '') === (old.message ?? '') && next.lastTransitionTime === old.lastTransitionTime;
  if (equal) return undefined;
  const out = [...conditions];
  out[i] = next;
  return out;
}
