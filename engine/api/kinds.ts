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
 * What kubectl makes of a resource argument (schema.ParseResourceArg in
 * k8s.io/apimachinery/pkg/runtime/schema/group_version.go): `resource.version.group` when it has
 * two dots or more, else `resource.group`; the resource is a plural, singular or short name,
 * matched case-insensitively (`Deployment`). `pods.v1` names a group "v1", which does not exist.
 */
export function resolveResource(arg: string): KindInfo | undefined {
  const lower = arg.toLowerCase();
  const named = (k: KindInfo, resource: string) => k.resource === resource || k.singular === resource || k.shortNames.includes(resource);
  const parts = lower.split('.');
  if (parts.length >= 3) {
    const [resource, version] = parts as [string, string];
    const group = parts.slice(2).join('.');
    const found = KINDS.find((k) => k.group === group && k.version === version && named(k, resource));
    if (found) return found;
  }
  const dot = lower.indexOf('.');
  const resource = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  return KINDS.find((k) => (group === undefined || k.group === group) && named(k, resource));
}
