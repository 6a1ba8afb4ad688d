import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAxisOffset, formatClock, formatOffset, virtualTimeTitle } from '../../reports/time.ts';

const START = Date.parse('2020-06-07T22:00:00Z');

test('attachment titles give the offset from the start and the cluster clock', () => {
  assert.equal(virtualTimeTitle(START, START + 5 * 60_000), 't = +5m00s (2020-06-07 22:05:00Z)');
  assert.equal(virtualTimeTitle(START, START + 249_000), 't = +4m09s (2020-06-07 22:04:09Z)');
  assert.equal(virtualTimeTitle(START, START), 't = +0m00s (2020-06-07 22:00:00Z)');
});

test('offsets write minutes and seconds always, hours when there are some, milliseconds when there are some', () => {
  assert.equal(formatOffset(9000), '+0m09s');
  assert.equal(formatOffset(3_900_000), '+1h05m00s');
  assert.equal(formatOffset(4500), '+0m04.5s');
  assert.equal(formatOffset(3_517), '+0m03.517s');
});

test('the clock shows milliseconds only when there are some', () => {
  assert.equal(formatClock(START + 4500), '2020-06-07 22:00:04.5Z');
  assert.equal(formatClock(START + 86_400_000), '2020-06-08 22:00:00Z');
});

test('axis labels are short', () => {
  assert.equal(formatAxisOffset(0), '+0s');
  assert.equal(formatAxisOffset(30_000), '+30s');
  assert.equal(formatAxisOffset(240_000), '+4m');
  assert.equal(formatAxisOffset(270_000), '+4m30s');
  assert.equal(formatAxisOffset(3_600_000), '+1h');
  assert.equal(formatAxisOffset(3_900_000), '+1h05m');
});
