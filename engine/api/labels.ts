// Labels and label selectors as apimachinery implements them: the `-l` string syntax
// (k8s.io/apimachinery/pkg/labels/selector.go), LabelSelector → Selector conversion
// (k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector), the label syntax
// rules (k8s.io/apimachinery/pkg/util/validation/validation.go) and their validation
// (k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go). It also holds the two things
// every validator needs: field-error constructors and the Go `%#v` rendering of bad values.
import { ApiError, KubectlError, UserError, type FieldError } from '../errors.ts';
import type { LabelSelector, LabelSelectorRequirement } from './types.ts';
import { Memo } from '../util/memo.ts';

export type Labels = Record<string, string>;

// ---- Go value rendering ---------------------------------------------------------------------

/**
 * Renders a value the way field.Error.ErrorBody() did up to v1.33: pointers are dereferenced,
 * strings and numbers print with `%q` / `%v`, anything else with `%#v`
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go). v1.34 switched to JSON (#132314);
 * v1.32 still prints `map[string]string{"app":"kubia"}` and
 * `v1.LabelSelector{MatchLabels:..., MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`
 * (observed for the immutable-selector error in kubernetes/website#23203, kyma-project/kyma#12947).
 */
export const goValue = {
  /** strconv.Quote, which is what both `%q` and `%#v` print for a string. */
  string(s: string): string {
    let out = '"';
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (ch === '"' || ch === '\\') out += '\\' + ch;
      else if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
      else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp < 0x80 || GO_PRINTABLE.test(ch)) out += ch;
      else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    }
    return out + '"';
  },
  /** A map[string]string: Go's fmt sorts the keys; an absent map is a nil one. */
  stringMap(m: Labels | undefined | null): string {
    if (m == null) return 'map[string]string(nil)';
    const body = Object.keys(m)
      .sort()
      .map((k) => `${goValue.string(k)}:${goValue.string(m[k])}`)
      .join(', ');
    return `map[string]string{${body}}`;
  },
  stringSlice(values: readonly string[] | undefined | null): string {
    if (values == null) return '[]string(nil)';
    return `[]string{${values.map(goValue.string).join(', ')}}`;
  },
  /** A metav1.LabelSelector (the internal apps types reuse the metav1 type, hence `v1.`). */
  labelSelector(ls: LabelSelector | undefined | null): string {
    if (ls == null) return 'null';
    const exprs = ls.matchExpressions;
    const renderedExprs =
      exprs == null
        ? '[]v1.LabelSelectorRequirement(nil)'
        : `[]v1.LabelSelectorRequirement{${exprs
            .map((e) => `v1.LabelSelectorRequirement{Key:${goValue.string(e.key ?? '')}, Operator:${goValue.string(e.operator ?? '')}, Values:${goValue.stringSlice(e.values)}}`)
            .join(', ')}}`;
    return `v1.LabelSelector{MatchLabels:${goValue.stringMap(ls.matchLabels)}, MatchExpressions:${renderedExprs}}`;
  },
  /**
   * An intstr.IntOrString value. Its String() has a pointer receiver, so the value prints with
   * `%#v` (k8s.io/apimachinery/pkg/util/intstr/intstr.go: Type 0 is Int, 1 is String).
   */
  intOrString(v: number | string | undefined | null): string {
    if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goValue.string(v)}}`;
    return `intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`;
  },
};

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
// unicode.IsPrint: letters, marks, numbers, punctuation and symbols (plus the ASCII space).
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

// ---- field errors ---------------------------------------------------------------------------

/** Constructors mirroring field.Invalid, field.Required, ... (field/errors.go). */
export const fieldError = {
  invalid: (field: string, value: string, detail: string): FieldError => ({ field, type: 'Invalid value', value, detail }),
  required: (field: string, detail = ''): FieldError => ({ field, type: 'Required value', detail }),
  forbidden: (field: string, detail: string): FieldError => ({ field, type: 'Forbidden', detail }),
  duplicate: (field: string, value: string): FieldError => ({ field, type: 'Duplicate value', value }),
  notFound: (field: string, value: string): FieldError => ({ field, type: 'Not found', value }),
  /** field.NotSupported: the valid values are each strconv.Quote'd and joined by ", ". */
  notSupported: (field: string, value: string, valid: readonly string[]): FieldError => ({
    field,
    type: 'Unsupported value',
    value,
    detail: valid.length > 0 ? `supported values: ${valid.map(goValue.string).join(', ')}` : '',
  }),
  tooLong: (field: string, detail: string): FieldError => ({ field, type: 'Too long', detail }),
};

// ---- syntax rules (util/validation/validation.go) -------------------------------------------

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

const qualifiedNameRe = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE_FMT}$`);
const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** Go measures strings in bytes. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** validation.RegexError; the `"', " + " or "` join yields the double space upstream prints. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const maxLenError = (length: number): string => `must be no more than ${length} characters`;
const EMPTY_ERROR = 'must be non-empty';

const qualifiedNameAnswers = new Memo<readonly string[]>(4096, checkQualifiedName);

/** validation.IsQualifiedName: label keys, annotation keys, finalizers, resource names. */
export function isQualifiedName(value: string): string[] {
  return [...qualifiedNameErrors(value)];
}

/** isQualifiedName's answer, shared: the same few keys and finalizers are checked on every write. */
function qualifiedNameErrors(value: string): readonly string[] {
  return qualifiedNameAnswers.get(value);
}

function checkQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNameRe.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** validation.IsValidLabelValue (at most 63 characters, may be empty). */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** validation.IsDNS1123Label (at most 63 characters). */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  // A UTF-16 unit takes at most three bytes in UTF-8: a short text needs no byte count.
  if (value.length > 21 && byteLength(value) > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    // A valid subdomain that is not a valid label (the length is already checked) has dots.
    errs.push(dns1123SubdomainRe.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** validation.IsDNS1123Subdomain (at most 253 characters). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  // As in isDNS1123Label: at most three bytes per UTF-16 unit.
  if (value.length > 84 && byteLength(value) > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

// ---- label and selector validation (meta/v1/validation/validation.go) ------------------------

/** ValidateLabelName. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => fieldError.invalid(path, goValue.string(name), msg));
}

/** Whether validateLabels finds nothing, checked without building messages or sorting keys. */
function labelsValid(labels: Labels | undefined | null): boolean {
  if (labels == null) return true;
  // for-in walks a plain object's own keys in Object.keys order, without making the list.
  for (const key in labels) {
    if (qualifiedNameErrors(key).length > 0) return false;
    if (!labelValueValid(String(labels[key]))) return false;
  }
  return true;
}

/** Whether isValidLabelValue finds nothing, checked without building messages. */
function labelValueValid(value: string): boolean {
  // A UTF-16 unit takes at most three bytes in UTF-8.
  return (value.length <= 21 || byteLength(value) <= 63) && labelValueRe.test(value);
}

/**
 * ValidateLabels. Upstream ranges over a Go map, so its order is random; we take the keys in
 * sorted order to stay deterministic.
 */
export function validateLabels(labels: Labels | undefined | null, path: string): FieldError[] {
  if (labelsValid(labels)) return [];
  const errs: FieldError[] = [];
  for (const key of Object.keys(labels ?? {}).sort()) {
    const value = labels![key];
    errs.push(...validateLabelName(key, path));
    for (const msg of isValidLabelValue(String(value))) errs.push(fieldError.invalid(path, goValue.string(String(value)), msg));
  }
  return errs;
}

/**
 * ValidateLabelSelector with LabelSelectorValidationOptions{AllowInvalidLabelValueInSelector},
 * which the apps validators pass as false for every workload selector.
 */
export function validateLabelSelector(ls: LabelSelector | undefined | null, path: string, allowInvalidLabelValue = false): FieldError[] {
  if (ls == null) return [];
  const errs = validateLabels(ls.matchLabels, `${path}.matchLabels`);
  (ls.matchExpressions ?? []).forEach((expr, i) => errs.push(...validateRequirement(expr, `${path}.matchExpressions[${i}]`, allowInvalidLabelValue)));
  return errs;
}

function validateRequirement(req: LabelSelectorRequirement, path: string, allowInvalidLabelValue: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(fieldError.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(fieldError.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(fieldError.invalid(`${path}.operator`, goValue.string(req.operator ?? ''), 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(req.key ?? '', `${path}.key`));
  if (!allowInvalidLabelValue) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(fieldError.invalid(`${path}.values[${i}]`, goValue.string(v), msg));
    });
  }
  return errs;
}

// ---- selectors (labels/selector.go) ---------------------------------------------------------

/** selection.Operator values. */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

export interface Selector {
  /** Whether every requirement holds for these labels (an absent label set is an empty one). */
  matches(labels: Labels | undefined | null): boolean;
  /** True when the selector does not restrict anything (labels.Everything()). */
  empty(): boolean;
  /** The canonical form: requirements sorted by key, `x in (a,b)`, `!y`, `z=c`. */
  toString(): string;
  /** The requirements sorted by key; undefined for labels.Nothing(). */
  requirements(): readonly Requirement[] | undefined;
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  // An exact match on one value (every matchLabels pair): a label set's value equal to the
  // wanted string is its own (a plain object inherits no string values).
  if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return labels[r.key] === r.values[0];
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(labels[r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = parseInt64(labels[r.key]);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

function requirementString(r: Requirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  // safeSort: value order is normalised on output only.
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

class RequirementsSelector implements Selector {
  private readonly reqs: readonly Requirement[];
  /** Takes `reqs` over: every caller hands in a list of its own. */
  constructor(reqs: Requirement[]) {
    // internalSelector.Add sorts by key (ByKey); a stable sort keeps same-key requirements in order.
    this.reqs = reqs.length > 1 ? reqs.sort(byKey) : reqs;
  }
  matches(labels: Labels | undefined | null): boolean {
    const ls = labels ?? NO_LABELS;
    for (const r of this.reqs) if (!requirementMatches(r, ls)) return false;
    return true;
  }
  empty(): boolean {
    return this.reqs.length === 0;
  }
  toString(): string {
    return this.reqs.map(requirementString).join(',');
  }
  requirements(): readonly Requirement[] {
    return this.reqs;
  }
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** What an absent label set matches as. */
const NO_LABELS: Labels = Object.freeze({});

/** labels.Nothing(): matches no label set, and is not empty. */
const NOTHING: Selector = {
  matches: () => false,
  empty: () => false,
  toString: () => '',
  requirements: () => undefined,
};

/** labels.Everything(). */
export function everything(): Selector {
  return new RequirementsSelector([]);
}

/** labels.SelectorFromSet: exact match on every pair; an empty set selects everything. */
export function selectorFromSet(set: Labels | undefined | null): Selector {
  return new RequirementsSelector(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=', values: [value] })));
}

/**
 * labels.NewRequirement's checks, as the aggregated error string it returns. The path is nil in
 * both callers we mirror, so children render as `key` / `values` (field.Path.Child of nil).
 */
function newRequirementError(key: string, op: Operator, valuesOrNil: readonly string[] | null): string | undefined {
  const values = valuesOrNil ?? [];
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(`key: Invalid value: ${goValue.string(key)}: ${keyErrs.join('; ')}`);
  switch (op) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(`values: Invalid value: ${goValue.stringSlice(valuesOrNil)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(`values: Invalid value: ${goValue.stringSlice(valuesOrNil)}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(`values: Invalid value: ${goValue.stringSlice(valuesOrNil)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(`values: Invalid value: ${goValue.stringSlice(valuesOrNil)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(`values[${i}]: Invalid value: ${goValue.string(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(`values[${i}][${key}]: Invalid value: ${goValue.string(v)}: ${valueErrs.join('; ')}`);
  });
  // errors.Aggregate: one error prints bare, several as [e1, e2] (duplicates dropped).
  if (errs.length === 0) return undefined;
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

const LABEL_SELECTOR_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: an absent selector matches nothing, `{}` everything, and
 * matchLabels are ANDed with matchExpressions. Throws a UserError with the upstream message
 * when a requirement is invalid (controllers log it and skip the object).
 */
export function selectorFromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (ls == null) return NOTHING;
  const matchLabels = ls.matchLabels;
  const exprs = ls.matchExpressions;
  // Made at its first requirement, as a list of one (most selectors have one: a Job's uid, an
  // app label), which a first push would have made with room for 17.
  let reqs: Requirement[] | undefined;
  // for-in walks a plain object's own keys in Object.entries order, without making the list.
  if (matchLabels != null) for (const key in matchLabels) {
    const value = matchLabels[key];
    // A valid pair is checked without building NewRequirement's messages.
    if (typeof value !== 'string' || qualifiedNameErrors(key).length > 0 || !labelValueValid(value)) {
      const err = newRequirementError(key, '=', [value]);
      if (err) throw new UserError(err);
    }
    const req: Requirement = { key, operator: '=', values: [value] };
    if (reqs === undefined) reqs = [req];
    else reqs.push(req);
  }
  if (exprs != null) for (const expr of exprs) {
    const op = Object.hasOwn(LABEL_SELECTOR_OPERATORS, expr.operator) ? LABEL_SELECTOR_OPERATORS[expr.operator] : undefined;
    if (!op) throw new UserError(`${goValue.string(expr.operator ?? '')} is not a valid label selector operator`);
    // append([]string(nil), expr.Values...) is still a nil slice when there are no values.
    const values = expr.values?.length ? [...expr.values] : null;
    const err = newRequirementError(expr.key ?? '', op, values);
    if (err) throw new UserError(err);
    const req: Requirement = { key: expr.key, operator: op, values: values ?? [] };
    if (reqs === undefined) reqs = [req];
    else reqs.push(req);
  }
  // No matchLabels and no matchExpressions: labels.Everything().
  return new RequirementsSelector(reqs ?? []);
}

/** metav1.FormatLabelSelector: what `-o wide` prints in the SELECTOR column. */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  let s: string;
  try {
    s = selectorFromLabelSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return s === '' ? '<none>' : s;
}

/** labels.FormatLabels: sorted `k=v` pairs joined by commas, `<none>` when there are none. */
export function formatLabels(labels: Labels | undefined | null): string {
  const s = Object.keys(labels ?? {})
    .sort()
    .map((k) => `${k}=${labels![k]}`)
    .join(',');
  return s === '' ? '<none>' : s;
}

// ---- the `-l` string syntax (labels.Parse) ---------------------------------------------------

type Token = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const STRING_TO_TOKEN: Record<string, Token> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

// binaryOperators in selector.go, in the order the "expected:" message lists them.
const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

interface ScannedItem {
  tok: Token;
  lit: string;
}

/** The Lexer: identifiers and keywords run until whitespace or a special symbol. */
function lex(s: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let pos = 0;
  const read = (): string => (pos < s.length ? s[pos++] : '');
  for (;;) {
    let ch = read();
    while (ch !== '' && isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    pos--;
    if (isSpecialSymbol(ch)) {
      // scanSpecialSymbol keeps the longest run of special symbols that is still a token.
      let buffer = '';
      let last: ScannedItem | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (!isSpecialSymbol(c)) {
          pos--;
          break;
        }
        buffer += c;
        const tok = STRING_TO_TOKEN[buffer];
        if (tok) last = { tok, lit: buffer };
        else if (last) {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecialSymbol(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      const keyword = buffer === 'in' || buffer === 'notin' ? (buffer as Token) : undefined;
      items.push({ tok: keyword ?? 'id', lit: buffer });
    }
  }
}

class ParseError extends Error {}

/** The recursive-descent Parser of selector.go, with its error strings. */
class Parser {
  private position = 0;
  constructor(private readonly items: ScannedItem[]) {}

  /** In the Values context `in` and `notin` are plain identifiers ("value in (in)"). */
  private lookahead(values: boolean): ScannedItem {
    const it = this.items[this.position];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }

  private consume(values: boolean): ScannedItem {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'id' || tok === '!') {
        let r: Requirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`);
          throw e;
        }
        reqs.push(r);
        const next = this.consume(true);
        if (next.tok === 'eos') return reqs;
        if (next.tok === ',') {
          const after = this.lookahead(true);
          if (after.tok !== 'id' && after.tok !== '!') throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
        } else {
          throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === 'eos') {
        return reqs;
      } else {
        throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return this.newRequirement(key, operator, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    // The values are a sets.String, handed over as its sorted List().
    return this.newRequirement(key, op, [...new Set(values)].sort());
  }

  private newRequirement(key: string, operator: Operator, values: string[]): Requirement {
    const err = newRequirementError(key, operator, values);
    if (err) throw new ParseError(err);
    return { key, operator, values };
  }

  private parseKeyAndInferOperator(): { key: string; operator?: Operator } {
    let operator: Operator | undefined;
    let it = this.consume(true);
    if (it.tok === '!') {
      operator = '!';
      it = this.consume(true);
    }
    if (it.tok !== 'id') throw new ParseError(`found '${it.lit}', expected: identifier`);
    // validateLabelKey with the parser's nil path: the field renders as "<nil>".
    const keyErrs = isQualifiedName(it.lit);
    if (keyErrs.length > 0) throw new ParseError(`<nil>: Invalid value: ${goValue.string(it.lit)}: ${keyErrs.join('; ')}`);
    const next = this.lookahead(true).tok;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    return { key: it.lit, operator };
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new ParseError(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== '(') throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === 'id' || tok === ',') {
      const values = this.parseIdentifiersList();
      // Upstream reports the literal it looked at before the list, not the offending one.
      if (this.consume(true).tok !== ')') throw new ParseError(`found '${lit}', expected: ')'`);
      return values;
    }
    if (tok === ')') {
      this.consume(true);
      return [''];
    }
    throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === 'id') {
        values.add(lit);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return [...values];
        throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (values.size === 0) values.add(''); // "(,"
        const next = this.lookahead(true).tok;
        if (next === ')') {
          values.add(''); // ",)"
          return [...values];
        }
        if (next === ',') {
          this.consume(true);
          values.add(''); // ",,"
        }
      } else {
        throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === ',') return [''];
    const { tok, lit } = this.consume(true);
    if (tok === 'id') return [lit];
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

/**
 * labels.Parse: the `-l` / `--selector` syntax (`a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-separated).
 *
 * kubectl does not parse the selector itself: it sends it to the apiserver, whose query
 * decoding fails with a BadRequest carrying the parse error, so that is what this throws
 * (apiserver handlers/get.go ListResource: errors.NewBadRequest(err.Error())). What kubectl
 * then prints is built by {@link parseListSelector}.
 */
export function parseSelector(s: string): Selector {
  try {
    return new RequirementsSelector(new Parser(lex(s)).parse());
  } catch (e) {
    if (e instanceof ParseError) throw new ApiError('BadRequest', e.message, 400);
    throw e;
  }
}

/**
 * What kubectl prints when a list with a label selector is refused: the resource builder's
 * EnhanceListError (k8s.io/cli-runtime/pkg/resource/visitor.go) prefixes the Status message,
 * and cmdutil.StandardErrorMessage (k8s.io/kubectl/pkg/cmd/util/helpers.go) prints it as
 * `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label
 * selector "app in (a", field selector "": unable to parse requirement: found '', expected: ',' or ')'`.
 * `resource` is the GroupVersionResource's String(): `/v1, Resource=pods`,
 * `apps/v1, Resource=deployments`.
 */
export function enhanceListError(err: ApiError, resource: string, labelSelector: string, fieldSelector = ''): KubectlError {
  const message =
    labelSelector === '' && fieldSelector === ''
      ? `Unable to list ${goValue.string(resource)}: ${err.message}`
      : `Unable to find ${goValue.string(resource)} that match label selector ${goValue.string(labelSelector)}, field selector ${goValue.string(fieldSelector)}: ${err.message}`;
  return new KubectlError(`Error from server (${err.reason}): ${message}`);
}

/** parseSelector for a kubectl list: throws the full line kubectl prints (see enhanceListError). */
export function parseListSelector(labelSelector: string, resource: string, fieldSelector = ''): Selector {
  try {
    return parseSelector(labelSelector);
  } catch (e) {
    if (e instanceof ApiError) throw enhanceListError(e, resource, labelSelector, fieldSelector);
    throw e;
  }
}
