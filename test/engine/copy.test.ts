// deepCopy: JSON-like data copied to any depth, undefined fields left out, nothing shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepCopy } from '../../engine/util/copy.ts';

/** The copy as first written (a call per value): the reference the faster one must equal. */
function reference(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => reference(v));
  const out: Record<string, unknown> = {};
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = reference(v);
  }
  return out;
}

/** Every object and array reachable from v. */
function containers(v: unknown, out: Set<object> = new Set()): Set<object> {
  if (v !== null && typeof v === 'object') {
    out.add(v);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

test('deepCopy equals the reference copy, keys in order, and shares no object or array with its input', async () => {
  const fc = (await import('fast-check')).default;
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.constantFrom('a', 'b', 'name', 'spec', '0', '10', 'x-y'), tie('value'), { maxKeys: 5 }),
  }));
  fc.assert(
    fc.property(value, (v) => {
      const copy = deepCopy(v);
      assert.deepEqual(copy, reference(v));
      if (copy !== null && typeof copy === 'object') assert.deepEqual(Object.keys(copy), Object.keys(reference(v) as object));
      const theirs = containers(v);
      for (const c of containers(copy)) assert.ok(!theirs.has(c));
    }),
    { numRuns: 500 },
  );
});
