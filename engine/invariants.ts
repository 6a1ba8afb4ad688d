// Invariant checkers: properties every state of a correct cluster has, checked on every change
// the store makes (in tests; benchmarks turn them off). They stand apart from the controllers
// they check, as TigerBeetle's VOPR checkers do, and a broken one stops the scenario with the
// seed and the virtual time, which are all it takes to reproduce it.
import type { VirtualClock } from './clock.ts';
import { EngineError } from './errors.ts';
import type { ApiStore, Stored, WatchEvent } from './api/store.ts';
import type { Job, KubeObject, Pod } from './api/types.ts';
import { CONTROLLER_INDEX } from './controllers/owners.ts';

export interface Invariant {
  name: string;
  /** Checks one change; returns what is wrong, or undefined. */
  check(event: WatchEvent, store: ApiStore): string | undefined;
}

type StoredPod = Stored<Pod & KubeObject>;

function isActivePod(p: StoredPod): boolean {
  const phase = p.status?.phase;
  return p.metadata.deletionTimestamp === undefined && phase !== 'Succeeded' && phase !== 'Failed';
}

/** The node a DaemonSet pod is pinned to through the matchFields affinity the controller injects. */
function pinnedNode(p: StoredPod): string | undefined {
  for (const term of p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return p.spec?.nodeName;
}

/** The invariants, fresh (some remember what they saw) for one cluster. */
export function defaultInvariants(): Invariant[] {
  let lastResourceVersion = 0;
  return [
  {
    name: 'resourceVersion strictly increases',
    check: (ev: WatchEvent) => {
      if (ev.type === 'DELETED') return undefined;
      const rv = Number(ev.object.metadata.resourceVersion);
      if (!(rv > lastResourceVersion)) return `${ev.object.kind} ${ev.object.metadata.name} was written with resourceVersion ${rv} after ${lastResourceVersion}`;
      lastResourceVersion = rv;
      return undefined;
    },
  },
  {
    name: 'a pod is bound only to a node that exists',
    // A binding is an update that sets nodeName (the scheduler's); a pod created with a nodeName of
    // a missing node is a user's choice the API accepts (it stays Pending).
    check: (ev, store) => {
      if (ev.object.kind !== 'Pod' || ev.type !== 'MODIFIED') return undefined;
      const node = (ev.object as StoredPod).spec?.nodeName;
      const before = (ev.old as StoredPod | undefined)?.spec?.nodeName;
      if (!node || node === before) return undefined;
      return store.get('Node', '', node) ? undefined : `pod ${ev.object.metadata.namespace}/${ev.object.metadata.name} was bound to node ${node}, which does not exist`;
    },
  },
  {
    name: 'an object has at most one controller owner',
    check: (ev) => {
      if (ev.type === 'DELETED') return undefined;
      const controllers = (ev.object.metadata.ownerReferences ?? []).filter((r) => r.controller === true);
      return controllers.length > 1 ? `${ev.object.kind} ${ev.object.metadata.name} has ${controllers.length} controller owners: ${controllers.map((r) => `${r.kind}/${r.name}`).join(', ')}` : undefined;
    },
  },
  {
    name: 'a DaemonSet runs at most one pod per node',
    check: (ev, store) => {
      if (ev.object.kind !== 'Pod' || ev.type === 'DELETED') return undefined;
      const pod = ev.object as StoredPod;
      const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === 'DaemonSet');
      if (!owner || !isActivePod(pod)) return undefined;
      const node = pinnedNode(pod);
      const siblings = (store.byIndex('Pod', CONTROLLER_INDEX, owner.uid) as StoredPod[]).filter((p) => isActivePod(p) && pinnedNode(p) === node);
      return siblings.length > 1 ? `DaemonSet ${owner.name} runs ${siblings.length} pods on node ${node}: ${siblings.map((p) => p.metadata.name).join(', ')}` : undefined;
    },
  },
  {
    name: 'a Job never runs more pods than its parallelism',
    check: (ev, store) => {
      if (ev.object.kind !== 'Pod' || ev.type === 'DELETED') return undefined;
      const owner = ev.object.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === 'Job');
      if (!owner) return undefined;
      const job = store.get<Job & KubeObject>('Job', ev.object.metadata.namespace ?? '', owner.name);
      if (!job || job.metadata.uid !== owner.uid) return undefined;
      const parallelism = job.spec?.parallelism ?? 1;
      const active = (store.byIndex('Pod', CONTROLLER_INDEX, owner.uid) as StoredPod[]).filter(isActivePod).length;
      return active > parallelism ? `Job ${owner.name} runs ${active} pods with parallelism ${parallelism}` : undefined;
    },
  },
  ];
}

/** Runs every invariant on every change the store makes. */
export class InvariantChecker {
  /** How many checks ran, for the closing figures. */
  checks = 0;

  constructor(store: ApiStore, clock: VirtualClock, seed: number, invariants: readonly Invariant[] = defaultInvariants()) {
    store.watchAll((ev) => {
      if (ev.object.kind === 'Event') return;
      for (const inv of invariants) {
        this.checks++;
        const broken = inv.check(ev, store);
        if (broken !== undefined) {
          throw new EngineError(`invariant "${inv.name}" broken at ${clock.nowRfc3339()} (seed ${seed}): ${broken}`);
        }
      }
    });
  }
}
