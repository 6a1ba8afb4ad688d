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

test('formatClock and isoTime agree with Date across days, before 1970, and for fractions of a millisecond, whatever the order', () => {
  let state = 5;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  // formatClock as first written: isoTime's text with a space and no trailing zeros.
  const clock = (ms: number): string => isoTime(ms).replace('T', ' ').replace(/(\.\d*?)0+Z$/, '$1Z');
  const bases = [Date.parse('2020-06-07T23:59:58Z'), Date.parse('1969-12-31T23:59:59Z'), Date.parse('0001-01-01T00:00:00Z'), Date.parse('9999-12-31T23:59:00Z')];
  for (let i = 0; i < 20_000; i++) {
    const base = bases[Math.floor(random() * bases.length)];
    const kind = random();
    // Whole seconds, whole milliseconds, or a fraction of one (the clock can step by less than 1 ms).
    const offset = kind < 0.4 ? Math.floor(random() * 400) * 1000 - 200_000 : kind < 0.8 ? Math.floor(random() * 400_000) - 200_000 : random() * 400_000 - 200_000;
    const ms = base + offset;
    const second = Math.floor(ms / 1000);
    // isoTime as first written: a fraction of a millisecond is written after the whole ones.
    const plain = second >= -62167219200 && second <= 253402300799;
    if (Number.isInteger(ms) || !plain) assert.equal(isoTime(ms), iso(ms), `isoTime(${ms})`);
    else assert.equal(isoTime(ms), `${new Date(second * 1000).toISOString().slice(0, 19)}.${String(ms - second * 1000).padStart(3, '0')}Z`, `isoTime(${ms})`);
    assert.equal(formatClock(ms), clock(ms), `formatClock(${ms})`);
  }
  assert.equal(formatClock(Date.parse('1969-12-31T23:59:59.120Z')), '1969-12-31 23:59:59.12Z');
  assert.equal(formatClock(Date.parse('2020-06-07T23:59:59Z')), '2020-06-07 23:59:59Z');
  assert.equal(formatClock(Date.parse('2020-06-08T00:00:00.001Z')), '2020-06-08 00:00:00.001Z');
});
