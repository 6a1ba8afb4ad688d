// A typed view of schema.generated.json (written by scripts/gen-schema.ts): the fields of every Go
// struct reachable from the kinds the simulated apiserver serves, with the Go type each field is
// decoded into. Strict decoding (decode.ts) walks a manifest against it.
import schemaJson from './schema.generated.json' with { type: 'json' };

/** The Go type of one field, as far as JSON decoding can tell them apart. */
export type FieldType =
  /** A string; `goType` is `string` or its named type (`v1.RestartPolicy`, `types.UID`). */
  | { kind: 'string'; goType: string }
  | { kind: 'bool' }
  | { kind: 'int'; bits: 32 | 64 }
  /** intstr.IntOrString: a JSON string, or a number decoded as int32. */
  | { kind: 'intOrString' }
  /** resource.Quantity, parsed from a JSON string or number. */
  | { kind: 'quantity' }
  /** metav1.Time (RFC 3339) or metav1.MicroTime (RFC 3339 with microseconds). */
  | { kind: 'time'; micro: boolean }
  /** metav1.FieldsV1 / runtime.RawExtension: any JSON is accepted as is. */
  | { kind: 'raw' }
  | { kind: 'struct'; name: string }
  | { kind: 'array'; of: FieldType }
  /** A map with string keys; `goType` names it when Go does (`v1.ResourceList`). */
  | { kind: 'map'; of: FieldType; goType?: string };

export interface StructSchema {
  /** The Go struct's name, unqualified (`DeploymentSpec`), as json errors print it. */
  readonly name: string;
  readonly fields: ReadonlyMap<string, FieldType>;
}

/** Parses one entry of the generator's field-type grammar: `[]T`, `map[]T`, `@Struct`, `scalar|GoName`. */
function parseFieldType(encoded: string): FieldType {
  if (encoded.startsWith('[]')) return { kind: 'array', of: parseFieldType(encoded.slice(2)) };
  if (encoded.startsWith('map[]')) return { kind: 'map', of: parseFieldType(encoded.slice(5)) };
  if (encoded.startsWith('@')) return { kind: 'struct', name: encoded.slice(1) };
  const [scalar, goName] = encoded.split('|') as [string, string | undefined];
  switch (scalar) {
    case 'string':
      return { kind: 'string', goType: goName ?? 'string' };
    case 'bool':
      return { kind: 'bool' };
    case 'int32':
      return { kind: 'int', bits: 32 };
    case 'int64':
      return { kind: 'int', bits: 64 };
    case 'IntOrString':
      return { kind: 'intOrString' };
    case 'Quantity':
      return { kind: 'quantity' };
    case 'Time':
      return { kind: 'time', micro: false };
    case 'MicroTime':
      return { kind: 'time', micro: true };
    case 'RawJSON':
      return { kind: 'raw' };
    case 'ResourceList':
      return { kind: 'map', of: { kind: 'quantity' }, goType: 'v1.ResourceList' };
  }
  throw new TypeError(`schema.generated.json: unknown field type ${encoded}`);
}

const structs = new Map<string, StructSchema>(
  Object.entries(schemaJson.types as Record<string, Record<string, string>>).map(([name, fields]) => [
    name,
    { name, fields: new Map(Object.entries(fields).map(([field, encoded]) => [field, parseFieldType(encoded)])) },
  ]),
);
const rootKinds = new Set<string>(schemaJson.roots);

/** The schema of a named struct (`PodSpec`), or undefined when the schema does not know it. */
export function structSchema(name: string): StructSchema | undefined {
  return structs.get(name);
}

/** The schema of a served kind's root struct (`Deployment`), or undefined for other kinds. */
export function rootSchema(kind: string): StructSchema | undefined {
  return rootKinds.has(kind) ? structs.get(kind) : undefined;
}

/**
 * The Go type as reflect.Type.String() prints it in json.UnmarshalTypeError (`int32`,
 * `[]v1.Container`, `map[string]string`, `v1.ResourceList`). All the structs here live in packages
 * named v1 (core, apps, batch and meta alike).
 */
export function goTypeName(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return type.goType;
    case 'bool':
      return 'bool';
    case 'int':
      return `int${type.bits}`;
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'time':
      return type.micro ? 'v1.MicroTime' : 'v1.Time';
    case 'raw':
      return 'v1.FieldsV1';
    case 'struct':
      return `v1.${type.name}`;
    case 'array':
      return `[]${goTypeName(type.of)}`;
    case 'map':
      return type.goType ?? `map[string]${goTypeName(type.of)}`;
  }
}
