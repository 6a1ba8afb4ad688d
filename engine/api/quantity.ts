// A quantity's value in the units the scheduler adds up: CPU in millicores, everything else in
// base units, both rounded up as Quantity.MilliValue and Quantity.Value do
// (k8s.io/apimachinery/pkg/api/resource/quantity.go). Parsing is the exact one in validation.ts.
import { parseQuantity, type Quantity } from './validation.ts';
import { UserError } from '../errors.ts';

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
    if (e instanceof UserError) return undefined;
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
