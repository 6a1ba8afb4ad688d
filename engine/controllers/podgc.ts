// The pod garbage collector (pkg/controller/podgc/gc_controller.go), for what happens to nodes:
// pods bound to a node that no longer exists are force-deleted once the node has stayed missing
// for a 40 s quarantine, and terminating pods on a NotReady node tainted out-of-service are
// force-deleted, each first marked Failed (with a DisruptionTarget condition for orphans). The
// terminated-pod threshold (12,500) is not simulated.
//
// Deliberate difference: upstream runs gc() every 20 s forever; here the passes run on the same
// 20 s grid, but only while a node deletion or an out-of-service taint may have left work.
import type { WatchEvent } from '../api/store.ts';
import { toRfc3339 } from '../clock.ts';
import type { KubeObject, Node, Pod, PodCondition } from '../api/types.ts';
import { isPodTerminal, type StoredPod } from '../api/pods.ts';
import { TAINT_NODE_OUT_OF_SERVICE } from '../api/taints.ts';
import { UserError } from '../errors.ts';
import type { TimedEvent } from '../loop.ts';
import { updatePodCondition } from './tainteviction.ts';
import { WorkQueue, type Controller, type ControllerContext } from './base.ts';

// pkg/controller/podgc/gc_controller.go
export const POD_GC_CHECK_PERIOD_MS = 20_000; // gcCheckPeriod
export const POD_GC_QUARANTINE_MS = 40_000; // quarantineTime

const GC_KEY = 'gc';

export class PodGarbageCollector implements Controller {
  readonly name = 'pod-garbage-collector';
  readonly queue: WorkQueue;
  private readonly startMs: number;
  /** nodeQueue: missing nodes and when their quarantine ends. */
  private readonly quarantined = new Map<string, number>();
  private gcEvent?: TimedEvent;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    this.startMs = ctx.clock.nowMs();
    ctx.store.watch('Node', (ev) => this.onNode(ev));
  }

  /** A deleted node, or a node tainted out-of-service, may leave pods to collect. */
  private onNode(ev: WatchEvent): void {
    const node = ev.object as Node & KubeObject;
    if (ev.type === 'DELETED' || (node.spec?.taints ?? []).some((t) => t.key === TAINT_NODE_OUT_OF_SERVICE)) this.gcAt(this.ctx.clock.nowMs());
  }

  private gcAt(ms: number): void {
    const tick = this.startMs + Math.ceil((ms - this.startMs) / POD_GC_CHECK_PERIOD_MS) * POD_GC_CHECK_PERIOD_MS;
    if (this.gcEvent && !this.gcEvent.cancelled && this.gcEvent.timeMs <= tick) return;
    if (this.gcEvent) this.gcEvent.cancelled = true;
    this.gcEvent = this.ctx.loop.at(tick, 'pod-garbage-collector: gc', () => {
      this.gcEvent = undefined;
      this.queue.add(GC_KEY);
    });
  }

  /** A controller-manager restart forgets the quarantine and checks again. */
  restart(): void {
    this.quarantined.clear();
    this.gcAt(this.ctx.clock.nowMs());
  }

  sync(): void {
    const { store } = this.ctx;
    const now = this.ctx.clock.nowMs();
    const pods = store.list<Pod & KubeObject>('Pod') as StoredPod[];
    let pending = this.gcTerminating(pods);
    // gcOrphaned: quarantine newly missing nodes, then collect the pods of those still missing after it.
    const missing = new Set<string>();
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (nodeName && !store.get('Node', '', nodeName)) missing.add(nodeName);
    }
    for (const nodeName of missing) if (!this.quarantined.has(nodeName)) this.quarantined.set(nodeName, now + POD_GC_QUARANTINE_MS);
    const deleted = new Set<string>();
    for (const [nodeName, readyMs] of [...this.quarantined]) {
      if (readyMs > now) continue;
      this.quarantined.delete(nodeName);
      if (!store.get('Node', '', nodeName)) deleted.add(nodeName);
    }
    const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
    for (const pod of pods) if (deleted.has(pod.spec?.nodeName ?? '')) this.markFailedAndDeletePod(pod, condition);
    if (this.quarantined.size > 0) pending = true;
    if (pending) this.gcAt(now + POD_GC_CHECK_PERIOD_MS);
  }

  /** gcTerminating: terminating pods on a NotReady node with the out-of-service taint; true while some node has the taint. */
  private gcTerminating(pods: readonly StoredPod[]): boolean {
    const { store } = this.ctx;
    let tainted = false;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp === undefined || isPodTerminal(pod)) continue;
      const node = store.get<Node & KubeObject>('Node', '', pod.spec?.nodeName ?? '');
      if (!node || !(node.spec?.taints ?? []).some((t) => t.key === TAINT_NODE_OUT_OF_SERVICE)) continue;
      tainted = true;
      if (node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      this.markFailedAndDeletePod(pod, undefined);
    }
    return tainted;
  }

  /** markFailedAndDeletePodWithCondition: phase Failed (so the pod is not left Running forever), then a force delete. */
  private markFailedAndDeletePod(pod: StoredPod, condition: PodCondition | undefined): void {
    const { store } = this.ctx;
    if (!isPodTerminal(pod)) {
      const now = toRfc3339(this.ctx.clock.nowMs());
      const conditions = (pod.status?.conditions ?? []) as PodCondition[];
      const next = condition ? (updatePodCondition(conditions, { ...condition, lastTransitionTime: now }) ?? conditions) : conditions;
      store.update({ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status: { ...pod.status, phase: 'Failed', conditions: next } } as KubeObject, { validate: false, subresource: 'status' });
    }
    try {
      store.delete('Pod', pod.metadata.namespace!, pod.metadata.name!, { gracePeriodSeconds: 0 });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }
}
