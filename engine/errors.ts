// The project's own error types. Everything the engine throws on bad input is one of these, so a
// step, the kubectl emulation or a fuzz test can tell a user's mistake from a bug in the engine.

/** A mistake in what the user gave us: a manifest, a kubectl command, a step argument. */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * What a kubectl command prints when it fails, with its exit code (kubectl exits 1 on every
 * error it reports through cmdutil.CheckErr; k8s.io/kubectl/pkg/cmd/util/helpers.go).
 */
export class KubectlError extends UserError {
  override readonly name = 'KubectlError';
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

/**
 * An apiserver rejection: the Status a real apiserver would return. `message` is the Status
 * message (`Deployment.apps "kubia" is invalid: ...`); kubectl renders it in its own words.
 */
export class ApiError extends UserError {
  override readonly name = 'ApiError';
  constructor(
    /** Status reason, as in metav1.StatusReason: NotFound, AlreadyExists, Invalid, BadRequest, Conflict, Forbidden, RequestEntityTooLarge. */
    readonly reason: 'NotFound' | 'AlreadyExists' | 'Invalid' | 'BadRequest' | 'Conflict' | 'Forbidden' | 'MethodNotAllowed' | 'RequestEntityTooLarge',
    message: string,
    readonly code: number,
  ) {
    super(message);
  }

  /** The field a BadRequest is about, when the decoder knows it; only our location line shows it. */
  field?: string;
}

/** One field error, as k8s.io/apimachinery/pkg/util/validation/field.Error. */
export interface FieldError {
  /** `spec.selector.matchExpressions[0].key` */
  field: string;
  type: 'Required value' | 'Invalid value' | 'Unsupported value' | 'Forbidden' | 'Too long' | 'Duplicate value' | 'Not found' | 'Too many' | 'Internal error';
  /** Already rendered bad value (Go %#v style for v1.32), or undefined when the type takes none. */
  value?: string;
  detail?: string;
}

/** Renders one field error the way field.Error.Error() does (apimachinery/pkg/util/validation/field/errors.go). */
export function renderFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  if (e.type === 'Invalid value' || e.type === 'Unsupported value' || e.type === 'Duplicate value' || e.type === 'Not found') {
    s += `: ${e.value ?? '""'}`;
  }
  if (e.detail !== undefined && e.detail !== '') s += `: ${e.detail}`;
  return s;
}

/**
 * The Status message of an Invalid error (apimachinery/pkg/api/errors/errors.go NewInvalid):
 * `<Kind>.<group> "<name>" is invalid: <err>` or, with several errors, `[e1, e2]`.
 */
export function invalidError(kind: string, group: string, name: string, errs: FieldError[]): ApiError {
  const qualified = group ? `${kind}.${group}` : kind;
  const rendered = errs.map(renderFieldError);
  const body = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  const err = new ApiError('Invalid', `${qualified} "${name}" is invalid: ${body}`, 422);
  (err as ApiError & { kind: string; fieldErrors: FieldError[] }).kind = kind;
  (err as ApiError & { kind: string; fieldErrors: FieldError[] }).fieldErrors = errs;
  return err;
}

/** An invariant of the engine itself was broken: a bug, reported with what reproduces it. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
}
