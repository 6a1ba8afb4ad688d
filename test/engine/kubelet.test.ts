// The simulated kubelet: a bound pod shows ContainerCreating until its sandbox is ready and its
// images are pulled, then Running; it reports Pulling/Pulled/Created/Started events with the
// container's fieldPath; a deleted pod is Terminating until its containers stop, which is at once
// for an image that handles SIGTERM (nginx) and at the end of the grace period for one that does
// not (luksa/kubia, whose node server runs as PID 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../engine/cluster.ts';
import { DEFAULT_KUBELET_TIMINGS } from '../../engine/kubelet/kubelet.ts';
import { podStatusReason } from '../../engine/kubectl/printers.ts';
import type { Event, KubeObject, Node } from '../../engine/api/types.ts';
import { apply, barePodManifest, eventLines, kubectl, newCluster, pod } from './cluster-helpers.ts';

const { sandboxMs, firstPullMs, repeatPullMs } = DEFAULT_KUBELET_TIMINGS;

function status(cluster: Cluster, name: string): string {
  return podStatusReason(pod(cluster, name)! as never);
}

function node(cluster: Cluster, name: string): Node & KubeObject {
  return cluster.store.get<Node & KubeObject>('Node', '', name)! as Node & KubeObject;
}

function internalIp(cluster: Cluster, name: string): string | undefined {
  return node(cluster, name).status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** `10.244.1` for a node whose podCIDR is 10.244.1.0/24. */
function podCidrPrefix(cluster: Cluster, name: string): string {
  const cidr = node(cluster, name).spec?.podCIDR ?? '';
  assert.match(cidr, /^\d+\.\d+\.\d+\.0\/24$/);
  return cidr.split('.').slice(0, 3).join('.');
}

function ready(cluster: Cluster, name: string): string | undefined {
  return pod(cluster, name)!.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

test('the documented kubelet timings', () => {
  assert.deepEqual(DEFAULT_KUBELET_TIMINGS, { sandboxMs: 1000, firstPullMs: 3000, repeatPullMs: 500 });
});

test('a new pod is ContainerCreating until its sandbox is up and its image pulled, then Running', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('kubia', { app: 'kubia' }));
  const created = pod(cluster, 'kubia')!;
  assert.equal(created.spec?.nodeName, 'm01');
  assert.equal(created.status?.phase, 'Pending');
  assert.equal(status(cluster, 'kubia'), 'ContainerCreating');
  assert.deepEqual(created.status?.containerStatuses?.[0].state, { waiting: { reason: 'ContainerCreating' } });
  assert.equal(created.status?.podIP, undefined);
  assert.equal(created.status?.hostIP, internalIp(cluster, 'm01'));

  // The sandbox is up after sandboxMs, but the pod worker pulls and starts within the same
  // SyncPod: the IP reaches the apiserver with the Running status, not before.
  cluster.advance(sandboxMs);
  assert.equal(pod(cluster, 'kubia')!.status?.podIP, undefined);
  assert.equal(status(cluster, 'kubia'), 'ContainerCreating');

  cluster.advance(firstPullMs - 1);
  assert.equal(status(cluster, 'kubia'), 'ContainerCreating');
  assert.equal(ready(cluster, 'kubia'), 'False');
  cluster.advance(1);
  const running = pod(cluster, 'kubia')!;
  assert.equal(running.status?.podIP, `${podCidrPrefix(cluster, 'm01')}.2`);
  assert.equal(running.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.lastTransitionTime, '2020-06-07T22:00:01Z');
  assert.equal(running.status?.phase, 'Running');
  assert.equal(status(cluster, 'kubia'), 'Running');
  assert.equal(ready(cluster, 'kubia'), 'True');
  assert.deepEqual(running.status?.containerStatuses?.[0].state, { running: { startedAt: '2020-06-07T22:00:04Z' } });
  assert.equal(running.status?.containerStatuses?.[0].ready, true);
  assert.match(running.status!.containerStatuses![0].containerID!, /^containerd:\/\/[0-9a-f]{64}$/);
});

test('the kubelet reports Pulling, Pulled, Created and Started with the container\'s fieldPath', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('kubia', { app: 'kubia' }));
  cluster.advance(sandboxMs + firstPullMs);
  assert.deepEqual(eventLines(cluster, 'Pod', 'kubia'), [
    'Scheduled: Successfully assigned default/kubia to m01',
    'Pulling: Pulling image "luksa/kubia"',
    'Pulled: Successfully pulled image "luksa/kubia" in 3s (3s including waiting). Image size: 660092648 bytes.',
    'Created: Created container: main',
    'Started: Started container main',
  ]);
  // The pod's events; the kubelet also records its node's start-up events (node-agent.ts).
  const kubeletEvents = cluster.store.list<Event & KubeObject>('Event').filter((e) => e.source?.component === 'kubelet' && e.involvedObject.kind === 'Pod');
  assert.equal(kubeletEvents.length, 4);
  for (const e of kubeletEvents) {
    assert.equal(e.involvedObject.fieldPath, 'spec.containers{main}');
    assert.deepEqual(e.source, { component: 'kubelet', host: 'm01' });
    assert.equal(e.type, 'Normal');
  }
});

test('an image the node has is not pulled again with IfNotPresent', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('first', { app: 'web' }, 'nginx:1.27'));
  cluster.advance(60_000);
  apply(cluster, barePodManifest('second', { app: 'web' }, 'nginx:1.27'));
  cluster.advance(sandboxMs);
  assert.equal(status(cluster, 'second'), 'Running');
  assert.deepEqual(eventLines(cluster, 'Pod', 'second').slice(1), [
    'Pulled: Container image "nginx:1.27" already present on machine',
    'Created: Created container: main',
    'Started: Started container main',
  ]);
});

test('an image without a tag defaults to imagePullPolicy Always and is pulled again, quickly, when present', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('first', { app: 'kubia' }));
  cluster.advance(60_000);
  apply(cluster, barePodManifest('second', { app: 'kubia' }));
  assert.equal(pod(cluster, 'second')!.spec?.containers[0].imagePullPolicy, 'Always');
  cluster.advance(sandboxMs + repeatPullMs - 1);
  assert.equal(status(cluster, 'second'), 'ContainerCreating');
  cluster.advance(1);
  assert.equal(status(cluster, 'second'), 'Running');
  assert.ok(eventLines(cluster, 'Pod', 'second').includes('Pulled: Successfully pulled image "luksa/kubia" in 500ms (500ms including waiting). Image size: 660092648 bytes.'));
});

test('a pod with two containers runs once both have started', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pair' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'app', image: 'luksa/kubia' }] },
  });
  cluster.advance(sandboxMs + firstPullMs);
  assert.equal(status(cluster, 'pair'), 'ContainerCreating');
  assert.equal(pod(cluster, 'pair')!.status?.containerStatuses?.[0].state?.running !== undefined, true);
  cluster.advance(firstPullMs);
  assert.equal(status(cluster, 'pair'), 'Running');
  const lines = eventLines(cluster, 'Pod', 'pair');
  assert.ok(lines.includes('Started: Started container web'));
  assert.ok(lines.includes('Started: Started container app'));
});

test('a deleted pod whose process ignores SIGTERM is Terminating for 30 s, then gone', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('kubia', { app: 'kubia' }));
  cluster.advance(60_000);
  assert.equal(kubectl(cluster, 'kubectl delete pod kubia').stdout, 'pod "kubia" deleted\n');
  assert.equal(status(cluster, 'kubia'), 'Terminating');
  assert.ok(eventLines(cluster, 'Pod', 'kubia').includes('Killing: Stopping container main'));
  cluster.advance(29_999);
  assert.equal(status(cluster, 'kubia'), 'Terminating');
  cluster.advance(1);
  assert.equal(pod(cluster, 'kubia'), undefined);
});

test('the grace period follows terminationGracePeriodSeconds', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('kubia', { app: 'kubia' }, 'luksa/kubia', { terminationGracePeriodSeconds: 5 }));
  cluster.advance(60_000);
  kubectl(cluster, 'kubectl delete pod kubia');
  cluster.advance(4_999);
  assert.ok(pod(cluster, 'kubia'));
  cluster.advance(1);
  assert.equal(pod(cluster, 'kubia'), undefined);
});

test('a deleted nginx pod stops at once', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('web', { app: 'web' }, 'nginx:1.27'));
  cluster.advance(60_000);
  kubectl(cluster, 'kubectl delete pod web');
  assert.equal(pod(cluster, 'web'), undefined);
  assert.ok(eventLines(cluster, 'Pod', 'web').includes('Killing: Stopping container main'));
});

test('a pod deleted before its container started goes at once', () => {
  const cluster = newCluster(['m01']);
  apply(cluster, barePodManifest('kubia', { app: 'kubia' }));
  cluster.advance(sandboxMs + 1);
  kubectl(cluster, 'kubectl delete pod kubia');
  assert.equal(pod(cluster, 'kubia'), undefined);
  // The pull that was under way must not start a container for the deleted pod.
  cluster.advance(firstPullMs);
  assert.ok(!eventLines(cluster, 'Pod', 'kubia').some((l) => l.startsWith('Started')));
});

test('pod IPs come from the node\'s pod CIDR, in order, and hostIP is the node\'s InternalIP', () => {
  const cluster = newCluster(['m01', 'm02']);
  apply(cluster, { ...barePodManifest('a', { app: 'x' }, 'nginx:1.27', { nodeName: 'm02' }) });
  apply(cluster, { ...barePodManifest('b', { app: 'x' }, 'nginx:1.27', { nodeName: 'm02' }) });
  cluster.advance(sandboxMs + DEFAULT_KUBELET_TIMINGS.firstPullMs);
  assert.notEqual(podCidrPrefix(cluster, 'm01'), podCidrPrefix(cluster, 'm02'));
  assert.equal(pod(cluster, 'a')!.status?.podIP, `${podCidrPrefix(cluster, 'm02')}.2`);
  assert.equal(pod(cluster, 'b')!.status?.podIP, `${podCidrPrefix(cluster, 'm02')}.3`);
  assert.equal(pod(cluster, 'a')!.status?.hostIP, internalIp(cluster, 'm02'));
  assert.notEqual(internalIp(cluster, 'm01'), internalIp(cluster, 'm02'));
});
