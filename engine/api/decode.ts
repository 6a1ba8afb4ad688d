// The apiserver's strict decoding of a request body, as kubectl ≥1.27 asks for it by default
// (`--validate=strict` sends `fieldValidation=Strict`). The body is the JSON kubectl marshals from
// the manifest, decoded into the Go struct of the kind by sigs.k8s.io/json's UnmarshalStrict.
//
// What the decoder reports, and in which order, follows from how it works:
//  - kubectl marshals a Go map, so object keys arrive sorted (byte order) and are visited so;
//  - a value of the wrong JSON type is remembered (only the first) and decoding goes on
//    (encoding/json saveError), but an error from a type's own UnmarshalJSON (Quantity, Time,
//    IntOrString) ends decoding at once and is the one returned;
//  - unknown fields are collected (deduplicated, at most 100) and reported only when decoding
//    otherwise succeeded (k8s.io/apimachinery/pkg/runtime/serializer/json/json.go).
// The apiserver wraps the error as BadRequest in transformDecodeError
// (k8s.io/apiserver/pkg/endpoints/handlers/create.go):
//   `<Kind> in version "<version>" cannot be handled as a <Kind>: <error>`
//
// The returned object is what the apiserver would store: null fields dropped, quantities and
// times in the canonical form their Go types marshal to.
import { ApiError, EngineError, UserError } from '../errors.ts';
import type { KubeObject } from './types.ts';
import { goTypeName, rootSchema, structSchema, type FieldType, type StructSchema } from './schema.ts';
import { civilFromDays, daysFromCivil, daysInMonth } from '../clock.ts';
import { canonicalQuantity as canonical, QuantityError } from './quantity.ts';

/**
 * The kind and version the body is decoded as. The apiserver takes both from the body itself
 * (runtime.Serializer Decode), which is what they default to.
 */
export interface DecodeContext {
  kind?: string;
  /** The version without its group: `v1` for apps/v1. */
  version?: string;
  /**
   * The request's fieldValidation (kubectl --validate=strict|warn|false sends Strict, Warn or
   * Ignore). Unknown fields fail the request, become warnings, or are silently dropped.
   */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Receives the apiserver's warnings (`unknown field "spec.foo"`) under Warn. */
  warnings?: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A decoding error that stops at once (an UnmarshalJSON method failed), or the decoder's final
 * error. decodeStrict turns it into the apiserver's BadRequest; canonicalQuantity lets it through.
 */
class FatalDecodeError extends UserError {
  /** The field whose value could not be decoded, when it is known: for our location line, not the message. */
  field?: string;
}

/** Orders strings by their UTF-8 bytes, as Go's sort of map keys does (encoding/json encode.go). */
export function compareGoStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function sortedKeys(object: { [key: string]: Json }): string[] {
  return Object.keys(object).sort(compareGoStrings);
}

/** How encoding/json names a JSON value in UnmarshalTypeError (integer targets add the literal: "number 1.5"). */
function jsonKind(value: Json): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

class StrictDecoder {
  /** The first json.UnmarshalTypeError met (encoding/json decodeState.savedError). */
  private savedError: string | undefined;
  private readonly strictErrors: string[] = [];
  /** encoding/json errorContext: the innermost struct and the json names leading to the field. */
  private struct: string | undefined;
  private readonly fieldStack: string[] = [];
  /** The path strict errors print: `spec.template.spec.containers[0].foo`. */
  private strictPath = '';

  decodeRoot(schema: StructSchema, body: Json, ctx: DecodeContext): KubeObject {
    const decoded = this.value(body, { kind: 'struct', name: schema.name });
    if (this.savedError) throw new FatalDecodeError(this.savedError);
    const validation = ctx.fieldValidation ?? 'Strict';
    if (this.strictErrors.length > 0 && validation === 'Strict') throw new FatalDecodeError(`strict decoding error: ${this.strictErrors.join(', ')}`);
    // Under Warn each unknown field becomes a warning header (apiserver handlers/rest.go).
    if (validation === 'Warn') ctx.warnings?.push(...this.strictErrors);
    return decoded as KubeObject;
  }

  private typeError(value: string, goType: string): void {
    // encoding/json UnmarshalTypeError.Error(), with the context addErrorContext fills in.
    if (this.savedError !== undefined) return;
    this.savedError =
      this.struct === undefined
        ? `json: cannot unmarshal ${value} into Go value of type ${goType}`
        : `json: cannot unmarshal ${value} into Go struct field ${this.struct}.${this.fieldStack.join('.')} of type ${goType}`;
  }

  /** The same error, returned by an UnmarshalJSON method: it ends decoding (it gets the context too). */
  private fatalTypeError(value: string, goType: string): never {
    const saved = this.savedError;
    this.savedError = undefined;
    this.typeError(value, goType);
    const message = this.savedError!;
    this.savedError = saved;
    throw new FatalDecodeError(message);
  }

  /** Decodes `value` as `type`; returns what the stored object holds, undefined to drop it. */
  private value(value: Json, type: FieldType): Json | undefined {
    // JSON null leaves every Go value at its zero value without an error.
    if (value === null) return undefined;
    switch (type.kind) {
      case 'raw':
        return value;
      case 'string':
      case 'bool':
      case 'int':
        return this.scalar(value, type);
      case 'intOrString':
        return this.intOrString(value);
      case 'quantity':
        try {
          return canonicalQuantity(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
        } catch (error) {
          if (error instanceof FatalDecodeError) error.field ??= this.strictPath;
          throw error;
        }
      case 'time':
        if (typeof value !== 'string') this.fatalTypeError(jsonKind(value), 'string');
        return normalizeTime(value, type.micro);
      case 'array':
        if (!Array.isArray(value)) return this.mismatch(value, type);
        return value.map((item, index) => {
          const outer = this.strictPath;
          this.strictPath = `${outer}[${index}]`;
          const decoded = this.value(item, type.of);
          this.strictPath = outer;
          return decoded === undefined ? zeroValue(type.of) : decoded;
        });
      case 'map':
        if (typeof value !== 'object' || Array.isArray(value)) return this.mismatch(value, type);
        return Object.fromEntries(
          sortedKeys(value).map((key) => {
            const decoded = this.value(value[key]!, type.of);
            return [key, decoded === undefined ? zeroValue(type.of) : decoded];
          }),
        );
      case 'struct':
        if (typeof value !== 'object' || Array.isArray(value)) return this.mismatch(value, type);
        return this.struct_(value, structSchema(type.name)!);
    }
  }

  private scalar(value: Json, type: FieldType & { kind: 'string' | 'bool' | 'int' }): Json | undefined {
    if (type.kind === 'string' && typeof value === 'string') return value;
    if (type.kind === 'bool' && typeof value === 'boolean') return value;
    if (type.kind === 'int' && typeof value === 'number') {
      // encoding/json literalStore: strconv.ParseInt of the literal, then OverflowInt.
      const limit = 2 ** (type.bits - 1);
      if (Number.isInteger(value) && Math.abs(value) < 1e21 && value >= -limit && value < limit) return value;
      this.typeError(`number ${value}`, goTypeName(type));
      return undefined;
    }
    return this.mismatch(value, type);
  }

  private mismatch(value: Json, type: FieldType): undefined {
    this.typeError(jsonKind(value), goTypeName(type));
    return undefined;
  }

  /** intstr.IntOrString.UnmarshalJSON: a string, or json.Unmarshal into its int32. */
  private intOrString(value: Json): Json {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') {
      if (Number.isInteger(value) && Math.abs(value) < 1e21 && value >= -(2 ** 31) && value < 2 ** 31) return value;
      this.fatalTypeError(`number ${value}`, 'int32');
    }
    this.fatalTypeError(jsonKind(value), 'int32');
  }

  private struct_(value: { [key: string]: Json }, schema: StructSchema): Json {
    const out: { [key: string]: Json } = {};
    const outerStruct = this.struct;
    const outerPath = this.strictPath;
    for (const key of sortedKeys(value)) {
      const fieldType = schema.fields.get(key);
      const path = outerPath === '' ? key : `${outerPath}.${key}`;
      if (!fieldType) {
        this.strictError(`unknown field ${JSON.stringify(path)}`);
        continue;
      }
      this.fieldStack.push(key);
      this.struct = schema.name;
      this.strictPath = path;
      const decoded = this.value(value[key]!, fieldType);
      this.fieldStack.pop();
      this.struct = outerStruct;
      this.strictPath = outerPath;
      if (decoded !== undefined) out[key] = decoded;
    }
    return out;
  }

  /** sigs.k8s.io/json saveStrictError: deduplicated, at most 100. */
  private strictError(message: string): void {
    if (this.strictErrors.length < 100 && !this.strictErrors.includes(message)) this.strictErrors.push(message);
  }
}

/** The Go zero value a null array element or map value becomes. */
function zeroValue(type: FieldType): Json {
  switch (type.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'intOrString':
      return 0;
    case 'quantity':
      return '0';
    case 'array':
    case 'raw':
    case 'time':
      return null;
    case 'map':
    case 'struct':
      return {};
  }
}

/**
 * Decodes a manifest body as the apiserver does for `fieldValidation=Strict` and returns the
 * object it would store. Throws ApiError('BadRequest') with the apiserver's message otherwise.
 */
export function decodeStrict(doc: unknown, ctx: DecodeContext = {}): KubeObject {
  const body = (typeof doc === 'object' && doc !== null ? doc : {}) as { kind?: unknown; apiVersion?: unknown };
  const kind = ctx.kind ?? String(body.kind);
  const version = ctx.version ?? String(body.apiVersion).split('/').at(-1);
  const schema = rootSchema(kind);
  if (!schema) throw new EngineError(`decodeStrict: no schema for kind ${kind}`);
  try {
    return new StrictDecoder().decodeRoot(schema, doc as Json, ctx);
  } catch (error) {
    if (!(error instanceof FatalDecodeError)) throw error;
    // k8s.io/apiserver/pkg/endpoints/handlers/create.go transformDecodeError
    const refusal = new ApiError('BadRequest', `${kind} in version "${version}" cannot be handled as a ${kind}: ${error.message}`, 400);
    refusal.field = error.field;
    throw refusal;
  }
}

// ---------------------------------------------------------------------------------------------
// resource.Quantity (engine/api/quantity.ts): a string that is not a quantity stops the decode.

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

export function canonicalQuantity(input: string): string {
  try {
    return canonical(input);
  } catch (e) {
    if (e instanceof QuantityError) throw new FatalDecodeError(e.message);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// metav1.Time / metav1.MicroTime: time.Parse with RFC 3339 layouts (Go src/time/format.go)

const rfc3339Layout = '2006-01-02T15:04:05Z07:00'; // time.RFC3339
const rfc3339MicroLayout = '2006-01-02T15:04:05.000000Z07:00'; // metav1 RFC3339Micro

/** Go's time.quote: a double-quoted string. */
function goQuote(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

const layoutChunks = {
  time: ['2006', '-', '01', '-', '02', 'T', '15', ':', '04', ':', '05', 'Z07:00'],
  micro: ['2006', '-', '01', '-', '02', 'T', '15', ':', '04', ':', '05', '.000000', 'Z07:00'],
};

/**
 * Parses an RFC 3339 time as time.Parse does and returns it as the Go type marshals it: in UTC,
 * to the second (Time) or microsecond (MicroTime). Errors carry time.ParseError's text.
 */
function normalizeTime(input: string, micro: boolean): string | undefined {
  const layout = micro ? rfc3339MicroLayout : rfc3339Layout;
  const fail = (valueElem: string, layoutElem: string): never => {
    throw new FatalDecodeError(`parsing time ${goQuote(input)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`);
  };
  const outOfRange = (what: string): never => {
    throw new FatalDecodeError(`parsing time ${goQuote(input)}: ${what} out of range`);
  };
  /** time.getnum: one or two digits; `fixed` demands two. */
  const getnum = (s: string, fixed: boolean): [number, string] | undefined => {
    if (!isDigit(s[0] ?? '')) return undefined;
    if (!isDigit(s[1] ?? '')) return fixed ? undefined : [Number(s[0]), s.slice(1)];
    return [Number(s.slice(0, 2)), s.slice(2)];
  };
  let rest = input;
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, nanos: 0, offsetSeconds: 0 };
  for (const chunk of micro ? layoutChunks.micro : layoutChunks.time) {
    const hold = rest;
    switch (chunk) {
      case '2006': {
        if (rest.length < 4 || !/^[0-9]{4}/.test(rest)) fail(hold, chunk);
        fields.year = Number(rest.slice(0, 4));
        rest = rest.slice(4);
        break;
      }
      case '01':
      case '02':
      case '15':
      case '04':
      case '05': {
        const parsed = getnum(rest, chunk !== '15') ?? fail(hold, chunk);
        const [n, after] = parsed;
        rest = after;
        if (chunk === '01') {
          if (n < 1 || n > 12) outOfRange('month');
          fields.month = n;
        } else if (chunk === '02') fields.day = n;
        else if (chunk === '15') {
          if (n >= 24) outOfRange('hour');
          fields.hour = n;
        } else if (chunk === '04') {
          if (n >= 60) outOfRange('minute');
          fields.minute = n;
        } else {
          if (n >= 60) outOfRange('second');
          fields.second = n;
          // A fractional second the layout does not ask for is still accepted (format.go).
          const fraction = micro ? null : /^[.,]([0-9]+)/.exec(rest);
          if (fraction) {
            fields.nanos = Number(fraction[1]!.slice(0, 9).padEnd(9, '0'));
            rest = rest.slice(fraction[0].length);
          }
        }
        break;
      }
      case '.000000': {
        const fraction = /^[.,]([0-9]{6})/.exec(rest) ?? fail(hold, chunk);
        fields.nanos = Number(fraction[1]) * 1000;
        rest = rest.slice(7);
        break;
      }
      case 'Z07:00': {
        if (rest[0] === 'Z') {
          rest = rest.slice(1);
          break;
        }
        if (rest.length < 6 || rest[3] !== ':' || (rest[0] !== '+' && rest[0] !== '-')) fail(hold, chunk);
        const hours = getnum(rest.slice(1, 3), true) ?? fail(hold, chunk);
        const minutes = getnum(rest.slice(4, 6), true) ?? fail(hold, chunk);
        if (hours[0] > 24) outOfRange('time zone offset hour');
        if (minutes[0] > 60) outOfRange('time zone offset minute');
        fields.offsetSeconds = (rest[0] === '-' ? -1 : 1) * (hours[0] * 3600 + minutes[0] * 60);
        rest = rest.slice(6);
        break;
      }
      default: {
        // A literal separator of the layout.
        if (!rest.startsWith(chunk)) fail(rest, chunk);
        rest = rest.slice(chunk.length);
      }
    }
  }
  if (rest.length > 0) throw new FatalDecodeError(`parsing time ${goQuote(input)}: extra text: ${goQuote(rest)}`);
  if (fields.day < 1 || fields.day > daysInMonth(fields.year, fields.month)) outOfRange('day');
  const epochSeconds =
    daysFromCivil(fields.year, fields.month, fields.day) * 86400 + fields.hour * 3600 + fields.minute * 60 + fields.second - fields.offsetSeconds;
  const days = Math.floor(epochSeconds / 86400);
  const secondOfDay = epochSeconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const clock = `${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor(secondOfDay / 60) % 60)}:${pad(secondOfDay % 60)}`;
  const fraction = micro ? `.${pad(Math.floor(fields.nanos / 1000), 6)}` : '';
  const formatted = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${clock}${fraction}Z`;
  // The zero time marshals as null (metav1 Time.MarshalJSON), which the stored object omits.
  return formatted.startsWith('0001-01-01T00:00:00') ? undefined : formatted;
}
