// kubectl run and kubectl version.
import { parseFlags, requiredFlagError, str, usageErrorf } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { NAMESPACE_FLAGS, namespaceOf } from './common.ts';
import { kindInfo } from '../../api/kinds.ts';
import { kindSlashName } from '../resources.ts';
import { KUBELET_VERSION } from '../../nodes.ts';

/** kubectl run NAME --image=IMAGE (pkg/cmd/run/run.go): a bare pod labelled run=NAME. */
export function runRun(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('run', argv, [...NAMESPACE_FLAGS, { name: 'image', type: 'string' }, { name: 'port', type: 'string' }, { name: 'restart', type: 'string' }, { name: 'labels', shorthand: 'l', type: 'string' }]);
  // cobra checks the flags marked required before the command runs.
  const image = str(p, 'image');
  if (!image) throw requiredFlagError('image');
  const name = p.args[0];
  if (!name) throw usageErrorf('run', 'NAME is required for run');
  const labels = str(p, 'labels') ? Object.fromEntries(str(p, 'labels')!.split(',').map((kv) => kv.split('=') as [string, string])) : { run: name };
  const port = str(p, 'port');
  const pod = ctx.cluster.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: namespaceOf(p), labels },
    spec: {
      containers: [{ name, image, ...(port ? { ports: [{ containerPort: Number(port) }] } : {}), resources: {} }],
      restartPolicy: str(p, 'restart') ?? 'Always',
    },
  });
  ctx.out(`${kindSlashName(pod, kindInfo('Pod')!)} created`);
}

/** kubectl version (pkg/cmd/version/version.go), client and server both v1.32. */
export function runVersion(ctx: CommandContext, argv: string[]): void {
  parseFlags('version', argv, [{ name: 'client', type: 'bool' }, { name: 'output', shorthand: 'o', type: 'string' }]);
  ctx.out(`Client Version: ${KUBELET_VERSION}\nKustomize Version: v5.5.0\nServer Version: ${KUBELET_VERSION}`);
}
