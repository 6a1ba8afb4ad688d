// Resolving what a kubectl command names: `pods`, `pods a b`, `pod/a deploy/b`, `pods,deploy`,
// `-l app=kubia`, `--all` (k8s.io/cli-runtime/pkg/resource/builder.go), and how kubectl names an
// object in its messages (`deployment.apps/kubia`).
import { KubectlError } from '../errors.ts';
import { resolveResource, type KindInfo } from '../api/kinds.ts';
import type { Stored } from '../api/store.ts';

export interface ResourceRef {
  info: KindInfo;
  /** Undefined when every object of the kind is meant. */
  name?: string;
}

/** `get all` expands to these categories, in kubectl's order (discovery's "all" category). */
export const ALL_CATEGORY = ['Pod', 'DaemonSet', 'Deployment', 'ReplicaSet', 'CronJob', 'Job'];

export function resolveOrFail(arg: string): KindInfo {
  const info = resolveResource(arg);
  if (!info) throw new KubectlError(`error: the server doesn't have a resource type "${arg.split('.')[0]}"`);
  return info;
}

/**
 * Parses resource arguments. `allowAll` lets `all` stand for its category (get and describe do).
 */
export function parseResourceArgs(args: readonly string[], allowAll = false): ResourceRef[] {
  if (args.length === 0) return [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new KubectlError(
        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    return args.map((a) => {
      const i = a.indexOf('/');
      const name = a.slice(i + 1);
      if (!name) throw new KubectlError(`error: arguments in resource/name form must have a single resource and name`);
      return { info: resolveOrFail(a.slice(0, i)), name };
    });
  }
  const [types, ...names] = args;
  const infos: KindInfo[] = [];
  for (const t of types.split(',').filter((s) => s !== '')) {
    if (allowAll && t === 'all') infos.push(...ALL_CATEGORY.map((k) => resolveOrFail(k)));
    else infos.push(resolveOrFail(t));
  }
  if (names.length === 0) return infos.map((info) => ({ info }));
  const refs: ResourceRef[] = [];
  for (const info of infos) for (const name of names) refs.push({ info, name });
  return refs;
}

/** `deployment.apps/kubia`, `pod/kubia-x`: kubectl's resource/name form. */
export function kindSlashName(obj: Stored | { kind: string; metadata: { name?: string } }, info: KindInfo): string {
  return `${qualifiedSingular(info)}/${obj.metadata.name}`;
}

/** `deployment.apps`, `pod`. */
export function qualifiedSingular(info: KindInfo): string {
  return info.group ? `${info.singular}.${info.group}` : info.singular;
}
