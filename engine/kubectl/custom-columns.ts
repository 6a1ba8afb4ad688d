// kubectl's `-o custom-columns=<header>:<json-path-expr>,...` printer
// (k8s.io/kubectl/pkg/cmd/get/customcolumn.go), laid out by kubectl's tabwriter
// (k8s.io/cli-runtime/pkg/printers/tabwriter.go over github.com/liggitt/tabwriter).

import { KubectlError } from '../errors.ts';
import { JsonPath, JsonPathError, formatGoValue } from './jsonpath.ts';
import { GET_TABWRITER_OPTIONS, tabwrite } from './tabwriter.ts';

/** One column: its header, and the jsonpath template that fills it (customcolumn.go Column). */
export interface CustomColumn {
  header: string;
  /** Always in full form, `{.metadata.name}`, or empty. */
  fieldSpec: string;
}

const jsonRegexp = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/; // customcolumn.go jsonRegexp

/**
 * RelaxedJSONPathExpression: accepts `metadata.name`, `.metadata.name`, `{metadata.name}` and
 * `{.metadata.name}`, and returns `{.metadata.name}` (an empty expression stays empty).
 * Throws KubectlError for anything else, such as unbalanced or nested braces.
 */
export function relaxedJsonPathExpression(pathExpression: string): string {
  if (pathExpression === '') return pathExpression;
  const submatches = jsonRegexp.exec(pathExpression);
  if (submatches === null) {
    throw new KubectlError(
      "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  return `{.${submatches[1] ?? submatches[2]}}`;
}

/**
 * NewCustomColumnsPrinterFromSpec: the columns of `-o custom-columns=<spec>`, a comma-separated
 * list of `<header>:<json-path-expr>`. Throws KubectlError with kubectl's message.
 */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec === '') throw new KubectlError('error: custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new KubectlError(`error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), fieldSpec: relaxedJsonPathExpression(part.slice(colon + 1)) };
  });
}

/**
 * What kubectl prints for `objects` (the items of a list, or the one object asked for): a header
 * line unless `noHeaders`, then a line per object; a value is every result of its expression
 * joined by commas, or `<none>` when there is none. Throws KubectlError when an expression does
 * not parse or fails on an object (kubectl has then already flushed the header and the lines
 * before it to stdout; this port reports the error alone).
 */
export function printCustomColumns(columns: CustomColumn[], objects: unknown[], noHeaders = false): string {
  let text = '';
  if (!noHeaders) text += `${columns.map((column) => column.header).join('\t')}\n`;
  try {
    const parsers = columns.map((column) => JsonPath.parse(column.fieldSpec, true));
    for (const object of objects) {
      const cells = parsers.map((parser) => {
        const values = parser.findResults(object);
        const valueStrings = values.length === 0 || values[0].length === 0 ? ['<none>'] : [];
        valueStrings.push(...values.flat().map((value) => escapeTerminal(formatGoValue(value))));
        return valueStrings.join(',');
      });
      text += `${cells.join('\t')}\n`;
    }
  } catch (error) {
    if (error instanceof JsonPathError) throw new KubectlError(`error: ${error.message}`);
    throw error;
  }
  return tabwrite(text, GET_TABWRITER_OPTIONS);
}

/** printers.EscapeTerminal (k8s.io/cli-runtime/pkg/printers/terminal.go): defuses terminal escape sequences. */
function escapeTerminal(text: string): string {
  return text.replace(/[\x1b\r]/g, (char) => (char === '\x1b' ? '^[' : '\\r'));
}
