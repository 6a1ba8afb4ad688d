// The DaemonSet controller (pkg/controller/daemon/daemon_controller.go and update.go, v1.32): one
// pod per node that should run it. Each pod is created pinned to its node through a
// `matchFields metadata.name` node affinity and bound by the default scheduler; a node whose
// labels or taints stop matching loses its pod, a new or relabeled node gains one. RollingUpdate
// replaces old pods within maxUnavailable (or surges within maxSurge); OnDelete waits for the user.
//
// Deliberate differences: no ControllerRevision objects are kept (the controller-revision-hash is
// computed from the template, as the revision's would be), and pods carry no
// pod-template-generation label, because the apiserver here does not keep the
// deprecated.daemonset.template.generation annotation.
import type { Stored, WatchEvent } from '../api/store.ts';
import type { DaemonSet, KubeObject, Node, PodTemplateSpec } from '../api/types.ts';
import { selectorFromLabelSelector } from '../api/labels.ts';
import { isPodAvailable, isPodReady, isPodTerminal, type StoredPod } from '../api/pods.ts';
import { UserError } from '../errors.ts';
import { deepCopy } from '../util/copy.ts';
import { claim, controllerRef, getControllerOf } from './owners.ts';
import { Expectations, WorkQueue, splitKey, type Controller, type ControllerContext } from './base.ts';
import { computeHash } from './deployment-util.ts';
import { slowStartBatch } from './replicaset.ts';
import {
  DAEMONSET_UNIQUE_LABEL_KEY, TEMPLATE_GENERATION_LABEL_KEY, addDaemonPodTolerations, allowsSurge, compareDaemonPods, daemonPlacement,
  isPodUpdated, pinToNode, rollingCounts, targetNodeName, templateGeneration, updatedPodsOnNode, type StoredDaemonSet,
} from './daemonset-util.ts';

type StoredNode = Stored<Node & KubeObject>;

// pkg/controller/daemon/daemon_controller.go
const BURST_REPLICAS = 250;
const SLOW_START_INITIAL_BATCH_SIZE = 1; // pkg/controller/controller_utils.go
// cmd/kube-controller-manager/app/apps.go: failedPodsBackoff = flowcontrol.NewBackOff(1s, 15m)
const FAILED_POD_BACKOFF_INITIAL_MS = 1_000;
const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;

export class DaemonSetController implements Controller {
  readonly name = 'daemonset-controller';
  readonly queue: WorkQueue;
  private readonly expectations: Expectations;
  /** failedPodsBackoff: per DaemonSet, generation and node, how long to wait before killing a failed pod again. */
  private readonly backoff = new Map<string, { delayMs: number; lastMs: number }>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.loop, this.name);
    this.expectations = new Expectations(ctx.clock);
    ctx.store.watch('DaemonSet', (ev) => {
      if (ev.type === 'DELETED') this.expectations.forget(keyOf(ev.object));
      this.queue.add(keyOf(ev.object));
    });
    ctx.store.watch('Pod', (ev) => this.onPod(ev));
    ctx.store.watch('Node', (ev) => this.onNode(ev));
  }

  // ---- event handlers ----------------------------------------------------------------------------

  private onPod(ev: WatchEvent): void {
    const pod = ev.object as StoredPod;
    const ref = getControllerOf(pod);
    if (ev.type === 'DELETED' || pod.metadata.deletionTimestamp !== undefined) {
      // deletePod: a deletionTimestamp counts as the deletion observed, so a replacement comes at once.
      const ds = ref && this.resolve(pod.metadata.namespace!, ref);
      if (!ds) return;
      this.expectations.deletionObserved(keyOf(ds));
      this.queue.add(keyOf(ds));
      return;
    }
    if (ev.type === 'ADDED') {
      if (ref) {
        const ds = this.resolve(pod.metadata.namespace!, ref);
        if (!ds) return;
        this.expectations.creationObserved(keyOf(ds));
        this.queue.add(keyOf(ds));
      } else {
        for (const ds of this.daemonSetsFor(pod)) this.queue.add(keyOf(ds));
      }
      return;
    }
    const old = ev.old as StoredPod;
    const oldRef = getControllerOf(old);
    if (oldRef && oldRef.uid !== ref?.uid) {
      const oldDs = this.resolve(old.metadata.namespace!, oldRef);
      if (oldDs) this.queue.add(keyOf(oldDs));
    }
    if (ref) {
      const ds = this.resolve(pod.metadata.namespace!, ref);
      if (!ds) return;
      this.queue.add(keyOf(ds));
      // A pod that just became ready is available minReadySeconds later (plus a second of slack).
      const minReady = ds.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(pod)) this.queue.addAfter(keyOf(ds), minReady * 1000 + 1000);
      return;
    }
    if (old.metadata.labels !== pod.metadata.labels || oldRef) for (const ds of this.daemonSetsFor(pod)) this.queue.add(keyOf(ds));
  }

  /** addNode and updateNode: a DaemonSet is synced when the node should (or should no longer) run its pod. */
  private onNode(ev: WatchEvent): void {
    if (ev.type === 'DELETED') return;
    const node = ev.object as StoredNode;
    for (const ds of this.ctx.store.list<DaemonSet & KubeObject>('DaemonSet') as StoredDaemonSet[]) {
      const placement = daemonPlacement(ds);
      const now = placement(node);
      if (ev.type === 'ADDED') {
        if (now.shouldRun) this.queue.add(keyOf(ds));
        continue;
      }
      const before = placement(ev.old as StoredNode);
      if (before.shouldRun !== now.shouldRun || before.shouldContinueRunning !== now.shouldContinueRunning) this.queue.add(keyOf(ds));
    }
  }

  /** resolveControllerRef: the DaemonSet a controller reference names, if it is still that one. */
  private resolve(namespace: string, ref: { kind: string; name: string; uid: string }): StoredDaemonSet | undefined {
    if (ref.kind !== 'DaemonSet') return undefined;
    const ds = this.ctx.store.get<DaemonSet & KubeObject>('DaemonSet', namespace, ref.name) as StoredDaemonSet | undefined;
    return ds?.metadata.uid === ref.uid ? ds : undefined;
  }

  /** GetPodDaemonSets: DaemonSets whose non-empty selector matches an orphan pod. */
  private daemonSetsFor(pod: StoredPod): StoredDaemonSet[] {
    return (this.ctx.store.list<DaemonSet & KubeObject>('DaemonSet', pod.metadata.namespace) as StoredDaemonSet[]).filter((ds) => {
      const sel = selectorFromLabelSelector(ds.spec?.selector as never);
      return !sel.empty() && sel.matches(pod.metadata.labels as Record<string, string> | undefined);
    });
  }

  // ---- syncDaemonSet -------------------------------------------------------------------------------

  sync(key: string): void {
    const { store, events } = this.ctx;
    const [ns, name] = splitKey(key);
    const ds = store.get<DaemonSet & KubeObject>('DaemonSet', ns, name) as StoredDaemonSet | undefined;
    if (!ds) {
      this.expectations.forget(key);
      return;
    }
    const nodes = store.list<Node & KubeObject>('Node') as StoredNode[];
    const selector = ds.spec?.selector;
    if (!selector?.matchLabels && !selector?.matchExpressions) {
      events.record(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.', { component: this.name });
      return;
    }
    // A DaemonSet being deleted is left alone, status included.
    if (ds.metadata.deletionTimestamp !== undefined) return;
    const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    if (!this.expectations.satisfied(key)) return this.updateStatus(key, nodes, hash, false);
    this.manage(ds, nodes, hash);
    const current = store.get<DaemonSet & KubeObject>('DaemonSet', ns, name) as StoredDaemonSet | undefined;
    if (current && this.expectations.satisfied(key) && current.spec?.updateStrategy?.type === 'RollingUpdate') this.rollingUpdate(current, nodes, hash);
    this.updateStatus(key, nodes, hash, true);
  }

  /** getNodesToDaemonPods: claimed pods by the node they are for, leaving out terminal pods being deleted. */
  private podsByNode(ds: StoredDaemonSet): Map<string, StoredPod[]> {
    const pods = claim(this.ctx.store, 'Pod', ds, selectorFromLabelSelector(ds.spec?.selector as never)) as StoredPod[];
    const byNode = new Map<string, StoredPod[]>();
    for (const pod of pods) {
      if (isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      if (!byNode.has(node)) byNode.set(node, []);
      byNode.get(node)!.push(pod);
    }
    return byNode;
  }

  /** manage: create the missing daemon pods and delete those that should not be there. */
  private manage(ds: StoredDaemonSet, nodes: readonly StoredNode[], hash: string): void {
    const byNode = this.podsByNode(ds);
    const placement = daemonPlacement(ds);
    const create: string[] = [];
    const remove: string[] = [];
    for (const node of nodes) this.podsShouldBeOnNode(ds, node, placement(node), byNode.get(node.metadata.name!), hash, create, remove);
    // Unscheduled pods meant for nodes that no longer exist: the pod GC cannot see them.
    const names = new Set(nodes.map((n) => n.metadata.name!));
    for (const [node, pods] of byNode) if (!names.has(node)) for (const pod of pods) if (!pod.spec?.nodeName) remove.push(pod.metadata.name!);
    this.syncNodes(ds, remove, create, hash);
  }

  /** podsShouldBeOnNode: what to create and delete on one node. */
  private podsShouldBeOnNode(
    ds: StoredDaemonSet, node: StoredNode, should: { shouldRun: boolean; shouldContinueRunning: boolean },
    pods: StoredPod[] | undefined, hash: string, create: string[], remove: string[],
  ): void {
    const nodeName = node.metadata.name!;
    if (should.shouldRun && !pods) {
      create.push(nodeName);
      return;
    }
    if (!pods) return;
    if (!should.shouldContinueRunning) {
      for (const pod of pods) if (pod.metadata.deletionTimestamp === undefined) remove.push(pod.metadata.name!);
      return;
    }
    const running: StoredPod[] = [];
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp !== undefined) continue;
      const phase = pod.status?.phase;
      if (phase === 'Failed') {
        // Killing failed pods is backed off per node, so the controller does not fight a kubelet that rejects them.
        const backoffKey = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
        const delay = this.inBackoff(backoffKey);
        if (delay !== undefined) {
          this.queue.addAfter(keyOf(ds), delay);
          continue;
        }
        this.nextBackoff(backoffKey);
        this.ctx.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to kill it`, { component: this.name });
        remove.push(pod.metadata.name!);
      } else if (phase === 'Succeeded') {
        this.ctx.events.record(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to delete it`, { component: this.name });
        remove.push(pod.metadata.name!);
      } else {
        running.push(pod);
      }
    }
    running.sort(compareDaemonPods);
    if (!allowsSurge(ds)) {
      // Without surge, keep the oldest and delete the rest.
      for (const pod of running.slice(1)) remove.push(pod.metadata.name!);
      return;
    }
    if (running.length <= 1) {
      if (running.length === 0 && should.shouldRun) create.push(nodeName);
      return;
    }
    // With surge, keep the oldest new pod and the oldest old pod; the old one goes once it is not
    // ready or the new one is available.
    let oldestNew: StoredPod | undefined;
    let oldestOld: StoredPod | undefined;
    for (const pod of running) {
      if (pod.metadata.labels?.[DAEMONSET_UNIQUE_LABEL_KEY] === hash) {
        if (!oldestNew) {
          oldestNew = pod;
          continue;
        }
      } else if (!oldestOld) {
        oldestOld = pod;
        continue;
      }
      remove.push(pod.metadata.name!);
    }
    if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, this.ctx.clock.nowMs()))) {
      remove.push(oldestOld.metadata.name!);
    }
  }

  /** syncNodes: create pods for nodes and delete pods by name, at most 250 of each per sync, with expectations. */
  private syncNodes(ds: StoredDaemonSet, remove: readonly string[], create: readonly string[], hash: string): void {
    const { store, events } = this.ctx;
    const key = keyOf(ds);
    const createCount = Math.min(create.length, BURST_REPLICAS);
    const deleteCount = Math.min(remove.length, BURST_REPLICAS);
    if (createCount === 0 && deleteCount === 0) return;
    this.expectations.expect(key, createCount, deleteCount);
    const template = podTemplate(ds, hash);
    let next = 0;
    const { successes, error } = slowStartBatch(createCount, SLOW_START_INITIAL_BATCH_SIZE, () => {
      const nodeName = create[next++];
      // RealPodControl.CreatePods with the pod pinned to its node, for the scheduler to bind.
      const pod = store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: `${ds.metadata.name}-`,
          namespace: ds.metadata.namespace,
          labels: { ...template.metadata!.labels },
          ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
          ownerReferences: [controllerRef(ds)],
        },
        spec: { ...deepCopy(template.spec), affinity: pinToNode(template.spec?.affinity, nodeName) } as object,
      } as KubeObject);
      events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: this.name });
    });
    if (error) {
      for (let i = successes; i < createCount; i++) this.expectations.creationObserved(key);
      events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${error}`, { component: this.name });
    }
    for (const podName of remove.slice(0, deleteCount)) {
      try {
        store.delete('Pod', ds.metadata.namespace!, podName);
        events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${podName}`, { component: this.name });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        this.expectations.deletionObserved(key);
      }
    }
  }

  // ---- rolling update ------------------------------------------------------------------------------

  /**
   * rollingUpdate: without surge, delete old pods (unavailable ones always, available ones while
   * fewer than maxUnavailable nodes are unavailable) and let manage create their replacements;
   * with surge, create new pods beside old ones within maxSurge and delete an old pod once its
   * replacement is available. Deleted pods do not count as unavailable.
   */
  private rollingUpdate(ds: StoredDaemonSet, nodes: readonly StoredNode[], hash: string): void {
    const byNode = this.podsByNode(ds);
    const placement = daemonPlacement(ds);
    const shouldRun = new Map<string, boolean>();
    let desired = 0;
    for (const node of nodes) {
      const run = placement(node).shouldRun;
      shouldRun.set(node.metadata.name!, run);
      if (!run) continue;
      desired++;
      if (!byNode.has(node.metadata.name!)) byNode.set(node.metadata.name!, []);
    }
    let { maxSurge, maxUnavailable } = rollingCounts(ds, desired);
    // An impossible configuration falls back to one unavailable pod at a time.
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
    const now = this.ctx.clock.nowMs();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const available = (pod: StoredPod) => isPodAvailable(pod, minReady, now);
    const generation = templateGeneration(ds);
    // Upstream ranges over a Go map; node name order makes the choice deterministic.
    const entries = [...byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

    if (maxSurge === 0) {
      let unavailable = 0;
      const allowed: string[] = [];
      const candidates: string[] = [];
      for (const [, pods] of entries) {
        const found = updatedPodsOnNode(pods, hash, generation);
        if (!found) {
          unavailable++;
          continue;
        }
        const { newPod, oldPod } = found;
        if ((!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
        else if (newPod) {
          if (!available(newPod)) unavailable++;
        } else if (!available(oldPod!)) allowed.push(oldPod!.metadata.name!);
        else if (unavailable < maxUnavailable) candidates.push(oldPod!.metadata.name!);
      }
      const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
      this.syncNodes(ds, [...allowed, ...candidates.slice(0, remaining)], [], hash);
      return;
    }

    const oldToDelete: string[] = [];
    const shouldNotRunToDelete: string[] = [];
    const candidateNodes: string[] = [];
    const allowedNodes: string[] = [];
    let surge = 0;
    let availableCount = 0;
    for (const [nodeName, pods] of entries) {
      const found = updatedPodsOnNode(pods, hash, generation);
      if (!found) {
        surge++;
        continue;
      }
      const { newPod, oldPod } = found;
      if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) availableCount++;
      if (!oldPod) continue;
      if (!newPod) {
        const run = shouldRun.get(nodeName) ?? false;
        if (!available(oldPod)) {
          if (!run) oldToDelete.push(oldPod.metadata.name!);
          else allowedNodes.push(nodeName);
        } else if (!run) {
          shouldNotRunToDelete.push(oldPod.metadata.name!);
        } else if (surge < maxSurge) {
          candidateNodes.push(nodeName);
        }
        continue;
      }
      if (!available(newPod)) surge++;
      else oldToDelete.push(oldPod.metadata.name!);
    }
    // With surge the owner expects full availability: a pod on a node that should no longer run
    // it goes only while more pods are available than desired.
    const deletable = Math.min(Math.max(0, availableCount - desired), shouldNotRunToDelete.length);
    oldToDelete.push(...shouldNotRunToDelete.slice(0, deletable));
    const remainingSurge = Math.min(Math.max(0, maxSurge - surge), candidateNodes.length);
    this.syncNodes(ds, oldToDelete, [...allowedNodes, ...candidateNodes.slice(0, remainingSurge)], hash);
  }

  // ---- status --------------------------------------------------------------------------------------

  /** updateDaemonSetStatus: counted per node from the oldest pod there, written only when it changed. */
  private updateStatus(key: string, nodes: readonly StoredNode[], hash: string, updateObservedGeneration: boolean): void {
    const { store } = this.ctx;
    const [ns, name] = splitKey(key);
    const ds = store.get<DaemonSet & KubeObject>('DaemonSet', ns, name) as StoredDaemonSet | undefined;
    if (!ds) return;
    const byNode = this.podsByNode(ds);
    const placement = daemonPlacement(ds);
    const now = this.ctx.clock.nowMs();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const generation = templateGeneration(ds);
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    let available = 0;
    for (const node of nodes) {
      const pods = byNode.get(node.metadata.name!) ?? [];
      if (!placement(node).shouldRun) {
        if (pods.length > 0) misscheduled++;
        continue;
      }
      desired++;
      if (pods.length === 0) continue;
      current++;
      const pod = [...pods].sort(compareDaemonPods)[0];
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
      }
      if (isPodUpdated(pod, hash, generation)) updated++;
    }
    const old: NonNullable<StoredDaemonSet['status']> = ds.status ?? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
    const unavailable = desired - available;
    const same =
      (old.desiredNumberScheduled ?? 0) === desired && (old.currentNumberScheduled ?? 0) === current && (old.numberMisscheduled ?? 0) === misscheduled &&
      (old.numberReady ?? 0) === ready && (old.updatedNumberScheduled ?? 0) === updated && (old.numberAvailable ?? 0) === available &&
      (old.numberUnavailable ?? 0) === unavailable && (old.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0);
    if (!same) {
      // storeDaemonSetStatus; the zero counts the API marks omitempty are left out, as it serialises them.
      const status: NonNullable<DaemonSet['status']> = {
        currentNumberScheduled: current,
        desiredNumberScheduled: desired,
        numberMisscheduled: misscheduled,
        numberReady: ready,
      };
      const observed = updateObservedGeneration ? ds.metadata.generation : old.observedGeneration;
      if (observed) status.observedGeneration = observed;
      if (updated) status.updatedNumberScheduled = updated;
      if (available) status.numberAvailable = available;
      if (unavailable) status.numberUnavailable = unavailable;
      if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
      if (old.conditions) status.conditions = old.conditions as NonNullable<DaemonSet['status']>['conditions'];
      store.update({ ...ds, metadata: { ...ds.metadata, resourceVersion: undefined }, status } as KubeObject, { validate: false, subresource: 'status' });
    }
    // Resync after minReadySeconds as a last line of defence.
    if (minReady > 0 && ready !== available) this.queue.addAfter(key, minReady * 1000);
  }

  // ---- failed-pod backoff (flowcontrol.Backoff without jitter) --------------------------------------

  private inBackoff(key: string): number | undefined {
    const e = this.backoff.get(key);
    const now = this.ctx.clock.nowMs();
    if (!e || now - e.lastMs > 2 * FAILED_POD_BACKOFF_MAX_MS) return undefined;
    return now - e.lastMs < e.delayMs ? e.delayMs : undefined;
  }

  private nextBackoff(key: string): void {
    const now = this.ctx.clock.nowMs();
    const e = this.backoff.get(key);
    const delayMs = !e || now - e.lastMs > 2 * FAILED_POD_BACKOFF_MAX_MS ? FAILED_POD_BACKOFF_INITIAL_MS : Math.min(e.delayMs * 2, FAILED_POD_BACKOFF_MAX_MS);
    this.backoff.set(key, { delayMs, lastMs: now });
  }
}

function keyOf(obj: Stored): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/**
 * CreatePodTemplate: the DaemonSet's template with the daemon tolerations and the revision hash
 * label (and the template generation, when the DaemonSet carries one).
 */
export function podTemplate(ds: StoredDaemonSet, hash: string): PodTemplateSpec {
  const template = deepCopy(ds.spec?.template ?? {}) as PodTemplateSpec;
  template.spec = { ...(template.spec ?? { containers: [] }), tolerations: addDaemonPodTolerations(template.spec) };
  const labels: Record<string, string> = { ...template.metadata?.labels };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL_KEY] = generation;
  if (hash) labels[DAEMONSET_UNIQUE_LABEL_KEY] = hash;
  template.metadata = { ...template.metadata, labels };
  return template;
}
