// Hex digits for ids built from the seeded generator (uids, container ids), without per-call
// number formatting.
export const HEX_DIGITS = '0123456789abcdef';
export const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 15]);

/** A 32-bit number as 8 hex digits, as `n.toString(16).padStart(8, '0')` gives. */
export function hex8(n: number): string {
  return BYTE_HEX[n >>> 24] + BYTE_HEX[(n >>> 16) & 255] + BYTE_HEX[(n >>> 8) & 255] + BYTE_HEX[n & 255];
}

/** The character codes of the hex digits. */
export const HEX_CODES: readonly number[] = [...HEX_DIGITS].map((ch) => ch.charCodeAt(0));

/** Writes the leading `digits` hex digits of a 32-bit number as character codes into `out` from `at`. */
export function putHex(out: number[], at: number, n: number, digits: number): void {
  for (let k = 0; k < digits; k++) out[at + k] = HEX_CODES[(n >>> (28 - 4 * k)) & 15]!;
}
