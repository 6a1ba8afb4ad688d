// Schedules against fire times and errors. Every expected value below was produced by
// github.com/robfig/cron v3.0.1 (the version Kubernetes v1.32 vendors; Debian's
// golang-github-robfig-cron-dev 3.0.1-1) with Go 1.19 and the system tz database: ParseStandard,
// then Next applied repeatedly from the start time. The daylight-saving rows show robfig's rules:
// a 02:30 run on spring-forward day is skipped, and a 01:30 (New York) or 02:30 (Berlin) run on
// fall-back day fires twice, once in each offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CronExpressionParser } from 'cron-parser';
import { loadLocation, parseStandard, utcFields } from '../../engine/cron/schedule.ts';
import { Rng } from '../../engine/rng.ts';

const FIRE_TIMES: Array<[spec: string, from: string, expected: string[]]> = [
  ['0,15,30,45 * * * *', '2020-06-07T22:00:00Z', ['2020-06-07T22:15:00Z', '2020-06-07T22:30:00Z', '2020-06-07T22:45:00Z', '2020-06-07T23:00:00Z']],
  ['*/15 * * * *', '2020-06-07T22:07:30Z', ['2020-06-07T22:15:00Z', '2020-06-07T22:30:00Z', '2020-06-07T22:45:00Z']],
  ['@hourly', '2020-06-07T22:00:00Z', ['2020-06-07T23:00:00Z', '2020-06-08T00:00:00Z', '2020-06-08T01:00:00Z']],
  ['@daily', '2020-06-07T22:00:00Z', ['2020-06-08T00:00:00Z', '2020-06-09T00:00:00Z']],
  ['@midnight', '2020-06-07T22:00:00Z', ['2020-06-08T00:00:00Z', '2020-06-09T00:00:00Z']],
  ['@weekly', '2020-06-07T22:00:00Z', ['2020-06-14T00:00:00Z', '2020-06-21T00:00:00Z']],
  ['@monthly', '2020-06-07T22:00:00Z', ['2020-07-01T00:00:00Z', '2020-08-01T00:00:00Z']],
  ['@yearly', '2020-06-07T22:00:00Z', ['2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z']],
  ['@annually', '2020-06-07T22:00:00Z', ['2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z']],
  // Both day fields restricted: the 13th OR any Friday.
  ['0 0 13 * 5', '2020-06-07T22:00:00Z', ['2020-06-12T00:00:00Z', '2020-06-13T00:00:00Z', '2020-06-19T00:00:00Z', '2020-06-26T00:00:00Z', '2020-07-03T00:00:00Z', '2020-07-10T00:00:00Z']],
  // A step over `*` clears the star bit, so these are ORed too.
  ['0 0 */2 * 1', '2020-06-07T22:00:00Z', ['2020-06-08T00:00:00Z', '2020-06-09T00:00:00Z', '2020-06-11T00:00:00Z', '2020-06-13T00:00:00Z', '2020-06-15T00:00:00Z', '2020-06-17T00:00:00Z']],
  ['0 0 1-7 * 1', '2020-06-07T22:00:00Z', ['2020-06-08T00:00:00Z', '2020-06-15T00:00:00Z', '2020-06-22T00:00:00Z', '2020-06-29T00:00:00Z', '2020-07-01T00:00:00Z', '2020-07-02T00:00:00Z']],
  ['0 0 * * 1-5', '2020-06-07T22:00:00Z', ['2020-06-08T00:00:00Z', '2020-06-09T00:00:00Z', '2020-06-10T00:00:00Z']],
  ['0 12 ? * MON', '2020-06-07T22:00:00Z', ['2020-06-08T12:00:00Z', '2020-06-15T12:00:00Z', '2020-06-22T12:00:00Z']],
  ['0 0 * jan,JUL sun', '2020-06-07T22:00:00Z', ['2020-07-05T00:00:00Z', '2020-07-12T00:00:00Z', '2020-07-19T00:00:00Z']],
  ['30 6-16/4 * * 1-5', '2016-05-19T10:00:00Z', ['2016-05-19T10:30:00Z', '2016-05-19T14:30:00Z', '2016-05-20T06:30:00Z', '2016-05-20T10:30:00Z', '2016-05-20T14:30:00Z']],
  ['5/20 * * * *', '2020-06-07T22:00:00Z', ['2020-06-07T22:05:00Z', '2020-06-07T22:25:00Z', '2020-06-07T22:45:00Z']],
  ['0 0 29 2 *', '2020-06-07T22:00:00Z', ['2024-02-29T00:00:00Z', '2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z']],
  ['59 23 31 2 *', '2016-05-19T10:00:00Z', ['zero']],
  ['@every 1h30m', '2020-06-07T22:00:30Z', ['2020-06-07T23:30:30Z', '2020-06-08T01:00:30Z', '2020-06-08T02:30:30Z']],
  ['@every 500ms', '2020-06-07T22:00:00.500Z', ['2020-06-07T22:00:01Z', '2020-06-07T22:00:02Z']],
  // Time zones and daylight saving.
  ['TZ=Asia/Kolkata 0 9 * * *', '2020-06-07T22:00:00Z', ['2020-06-08T03:30:00Z', '2020-06-09T03:30:00Z', '2020-06-10T03:30:00Z']],
  ['TZ=America/New_York 30 2 * * *', '2021-03-14T04:00:00Z', ['2021-03-15T06:30:00Z', '2021-03-16T06:30:00Z', '2021-03-17T06:30:00Z']],
  ['TZ=America/New_York 0 * * * *', '2021-03-14T04:00:00Z', ['2021-03-14T05:00:00Z', '2021-03-14T06:00:00Z', '2021-03-14T07:00:00Z', '2021-03-14T08:00:00Z']],
  ['TZ=America/New_York 30 1 * * *', '2021-11-07T03:00:00Z', ['2021-11-07T05:30:00Z', '2021-11-07T06:30:00Z', '2021-11-08T06:30:00Z']],
  ['TZ=America/New_York 0 * * * *', '2021-11-07T03:00:00Z', ['2021-11-07T04:00:00Z', '2021-11-07T05:00:00Z', '2021-11-07T06:00:00Z', '2021-11-07T07:00:00Z']],
  ['CRON_TZ=Europe/Berlin 30 2 * * *', '2021-03-27T22:00:00Z', ['2021-03-29T00:30:00Z', '2021-03-30T00:30:00Z', '2021-03-31T00:30:00Z']],
  ['TZ=Europe/Berlin 30 2 * * *', '2021-10-30T22:00:00Z', ['2021-10-31T00:30:00Z', '2021-10-31T01:30:00Z', '2021-11-01T01:30:00Z']],
  ['TZ=Europe/Berlin 0,15,30,45 2 * * *', '2021-10-30T22:00:00Z', ['2021-10-31T00:00:00Z', '2021-10-31T00:15:00Z', '2021-10-31T00:30:00Z']],
  // Midnight does not exist on São Paulo's 2018 spring-forward day.
  ['TZ=America/Sao_Paulo 0 0 * * *', '2018-11-03T02:00:00Z', ['2018-11-03T03:00:00Z', '2018-11-05T02:00:00Z', '2018-11-06T02:00:00Z']],
  ['TZ=America/Sao_Paulo 30 0 * * *', '2018-11-03T02:00:00Z', ['2018-11-03T03:30:00Z', '2018-11-05T02:30:00Z', '2018-11-06T02:30:00Z']],
  // Lord Howe Island moves its clocks by half an hour.
  ['TZ=Australia/Lord_Howe 15 2 * * *', '2021-04-03T13:00:00Z', ['2021-04-04T15:45:00Z', '2021-04-05T15:45:00Z', '2021-04-06T15:45:00Z']],
  ['TZ=Australia/Lord_Howe 15 2 * * *', '2021-10-02T13:00:00Z', ['2021-10-03T15:15:00Z', '2021-10-04T15:15:00Z', '2021-10-05T15:15:00Z']],
];

const ERRORS: Array<[spec: string, message: string]> = [
  ['', 'empty spec string'],
  ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
  ['H * * * *', 'failed to parse int from H: strconv.Atoi: parsing "H": invalid syntax'],
  ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
  ['0 9 * * 1#2', 'failed to parse int from 1#2: strconv.Atoi: parsing "1#2": invalid syntax'],
  ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
  ['@reboot', 'unrecognized descriptor: @reboot'],
  ['5-3 * * * *', 'beginning of range (5) beyond end of range (3): 5-3'],
  ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
  ['1/2/3 * * * *', 'too many slashes: 1/2/3'],
  ['-1 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
  ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ['60 * * * *', 'end of range (60) above maximum (59): 60'],
  ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
  ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
  ['* * * JANUARY *', 'failed to parse int from JANUARY: strconv.Atoi: parsing "JANUARY": invalid syntax'],
  ['99999999999999999999 * * * *', 'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'],
  ['TZ=Mars/Base 0 * * * *', 'provided bad location Mars/Base: unknown time zone Mars/Base'],
  ['TZ=europe/berlin 0 * * * *', 'provided bad location europe/berlin: unknown time zone europe/berlin'],
  ['@every x', 'failed to parse duration @every x: time: invalid duration "x"'],
];

function fireTimes(spec: string, from: string, count: number): string[] {
  const schedule = parseStandard(spec);
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = schedule.next(t);
    if (next === undefined) return [...out, 'zero'];
    t = next;
    out.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  }
  return out;
}

for (const [spec, from, expected] of FIRE_TIMES) {
  test(`"${spec}" after ${from} fires at ${expected.join(', ')}`, () => {
    assert.deepEqual(fireTimes(spec, from, expected.length), expected);
  });
}

for (const [spec, message] of ERRORS) {
  test(`"${spec}" is refused: ${message}`, () => {
    assert.throws(() => parseStandard(spec), { message });
  });
}

test('time zones load as Go loads them: case-sensitive IANA names, "" and UTC, Local', () => {
  assert.equal((loadLocation('Europe/Berlin') as { name: string }).name, 'Europe/Berlin');
  assert.equal((loadLocation('') as { name: string }).name, 'UTC');
  assert.equal((loadLocation('Local') as { name: string }).name, 'UTC');
  assert.equal(loadLocation('Europe/Nowhere'), 'unknown time zone Europe/Nowhere');
  assert.equal(loadLocation('EUROPE/BERLIN'), 'unknown time zone EUROPE/BERLIN');
});

// An independent implementation agrees wherever robfig and Vixie cron share rules: schedules in
// UTC using plain numbers, lists, ranges and steps (no `?`, no names, no daylight saving).
test('plain UTC schedules agree with cron-parser for a year of fire times', () => {
  const specs = ['0,15,30,45 * * * *', '*/7 * * * *', '5 4 * * *', '0 22 * * 1-5', '0 0 1,15 * *', '30 6-16/4 * * 1-5', '0 0 13 * 5', '0 12 * 2-4 *', '59 23 31 12 *'];
  const start = Date.parse('2020-06-07T22:00:00Z');
  for (const spec of specs) {
    const ours = parseStandard(spec);
    const theirs = CronExpressionParser.parse(spec, { currentDate: new Date(start), tz: 'UTC' });
    let t = start;
    for (let i = 0; i < 200; i++) {
      const next = ours.next(t)!;
      assert.equal(new Date(next).toISOString(), theirs.next().toISOString(), `${spec}, fire time ${i + 1}`);
      t = next;
    }
  }
});

test('UTC wall-clock fields by arithmetic agree with Date, across eras, leap days and negative times', () => {
  const rng = new Rng(11);
  const fromDate = (ms: number) => {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
  };
  const times = [0, -1, 1, 86_399_999, -86_400_000, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(1600, 0, 1), -62_135_596_800_001, 8.64e15, -8.64e15];
  for (let i = 0; i < 20_000; i++) times.push((rng.nextUint32() * 2 ** 21 + rng.nextUint32()) % 8.64e15 * (rng.intn(2) === 0 ? 1 : -1));
  for (const ms of times) assert.deepEqual(utcFields(ms), fromDate(ms), `at ${ms}`);
});

test('a schedule answers a repeated Next from memory with what it computed', () => {
  const s = parseStandard('*/7 3 * * 1-5');
  const from = Date.UTC(2020, 5, 7, 22);
  const first = [];
  for (let t = from, i = 0; i < 200; i++) first.push((t = s.next(t)!));
  const again = [];
  for (let t = from, i = 0; i < 200; i++) again.push((t = s.next(t)!));
  assert.deepEqual(again, first);
  assert.deepEqual(first.slice(0, 2), [Date.UTC(2020, 5, 8, 3, 0), Date.UTC(2020, 5, 8, 3, 7)]);
});

test('a schedule asked again and again from a few recent times answers as a fresh one does', () => {
  const rng = new Rng(23);
  for (const spec of ['* * * * *', '*/7 3 * * 1-5', '59 23 31 2 *', 'TZ=Europe/Berlin 30 2 * * *']) {
    const s = parseStandard(spec);
    const pool = Array.from({ length: 12 }, () => Date.UTC(2020, 2, 28) + rng.intn(3 * 86_400) * 1000);
    for (let i = 0; i < 3000; i++) {
      const at = pool[rng.intn(rng.intn(2) === 0 ? 4 : pool.length)];
      assert.equal(s.next(at), parseStandard(spec).next(at), `${spec} after ${at}`);
    }
  }
});
