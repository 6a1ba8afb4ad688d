import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAxisOffset, formatClock, formatOffset, virtualTimeTitle, isoTime } from '../../reports/time.ts';

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

test('isoTime is toISOString without .000, whatever the order of the times asked', () => {
  let state = 99;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const base = Date.parse('2020-06-07T22:00:00Z');
  for (let i = 0; i < 5000; i++) {
    // Whole seconds half the time, any millisecond otherwise.
    const ms = base + (random() < 0.5 ? Math.floor(random() * 259_200) * 1000 : Math.floor(random() * 259_200_000));
    assert.equal(isoTime(ms), new Date(ms).toISOString().replace(/\.000Z$/, 'Z'));
  }
  for (const ms of [0, -1, 253402300799999, 253402300800000, -62167219200001]) assert.equal(isoTime(ms), new Date(ms).toISOString().replace(/\.000Z$/, 'Z'));
});
