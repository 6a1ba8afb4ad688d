// kubectl logs (k8s.io/kubectl/pkg/cmd/logs/logs.go): a container's log from the kubelet, or the
// previous instance's with --previous. `TYPE/NAME` picks the first pod the object selects, as
// kubectl's polymorphichelpers.LogsForObject does.
import { KubectlError } from '../../errors.ts';
import { bool, int, parseFlags, str, usageErrorf } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { NAMESPACE_FLAGS, namespaceOf } from './common.ts';
import { resolveOrFail } from '../resources.ts';
import { notFound } from '../../api/store.ts';
import { kindInfo } from '../../api/kinds.ts';
import type { StoredPod } from '../../api/pods.ts';
import type { KubeObject, Pod } from '../../api/types.ts';
import { selectorFromLabelSelector } from '../../api/labels.ts';
import { toRfc3339 } from '../../clock.ts';

/** The command's usage line, which its usage error quotes (pkg/cmd/logs/logs.go logsUsageStr). */
const LOGS_USAGE = 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]';

export function runLogs(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('logs', argv, [
    ...NAMESPACE_FLAGS,
    { name: 'container', shorthand: 'c', type: 'string' },
    { name: 'previous', shorthand: 'p', type: 'bool' },
    { name: 'tail', type: 'int' },
    { name: 'timestamps', type: 'bool' },
    { name: 'follow', shorthand: 'f', type: 'bool' },
    { name: 'all-containers', type: 'bool' },
    { name: 'selector', shorthand: 'l', type: 'string' },
  ]);
  // pkg/cmd/logs/logs.go Complete: logsUsageErrStr for no argument or more than two.
  if (p.args.length === 0 || p.args.length > 2) throw usageErrorf('logs', `expected '${LOGS_USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`);
  const ns = namespaceOf(p);
  const pod = findPod(ctx, ns, p.args[0]);
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  let container = str(p, 'container') ?? p.args[1];
  if (container === undefined) {
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    container = annotated && containers.includes(annotated) ? annotated : containers[0];
    // pkg/cmd/logs/logs.go: with several containers kubectl says which one it chose.
    if (containers.length > 1 && !annotated) ctx.err(`Defaulted container "${container}" out of: ${containers.join(', ')}`);
  }
  if (!containers.includes(container)) {
    throw new KubectlError(`Error from server (BadRequest): container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  const result = ctx.cluster.kubelets.logs(pod, container, bool(p, 'previous'));
  if ('error' in result) throw new KubectlError(`Error from server (BadRequest): ${result.error}`);
  let lines = result.lines;
  const tail = int(p, 'tail');
  if (tail !== undefined && tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  const stamp = bool(p, 'timestamps');
  for (const l of lines) ctx.out(stamp ? `${toRfc3339Nano(l.atMs)} ${l.text}` : l.text);
}

/** `kubia`, `pod/kubia`, `deployment/kubia`, `job/batch-job`: the pod whose log is meant. */
function findPod(ctx: CommandContext, ns: string, arg: string): StoredPod {
  const store = ctx.cluster.store;
  const slash = arg.indexOf('/');
  if (slash < 0 || resolveOrFail(arg.slice(0, slash)).kind === 'Pod') {
    const name = slash < 0 ? arg : arg.slice(slash + 1);
    const pod = store.get<Pod & KubeObject>('Pod', ns, name) as StoredPod | undefined;
    if (!pod) throw notFound(kindInfo('Pod')!, name);
    return pod;
  }
  const info = resolveOrFail(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  const owner = store.get(info.kind, ns, name);
  if (!owner) throw notFound(info, name);
  const selector = selectorFromLabelSelector((owner.spec as { selector?: never } | undefined)?.selector);
  const pods = store.list<Pod & KubeObject>('Pod', ns).filter((p) => selector.matches(p.metadata.labels as Record<string, string>)) as StoredPod[];
  if (pods.length === 0) throw new KubectlError(`error: timed out waiting for the condition`);
  return pods[0];
}

function toRfc3339Nano(ms: number): string {
  const base = toRfc3339(ms).slice(0, -1);
  return `${base}.${String(ms % 1000).padStart(3, '0')}000000Z`;
}
