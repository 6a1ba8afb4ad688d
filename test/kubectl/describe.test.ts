import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, ContainerStatus, Deployment, Event, Node, Pod, PodTemplateSpec, ReplicaSet } from '../../engine/api/types.ts';
import {
  describeDeployment,
  describePodTemplate,
  describeEvents,
  describeNode,
  describePod,
  describeReplicaSet,
} from '../../engine/kubectl/describe.ts';

const NOW = Date.parse('2024-10-04T10:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

/** A metav1.Time the given time before NOW. */
function ago(ms: number): string {
  return new Date(NOW - ms).toISOString().replace('.000Z', 'Z');
}

/** A metav1.MicroTime the given time before NOW. */
function microAgo(ms: number): string {
  return new Date(NOW - ms).toISOString().replace('Z', '000Z');
}

const pad = (text: string, width: number): string => text.padEnd(width);

// k8s.io/kubectl/pkg/describe/describe_test.go, TestDescribePodVolumes (full expected output).
test('describePod: TestDescribePodVolumes', () => {
  const pod = {
    metadata: { name: 'bar', namespace: 'foo' },
    spec: { volumes: [{ name: 'image', image: { reference: 'image', pullPolicy: 'IfNotPresent' } }] },
  } as unknown as Pod;
  const expected = [
    'Name:         bar',
    'Namespace:    foo',
    'Node:         <none>',
    'Labels:       <none>',
    'Annotations:  <none>',
    'Status:       ',
    'IP:           ',
    'IPs:          <none>',
    'Containers: <none>',
    'Volumes:',
    '  image:',
    '    Type:        Image (a container image or OCI artifact)',
    '    Reference:   image',
    '    PullPolicy:  IfNotPresent',
    'QoS Class:       BestEffort',
    'Node-Selectors:  <none>',
    'Tolerations:     <none>',
    'Events:          <none>',
    '',
  ].join('\n');
  assert.equal(describePod(pod, [], NOW), expected);
});

// describe_test.go, TestDescribePod: a deleted running or pending pod shows how long it has been
// terminating; since 1.31 a deleted terminal pod shows its phase.
test('describePod: Terminating (lasts …) only for non-terminal phases', () => {
  const base = (phase: string): Pod => ({
    metadata: { name: 'bar', namespace: 'foo', deletionTimestamp: new Date(Date.UTC(2014, 9, 4, 10)).toISOString(), deletionGracePeriodSeconds: 1234 },
    spec: { containers: [], readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }] },
    status: { phase, conditions: [{ type: 'condition1', status: 'True' }] },
  });
  for (const phase of ['Running', 'Pending']) {
    const out = describePod(base(phase), [], NOW);
    assert.match(out, /Status:\s+Terminating \(lasts 10y\)\n/);
    assert.match(out, /Termination Grace Period:\s+1234s\n/);
  }
  for (const phase of ['Succeeded', 'Failed']) {
    const out = describePod(base(phase), [], NOW);
    assert.match(out, new RegExp(`Status:\\s+${phase}\\n`));
    assert.doesNotMatch(out, /Terminating/);
  }
  // Readiness gates and conditions print "%v \t%v \n": note the space before each tab and newline.
  // The conditions rows share a column block with the Volumes..Events lines that follow them.
  const out = describePod(base('Running'), [], NOW);
  assert.ok(out.includes('Readiness Gates:\n  Type         Status\n  condition1   True \n  condition2   <none> \n'), out);
  assert.ok(out.includes('Conditions:\n  Type           Status\n  condition1     True \nVolumes:         <none>\nQoS Class:       BestEffort\n'), out);
});

// describe_test.go, TestDescribePodTolerations.
test('describePod: tolerations', () => {
  const pod: Pod = {
    metadata: { name: 'bar', namespace: 'foo' },
    spec: {
      containers: [],
      tolerations: [
        { operator: 'Exists' },
        { effect: 'NoSchedule', operator: 'Exists' },
        { key: 'key0', operator: 'Exists' },
        { key: 'key1', value: 'value1' },
        { key: 'key2', operator: 'Equal', value: 'value2', effect: 'NoSchedule' },
        { key: 'key3', value: 'value3', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'key4', effect: 'NoExecute', tolerationSeconds: 60 },
      ],
    },
  };
  const out = describePod(pod, [], NOW);
  for (const expected of [
    '  op=Exists\n',
    ':NoSchedule op=Exists\n',
    'key0 op=Exists\n',
    'key1=value1\n',
    'key2=value2:NoSchedule\n',
    'key3=value3:NoExecute for 300s\n',
    'key4:NoExecute for 60s\n',
    'Tolerations:',
  ]) {
    assert.ok(out.includes(expected), `missing ${JSON.stringify(expected)} in\n${out}`);
  }
});

// describe_test.go, TestDescribeTopologySpreadConstraints.
test('describePod: topology spread constraints', () => {
  const pod: Pod = {
    metadata: { name: 'bar', namespace: 'foo' },
    spec: {
      containers: [],
      topologySpreadConstraints: [
        { maxSkew: 3, topologyKey: 'topology.kubernetes.io/test1', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { key1: 'val1', key2: 'val2' } } },
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/test2', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    },
  };
  const out = describePod(pod, [], NOW);
  assert.ok(out.includes('topology.kubernetes.io/test1:DoNotSchedule when max skew 3 is exceeded for selector key1=val1,key2=val2\n'), out);
  assert.ok(out.includes('topology.kubernetes.io/test2:ScheduleAnyway when max skew 1 is exceeded\n'), out);
});

function podWith(container: Container, status?: Partial<ContainerStatus>): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: [container] },
    status: status ? { containerStatuses: [{ name: 'test', image: 'image', imageID: '', ready: true, restartCount: 7, ...status }] } : {},
  };
}

// describe_test.go, TestDescribeContainers (elements expected in the output).
test('describePod: container details', () => {
  const terminated = describePod(
    podWith(
      { name: 'test', image: 'image' },
      {
        state: { running: { startedAt: ago(0) } },
        lastState: { terminated: { startedAt: ago(3 * SECOND), finishedAt: ago(0), reason: 'crashing', exitCode: 3 } },
      },
    ),
    [],
    NOW,
  );
  for (const expected of ['test', 'State', 'Terminated', 'Ready', 'True', 'Restart Count', '7', 'Image', 'image', 'Started', 'Finished', 'Exit Code', 'crashing', '3']) {
    assert.ok(terminated.includes(expected), expected);
  }
  // No state defaults to waiting.
  assert.match(describePod(podWith({ name: 'test', image: 'image' }, {}), [], NOW), /State:\s+Waiting\n/);
  const envFrom = (source: NonNullable<Container['envFrom']>[number]) =>
    describePod(podWith({ name: 'test', image: 'image', env: [{ name: 'envname', value: 'xyz' }], envFrom: [source] }, {}), [], NOW);
  assert.match(envFrom({ configMapRef: { name: 'a123' } }), /envname:\s+xyz\n/);
  assert.match(envFrom({ configMapRef: { name: 'a123' } }), /a123 +ConfigMap +Optional: false\n/);
  assert.match(envFrom({ prefix: 'p_', configMapRef: { name: 'a123' } }), /a123 +ConfigMap with prefix 'p_' +Optional: false\n/);
  assert.match(envFrom({ configMapRef: { name: 'a123', optional: true } }), /a123 +ConfigMap +Optional: true\n/);
  assert.match(envFrom({ secretRef: { name: 'a123', optional: true } }), /a123 +Secret +Optional: true\n/);
  // Command and args with newlines keep the level-3 indent on each line.
  const command = describePod(podWith({ name: 'test', image: 'image', command: ['sleep', '1000\n2000'], args: ['time', '1000\n2000'] }, {}), [], NOW);
  assert.ok(command.includes('    Command:\n      sleep\n      1000\n      2000\n    Args:\n      time\n      1000\n      2000\n'), command);
  // Limits and requests print canonical quantities.
  const resources = describePod(
    podWith({ name: 'test', image: 'image', resources: { limits: { cpu: '1000', memory: '4G', storage: '20G' }, requests: { cpu: '1000', memory: '4G' } } }, {}),
    [],
    NOW,
  );
  assert.match(resources, /Limits:\n\s+cpu:\s+1k\n\s+memory:\s+4G\n\s+storage:\s+20G\n\s+Requests:\n\s+cpu:\s+1k\n\s+memory:\s+4G\n/);
  const mounts = describePod(
    podWith({
      name: 'test',
      image: 'image',
      volumeMounts: [
        { name: 'mounted-volume', mountPath: '/opt/', subPath: 'foo' },
        { name: 'ro-volume', mountPath: '/etc/ro', readOnly: true },
      ],
    }),
    [],
    NOW,
  );
  assert.ok(mounts.includes('    Mounts:\n      /etc/ro from ro-volume (ro)\n      /opt/ from mounted-volume (rw,path="foo")\n'), mounts);
});

test('describePod: probes, ports, env sources, projected service-account volume', () => {
  const pod: Pod = {
    metadata: { name: 'kubia-liveness', namespace: 'default', labels: { app: 'kubia' }, uid: 'uid-1' },
    spec: {
      nodeName: 'minikube-m02',
      containers: [
        {
          name: 'kubia',
          image: 'idealism/kubia-unhealthy',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          livenessProbe: { httpGet: { path: '/', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          startupProbe: { tcpSocket: { port: 'http' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'APP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['app']" } } },
            { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
            { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          ],
          volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
        },
      ],
      volumes: [
        {
          name: 'kube-api-access-abcde',
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        },
      ],
    },
    status: {},
  };
  const out = describePod(pod, [], NOW);
  // Reference notes §9.3: `http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3`.
  assert.match(out, /Liveness:\s+http-get http:\/\/:8080\/ delay=0s timeout=1s period=10s #success=1 #failure=3\n/);
  assert.match(out, /Readiness:\s+exec \[cat \/tmp\/healthy\] delay=5s timeout=1s period=10s #success=1 #failure=3\n/);
  assert.match(out, /Startup:\s+tcp-socket :http delay=0s timeout=1s period=10s #success=1 #failure=3\n/);
  assert.match(out, /Port:\s+8080\/TCP\n\s+Host Port:\s+0\/TCP\n/);
  assert.match(out, /POD_NAME:\s+kubia-liveness \(v1:metadata.name\)\n/);
  assert.match(out, /APP:\s+kubia \(v1:metadata.labels\['app'\]\)\n/);
  // Only metadata field paths resolve in kubectl's fieldpath helper.
  assert.match(out, /NODE:\s+ \(v1:spec.nodeName\)\n/);
  assert.match(out, /PASSWORD:\s+<set to the key 'password' in secret 'db'>\s+Optional: false\n/);
  assert.ok(
    out.includes(
      '  kube-api-access-abcde:\n' +
        '    Type:                    Projected (a volume that contains injected data from multiple sources)\n' +
        '    TokenExpirationSeconds:  3607\n' +
        '    ConfigMapName:           kube-root-ca.crt\n' +
        '    ConfigMapOptional:       <nil>\n' +
        '    DownwardAPI:             true\n',
    ),
    out,
  );
});

test('describePod: QoS class computed from requests and limits when status has none', () => {
  const qos = (resources: Container['resources']): string => {
    const out = describePod(podWith({ name: 'c', resources }), [], NOW);
    return /QoS Class:\s+(\S+)/.exec(out)![1]!;
  };
  assert.equal(qos(undefined), 'BestEffort');
  assert.equal(qos({ requests: { cpu: '100m' } }), 'Burstable');
  assert.equal(qos({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '0.1', memory: '64Mi' } }), 'Guaranteed');
  assert.equal(qos({ limits: { cpu: '100m' } }), 'Burstable');
});

// The seed notes' liveness example, as kubectl >= 1.20 prints it (From is the component only).
test('describeEvents: Age with (xN over …), sorted by lastTimestamp, From = component', () => {
  const base = { apiVersion: 'v1', kind: 'Event', involvedObject: { kind: 'Pod', name: 'kubia-liveness', namespace: 'default' } } as const;
  const events: Event[] = [
    {
      ...base,
      metadata: { name: 'e2' },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
      source: { component: 'kubelet', host: 'minikube-m02' },
      firstTimestamp: ago(2 * MINUTE + 58 * SECOND),
      lastTimestamp: ago(48 * SECOND),
      count: 6,
    },
    {
      ...base,
      metadata: { name: 'e3' },
      type: 'Normal',
      reason: 'Killing',
      message: 'Container kubia failed liveness probe, will be restarted',
      source: { component: 'kubelet', host: 'minikube-m02' },
      firstTimestamp: ago(2 * MINUTE + 38 * SECOND),
      lastTimestamp: ago(48 * SECOND),
      count: 2,
    },
    {
      ...base,
      metadata: { name: 'e1' },
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned default/kubia-liveness to minikube-m02',
      reportingComponent: 'default-scheduler',
      eventTime: microAgo(3 * MINUTE + 10 * SECOND),
    },
  ];
  assert.equal(
    describeEvents(events, NOW),
    'Events:\n' +
      '  Type     Reason     Age                  From               Message\n' +
      '  ----     ------     ----                 ----               -------\n' +
      '  Normal   Scheduled  3m10s                default-scheduler  Successfully assigned default/kubia-liveness to minikube-m02\n' +
      '  Warning  Unhealthy  48s (x6 over 2m58s)  kubelet            Liveness probe failed: HTTP probe failed with statuscode: 500\n' +
      '  Normal   Killing    48s (x2 over 2m38s)  kubelet            Container kubia failed liveness probe, will be restarted\n',
  );
  assert.equal(describeEvents([], NOW), 'Events:  <none>\n');
});

// describe_test.go, TestDescribeDeployment.
const LABELS = { 'k8s-app': 'bar' };
const DEPLOYMENT_UID = '00000000-0000-0000-0000-000000000001';

function template(image: string): PodTemplateSpec {
  return {
    metadata: { name: 'bar', namespace: 'foo', labels: LABELS },
    spec: {
      containers: [
        {
          name: '',
          image,
          volumeMounts: [
            { name: 'vol-foo', mountPath: '/tmp/vol-foo' },
            { name: 'vol-bar', mountPath: '/tmp/vol-bar' },
          ],
        },
      ],
      volumes: [
        { name: 'vol-foo', emptyDir: {} },
        { name: 'vol-bar', emptyDir: {} },
      ],
    },
  };
}

function deployment(replicas: number, image: string, status: Deployment['status'] = {}): Deployment {
  return {
    metadata: { name: 'bar', namespace: 'foo', labels: LABELS, uid: DEPLOYMENT_UID, creationTimestamp: '2021-01-01T00:00:00Z' },
    spec: { replicas, selector: { matchLabels: LABELS }, template: template(image) },
    status,
  };
}

function replicaSet(name: string, uid: string, replicas: number, image: string, current: number): ReplicaSet {
  return {
    metadata: {
      name,
      namespace: 'foo',
      labels: LABELS,
      uid,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'bar', controller: true, uid: DEPLOYMENT_UID }],
    },
    spec: { replicas, selector: { matchLabels: LABELS }, template: template(image) },
    status: { replicas: current },
  };
}

function scalingEvent(name: string, message: string, timing: Partial<Event>): Event {
  return {
    metadata: { name, namespace: 'foo' },
    involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'bar', namespace: 'foo', uid: DEPLOYMENT_UID },
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message,
    ...timing,
  };
}

function assertContainsAll(out: string, expects: string[]): void {
  for (const expected of expects) assert.ok(out.includes(expected), `expected ${JSON.stringify(expected)} in:\n${out}`);
}

test('describeDeployment: deployment with two mounted volumes', () => {
  const out = describeDeployment(deployment(1, 'mytest-image:latest'), [replicaSet('bar-001', 'rs-1', 1, 'mytest-image:latest', 1)], [], NOW);
  assertContainsAll(out, [
    'Name:               bar\nNamespace:          foo',
    'CreationTimestamp:  Fri, 01 Jan 2021 00:00:00 +0000',
    'Labels:             k8s-app=bar',
    'Selector:           k8s-app=bar',
    'Replicas:           1 desired | 0 updated | 0 total | 0 available | 0 unavailable',
    'Image:        mytest-image:latest',
    'Mounts:\n      /tmp/vol-bar from vol-bar (rw)\n      /tmp/vol-foo from vol-foo (rw)',
    'OldReplicaSets:    <none>',
    'NewReplicaSet:     bar-001 (1/1 replicas created)',
    'Events:            <none>',
    'Node-Selectors:  <none>',
    'Tolerations:     <none>',
  ]);
});

test('describeDeployment: during and after a rollout', () => {
  const during = describeDeployment(
    deployment(2, 'mytest-image:v2.0', { replicas: 3, updatedReplicas: 1, availableReplicas: 2, unavailableReplicas: 1 }),
    [replicaSet('bar-001', 'rs-1', 2, 'mytest-image:v1.0', 2), replicaSet('bar-002', 'rs-2', 1, 'mytest-image:v2.0', 1)],
    [
      scalingEvent('bar-000', 'Scaled up replica set bar-002 from 0 to 1', {
        reportingComponent: 'deployment-controller',
        eventTime: microAgo(20 * MINUTE),
        series: { count: 3, lastObservedTime: microAgo(12 * MINUTE) },
      }),
      scalingEvent('bar-001', 'Scaled up replica set bar-001 from 0 to 2', { source: { component: 'deployment-controller' }, firstTimestamp: ago(10 * MINUTE) }),
      scalingEvent('bar-002', 'Scaled up replica set bar-002 from 0 to 1', { source: { component: 'deployment-controller' }, firstTimestamp: ago(2 * MINUTE) }),
      scalingEvent('bar-003', 'Scaled down replica set bar-002 from 2 to 1', { reportingComponent: 'deployment-controller', eventTime: microAgo(MINUTE) }),
    ],
    NOW,
  );
  assertContainsAll(during, [
    'Replicas:           2 desired | 1 updated | 3 total | 2 available | 1 unavailable',
    'Image:        mytest-image:v2.0',
    'OldReplicaSets:    bar-001 (2/2 replicas created)',
    'NewReplicaSet:     bar-002 (1/1 replicas created)',
    'Events:\n',
    'Normal  ScalingReplicaSet  12m (x3 over 20m)  deployment-controller  Scaled up replica set bar-002 from 0 to 1',
    'Normal  ScalingReplicaSet  10m                deployment-controller  Scaled up replica set bar-001 from 0 to 2',
    'Normal  ScalingReplicaSet  2m                 deployment-controller  Scaled up replica set bar-002 from 0 to 1',
    'Normal  ScalingReplicaSet  60s                deployment-controller  Scaled down replica set bar-002 from 2 to 1',
  ]);
  const after = describeDeployment(
    deployment(2, 'mytest-image:v2.0', { replicas: 2, updatedReplicas: 2, availableReplicas: 2, unavailableReplicas: 0 }),
    [replicaSet('bar-001', 'rs-1', 0, 'mytest-image:v1.0', 0), replicaSet('bar-002', 'rs-2', 2, 'mytest-image:v2.0', 2)],
    [
      scalingEvent('bar-004', 'Scaled up replica set bar-002 from 0 to 2', { reportingComponent: 'deployment-controller', eventTime: microAgo(15 * SECOND) }),
      scalingEvent('bar-005', 'Scaled down replica set bar-001 from 2 to 0', { reportingComponent: 'deployment-controller', eventTime: microAgo(3 * SECOND) }),
    ],
    NOW,
  );
  assertContainsAll(after, [
    'Replicas:           2 desired | 2 updated | 2 total | 2 available | 0 unavailable',
    'OldReplicaSets:    bar-001 (0/0 replicas created)',
    'NewReplicaSet:     bar-002 (2/2 replicas created)',
    'Normal  ScalingReplicaSet  15s   deployment-controller  Scaled up replica set bar-002 from 0 to 2',
    'Normal  ScalingReplicaSet  3s    deployment-controller  Scaled down replica set bar-001 from 2 to 0',
  ]);
});

test('describeDeployment: strategy, pod template block and conditions', () => {
  const d: Deployment = {
    ...deployment(3, 'idealism/kubia'),
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'kubia' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'idealism/kubia', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } },
    },
    status: {
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
  const owned: ReplicaSet = { ...replicaSet('kubia-9495d9bf5', 'rs-1', 3, 'idealism/kubia', 3), spec: { replicas: 3, selector: d.spec!.selector, template: d.spec!.template } };
  const out = describeDeployment(d, [owned], [], NOW);
  assertContainsAll(out, [
    'StrategyType:           RollingUpdate\nMinReadySeconds:        0\nRollingUpdateStrategy:  25% max unavailable, 25% max surge\n',
    'Pod Template:\n  Labels:  app=kubia\n  Containers:\n   kubia:\n',
    '    Image:         idealism/kubia\n    Port:          8080/TCP\n    Host Port:     0/TCP\n    Environment:   <none>\n    Mounts:        <none>\n  Volumes:         <none>\n',
    // The condition rows share their first column with the OldReplicaSets..Events lines.
    'Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n  Available      True    MinimumReplicasAvailable\n  Progressing    True    NewReplicaSetAvailable\n' +
      'OldReplicaSets:  <none>\nNewReplicaSet:   kubia-9495d9bf5 (3/3 replicas created)\nEvents:          <none>\n',
  ]);
  // Without owned replica sets kubectl prints neither OldReplicaSets nor NewReplicaSet.
  assert.doesNotMatch(describeDeployment(d, [], [], NOW), /ReplicaSets?:/);
});

// kubectl rollout history --revision=N: history.go's printTemplate runs DescribePodTemplate into a
// plain buffer, so the tabs stay in the output (the Kubernetes docs show them expanded).
test('describePodTemplate: unaligned, as rollout history prints it', () => {
  const out = describePodTemplate({
    metadata: {
      labels: { app: 'nginx', 'pod-template-hash': '6b474476c4' },
      annotations: { 'kubernetes.io/change-cause': 'kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1' },
    },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
  });
  assert.equal(
    out,
    'Pod Template:\n' +
      '  Labels:\tapp=nginx\n' +
      '\tpod-template-hash=6b474476c4\n' +
      '  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1\n' +
      '  Containers:\n' +
      '   nginx:\n' +
      '    Image:\tnginx:1.16.1\n' +
      '    Port:\t80/TCP\n' +
      '    Host Port:\t0/TCP\n' +
      '    Environment:\t<none>\n' +
      '    Mounts:\t<none>\n' +
      '  Volumes:\t<none>\n' +
      '  Node-Selectors:\t<none>\n' +
      '  Tolerations:\t<none>\n',
  );
});

test('describeReplicaSet: Pods Status counts the pods it controls by phase', () => {
  const rs: ReplicaSet = {
    metadata: {
      name: 'kubia-9495d9bf5',
      namespace: 'default',
      uid: 'rs-uid',
      labels: { app: 'kubia', 'pod-template-hash': '9495d9bf5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'kubia', uid: 'd-uid', controller: true }],
    },
    spec: { replicas: 3, selector: { matchLabels: { app: 'kubia', 'pod-template-hash': '9495d9bf5' } }, template: { spec: { containers: [{ name: 'kubia', image: 'idealism/kubia' }] } } },
    status: { replicas: 3 },
  };
  const pod = (name: string, phase: string, owner: string | undefined): Pod => ({
    metadata: {
      name,
      namespace: 'default',
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: owner, controller: true }] } : {}),
    },
    status: { phase },
  });
  const pods = [pod('a', 'Running', 'rs-uid'), pod('b', 'Running', 'rs-uid'), pod('c', 'Running', 'rs-uid'), pod('d', 'Pending', 'rs-uid'), pod('e', 'Running', undefined), pod('f', 'Failed', 'other')];
  const out = describeReplicaSet(rs, pods, [], NOW);
  assertContainsAll(out, [
    'Name:           kubia-9495d9bf5\nNamespace:      default\nSelector:       app=kubia,pod-template-hash=9495d9bf5\n',
    'Labels:         app=kubia\n                pod-template-hash=9495d9bf5\n',
    'Controlled By:  Deployment/kubia\nReplicas:       3 current / 3 desired\nPods Status:    3 Running / 1 Waiting / 0 Succeeded / 0 Failed\n',
  ]);
});

// Real `kubectl describe nodes minikube` output of a v1.31 minikube cluster (a public tutorial),
// with its times converted to UTC, its elided sections (Conditions) left out and its pod list
// replaced by minikube's seven kube-system pods, whose standard requests give the tutorial's
// "Allocated resources". The tutorial lost trailing spaces; kubectl pads `Kube-Proxy Version:`.
test('describeNode: a minikube node', () => {
  const resources = { cpu: '2', 'ephemeral-storage': '17734596Ki', 'hugepages-2Mi': '0', memory: '3712076Ki', pods: '110' };
  const node: Node = {
    metadata: {
      name: 'minikube',
      creationTimestamp: '2024-09-24T02:43:58Z',
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'minikube',
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/control-plane': '',
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/cri-dockerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      addresses: [
        { type: 'InternalIP', address: '192.168.39.143' },
        { type: 'Hostname', address: 'minikube' },
      ],
      capacity: resources,
      allocatable: resources,
      nodeInfo: {
        machineID: '5dc19b27e7384105a0d0b3345a9f2d82',
        systemUUID: '5dc19b27-e738-4105-a0d0-b3345a9f2d82',
        bootID: '66ba4766-1c3e-4047-a0e3-7515e7ec5e1a',
        kernelVersion: '5.10.207',
        osImage: 'Buildroot 2023.02.9',
        operatingSystem: 'linux',
        architecture: 'amd64',
        containerRuntimeVersion: 'docker://27.2.0',
        kubeletVersion: 'v1.31.0',
        kubeProxyVersion: '',
      },
    },
  };
  const pod = (name: string, requests?: Record<string, string>, limits?: Record<string, string>): Pod => ({
    metadata: { name, namespace: 'kube-system', creationTimestamp: ago(10 * DAY) },
    spec: { containers: [{ name: 'main', resources: { requests, limits } }] },
    status: { phase: 'Running' },
  });
  const pods = [
    pod('storage-provisioner'),
    pod('coredns-6f6b679f8f-q7tws', { cpu: '100m', memory: '70Mi' }, { memory: '170Mi' }),
    pod('etcd-minikube', { cpu: '100m', memory: '100Mi' }),
    pod('kube-apiserver-minikube', { cpu: '250m' }),
    pod('kube-controller-manager-minikube', { cpu: '200m' }),
    pod('kube-proxy-jh258'),
    pod('kube-scheduler-minikube', { cpu: '100m' }),
    { ...pod('finished-job-pod', { cpu: '1' }), status: { phase: 'Succeeded' } },
  ];
  const lease = { spec: { holderIdentity: 'minikube', renewTime: '2024-10-04T09:58:46Z' } };
  const row = (name: string, cpuRequest: string, memoryRequest: string, memoryLimit: string) =>
    `  ${pad('kube-system', 28)}${pad(name, 34)}  ${pad(cpuRequest, 14)}${pad('0 (0%)', 12)}${pad(memoryRequest, 17)}${pad(memoryLimit, 15)}10d`;
  const expected = [
    'Name:               minikube',
    'Roles:              control-plane',
    'Labels:             beta.kubernetes.io/arch=amd64',
    '                    beta.kubernetes.io/os=linux',
    '                    kubernetes.io/arch=amd64',
    '                    kubernetes.io/hostname=minikube',
    '                    kubernetes.io/os=linux',
    '                    node-role.kubernetes.io/control-plane=',
    'Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/cri-dockerd.sock',
    '                    node.alpha.kubernetes.io/ttl: 0',
    '                    volumes.kubernetes.io/controller-managed-attach-detach: true',
    'CreationTimestamp:  Tue, 24 Sep 2024 02:43:58 +0000',
    'Taints:             <none>',
    'Unschedulable:      false',
    'Lease:',
    '  HolderIdentity:  minikube',
    '  AcquireTime:     <unset>',
    '  RenewTime:       Fri, 04 Oct 2024 09:58:46 +0000',
    'Addresses:',
    '  InternalIP:  192.168.39.143',
    '  Hostname:    minikube',
    'Capacity:',
    '  cpu:                2',
    '  ephemeral-storage:  17734596Ki',
    '  hugepages-2Mi:      0',
    '  memory:             3712076Ki',
    '  pods:               110',
    'Allocatable:',
    '  cpu:                2',
    '  ephemeral-storage:  17734596Ki',
    '  hugepages-2Mi:      0',
    '  memory:             3712076Ki',
    '  pods:               110',
    'System Info:',
    '  Machine ID:                 5dc19b27e7384105a0d0b3345a9f2d82',
    '  System UUID:                5dc19b27-e738-4105-a0d0-b3345a9f2d82',
    '  Boot ID:                    66ba4766-1c3e-4047-a0e3-7515e7ec5e1a',
    '  Kernel Version:             5.10.207',
    '  OS Image:                   Buildroot 2023.02.9',
    '  Operating System:           linux',
    '  Architecture:               amd64',
    '  Container Runtime Version:  docker://27.2.0',
    '  Kubelet Version:            v1.31.0',
    `  ${pad('Kube-Proxy Version:', 28)}`,
    'PodCIDR:                      10.244.0.0/24',
    'PodCIDRs:                     10.244.0.0/24',
    'Non-terminated Pods:          (7 in total)',
    `  ${pad('Namespace', 28)}${pad('Name', 34)}  CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age`,
    `  ${pad('---------', 28)}${pad('----', 34)}  ------------  ----------  ---------------  -------------  ---`,
    row('coredns-6f6b679f8f-q7tws', '100m (5%)', '70Mi (1%)', '170Mi (4%)'),
    row('etcd-minikube', '100m (5%)', '100Mi (2%)', '0 (0%)'),
    row('kube-apiserver-minikube', '250m (12%)', '0 (0%)', '0 (0%)'),
    row('kube-controller-manager-minikube', '200m (10%)', '0 (0%)', '0 (0%)'),
    row('kube-proxy-jh258', '0 (0%)', '0 (0%)', '0 (0%)'),
    row('kube-scheduler-minikube', '100m (5%)', '0 (0%)', '0 (0%)'),
    row('storage-provisioner', '0 (0%)', '0 (0%)', '0 (0%)'),
    'Allocated resources:',
    '  (Total limits may be over 100 percent, i.e., overcommitted.)',
    '  Resource           Requests    Limits',
    '  --------           --------    ------',
    '  cpu                750m (37%)  0 (0%)',
    '  memory             170Mi (4%)  170Mi (4%)',
    '  ephemeral-storage  0 (0%)      0 (0%)',
    '  hugepages-2Mi      0 (0%)      0 (0%)',
    'Events:              <none>',
    '',
  ].join('\n');
  assert.equal(describeNode(node, pods, [], NOW, lease), expected);
});

// Conditions of another real minikube describe output (times converted to UTC), and the line
// kubectl prints when the node has no Lease.
test('describeNode: conditions table, taints, missing lease', () => {
  const heartbeat = '2024-03-11T23:45:14Z';
  const transition = '2024-03-10T18:53:08Z';
  const node: Node = {
    metadata: { name: 'minikube' },
    spec: {
      unschedulable: true,
      taints: [
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: heartbeat },
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      ],
    },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: heartbeat, lastTransitionTime: transition, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: heartbeat, lastTransitionTime: transition, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: heartbeat, lastTransitionTime: transition, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: heartbeat, lastTransitionTime: transition, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
    },
  };
  const out = describeNode(node, [], [], NOW);
  assertContainsAll(out, [
    'Taints:             node.kubernetes.io/unreachable:NoExecute\n                    dedicated=gpu:NoSchedule\n                    node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n',
    'Lease:              Failed to get lease: leases.coordination.k8s.io "minikube" not found\n',
    'Conditions:\n' +
      '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message\n' +
      '  ----             ------  -----------------                 ------------------                ------                       -------\n' +
      '  MemoryPressure   False   Mon, 11 Mar 2024 23:45:14 +0000   Sun, 10 Mar 2024 18:53:08 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available\n' +
      '  DiskPressure     False   Mon, 11 Mar 2024 23:45:14 +0000   Sun, 10 Mar 2024 18:53:08 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure\n' +
      '  PIDPressure      False   Mon, 11 Mar 2024 23:45:14 +0000   Sun, 10 Mar 2024 18:53:08 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available\n' +
      '  Ready            True    Mon, 11 Mar 2024 23:45:14 +0000   Sun, 10 Mar 2024 18:53:08 +0000   KubeletReady                 kubelet is posting ready status\n',
  ]);
});

// describe_test.go, TestGetPodsTotalRequests: 1 + 90m + 60m + 34m cpu, 300+120+43+83 Mi memory,
// 1G + 200M + 500M + 700M storage sum to 1184m, 546Mi and 2400M (2.4G), in the first pod's format.
test('describeNode: allocated resources add up quantities like Quantity.Add', () => {
  const node: Node = { metadata: { name: 'n' }, status: { allocatable: { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100G' } } };
  const pod = (requests: [string, string, string][]): Pod => ({
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: requests.map(([cpu, memory, storage]) => ({ name: 'c', resources: { requests: { cpu, memory, 'ephemeral-storage': storage } } })) },
    status: { phase: 'Running' },
  });
  const out = describeNode(
    node,
    [
      pod([
        ['1', '300Mi', '1G'],
        ['90m', '120Mi', '200M'],
      ]),
      pod([
        ['60m', '43Mi', '500M'],
        ['34m', '83Mi', '700M'],
      ]),
    ],
    [],
    NOW,
  );
  assert.match(out, /\n  cpu {16}1184m \(29%\)  0 \(0%\)\n/);
  assert.match(out, /\n  memory {13}546Mi \(6%\) {3}0 \(0%\)\n/);
  assert.match(out, /\n  ephemeral-storage {2}2400M \(2%\) {3}0 \(0%\)\n/);
});
