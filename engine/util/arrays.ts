// In-place removals from short arrays on hot paths: splice would also make an array of what it
// removes, an allocation per call that the callers never read.

/** Removes `list[i]`, the later elements moving up one, in order. */
export function removeAt<T>(list: T[], i: number): void {
  for (let j = i + 1; j < list.length; j++) list[j - 1] = list[j]!;
  list.pop();
}

/** Removes the first `n` elements, the rest moving to the front, in order. */
export function dropFirst<T>(list: T[], n: number): void {
  list.copyWithin(0, n);
  list.length -= n;
}
