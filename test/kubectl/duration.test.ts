import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  goDuration,
  humanDuration,
  rfc1123z,
  shortHumanDuration,
  timestampMs,
  translateMicroTimestampSince,
  translateTimestampSince,
} from '../../engine/kubectl/duration.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

// k8s.io/apimachinery/pkg/util/duration/duration_test.go: TestHumanDuration and
// TestHumanDurationBoundaries (Go's 1ns offsets become 1ms here).
const humanCases: [number, string][] = [
  [SECOND, '1s'],
  [70 * SECOND, '70s'],
  [190 * SECOND, '3m10s'],
  [70 * MINUTE, '70m'],
  [47 * HOUR, '47h'],
  [49 * HOUR, '2d1h'],
  [(8 * 24 + 2) * HOUR, '8d'],
  [367 * DAY, '367d'],
  [(365 * 2 * 24 + 25) * HOUR, '2y1d'],
  [(365 * 8 * 24 + 2) * HOUR, '8y'],
  [-2 * SECOND, '<invalid>'],
  [-2 * SECOND + 1, '0s'],
  [0, '0s'],
  [SECOND - 1, '0s'],
  [2 * MINUTE - 1, '119s'],
  [2 * MINUTE, '2m'],
  [2 * MINUTE + SECOND, '2m1s'],
  [10 * MINUTE - 1, '9m59s'],
  [10 * MINUTE, '10m'],
  [10 * MINUTE + SECOND, '10m'],
  [3 * HOUR - 1, '179m'],
  [3 * HOUR, '3h'],
  [3 * HOUR + MINUTE, '3h1m'],
  [8 * HOUR - 1, '7h59m'],
  [8 * HOUR, '8h'],
  [8 * HOUR + 59 * MINUTE, '8h'],
  [2 * DAY - 1, '47h'],
  [2 * DAY, '2d'],
  [2 * DAY + HOUR, '2d1h'],
  [8 * DAY - 1, '7d23h'],
  [8 * DAY, '8d'],
  [8 * DAY + 23 * HOUR, '8d'],
  [2 * YEAR - 1, '729d'],
  [2 * YEAR, '2y'],
  [2 * YEAR + 23 * HOUR, '2y'],
  [2 * YEAR + 23 * HOUR + 59 * MINUTE, '2y'],
  [2 * YEAR + DAY - 1, '2y'],
  [2 * YEAR + DAY, '2y1d'],
  [3 * YEAR, '3y'],
  [4 * YEAR, '4y'],
  [5 * YEAR, '5y'],
  [6 * YEAR, '6y'],
  [7 * YEAR, '7y'],
  [8 * YEAR - 1, '7y364d'],
  [8 * YEAR, '8y'],
  [8 * YEAR + 364 * DAY, '8y'],
  [9 * YEAR, '9y'],
];

for (const [ms, expected] of humanCases) {
  test(`humanDuration(${ms}ms) = ${expected}`, () => assert.equal(humanDuration(ms), expected));
}

// The same file: TestShortHumanDurationBoundaries.
const shortCases: [number, string][] = [
  [-2 * SECOND, '<invalid>'],
  [-2 * SECOND + 1, '0s'],
  [0, '0s'],
  [SECOND - 1, '0s'],
  [SECOND, '1s'],
  [2 * SECOND - 1, '1s'],
  [MINUTE - 1, '59s'],
  [MINUTE, '1m'],
  [2 * MINUTE - 1, '1m'],
  [HOUR - 1, '59m'],
  [HOUR, '1h'],
  [2 * HOUR - 1, '1h'],
  [DAY - 1, '23h'],
  [DAY, '1d'],
  [2 * DAY - 1, '1d'],
  [YEAR - 1, '364d'],
  [YEAR, '1y'],
  [2 * YEAR - 1, '1y'],
  [2 * YEAR, '2y'],
];

for (const [ms, expected] of shortCases) {
  test(`shortHumanDuration(${ms}ms) = ${expected}`, () => assert.equal(shortHumanDuration(ms), expected));
}

// Go's src/time/time_test.go durationTests (those a millisecond double can hold exactly), and the
// kubelet back-off messages quoted in the reference notes ("back-off 2m40s", "back-off 5m0s").
test('goDuration formats like time.Duration.String()', () => {
  assert.equal(goDuration(0), '0s');
  assert.equal(goDuration(0.000001), '1ns');
  assert.equal(goDuration(0.0011), '1.1µs');
  assert.equal(goDuration(2.2), '2.2ms');
  assert.equal(goDuration(3300), '3.3s');
  assert.equal(goDuration(4 * MINUTE + 5 * SECOND), '4m5s');
  assert.equal(goDuration(4 * MINUTE + 5001), '4m5.001s');
  assert.equal(goDuration(5 * HOUR + 6 * MINUTE + 7001), '5h6m7.001s');
  assert.equal(goDuration(8 * MINUTE + 0.000001), '8m0.000000001s');
  assert.equal(goDuration(-1500), '-1.5s');
  assert.equal(goDuration(160 * SECOND), '2m40s');
  assert.equal(goDuration(300 * SECOND), '5m0s');
  assert.equal(goDuration(HOUR), '1h0m0s');
});

test('rfc1123z: UTC and a +08:00 zone (seed notes: "Sun, 07 Jun 2020 17:59:35 +0800")', () => {
  const ms = Date.parse('2020-06-07T09:59:35Z');
  assert.equal(rfc1123z(ms, 480), 'Sun, 07 Jun 2020 17:59:35 +0800');
  assert.equal(rfc1123z(ms), 'Sun, 07 Jun 2020 09:59:35 +0000');
  // TestDescribeDeployment: CreationTimestamp of 2021-01-01T00:00:00Z.
  assert.equal(rfc1123z(Date.parse('2021-01-01T00:00:00Z')), 'Fri, 01 Jan 2021 00:00:00 +0000');
  assert.equal(rfc1123z(ms, -180), 'Sun, 07 Jun 2020 06:59:35 -0300');
});

test('translateTimestampSince: <unknown> when unset, whole seconds of a metav1.Time', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  assert.equal(translateTimestampSince(undefined, now), '<unknown>');
  assert.equal(translateTimestampSince('', now), '<unknown>');
  assert.equal(translateTimestampSince('2024-01-01T00:06:01Z', now), '3m59s');
  // A metav1.Time never carries a fraction over the API, so a stray one is dropped.
  assert.equal(timestampMs('2024-01-01T00:06:01.900Z'), Date.parse('2024-01-01T00:06:01Z'));
  assert.equal(translateMicroTimestampSince(undefined, now), '<unknown>');
  assert.equal(translateMicroTimestampSince('2024-01-01T00:09:49.500000Z', now), '10s');
});
