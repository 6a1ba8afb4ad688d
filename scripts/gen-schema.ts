// Generates engine/api/schema.generated.json: every field of the object kinds the simulated
// apiserver serves, with the Go type the real apiserver decodes it into. Strict decoding
// (engine/api/decode.ts) needs it to report unknown fields and type errors as the apiserver does.
//
// The field lists come from the kubernetes-types .d.ts files (generated from the upstream
// OpenAPI). Those files say `number` and `string` only, so two facts come from the Go types
// instead (k8s.io/api/{core,apps,batch}/v1/types.go, k8s.io/apimachinery/pkg/apis/meta/v1/types.go):
// which integer fields are int64 (every other one is int32), and which string fields have a named
// Go type, because json.UnmarshalTypeError prints that name ("of type v1.RestartPolicy").
//
// Run: node --import tsx scripts/gen-schema.ts [output file, by default the checked-in one]
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const typesDir = path.resolve('node_modules/kubernetes-types');
const sourceFiles = ['core/v1.d.ts', 'apps/v1.d.ts', 'batch/v1.d.ts', 'coordination/v1.d.ts', 'meta/v1.d.ts', 'api/resource.d.ts', 'runtime.d.ts'];
const outFile = path.resolve(process.argv[2] ?? 'engine/api/schema.generated.json');

/** The kinds the simulated apiserver serves; each is also the name of its root Go struct. */
const rootKinds = ['Pod', 'Node', 'Event', 'Namespace', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Lease'];

/** Integer fields declared int64 (or *int64, []int64) in the Go types; all others are int32. */
const int64Fields = new Set([
  'ObjectMeta.generation', // meta/v1/types.go
  'ObjectMeta.deletionGracePeriodSeconds',
  'PodSpec.activeDeadlineSeconds', // core/v1/types.go
  'PodSpec.terminationGracePeriodSeconds',
  'Probe.terminationGracePeriodSeconds',
  'PodSecurityContext.runAsUser',
  'PodSecurityContext.runAsGroup',
  'PodSecurityContext.fsGroup',
  'PodSecurityContext.supplementalGroups',
  'SecurityContext.runAsUser',
  'SecurityContext.runAsGroup',
  'Toleration.tolerationSeconds',
  'ContainerImage.sizeBytes',
  'SleepAction.seconds',
  'ServiceAccountTokenProjection.expirationSeconds',
  'DeploymentStatus.observedGeneration', // apps/v1/types.go
  'ReplicaSetStatus.observedGeneration',
  'DaemonSetStatus.observedGeneration',
  'JobSpec.activeDeadlineSeconds', // batch/v1/types.go
  'CronJobSpec.startingDeadlineSeconds',
]);

/** String fields whose Go type is a named string type (for arrays: the element type). */
const namedStringFields: Record<string, string> = {
  // k8s.io/apimachinery/pkg/apis/meta/v1/types.go
  'ObjectMeta.uid': 'types.UID',
  'OwnerReference.uid': 'types.UID',
  'ManagedFieldsEntry.operation': 'v1.ManagedFieldsOperationType',
  'LabelSelectorRequirement.operator': 'v1.LabelSelectorOperator',
  // k8s.io/api/core/v1/types.go
  'ObjectReference.uid': 'types.UID',
  'ConfigMapNodeConfigSource.uid': 'types.UID',
  'PodSpec.restartPolicy': 'v1.RestartPolicy',
  'PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'PodStatus.phase': 'v1.PodPhase',
  'PodStatus.qosClass': 'v1.PodQOSClass',
  'PodStatus.resize': 'v1.PodResizeStatus',
  'PodCondition.type': 'v1.PodConditionType',
  'PodCondition.status': 'v1.ConditionStatus',
  'PodReadinessGate.conditionType': 'v1.PodConditionType',
  'PodOS.name': 'v1.OSName',
  'PodSecurityContext.fsGroupChangePolicy': 'v1.PodFSGroupChangePolicy',
  'Container.imagePullPolicy': 'v1.PullPolicy',
  'Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'Container.restartPolicy': 'v1.ContainerRestartPolicy',
  'EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'EphemeralContainer.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'EphemeralContainer.restartPolicy': 'v1.ContainerRestartPolicy',
  'ContainerPort.protocol': 'v1.Protocol',
  'ContainerResizePolicy.resourceName': 'v1.ResourceName',
  'ContainerResizePolicy.restartPolicy': 'v1.ResourceResizeRestartPolicy',
  'Capabilities.add': 'v1.Capability',
  'Capabilities.drop': 'v1.Capability',
  'SecurityContext.procMount': 'v1.ProcMountType',
  'SeccompProfile.type': 'v1.SeccompProfileType',
  'AppArmorProfile.type': 'v1.AppArmorProfileType',
  'HTTPGetAction.scheme': 'v1.URIScheme',
  'VolumeMount.mountPropagation': 'v1.MountPropagationMode',
  'VolumeMount.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'VolumeMountStatus.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'EmptyDirVolumeSource.medium': 'v1.StorageMedium',
  'HostPathVolumeSource.type': 'v1.HostPathType',
  'AzureDiskVolumeSource.cachingMode': 'v1.AzureDataDiskCachingMode',
  'AzureDiskVolumeSource.kind': 'v1.AzureDataDiskKind',
  'PersistentVolumeClaimSpec.accessModes': 'v1.PersistentVolumeAccessMode',
  'PersistentVolumeClaimSpec.volumeMode': 'v1.PersistentVolumeMode',
  'Toleration.operator': 'v1.TolerationOperator',
  'Toleration.effect': 'v1.TaintEffect',
  'Taint.effect': 'v1.TaintEffect',
  'TopologySpreadConstraint.whenUnsatisfiable': 'v1.UnsatisfiableConstraintAction',
  'TopologySpreadConstraint.nodeAffinityPolicy': 'v1.NodeInclusionPolicy',
  'TopologySpreadConstraint.nodeTaintsPolicy': 'v1.NodeInclusionPolicy',
  'NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'NodeStatus.phase': 'v1.NodePhase',
  'NodeStatus.volumesInUse': 'v1.UniqueVolumeName',
  'NodeAddress.type': 'v1.NodeAddressType',
  'NodeCondition.type': 'v1.NodeConditionType',
  'NodeCondition.status': 'v1.ConditionStatus',
  'AttachedVolume.name': 'v1.UniqueVolumeName',
  'NamespaceSpec.finalizers': 'v1.FinalizerName',
  'NamespaceStatus.phase': 'v1.NamespacePhase',
  'NamespaceCondition.type': 'v1.NamespaceConditionType',
  'NamespaceCondition.status': 'v1.ConditionStatus',
  // k8s.io/api/apps/v1/types.go
  'DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'DeploymentCondition.type': 'v1.DeploymentConditionType',
  'DeploymentCondition.status': 'v1.ConditionStatus',
  'ReplicaSetCondition.type': 'v1.ReplicaSetConditionType',
  'ReplicaSetCondition.status': 'v1.ConditionStatus',
  'DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'DaemonSetCondition.type': 'v1.DaemonSetConditionType',
  'DaemonSetCondition.status': 'v1.ConditionStatus',
  // k8s.io/api/batch/v1/types.go
  'JobSpec.completionMode': 'v1.CompletionMode',
  'JobSpec.podReplacementPolicy': 'v1.PodReplacementPolicy',
  'JobCondition.type': 'v1.JobConditionType',
  'JobCondition.status': 'v1.ConditionStatus',
  'PodFailurePolicyRule.action': 'v1.PodFailurePolicyAction',
  'PodFailurePolicyOnExitCodesRequirement.operator': 'v1.PodFailurePolicyOnExitCodesOperator',
  'PodFailurePolicyOnPodConditionsPattern.type': 'v1.PodConditionType',
  'PodFailurePolicyOnPodConditionsPattern.status': 'v1.ConditionStatus',
  'CronJobSpec.concurrencyPolicy': 'v1.ConcurrencyPolicy',
};

/** Aliases of `string` in kubernetes-types that carry their own JSON decoding in Go. */
const scalarAliases: Record<string, string> = { Quantity: 'Quantity', Time: 'Time', MicroTime: 'MicroTime' };

const interfaces = new Map<string, ts.InterfaceDeclaration>();
for (const file of sourceFiles) {
  const fullPath = path.join(typesDir, file);
  const source = ts.createSourceFile(fullPath, fs.readFileSync(fullPath, 'utf8'), ts.ScriptTarget.ES2022, true);
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const name = node.name.text;
    // Struct names are used unqualified (as Go's reflect.Type.Name() prints them), so two
    // packages declaring the same name would make the schema ambiguous.
    if (interfaces.has(name)) throw new Error(`type ${name} is declared twice (${file})`);
    interfaces.set(name, node);
  });
}

const types: Record<string, Record<string, string>> = {};
const pending = [...rootKinds];

/** Encodes one property type in the schema's field-type grammar (see engine/api/schema.ts). */
function encode(node: ts.TypeNode, owner: string, field: string): string {
  const where = `${owner}.${field}`;
  if (node.kind === ts.SyntaxKind.StringKeyword || ts.isLiteralTypeNode(node)) {
    const named = namedStringFields[where];
    return named ? `string|${named}` : 'string';
  }
  if (node.kind === ts.SyntaxKind.NumberKeyword) return int64Fields.has(where) ? 'int64' : 'int32';
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return 'bool';
  if (ts.isUnionTypeNode(node)) {
    const members = node.types.map((t) => t.kind).sort();
    if (members.length === 2 && members.includes(ts.SyntaxKind.NumberKeyword) && members.includes(ts.SyntaxKind.StringKeyword)) {
      return 'IntOrString';
    }
  }
  if (ts.isArrayTypeNode(node)) return `[]${encode(node.elementType, owner, field)}`;
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if (name === 'Array' && node.typeArguments?.length === 1) return `[]${encode(node.typeArguments[0]!, owner, field)}`;
    if (scalarAliases[name]) return scalarAliases[name];
    const target = interfaces.get(name);
    if (target) {
      // FieldsV1 and RawExtension are empty in the .d.ts: in Go they hold raw JSON of any shape.
      if (target.members.length === 0) return 'RawJSON';
      pending.push(name);
      return `@${name}`;
    }
  }
  if (ts.isTypeLiteralNode(node) && node.members.length === 1) {
    const index = node.members[0]!;
    if (ts.isIndexSignatureDeclaration(index)) {
      const value = encode(index.type, owner, field);
      // Every map of quantities in these packages is the named type v1.ResourceList.
      return value === 'Quantity' ? 'ResourceList' : `map[]${value}`;
    }
  }
  throw new Error(`unsupported type for ${where}: ${node.getText()}`);
}

while (pending.length > 0) {
  const name = pending.shift()!;
  if (types[name]) continue;
  const declaration = interfaces.get(name);
  if (!declaration) throw new Error(`unknown type ${name}`);
  const fields: Record<string, string> = {};
  types[name] = fields;
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member) || !member.type) throw new Error(`unexpected member in ${name}`);
    const field = member.name.getText().replace(/^"(.*)"$/, '$1');
    fields[field] = encode(member.type, name, field);
  }
}

// Every overlay entry must name a real field, so a typo cannot silently do nothing.
for (const key of [...int64Fields, ...Object.keys(namedStringFields)]) {
  const [typeName, field] = key.split('.') as [string, string];
  if (!types[typeName]?.[field]) throw new Error(`overlay entry ${key} matches no field`);
}

const sortedTypes = Object.fromEntries(Object.keys(types).sort().map((name) => [name, types[name]]));
fs.writeFileSync(outFile, `${JSON.stringify({ roots: rootKinds, types: sortedTypes })}\n`);
console.log(`wrote ${path.relative(process.cwd(), outFile)}: ${Object.keys(types).length} types`);
