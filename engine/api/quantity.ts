// resource.Quantity (k8s.io/apimachinery/pkg/api/resource/quantity.go, suffix.go): the one exact
// parser and formatter of quantities, shared by the decoder (canonical forms), validation
// (requests and limits), defaulting, describe and the scheduler's sums.
import { UserError } from '../errors.ts';

export const QUANTITY_FORMAT_WRONG = `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`; // quantity.go ErrFormatWrong
const QUANTITY_NUMERIC = 'unable to parse numeric part of quantity'; // quantity.go ErrNumeric
const QUANTITY_SUFFIX = "unable to parse quantity's suffix"; // quantity.go ErrSuffix

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** A quantity is `value × 10^scale`, remembered with the suffix family it was written in. */
export interface Quantity {
  readonly value: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  /** The input itself when it already was canonical (quantity.go keeps it in Quantity.s). */
  readonly cached?: string;
}

/** A string that is not a quantity; the message is quantity.go's error. */
export class QuantityError extends UserError {}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }; // suffix.go
const BINARY_SUFFIXES: Record<string, number> = { '': 0, Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }; // suffix.go
const DECIMAL_SUFFIX_OF: Record<number, string> = Object.fromEntries(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_SUFFIX_OF = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const MAX_INT64 = 2n ** 63n - 1n;

/** quantity.go parseQuantityString: splits sign, numerator (leading zeros stripped), denominator and suffix. */
function splitQuantity(str: string): { positive: boolean; value: string; num: string; denom: string; suffix: string } {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i]!)) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  // If every numerator digit was a stripped zero, the numerator is 0.
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i]!)) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos]!)) pos++;
  // A character that is neither a suffix letter nor an exponent digit.
  if (pos < end) throw new QuantityError(QUANTITY_FORMAT_WRONG);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** suffix.go interpret: the base, exponent and format a suffix stands for. */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  throw new QuantityError(QUANTITY_SUFFIX);
}

/**
 * quantity.go ParseQuantity, after the TrimSpace of Quantity.UnmarshalJSON. Throws a
 * QuantityError with the upstream message. Values are rounded up to nano units, as upstream does.
 */
export function parseQuantity(input: string | number): Quantity {
  const str = String(input).trim();
  if (str.length === 0) throw new QuantityError(QUANTITY_FORMAT_WRONG);
  if (str === '0') return { value: 0n, scale: 0, format: 'DecimalSI', cached: '0' };
  const { positive, value, num, denom, suffix } = splitQuantity(str);
  const { base, exponent, format } = interpretSuffix(suffix);
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length); // quantity.go maxInt64Factors
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const parsed = BigInt(shifted);
      if (parsed > MAX_INT64) throw new QuantityError(QUANTITY_NUMERIC);
      const result = parsed * mantissa;
      if (result <= MAX_INT64) {
        // If the number is in canonical form, the string is kept.
        const cached =
          format === 'BinarySI'
            ? exponent % 10 === 0 && (parsed & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        const q = { value: positive ? result : -result, scale, format };
        return cached ? { ...q, cached: str } : q;
      }
    }
  }
  // The arbitrary-precision path (inf.Dec): exact, then rounded up to nano units.
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new QuantityError(QUANTITY_NUMERIC);
  let unscaled = BigInt(`${match[2]}${match[3] ?? ''}` || '0');
  let exponent10 = -(match[3] ?? '').length;
  if (base === 10) exponent10 += exponent;
  else unscaled *= 1n << BigInt(exponent);
  if (exponent10 < -9 && unscaled !== 0n) {
    const divisor = 10n ** BigInt(-9 - exponent10);
    unscaled = (unscaled + divisor - 1n) / divisor;
    exponent10 = -9;
  }
  let finalFormat = format;
  if (format === 'BinarySI') {
    if (compareQuantities({ value: unscaled, scale: exponent10, format }, { value: MAX_INT64, scale: 0, format }) > 0) {
      unscaled = MAX_INT64;
      exponent10 = 0;
    }
    if (unscaled !== 0n && compareQuantities({ value: unscaled, scale: exponent10, format }, { value: 1n, scale: 0, format }) < 0) finalFormat = 'DecimalSI';
  }
  return { value: match[1] === '-' ? -unscaled : unscaled, scale: exponent10, format: finalFormat };
}

/** Quantity.RoundUp(scale): rounds away from zero to the given power of ten. */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  if (q.scale >= scale) return q;
  const factor = 10n ** BigInt(scale - q.scale);
  let value = q.value / factor;
  if (value * factor !== q.value) value += q.value < 0n ? -1n : 1n;
  return { value, scale, format: q.format };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const scale = Math.min(a.scale, b.scale);
  const av = a.value * 10n ** BigInt(a.scale - scale);
  const bv = b.value * 10n ** BigInt(b.scale - scale);
  return av < bv ? -1 : av > bv ? 1 : 0;
}

/** Quantity.String(): the canonical form the apiserver stores and prints (CanonicalizeBytes). */
export function formatQuantity(q: Quantity): string {
  if (q.value === 0n) return '0';
  const sign = q.value < 0n ? '-' : '';
  let mantissa = q.value < 0n ? -q.value : q.value;
  let exponent = q.scale;
  let format = q.format;
  if (format === 'BinarySI') {
    // Small or fractional binary amounts print as DecimalSI rather than lose precision.
    const tooSmall = compareQuantities({ value: mantissa, scale: exponent, format }, { value: 1024n, scale: 0, format }) < 0;
    const integral = exponent >= 0 || mantissa % 10n ** BigInt(-exponent) === 0n;
    if (tooSmall || !integral) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let n = exponent >= 0 ? mantissa * 10n ** BigInt(exponent) : mantissa / 10n ** BigInt(-exponent);
    let power = 0;
    while (power < BINARY_SUFFIX_OF.length - 1 && n % 1024n === 0n) {
      n /= 1024n;
      power++;
    }
    return `${sign}${n}${BINARY_SUFFIX_OF[power]}`;
  }
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  // The exponent moves down to a multiple of three (1500m, not 1.5).
  const shift = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(shift);
  exponent -= shift;
  if (format === 'DecimalSI' && Object.hasOwn(DECIMAL_SUFFIX_OF, exponent)) return `${sign}${mantissa}${DECIMAL_SUFFIX_OF[exponent]}`;
  return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
}

/** The string a quantity marshals to (quantity.go MarshalJSON / CanonicalizeBytes). */
export function canonicalQuantity(input: string): string {
  const q = parseQuantity(input);
  return q.cached ?? formatQuantity(q);
}

// A quantity's value in the units the scheduler adds up: CPU in millicores, everything else in
// base units, both rounded up as Quantity.MilliValue and Quantity.Value do.

/** value × 10^(scale + shift), rounded up (away from zero), as a number. */
function scaledUp(q: Quantity, shift: number): number {
  const exponent = q.scale + shift;
  if (exponent >= 0) return Number(q.value * 10n ** BigInt(exponent));
  const factor = 10n ** BigInt(-exponent);
  let v = q.value / factor;
  if (v * factor !== q.value) v += q.value < 0n ? -1n : 1n;
  return Number(v);
}

/** The quantity, or undefined when it does not parse. */
function tryParse(q: string | number): Quantity | undefined {
  try {
    return parseQuantity(q);
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

/** CPU in millicores (Quantity.MilliValue); 0 when absent or unparseable. */
export function milliCpu(q: string | number | undefined): number {
  const parsed = q === undefined ? undefined : tryParse(q);
  return parsed ? scaledUp(parsed, 3) : 0;
}

/** Base units, such as bytes (Quantity.Value); 0 when absent or unparseable. */
export function bytes(q: string | number | undefined): number {
  const parsed = q === undefined ? undefined : tryParse(q);
  return parsed ? scaledUp(parsed, 0) : 0;
}
