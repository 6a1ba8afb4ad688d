// kubectl create, apply and delete (k8s.io/kubectl/pkg/cmd/{create,apply,delete}): manifests are
// read, decoded strictly as the apiserver does, and created, three-way merged or deleted one
// document at a time; each document's success or error is printed, so a partly applied file
// says exactly what was applied. Errors about a manifest name its file and line.
import { ApiError, KubectlError, UserError, type FieldError } from '../../errors.ts';
import { bool, int, parseFlags, requiredFlagError, str, strings, usageError, usageErrorf, type FlagSpec, type ParsedArgs } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { kindSlashName, parseResourceArgs } from '../resources.ts';
import { NAMESPACE_FLAGS, SELECTOR_FLAGS, collect, namespaceOf } from './common.ts';
import { readManifests as readManifestStream, ManifestError, type ManifestDoc } from '../../api/manifest.ts';
import { decodeStrict } from '../../api/decode.ts';
import { kindInfo, type KindInfo } from '../../api/kinds.ts';
import type { PropagationPolicy, Stored } from '../../api/store.ts';
import type { KubeObject } from '../../api/types.ts';
import { threeWayMerge } from '../patch.ts';
import { qualifiedSingular } from '../resources.ts';
import { createJob } from './create-job.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'; // k8s.io/api/core/v1/annotation_key_constants.go

const FILE_FLAGS: FlagSpec[] = [
  { name: 'filename', shorthand: 'f', type: 'stringArray' },
  { name: 'recursive', shorthand: 'R', type: 'bool' },
  { name: 'validate', type: 'string', noOptDefault: 'strict' },
  { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
  { name: 'save-config', type: 'bool' },
  { name: 'output', shorthand: 'o', type: 'string' },
];

interface LoadedDoc {
  doc: ManifestDoc;
  source: string;
}

/** A document that could not be read (an unknown kind), or what ended a file early (a syntax error). */
interface ReadError {
  error: ManifestError;
  source: string;
}

/**
 * Reads every `-f` source, as kubectl's builder visits them with ContinueOnError: the documents,
 * and in their place the errors of those that could not be read; a syntax error ends its file but
 * keeps the documents before it. A file that does not exist fails the whole command before
 * anything is applied.
 */
function readManifests(ctx: CommandContext, p: ParsedArgs, command: string): Array<LoadedDoc | ReadError> {
  const files = strings(p, 'filename');
  if (files.length === 0) {
    throw new KubectlError(
      command === 'delete'
        ? "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
        : `error: must specify one of -f and -k`,
    );
  }
  const texts = files.map((f) => {
    const text = f === '-' ? ctx.io.stdin : ctx.io.readFile(f);
    if (text === undefined) throw new KubectlError(f === '-' ? 'error: no manifest was given on standard input' : `error: the path "${f}" does not exist`);
    return { source: f === '-' ? 'STDIN' : f, text };
  });
  const out: Array<LoadedDoc | ReadError> = [];
  for (const { source, text } of texts) {
    const { entries, fatal } = readManifestStream(text, { fileName: source });
    for (const entry of entries) out.push(entry instanceof ManifestError ? { error: entry, source } : { doc: entry, source });
    if (fatal) out.push({ error: fatal, source });
  }
  return out;
}

function isReadError(entry: LoadedDoc | ReadError): entry is ReadError {
  return 'error' in entry;
}

/** Reports a document that could not be read, with where it is. */
function failRead(ctx: CommandContext, { error, source }: ReadError): void {
  ctx.fail(error, `  in ${source}:${error.line}${error.field !== undefined ? ` (${error.field})` : ''}`);
}

/** k8s.io/apiserver/pkg/server/config.go: MaxRequestBodyBytes, the most of a request body the apiserver reads. */
const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/**
 * The apiserver refuses a body larger than it reads before decoding it (apiserver
 * pkg/endpoints/handlers/rest.go limitedReadBody, errors.NewRequestEntityTooLargeError).
 */
function checkBodySize(body: object): void {
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_REQUEST_BODY_BYTES) {
    throw new ApiError('RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`, 413);
  }
}

/** --validate values and the fieldValidation they send (k8s.io/kubectl/pkg/cmd/util/helpers.go GetValidationDirective). */
const FIELD_VALIDATION: Record<string, 'Strict' | 'Warn' | 'Ignore'> = { strict: 'Strict', true: 'Strict', warn: 'Warn', ignore: 'Ignore', false: 'Ignore' };

/** Decodes a document and puts it in the namespace of the command (`-n`), as kubectl does. */
function decodeFor(ctx: CommandContext, p: ParsedArgs, loaded: LoadedDoc): { obj: KubeObject; info: KindInfo } {
  const validate = str(p, 'validate') ?? 'strict';
  const fieldValidation = FIELD_VALIDATION[validate];
  if (!fieldValidation) throw new KubectlError(`error: invalid - validate option "${validate}"; must be one of: strict (or true), warn, ignore (or false)`);
  const warnings: string[] = [];
  const obj = decodeStrict(loaded.doc.object, { fieldValidation, warnings }) as KubeObject;
  for (const w of warnings) ctx.err(`Warning: ${w}`);
  const info = kindInfo(obj.kind)!;
  const ns = str(p, 'namespace');
  obj.metadata ??= {};
  if (info.namespaced) {
    if (ns !== undefined && obj.metadata.namespace && obj.metadata.namespace !== ns) {
      // k8s.io/cli-runtime/pkg/resource/mapper.go
      throw new KubectlError(`error: the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${ns}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`);
    }
    obj.metadata.namespace ||= ns ?? 'default';
  }
  return { obj, info };
}

/** Where in the manifest an error points: `  in kubia.yaml:14 (spec.selector.matchExpressions[0])`. */
function location(loaded: LoadedDoc, error: unknown): string | undefined {
  let field: string | undefined;
  const withFields = error as { fieldErrors?: FieldError[] };
  if (withFields.fieldErrors?.length) field = withFields.fieldErrors[0].field;
  else if (error instanceof ApiError && error.field !== undefined) field = error.field;
  else if (error instanceof UserError) {
    field = /unknown field "([^"]+)"/.exec(error.message)?.[1] ?? /Go struct field \S+?\.(\S+) of type/.exec(error.message)?.[1];
  }
  // The field itself, or the nearest enclosing field the manifest has (a missing `key` points at its list item).
  let line: number | undefined;
  for (let path = field; path && line === undefined; path = parentPath(path)) line = loaded.doc.lineOf(path);
  line ??= loaded.doc.line;
  return `  in ${loaded.source}:${line}${field !== undefined ? ` (${field})` : ''}`;
}

/** `a.b[0].c` → `a.b[0]` → `a.b` → `a` → ''. */
function parentPath(path: string): string {
  const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(path);
  return m ? m[1] : '';
}

/**
 * Reports a document the apiserver refused, naming the manifest in a Status error's message as
 * cmdutil.AddSourceToErr does (`error when creating "kubia.yaml": …`).
 */
function failDoc(ctx: CommandContext, loaded: LoadedDoc, error: unknown, verb: string): void {
  if (error instanceof ApiError) error.message = `error when ${verb} "${loaded.source}": ${error.message}`;
  ctx.fail(error, location(loaded, error));
}

export function runCreate(ctx: CommandContext, argv: string[]): void {
  if (argv[0] === 'deployment' || argv[0] === 'deploy') return createDeployment(ctx, argv.slice(1));
  if (argv[0] === 'job') return createJob(ctx, argv.slice(1));
  const p = parseFlags('create', argv, [...NAMESPACE_FLAGS, ...FILE_FLAGS]);
  if (p.args.length > 0) throw usageError('create', `unknown command "${p.args[0]}" for "kubectl create"`);
  // pkg/cmd/create/create.go RunCreate: each document is created as it is read.
  let created = 0;
  for (const entry of readManifests(ctx, p, 'create')) {
    if (isReadError(entry)) {
      failRead(ctx, entry);
      continue;
    }
    try {
      checkBodySize(bool(p, 'save-config') ? withLastApplied(entry.doc.object) : entry.doc.object);
      const { obj, info } = decodeFor(ctx, p, entry);
      if (bool(p, 'save-config')) setLastApplied(obj);
      const stored = ctx.cluster.create(obj);
      ctx.out(`${kindSlashName(stored, info)} created`);
      created++;
    } catch (e) {
      failDoc(ctx, entry, e, 'creating');
    }
  }
  if (created === 0 && !ctx.failed) throw new KubectlError('error: no objects passed to create');
}

export function runApply(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('apply', argv, [...NAMESPACE_FLAGS, ...FILE_FLAGS, { name: 'server-side', type: 'bool' }, { name: 'force', type: 'bool' }]);
  if (p.args.length > 0) throw usageError('apply', `unknown command "${p.args[0]}" for "kubectl apply"`);
  // pkg/cmd/apply/apply.go Run: every document is read first (GetObjects), then those that could
  // be read are applied; the reading errors come first among the errors reported at the end.
  const entries = readManifests(ctx, p, 'apply');
  for (const entry of entries) if (isReadError(entry)) failRead(ctx, entry);
  const docs = entries.filter((entry): entry is LoadedDoc => !isReadError(entry));
  if (docs.length === 0 && !ctx.failed) throw new KubectlError('error: no objects passed to apply');
  for (const loaded of docs) {
    let verb = 'creating';
    try {
      // The body kubectl sends holds the object twice: as itself and in its annotation.
      checkBodySize(withLastApplied(loaded.doc.object));
      const { obj, info } = decodeFor(ctx, p, loaded);
      const live = ctx.cluster.store.get(info.kind, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
      if (!live) {
        setLastApplied(obj);
        const stored = ctx.cluster.create(obj);
        ctx.out(`${kindSlashName(stored, info)} created`);
        continue;
      }
      verb = 'patching';
      const lastText = live.metadata.annotations?.[LAST_APPLIED];
      if (lastText === undefined) {
        // pkg/cmd/apply/apply.go warningNoLastAppliedConfigAnnotation
        ctx.err(
          `Warning: resource ${info.resource}/${obj.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
        );
      }
      const lastApplied = lastText ? JSON.parse(lastText) : undefined;
      setLastApplied(obj);
      const merged = threeWayMerge(live, lastApplied, obj) as KubeObject;
      if (JSON.stringify(merged) === JSON.stringify(live)) {
        ctx.out(`${kindSlashName(live, info)} unchanged`);
        continue;
      }
      ctx.cluster.store.update(merged);
      ctx.cluster.settle();
      ctx.out(`${kindSlashName(live, info)} configured`);
    } catch (e) {
      failDoc(ctx, loaded, e, verb);
    }
  }
}

/**
 * The annotation client-side apply keeps (pkg/util/apply GetModifiedConfiguration): the manifest
 * as encoding/json writes an unstructured object (keys sorted), with the annotations map present
 * but without this annotation.
 */
function setLastApplied(obj: KubeObject): void {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const copy = { ...obj, metadata: { ...obj.metadata, annotations } };
  obj.metadata.annotations = { ...annotations, [LAST_APPLIED]: JSON.stringify(sortKeys(copy)) + '\n' };
}

/** A manifest's object as kubectl sends it with its last-applied annotation, leaving the manifest as it is. */
function withLastApplied(manifest: KubeObject): KubeObject {
  const obj = { ...manifest, metadata: { ...(typeof manifest.metadata === 'object' && manifest.metadata !== null ? manifest.metadata : {}) } };
  setLastApplied(obj);
  return obj;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}

/** kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P] (pkg/cmd/create/create_deployment.go). */
function createDeployment(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('create deployment', argv, [...NAMESPACE_FLAGS, { name: 'image', type: 'stringArray' }, { name: 'replicas', shorthand: 'r', type: 'int' }, { name: 'port', type: 'int' }]);
  // cobra checks the flags marked required before the command runs; then NameFromCommandArgs (pkg/cmd/create/create.go).
  const images = strings(p, 'image');
  if (images.length === 0) throw requiredFlagError('image');
  const name = p.args[0];
  if (p.args.length !== 1) throw usageErrorf('create deployment', `exactly one NAME is required, got ${p.args.length}`);
  const port = int(p, 'port');
  const containers = images.map((image) => ({
    name: containerNameFor(image),
    image,
    ...(port !== undefined ? { ports: [{ containerPort: port }] } : {}),
    resources: {},
  }));
  const obj: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: namespaceOf(p), labels: { app: name } },
    spec: {
      replicas: int(p, 'replicas') ?? 1,
      selector: { matchLabels: { app: name } },
      strategy: {},
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
  const stored = ctx.cluster.create(obj);
  ctx.out(`${kindSlashName(stored, kindInfo('Deployment')!)} created`);
}

/** create_deployment.go: the container is named after the image's last path element, without tag or digest. */
export function containerNameFor(image: string): string {
  const base = image.split('/').pop()!.split('@')[0].split(':')[0];
  return base.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

const DELETE_FLAGS: FlagSpec[] = [
  ...NAMESPACE_FLAGS,
  ...SELECTOR_FLAGS,
  ...FILE_FLAGS,
  { name: 'all-namespaces', shorthand: 'A', type: 'bool' },
  { name: 'cascade', type: 'string', noOptDefault: 'background' },
  { name: 'grace-period', type: 'int' },
  { name: 'now', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'timeout', type: 'duration' },
];

/** --cascade, with the deprecated boolean forms (k8s.io/kubectl/pkg/cmd/delete/delete_flags.go GetCascadingStrategy). */
function cascadePolicy(ctx: CommandContext, p: ParsedArgs): PropagationPolicy {
  const v = str(p, 'cascade') ?? 'background';
  switch (v) {
    case 'background':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
      return 'Orphan';
  }
  // The deprecated boolean forms, in every spelling strconv.ParseBool takes.
  if (/^(1|t|T|TRUE|true|True)$/.test(v)) {
    ctx.err(`warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=background.`);
    return 'Background';
  }
  if (/^(0|f|F|FALSE|false|False)$/.test(v)) {
    ctx.err(`warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=orphan.`);
    return 'Orphan';
  }
  throw new KubectlError(`error: invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
}

export function runDelete(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('delete', argv, DELETE_FLAGS);
  const policy = cascadePolicy(ctx, p);
  let grace = int(p, 'grace-period');
  const force = bool(p, 'force');
  if (bool(p, 'now')) {
    if (grace !== undefined && grace !== -1) throw new KubectlError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (force && (grace === undefined || grace === -1)) grace = 0;
  if (grace === -1) grace = undefined;
  // pkg/cmd/delete/delete.go Complete: without --force a grace period of 0 means 1 s.
  if (grace === 0 && !force) grace = 1;
  if (force && grace === 0) {
    // k8s.io/kubectl/pkg/cmd/delete/delete.go
    ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  }
  const targets: { obj: Stored; info: KindInfo }[] = [];
  if (strings(p, 'filename').length > 0) {
    for (const loaded of readManifests(ctx, p, 'delete')) {
      if (isReadError(loaded)) {
        failRead(ctx, loaded);
        continue;
      }
      try {
        const { obj, info } = decodeFor(ctx, p, loaded);
        const live = ctx.cluster.store.get(info.kind, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
        if (!live) throw new ApiError('NotFound', `${info.qualifiedResource} "${obj.metadata.name}" not found`, 404);
        targets.push({ obj: live, info });
      } catch (e) {
        failDoc(ctx, loaded, e, 'deleting');
      }
    }
    // pkg/cmd/delete/delete.go DeleteResult: files with no object in them.
    if (targets.length === 0 && !ctx.failed) ctx.out('No resources found');
  } else {
    if (p.args.length === 0) readManifests(ctx, p, 'delete');
    const refs = parseResourceArgs(p.args);
    const selective = str(p, 'selector') !== undefined || bool(p, 'all');
    if (refs.some((r) => r.name === undefined) && !selective) throw new KubectlError('error: resource(s) were provided, but no name was specified');
    for (const g of collect(ctx, refs, p, { allNamespaces: bool(p, 'all-namespaces'), ignoreNotFound: bool(p, 'ignore-not-found') })) {
      for (const obj of g.objects) targets.push({ obj, info: g.info });
    }
    if (targets.length === 0 && selective && !ctx.failed) ctx.out('No resources found');
  }
  for (const { obj, info } of targets) {
    try {
      ctx.cluster.store.delete(info.kind, obj.metadata.namespace ?? '', obj.metadata.name!, { propagationPolicy: policy, gracePeriodSeconds: grace });
      // v1.32 prints `<resource>.<group> "<name>" deleted` (the namespace was added in v1.34).
      ctx.out(`${qualifiedSingular(info)} "${obj.metadata.name}" ${force && grace === 0 ? 'force deleted' : 'deleted'}`);
    } catch (e) {
      ctx.fail(e);
    }
  }
}
