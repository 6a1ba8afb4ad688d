// kubectl's JSONPath dialect, ported from k8s.io/client-go/util/jsonpath (parser.go, node.go,
// jsonpath.go) together with the `-o jsonpath` printer around it
// (k8s.io/cli-runtime/pkg/printers/jsonpath.go, k8s.io/cli-runtime/pkg/genericclioptions/jsonpath_flags.go).
//
// It runs on the JSON form of objects, as kubectl runs it on unstructured content. Go keeps types
// that JSON does not: apimachinery decodes an integral JSON number to int64 and any other to
// float64 (k8s.io/apimachinery/pkg/util/json), so here an integral JS number is an int64 and any
// other a float64. Where Go iterates a map in random order (the `*` wildcard, `..`), we take the
// keys sorted, the order Go's fmt and encoding/json print them in.

import { Buffer } from 'node:buffer';
import { KubectlError, UserError } from '../errors.ts';

/** An error returned by client-go's jsonpath package, in its Go wording; kubectl's printers wrap it in their own. */
export class JsonPathError extends UserError {
  override readonly name: string = 'JsonPathError';
}

/**
 * An execution error together with the values client-go returns beside it. Only an existence
 * filter (`[?(@.x)]`) looks at them: it keeps an element whenever they are non-empty, even on error.
 */
class EvalFailure extends JsonPathError {
  override readonly name = 'EvalFailure';
  constructor(
    message: string,
    readonly partial: readonly unknown[],
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Nodes (k8s.io/client-go/util/jsonpath/node.go)

interface ListNode {
  type: 'list';
  nodes: Node[];
}

/** One of the three `[start:end:step]` parameters (node.go ParamsEntry). */
interface ParamsEntry {
  value: number;
  known: boolean;
  /** The end of a plain index `[i]`, derived as i+1. */
  derived: boolean;
}

type Node =
  | ListNode
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: readonly [ParamsEntry, ParamsEntry, ParamsEntry] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int' | 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' | 'recursive' }
  | { type: 'union'; nodes: ListNode[] }
  | { type: 'identifier'; name: string };

const newList = (): ListNode => ({ type: 'list', nodes: [] });

// ---------------------------------------------------------------------------------------------
// Parser (k8s.io/client-go/util/jsonpath/parser.go)

const EOF = -1;
const dictKeyRex = /^'([^']*)'$/; // parser.go dictKeyRex
const sliceOperatorRex = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/; // parser.go sliceOperatorRex
// parser.go parseFilter; Go's `.` is written [^\n] because JS's `.` also stops at \r, U+2028, U+2029.
const filterRex = /^([^!<>=]+)([!<>=]+)([^\n]+?)$/;

/** The next parsing step. The Go parser recurses once per token; we trampoline so that no template can exhaust the stack. */
type Step = (() => Step) | undefined;

class Parser {
  readonly root: ListNode = newList();
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(private readonly input: string) {
    let step: Step = () => this.parseText(this.root);
    while (step !== undefined) step = step();
  }

  /** parseAction: parses `{text}` and returns the action's list (used for unions, bracket keys and filters). */
  static parseAction(text: string): ListNode {
    return new Parser(`{${text}}`).root.nodes[0] as ListNode;
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const rune = this.input.codePointAt(this.pos)!;
    this.width = rune > 0xffff ? 2 : 1;
    this.pos += this.width;
    return rune;
  }

  private peek(): number {
    const rune = this.next();
    this.backup();
    return rune;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  /** The code unit two before the cursor: the one before a just-read quote, checked for a backslash. */
  private beforeLast(): string {
    return this.input[this.pos - 2] ?? '';
  }

  private parseText(cur: ListNode): Step {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        return () => this.parseLeftDelim(cur);
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
    return undefined;
  }

  private parseLeftDelim(cur: ListNode): Step {
    this.pos += 1;
    this.consumeText();
    const action = newList();
    cur.nodes.push(action);
    return () => this.parseInsideAction(action);
  }

  private parseInsideAction(cur: ListNode): Step {
    if (this.input.startsWith('}', this.pos)) return () => this.parseRightDelim();
    if (this.input.startsWith('[?(', this.pos)) return () => this.parseFilter(cur);
    if (this.input.startsWith('..', this.pos)) return () => this.parseRecursive(cur);

    const r = this.next();
    if (r === EOF || isEndOfLine(r)) throw new JsonPathError('unclosed action');
    if (r === cp(' ') || r === cp('@') || r === cp('$')) {
      // A space separates tokens; `@` and `$` name the current object, which is where we already are.
      this.consumeText();
    } else if (r === cp('[')) {
      return () => this.parseArray(cur);
    } else if (r === cp('"') || r === cp("'")) {
      return () => this.parseQuote(cur, r);
    } else if (r === cp('.')) {
      return () => this.parseField(cur);
    } else if (r === cp('+') || r === cp('-') || isDigit(r)) {
      this.backup();
      return () => this.parseNumber(cur);
    } else if (isAlphaNumeric(r)) {
      this.backup();
      return () => this.parseIdentifier(cur);
    } else {
      throw new JsonPathError(`unrecognized character in action: ${formatRuneSharpU(r)}`);
    }
    return () => this.parseInsideAction(cur);
  }

  private parseRightDelim(): Step {
    this.pos += 1;
    this.consumeText();
    return () => this.parseText(this.root);
  }

  /** Built-in keywords (`range`, `end`) and the booleans `true` and `false`. */
  private parseIdentifier(cur: ListNode): Step {
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    return () => this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): Step {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) return () => this.parseField(cur);
    return () => this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): Step {
    const sign = this.peek();
    if (sign === cp('+') || sign === cp('-')) this.next();
    for (;;) {
      const r = this.next();
      if (r !== cp('.') && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const int = goAtoi(value);
    if (int !== undefined) cur.nodes.push({ type: 'int', value: int });
    else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value) && Number.isFinite(Number(value))) {
      // strconv.ParseFloat, restricted to what the scanner lets through: signs, digits and dots.
      cur.nodes.push({ type: 'float', value: Number(value) });
    } else throw new JsonPathError(`cannot parse number ${value}`);
    return () => this.parseInsideAction(cur);
  }

  /** `[...]`: an index or slice, a union `[a,b]`, or a quoted key `['key']`. */
  private parseArray(cur: ListNode): Step {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === cp('\n')) throw new JsonPathError('unterminated array');
      if (r === cp(']')) break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';

    const members = text.split(',');
    if (members.length > 1) {
      const union = members.map((member) => Parser.parseAction(`[${member.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return () => this.parseInsideAction(cur);
    }

    const dictKey = dictKeyRex.exec(text);
    if (dictKey !== null) {
      // A quoted key is parsed as a dotted path: ['a.b'] means .a.b, and ['a\.b'] the key "a.b".
      cur.nodes.push(...Parser.parseAction(`.${dictKey[1]}`).nodes);
      return () => this.parseInsideAction(cur);
    }

    const slice = sliceOperatorRex.exec(text);
    if (slice === null) throw new JsonPathError(`invalid array index ${text}`);
    const params: ParamsEntry[] = [];
    for (let i = 0; i < 3; i++) {
      const group = slice[i + 1] ?? '';
      if (group !== '') {
        const digits = i > 0 ? group.slice(1) : group;
        if (i > 0 && digits === '') {
          params.push({ value: 0, known: false, derived: false });
        } else {
          const value = goAtoi(digits);
          if (value === undefined) throw new JsonPathError(`array index ${digits} is not a number`);
          params.push({ value, known: true, derived: false });
        }
      } else if (i === 1) {
        params.push({ value: params[0].value + 1, known: true, derived: true });
      } else {
        params.push({ value: 0, known: false, derived: false });
      }
    }
    cur.nodes.push({ type: 'array', params: [params[0], params[1], params[2]] });
    return () => this.parseInsideAction(cur);
  }

  /** `[?(left op right)]`, or `[?(path)]` testing existence. */
  private parseFilter(cur: ListNode): Step {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    scan: for (;;) {
      const r = this.next();
      switch (r) {
        case EOF:
        case cp('\n'):
          throw new JsonPathError('unterminated filter');
        case cp('"'):
        case cp("'"):
          if (!begin) {
            begin = true;
            pair = r;
            continue;
          }
          if (this.beforeLast() !== '\\' && r === pair) end = true;
          break;
        case cp(')'):
          // Quotes appear at most once, around the right operand, so ")" closes the filter
          // whenever we are not inside them.
          if (begin === end) break scan;
          break;
      }
    }
    if (this.next() !== cp(']')) throw new JsonPathError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const comparison = filterRex.exec(text);
    if (comparison === null) {
      cur.nodes.push({ type: 'filter', left: Parser.parseAction(text), right: newList(), operator: 'exists' });
    } else {
      const left = Parser.parseAction(comparison[1]);
      const right = Parser.parseAction(comparison[3]);
      cur.nodes.push({ type: 'filter', left, right, operator: comparison[2] });
    }
    return () => this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, quote: number): Step {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === cp('\n')) throw new JsonPathError('unterminated quoted string');
      if (r === quote && this.beforeLast() !== '\\') break;
    }
    const value = this.consumeText();
    const text = unquoteExtend(value);
    if (text === undefined) throw new JsonPathError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text });
    return () => this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): Step {
    this.consumeText();
    while (this.advance());
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: value.replaceAll('\\', '') });
    return () => this.parseInsideAction(cur);
  }

  /** Scans one rune of a field name; a backslash escapes the next one (`kubernetes\.io/hostname`). */
  private advance(): boolean {
    const r = this.next();
    if (r === cp('\\')) {
      this.next();
    } else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

const cp = (char: string): number => char.codePointAt(0)!;
const isEndOfLine = (r: number): boolean => r === cp('\r') || r === cp('\n');
const isDigit = (r: number): boolean => r !== EOF && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number): boolean => r === cp('_') || (r !== EOF && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));

/** The characters that end a field name or an identifier (parser.go isTerminator). */
function isTerminator(r: number): boolean {
  return r === EOF || ' \t\r\n.,[]$@{}'.includes(String.fromCodePoint(r));
}

/** strconv.Atoi: an optional sign and ASCII digits, within int64; undefined when Go would return an error. */
function goAtoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return undefined;
  return Number(value);
}

/** The one-letter escapes of strconv.UnquoteChar. */
const simpleEscapes: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * client-go's UnquoteExtend: strconv.Unquote for single- or double-quoted strings, with Go's
 * escapes (\n, \t, \x41, \u00e9, \101, ...). Undefined where Go returns ErrSyntax.
 */
function unquoteExtend(quoted: string): string | undefined {
  const quote = quoted[0];
  if (quoted.length < 2 || quote !== quoted.at(-1) || (quote !== '"' && quote !== "'")) return undefined;
  let s = quoted.slice(1, -1);
  if (!s.includes('\\') && !s.includes(quote)) return s;
  let out = '';
  while (s.length > 0) {
    const c = s[0];
    if (c === quote) return undefined;
    if (c !== '\\') {
      const char = String.fromCodePoint(s.codePointAt(0)!);
      out += char;
      s = s.slice(char.length);
      continue;
    }
    if (s.length <= 1) return undefined;
    const escape = s[1];
    s = s.slice(2);
    if (Object.hasOwn(simpleEscapes, escape)) {
      out += simpleEscapes[escape];
    } else if (escape === 'x' || escape === 'u' || escape === 'U') {
      const length = { x: 2, u: 4, U: 8 }[escape];
      const hex = s.slice(0, length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) return undefined;
      const value = parseInt(hex, 16);
      s = s.slice(length);
      if (escape !== 'x' && (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))) return undefined;
      out += String.fromCodePoint(value);
    } else if (/^[0-7]$/.test(escape)) {
      if (!/^[0-7]{2}/.test(s)) return undefined;
      const value = parseInt(escape + s.slice(0, 2), 8);
      s = s.slice(2);
      if (value > 255) return undefined;
      out += String.fromCodePoint(value);
    } else if (escape === "'" || escape === '"') {
      if (escape !== quote) return undefined;
      out += escape;
    } else {
      return undefined;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Go values

/** reflect.Value{}: what client-go holds after reflect.ValueOf(nil), e.g. in the body of a range over no items. */
const INVALID = Symbol('invalid reflect.Value');

/** A number whose Go type a JSON number cannot carry: template literals (int, float64) and string bytes (uint8). */
class GoNumber {
  constructor(
    readonly value: number,
    readonly goType: 'int' | 'float64' | 'uint8',
  ) {}
}

type Kind = 'invalid' | 'nil' | 'map' | 'slice' | 'string' | 'bool' | 'int' | 'uint' | 'float';

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'nil';
  if (value instanceof GoNumber) return value.goType === 'float64' ? 'float' : value.goType === 'uint8' ? 'uint' : 'int';
  if (Array.isArray(value)) return 'slice';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'object':
      return 'map';
    default:
      return 'invalid';
  }
}

/** The Go type client-go names in its errors, as the value would be typed in unstructured content. */
function goTypeName(value: unknown): string {
  if (value instanceof GoNumber) return value.goType;
  const names: Record<Kind, string> = {
    invalid: 'invalid',
    nil: 'interface {}',
    map: 'map[string]interface {}',
    slice: '[]interface {}',
    string: 'string',
    bool: 'bool',
    int: 'int64',
    uint: 'uint8',
    float: 'float64',
  };
  return names[kindOf(value)];
}

const numberOf = (value: unknown): number => (value instanceof GoNumber ? value.value : (value as number));

/** A map's entries in key order; a key holding undefined is absent, as it would be in JSON. */
function mapEntries(value: unknown): [string, unknown][] {
  return Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A slice's elements; a hole or undefined is the null JSON would give. */
const sliceElements = (value: unknown): unknown[] => Array.from(value as unknown[], (item) => item ?? null);

/** What `value.field` finds: the map entry, or undefined where client-go finds no valid value. */
function mapIndex(value: unknown, key: string): unknown {
  if (kindOf(value) !== 'map' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** The elements `*` and `..` descend into: map values, slice elements, or a string's bytes. */
function children(value: unknown): unknown[] {
  switch (kindOf(value)) {
    case 'map':
      return mapEntries(value).map(([, item]) => item);
    case 'slice':
      return sliceElements(value);
    case 'string':
      return Array.from(Buffer.from(value as string, 'utf8'), (byte) => new GoNumber(byte, 'uint8'));
    default:
      return [];
  }
}

/**
 * fmt's %v (`sharpV` false) or %#v (`sharpV` true) of a value held in an interface{}: how kubectl
 * prints a scalar jsonpath result, a custom-columns cell, and the object in an execution error.
 */
function formatGo(value: unknown, sharpV: boolean, nested = false): string {
  if (value === INVALID) return '<invalid reflect.Value>';
  switch (kindOf(value)) {
    case 'nil':
      return sharpV && nested ? 'interface {}(nil)' : '<nil>';
    case 'string':
      return sharpV ? goQuote(value as string) : (value as string);
    case 'bool':
      return String(value);
    case 'int':
    case 'uint':
      return String(numberOf(value));
    case 'float':
      return formatFloat(numberOf(value));
    case 'slice': {
      const items = sliceElements(value).map((item) => formatGo(item, sharpV, true));
      return sharpV ? `[]interface {}{${items.join(', ')}}` : `[${items.join(' ')}]`;
    }
    case 'map': {
      const items = mapEntries(value).map(([key, item]) => `${sharpV ? goQuote(key) : key}:${formatGo(item, sharpV, true)}`);
      return sharpV ? `map[string]interface {}{${items.join(', ')}}` : `map[${items.join(' ')}]`;
    }
    default:
      return '<invalid reflect.Value>';
  }
}

/** fmt.Sprint of a value found by a jsonpath expression (used by custom-columns, k8s.io/kubectl/pkg/cmd/get/customcolumn.go). */
export function formatGoValue(value: unknown): string {
  return formatGo(value, false);
}

/** strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses: shortest digits, exponent form below 1e-4 and from 1e6. */
function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(f).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  const pointAt = exponent + 1;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const isGoPrint = (char: string): boolean => /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(char);

/** strconv.Quote (fmt's %q). */
function goQuote(text: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  let out = '"';
  for (const char of text) {
    const rune = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (isGoPrint(char)) out += char;
    else if (char in named) out += named[char];
    else if (rune < 0x20 || rune === 0x7f) out += `\\x${rune.toString(16).padStart(2, '0')}`;
    else if (rune >= 0xd800 && rune <= 0xdfff) out += '\ufffd'; // a lone surrogate: Go would hold invalid UTF-8 and print U+FFFD
    else if (rune < 0x10000) out += `\\u${rune.toString(16).padStart(4, '0')}`;
    else out += `\\U${rune.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** fmt's %#U: `U+002A '*'`, without the quoted rune when it is not printable. */
function formatRuneSharpU(rune: number): string {
  const code = `U+${rune.toString(16).toUpperCase().padStart(4, '0')}`;
  const char = String.fromCodePoint(rune);
  return isGoPrint(char) ? `${code} '${char}'` : code;
}

/** encoding/json.Marshal: sorted keys, compact, with <, >, & and U+2028/U+2029 escaped as Go does. */
function marshalJson(value: unknown): string {
  switch (kindOf(value)) {
    case 'string':
      return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    case 'bool':
      return String(value);
    case 'int':
    case 'uint':
    case 'float':
      // encoding/json writes floats in %f form below 1e21 and from 1e-6, in %e form elsewhere, as JS does.
      return String(numberOf(value));
    case 'slice':
      return `[${sliceElements(value).map(marshalJson).join(',')}]`;
    case 'map':
      return `{${mapEntries(value)
        .map(([key, item]) => `${marshalJson(key)}:${marshalJson(item)}`)
        .join(',')}}`;
    default:
      return 'null';
  }
}

// ---------------------------------------------------------------------------------------------
// Comparisons of a filter (k8s.io/client-go/third_party/forked/golang/template/funcs.go)

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string';

function basicKind(value: unknown): BasicKind {
  const kind = kindOf(value);
  if (kind === 'bool' || kind === 'int' || kind === 'uint' || kind === 'float' || kind === 'string') return kind;
  throw new JsonPathError('invalid type for comparison');
}

function goEqual(left: unknown, right: unknown): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 !== k2) {
    // Signed and unsigned integers compare by value; any other mix of types is an error.
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return numberOf(left) === numberOf(right);
    throw new JsonPathError('incompatible types for comparison');
  }
  return k1 === 'string' || k1 === 'bool' ? left === right : numberOf(left) === numberOf(right);
}

function goLess(left: unknown, right: unknown): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return numberOf(left) < 0 || numberOf(left) < numberOf(right);
    if (k1 === 'uint' && k2 === 'int') return numberOf(right) >= 0 && numberOf(left) < numberOf(right);
    throw new JsonPathError('incompatible types for comparison');
  }
  if (k1 === 'bool') throw new JsonPathError('invalid type for comparison');
  // Go compares strings byte by byte, in UTF-8.
  if (k1 === 'string') return Buffer.compare(Buffer.from(left as string), Buffer.from(right as string)) < 0;
  return numberOf(left) < numberOf(right);
}

function compare(operator: string, left: unknown, right: unknown): boolean {
  switch (operator) {
    case '<':
      return goLess(left, right);
    case '>':
      return !(goLess(left, right) || goEqual(left, right));
    case '==':
      return goEqual(left, right);
    case '!=':
      return !goEqual(left, right);
    case '<=':
      return goLess(left, right) || goEqual(left, right);
    case '>=':
      return !goLess(left, right);
    default:
      throw new JsonPathError(`unrecognized filter operator ${operator}`);
  }
}

/** Re-raises a jsonpath error with the values client-go returns beside it at this level. */
function withPartial(error: unknown, partial: readonly unknown[]): unknown {
  return error instanceof JsonPathError ? new EvalFailure(error.message, partial) : error;
}

// ---------------------------------------------------------------------------------------------
// Evaluation (k8s.io/client-go/util/jsonpath/jsonpath.go)

/**
 * A parsed template: client-go's JSONPath. Like client-go's, it keeps range bookkeeping between
 * executions (a template whose `range` ran rewrites its own node list), so kubectl's reuse of one
 * printer for every object of a watch behaves as it does upstream.
 */
export class JsonPath {
  private rootNodes: Node[];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: Node | undefined;

  private constructor(
    root: ListNode,
    private readonly allowMissingKeys: boolean,
  ) {
    this.rootNodes = root.nodes;
  }

  /** jsonpath.New(name).AllowMissingKeys(allow).Parse(template); throws JsonPathError with parser.go's message. */
  static parse(template: string, allowMissingKeys: boolean): JsonPath {
    return new JsonPath(new Parser(template).root, allowMissingKeys);
  }

  /** FindResults: the values of each top-level part of the template, in order; throws JsonPathError. */
  findResults(data: unknown): unknown[][] {
    const cur = [data === null || data === undefined ? INVALID : data];
    const nodes = this.rootNodes;
    const fullResult: unknown[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const results = this.walk(cur, node);

      // An {end} closes the block being executed.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      // A {range} runs the rest of the template once per result, then skips past its {end}.
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) {
            this.rootNodes = nodes.slice(i + 1);
            fullResult.push(...this.findResults(value));
          }
        } else {
          // Without results the body still runs once, on nothing, to find the matching {end}.
          this.rootNodes = nodes.slice(i + 1);
          this.findResults(null);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      fullResult.push(results);
    }
    return fullResult;
  }

  /** Execute: the template's text, each part's results joined by one space; throws JsonPathError. */
  execute(data: unknown): string {
    return this.findResults(data)
      .map((results) => results.map(printResult).join(' '))
      .join('');
  }

  private walk(values: unknown[], node: Node): unknown[] {
    switch (node.type) {
      case 'list':
        return this.evalList(values, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(values, node.name);
      case 'array':
        return evalArray(values, node.params);
      case 'filter':
        return this.evalFilter(values, node);
      case 'int':
        return values.map(() => new GoNumber(node.value, 'int'));
      case 'float':
        return values.map(() => new GoNumber(node.value, 'float64'));
      case 'bool':
        return values.map(() => node.value);
      case 'wildcard':
        return values.flatMap(children);
      case 'recursive':
        return evalRecursive(values);
      case 'union':
        return this.evalUnion(values, node.nodes);
      case 'identifier':
        return this.evalIdentifier(values, node.name);
    }
  }

  private evalList(values: unknown[], list: ListNode): unknown[] {
    let current = values;
    for (const node of list.nodes) current = this.walk(current, node);
    return current;
  }

  private evalIdentifier(input: unknown[], name: string): unknown[] {
    switch (name) {
      case 'range':
        this.beginRange++;
        return input;
      case 'end':
        if (this.inRange > 0) {
          this.endRange++;
          return [];
        }
        throw new EvalFailure('not in range, nothing to end', []);
      default:
        throw new EvalFailure(`unrecognized identifier ${name}`, input);
    }
  }

  private evalUnion(input: unknown[], lists: ListNode[]): unknown[] {
    const result: unknown[] = [];
    for (const list of lists) {
      try {
        result.push(...this.evalList(input, list));
      } catch (error) {
        throw withPartial(error, input);
      }
    }
    return result;
  }

  private evalField(input: unknown[], name: string): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      const found = mapIndex(value, name);
      if (found !== undefined) results.push(found);
    }
    if (results.length === 0 && input.length > 0 && !this.allowMissingKeys) throw new EvalFailure(`${name} is not found`, []);
    return results;
  }

  private evalFilter(input: unknown[], node: Extract<Node, { type: 'filter' }>): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) throw new EvalFailure(`${formatGo(value, false)} is not array or slice and cannot be filtered`, input);
      for (const element of sliceElements(value)) {
        let lefts: readonly unknown[];
        let leftError: unknown;
        try {
          lefts = this.evalList([element], node.left);
        } catch (error) {
          if (!(error instanceof EvalFailure)) throw error;
          lefts = error.partial;
          leftError = error;
        }
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push(element);
          continue;
        }
        if (leftError !== undefined) throw withPartial(leftError, input);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new EvalFailure('can only compare one element at a time', input);

        let rights: unknown[];
        try {
          rights = this.evalList([element], node.right);
        } catch (error) {
          throw withPartial(error, input);
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new EvalFailure('can only compare one element at a time', input);

        let pass: boolean;
        try {
          pass = compare(node.operator, lefts[0], rights[0]);
        } catch (error) {
          throw withPartial(error, results);
        }
        if (pass) results.push(element);
      }
    }
    return results;
  }
}

function evalArray(input: unknown[], params: readonly [ParamsEntry, ParamsEntry, ParamsEntry]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    // A null has nothing to index; so has reflect.Value{}, on which client-go would panic.
    if (value === null || value === undefined || value === INVALID) continue;
    if (!Array.isArray(value)) throw new EvalFailure(`${goTypeName(value)} is not array or slice`, input);
    const length = value.length;
    let start = params[0].known ? params[0].value : 0;
    if (start < 0) start += length;
    let end = params[1].known ? params[1].value : length;
    if (end < 0 || (end === 0 && params[1].derived)) end += length;

    // Asking for no elements is allowed, even out of bounds; it also ends the evaluation of the input.
    if (end === start) return result;
    if (start >= length || start < 0) throw new EvalFailure(`array index out of bounds: index ${start}, length ${length}`, input);
    if (end > length || end < 0) throw new EvalFailure(`array index out of bounds: index ${end - 1}, length ${length}`, input);
    if (start > end) throw new EvalFailure(`starting index ${start} is greater than ending index ${end}`, input);

    const slice = sliceElements(value).slice(start, end);
    let step = 1;
    if (params[2].known) {
      if (params[2].value <= 0) throw new EvalFailure('step must be > 0', input);
      step = params[2].value;
    }
    for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
  }
  return result;
}

/** `..`: every value that has children, each followed by its descendants that have some. */
function evalRecursive(input: unknown[]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    const items = children(value);
    if (items.length > 0) result.push(value, ...evalRecursive(items));
  }
  return result;
}

/** PrintResults for one result: maps and slices as JSON, anything else as fmt prints it. */
function printResult(value: unknown): string {
  const kind = kindOf(value);
  if (kind === 'map' || kind === 'slice') return marshalJson(value);
  // template.PrintableValue turns reflect.Value{} (a null range item, say) into "<no value>".
  return value === INVALID ? '<no value>' : formatGo(value, false);
}

// ---------------------------------------------------------------------------------------------
// The `-o jsonpath=...` printer

/** A `-o jsonpath` template, ready to print objects. */
export interface CompiledJsonPath {
  /**
   * What kubectl prints for `data` (an object, or a `kind: List` holding the items): no trailing
   * newline is added. Throws KubectlError with kubectl's `error executing jsonpath` message.
   */
  execute(data: unknown): string;
}

/**
 * The printer kubectl builds for `-o jsonpath=<template>` (the caller has stripped the shell
 * quotes). kubectl takes the template as it is: without braces it is plain text, so
 * `-o jsonpath=.items[0]` prints `.items[0]`. Missing keys print nothing, as with kubectl's
 * default `--allow-missing-template-keys=true`. Throws KubectlError with kubectl's wording
 * (`error: error parsing jsonpath <template>, <reason>`); a KubectlError message is what kubectl
 * writes to stderr, which appends a newline when the message lacks one.
 */
export function compileJsonPath(template: string, options: { allowMissingKeys?: boolean } = {}): CompiledJsonPath {
  if (template === '') throw new KubectlError('error: template format specified but no template given'); // jsonpath_flags.go
  let jsonPath: JsonPath;
  try {
    jsonPath = JsonPath.parse(template, options.allowMissingKeys ?? true);
  } catch (error) {
    if (error instanceof JsonPathError) throw new KubectlError(`error: error parsing jsonpath ${template}, ${error.message}`);
    throw error;
  }
  return {
    execute(data: unknown): string {
      try {
        return jsonPath.execute(data);
      } catch (error) {
        if (!(error instanceof JsonPathError)) throw error;
        // k8s.io/cli-runtime/pkg/printers/jsonpath.go PrintObj
        const debug =
          `Error executing template: ${error.message}. Printing more information for debugging the template:\n` +
          `\ttemplate was:\n\t\t${template}\n` +
          `\tobject given to jsonpath engine was:\n\t\t${formatGo(data, true)}\n\n`;
        throw new KubectlError(`error: error executing jsonpath ${goQuote(template)}: ${debug}\n`);
      }
    },
  };
}
