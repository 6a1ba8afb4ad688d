// The report's state tables are the commands' own output: for clusters in many states (no pods,
// pods and workloads in the default namespace or others, a node cordoned or not Ready, events
// expiring), the text reports/state-tables.ts prints equals what a report's look with each
// command (runKubectl with lookOnly, as Scenario.look runs it) prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../engine/cluster.ts';
import { runKubectl } from '../../engine/kubectl/kubectl.ts';
import { shellSplit } from '../../engine/kubectl/flags.ts';
import { applyNodeFault } from '../../engine/node-faults.ts';
import { stateTableCommands, stateTables } from '../../reports/state-tables.ts';
import { apply, barePodManifest, deploymentManifest, kubectl, newCluster } from '../engine/cluster-helpers.ts';

/** The state tables as the commands print them. */
function byCommands(cluster: Cluster): string {
  const look = (command: string) => runKubectl(cluster, shellSplit(command), { readFile: () => undefined, lookOnly: true }).output.trimEnd();
  return stateTableCommands(cluster).map((command) => `$ ${command}\n${look(command)}`).join('\n\n') + '\n';
}

function assertSame(cluster: Cluster, what: string): string {
  const expected = byCommands(cluster);
  const actual = stateTables(cluster);
  assert.equal(actual, expected, what);
  return actual;
}

test('no pods: the pods table says so, as kubectl get does', () => {
  const cluster = newCluster();
  const text = assertSame(cluster, 'empty cluster');
  assert.equal(text, '$ kubectl get pods -o wide\nNo resources found in default namespace.\n');
});

test('pods and workloads over time, in the default namespace and in others, nodes cordoned and not Ready', () => {
  const cluster = newCluster(['m01', 'm02', 'm03']);
  const seen = new Set<string>();
  const check = (what: string): void => {
    const text = assertSame(cluster, what);
    for (const line of text.split('\n')) if (line.startsWith('$ ')) seen.add(line);
  };
  apply(cluster, deploymentManifest('kubia', 3));
  check('a Deployment rolling out');
  cluster.advance(5_000);
  check('the Deployment available');
  apply(cluster, barePodManifest('lone', { app: 'lone' }));
  kubectl(cluster, 'kubectl create job pi --image=busybox -- sh -c "sleep 5"');
  apply(cluster, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'tick', image: 'busybox', command: ['true'] }] } } } } },
  });
  for (let i = 0; i < 8; i++) {
    cluster.advance(17_000);
    check(`jobs and cronjobs at step ${i}`);
  }
  kubectl(cluster, 'kubectl cordon m03');
  check('a cordoned node');
  apply(cluster, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  apply(cluster, { ...barePodManifest('elsewhere', { app: 'elsewhere' }), metadata: { name: 'elsewhere', namespace: 'other', labels: { app: 'elsewhere' } } });
  cluster.advance(3_000);
  check('a pod in another namespace');
  applyNodeFault(cluster, 'm02', 'goes-not-ready');
  for (let i = 0; i < 6; i++) {
    cluster.advance(30_000);
    check(`a node not Ready, ${i}`);
  }
  kubectl(cluster, 'kubectl delete pod elsewhere -n other');
  kubectl(cluster, 'kubectl delete deployment kubia');
  cluster.advance(60 * 60_000);
  check('an hour later, events expired');
  // The tables the checks went through, so that the comparison covered each kind of table.
  for (const command of ['$ kubectl get pods -o wide', '$ kubectl get deployments', '$ kubectl get jobs', '$ kubectl get cronjobs', '$ kubectl get nodes', '$ kubectl get pods -o wide -A', '$ kubectl get jobs -A']) {
    assert.ok(seen.has(command), `never checked: ${command} (checked ${[...seen].join(', ')})`);
  }
});
