// kubectl describe (k8s.io/kubectl/pkg/describe/describe.go): one block per object, blocks
// separated by a blank line, each with the object's events.
import { KubectlError } from '../../errors.ts';
import { parseFlags, type FlagSpec } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { parseResourceArgs } from '../resources.ts';
import { NAMESPACE_FLAGS, SELECTOR_FLAGS, collect, namespaceOf } from './common.ts';
import { describeCronJob, describeDaemonSet, describeDeployment, describeJob, describeNode, describePod, describeReplicaSet } from '../describe.ts';
import type { Stored } from '../../api/store.ts';
import type { Event, KubeObject } from '../../api/types.ts';
import type { Cluster } from '../../cluster.ts';
import { CONTROLLER_INDEX } from '../../controllers/owners.ts';

const DESCRIBE_FLAGS: FlagSpec[] = [...NAMESPACE_FLAGS, ...SELECTOR_FLAGS, { name: 'all-namespaces', shorthand: 'A', type: 'bool' }, { name: 'show-events', type: 'bool' }];

export function runDescribe(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('describe', argv, DESCRIBE_FLAGS);
  if (p.args.length === 0) {
    throw new KubectlError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee \'kubectl describe -h\' for help and examples',
    );
  }
  const refs = parseResourceArgs(p.args, true);
  // `kubectl describe pods kubia` describes every pod whose name starts with `kubia` (describe.go DescribeMatchingResources).
  const groups = collect(ctx, refs.map((r) => ({ info: r.info })), p);
  const blocks: string[] = [];
  for (const ref of refs) {
    const all = groups.find((g) => g.info === ref.info)?.objects ?? [];
    const matching = ref.name === undefined ? all : all.filter((o) => o.metadata.name === ref.name).concat(all.filter((o) => o.metadata.name !== ref.name && o.metadata.name!.startsWith(ref.name!)));
    if (ref.name !== undefined && matching.length === 0) {
      ctx.fail(new KubectlError(`Error from server (NotFound): ${ref.info.qualifiedResource} "${ref.name}" not found`));
      continue;
    }
    for (const obj of matching) blocks.push(describeOne(ctx.cluster, obj));
  }
  if (blocks.length === 0 && !ctx.failed) {
    ctx.err(`No resources found in ${namespaceOf(p)} namespace.`);
    return;
  }
  if (blocks.length > 0) ctx.out(blocks.join('\n\n'));
}

function eventsFor(cluster: Cluster, obj: Stored): Stored[] {
  return eventsAbout(cluster, obj.metadata.uid!);
}

/**
 * The events whose involved object has this uid, in the order they were stored. kubectl's describe
 * asks the apiserver for them with a field selector (pkg/describe/describe.go searchEvents), a
 * search of the events, not an index: the recorder writes events all the time and describe reads
 * them now and then, so the store keeps no index of them either.
 */
function eventsAbout(cluster: Cluster, uid: string): Stored[] {
  const out: Stored[] = [];
  for (const e of cluster.store.listAsStored<Event & KubeObject>('Event')) if ((e.involvedObject.uid ?? '') === uid) out.push(e);
  return out;
}

function describeOne(cluster: Cluster, obj: Stored): string {
  const now = cluster.nowMs();
  const { store } = cluster;
  switch (obj.kind) {
    case 'Pod':
      return describePod(obj as never, eventsFor(cluster, obj) as never, now);
    case 'Deployment': {
      const rss = store.byIndex('ReplicaSet', CONTROLLER_INDEX, obj.metadata.uid!);
      return describeDeployment(obj as never, rss as never, eventsFor(cluster, obj) as never, now);
    }
    case 'ReplicaSet': {
      const pods = store.byIndex('Pod', CONTROLLER_INDEX, obj.metadata.uid!);
      return describeReplicaSet(obj as never, pods as never, eventsFor(cluster, obj) as never, now);
    }
    case 'Node': {
      const pods = store.byIndex('Pod', 'node', obj.metadata.name!);
      // The node controller refers to a node by its uid, the kubelet by its name (describe.go NodeDescriber).
      const events = [...eventsFor(cluster, obj), ...eventsAbout(cluster, obj.metadata.name!)];
      const lease = store.get('Lease', 'kube-node-lease', obj.metadata.name!);
      return describeNode(obj as never, pods as never, events as never, now, lease as never);
    }
    case 'DaemonSet': {
      const pods = store.byIndex('Pod', CONTROLLER_INDEX, obj.metadata.uid!);
      return describeDaemonSet(obj as never, pods as never, eventsFor(cluster, obj) as never, now);
    }
    case 'Job':
      return describeJob(obj as never, eventsFor(cluster, obj) as never, now);
    case 'CronJob':
      return describeCronJob(obj as never, eventsFor(cluster, obj) as never, now);
    default:
      throw new KubectlError(`error: describing a ${obj.kind} is not supported yet`);
  }
}
