// kubectl get (k8s.io/kubectl/pkg/cmd/get/get.go): tables as the apiserver's table printers make
// them, or the objects as yaml, json, names, jsonpath or custom columns.
import { ApiError, KubectlError } from '../../errors.ts';
import { enhanceListError } from '../../api/labels.ts';
import type { KindInfo } from '../../api/kinds.ts';
import { bool, parseFlags, str, strings, usageError, type FlagSpec } from '../flags.ts';
import type { CommandContext } from '../kubectl.ts';
import { parseResourceArgs } from '../resources.ts';
import { NAMESPACE_FLAGS, SELECTOR_FLAGS, collect, namespaceOf } from './common.ts';
import { printTable, printNames } from '../printers.ts';
import { toJson, toYaml } from '../serialize.ts';
import { compileJsonPath } from '../jsonpath.ts';
import { parseCustomColumns, printCustomColumns } from '../custom-columns.ts';
import type { Stored } from '../../api/store.ts';

const GET_FLAGS: FlagSpec[] = [
  ...NAMESPACE_FLAGS,
  ...SELECTOR_FLAGS,
  { name: 'all-namespaces', shorthand: 'A', type: 'bool' },
  { name: 'output', shorthand: 'o', type: 'string' },
  { name: 'show-labels', type: 'bool' },
  { name: 'label-columns', shorthand: 'L', type: 'stringArray' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'show-kind', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'watch', shorthand: 'w', type: 'bool' },
  { name: 'field-selector', type: 'string' },
  { name: 'chunk-size', type: 'int' },
];

// k8s.io/cli-runtime/pkg/genericclioptions/print_flags.go AllowedFormats, in kubectl's order.
const ALLOWED_FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export function runGet(ctx: CommandContext, argv: string[]): void {
  const p = parseFlags('get', argv, GET_FLAGS);
  if (p.args.length === 0) {
    // k8s.io/kubectl/pkg/cmd/get/get.go: the message for a missing resource type.
    throw new KubectlError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
    );
  }
  if (bool(p, 'watch')) throw usageError('get', 'watching (-w) is not supported in a scenario; let time pass and run get again');
  const output = str(p, 'output') ?? '';
  const [format, template] = splitOutput(output);
  const known = ['', 'wide', 'yaml', 'json', 'name', 'jsonpath', 'custom-columns'];
  if (!known.includes(format)) {
    throw new KubectlError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED_FORMATS}`);
  }
  const allNamespaces = bool(p, 'all-namespaces');
  const refs = parseResourceArgs(p.args, true);
  const expandedAll = p.args[0]?.split(',').includes('all') ?? false;
  const groups = collect(ctx, refs, p, { allNamespaces, ignoreNotFound: bool(p, 'ignore-not-found') });
  const fieldSelector = str(p, 'field-selector');
  if (fieldSelector) {
    for (const g of groups) {
      checkFieldLabels(g.info, str(p, 'selector') ?? '', fieldSelector);
      g.objects = g.objects.filter((o) => matchesFieldSelector(o, fieldSelector));
    }
  }
  const sortBy = str(p, 'sort-by');
  if (sortBy) for (const g of groups) g.objects = sortObjects(g.objects, sortBy);
  const objects = groups.flatMap((g) => g.objects);
  const singleNamed = refs.length === 1 && refs[0].name !== undefined;
  const now = ctx.cluster.nowMs();

  if (format === '' || format === 'wide') {
    const nonEmpty = groups.filter((g) => g.objects.length > 0);
    if (nonEmpty.length === 0) {
      if (!ctx.failed && !bool(p, 'ignore-not-found')) ctx.err(allNamespaces ? 'No resources found' : `No resources found in ${namespaceOf(p)} namespace.`);
      return;
    }
    const withKind = bool(p, 'show-kind') || expandedAll || groups.length > 1;
    const labelColumns = strings(p, 'label-columns').flatMap((s) => s.split(',')).filter((s) => s !== '');
    const tables = nonEmpty.map((g) =>
      printTable(g.info.kind, g.objects as never, now, {
        wide: format === 'wide',
        showLabels: bool(p, 'show-labels'),
        labelColumns,
        noHeaders: bool(p, 'no-headers'),
        withKind,
        allNamespaces,
      }),
    );
    ctx.out(tables.join('\n'));
    return;
  }
  if (format === 'name') {
    if (objects.length > 0) ctx.out(printNames(objects as never));
    return;
  }
  if (objects.length === 0 && singleNamed) return;
  const data = singleNamed && objects.length === 1 ? objects[0] : asList(objects);
  switch (format) {
    case 'yaml':
      ctx.out(toYaml(data));
      return;
    case 'json':
      ctx.out(toJson(data));
      return;
    case 'jsonpath': {
      // kubectl's jsonpath printer writes no newline of its own.
      ctx.write(compileJsonPath(template).execute(data));
      return;
    }
    case 'custom-columns': {
      const cols = parseCustomColumns(template);
      ctx.out(printCustomColumns(cols, objects, bool(p, 'no-headers')));
      return;
    }
  }
}

function splitOutput(output: string): [string, string] {
  const eq = output.indexOf('=');
  return eq < 0 ? [output, ''] : [output.slice(0, eq), output.slice(eq + 1)];
}

export function asList(objects: readonly Stored[]): object {
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}

/** --sort-by takes a jsonpath; kubectl sorts by the value it finds (pkg/cmd/get/sorter.go). */
function sortObjects(objects: Stored[], expression: string): Stored[] {
  const template = expression.startsWith('{') ? expression : `{${expression.startsWith('.') ? '' : '.'}${expression}}`;
  const jp = compileJsonPath(template);
  const keyed = objects.map((o) => ({ o, k: jp.execute(o) }));
  keyed.sort((a, b) => {
    const na = Number(a.k);
    const nb = Number(b.k);
    if (a.k !== '' && b.k !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    return a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
  });
  return keyed.map((x) => x.o);
}

/** The field labels a pod list may select on (pkg/apis/core/v1/conversion.go, the Pod's field label conversion). */
const POD_FIELD_LABELS = [
  'metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
  'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName',
  // Old clients' name for spec.nodeName, still accepted.
  'spec.host',
];

/** The apiserver refuses a pod list whose field selector names a field it cannot select on. */
function checkFieldLabels(info: KindInfo, labelSelector: string, fieldSelector: string): void {
  if (info.kind !== 'Pod') return;
  for (const term of fieldSelector.split(',')) {
    const label = /^([^!=]+)/.exec(term.trim())?.[1];
    if (label !== undefined && !POD_FIELD_LABELS.includes(label)) {
      const refusal = new ApiError('BadRequest', `field label not supported: ${label}`, 400);
      throw enhanceListError(refusal, `${info.group}/${info.version}, Resource=${info.resource}`, labelSelector, fieldSelector);
    }
  }
}

/** The field selectors the apiserver supports for the common cases: metadata.name, metadata.namespace, spec.nodeName, status.phase. */
function matchesFieldSelector(obj: Stored, selector: string): boolean {
  return selector.split(',').every((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) throw new KubectlError(`error: invalid field selector: "${term}"`);
    const [, given, op, want] = m;
    const field = given.trim() === 'spec.host' ? 'spec.nodeName' : given;
    const value = field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], obj) ?? '';
    return op === '!=' ? String(value) !== want : String(value) === want;
  });
}

