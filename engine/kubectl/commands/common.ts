// Flags and lookups shared by kubectl's commands.
import { KubectlError } from '../../errors.ts';
import type { FlagSpec, ParsedArgs } from '../flags.ts';
import { str, bool } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import type { KindInfo } from '../../api/kinds.ts';
import { notFound, type Stored } from '../../api/store.ts';
import { parseListSelector, type Selector } from '../../api/labels.ts';
import type { ResourceRef } from '../resources.ts';

export const NAMESPACE_FLAGS: FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'context', type: 'string' },
];

export const SELECTOR_FLAGS: FlagSpec[] = [
  { name: 'selector', shorthand: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
];

export function namespaceOf(p: ParsedArgs): string {
  return str(p, 'namespace') ?? 'default';
}

/**
 * The objects resource refs name: named ones (NotFound reported and skipped) and listed ones
 * (filtered by the label selector), in argument order.
 */
export function collect(ctx: CommandContext, refs: ResourceRef[], p: ParsedArgs, options: { allNamespaces?: boolean; ignoreNotFound?: boolean } = {}): { info: KindInfo; objects: Stored[] }[] {
  const ns = namespaceOf(p);
  const selectorText = str(p, 'selector');
  // The apiserver parses the selector of each list request; kubectl prints its refusal.
  const selectorFor = (info: KindInfo): Selector | undefined =>
    selectorText !== undefined ? parseListSelector(selectorText, `${info.group}/${info.version}, Resource=${info.resource}`, str(p, 'field-selector') ?? '') : undefined;
  // k8s.io/cli-runtime/pkg/resource/builder.go visitBySelector: a selector and names exclude each other.
  if (selectorText !== undefined && selectorText.trim() !== '' && refs.some((r) => r.name !== undefined)) {
    throw new KubectlError(
      p.args.some((a) => a.includes('/'))
        ? 'error: selectors and the all flag cannot be used when passing resource/name arguments'
        : 'error: name cannot be provided when a selector is specified',
    );
  }
  const groups: { info: KindInfo; objects: Stored[] }[] = [];
  const groupFor = (info: KindInfo) => {
    let g = groups.find((x) => x.info === info);
    if (!g) groups.push((g = { info, objects: [] }));
    return g;
  };
  for (const ref of refs) {
    const g = groupFor(ref.info);
    const objNs = ref.info.namespaced ? ns : '';
    if (ref.name !== undefined) {
      const obj = ctx.cluster.store.get(ref.info.kind, objNs, ref.name);
      if (obj) g.objects.push(obj);
      else if (!options.ignoreNotFound) ctx.fail(notFound(ref.info, ref.name));
      continue;
    }
    const listNs = !ref.info.namespaced || options.allNamespaces ? undefined : ns;
    const selector = selectorFor(ref.info);
    for (const obj of ctx.cluster.store.list(ref.info.kind, listNs)) {
      if (selector && !selector.matches(obj.metadata.labels as Record<string, string> | undefined)) continue;
      g.objects.push(obj);
    }
  }
  return groups;
}

export function wantsAll(p: ParsedArgs): boolean {
  return bool(p, 'all');
}
