import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goTypeName, rootSchema, structSchema } from '../../engine/api/schema.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

test('schema.generated.json is what scripts/gen-schema.ts generates', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'schema-')), 'schema.json');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-schema.ts', out], { cwd: repoRoot, stdio: 'pipe' });
  assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(repoRoot, 'engine/api/schema.generated.json'), 'utf8'));
});

test('fields carry the Go types of k8s.io/api (types.go)', () => {
  const field = (struct: string, name: string) => goTypeName(structSchema(struct)!.fields.get(name)!);
  assert.equal(field('DeploymentSpec', 'replicas'), 'int32'); // Replicas *int32
  assert.equal(field('ObjectMeta', 'generation'), 'int64'); // Generation int64
  assert.equal(field('PodSpec', 'terminationGracePeriodSeconds'), 'int64'); // *int64
  assert.equal(field('PodSecurityContext', 'supplementalGroups'), '[]int64');
  assert.equal(field('PodSpec', 'restartPolicy'), 'v1.RestartPolicy');
  assert.equal(field('PodSpec', 'containers'), '[]v1.Container');
  assert.equal(field('PodSpec', 'nodeSelector'), 'map[string]string');
  assert.equal(field('ResourceRequirements', 'limits'), 'v1.ResourceList');
  assert.equal(field('Capabilities', 'add'), '[]v1.Capability');
  assert.equal(field('ObjectMeta', 'uid'), 'types.UID');
  assert.deepEqual(structSchema('RollingUpdateDeployment')!.fields.get('maxSurge'), { kind: 'intOrString' });
  assert.deepEqual(structSchema('ObjectMeta')!.fields.get('creationTimestamp'), { kind: 'time', micro: false });
  assert.deepEqual(structSchema('Event')!.fields.get('eventTime'), { kind: 'time', micro: true });
});

test('roots are the served kinds only', () => {
  for (const kind of ['Pod', 'Node', 'Event', 'Namespace', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob']) assert.ok(rootSchema(kind), kind);
  assert.equal(rootSchema('PodSpec'), undefined);
  assert.equal(rootSchema('StatefulSet'), undefined);
});
