// `kubectl create job NAME --image=IMAGE [-- COMMAND [args...]]` and
// `kubectl create job NAME --from=cronjob/NAME` (k8s.io/kubectl/pkg/cmd/create/create_job.go).
// A Job made from a CronJob carries the `cronjob.kubernetes.io/instantiate: manual` annotation
// and a controller reference without blockOwnerDeletion, so the CronJob lists it among its Jobs.
import { KubectlError } from '../../errors.ts';
import { parseFlags, str, usageErrorf } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { kindSlashName } from '../resources.ts';
import { NAMESPACE_FLAGS, namespaceOf } from './common.ts';
import { kindInfo, resolveResource } from '../../api/kinds.ts';
import { notFound, type Stored } from '../../api/store.ts';
import type { CronJob, KubeObject } from '../../api/types.ts';
import { deepCopy } from '../../util/copy.ts';

const INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate'; // create_job.go

export function createJob(ctx: CommandContext, argv: string[]): void {
  const dash = argv.indexOf('--');
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  const p = parseFlags('create job', dash < 0 ? argv : argv.slice(0, dash), [...NAMESPACE_FLAGS, { name: 'image', type: 'string' }, { name: 'from', type: 'string' }]);
  // NameFromCommandArgs (pkg/cmd/create/create.go).
  if (p.args.length !== 1) throw usageErrorf('create job', `exactly one NAME is required, got ${p.args.length}`);
  const name = p.args[0];
  const image = str(p, 'image') ?? '';
  const from = str(p, 'from') ?? '';
  // Validate: exactly one of --image and --from, and a command only with --image.
  if ((image === '') === (from === '')) throw new KubectlError('error: either --image or --from must be specified');
  if (command.length > 0 && from !== '') throw new KubectlError('error: cannot specify --from and command');
  const namespace = namespaceOf(p);
  const job = image !== '' ? jobFromImage(name, namespace, image, command) : jobFromCronJob(ctx, name, namespace, from);
  const stored = ctx.cluster.create(job);
  ctx.out(`${kindSlashName(stored, kindInfo('Job')!)} created`);
}

function jobFromImage(name: string, namespace: string, image: string, command: string[]): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace },
    spec: { template: { spec: { containers: [{ name, image, ...(command.length > 0 ? { command } : {}), resources: {} }], restartPolicy: 'Never' } } },
  };
}

/** createJobFromCronJob: the jobTemplate's labels, annotations and spec under the new name. */
function jobFromCronJob(ctx: CommandContext, name: string, namespace: string, from: string): KubeObject {
  const slash = from.indexOf('/');
  const info = slash < 0 ? undefined : resolveResource(from.slice(0, slash));
  if (slash < 0) throw new KubectlError(`error: from must be of the form <resource>/<name>, not "${from}"`);
  if (!info) throw new KubectlError(`error: the server doesn't have a resource type "${from.slice(0, slash)}"`);
  // kubectl fetches the object first, then accepts only a CronJob.
  const source = ctx.cluster.store.get(info.kind, info.namespaced ? namespace : '', from.slice(slash + 1));
  if (!source) throw notFound(info, from.slice(slash + 1));
  if (info.kind !== 'CronJob') throw new KubectlError(`error: unknown object type *${info.version}.${info.kind}`);
  const cj = source as Stored<CronJob & KubeObject>;
  const template = cj.spec!.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      annotations: { [INSTANTIATE_ANNOTATION]: 'manual', ...(template.metadata?.annotations ?? {}) },
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name!, uid: cj.metadata.uid!, controller: true }],
    },
    spec: deepCopy(template.spec) as object,
  };
}
