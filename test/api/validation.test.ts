import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, renderFieldError } from '../../engine/errors.ts';
import type { KubeObject } from '../../engine/api/types.ts';
import { applyDefaults, applyPodAdmission } from '../../engine/api/defaults.ts';
import { formatInvalid, validateObject, validateUpdate } from '../../engine/api/validation.ts';
import { compareQuantities, formatQuantity, parseQuantity, roundUpQuantity } from '../../engine/api/quantity.ts';

// Objects go through defaulting first, as the apiserver decodes (and defaults) before validating.
function deployment(spec: Record<string, unknown> = {}, name = 'kubia'): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'kubia' } },
      template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia:v1' }] } },
      ...spec,
    },
  };
  applyDefaults(obj);
  return obj;
}

function pod(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kubia', namespace: 'default', ...metadata },
    spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }], ...spec },
  };
  applyDefaults(obj);
  applyPodAdmission(obj);
  return obj;
}

const rendered = (obj: KubeObject): string[] => validateObject(obj).map(renderFieldError);
const message = (obj: KubeObject): string => formatInvalid(obj, validateObject(obj)).message;

const KEY_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN_REGEX =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

test('a valid Deployment, ReplicaSet, DaemonSet and Pod have no errors', () => {
  assert.deepEqual(rendered(deployment()), []);
  const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'kubia', namespace: 'default' }, spec: deployment().spec };
  applyDefaults(rs);
  assert.deepEqual(rendered(rs), []);
  const ds: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ssd-monitor', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'm' } }, template: { metadata: { labels: { app: 'm' } }, spec: { containers: [{ name: 'm', image: 'luksa/ssd-monitor' }] } } } };
  applyDefaults(ds);
  assert.deepEqual(rendered(ds), []);
  assert.deepEqual(rendered(pod()), []);
});

test('the seed manifest typo (`- app: app` instead of `key: app`) names the empty key', () => {
  const obj = deployment({ selector: { matchExpressions: [{ operator: 'In', values: ['kubia'] }] } });
  assert.equal(
    message(obj),
    'Deployment.apps "kubia" is invalid: [' +
      'spec.selector.matchExpressions[0].key: Invalid value: "": name part must be non-empty, ' +
      `spec.selector.matchExpressions[0].key: Invalid value: "": ${KEY_REGEX}, ` +
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"", Operator:"In", Values:[]string{"kubia"}}}}: invalid label selector]',
  );
});

test('the selector is immutable on update in apps/v1', () => {
  const old = deployment();
  const changed = deployment({ selector: { matchLabels: { app: 'kubia', rel: 'v2' } }, template: { metadata: { labels: { app: 'kubia', rel: 'v2' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia:v1' }] } } });
  const errs = validateUpdate(changed, old);
  assert.equal(
    formatInvalid(changed, errs).message,
    'Deployment.apps "kubia" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"kubia", "rel":"v2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  );
  // Scaling and a new image are fine.
  assert.deepEqual(validateUpdate(deployment({ replicas: 5 }), old), []);
});

test('selector and template labels must agree; a missing selector also fails the match', () => {
  assert.deepEqual(rendered(deployment({ selector: { matchLabels: { app: 'other' } } })), [
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"kubia"}: `selector` does not match template `labels`',
  ]);
  // The v1.32 rendering of the message observed through Argo CD (reference §4.0).
  const broken = deployment({ selector: undefined, template: { metadata: { labels: { app: 'broken' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
  assert.equal(
    message(broken),
    'Deployment.apps "kubia" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"broken"}: `selector` does not match template `labels`]',
  );
  assert.deepEqual(rendered(deployment({ selector: {} })), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  ]);
});

// apps/validation/validation_test.go TestValidateDeployment error cases
test('deployment spec rules', () => {
  const template = (spec: Record<string, unknown>) => ({ metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }], ...spec } });
  assert.deepEqual(rendered(deployment({ template: template({ restartPolicy: 'Never' }) })), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  assert.deepEqual(rendered(deployment({ template: template({ activeDeadlineSeconds: 10 }) })), [
    'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
  ]);
  assert.deepEqual(rendered(deployment({ strategy: { type: 'randomType' } })), [
    'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"randomType", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
  ]);
  assert.deepEqual(rendered(deployment({ strategy: { type: 'Recreate', rollingUpdate: {} } })), [
    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
  ]);
  assert.deepEqual(rendered(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } } })), [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
  ]);
  assert.deepEqual(rendered(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '110%' } } })), [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%',
  ]);
  assert.deepEqual(rendered(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'ten', maxUnavailable: -1 } } })), [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"ten\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
  ]);
  assert.deepEqual(rendered(deployment({ replicas: -1, minReadySeconds: 10, progressDeadlineSeconds: 10, revisionHistoryLimit: -2 })), [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
    'spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds',
  ]);
});

test('metadata rules: name required or a DNS subdomain, generateName, labels', () => {
  assert.deepEqual(rendered(deployment({}, '')), ['metadata.name: Required value: name or generateName is required']);
  assert.deepEqual(rendered(deployment({}, 'Kubia')), [`metadata.name: Invalid value: "Kubia": ${SUBDOMAIN_REGEX}`]);
  const generated = pod({}, { name: 'web_x1abc', generateName: 'web_' });
  assert.deepEqual(rendered(generated), [`metadata.generateName: Invalid value: "web_": ${SUBDOMAIN_REGEX}`, `metadata.name: Invalid value: "web_x1abc": ${SUBDOMAIN_REGEX}`]);
  assert.deepEqual(rendered(pod({}, { name: 'web-x1abc', generateName: 'web-' })), []);
  assert.deepEqual(rendered(pod({}, { finalizers: ['custom'] })), ['metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified']);
  assert.deepEqual(rendered(pod({}, { annotations: { [`controller.kubernetes.io/pod-deletion-cost`]: '+1' } })), [
    'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+1": must be a 32bit integer',
  ]);
});

test('pod spec rules', () => {
  assert.deepEqual(rendered(pod({ containers: [] })), ['spec.containers: Required value']);
  assert.deepEqual(
    rendered(
      pod({
        containers: [
          { name: 'web', image: 'nginx', ports: [{ containerPort: 70000, protocol: 'HTTP' }, { containerPort: 80, name: 'Http' }] },
          { name: 'web', image: '' },
        ],
        restartPolicy: 'Sometimes',
      }),
    ),
    [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[1].name: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[1].image: Required value',
      'spec.containers[1].name: Duplicate value: "web"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
  );
  assert.deepEqual(rendered(pod({ containers: [{ name: 'Web', image: 'nginx' }] })), [
    "spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(rendered(pod({ activeDeadlineSeconds: 0, nodeSelector: { 'disk type': 'ssd' } })), [
    `spec.nodeSelector: Invalid value: "disk type": ${KEY_REGEX}`,
    'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
  ]);
});

test('probes: one handler, non-negative numbers, successThreshold 1 for liveness and startup', () => {
  const withProbes = (c: Record<string, unknown>) => pod({ containers: [{ name: 'kubia', image: 'luksa/kubia', ...c }] });
  assert.deepEqual(rendered(withProbes({ livenessProbe: { periodSeconds: 5 } })), ['spec.containers[0].livenessProbe: Required value: must specify a handler type']);
  assert.deepEqual(rendered(withProbes({ livenessProbe: { httpGet: { port: 8080 }, tcpSocket: { port: 8080 }, successThreshold: 2, initialDelaySeconds: -1 } })), [
    'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
    'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
  ]);
  assert.deepEqual(rendered(withProbes({ readinessProbe: { httpGet: { port: 8080 }, successThreshold: 2 } })), []);
  assert.deepEqual(rendered(withProbes({ startupProbe: { exec: {}, successThreshold: 3 } })), [
    'spec.containers[0].startupProbe.exec.command: Required value',
    'spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1',
  ]);
  assert.deepEqual(rendered(withProbes({ readinessProbe: { tcpSocket: { port: 0 } } })), [
    'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive',
  ]);
});

test('resources: names, requests at most limits', () => {
  const withResources = (resources: Record<string, unknown>) => pod({ containers: [{ name: 'kubia', image: 'luksa/kubia', resources }] });
  assert.deepEqual(rendered(withResources({ requests: { cpu: '1' }, limits: { cpu: '500m' } })), [
    'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
  ]);
  assert.deepEqual(rendered(withResources({ requests: { cpus: '1' } })), [
    'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
    'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers',
  ]);
  assert.deepEqual(rendered(withResources({ limits: { memory: '-1Gi' } })), [
    'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    'spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
  ]);
});

test('tolerations', () => {
  assert.deepEqual(
    rendered(
      pod({
        tolerations: [
          { operator: 'Equal', value: 'x' },
          { key: 'k', operator: 'Exists', value: 'v', effect: 'NoSchedule', tolerationSeconds: 5 },
          { key: 'k', operator: 'Maybe', effect: 'Sometimes' },
        ],
      }),
    ),
    [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      'spec.tolerations[1].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
      'spec.tolerations[2].operator: Unsupported value: "Maybe": supported values: "Equal", "Exists"',
      'spec.tolerations[2].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
  );
});

test('pod updates may change images, lower activeDeadlineSeconds and add tolerations only', () => {
  const old = pod();
  const image = structuredClone(old);
  (image.spec as { containers: { image: string }[] }).containers[0].image = 'luksa/kubia:v2';
  assert.deepEqual(validateUpdate(image, old), []);
  const added = structuredClone(old);
  (added.spec as { tolerations: unknown[] }).tolerations.push({ key: 'dedicated', operator: 'Exists' });
  assert.deepEqual(validateUpdate(added, old), []);
  const removed = structuredClone(old);
  (removed.spec as { tolerations: unknown[] }).tolerations = [];
  assert.deepEqual(validateUpdate(removed, old).map(renderFieldError), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  const restart = structuredClone(old);
  (restart.spec as { restartPolicy: string }).restartPolicy = 'Never';
  assert.deepEqual(validateUpdate(restart, old).map(renderFieldError), [
    'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
  ]);
  const grown = structuredClone(old);
  (grown.spec as { containers: unknown[] }).containers.push({ name: 'b', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' });
  assert.deepEqual(validateUpdate(grown, old).map(renderFieldError), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  assert.equal(formatInvalid(restart, validateUpdate(restart, old)).message.startsWith('Pod "kubia" is invalid: spec: Forbidden: '), true);
});

test('ReplicaSet updates validate the spec twice, as its strategy does', () => {
  const rs = (replicas: number): KubeObject => {
    const obj: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'kubia', namespace: 'default' }, spec: { ...deployment().spec as object, replicas } };
    applyDefaults(obj);
    return obj;
  };
  assert.deepEqual(validateUpdate(rs(-1), rs(1)).map(renderFieldError), [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  ]);
});

test('DaemonSet rules', () => {
  const ds = (spec: Record<string, unknown>): KubeObject => {
    const obj: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'm', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'm' } }, template: { metadata: { labels: { app: 'm' } }, spec: { containers: [{ name: 'm', image: 'm' }] } }, ...spec },
    };
    applyDefaults(obj);
    return obj;
  };
  assert.deepEqual(rendered(ds({ selector: {} })), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
  ]);
  assert.deepEqual(rendered(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } })), [
    'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
  ]);
  assert.deepEqual(rendered(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } })), [
    'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
  ]);
  assert.deepEqual(validateUpdate(ds({ selector: { matchLabels: { app: 'm', v: '2' } }, template: { metadata: { labels: { app: 'm', v: '2' } }, spec: { containers: [{ name: 'm', image: 'm' }] } } }), ds({})).map(renderFieldError), [
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"m", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  ]);
});

test('formatInvalid names the group: apps for workloads, none for pods', () => {
  assert.equal(formatInvalid(deployment({}, ''), validateObject(deployment({}, ''))).message, 'Deployment.apps "" is invalid: metadata.name: Required value: name or generateName is required');
  assert.equal(message(pod({ containers: [] })), 'Pod "kubia" is invalid: spec.containers: Required value');
});

// resource/quantity_test.go: canonical forms
test('quantities parse and print in canonical form', () => {
  const canonical: Array<[string, string]> = [
    ['0', '0'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['1.5k', '1500'],
    ['1e3', '1e3'],
    ['100Mi', '100Mi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['1.5Ki', '1536'],
    ['0.5Ki', '512'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['123Mi', '123Mi'],
    ['-1', '-1'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
  ];
  for (const [input, out] of canonical) assert.equal(formatQuantity(parseQuantity(input)), out, input);
  assert.equal(formatQuantity(roundUpQuantity(parseQuantity('0.0001'), -3)), '1m');
  assert.equal(compareQuantities(parseQuantity('1Gi'), parseQuantity('1024Mi')), 0);
  assert.equal(compareQuantities(parseQuantity('500m'), parseQuantity('1')), -1);
  assert.throws(() => parseQuantity('1e'), (e: unknown) => e instanceof UserError && e.message === "unable to parse quantity's suffix");
  assert.throws(() => parseQuantity(''), UserError);
});

test('a pod spec remembered as valid gets the answer checking afresh gives, whatever is validated between', async () => {
  const { forgetValidPodSpecs } = await import('../../engine/api/validation.ts');
  const { Rng } = await import('../../engine/rng.ts');
  // Variations of one pod's spec: valid ones, invalid ones, and ones whose data differs only in
  // what a loose comparison would miss (key order, an undefined-valued key, -0, NaN, a hole, a Map).
  const variants: ((spec: Record<string, unknown>) => void)[] = [
    () => {},
    (s) => ((s.containers as Record<string, unknown>[])[0].image = 'busybox'),
    (s) => ((s.containers as Record<string, unknown>[])[0].name = 'Bad_Name'),
    (s) => {
      s.hostNetwork = true;
      (s.containers as Record<string, unknown>[])[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
    },
    (s) => ((s.containers as Record<string, unknown>[])[0].ports = [{ containerPort: 80, protocol: 'TCP' }]),
    (s) => (s.restartPolicy = 'Sometimes'),
    (s) => (s.activeDeadlineSeconds = 0),
    (s) => (s.activeDeadlineSeconds = -0),
    (s) => (s.activeDeadlineSeconds = NaN),
    (s) => (s.activeDeadlineSeconds = 10),
    (s) => (s.nodeSelector = { disk: 'ssd' }),
    (s) => (s.nodeSelector = { 'bad key!': 'ssd' }),
    (s) => (s.nodeSelector = new Map()),
    (s) => {
      const c = (s.containers as Record<string, unknown>[])[0];
      c.livenessProbe = { exec: { command: ['true'] }, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 1 };
    },
    (s) => {
      const c = (s.containers as Record<string, unknown>[])[0];
      c.livenessProbe = { exec: { command: ['true'] }, grpc: undefined, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 1 };
    },
    (s) => {
      const c = (s.containers as Record<string, unknown>[])[0];
      c.livenessProbe = { periodSeconds: 10, exec: { command: ['true'] }, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 1 };
    },
    (s) => (s.tolerations = [...(s.tolerations as unknown[]), { key: 'a', operator: 'Exists', effect: 'NoSchedule' }]),
    (s) => {
      const tolerations = [...(s.tolerations as unknown[])];
      tolerations.length += 1; // a hole
      s.tolerations = tolerations;
    },
    (s) => (s.containers = [...(s.containers as unknown[]), { name: 'second', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File', terminationMessagePath: '/dev/termination-log' }]),
  ];
  const made = (v: number): KubeObject => {
    const obj = pod();
    variants[v](obj.spec as Record<string, unknown>);
    return obj;
  };
  // The answer, or what validation threw (a hole in a list is more than it handles).
  const answer = (obj: KubeObject): string[] => {
    try {
      return rendered(obj);
    } catch (e) {
      return [`threw ${(e as Error).message}`];
    }
  };
  const afresh = (obj: KubeObject): string[] => {
    forgetValidPodSpecs();
    return answer(obj);
  };
  const rng = new Rng(7);
  forgetValidPodSpecs();
  for (let i = 0; i < 2000; i++) {
    const v = rng.intn(variants.length);
    const got = answer(made(v)); // with whatever the validations before left remembered
    assert.deepEqual(got, afresh(made(v)), `variant ${v} at step ${i}`);
    if (i % 3 === 0) answer(made(rng.intn(variants.length))); // remember another one
  }
  // A spec changed in place after it was found valid is checked again, not taken as remembered.
  forgetValidPodSpecs();
  const obj = pod();
  assert.deepEqual(rendered(obj), []);
  (obj.spec as { restartPolicy: string }).restartPolicy = 'Sometimes';
  assert.deepEqual(rendered(obj), afresh(obj));
  assert.notDeepEqual(rendered(obj), []);
});

test('annotations: invalid keys and the 256 KiB total, counted in UTF-8 bytes, around the limit', () => {
  const limit = 256 * 1024;
  const tooLong = 'metadata.annotations: Too long: must have at most 262144 bytes';
  const errorsOf = (annotations: Record<string, string>): string[] => rendered(pod({}, { annotations }));
  assert.deepEqual(errorsOf({ a: 'x'.repeat(limit - 1) }), []);
  assert.deepEqual(errorsOf({ a: 'x'.repeat(limit) }), [tooLong]);
  // Two-byte characters: fewer than the limit in UTF-16 units, over it in bytes, and under it.
  assert.deepEqual(errorsOf({ a: 'é'.repeat(limit / 2) }), [tooLong]);
  assert.deepEqual(errorsOf({ a: 'é'.repeat(limit / 2 - 1) }), []);
  // Three-byte characters past a third of the limit in units, still under it in bytes.
  assert.deepEqual(errorsOf({ a: '€'.repeat(Math.floor((limit - 1) / 3)) }), []);
  assert.deepEqual(errorsOf({ a: '€'.repeat(Math.floor((limit - 1) / 3) + 1) }), [tooLong]);
  // Invalid keys are each reported, in sorted order, and the size still counts.
  const bad = errorsOf({ 'z/b/c': '1', 'bad key': '2', 'A.b/ok': '3' });
  assert.equal(bad.length, 2);
  assert.match(bad[0], /^metadata\.annotations: Invalid value: "bad key": name part must consist/);
  assert.match(bad[1], /^metadata\.annotations: Invalid value: "z\/b\/c": a qualified name must consist/);
  assert.deepEqual(errorsOf({ 'bad key': 'x'.repeat(limit) }).at(-1), tooLong);
});

test('labels found valid lately are valid without the checks again: the same answer as checking afresh, over random labels', async () => {
  const { knownValidLabels, forgetValidLabels } = await import('../../engine/api/validation.ts');
  const { validateLabels } = await import('../../engine/api/labels.ts');
  const { Rng } = await import('../../engine/rng.ts');
  const rng = new Rng(9);
  const keys = ['app', 'job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'bad key!', 'x/y/z', ''];
  const values: unknown[] = ['kubia', 'every-minute-1', '1630edf5-1b7d-4d8b-a893-263e2a982e9e', '', 'bad value!', '-lead', 'a'.repeat(64), 7];
  const made = (): Record<string, string> => {
    const labels: Record<string, unknown> = {};
    const n = rng.intn(4);
    for (let i = 0; i < n; i++) labels[keys[rng.intn(keys.length)]] = values[rng.intn(values.length)];
    return labels as Record<string, string>;
  };
  forgetValidLabels();
  let last: Record<string, string> = {};
  let hits = 0;
  for (let i = 0; i < 5000; i++) {
    // Often the labels just checked again (a Job's, its template's, its pod's), as a copy or in another order.
    let labels = made();
    if (rng.intn(2) === 0) labels = { ...last };
    if (rng.intn(5) === 0) labels = Object.fromEntries(Object.entries(last).reverse());
    const valid = validateLabels(labels, 'metadata.labels').length === 0;
    assert.equal(knownValidLabels(labels), valid, `step ${i}: ${JSON.stringify(labels)}`);
    if (valid) hits++;
    last = labels;
  }
  assert.ok(hits > 100, `valid ${hits} times`);
  // Labels changed in place after they were found valid are checked again.
  forgetValidLabels();
  const labels: Record<string, string> = { app: 'kubia' };
  assert.equal(knownValidLabels(labels), true);
  labels.app = 'bad value!';
  assert.equal(knownValidLabels(labels), false);
});
