// kubectl's `-o custom-columns=<header>:<json-path-expr>,...` printer
// (k8s.io/kubectl/pkg/cmd/get/customcolumn.go), laid out by kubectl's tabwriter
// (k8s.io/cli-runtime/pkg/printers/tabwriter.go over github.com/liggitt/tabwriter).

import { KubectlError } from '../errors.ts';
import { JsonPath, JsonPathError, formatGoValue } from './jsonpath.ts';

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
  return tabwrite(text);
}

/** printers.EscapeTerminal (k8s.io/cli-runtime/pkg/printers/terminal.go): defuses terminal escape sequences. */
function escapeTerminal(text: string): string {
  return text.replace(/[\x1b\r]/g, (char) => (char === '\x1b' ? '^[' : '\\r'));
}

// printers.GetNewTabWriter (k8s.io/cli-runtime/pkg/printers/tabwriter.go): minwidth 6, tabwidth 4,
// padding 3, padchar ' ', flags RememberWidths.
const TAB_MIN_WIDTH = 6;
const TAB_PADDING = 3;

interface Cell {
  text: string;
  /** Width in runes, as Go's tabwriter counts it. */
  width: number;
}

/**
 * Lays out tab-separated text as liggitt/tabwriter does with kubectl's settings. A line's cells
 * are tab-terminated, so its last cell is never padded; a column's width is that of its widest
 * cell plus padding, at least minwidth, over each run of adjacent lines that have the column. A
 * line with a single cell (a value holding a newline makes one) flushes what came before, and
 * RememberWidths keeps column widths from growing narrower after such a flush.
 */
function tabwrite(text: string): string {
  const out: string[] = [];
  const rememberedWidths: number[] = [];
  let lines: Cell[][] = [[]];
  let cell = '';
  const terminateCell = (): number => {
    const line = lines[lines.length - 1];
    line.push({ text: cell, width: [...cell].length });
    cell = '';
    return line.length;
  };
  const flush = (): void => {
    format(lines, 0, lines.length, [], rememberedWidths, out);
    lines = [[]];
  };
  for (const char of text) {
    if (char !== '\t' && char !== '\v' && char !== '\n' && char !== '\f') {
      cell += char;
      continue;
    }
    const cellsInLine = terminateCell();
    if (char === '\n' || char === '\f') {
      lines.push([]);
      if (char === '\f' || cellsInLine === 1) flush();
    }
  }
  if (cell !== '') terminateCell();
  flush();
  return out.join('');
}

/** tabwriter's format: lays out lines [line0, line1) given the widths of the columns to the left. */
function format(lines: Cell[][], line0: number, line1: number, widths: number[], rememberedWidths: number[], out: string[]): void {
  const column = widths.length;
  for (let line = line0; line < line1; line++) {
    if (column >= lines[line].length - 1) continue;
    // This line starts a block of lines that have a cell in this column.
    writeLines(lines, line0, line, widths, out);
    line0 = line;
    let width = TAB_MIN_WIDTH;
    for (; line < line1; line++) {
      const cells = lines[line];
      if (column >= cells.length - 1) break;
      width = Math.max(width, cells[column].width + TAB_PADDING);
    }
    if (rememberedWidths.length < widths.length) rememberedWidths.push(...widths.slice(rememberedWidths.length));
    if (rememberedWidths.length === widths.length) rememberedWidths.push(width);
    else width = rememberedWidths[column] = Math.max(rememberedWidths[column], width);

    widths.push(width);
    format(lines, line0, line, widths, rememberedWidths, out);
    widths.pop();
    line0 = line;
  }
  writeLines(lines, line0, line1, widths, out);
}

function writeLines(lines: Cell[][], line0: number, line1: number, widths: number[], out: string[]): void {
  for (let i = line0; i < line1; i++) {
    lines[i].forEach((cell, j) => {
      out.push(cell.text);
      if (j < widths.length) out.push(' '.repeat(widths[j] - cell.width));
    });
    // The last line is the one after the final newline: it holds what was written without one.
    if (i + 1 < lines.length) out.push('\n');
  }
}
