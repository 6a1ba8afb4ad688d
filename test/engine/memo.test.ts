// engine/util/memo.ts: answers remembered by key, up to a bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Memo } from '../../engine/util/memo.ts';

test('a memo computes each key once and answers it again from memory', () => {
  const asked: string[] = [];
  const memo = new Memo<string>(10, (key) => {
    asked.push(key);
    return key.toUpperCase();
  });
  assert.equal(memo.get('a'), 'A');
  assert.equal(memo.get('b'), 'B');
  assert.equal(memo.get('a'), 'A');
  assert.deepEqual(asked, ['a', 'b']);
});

test('past its limit a memo forgets everything and computes afresh, so it never holds more than the limit', () => {
  const asked: string[] = [];
  const memo = new Memo<number>(3, (key) => {
    asked.push(key);
    return key.length;
  });
  for (const key of ['a', 'bb', 'ccc']) memo.get(key);
  memo.get('dddd'); // the fourth key: the three before are forgotten
  memo.get('dddd');
  memo.get('a');
  assert.deepEqual(asked, ['a', 'bb', 'ccc', 'dddd', 'a']);
});

test('a key whose computation throws is not remembered', () => {
  let calls = 0;
  const memo = new Memo<string>(3, (key) => {
    calls++;
    if (key === 'bad') throw new Error('cannot');
    return key;
  });
  assert.throws(() => memo.get('bad'), /cannot/);
  assert.throws(() => memo.get('bad'), /cannot/);
  assert.equal(calls, 2);
});
