// How deeply a YAML document nests, counted as go-yaml v2's scanner counts it: open flow
// collections (`[`, `{`) and open block collections (each deeper indentation, each `- ` on a line)
// separately (gopkg.in/yaml.v2 scannerc.go yaml_parser_increase_flow_level and
// yaml_parser_roll_indent). go-yaml refuses a document once either passes 10,000.
//
// js-yaml's parser recurses once per level and runs out of JavaScript stack at about 1,600 levels,
// so the manifest reader lets it parse a bounded depth and uses this scan, for deeper input only,
// to tell whether go-yaml would have refused it too. The scan is linear and approximate where YAML
// is subtle (plain scalars spanning lines), which is harmless for input thousands of levels deep.

/** gopkg.in/yaml.v2 scannerc.go max_flow_level and max_indents. */
export const GO_YAML_MAX_DEPTH = 10_000;

/**
 * The 0-based line on which the flow nesting or the block indentation of `text` first exceeds
 * `limit`, or undefined if it never does.
 */
export function lineExceedingDepth(text: string, limit: number): number | undefined {
  const lines = text.split('\n');
  const indents: number[] = [];
  let flowDepth = 0;
  let quote: '"' | "'" | undefined;
  /** Indentation of the line that opened a block scalar (`|`, `>`), while inside one. */
  let blockScalarParent: number | undefined;
  const roll = (column: number): boolean => {
    if (indents.length === 0 || column > indents.at(-1)!) indents.push(column);
    return indents.length > limit;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const content = line.trimStart();
    const column = line.length - content.length;
    if (blockScalarParent !== undefined) {
      if (content === '' || column > blockScalarParent) continue;
      blockScalarParent = undefined;
    }
    let start = 0;
    if (flowDepth === 0 && quote === undefined && content !== '' && !content.startsWith('#')) {
      while (indents.length > 0 && indents.at(-1)! > column) indents.pop();
      // Block indicators at the start of a line each open a collection one level deeper.
      let p = column;
      while (/^[-?:](?: |$)/.test(line.slice(p, p + 2))) {
        if (roll(p)) return n;
        p += 1;
        while (line[p] === ' ') p++;
      }
      if (hasSimpleKey(line.slice(p)) && roll(p)) return n;
      if (/(?:^|[:\-?]\s)[|>][-+0-9]*\s*(?:#.*)?$/.test(line.slice(column))) blockScalarParent = column;
      start = p;
    }
    for (let i = start; i < line.length; i++) {
      const c = line[i]!;
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = undefined;
      } else if (quote === "'") {
        if (c === "'" && line[i + 1] === "'") i++;
        else if (c === "'") quote = undefined;
      } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
        break;
      } else if (c === '"' || c === "'") {
        if (startsToken(line, i, flowDepth)) quote = c;
      } else if (c === '[' || c === '{') {
        if (flowDepth > 0 || startsToken(line, i, flowDepth)) {
          flowDepth++;
          if (flowDepth > limit) return n;
        }
      } else if ((c === ']' || c === '}') && flowDepth > 0) {
        flowDepth--;
      }
    }
  }
  return undefined;
}

/** Whether a character begins a token: at the start of a value, after an indicator or, in flow, after `[`, `{` or `,`. */
function startsToken(line: string, i: number, flowDepth: number): boolean {
  const before = line.slice(0, i).trimEnd();
  const previous = before.at(-1);
  return previous === undefined || ':-?'.includes(previous) || (flowDepth > 0 && '[{,'.includes(previous));
}

/** Whether the rest of a line is `key: …` (a simple key, plain or quoted). */
function hasSimpleKey(rest: string): boolean {
  if (rest === '' || '[{#'.includes(rest[0]!)) return false;
  let quote: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (i === 0 && (c === '"' || c === "'")) quote = c;
    else if (c === '#' && /\s/.test(rest[i - 1] ?? ' ')) return false;
    else if (c === ':' && (i + 1 === rest.length || rest[i + 1] === ' ')) return true;
  }
  return false;
}
