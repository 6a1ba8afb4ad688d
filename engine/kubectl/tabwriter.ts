// A port of Go's text/tabwriter (src/text/tabwriter/tabwriter.go), limited to the way kubectl
// drives it: padchar ' ', cells terminated by '\t' (or '\v') and lines by '\n' (or '\f', which
// also flushes). kubectl get and custom-columns use the liggitt/tabwriter fork with RememberWidths
// (k8s.io/cli-runtime/pkg/printers/tabwriter.go): after a flush (a line with a single cell, as a
// value holding a newline makes), a column is never laid out narrower than it was before.
// kubectl describe uses the standard tabwriter, which forgets widths at a flush.

export interface TabwriterOptions {
  /** Minimal cell width including any padding. */
  minWidth: number;
  /** Width of a tab character; unused with padchar ' ' but kept to mirror Go's Init. */
  tabWidth: number;
  /** Padding added to a cell before computing its width. */
  padding: number;
  /** liggitt/tabwriter's RememberWidths flag. */
  rememberWidths: boolean;
}

/** kubectl get tables: GetNewTabWriter. */
// k8s.io/cli-runtime/pkg/printers/tabwriter.go
export const GET_TABWRITER_OPTIONS: TabwriterOptions = { minWidth: 6, tabWidth: 4, padding: 3, rememberWidths: true };

/** kubectl describe: tabbedString. */
// k8s.io/kubectl/pkg/describe/describe.go
export const DESCRIBE_TABWRITER_OPTIONS: TabwriterOptions = { minWidth: 0, tabWidth: 8, padding: 2, rememberWidths: false };

interface Cell {
  text: string;
  /** Width in Unicode code points, as Go counts runes. */
  width: number;
}

function runeCount(text: string): number {
  // Without surrogates (nearly every cell), each UTF-16 unit is one code point: no array needed.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return Array.from(text).length;
  }
  return text.length;
}

/**
 * Aligns tab-terminated cells the way a Go tabwriter does. A column block is a run of consecutive
 * lines that all have a tab-terminated cell in that column; the text after a line's last tab is
 * not part of any column. A line without any tab ends every open block (Go flushes there).
 */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const output: string[] = [];
  let lines: Cell[][] = [[]];
  let widths: number[] = [];
  const remembered: number[] = [];

  // Writes lines [line0, line1) with the column widths known so far; the last buffered line has
  // no newline of its own (it holds the text after the final '\n', if any).
  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      line.forEach((cell, j) => {
        output.push(cell.text);
        if (j < widths.length) output.push(' '.repeat(widths[j]! - cell.width));
      });
      if (i + 1 < lines.length) output.push('\n');
    }
  };

  // Go's recursive format(): finds the block of lines that share the next column, computes its
  // width, and formats the columns to its right within that block before moving on.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = opts.minWidth;
      for (; current < line1; current++) {
        const line = lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + opts.padding);
      }
      if (opts.rememberWidths) {
        // liggitt/tabwriter: a column's remembered width only grows.
        if (remembered.length < widths.length) remembered.push(...widths.slice(remembered.length));
        if (remembered.length === widths.length) remembered.push(width);
        else width = remembered[column] = Math.max(remembered[column]!, width);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  const flush = (): void => {
    format(0, lines.length);
    lines = [[]];
    widths = [];
  };

  let cellStart = 0;
  for (let i = 0; i < text.length; i++) {
    // '\t', '\n', '\v', '\f' are 9, 10, 11, 12: one range check for every other character.
    const code = text.charCodeAt(i);
    if (code < 9 || code > 12) continue;
    const ch = text[i];
    const cellText = text.slice(cellStart, i);
    const line = lines[lines.length - 1]!;
    line.push({ text: cellText, width: runeCount(cellText) });
    cellStart = i + 1;
    if (ch === '\n' || ch === '\f') {
      lines.push([]);
      // A line with a single cell cannot affect the alignment of later lines, so Go flushes; so
      // does a form feed.
      if (ch === '\f' || line.length === 1) flush();
    }
  }
  const rest = text.slice(cellStart);
  if (rest.length > 0) lines[lines.length - 1]!.push({ text: rest, width: runeCount(rest) });
  flush();
  return output.join('');
}
