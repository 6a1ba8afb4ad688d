// `kubectl get -o json|yaml` output (k8s.io/cli-runtime/pkg/printers json.go, yaml.go).
//
// kubectl prints unstructured objects, i.e. Go maps, so:
//  - JSON is json.MarshalIndent(obj, "", "    ") plus a newline: keys sorted by their bytes,
//    `<`, `>`, `&`, U+2028 and U+2029 escaped as \u003c etc.
//  - YAML is sigs.k8s.io/yaml: the JSON is read back by go-yaml v2 and written by its emitter.
//    Keys are sorted by go-yaml's "natural" order (sorter.go: digit runs compare as numbers,
//    non-letters before letters), strings are quoted only when they would read back as something
//    else (resolve.go) or could not be plain (emitterc.go analyze_scalar), and plain and quoted
//    strings are folded at spaces past column 80, as go-yaml's emitter does by default (kubectl
//    never turns that off: kubernetes/kubernetes#32335).
import { compareGoStrings } from '../api/decode.ts';
import type { KubeObject } from '../api/types.ts';

type Json = null | undefined | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * What `kubectl get` prints for several objects (or a list query): a v1 List of them
 * (k8s.io/kubectl/pkg/cmd/get/get.go printGeneric).
 */
export function asList(items: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}

// ---------------------------------------------------------------------------------------------
// JSON (Go encoding/json)

/** encoding/json appendString, with HTML escaping on as json.Marshal has it. */
function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // a lone surrogate is invalid UTF-8 to Go
    else out += ch;
  }
  return `${out}"`;
}

function jsonValue(value: Json, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  // JavaScript's shortest number formatting matches Go's float64 encoding ('f' below 1e21,
  // exponent form otherwise, "1e-7" cleaned of its leading zero), and integers print alike.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value === 0 ? 0 : value) : 'null';
  if (typeof value === 'string') return goJsonString(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + jsonValue(item, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort(compareGoStrings);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((key) => `${inner}${goJsonString(key)}: ${jsonValue(value[key]!, inner)}`).join(',\n')}\n${indent}}`;
}

/** `kubectl get -o json`: json.MarshalIndent with four spaces, and a trailing newline. */
export function toJson(value: unknown): string {
  return `${jsonValue(value as Json, '')}\n`;
}

// ---------------------------------------------------------------------------------------------
// YAML: which strings need quotes (gopkg.in/yaml.v2 resolve.go, encode.go)

const isLetter = (cp: number) => /\p{L}/u.test(String.fromCodePoint(cp));
const isDigit = (cp: number) => /\p{Nd}/u.test(String.fromCodePoint(cp));

/** gopkg.in/yaml.v2 sorter.go keyList.Less, for string keys. */
function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a].map((c) => c.codePointAt(0)!);
  const br = [...b].map((c) => c.codePointAt(0)!);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]!);
      continue;
    }
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 48 || br[i] === 48) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 48) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10n + BigInt(ar[ai]! - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10n + BigInt(br[bi]! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const resolvesToNonString = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/; // resolve.go
const goIntLiteral = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/; // strconv.ParseInt(s, 0, 64) or ParseUint, or a float past their range
const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/; // encode.go isBase60Float

/** resolve.go parseTimestamp: the YAML 1.1 timestamp forms go-yaml accepts, with valid ranges. */
function isTimestamp(s: string): boolean {
  const match = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(?:Z|[+-]([0-9]{2}):([0-9]{2})))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?))?$/.exec(s);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  const hour = Number(match[4] ?? match[9] ?? 0);
  const minute = Number(match[5] ?? match[10] ?? 0);
  const second = Number(match[6] ?? match[11] ?? 0);
  return hour < 24 && minute < 60 && second < 60 && Number(match[7] ?? 0) <= 24 && Number(match[8] ?? 0) <= 60;
}

/** Whether go-yaml would read the plain scalar `s` back as something other than this string. */
function resolvesAsNonString(s: string): boolean {
  if (resolvesToNonString.has(s)) return true;
  const first = s[0]!;
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!/[-+0-9]/.test(first)) return false;
  if (isTimestamp(s)) return true;
  const plain = s.replaceAll('_', '');
  return goIntLiteral.test(plain) || yamlStyleFloat.test(plain);
}

// ---------------------------------------------------------------------------------------------
// YAML: the emitter (gopkg.in/yaml.v2 emitterc.go), for block mappings and sequences of scalars

const bestIndent = 2; // emitterc.go: best_indent defaults to 2
const bestWidth = 80; // emitterc.go: best_width defaults to 80

const isBreak = (c: string | undefined) => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
/** emitterc.go is_printable, by code point. */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** emitterc.go yaml_emitter_analyze_scalar (block context only: no flow collections are written). */
function analyzeScalar(chars: string[]): ScalarAnalysis {
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  const head = chars.slice(0, 3).join('');
  if (head === '---' || head === '...') blockIndicators = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if (c === ':' && followedByWhitespace) blockIndicators = true;
    else if (c === '#' && precededByWhitespace) blockIndicators = true;
    if (!isPrintable(c)) specialCharacters = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
  }
  const analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) analysis.blockPlainAllowed = false;
  if (trailingSpace) analysis.blockAllowed = false;
  if (breakSpace) {
    analysis.blockPlainAllowed = false;
    analysis.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    analysis.blockPlainAllowed = false;
    analysis.singleQuotedAllowed = false;
    analysis.blockAllowed = false;
  }
  if (lineBreaks || blockIndicators) analysis.blockPlainAllowed = false;
  return analysis;
}

/** emitterc.go yaml_emitter_write_double_quoted_scalar's escapes. */
const doubleQuotedEscapes: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

/** Go's strconv.FormatFloat(f, 'g', -1, 64), as go-yaml writes a float. */
function goFloatG(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  const sign = negative ? '-' : '';
  // With the shortest precision, %e is used when the exponent is < -4 or >= 6 (strconv/ftoa.go).
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const absExponent = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${absExponent}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integer = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${integer}${fraction ? `.${fraction}` : ''}`;
}

/** How go-yaml writes a number it read from kubectl's JSON: an int if it parses as one. */
function goYamlNumber(value: number): string {
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 64) return BigInt(value).toString();
  return goFloatG(value);
}

class GoYamlEmitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  /** Whether the node being emitted is a mapping value (emitter.mapping_context). */
  private mappingContext = false;

  document(value: Json): string {
    this.node(value, false);
    // yaml_emitter_emit_document_end: an implicit end only makes sure the last line is ended.
    this.writeIndent();
    return this.out;
  }

  private put(text: string): void {
    this.out += text;
    this.column += [...text].length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) this.put(' '.repeat(indent - this.column));
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? bestIndent : 0;
    else if (!indentless) this.indent += bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private node(value: Json, mappingContext: boolean): void {
    this.mappingContext = mappingContext;
    if (Array.isArray(value)) this.sequence(value);
    else if (typeof value === 'object' && value !== null) this.mapping(value);
    else this.scalarValue(value, false);
  }

  /** An empty collection is written in flow style: `[]`, `{}`. */
  private emptyCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private sequence(items: Json[]): void {
    if (items.length === 0) return this.emptyCollection('[', ']');
    // A sequence that is a mapping value is not indented under its key.
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item === undefined ? null : item, false);
    }
    this.popIndent();
  }

  private mapping(object: { [key: string]: Json }): void {
    const keys = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
    if (keys.length === 0) return this.emptyCollection('{', '}');
    this.increaseIndent(false, false);
    for (const key of keys) {
      this.writeIndent();
      // yaml_emitter_check_simple_key: a key longer than 128 bytes or spanning lines is complex.
      const simple = Buffer.byteLength(key) <= 128 && !analyzeScalar([...key]).multiline;
      if (simple) {
        this.scalarValue(key, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalarValue(key, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(object[key]!, true);
    }
    this.popIndent();
  }

  private scalarValue(value: null | boolean | number | string | undefined, simpleKey: boolean): void {
    if (typeof value === 'string') {
      // encode.go stringv: the style asked for; the emitter may still override it.
      const requested: ScalarStyle = value.includes('\n') ? 'literal' : resolvesAsNonString(value) || base60Float.test(value) ? 'double' : 'plain';
      return this.scalar(value, requested, simpleKey);
    }
    const text = value === null || value === undefined ? 'null' : typeof value === 'boolean' ? String(value) : goYamlNumber(value);
    this.scalar(text, 'plain', simpleKey);
  }

  /** yaml_emitter_emit_scalar with yaml_emitter_select_scalar_style. */
  private scalar(text: string, requested: ScalarStyle, simpleKey: boolean): void {
    const chars = [...text];
    const analysis = analyzeScalar(chars);
    let style = requested;
    if (simpleKey && analysis.multiline) style = 'double';
    if (style === 'plain' && (!analysis.blockPlainAllowed || (chars.length === 0 && simpleKey))) style = 'single';
    if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !simpleKey;
    if (style === 'plain') this.writePlain(chars, allowBreaks);
    else if (style === 'single') this.writeSingleQuoted(chars, allowBreaks);
    else if (style === 'double') this.writeDoubleQuoted(chars, allowBreaks);
    else this.writeLiteral(chars);
    this.popIndent();
  }

  private writePlain(chars: string[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > bestWidth && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > bestWidth && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c === "'" ? "''" : c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(c) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        const short = doubleQuotedEscapes[cp];
        const hex = cp.toString(16).toUpperCase();
        const escape = short ?? (cp <= 0xff ? `x${hex.padStart(2, '0')}` : cp <= 0xffff ? `u${hex.padStart(4, '0')}` : `U${hex.padStart(8, '0')}`);
        this.put(`\\${escape}`);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > bestWidth && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /** emitterc.go write_break: a newline starts a line; another break character is copied as is. */
  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }

  private writeLiteral(chars: string[]): void {
    this.writeIndicator('|', true, false, false);
    // yaml_emitter_write_block_scalar_hints
    if (chars[0] === ' ' || isBreak(chars[0])) this.writeIndicator(String(bestIndent), false, false, false);
    const last = chars.length - 1;
    if (!isBreak(chars[last])) this.writeIndicator('-', false, false, false);
    else if (last === 0 || isBreak(chars[last - 1])) this.writeIndicator('+', false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** `kubectl get -o yaml` (sigs.k8s.io/yaml Marshal): go-yaml v2's rendering of the object. */
export function toYaml(value: unknown): string {
  return new GoYamlEmitter().document(value as Json);
}
