// The seeded generator: a seed reproduces a sequence exactly, other seeds give other sequences,
// and intn stays within its bounds while reaching every value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../engine/rng.ts';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

test('the same seed gives the same sequence', () => {
  assert.deepEqual(draw(new Rng(42), 1000), draw(new Rng(42), 1000));
  assert.equal(new Rng(7).string(20, 'abc'), new Rng(7).string(20, 'abc'));
});

test('different seeds give different sequences', () => {
  const sequences = new Set<string>();
  for (let seed = 0; seed < 50; seed++) sequences.add(draw(new Rng(seed), 8).join(','));
  assert.equal(sequences.size, 50);
  // Neighbouring seeds must not produce shifted copies of one another either.
  const a = draw(new Rng(1), 64);
  const b = draw(new Rng(2), 64);
  const overlap = a.filter((x) => b.includes(x)).length;
  assert.ok(overlap <= 1, `seeds 1 and 2 share ${overlap} of 64 outputs`);
});

test('nextUint32 yields unsigned 32-bit integers', () => {
  const rng = new Rng(3);
  for (let i = 0; i < 10_000; i++) {
    const v = rng.nextUint32();
    assert.ok(Number.isInteger(v) && v >= 0 && v <= 0xffffffff, `out of range: ${v}`);
  }
});

test('intn(n) stays in [0, n) and reaches every value', () => {
  const rng = new Rng(11);
  for (const n of [1, 2, 3, 27, 1000]) {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const v = rng.intn(n);
      assert.ok(Number.isInteger(v) && v >= 0 && v < n, `intn(${n}) gave ${v}`);
      seen.add(v);
    }
    assert.equal(seen.size, n, `intn(${n}) reached ${seen.size} values`);
  }
});

test('intn is roughly uniform', () => {
  const rng = new Rng(5);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) counts[rng.intn(10)]++;
  for (const c of counts) assert.ok(c > 9_000 && c < 11_000, `bucket count ${c} is far from 10000`);
});

test('string draws only from the alphabet', () => {
  const s = new Rng(9).string(500, 'bcdfghjklmnpqrstvwxz2456789');
  assert.equal(s.length, 500);
  assert.match(s, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});
