// kubectl label, annotate, scale, set image and patch: read the object, change it, write it back.
import { KubectlError } from '../../errors.ts';
import { bool, int, parseFlags, requiredFlagError, str, usageError, usageErrorf } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { kindSlashName, parseResourceArgs } from '../resources.ts';
import { NAMESPACE_FLAGS, SELECTOR_FLAGS, collect } from './common.ts';
import type { KubeObject } from '../../api/types.ts';
import { jsonPatch, mergePatch, strategicMergePatch } from '../patch.ts';
import { deepCopy } from '../../util/copy.ts';

/**
 * kubectl label / annotate (pkg/cmd/label/label.go, pkg/cmd/annotate/annotate.go):
 * `k=v` sets, `k-` removes; an existing key needs --overwrite.
 */
export function runAnnotateOrLabel(ctx: CommandContext, argv: string[], field: 'labels' | 'annotations'): void {
  const command = field === 'labels' ? 'label' : 'annotate';
  const p = parseFlags(command, argv, [...NAMESPACE_FLAGS, ...SELECTOR_FLAGS, { name: 'overwrite', type: 'bool' }, { name: 'list', type: 'bool' }, { name: 'resource-version', type: 'string' }]);
  const resourceArgs: string[] = [];
  const changes: string[] = [];
  for (const a of p.args) (a.includes('=') || (a.endsWith('-') && resourceArgs.length > 0 && !a.includes('/')) ? changes : resourceArgs).push(a);
  if (resourceArgs.length === 0) throw usageError(command, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (changes.length === 0 && !bool(p, 'list')) throw usageError(command, `at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const c of changes) {
    if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
    else {
      const i = c.indexOf('=');
      const key = c.slice(0, i);
      if (!key) throw new KubectlError(`error: invalid ${field === 'labels' ? 'label' : 'annotation'} spec: ${c}`);
      set.set(key, c.slice(i + 1));
    }
  }
  const refs = parseResourceArgs(resourceArgs);
  if (refs.some((r) => r.name === undefined) && str(p, 'selector') === undefined && !bool(p, 'all')) {
    throw new KubectlError('error: resource(s) were provided, but no name was specified');
  }
  for (const g of collect(ctx, refs, p)) {
    for (const obj of g.objects) {
      const current = { ...((obj.metadata[field] as Record<string, string> | undefined) ?? {}) };
      if (!bool(p, 'overwrite')) {
        for (const [k, v] of set) {
          if (k in current && current[k] !== v) {
            // pkg/cmd/label/label.go validateNoOverwrites
            ctx.fail(new KubectlError(`error: '${k}' already has a value (${current[k]}), and --overwrite is false`));
            return;
          }
        }
      }
      const before = JSON.stringify(current);
      for (const k of remove) delete current[k];
      for (const [k, v] of set) current[k] = v;
      const changed = JSON.stringify(current) !== before;
      if (changed) {
        ctx.cluster.store.update({ ...obj, metadata: { ...obj.metadata, [field]: Object.keys(current).length ? current : undefined } } as KubeObject);
        ctx.cluster.settle();
      }
      const verb = field === 'labels' ? (changed ? (set.size === 0 ? 'unlabeled' : 'labeled') : 'not labeled') : changed ? 'annotated' : 'not annotated';
      ctx.out(`${kindSlashName(obj, g.info)} ${verb}`);
    }
  }
}

const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'Job'];

/** kubectl scale (pkg/cmd/scale/scale.go). */
export function runScale(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('scale', argv, [...NAMESPACE_FLAGS, ...SELECTOR_FLAGS, { name: 'replicas', type: 'int' }, { name: 'current-replicas', type: 'int' }, { name: 'resource-version', type: 'string' }, { name: 'timeout', type: 'duration' }]);
  const replicas = int(p, 'replicas');
  if (replicas === undefined) throw requiredFlagError('replicas');
  if (replicas < 0) throw new KubectlError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const refs = parseResourceArgs(p.args);
  if (refs.length === 0) throw usageError('scale', 'Required resource not specified.');
  const current = int(p, 'current-replicas');
  for (const g of collect(ctx, refs, p)) {
    if (!SCALABLE.includes(g.info.kind)) {
      ctx.fail(new KubectlError(`error: cannot scale ${g.info.resource}`));
      continue;
    }
    for (const obj of g.objects) {
      const spec = obj.spec as { replicas?: number; parallelism?: number };
      const field = g.info.kind === 'Job' ? 'parallelism' : 'replicas';
      if (current !== undefined && current !== -1 && (spec[field] ?? 1) !== current) {
        ctx.fail(new KubectlError(`error: Expected replicas to be ${current}, was ${spec[field] ?? 1}`));
        continue;
      }
      ctx.cluster.store.update({ ...obj, spec: { ...spec, [field]: replicas } } as KubeObject);
      ctx.cluster.settle();
      ctx.out(`${kindSlashName(obj, g.info)} scaled`);
    }
  }
}

/** kubectl set image (pkg/cmd/set/set_image.go): `container=image` pairs, `*` for every container. */
export function runSetImage(ctx: CommandContext, argv: string[]): void {
  // cmdutil.DefaultSubCommandRun: an argument that names no subcommand is a usage error.
  if (argv[0] !== 'image') throw argv[0] === undefined ? usageError('set', 'a subcommand is required: image') : usageErrorf('set', `unknown command "${argv[0]}"`);
  const p = parseFlags('set image', argv.slice(1), [...NAMESPACE_FLAGS, ...SELECTOR_FLAGS]);
  const resourceArgs = p.args.filter((a) => !a.includes('='));
  const pairs = p.args.filter((a) => a.includes('='));
  if (pairs.length === 0) throw usageError('set image', 'at least one image update is required');
  const refs = parseResourceArgs(resourceArgs);
  for (const g of collect(ctx, refs, p)) {
    for (const obj of g.objects) {
      const copy = deepCopy(obj) as KubeObject & { spec: { template?: { spec: { containers: { name: string; image?: string }[] } }; containers?: { name: string; image?: string }[] } };
      const containers = copy.spec.template?.spec.containers ?? copy.spec.containers ?? [];
      for (const pair of pairs) {
        const [name, image] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
        const targets = name === '*' ? containers : containers.filter((c) => c.name === name);
        // pkg/cmd/set/set_image.go: a missing container is reported; the others are still updated.
        if (targets.length === 0) ctx.fail(new KubectlError(`error: unable to find container named "${name}"`));
        for (const c of targets) c.image = image;
      }
      const changed = JSON.stringify(copy) !== JSON.stringify(obj);
      if (changed) {
        ctx.cluster.store.update(copy);
        ctx.cluster.settle();
        ctx.out(`${kindSlashName(obj, g.info)} image updated`);
      }
    }
  }
}

/** kubectl patch (pkg/cmd/patch/patch.go). */
export function runPatch(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('patch', argv, [...NAMESPACE_FLAGS, { name: 'patch', shorthand: 'p', type: 'string' }, { name: 'type', type: 'string' }, { name: 'patch-file', type: 'string' }, { name: 'filename', shorthand: 'f', type: 'string' }]);
  let patchText = str(p, 'patch');
  const patchFile = str(p, 'patch-file');
  if (patchFile !== undefined) patchText = ctx.io.readFile(patchFile);
  if (patchText === undefined) throw usageError('patch', 'must specify --patch or --patch-file containing the contents of the patch');
  const type = str(p, 'type') ?? 'strategic';
  if (!['json', 'merge', 'strategic'].includes(type)) throw new KubectlError(`error: --type must be one of [json merge strategic], not "${type}"`);
  let patch: unknown;
  try {
    patch = JSON.parse(patchText);
  } catch {
    // The patch may also be YAML, which kubectl converts; JSON is what scenarios use.
    throw new KubectlError(`error: unable to parse "${patchText}": yaml: did not find expected node content`);
  }
  const refs = parseResourceArgs(p.args);
  if (refs.length === 0 || refs.some((r) => r.name === undefined)) throw usageError('patch', 'resource name may not be empty');
  for (const g of collect(ctx, refs, p)) {
    for (const obj of g.objects) {
      const patched = (type === 'json' ? jsonPatch(obj, patch) : type === 'merge' ? mergePatch(obj, patch) : strategicMergePatch(obj, patch)) as KubeObject;
      if (JSON.stringify(patched) === JSON.stringify(obj)) {
        ctx.out(`${kindSlashName(obj, g.info)} patched (no change)`);
        continue;
      }
      ctx.cluster.store.update({ ...patched, metadata: { ...patched.metadata, resourceVersion: undefined } });
      ctx.cluster.settle();
      ctx.out(`${kindSlashName(obj, g.info)} patched`);
    }
  }
}

