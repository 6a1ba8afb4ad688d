import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineExceedingDepth } from '../../engine/api/yaml-depth.ts';

test('flow collections count one level per open bracket or brace, on the line that opens the one too many', () => {
  assert.equal(lineExceedingDepth('a: [[[1]]]\n', 3), undefined);
  assert.equal(lineExceedingDepth('a: [[[[1]]]]\n', 3), 0);
  assert.equal(lineExceedingDepth('a: 1\nb: [{c: [\n  [1]]}]\n', 3), 2);
});

test('block collections count one level per deeper indentation and per `- ` on a line', () => {
  // The root mapping, a's mapping, b's mapping: three.
  assert.equal(lineExceedingDepth('a:\n  b:\n    c: 1\n', 3), undefined);
  assert.equal(lineExceedingDepth('a:\n  b:\n    c: 1\n', 2), 2);
  // The root mapping, then a sequence of sequences of a mapping.
  assert.equal(lineExceedingDepth('a:\n  - - b: 1\n', 3), 1);
  assert.equal(lineExceedingDepth('a:\n  - - b: 1\n', 4), undefined);
  // A list indented as its key (go-yaml's "indentless" sequence) opens no level of its own.
  assert.equal(lineExceedingDepth('a:\n- b\n- c\n', 1), undefined);
});

test('brackets in quoted scalars, comments and block scalars are text', () => {
  assert.equal(lineExceedingDepth('a: "[[[["\nb: \'{{{{\' # [[[[\n', 1), undefined);
  assert.equal(lineExceedingDepth('a: |\n  [[[[\n  - - - -\nb: 1\n', 1), undefined);
  assert.equal(lineExceedingDepth('image: nginx[[[[\n', 1), undefined);
});
