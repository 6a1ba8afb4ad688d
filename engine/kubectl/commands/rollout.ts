// kubectl rollout status | history | undo for Deployments (k8s.io/kubectl/pkg/cmd/rollout).
// `rollout status` is the one command that lets virtual time pass: it waits, as the real one
// does, until the rollout finishes, printing each new state it sees.
import { KubectlError } from '../../errors.ts';
import { bool, int, parseFlags, str, usageError, usageErrorf } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { parseResourceArgs } from '../resources.ts';
import { NAMESPACE_FLAGS, namespaceOf } from './common.ts';
import { notFound, type Stored } from '../../api/store.ts';
import type { Deployment, KubeObject, ReplicaSet } from '../../api/types.ts';
import { describePodTemplate } from '../describe.ts';
import { CONTROLLER_INDEX } from '../../controllers/owners.ts';
import { rolloutHistory, rolloutStatusLine, rolloutUndoTemplate } from '../../controllers/rollout.ts';
import { parseDuration } from '../../duration.ts';

/** How long `rollout status` waits without --timeout before giving up (the real one waits forever). */
const DEFAULT_STATUS_WAIT_MS = 15 * 60 * 1000;

export function runRollout(ctx: CommandContext, argv: string[]): void {
  const sub = argv[0];
  const p = parseFlags(`rollout ${sub ?? ''}`.trim(), argv.slice(1), [
    ...NAMESPACE_FLAGS,
    { name: 'revision', type: 'int' },
    { name: 'to-revision', type: 'int' },
    { name: 'timeout', type: 'duration' },
    { name: 'watch', shorthand: 'w', type: 'bool' },
  ]);
  if (!sub || !['status', 'history', 'undo'].includes(sub)) {
    // cmdutil.DefaultSubCommandRun: an argument that names no subcommand is a usage error.
    throw sub ? usageErrorf('rollout', `unknown command "${sub}"`) : usageError('rollout', 'a subcommand is required: status, history or undo');
  }
  const refs = parseResourceArgs(p.args);
  if (refs.length === 0) throw usageError(`rollout ${sub}`, 'required resource not specified');
  for (const ref of refs) {
    // pkg/polymorphichelpers: the error names the GroupKind, `ReplicaSet.apps`.
    const groupKind = ref.info.group ? `${ref.info.kind}.${ref.info.group}` : ref.info.kind;
    if (ref.info.kind !== 'Deployment') throw new KubectlError(`error: no ${sub === 'history' ? 'history viewer' : sub === 'undo' ? 'rollbacker' : 'status viewer'} has been implemented for ${groupKind}`);
    if (ref.name === undefined) throw usageError(`rollout ${sub}`, 'resource name may not be empty');
    const ns = namespaceOf(p);
    const get = () => ctx.cluster.store.get<Deployment & KubeObject>('Deployment', ns, ref.name!);
    const d = get();
    if (!d) throw notFound(ref.info, ref.name);
    const replicaSets = () => ctx.cluster.store.byIndex<ReplicaSet & KubeObject>('ReplicaSet', CONTROLLER_INDEX, get()!.metadata.uid!);
    if (sub === 'history') {
      ctx.write(rolloutHistory(d as never, replicaSets() as never, int(p, 'revision') ?? 0, (t) => describePodTemplate(t as never)));
    } else if (sub === 'undo') {
      const undo = rolloutUndoTemplate(d as never, replicaSets() as never, int(p, 'to-revision') ?? 0);
      if (undo.kind === 'patch') {
        // kubectl sends a JSON patch replacing spec.template and metadata.annotations (pkg/polymorphichelpers/rollback.go).
        ctx.cluster.store.update({ ...d, metadata: { ...d.metadata, annotations: undo.annotations }, spec: { ...d.spec, template: undo.template } } as KubeObject);
        ctx.cluster.settle();
      }
      ctx.out(undo.message);
    } else {
      waitForRollout(ctx, get, str(p, 'timeout'), int(p, 'revision') ?? 0, !p.flags.has('watch') || bool(p, 'watch'));
    }
  }
}

function waitForRollout(ctx: CommandContext, get: () => Stored | undefined, timeout: string | undefined, revision: number, watch: boolean): void {
  const cluster = ctx.cluster;
  const timeoutMs = timeout && timeout !== '0s' && timeout !== '0' ? parseDuration(timeout) : DEFAULT_STATUS_WAIT_MS;
  const deadline = cluster.nowMs() + timeoutMs;
  let last = '';
  for (;;) {
    const d = get();
    if (!d) throw new KubectlError('error: the deployment was deleted while waiting for its rollout');
    const { done, message } = rolloutStatusLine(d as never, revision);
    if (message !== last) {
      ctx.out(message);
      last = message;
    }
    if (done || !watch) return;
    const next = cluster.loop.peekTimeMs();
    if (next === undefined || next > deadline) {
      cluster.advance(Math.max(0, deadline - cluster.nowMs()));
      throw new KubectlError('error: timed out waiting for the condition');
    }
    cluster.advance(next - cluster.nowMs());
  }
}
