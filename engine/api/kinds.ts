// The kinds the simulated apiserver serves, with what kubectl's RESTMapper knows of each:
// group, version, plural resource, short names and scope. v1.32 serves batch/v1 CronJob only
// (batch/v1beta1 was removed in v1.25).
import type { PropagationPolicy } from './store.ts';

export interface KindInfo {
  kind: string;
  group: string;
  version: string;
  /** `group/version`, or `v1` for the core group. */
  apiVersion: string;
  /** Plural resource name: `deployments`. */
  resource: string;
  /** `deployments.apps`, as NotFound and AlreadyExists messages name it. */
  qualifiedResource: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /**
   * What deleting it does to its dependents when the client names no policy (the registry's
   * DefaultGarbageCollectionPolicy in pkg/registry/apps/deployment/strategy.go and its siblings,
   * pkg/registry/batch/job/strategy.go).
   */
  defaultPropagation: PropagationPolicy;
}

function info(kind: string, group: string, version: string, resource: string, shortNames: string[], namespaced: boolean, defaultPropagation: PropagationPolicy = 'Background'): KindInfo {
  return {
    kind,
    group,
    version,
    apiVersion: group ? `${group}/${version}` : version,
    resource,
    qualifiedResource: group ? `${resource}.${group}` : resource,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    defaultPropagation,
  };
}

// Short names as the apiserver's discovery advertises them (pkg/registry/*/storage/storage.go ShortNames).
export const KINDS: readonly KindInfo[] = [
  info('Pod', '', 'v1', 'pods', ['po'], true),
  info('Node', '', 'v1', 'nodes', ['no'], false),
  info('Namespace', '', 'v1', 'namespaces', ['ns'], false),
  info('Event', '', 'v1', 'events', ['ev'], true),
  info('Deployment', 'apps', 'v1', 'deployments', ['deploy'], true),
  info('ReplicaSet', 'apps', 'v1', 'replicasets', ['rs'], true),
  info('DaemonSet', 'apps', 'v1', 'daemonsets', ['ds'], true),
  // batch/v1 Jobs orphan their pods when the client names no policy (pkg/registry/batch/job/strategy.go).
  info('Job', 'batch', 'v1', 'jobs', [], true, 'Orphan'),
  info('CronJob', 'batch', 'v1', 'cronjobs', ['cj'], true),
  // The kubelets' heartbeats in kube-node-lease (pkg/registry/coordination/lease/storage: no short names).
  info('Lease', 'coordination.k8s.io', 'v1', 'leases', [], true),
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));

export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** The kind served at `apiVersion`, or undefined when the server has no such kind in that version. */
export function kindForApiVersion(apiVersion: string, kind: string): KindInfo | undefined {
  const k = byKind.get(kind);
  return k && k.apiVersion === apiVersion ? k : undefined;
}

/**
 * What kubectl makes of a resource argument: `pods`, `pod`, `po`, `deployment.apps`,
 * `deployments.v1.apps`, case-insensitively for the kind (`Deployment`).
 */
export function resolveResource(arg: string): KindInfo | undefined {
  const [name, ...rest] = arg.split('.');
  const groupPart = rest.join('.');
  const lower = name.toLowerCase();
  for (const k of KINDS) {
    const names = [k.resource, k.singular, ...k.shortNames];
    if (!names.includes(lower)) continue;
    if (!groupPart) return k;
    if (groupPart === k.group || groupPart === `${k.version}.${k.group}` || (k.group === '' && groupPart === k.version)) return k;
  }
  return undefined;
}
