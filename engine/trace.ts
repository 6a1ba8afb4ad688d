// The cluster's trace: what a learner would have seen, as plain JSON records in virtual time. It
// reads the store's stream of changes (as a watch client would) and keeps a record only when
// something kubectl displays changes: a pod's STATUS, READY, RESTARTS or node, a node's
// readiness, and every event as it is recorded or repeated. Reports read these records; they
// never reach into the engine.
import type { VirtualClock } from './clock.ts';
import type { ApiStore, Stored, WatchEvent } from './api/store.ts';
import type { Event, KubeObject, Node, Pod } from './api/types.ts';
import { summarizePod } from './kubectl/printers.ts';

/** A pod as `kubectl get pods -o wide` shows it, from the moment it looks like this. */
export interface PodTraceRecord {
  tMs: number;
  kind: 'pod';
  uid: string;
  namespace: string;
  name: string;
  /** The node it is bound to, or '' while unscheduled. */
  node: string;
  /** kubectl's STATUS column: Pending, ContainerCreating, Running, Terminating, Completed, Error, … */
  status: string;
  /** kubectl's READY column, such as `1/1`. */
  ready: string;
  restarts: number;
  /** The pod is gone from the apiserver. */
  deleted: boolean;
}

/** An event as it is recorded, and again each time it repeats (with its new count). */
export interface EventTraceRecord {
  tMs: number;
  kind: 'event';
  type: string;
  reason: string;
  /** The involved object as `kubectl get events` names it: `pod/kubia-liveness`. */
  object: string;
  objectUid: string;
  namespace: string;
  message: string;
  count: number;
}

/** A node as `kubectl get nodes` shows it, from the moment it looks like this. */
export interface NodeTraceRecord {
  tMs: number;
  kind: 'node';
  name: string;
  /** The Ready condition as kubectl's STATUS shows it: Ready, NotReady or Unknown (no condition); Deleted once gone. */
  status: string;
  schedulable: boolean;
}

export type TraceRecord = PodTraceRecord | EventTraceRecord | NodeTraceRecord;

export class Trace {
  private readonly all: TraceRecord[] = [];
  private readonly lastPod = new Map<string, PodTraceRecord>();
  private readonly lastNode = new Map<string, NodeTraceRecord>();

  constructor(
    store: ApiStore,
    private readonly clock: VirtualClock,
  ) {
    store.watchAll((change) => this.observe(change));
  }

  /** Every record so far, in the order the changes happened. */
  records(): readonly TraceRecord[] {
    return this.all;
  }

  private observe(change: WatchEvent): void {
    switch (change.object.kind) {
      case 'Pod':
        return this.observePod(change);
      case 'Event':
        return this.observeEvent(change);
      case 'Node':
        return this.observeNode(change);
    }
  }

  private observePod({ type, object }: WatchEvent): void {
    const pod = object as Stored<Pod & KubeObject>;
    const uid = pod.metadata.uid ?? '';
    const summary = summarizePod(pod as Pod);
    const record: PodTraceRecord = {
      tMs: this.clock.nowMs(),
      kind: 'pod',
      uid,
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
      node: pod.spec?.nodeName ?? '',
      status: summary.reason,
      ready: `${summary.readyContainers}/${summary.totalContainers}`,
      restarts: summary.restarts,
      deleted: type === 'DELETED',
    };
    const last = this.lastPod.get(uid);
    if (last && !record.deleted && last.node === record.node && last.status === record.status && last.ready === record.ready && last.restarts === record.restarts) return;
    if (record.deleted) this.lastPod.delete(uid);
    else this.lastPod.set(uid, record);
    this.all.push(record);
  }

  private observeEvent({ type, object, old }: WatchEvent): void {
    if (type === 'DELETED') return;
    const event = object as Stored<Event & KubeObject>;
    const before = old as Stored<Event & KubeObject> | undefined;
    // A repeat raises count; a write that changes neither count nor message shows nothing new.
    if (type === 'MODIFIED' && before && before.count === event.count && before.message === event.message) return;
    this.all.push({
      tMs: this.clock.nowMs(),
      kind: 'event',
      type: event.type ?? '',
      reason: event.reason ?? '',
      object: `${(event.involvedObject.kind ?? '').toLowerCase()}/${event.involvedObject.name ?? ''}`,
      objectUid: event.involvedObject.uid ?? '',
      namespace: event.involvedObject.namespace ?? event.metadata.namespace ?? '',
      message: event.message ?? '',
      count: event.count ?? 1,
    });
  }

  private observeNode({ type, object }: WatchEvent): void {
    const node = object as Stored<Node & KubeObject>;
    const name = node.metadata.name ?? '';
    // Only the Ready condition counts, the last one of its type, as kubectl's printer reads it.
    const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
    const record: NodeTraceRecord = {
      tMs: this.clock.nowMs(),
      kind: 'node',
      name,
      status: type === 'DELETED' ? 'Deleted' : ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown',
      schedulable: !node.spec?.unschedulable,
    };
    const last = this.lastNode.get(name);
    if (last && last.status === record.status && last.schedulable === record.schedulable) return;
    this.lastNode.set(name, record);
    this.all.push(record);
  }
}
