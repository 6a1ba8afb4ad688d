// engine/util/arrays.ts against splice, which does the same and also returns what it removes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFirst, removeAt } from '../../engine/util/arrays.ts';
import { Rng } from '../../engine/rng.ts';

test('removeAt and dropFirst leave what splice leaves, in order', () => {
  const rng = new Rng(5);
  for (let round = 0; round < 500; round++) {
    const length = 1 + rng.intn(12);
    const a = Array.from({ length }, (_, i) => `x${i}`);
    const b = [...a];
    const i = rng.intn(length);
    removeAt(a, i);
    b.splice(i, 1);
    assert.deepEqual(a, b);
    const n = rng.intn(a.length + 1);
    dropFirst(a, n);
    b.splice(0, n);
    assert.deepEqual(a, b);
  }
});
