// The one quantity parser (engine/api/quantity.ts) against cases of
// k8s.io/apimachinery/pkg/api/resource/quantity_test.go (TestQuantityParse, TestQuantityString)
// and the parts of parseQuantityString that decide odd inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalQuantity, parseQuantity, QuantityError, QUANTITY_FORMAT_WRONG } from '../../engine/api/quantity.ts';

test('canonical forms of quantities, as the apiserver stores them', () => {
  const cases: [string, string][] = [
    ['0', '0'], ['100m', '100m'], ['0.1', '100m'], ['1.5', '1500m'], ['1000m', '1'], ['1e3', '1e3'],
    ['128Mi', '128Mi'], ['1024Ki', '1Mi'], ['1.5Gi', '1536Mi'], ['0.5Ki', '512'], ['1k', '1k'], ['1000', '1k'],
    ['-1', '-1'], ['+1', '+1'] /* canonical digits: the string is kept, sign and all */, ['1n', '1n'], ['0.0000000001', '1n'], ['12e-3', '12e-3'], ['12E6', '12E6'], ['12000E3', '12e6'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, input);
});

test('a numerator of stripped zeros is 0, and a canonical string is kept as written (quantity.go)', () => {
  // parseQuantityString: "if we stripped all numerator positions, always return 0".
  assert.equal(parseQuantity('n').value, 0n);
  assert.equal(parseQuantity('e3').value, 0n);
  // The fast path keeps the input when its digits (leading zeros stripped) are canonical.
  assert.equal(canonicalQuantity('0100m'), '0100m');
  assert.equal(canonicalQuantity(' 250m '), '250m');
});

test('bad quantities fail with quantity.go\'s errors', () => {
  assert.throws(() => parseQuantity(''), (e: unknown) => e instanceof QuantityError && e.message === QUANTITY_FORMAT_WRONG);
  assert.throws(() => parseQuantity('1x'), { message: QUANTITY_FORMAT_WRONG });
  assert.throws(() => parseQuantity('1Ki1'), { message: "unable to parse quantity's suffix" });
  assert.throws(() => parseQuantity('1.2.3'), { message: QUANTITY_FORMAT_WRONG });
  assert.equal(canonicalQuantity('99999999999999999999'), '99999999999999999999'); // past int64: exact, not an error
});
