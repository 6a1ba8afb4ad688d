import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalQuantity, decodeStrict, type DecodeContext } from '../../engine/api/decode.ts';
import { ApiError, UserError } from '../../engine/errors.ts';

const deploymentCtx = { kind: 'Deployment', version: 'v1' };

function deployment(spec: unknown): unknown {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'kubia' }, spec };
}

/** The BadRequest message decodeStrict throws. */
function decodeError(doc: unknown, ctx: DecodeContext = deploymentCtx): string {
  try {
    decodeStrict(doc, ctx);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.reason, 'BadRequest');
    assert.equal(error.code, 400);
    return error.message;
  }
  assert.fail('expected a BadRequest');
}

test('a number where a string belongs: the error as real apiservers return it', () => {
  // neondatabase/helm-charts#71, labring/sealos#4346
  const doc = deployment({ template: { spec: { containers: [{ name: 'app', env: [{ name: 'PORT', value: 8080 }] }] } } });
  assert.equal(
    decodeError(doc),
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
  );
});

test('a string where an int32 belongs', () => {
  assert.equal(
    decodeError(deployment({ replicas: '3' })),
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  );
});

test('numbers that are not an int32 carry their literal (encoding/json literalStore)', () => {
  assert.match(decodeError(deployment({ replicas: 3000000000 })), /cannot unmarshal number 3000000000 into Go struct field DeploymentSpec\.spec\.replicas of type int32$/);
  assert.match(decodeError(deployment({ replicas: 1.5 })), /cannot unmarshal number 1\.5 into Go struct field DeploymentSpec\.spec\.replicas of type int32$/);
});

test("the kind and version default to the body's own", () => {
  assert.match(decodeError(deployment({ replicas: '3' }), {}), /^Deployment in version "v1" cannot be handled as a Deployment: /);
});

test('int64 fields accept what int32 fields refuse', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { activeDeadlineSeconds: 3000000000, containers: [] } };
  assert.equal((decodeStrict(pod, { kind: 'Pod', version: 'v1' }).spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds, 3000000000);
});

test('type errors name Go types: named strings, slices, maps, structs', () => {
  const podCtx = { kind: 'Pod', version: 'v1' };
  const pod = (spec: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
  assert.match(decodeError(pod({ containers: 'nginx' }), podCtx), /Go struct field PodSpec\.spec\.containers of type \[\]v1\.Container$/);
  assert.match(decodeError(pod({ restartPolicy: 1 }), podCtx), /cannot unmarshal number into Go struct field PodSpec\.spec\.restartPolicy of type v1\.RestartPolicy$/);
  assert.match(decodeError(pod({ nodeSelector: 'a' }), podCtx), /cannot unmarshal string into Go struct field PodSpec\.spec\.nodeSelector of type map\[string\]string$/);
  assert.match(decodeError(pod({ containers: [{ name: 'a', livenessProbe: 'x' }] }), podCtx), /Go struct field Container\.spec\.containers\.livenessProbe of type v1\.Probe$/);
  assert.match(decodeError(pod({ containers: [{ name: 'a', resources: { limits: [] } }] }), podCtx), /cannot unmarshal array into Go struct field ResourceRequirements\.spec\.containers\.resources\.limits of type v1\.ResourceList$/);
  assert.match(decodeError({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { version: 1.0 } } }, podCtx), /cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string$/);
});

test('unknown fields are listed with their paths, in the sorted order kubectl sends them', () => {
  // dotnet/dotnet-docker#5214
  const doc = deployment({ template: { metadata: { labels: { app: 'a' }, volumes: [], containers: [] } } });
  assert.equal(
    decodeError(doc),
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.metadata.containers", unknown field "spec.template.metadata.volumes"',
  );
});

test('unknown fields inside list items carry their indices', () => {
  // GoogleCloudPlatform/container-engine-accelerators#265
  const mounts = [0, 1, 2, 3, 4].map((i) => ({ name: `v${i}`, mountPath: `/m${i}` }));
  const doc = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'installer' },
    spec: { template: { spec: { initContainers: [{ name: 'i', volumeMounts: [...mounts, { name: 'dev', mountPath: '/dev', hostPath: '/dev' }] }] } } },
  };
  assert.equal(
    decodeError(doc, { kind: 'DaemonSet', version: 'v1' }),
    'DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec.template.spec.initContainers[0].volumeMounts[5].hostPath"',
  );
  assert.match(decodeError(deployment({ selector: { matchExpressions: [{ key: 'a', operator: 'In', app: 'x' }] } })), /strict decoding error: unknown field "spec\.selector\.matchExpressions\[0\]\.app"$/);
});

test('a type error wins over unknown fields; an UnmarshalJSON error wins over an earlier type error', () => {
  assert.match(decodeError(deployment({ foo: 1, replicas: 'x' })), /json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/);
  const doc = deployment({ template: { spec: { containers: [{ name: 'a', env: [{ name: 'A', value: 1 }], resources: { requests: { cpu: 'abc' } } }] } } });
  assert.equal(
    decodeError(doc),
    `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
  );
});

test('quantity errors are the parser errors of resource.Quantity', () => {
  // strimzi/strimzi-kafka-operator#8430; vislee/leevis.com#186 (memory: "32MMi")
  const pod = (requests: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { requests } }] } });
  assert.equal(decodeError(pod({ memory: '32MMi' }), { kind: 'Pod', version: 'v1' }), "Pod in version \"v1\" cannot be handled as a Pod: unable to parse quantity's suffix");
  assert.match(decodeError(pod({ cpu: true }), { kind: 'Pod', version: 'v1' }), /quantities must match the regular expression/);
});

test('IntOrString takes strings and int32s; other values fail as its int32 does', () => {
  const strategy = (maxSurge: unknown) => deployment({ strategy: { rollingUpdate: { maxSurge } } });
  assert.doesNotThrow(() => decodeStrict(strategy('25%'), deploymentCtx));
  assert.doesNotThrow(() => decodeStrict(strategy(1), deploymentCtx));
  assert.match(decodeError(strategy(true)), /json: cannot unmarshal bool into Go struct field RollingUpdateDeployment\.spec\.strategy\.rollingUpdate\.maxSurge of type int32$/);
});

test('null is accepted anywhere and dropped from the stored object', () => {
  const doc = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: null }, spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }] } };
  assert.deepEqual(decodeStrict(doc, { kind: 'Pod', version: 'v1' }), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }] },
  });
});

test('quantities are stored in canonical form (resource quantity_test.go TestQuantityParseEmit, TestQuantityString)', () => {
  const cases: Array<[string, string]> = [
    ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1000M', '1G'],
    ['.001Ki', '1024m'], ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
    ['307200Ki', '300Mi'], ['1025024Mi', '1001Gi'], ['1024Gi', '1Ti'], ['5000m', '5'], ['0.5', '500m'],
    ['0.001T', '1G'], ['1000u', '1m'], ['1.08', '1080m'], ['1080000000n', '1080m'],
    ['.001e12', '1e9'], ['0.001e0', '1e-3'], ['1000e-12', '1e-9'], ['00', '0'], ['0', '0'],
  ];
  for (const [input, canonical] of cases) {
    assert.equal(canonicalQuantity(input), canonical, input);
    if (canonical !== '0') assert.equal(canonicalQuantity(`-${input}`), `-${canonical}`, `-${input}`);
  }
  // TestJSONWhitespace: UnmarshalJSON trims the value.
  assert.equal(canonicalQuantity(' 1'), '1');
  assert.equal(canonicalQuantity('-1'), '-1');
  // quantity.go doc: 1.5 is serialized as 1500m, 1.5Gi as 1536Mi.
  assert.equal(canonicalQuantity('1.5'), '1500m');
  assert.equal(canonicalQuantity('1.5Gi'), '1536Mi');
});

test('invalid quantities (quantity_test.go TestQuantityParse)', () => {
  for (const input of ['1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-']) {
    assert.throws(() => canonicalQuantity(input), UserError, input);
  }
});

test('times are parsed as time.Parse(RFC3339) and stored in UTC', () => {
  const pod = (creationTimestamp: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp } });
  const ctx = { kind: 'Pod', version: 'v1' };
  const stored = decodeStrict(pod('2020-06-07T22:00:00.5+02:00'), ctx);
  assert.equal(stored.metadata.creationTimestamp, '2020-06-07T20:00:00Z');
  assert.equal(
    decodeError(pod('yesterday'), ctx),
    'Pod in version "v1" cannot be handled as a Pod: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
  );
  assert.match(decodeError(pod('2020-13-01T00:00:00Z'), ctx), /: parsing time "2020-13-01T00:00:00Z": month out of range$/);
  assert.match(decodeError(pod('2020-06-07 22:00:00Z'), ctx), /: parsing time "2020-06-07 22:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 22:00:00Z" as "T"$/);
  assert.match(decodeError(pod(5), ctx), /json: cannot unmarshal number into Go struct field ObjectMeta\.metadata\.creationTimestamp of type string$/);
});
