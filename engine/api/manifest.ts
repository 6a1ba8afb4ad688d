// Reading manifest files the way `kubectl create|apply -f FILE` does (k8s.io/cli-runtime
// pkg/resource: StreamVisitor, mapper, FlattenListVisitor), and kubectl's REST mapping of the
// kinds the simulated apiserver serves.
//
// Reading goes document by document, as kubectl's StreamVisitor does:
//  1. k8s.io/apimachinery/pkg/util/yaml YAMLReader splits the file at lines starting with `---`;
//     YAML errors therefore count lines from the start of the document, not of the file.
//  2. Each document is parsed as YAML 1.1 the way go-yaml v2 does (sigs.k8s.io/yaml): yes/no/on/off
//     are booleans, 0755 is octal, timestamps stay strings, a repeated key silently wins
//     (kubernetes/kubernetes#125885), so the apiserver never sees a duplicate field.
//  3. Empty and `null` documents are skipped.
//  4. Client-side validation (kubectl/pkg/validation ParamVerifyingSchema) demands an object with
//     apiVersion and kind.
//  5. The document is mapped to a served kind; `kind: List` (anything with `items`) is flattened.
// Syntax and validation errors end the reading; mapping errors are per document (kubectl goes on
// with the next one and reports them at the end). Error messages are the Go errors' text; the
// kubectl layer prefixes `error: ` as cmdutil.CheckErr does.
//
// js-yaml reports syntax errors in its own words. They are translated to the go-yaml v2 message
// for the same mistake (gopkg.in/yaml.v2 scannerc.go/parserc.go), with go-yaml's line numbering:
// scanner errors name the 1-based line of the offending character, parser errors ("did not find
// expected key") the 0-based one, i.e. the line before, and neither names line 1 (yaml.go fail()):
//   bad indentation at a `:`              → mapping values are not allowed in this context
//   bad indentation / extra content        → did not find expected key (or '-' indicator in a list)
//   multi-line implicit key, missing `:`   → could not find expected ':'
//   tab used as indentation                → found character that cannot start any token
//   unterminated quoted scalar             → found unexpected end of stream
//   unclosed flow collection               → did not find expected ',' or ']' (or '}')
//   unknown alias                          → unknown anchor 'x' referenced
//   control character                      → control characters are not allowed
import {
  constructFromEvents,
  defineScalarTag,
  EVENT_ID,
  getScalarValue,
  mapTag,
  mergeTag,
  NOT_RESOLVED,
  parseEvents,
  Schema,
  seqTag,
  strTag,
  YAMLException,
  type Event,
} from 'js-yaml';
import { UserError } from '../errors.ts';
import type { KubeObject } from './types.ts';
import { kindForApiVersion, type KindInfo } from './kinds.ts';
import { deepFreeze } from '../util/freeze.ts';
import { GO_YAML_MAX_DEPTH, lineExceedingDepth } from './yaml-depth.ts';

// ---------------------------------------------------------------------------------------------
// apiVersion, as the REST mapper parses it (the mapping itself is kindForApiVersion in kinds.ts)

/**
 * schema.ParseGroupVersion (k8s.io/apimachinery/pkg/runtime/schema/group_version.go): `v1`,
 * `apps/v1`; more than one slash is an error.
 */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// YAML as go-yaml v2 resolves plain scalars (gopkg.in/yaml.v2 resolve.go)

const goYamlBooleans: Record<string, boolean> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false]),
]);
const goYamlSpecialFloats: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};
/** resolve.go yamlStyleFloat. */
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * strconv.ParseInt(s, 0, 64), falling back to ParseUint as resolve.go does: an optional sign,
 * then `0x`, `0b`, `0o` or a leading `0` (octal) prefix, or decimal digits.
 */
function parseGoInt(s: string): number | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|0|[1-9][0-9]*)$/.exec(s);
  if (!match) return undefined;
  const digits = match[2]!;
  const prefix = digits.slice(0, 2).toLowerCase();
  const body = prefix === '0x' ? digits : prefix === '0b' ? digits : prefix === '0o' ? digits : /^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits;
  const value = BigInt(body.toLowerCase()) * (match[1] === '-' ? -1n : 1n);
  const inRange = value >= -(2n ** 63n) && value < 2n ** 64n && (value < 2n ** 63n || match[1] !== '-');
  return inRange ? Number(value) : undefined;
}

const goYamlSchema = new Schema([
  defineScalarTag<null>('tag:yaml.org,2002:null', {
    implicit: true,
    resolve: (s) => (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL' ? null : NOT_RESOLVED),
    identify: (data) => data === null,
  }),
  defineScalarTag<boolean>('tag:yaml.org,2002:bool', {
    implicit: true,
    resolve: (s) => goYamlBooleans[s] ?? NOT_RESOLVED,
    identify: (data) => typeof data === 'boolean',
  }),
  defineScalarTag<number>('tag:yaml.org,2002:int', {
    implicit: true,
    implicitFirstChars: ['+', '-', ...'0123456789'],
    resolve: (s) => parseGoInt(s.replaceAll('_', '')) ?? NOT_RESOLVED,
    identify: (data) => Number.isInteger(data),
  }),
  defineScalarTag<number>('tag:yaml.org,2002:float', {
    implicit: true,
    implicitFirstChars: ['+', '-', '.', ...'0123456789'],
    resolve: (s) => {
      if (s in goYamlSpecialFloats) return goYamlSpecialFloats[s]!;
      // A leading '.' goes to strconv.ParseFloat as is; digits and signs drop underscores first.
      const plain = s[0] === '.' ? s : s.replaceAll('_', '');
      return yamlStyleFloat.test(plain) ? Number(plain) : NOT_RESOLVED;
    },
    identify: (data) => typeof data === 'number',
  }),
  strTag,
  seqTag,
  mapTag,
  mergeTag,
]);

// ---------------------------------------------------------------------------------------------
// Documents

/** One object read from a manifest file. */
export interface ManifestDoc {
  /** The object as parsed (before the apiserver's decoding). */
  object: KubeObject;
  mapping: KindInfo;
  fileName: string;
  /** 1-based line of the file where the object starts. */
  line: number;
  /** 1-based line of a field path such as `spec.selector.matchExpressions[0]`, if present. */
  lineOf(path: string): number | undefined;
}

/**
 * An error about one place in a manifest file: kubectl's message, and the line of the file (not of
 * the document, as go-yaml counts) and the field it is about, so that a user finds it.
 */
export class ManifestError extends UserError {
  constructor(
    message: string,
    /** 1-based line of the file. */
    readonly line: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What reading a file yields: its objects and per-object errors in order, and what stopped it. */
export interface ManifestStream {
  entries: Array<ManifestDoc | ManifestError>;
  /** The syntax or validation error that ended reading (the rest of the file is not read). */
  fatal?: ManifestError;
}

/** One document as YAMLReader cuts it: its text and where it starts in the file. */
interface Chunk {
  text: string;
  /** 1-based line of the file where the chunk's first line is. */
  firstLine: number;
}

/**
 * k8s.io/apimachinery/pkg/util/yaml YAMLReader.Read: a line starting with `---` ends a document
 * (and may only be followed by a comment); it joins the next document when nothing precedes it.
 */
function* chunks(text: string): Generator<Chunk, void, undefined> {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  let buffer: string[] = [];
  let firstLine = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && trimmed[0] !== '#') throw new ManifestError(`invalid Yaml document separator: ${trimmed}`, i + 1);
      if (buffer.length > 0) {
        yield { text: `${buffer.join('\n')}\n`, firstLine };
        buffer = [];
        continue;
      }
    }
    if (buffer.length === 0) firstLine = i + 1;
    buffer.push(line);
  }
  if (buffer.length > 0) yield { text: `${buffer.join('\n')}\n`, firstLine };
}

/** Maps field paths of a parsed document to source offsets, from the parser's events. */
function indexPositions(events: Event[], source: string): { rootOffset: number; offsets: Map<string, number> } {
  interface Frame {
    container: 'map' | 'seq';
    /** Path of the container; undefined inside a complex key, which has no path. */
    path: string | undefined;
    nextIndex: number;
    /** For a map: null while a key is expected, else the key whose value comes next. */
    key: string | null | undefined;
  }
  const offsets = new Map<string, number>();
  const frames: Frame[] = [];
  let rootOffset = 0;
  let documents = 0;
  const join = (path: string | undefined, key: string | undefined) => (path === undefined || key === undefined ? undefined : path === '' ? key : `${path}.${key}`);
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      // go-yaml's Unmarshal reads only the first document of its input.
      if (++documents > 1) break;
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      frames.pop();
      continue;
    }
    const offset =
      event.type === EVENT_ID.ALIAS
        ? event.anchorStart
        : Math.min(...[event.anchorStart, event.tagStart, event.type === EVENT_ID.SCALAR ? event.valueStart : event.start].filter((o) => o >= 0));
    const container = event.type === EVENT_ID.MAPPING ? 'map' : event.type === EVENT_ID.SEQUENCE ? 'seq' : undefined;
    const parent = frames.at(-1);
    let path: string | undefined;
    if (!parent) {
      path = '';
      rootOffset = offset;
    } else if (parent.container === 'map' && parent.key === null) {
      // This node is a key: a scalar names the entry, which is located at its key.
      const key = event.type === EVENT_ID.SCALAR ? getScalarValue(source, event) : undefined;
      parent.key = key;
      const entryPath = join(parent.path, key);
      if (entryPath !== undefined) offsets.set(entryPath, offset);
      if (container) frames.push({ container, path: undefined, nextIndex: 0, key: null });
      continue;
    } else if (parent.container === 'map') {
      path = join(parent.path, parent.key ?? undefined);
      parent.key = null;
    } else {
      path = parent.path === undefined ? undefined : `${parent.path}[${parent.nextIndex}]`;
      parent.nextIndex++;
      if (path !== undefined) offsets.set(path, offset);
    }
    if (container) frames.push({ container, path, nextIndex: 0, key: null });
  }
  return { rootOffset, offsets };
}

/** The value and offset of the first mapping key that is itself a collection, in document order. */
function firstComplexKey(events: Event[], source: string): { value: unknown; offset: number } | undefined {
  const frames: Array<{ mapping: boolean; expectingKey: boolean }> = [];
  let documents = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.type === EVENT_ID.DOCUMENT) {
      if (++documents > 1) break;
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      frames.pop();
      continue;
    }
    const parent = frames.at(-1);
    const isKey = parent?.mapping === true && parent.expectingKey;
    // In a mapping, keys and values alternate.
    if (parent?.mapping) parent.expectingKey = !parent.expectingKey;
    if (event.type !== EVENT_ID.MAPPING && event.type !== EVENT_ID.SEQUENCE) continue;
    if (!isKey) {
      frames.push({ mapping: event.type === EVENT_ID.MAPPING, expectingKey: true });
      continue;
    }
    // Build the key on its own, as a document of its own.
    let depth = 0;
    let end = i;
    do {
      const e = events[end++]!;
      if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) depth++;
      else if (e.type === EVENT_ID.POP) depth--;
    } while (depth > 0);
    const keyEvents: Event[] = [events[0]!, ...events.slice(i, end), { type: EVENT_ID.POP }];
    return { value: constructFromEvents(keyEvents, { source, schema: goYamlSchema, json: true })[0], offset: event.start };
  }
  return undefined;
}

/** Go's %#v of a value go-yaml decoded into interface{} (map[interface {}]interface {}, []interface {}). */
function goSharpV(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharpV).join(', ')}}`;
  if (typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${goSharpV((value as Record<string, unknown>)[key])}`);
    return `map[interface {}]interface {}{${entries.join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The offset of the first path (in document order) that matches `path` once list indices are
 * dropped: json type errors name fields without them (`spec.containers.env.value`).
 */
function firstWithoutIndices(offsets: Map<string, number>, path: string): number | undefined {
  if (path.includes('[')) return undefined;
  for (const [candidate, offset] of offsets) if (candidate.replace(/\[\d+\]/g, '') === path) return offset;
  return undefined;
}

/** 1-based line, within `text`, of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * How deep js-yaml may nest before it stops: its parser recurses once per level and exhausts the
 * JavaScript stack at about 1,600 levels, which go-yaml reads happily (it stops at 10,000).
 */
const PARSE_DEPTH_LIMIT = 1000;

/** Parses one chunk as sigs.k8s.io/yaml does; undefined for an empty or null document. */
function parseChunk(chunk: Chunk): { value: unknown; rootOffset: number; offsets: Map<string, number> } | undefined {
  let events: Event[];
  let value: unknown;
  try {
    events = parseEvents(chunk.text, { maxDepth: PARSE_DEPTH_LIMIT });
    // go-yaml's decoder refuses a mapping or sequence as a map key (decode.go mapping()).
    const complexKey = firstComplexKey(events, chunk.text);
    if (complexKey !== undefined) {
      throw new ManifestError(`error converting YAML to JSON: yaml: invalid map key: ${goSharpV(complexKey.value)}`, chunk.firstLine + lineAt(chunk.text, complexKey.offset) - 1);
    }
    value = constructFromEvents(events, { source: chunk.text, schema: goYamlSchema, json: true })[0];
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line0 = error.mark?.line ?? 0;
    if (error.reason.startsWith('nesting exceeded maxDepth')) throw tooDeep(chunk, line0);
    // An unclosed quote or bracket is noticed at the end of the document; the mistake is where it opens.
    const opened = openConstruct(chunk.text, error.mark?.position ?? 0);
    const mistakeLine0 = opened ? lineAt(chunk.text, opened.at) - 1 : line0;
    throw new ManifestError(`error converting YAML to JSON: ${goYamlError(error, chunk.text)}`, chunk.firstLine + mistakeLine0);
  }
  if (value === undefined || value === null) return undefined;
  return { value, ...indexPositions(events, chunk.text) };
}

/**
 * A document nested deeper than js-yaml may go: go-yaml's own refusal (a scanner error, naming the
 * 1-based line of the document unless it is the first) when it is deeper than go-yaml reads, else
 * the simulator's limit, said plainly.
 */
function tooDeep(chunk: Chunk, line0: number): ManifestError {
  const deepLine0 = lineExceedingDepth(chunk.text, GO_YAML_MAX_DEPTH);
  if (deepLine0 !== undefined) {
    const where = deepLine0 === 0 ? '' : `line ${deepLine0 + 1}: `;
    return new ManifestError(`error converting YAML to JSON: yaml: ${where}exceeded max depth of ${GO_YAML_MAX_DEPTH}`, chunk.firstLine + deepLine0);
  }
  return new ManifestError(
    `error converting YAML to JSON: yaml: line ${line0 + 1}: nested deeper than ${PARSE_DEPTH_LIMIT} levels, which kube-scenarios does not read (kubectl reads up to ${GO_YAML_MAX_DEPTH})`,
    chunk.firstLine + line0,
  );
}

/** The text of a Go error aggregate (k8s.io/apimachinery/pkg/util/errors): `[a, b]` for several. */
function aggregate(messages: string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

/** k8s.io/kubectl/pkg/validation getObjectKind: what client-side validation says of a document. */
function objectKindErrors(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['error in unmarshaling data'];
  const fields = value as Record<string, unknown>;
  const errors: string[] = [];
  if (fields.apiVersion === undefined || fields.apiVersion === null) errors.push('apiVersion not set');
  else if (typeof fields.apiVersion !== 'string') errors.push("apiVersion isn't string type");
  else if (!parseGroupVersion(fields.apiVersion)) errors.push(`unexpected GroupVersion string: ${fields.apiVersion}`);
  if (fields.kind === undefined || fields.kind === null) errors.push('kind not set');
  else if (typeof fields.kind !== 'string') errors.push("kind isn't string type");
  return errors;
}

function metadataString(object: Record<string, unknown>, field: 'name' | 'namespace'): string {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  const value = typeof metadata === 'object' && metadata !== null ? metadata[field] : undefined;
  return typeof value === 'string' ? value : '';
}

/** Compact JSON with sorted keys, as Go marshals a decoded map. */
function goJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Reads every object of a manifest file in order, as `kubectl create -f` visits them. Mapping
 * errors are entries (kubectl reports them and goes on); a syntax or validation error ends the
 * stream as `fatal`.
 */
export function readManifests(text: string, source: { fileName: string }): ManifestStream {
  // Scenarios apply the same few files again and again; a file read without errors is parsed once.
  // Its objects are frozen, so that no reader can change what the next one gets.
  const key = `${source.fileName}\u0000${text}`;
  const known = readCache.get(key);
  if (known) return { entries: [...known] };
  const stream = readManifestsAfresh(text, source);
  if (stream.fatal === undefined && stream.entries.every((e) => !(e instanceof ManifestError))) {
    for (const e of stream.entries) deepFreeze((e as ManifestDoc).object);
    if (readCache.size >= READ_CACHE_SIZE) readCache.clear();
    readCache.set(key, stream.entries);
  }
  return stream;
}

/** Files read without errors, by name and text. */
const readCache = new Map<string, ReadonlyArray<ManifestDoc | ManifestError>>();
const READ_CACHE_SIZE = 128;


function readManifestsAfresh(text: string, source: { fileName: string }): ManifestStream {
  const { fileName } = source;
  const entries: ManifestStream['entries'] = [];
  try {
    // kubectl reads a stream that starts with `{` as JSON, not split at `---`. It is read here as
    // one YAML document (JSON is YAML), so a stream of several JSON objects is not supported.
    const pieces = /^\s*\{/.test(text) ? [{ text, firstLine: 1 }] : chunks(text);
    for (const chunk of pieces) {
      const parsed = parseChunk(chunk);
      if (!parsed) continue;
      const lineOfOffset = (offset: number) => chunk.firstLine + lineAt(chunk.text, offset) - 1;
      const lineOfKey = (key: string) => lineOfOffset(parsed.offsets.get(key) ?? parsed.rootOffset);
      const kindErrors = objectKindErrors(parsed.value);
      if (kindErrors.length > 0) {
        // cli-runtime resource/visitor.go ValidateSchema and StreamVisitor
        const stopValidateMessage = 'if you choose to ignore these errors, turn validation off with --validate=false';
        const field = /^(apiVersion|kind)\b/.exec(kindErrors[0]!)?.[1];
        const message = `error validating ${JSON.stringify(fileName)}: error validating data: ${aggregate(kindErrors)}; ${stopValidateMessage}`;
        return { entries, fatal: new ManifestError(message, field ? lineOfKey(field) : lineOfOffset(parsed.rootOffset), field) };
      }
      const object = parsed.value as Record<string, unknown>;
      const doc = (item: Record<string, unknown>, mapped: KindInfo, prefix: string): ManifestDoc => ({
        object: item as KubeObject,
        mapping: mapped,
        fileName,
        line: lineOfOffset(prefix === '' ? parsed.rootOffset : parsed.offsets.get(prefix) ?? parsed.rootOffset),
        lineOf: (path) => {
          const relative = path.replace(/^\./, '');
          const full = prefix === '' ? relative : relative === '' ? prefix : relative.startsWith('[') ? `${prefix}${relative}` : `${prefix}.${relative}`;
          const offset = full === '' ? parsed.rootOffset : parsed.offsets.get(full) ?? firstWithoutIndices(parsed.offsets, full);
          return offset === undefined ? undefined : lineOfOffset(offset);
        },
      });
      if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
        entries.push(...flattenList(object, (item, mapped, index) => doc(item, mapped, `items[${index}]`), (index) => lineOfKey(`items[${index}]`)));
        continue;
      }
      const name = metadataString(object, 'name');
      const namespace = metadataString(object, 'namespace');
      if (object.kind === '') {
        // unstructured.UnstructuredJSONScheme: runtime.NewMissingKindErr
        entries.push(new ManifestError(`unable to decode ${JSON.stringify(fileName)}: Object 'Kind' is missing in '${goJson(object)}'`, lineOfKey('kind'), 'kind'));
        continue;
      }
      const mapped = kindForApiVersion(object.apiVersion as string, object.kind as string);
      if (mapped) {
        entries.push(doc(object, mapped, ''));
      } else {
        // cli-runtime resource/mapper.go infoForData, wrapping meta.NoKindMatchError
        const gv = parseGroupVersion(object.apiVersion as string)!;
        const version = gv.group ? `${gv.group}/${gv.version}` : gv.version;
        entries.push(
          new ManifestError(
            `resource mapping not found for name: ${JSON.stringify(name)} namespace: ${JSON.stringify(namespace)} from ${JSON.stringify(fileName)}: ` +
              `no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(version)}\nensure CRDs are installed first`,
            lineOfKey('kind'),
            'kind',
          ),
        );
      }
    }
  } catch (error) {
    if (error instanceof ManifestError) return { entries, fatal: new ManifestError(`error parsing ${fileName}: ${error.message}`, error.line, error.field) };
    throw error;
  }
  return { entries };
}

/**
 * FlattenListVisitor: the items of a list, each mapped on its own (mapper.go infoForObject).
 * Items missing apiVersion or kind take the list's, as UnstructuredList decoding does.
 */
function flattenList(
  list: Record<string, unknown>,
  toDoc: (item: Record<string, unknown>, mapped: KindInfo, index: number) => ManifestDoc,
  lineOfItem: (index: number) => number,
): Array<ManifestDoc | ManifestError> {
  const listKind = (list.kind as string).slice(0, -'List'.length);
  return (list.items as unknown[]).map((raw, index) => {
    const item = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    const apiVersion = typeof item.apiVersion === 'string' ? item.apiVersion : (list.apiVersion as string);
    const kind = typeof item.kind === 'string' ? item.kind : listKind;
    if (kind === '') return new ManifestError(`Object 'Kind' is missing in '${goJson(raw)}'`, lineOfItem(index), `items[${index}].kind`);
    const mapped = kindForApiVersion(apiVersion, kind);
    return mapped
      ? toDoc({ ...item, apiVersion, kind }, mapped, index)
      : new ManifestError(`unable to recognize no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`, lineOfItem(index), `items[${index}].kind`);
  });
}

/** Reads a manifest file; throws the first error kubectl would report. */
export function loadManifests(text: string, source: { fileName: string }): ManifestDoc[] {
  const { entries, fatal } = readManifests(text, source);
  const firstError = entries.find((entry): entry is ManifestError => entry instanceof ManifestError) ?? fatal;
  if (firstError) throw firstError;
  return entries as ManifestDoc[];
}

// ---------------------------------------------------------------------------------------------
// js-yaml syntax errors in go-yaml v2's words

/** Leading spaces of a line, or undefined for a blank or comment-only line. */
function indentation(line: string): number | undefined {
  const content = line.trimStart();
  return content === '' || content.startsWith('#') ? undefined : line.length - content.length;
}

function isDashLine(line: string, indent: number): boolean {
  return line[indent] === '-' && (line[indent + 1] === undefined || line[indent + 1] === ' ');
}

/**
 * Whether the block collection that a token at (line, column) falls back into is a sequence or
 * a mapping: the nearest line above that is indented less. A list whose dashes line up with the
 * keys of its parent mapping ("indentless") ends there, and the parent mapping takes the token.
 */
function enclosingCollection(lines: string[], line: number, column: number): 'sequence' | 'mapping' {
  for (let i = line - 1; i >= 0; i--) {
    const indent = indentation(lines[i]!);
    if (indent === undefined || indent >= column) continue;
    if (!isDashLine(lines[i]!, indent)) return 'mapping';
    for (let j = i - 1; j >= 0; j--) {
      const above = indentation(lines[j]!);
      if (above === undefined || above > indent || (above === indent && isDashLine(lines[j]!, above))) continue;
      return above < indent ? 'sequence' : 'mapping';
    }
    return 'sequence';
  }
  return 'mapping';
}

/** Whether the document's root node is a block sequence. */
function rootIsSequence(lines: string[]): boolean {
  const first = lines.find((l) => indentation(l) !== undefined && !l.startsWith('---') && !l.startsWith('%'));
  return first !== undefined && isDashLine(first, indentation(first)!);
}

/**
 * What is open at `position`, a quoted scalar or a flow collection, and where it opened; or
 * undefined. One pass, so that a mistake in a long manifest is found as fast as a short one.
 */
function openConstruct(text: string, position: number): { construct: 'quoted' | '[' | '{'; at: number } | undefined {
  let quote: { char: string; at: number } | undefined;
  const flow: { char: '[' | '{'; at: number }[] = [];
  /** The last non-blank character on the current line before `i`, if any. */
  let lastNonBlank: string | undefined;
  for (let i = 0; i < position && i < text.length; i++) {
    const c = text[i]!;
    if (quote?.char === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
      continue;
    }
    if (quote?.char === "'") {
      if (c === "'" && text[i + 1] === "'") i++;
      else if (c === "'") quote = undefined;
      continue;
    }
    if (c === '\n') {
      lastNonBlank = undefined;
      continue;
    }
    const previous = i > 0 && text[i - 1] !== '\n' ? text[i - 1]! : undefined;
    const startsToken = lastNonBlank === undefined || ((previous === ' ' || '[{,'.includes(previous ?? '')) && ':-[{,?'.includes(lastNonBlank));
    if (c === '#' && (previous === undefined || /\s/.test(previous))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if ((c === '"' || c === "'") && startsToken) quote = { char: c, at: i };
    else if ((c === '[' || c === '{') && (flow.length > 0 || startsToken)) flow.push({ char: c, at: i });
    else if ((c === ']' || c === '}') && flow.length > 0) flow.pop();
    if (!/\s/.test(c)) lastNonBlank = c;
  }
  if (quote) return { construct: 'quoted', at: quote.at };
  const innermost = flow.at(-1);
  return innermost && { construct: innermost.char, at: innermost.at };
}

/** gopkg.in/yaml.v2 yaml.go fail(): the message go-yaml gives for the mistake js-yaml found. */
function goYamlError(error: YAMLException, text: string): string {
  const lines = text.split('\n');
  const mark = error.mark ?? { line: 0, column: 0, position: 0 };
  const atChar = text[mark.position];
  // Scanner errors name the 1-based line; parser errors the 0-based one. Line "0" is not printed.
  const scanner = (line0: number, problem: string) => (line0 === 0 ? `yaml: ${problem}` : `yaml: line ${line0 + 1}: ${problem}`);
  const parser = (line0: number, problem: string) => (line0 === 0 ? `yaml: ${problem}` : `yaml: line ${line0}: ${problem}`);
  const reason = error.reason;
  const alias = /^unidentified alias "(.*)"$/.exec(reason);
  if (alias) return `yaml: unknown anchor '${alias[1]}' referenced`;
  switch (reason) {
    case 'bad indentation of a mapping entry':
    case 'bad indentation of a sequence entry':
    case 'end of the stream or a document separator is expected': {
      if (atChar === ':') return scanner(mark.line, 'mapping values are not allowed in this context');
      const sequence = reason.startsWith('end of the stream') ? rootIsSequence(lines) : enclosingCollection(lines, mark.line, mark.column) === 'sequence';
      return parser(mark.line, sequence ? "did not find expected '-' indicator" : 'did not find expected key');
    }
    case 'can not read a block mapping entry; a multiline key may not be an implicit key':
      return scanner(mark.line, "could not find expected ':'");
    case "expected ':' after a mapping key": {
      // go-yaml notices at the next token, on a later line.
      let next = mark.line + 1;
      while (next < lines.length - 1 && indentation(lines[next]!) === undefined) next++;
      return scanner(next, "could not find expected ':'");
    }
    case 'tab characters must not be used in indentation':
      return scanner(mark.line, 'found character that cannot start any token');
    case 'unknown escape sequence':
      return scanner(mark.line, 'found unknown escape character');
    case 'expected hexadecimal character':
      return scanner(mark.line, 'did not find expected hexdecimal number');
    case 'name of an anchor node must contain at least one character':
    case 'name of an alias node must contain at least one character':
      return scanner(mark.line, 'did not find expected alphabetic or numeric character');
    case 'a line break is expected':
      return scanner(mark.line, 'did not find expected comment or line break');
    case 'the stream contains non-printable characters':
    case 'null byte is not allowed in input':
      return 'yaml: control characters are not allowed';
  }
  const open = openConstruct(text, mark.position)?.construct;
  // An unterminated quoted scalar runs to the end of the document.
  if (open === 'quoted') return scanner(lines.length - 1, 'found unexpected end of stream');
  if (open === '[') return parser(mark.line, "did not find expected ',' or ']'");
  if (open === '{') return parser(mark.line, "did not find expected ',' or '}'");
  return scanner(mark.line, reason);
}
