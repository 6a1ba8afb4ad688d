import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../engine/errors.ts';
import type { KubeObject } from '../../engine/api/types.ts';
import { applyDefaults, applyPodAdmission } from '../../engine/api/defaults.ts';

const defaulted = (obj: KubeObject): KubeObject => {
  applyDefaults(obj);
  return obj;
};

const container = { name: 'kubia', image: 'luksa/kubia' };
// What SetDefaults_PodSpec / SetDefaults_Container give a bare template (pkg/apis/core/v1/defaults.go).
const DEFAULTED_TEMPLATE_SPEC = {
  containers: [{ ...container, imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

// apps/v1/defaults_test.go TestSetDefaultDeployment
test('Deployment defaults: 1 replica, RollingUpdate 25%/25%, history 10, deadline 600s', () => {
  const d = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'kubia' }, spec: { template: { spec: { containers: [{ ...container }] } } } });
  assert.deepEqual(d.spec, {
    replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    template: { spec: DEFAULTED_TEMPLATE_SPEC },
  });
  const custom = defaulted({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'kubia' },
    spec: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0, progressDeadlineSeconds: 30, template: {} },
  });
  const { template: _template, ...rest } = custom.spec as Record<string, unknown>;
  assert.deepEqual(rest, { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0, progressDeadlineSeconds: 30 });
  const partial = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'kubia' }, spec: { strategy: { rollingUpdate: { maxSurge: 1 } } } });
  assert.deepEqual((partial.spec as { strategy: unknown }).strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
});

test('ReplicaSet and DaemonSet defaults', () => {
  const rs = defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'kubia' }, spec: { template: { spec: { containers: [{ ...container }] } } } });
  assert.deepEqual(rs.spec, { replicas: 1, template: { spec: DEFAULTED_TEMPLATE_SPEC } });
  const zero = defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'kubia' }, spec: { replicas: 0 } });
  assert.equal((zero.spec as { replicas: number }).replicas, 0);
  const ds = defaulted({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'm' }, spec: { template: { spec: { containers: [{ ...container }] } } } });
  assert.deepEqual(ds.spec, {
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    revisionHistoryLimit: 10,
    template: { spec: DEFAULTED_TEMPLATE_SPEC },
  });
});

test('Pod-only defaults: enableServiceLinks, requests from limits, host-network ports', () => {
  const pod = defaulted({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { hostNetwork: true, containers: [{ ...container, ports: [{ containerPort: 8080 }], resources: { limits: { cpu: '0.5', memory: '1.5Gi' }, requests: { cpu: '100m' } } }] },
  });
  const spec = pod.spec as { enableServiceLinks: boolean; containers: Array<{ ports: unknown; resources: unknown }> };
  assert.equal(spec.enableServiceLinks, true);
  assert.deepEqual(spec.containers[0].ports, [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
  // Quantities are stored in canonical form, rounded up to milli units (SetDefaults_ResourceList).
  assert.deepEqual(spec.containers[0].resources, { limits: { cpu: '500m', memory: '1536Mi' }, requests: { cpu: '100m', memory: '1536Mi' } });
  const template = defaulted({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { template: { spec: { containers: [{ ...container, resources: { limits: { cpu: '1' } } }] } } } });
  const tspec = (template.spec as { template: { spec: { enableServiceLinks?: boolean; containers: Array<{ resources: unknown }> } } }).template.spec;
  assert.equal(tspec.enableServiceLinks, undefined);
  assert.deepEqual(tspec.containers[0].resources, { limits: { cpu: '1' } });
  const negative = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { terminationGracePeriodSeconds: -5, containers: [{ ...container }] } });
  assert.equal((negative.spec as { terminationGracePeriodSeconds: number }).terminationGracePeriodSeconds, 1);
});

// core/v1/defaults_test.go TestSetDefaultPullPolicy-style cases
test('imagePullPolicy follows the image tag', () => {
  const policy = (image: string): string => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image }] } });
    return (pod.spec as { containers: Array<{ imagePullPolicy: string }> }).containers[0].imagePullPolicy;
  };
  assert.equal(policy('nginx'), 'Always');
  assert.equal(policy('nginx:latest'), 'Always');
  assert.equal(policy('nginx:1.25'), 'IfNotPresent');
  assert.equal(policy('registry.local:5000/team/nginx'), 'Always');
  assert.equal(policy('registry.local:5000/team/nginx:1'), 'IfNotPresent');
  assert.equal(policy(`nginx@sha256:${'a'.repeat(64)}`), 'IfNotPresent');
  assert.equal(policy('Nginx'), 'IfNotPresent');
  const explicit = defaulted({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }] } });
  assert.equal((explicit.spec as { containers: Array<{ imagePullPolicy: string }> }).containers[0].imagePullPolicy, 'Never');
});

test('probe, volume and env defaults', () => {
  const pod = defaulted({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'cfg' } }, { name: 'host', hostPath: { path: '/var/log' } }],
      containers: [
        {
          ...container,
          livenessProbe: { httpGet: { port: 8080 } },
          readinessProbe: { exec: { command: ['ls'] }, periodSeconds: 2 },
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        },
      ],
    },
  });
  const spec = pod.spec as { volumes: unknown; containers: Array<Record<string, unknown>> };
  assert.deepEqual(spec.volumes, [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } }, { name: 'host', hostPath: { path: '/var/log', type: '' } }]);
  assert.deepEqual(spec.containers[0].livenessProbe, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(spec.containers[0].readinessProbe, { exec: { command: ['ls'] }, periodSeconds: 2, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(spec.containers[0].env, [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }]);
});

test('pod admission: service account, priority, default tolerations', () => {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ ...container }] } };
  applyDefaults(pod);
  applyPodAdmission(pod);
  const spec = pod.spec as Record<string, unknown>;
  assert.equal(spec.serviceAccountName, 'default');
  assert.equal(spec.serviceAccount, 'default');
  assert.equal(spec.priority, 0);
  assert.equal(spec.preemptionPolicy, 'PreemptLowerPriority');
  // plugin/pkg/admission/defaulttolerationseconds/admission_test.go: both tolerations, 300s.
  assert.deepEqual(spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
});

test('DefaultTolerationSeconds leaves tolerated taints alone', () => {
  const admit = (tolerations: unknown[]): unknown => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ ...container }], tolerations } };
    applyPodAdmission(pod);
    return (pod.spec as { tolerations: unknown }).tolerations;
  };
  const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 };
  assert.deepEqual(admit([notReady]), [notReady, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]);
  assert.deepEqual(admit([{ operator: 'Exists' }]), [{ operator: 'Exists' }]);
  const noSchedule = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' };
  assert.equal((admit([noSchedule]) as unknown[]).length, 3);
});

test('the Priority plugin resolves system classes and refuses unknown ones', () => {
  const admit = (spec: Record<string, unknown>): Record<string, unknown> => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ ...container }], ...spec } };
    applyPodAdmission(pod);
    return pod.spec as Record<string, unknown>;
  };
  assert.equal(admit({ priorityClassName: 'system-node-critical' }).priority, 2000001000);
  assert.throws(() => admit({ priorityClassName: 'high' }), (e: unknown) => e instanceof ApiError && e.reason === 'Forbidden' && e.message === 'pods "p" is forbidden: no PriorityClass with name high was found');
  assert.throws(
    () => admit({ priority: 5 }),
    (e: unknown) => e instanceof ApiError && e.message === 'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
  );
  assert.equal(admit({ serviceAccountName: 'builder' }).serviceAccountName, 'builder');
});

test('defaulting and admission are idempotent', () => {
  const once: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ ...container, resources: { limits: { cpu: '0.25' } }, livenessProbe: { tcpSocket: { port: 80 } } }], volumes: [{ name: 'v' }] },
  };
  applyDefaults(once);
  applyPodAdmission(once);
  const twice = structuredClone(once);
  applyDefaults(twice);
  applyPodAdmission(twice);
  assert.deepEqual(twice, once);
  const d = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ ...container }] } } } });
  assert.deepEqual(defaulted(structuredClone(d)), d);
});
