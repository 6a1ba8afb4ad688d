import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, DaemonSet, Deployment, Event, Job, KubeObject, Node, Pod, ReplicaSet } from '../../engine/api/types.ts';
import { findNodeRoles, podStatusReason, printNames, printTable } from '../../engine/kubectl/printers.ts';

const NOW = Date.parse('2024-10-04T10:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A metav1.Time the given time before NOW. */
function ago(ms: number): string {
  return new Date(NOW - ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Splits a printed table into cells using the header's column starts (headers are never empty,
 * and columns are at least three spaces apart), so empty cells survive.
 */
function cells(table: string): string[][] {
  const [header, ...rows] = table.trimEnd().split('\n');
  const starts = [...header!.matchAll(/(?:^| {3,})(\S)/g)].map((m) => m.index! + m[0].length - 1);
  return [header!, ...rows].map((line) => starts.map((start, i) => line.slice(start, starts[i + 1]).trim()));
}

function podRow(pod: Pod): string[] {
  return cells(printTable('Pod', [pod], NOW))[1]!;
}

const running = { running: { startedAt: ago(HOUR) } };

// k8s.io/kubernetes/pkg/printers/internalversion/printers_test.go, TestPrintPod: pod, then the
// expected NAME, READY, STATUS, RESTARTS, AGE cells (Go's "10s ago" relative to time.Now()).
const printPodCases: [Pod, string[]][] = [
  [
    {
      metadata: { name: 'test1' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: running },
          { name: '', image: '', imageID: '', ready: false, restartCount: 3 },
        ],
      },
    },
    ['test1', '1/2', 'podPhase', '6', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test2' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: running },
          { name: '', image: '', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
        ],
      },
    },
    ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test3' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
          { name: '', image: '', imageID: '', ready: false, restartCount: 3, state: { terminated: { reason: 'ContainerTerminatedReason', exitCode: 0 } } },
        ],
      },
    },
    ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test4' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: running },
          { name: '', image: '', imageID: '', ready: true, restartCount: 3 },
        ],
      },
    },
    ['test4', '1/2', 'podPhase', '6', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test5' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        reason: 'podReason',
        phase: 'podPhase',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: running },
          { name: '', image: '', imageID: '', ready: true, restartCount: 3 },
        ],
      },
    },
    ['test5', '1/2', 'podReason', '6', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test6' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: running },
        ],
      },
    },
    ['test6', '1/2', 'NotReady', '6', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test6' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { name: '', image: '', imageID: '', ready: true, restartCount: 3, state: running },
        ],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    ['test6', '1/2', 'Running', '6', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test7' },
      spec: { initContainers: [{ name: '' }], containers: [{ name: '' }] },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          {
            name: '',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(10 * SECOND) } },
          },
        ],
        containerStatuses: [{ name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test8' },
      spec: { initContainers: [{ name: '' }, { name: '' }], containers: [{ name: '' }] },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          {
            name: '',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(10 * SECOND) } },
          },
          { name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} } },
        ],
        containerStatuses: [{ name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    ['test8', '0/1', 'Init:0/2', '3 (10s ago)', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test9' },
      spec: { initContainers: [{ name: '' }, { name: '' }], containers: [{ name: '' }] },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0 } } },
          {
            name: '',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(10 * SECOND) } },
          },
        ],
        containerStatuses: [{ name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test10' },
      spec: { initContainers: [{ name: '' }, { name: '' }], containers: [{ name: '' }] },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          {
            name: '',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 2,
            state: { terminated: { exitCode: 0 } },
            lastState: { terminated: { exitCode: 0, finishedAt: ago(2 * MINUTE) } },
          },
          {
            name: '',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(10 * SECOND) } },
          },
        ],
        containerStatuses: [{ name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test11' },
      spec: { initContainers: [{ name: '' }], containers: [{ name: '' }] },
      status: {
        phase: 'Running',
        initContainerStatuses: [
          {
            name: '',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 2,
            state: { terminated: { exitCode: 0 } },
            lastState: { terminated: { exitCode: 0, finishedAt: ago(2 * MINUTE) } },
          },
        ],
        containerStatuses: [
          {
            name: '',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 4,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(20 * SECOND) } },
          },
        ],
      },
    },
    ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test12' },
      spec: { containers: [{ name: '' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: '',
            image: '',
            imageID: '',
            ready: true,
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(5 * DAY) } },
          },
        ],
      },
    },
    ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test14' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: '',
            image: '',
            imageID: '',
            ready: true,
            restartCount: 6,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(5 * DAY) } },
          },
          {
            name: '',
            image: '',
            imageID: '',
            ready: true,
            restartCount: 3,
            state: running,
            lastState: { terminated: { exitCode: 0, finishedAt: ago(20 * DAY) } },
          },
        ],
      },
    },
    ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test15' },
      spec: { containers: [{ name: '' }, { name: '' }] },
      status: { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
    },
    ['test15', '0/2', 'SchedulingGated', '0', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test16' },
      spec: { containers: [{ name: '' }] },
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
        ],
      },
    },
    ['test16', '0/1', 'Completed', '0', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test17' },
      spec: { containers: [{ name: '' }] },
      status: {
        phase: 'Failed',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 1 } } },
        ],
      },
    },
    ['test17', '0/1', 'Error', '0', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test18', deletionTimestamp: ago(10 * SECOND) },
      spec: { containers: [{ name: '' }] },
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          { name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
        ],
      },
    },
    ['test18', '0/1', 'Completed', '0', '<unknown>'],
  ],
  [
    {
      metadata: { name: 'test19', deletionTimestamp: ago(10 * SECOND) },
      spec: { containers: [{ name: '' }] },
      status: { phase: 'Running', containerStatuses: [{ name: '', image: '', imageID: '', ready: false, restartCount: 0, state: running }] },
    },
    ['test19', '0/1', 'Terminating', '0', '<unknown>'],
  ],
  [
    { metadata: { name: 'test20', deletionTimestamp: ago(10 * SECOND) }, spec: { containers: [{ name: '' }] }, status: { phase: 'Pending' } },
    ['test20', '0/1', 'Terminating', '0', '<unknown>'],
  ],
];

for (const [pod, expected] of printPodCases) {
  test(`printPod: ${pod.metadata!.name} → ${expected.slice(1, 4).join(' | ')}`, () => {
    assert.deepEqual(podRow(pod), expected);
    assert.equal(podStatusReason(pod), expected[2]);
  });
}

// printers_test.go, TestPrintPodWithRestartableInitContainer: sidecars count towards READY's total.
test('printPod: restartable init containers (sidecars)', () => {
  const spec = {
    initContainers: [
      { name: 'restartable-init-1', restartPolicy: 'Always' },
      { name: 'restartable-init-2', restartPolicy: 'Always' },
    ],
    containers: [{ name: '' }],
  };
  const waitingMain = [{ name: '', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} } }];
  const firstSidecar = (started: boolean) => ({
    name: 'restartable-init-1',
    image: '',
    imageID: '',
    ready: false,
    restartCount: 3,
    state: running,
    started,
    lastState: { terminated: { exitCode: 0, finishedAt: ago(10 * SECOND) } },
  });
  const notStarted: Pod = {
    metadata: { name: 'test1' },
    spec,
    status: {
      phase: 'Pending',
      initContainerStatuses: [
        firstSidecar(false),
        { name: 'restartable-init-2', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: {} }, started: false },
      ],
      containerStatuses: waitingMain,
      conditions: [{ type: 'Initialized', status: 'False' }],
    },
  };
  assert.deepEqual(podRow(notStarted), ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>']);
  const firstStarted: Pod = {
    ...notStarted,
    status: {
      ...notStarted.status,
      initContainerStatuses: [
        firstSidecar(true),
        { name: 'restartable-init-2', image: '', imageID: '', ready: false, restartCount: 0, state: running, started: false },
      ],
    },
  };
  assert.deepEqual(podRow(firstStarted), ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>']);
});

function kubiaPod(name: string, options: { ready: boolean; ageMs: number; deleting?: boolean; waiting?: string }): Pod {
  const state = options.waiting ? { waiting: { reason: options.waiting } } : running;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: ago(options.ageMs),
      labels: { app: 'kubia', 'pod-template-hash': '9495d9bf5' },
      ...(options.deleting ? { deletionTimestamp: ago(-30 * SECOND) } : {}),
    },
    spec: { containers: [{ name: 'kubia', image: 'idealism/kubia' }], nodeName: 'minikube-m02' },
    status: {
      phase: options.waiting ? 'Pending' : 'Running',
      containerStatuses: [{ name: 'kubia', image: 'idealism/kubia', imageID: '', ready: options.ready, restartCount: 0, state }],
    },
  };
}

// Real output from the seed notes (Kubernetes in Action, chapter 4, "kubectl delete pod" while a
// Deployment replaces it).
test('printTable Pod: real table from the seed notes', () => {
  const pods = [
    kubiaPod('kubia-9495d9bf5-5dwj7', { ready: true, ageMs: 24 * MINUTE, deleting: true }),
    kubiaPod('kubia-9495d9bf5-5j6zr', { ready: true, ageMs: 24 * MINUTE }),
    kubiaPod('kubia-9495d9bf5-kxcw5', { ready: false, ageMs: 9 * SECOND, waiting: 'ContainerCreating' }),
    kubiaPod('kubia-9495d9bf5-w98f6', { ready: true, ageMs: 24 * MINUTE }),
  ];
  assert.equal(
    printTable('Pod', pods, NOW),
    'NAME                    READY   STATUS              RESTARTS   AGE\n' +
      'kubia-9495d9bf5-5dwj7   1/1     Terminating         0          24m\n' +
      'kubia-9495d9bf5-5j6zr   1/1     Running             0          24m\n' +
      'kubia-9495d9bf5-kxcw5   0/1     ContainerCreating   0          9s\n' +
      'kubia-9495d9bf5-w98f6   1/1     Running             0          24m\n',
  );
});

function systemPod(name: string, restarts: number, lastRestartAgoMs: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system', creationTimestamp: ago(10 * DAY) },
    spec: { containers: [{ name: 'main' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'main',
          image: '',
          imageID: '',
          ready: true,
          restartCount: restarts,
          state: running,
          lastState: { terminated: { exitCode: 0, finishedAt: ago(lastRestartAgoMs) } },
        },
      ],
    },
  };
}

// Real `kubectl get all -n kube-system` output of a v1.31 minikube cluster (a public tutorial).
test('printTable withKind: `kubectl get all` tables of a minikube cluster', () => {
  const pods = [
    systemPod('coredns-6f6b679f8f-q7tws', 2, 68 * MINUTE),
    systemPod('etcd-minikube', 2, 68 * MINUTE),
    systemPod('kube-apiserver-minikube', 2, 68 * MINUTE),
    systemPod('kube-controller-manager-minikube', 2, 68 * MINUTE),
    systemPod('kube-proxy-jh258', 2, 68 * MINUTE),
    systemPod('kube-scheduler-minikube', 2, 68 * MINUTE),
    systemPod('storage-provisioner', 5, 67 * MINUTE),
  ];
  assert.equal(
    printTable('Pod', pods, NOW, { withKind: true }),
    'NAME                                   READY   STATUS    RESTARTS      AGE\n' +
      'pod/coredns-6f6b679f8f-q7tws           1/1     Running   2 (68m ago)   10d\n' +
      'pod/etcd-minikube                      1/1     Running   2 (68m ago)   10d\n' +
      'pod/kube-apiserver-minikube            1/1     Running   2 (68m ago)   10d\n' +
      'pod/kube-controller-manager-minikube   1/1     Running   2 (68m ago)   10d\n' +
      'pod/kube-proxy-jh258                   1/1     Running   2 (68m ago)   10d\n' +
      'pod/kube-scheduler-minikube            1/1     Running   2 (68m ago)   10d\n' +
      'pod/storage-provisioner                1/1     Running   5 (67m ago)   10d\n',
  );
  const template = { metadata: { labels: { 'k8s-app': 'kube-proxy' } }, spec: { containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.31.0' }], nodeSelector: { 'kubernetes.io/os': 'linux' } } };
  const daemonSet: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', creationTimestamp: ago(10 * DAY) },
    spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template },
    status: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1, numberMisscheduled: 0 },
  };
  assert.equal(
    printTable('DaemonSet', [daemonSet], NOW, { withKind: true }),
    'NAME                        DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n' +
      'daemonset.apps/kube-proxy   1         1         1       1            1           kubernetes.io/os=linux   10d\n',
  );
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', creationTimestamp: ago(10 * DAY) },
    spec: { replicas: 1, selector: { matchLabels: { 'k8s-app': 'kube-dns' } }, template: { spec: { containers: [{ name: 'coredns' }] } } },
    status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1, replicas: 1 },
  };
  assert.equal(
    printTable('Deployment', [deployment], NOW, { withKind: true }),
    'NAME                      READY   UP-TO-DATE   AVAILABLE   AGE\n' + 'deployment.apps/coredns   1/1     1            1           10d\n',
  );
  const replicaSet: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'coredns-6f6b679f8f', namespace: 'kube-system', creationTimestamp: ago(10 * DAY) },
    spec: { replicas: 1, selector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
    status: { replicas: 1, readyReplicas: 1 },
  };
  assert.equal(
    printTable('ReplicaSet', [replicaSet], NOW, { withKind: true }),
    'NAME                                 DESIRED   CURRENT   READY   AGE\n' + 'replicaset.apps/coredns-6f6b679f8f   1         1         1       10d\n',
  );
  // The same tutorial's `kubectl get daemonSet kube-proxy -n kube-system`.
  assert.equal(
    printTable('DaemonSet', [daemonSet], NOW),
    'NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n' +
      'kube-proxy   1         1         1       1            1           kubernetes.io/os=linux   10d\n',
  );
});

function node(name: string, extra: Partial<Node> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, ...extra };
}

// printers_test.go, TestPrintNodeInternalIP (wide): the first InternalIP and ExternalIP win.
test('printTable Node -o wide: addresses and <unknown> node info', () => {
  const nodes = [
    node('foo1', { status: { addresses: [{ type: 'InternalIP', address: '1.1.1.1' }] } }),
    node('foo2', { status: { addresses: [{ type: 'ExternalIP', address: '1.1.1.1' }] } }),
    node('foo3', {
      status: {
        addresses: [
          { type: 'InternalIP', address: '2.2.2.2' },
          { type: 'ExternalIP', address: '3.3.3.3' },
          { type: 'InternalIP', address: '4.4.4.4' },
        ],
      },
    }),
  ];
  assert.deepEqual(cells(printTable('Node', nodes, NOW, { wide: true })), [
    ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    ['foo1', 'Unknown', '<none>', '<unknown>', '', '1.1.1.1', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ['foo2', 'Unknown', '<none>', '<unknown>', '', '<none>', '1.1.1.1', '<unknown>', '<unknown>', '<unknown>'],
    ['foo3', 'Unknown', '<none>', '<unknown>', '', '2.2.2.2', '3.3.3.3', '<unknown>', '<unknown>', '<unknown>'],
  ]);
});

test('printTable Node: STATUS from the Ready condition, SchedulingDisabled, ROLES', () => {
  const ready = { type: 'Ready', status: 'True' };
  const nodes = [
    node('ready', { status: { conditions: [ready] } }),
    node('cordoned', { spec: { unschedulable: true }, status: { conditions: [ready] } }),
    node('false', { status: { conditions: [{ type: 'Ready', status: 'False' }] } }),
    node('unknown', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }),
    node('none', { spec: { unschedulable: true } }),
  ];
  assert.deepEqual(
    cells(printTable('Node', nodes, NOW)).slice(1).map((row) => row[1]),
    ['Ready', 'Ready,SchedulingDisabled', 'NotReady', 'NotReady', 'Unknown,SchedulingDisabled'],
  );
  // The minikube tutorial: `minikube   Ready    control-plane   10d   v1.31.0`.
  const minikube = node('minikube', {
    metadata: {
      name: 'minikube',
      creationTimestamp: ago(10 * DAY),
      labels: { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' },
    },
    status: { conditions: [ready], nodeInfo: { kubeletVersion: 'v1.31.0' } as NonNullable<Node['status']>['nodeInfo'] },
  });
  assert.equal(
    printTable('Node', [minikube], NOW, { allNamespaces: true }),
    'NAME       STATUS   ROLES           AGE   VERSION\nminikube   Ready    control-plane   10d   v1.31.0\n',
  );
  assert.deepEqual(
    findNodeRoles(node('n', { metadata: { name: 'n', labels: { 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/': 'x', 'node-role.kubernetes.io/master': '' } } })),
    ['master', 'worker'],
  );
});

// Values from the seed notes' `kubectl get jobs` output, with the v1.32 STATUS column.
test('printTable Job: STATUS, COMPLETIONS and DURATION', () => {
  const job = (name: string, extra: Partial<Job>): Job => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, creationTimestamp: ago(5 * SECOND), ...extra.metadata },
    spec: { completions: 1, parallelism: 1, template: {}, ...extra.spec },
    status: extra.status ?? {},
  });
  const running = job('batch-job', { status: { startTime: ago(5 * SECOND), active: 1 } });
  const complete = job('batch-job', {
    metadata: { name: 'batch-job', creationTimestamp: ago(6 * MINUTE + 25 * SECOND) },
    status: {
      startTime: ago(6 * MINUTE + 20 * SECOND),
      completionTime: ago(6 * MINUTE + 20 * SECOND - (2 * MINUTE + 45 * SECOND)),
      succeeded: 1,
      conditions: [{ type: 'Complete', status: 'True' }],
    },
  });
  assert.deepEqual(cells(printTable('Job', [running], NOW))[1], ['batch-job', 'Running', '0/1', '5s', '5s']);
  assert.deepEqual(cells(printTable('Job', [complete], NOW))[1], ['batch-job', 'Complete', '1/1', '2m45s', '6m25s']);
  const others = [
    job('failed', { status: { conditions: [{ type: 'Failed', status: 'True' }] } }),
    job('suspended', { spec: { suspend: true, template: {} }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }),
    job('terminating', { metadata: { name: 'terminating', deletionTimestamp: ago(0) }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }),
    job('target', { status: { conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Complete', status: 'False' }] } }),
    job('parallel', { spec: { completions: undefined, parallelism: 2, template: {} } }),
  ];
  assert.deepEqual(
    cells(printTable('Job', others, NOW)).slice(1).map((row) => [row[0], row[1], row[2], row[3]]),
    [
      ['failed', 'Failed', '0/1', ''],
      ['suspended', 'Suspended', '0/1', ''],
      ['terminating', 'Terminating', '0/1', ''],
      ['target', 'FailureTarget', '0/1', ''],
      ['parallel', 'Running', '0/1 of 2', ''],
    ],
  );
});

// The seed notes' `kubectl get cronjobs` row, plus the v1.32 TIMEZONE column.
test('printTable CronJob: TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE', () => {
  const cronJob = (name: string, extra: Partial<CronJob['spec']>, status: CronJob['status'] = {}): CronJob => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, creationTimestamp: ago(8 * SECOND) },
    spec: { schedule: '0,15,30,45 * * * *', suspend: false, jobTemplate: { spec: { template: {} } }, ...extra },
    status,
  });
  assert.deepEqual(cells(printTable('CronJob', [cronJob('batch-job-every-fifteen-minutes', {})], NOW)), [
    ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    ['batch-job-every-fifteen-minutes', '0,15,30,45 * * * *', '<none>', 'False', '0', '<none>', '8s'],
  ]);
  const scheduled = cronJob('nightly', { timeZone: 'Etc/UTC', suspend: undefined }, { lastScheduleTime: ago(90 * SECOND), active: [{ name: 'nightly-1' }] });
  assert.deepEqual(cells(printTable('CronJob', [scheduled], NOW))[1], ['nightly', '0,15,30,45 * * * *', 'Etc/UTC', '<unset>', '1', '90s', '8s']);
});

test('printTable Deployment and ReplicaSet -o wide: containers, images, selectors', () => {
  const selector = {
    matchLabels: { app: 'kubia' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['b', 'a'] },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  };
  const template = { spec: { containers: [{ name: 'kubia', image: 'idealism/kubia' }, { name: 'sidecar', image: 'busybox' }] } };
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'kubia', creationTimestamp: ago(3 * MINUTE + 53 * SECOND) },
    spec: { replicas: 3, selector, template },
    status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };
  assert.deepEqual(cells(printTable('Deployment', [deployment], NOW, { wide: true })), [
    ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
    ['kubia', '2/3', '3', '2', '3m53s', 'kubia,sidecar', 'idealism/kubia,busybox', 'app=kubia,!canary,env in (a,b)'],
  ]);
  const replicaSet: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'kubia-9495d9bf5', creationTimestamp: ago(3 * MINUTE + 53 * SECOND) },
    spec: { replicas: 3, selector: {}, template },
    status: { replicas: 3, readyReplicas: 2 },
  };
  assert.deepEqual(cells(printTable('ReplicaSet', [replicaSet], NOW, { wide: true }))[1], [
    'kubia-9495d9bf5',
    '3',
    '3',
    '2',
    '3m53s',
    'kubia,sidecar',
    'idealism/kubia,busybox',
    '<none>',
  ]);
});

// Seed notes' describe events: Unhealthy x6, first 2m58s ago, last 48s ago, from the kubelet.
function unhealthyEvent(): Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'kubia-liveness.161a2b3c4d5e6f70', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'kubia-liveness', namespace: 'default', fieldPath: 'spec.containers{kubia}' },
    reason: 'Unhealthy',
    message: 'Liveness probe failed: HTTP probe failed with statuscode: 500\n',
    type: 'Warning',
    source: { component: 'kubelet', host: 'minikube-m02' },
    firstTimestamp: ago(2 * MINUTE + 58 * SECOND),
    lastTimestamp: ago(48 * SECOND),
    count: 6,
  };
}

test('printTable Event: default and wide columns', () => {
  const scheduled: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'kubia-liveness.161a2b3c4d000000', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'kubia-liveness', namespace: 'default' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/kubia-liveness to minikube-m02',
    type: 'Normal',
    reportingComponent: 'default-scheduler',
    eventTime: new Date(NOW - 3 * MINUTE).toISOString().replace('Z', '000Z'),
  };
  assert.deepEqual(cells(printTable('Event', [scheduled, unhealthyEvent()], NOW)), [
    ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    ['3m', 'Normal', 'Scheduled', 'pod/kubia-liveness', 'Successfully assigned default/kubia-liveness to minikube-m02'],
    ['48s', 'Warning', 'Unhealthy', 'pod/kubia-liveness', 'Liveness probe failed: HTTP probe failed with statuscode: 500'],
  ]);
  assert.deepEqual(cells(printTable('Event', [scheduled, unhealthyEvent()], NOW, { wide: true })), [
    ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'],
    ['3m', 'Normal', 'Scheduled', 'pod/kubia-liveness', '', 'default-scheduler', 'Successfully assigned default/kubia-liveness to minikube-m02', '3m', '1', 'kubia-liveness.161a2b3c4d000000'],
    [
      '48s',
      'Warning',
      'Unhealthy',
      'pod/kubia-liveness',
      'spec.containers{kubia}',
      'kubelet, minikube-m02',
      'Liveness probe failed: HTTP probe failed with statuscode: 500',
      '2m58s',
      '6',
      'kubia-liveness.161a2b3c4d5e6f70',
    ],
  ]);
});

test('printTable decorations: -A, -L, --show-labels, --no-headers, multi-line cells', () => {
  const pod = kubiaPod('kubia-manual', { ready: true, ageMs: 5 * MINUTE });
  pod.metadata!.labels = { app: 'kubia', 'app.kubernetes.io/name': 'web' };
  assert.deepEqual(cells(printTable('Pod', [pod], NOW, { allNamespaces: true, labelColumns: ['app', 'app.kubernetes.io/name', 'missing'], showLabels: true })), [
    ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'APP', 'NAME', 'MISSING', 'LABELS'],
    ['default', 'kubia-manual', '1/1', 'Running', '0', '5m', 'kubia', 'web', '', 'app=kubia,app.kubernetes.io/name=web'],
  ]);
  assert.equal(printTable('Pod', [pod], NOW, { noHeaders: true }), 'kubia-manual   1/1   Running   0     5m\n');
  assert.equal(printTable('Pod', [], NOW), '');
  // A message with a line break is cut there and marked with "...".
  const event = { ...unhealthyEvent(), message: 'first line\nsecond line' };
  assert.equal(cells(printTable('Event', [event], NOW))[1]![4], 'first line...');
  assert.throws(() => printTable('Service', [pod], NOW));
});

test('printNames: `kubectl get -o name`', () => {
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kubia-xyz' } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'kubia' } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'kubia-9495d9bf5' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'm01' } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' } },
  ];
  assert.equal(printNames(objects), 'pod/kubia-xyz\ndeployment.apps/kubia\nreplicaset.apps/kubia-9495d9bf5\nnode/m01\ncronjob.batch/nightly\n');
});
