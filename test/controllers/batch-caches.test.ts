// The batch controllers' remembered answers and shortcuts (queue keys, split keys, the CronJob
// index value, the schedule arithmetic, the key-by-key copies of a write, reading RFC 3339 times,
// a selector's exact match): after random calls each must give exactly what computing afresh
// gives, key order included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../engine/rng.ts';
import { selectorFromLabelSelector, type Requirement } from '../../engine/api/labels.ts';
import { toRfc3339 } from '../../engine/clock.ts';
import { currentMetadata, objectKeyOf, rewritten, splitKey, splitObjectKey, unconditionalMetadata } from '../../engine/controllers/base.ts';
import { ApiStore } from '../../engine/api/store.ts';
import { VirtualClock } from '../../engine/clock.ts';
import type { KubeObject } from '../../engine/api/types.ts';
import { cronJobIndexValues } from '../../engine/controllers/cronjob.ts';
import { computeMostRecent, formatSchedule, mostRecentScheduleTime, type StoredCronJob } from '../../engine/controllers/cronjob-util.ts';
import { parseTimeMs } from '../../engine/clock.ts';
import { parseStandard } from '../../engine/cron/schedule.ts';
import type { Stored } from '../../engine/api/store.ts';

const T = Date.parse('2016-05-19T10:00:00Z');

test('objectKeyOf and splitObjectKey give the fresh answer for random names, namespaces and reuse', () => {
  const rng = new Rng(7);
  const namespaces = [undefined, '', 'default', 'other', 'kube-system'];
  for (let i = 0; i < 20_000; i++) {
    // Few names, so that the same name comes back in other namespaces and after the caches start afresh.
    const name = `job-${rng.intn(i < 10_000 ? 40 : 3000)}`;
    const namespace = namespaces[rng.intn(namespaces.length)];
    const key = objectKeyOf({ metadata: { namespace, name } });
    assert.equal(key, `${namespace}/${name}`);
    const slash = key.indexOf('/');
    assert.deepEqual(splitObjectKey(key), [key.slice(0, slash), key.slice(slash + 1)]);
    assert.deepEqual(splitObjectKey(name), ['', name]);
    assert.deepEqual(splitObjectKey(key), splitKey(key));
  }
});

test('cronJobIndexValues gives the fresh value, also for a reference list seen in another namespace', () => {
  const rng = new Rng(8);
  const lists = [
    [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'a', uid: 'u1', controller: true }],
    [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'b', uid: 'u2' }],
    [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'c', uid: 'u3', controller: true }],
    [{ apiVersion: 'v1', kind: 'Other', name: 'x', uid: 'u4' }, { apiVersion: 'batch/v1', kind: 'CronJob', name: 'd', uid: 'u5', controller: true }],
    undefined,
  ];
  for (let i = 0; i < 2000; i++) {
    const refs = lists[rng.intn(lists.length)];
    const namespace = ['default', 'other'][rng.intn(2)];
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `j${i}`, namespace, ownerReferences: refs } } as unknown as Stored;
    const ref = refs?.find((r) => r.controller === true);
    assert.deepEqual([...cronJobIndexValues(job)], ref?.kind === 'CronJob' ? [`${namespace}/${ref.name}`] : []);
  }
});

test('mostRecentScheduleTime answers a repeated question as it answered it the first time', () => {
  const rng = new Rng(9);
  const specs = ['* * * * *', '*/5 * * * *', '0 * * * *', '59 23 31 2 *'];
  const schedules = specs.map((s) => parseStandard(s));
  for (let i = 0; i < 3000; i++) {
    const k = rng.intn(specs.length);
    const now = T + rng.intn(6) * 60_000 + rng.intn(2) * 30_000;
    const last = rng.intn(3) === 0 ? undefined : toRfc3339(T - rng.intn(3) * 60_000);
    const sds = [undefined, 10, 600][rng.intn(3)];
    const include = rng.intn(2) === 0;
    const cj = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'default', creationTimestamp: toRfc3339(T - 3_600_000) },
      spec: { schedule: specs[k], startingDeadlineSeconds: sds, jobTemplate: {} },
      status: last === undefined ? {} : { lastScheduleTime: last },
    } as unknown as StoredCronJob;
    // The shared schedule object may hit the remembered answer; a freshly parsed one never does.
    const remembered = mostRecentScheduleTime(cj, now, schedules[k], include);
    const fresh = mostRecentScheduleTime(cj, now, parseStandard(specs[k]), include);
    assert.deepEqual({ ...remembered }, { ...fresh });
    assert.deepEqual({ ...mostRecentScheduleTime(cj, now, schedules[k], include) }, { ...fresh });
    // And both are what the computation gives when nothing is remembered (the answers kept
    // between two scheduled times included).
    const base = last ?? cj.metadata.creationTimestamp!;
    assert.deepEqual({ ...fresh }, { ...computeMostRecent(base, sds, now, parseStandard(specs[k]), include) });
  }
});

test('rewritten and unconditionalMetadata build what the spreads built, in the same key order', () => {
  const rng = new Rng(11);
  const keys = ['apiVersion', 'kind', 'metadata', 'spec', 'status', 'data'];
  const metaKeys = ['name', 'namespace', 'uid', 'resourceVersion', 'labels', 'finalizers', 'ownerReferences', 'generation'];
  for (let i = 0; i < 2000; i++) {
    const obj: Record<string, unknown> = {};
    for (const k of keys) if (rng.intn(3) > 0) obj[rng.intn(2) === 0 ? k : keys[rng.intn(keys.length)]] = rng.intn(4) === 0 ? undefined : { v: i };
    const meta: Record<string, unknown> = {};
    for (let j = rng.intn(metaKeys.length); j < metaKeys.length; j++) meta[metaKeys[rng.intn(metaKeys.length)]] = rng.intn(5) === 0 ? undefined : `${i}`;
    obj.metadata = meta;
    const status = rng.intn(2) === 0 ? undefined : { phase: 'x' };
    const m = unconditionalMetadata(meta);
    const spreadMeta = { ...meta, resourceVersion: undefined };
    assert.deepEqual(Object.keys(m), Object.keys(spreadMeta));
    assert.deepEqual(m, spreadMeta);
    const out = rewritten(obj, m, status);
    const spread = status === undefined ? { ...obj, metadata: spreadMeta } : { ...obj, metadata: spreadMeta, status };
    assert.deepEqual(Object.keys(out), Object.keys(spread));
    assert.deepEqual(out, spread);
  }
});

test('a status write with currentMetadata stores what the same write with unconditionalMetadata stores', () => {
  const rng = new Rng(14);
  const stores = [0, 1].map(() => new ApiStore(new VirtualClock(T), new Rng(1), { freeze: rng.intn(2) === 0 }));
  const names = ['a', 'b', 'c'];
  for (const store of stores) for (const name of names) store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'busybox' }] } } as KubeObject);
  let reused = 0;
  let copied = 0;
  for (let i = 0; i < 3000; i++) {
    const name = names[rng.intn(names.length)];
    // A metadata change, written unconditionally or with the resourceVersion in place (a new key then
    // comes after it), or a write of the status alone, which compares the two.
    const change = rng.intn(6);
    const value = `${i}`;
    const finalizers = rng.intn(2) === 0 ? ['x/y'] : undefined;
    for (const [s, store] of stores.entries()) {
      const current = store.get('Pod', 'default', name)!;
      let metadata: Record<string, unknown>;
      if (change === 0) metadata = { ...current.metadata, annotations: { a: value } };
      else if (change === 1) metadata = { ...unconditionalMetadata(current.metadata), labels: { app: value }, annotations: undefined };
      else if (change === 2) metadata = { ...unconditionalMetadata(current.metadata), finalizers };
      else {
        metadata = (s === 0 ? unconditionalMetadata(current.metadata) : currentMetadata(current.metadata)) as Record<string, unknown>;
        if (s === 1) {
          if (metadata === current.metadata) reused++;
          else copied++;
        }
      }
      const next = { ...(current as object), metadata, status: { phase: 'Running', message: value } };
      store.update(next as unknown as KubeObject, { validate: false });
    }
    // Every write goes the same way in both stores (the random choices were made once).
    assert.equal(JSON.stringify(stores[1].get('Pod', 'default', name)), JSON.stringify(stores[0].get('Pod', 'default', name)));
  }
  assert.ok(reused > 500 && copied > 100, `the stored metadata served ${reused} times, was copied ${copied} times`);
});

test('parseTimeMs reads every text as Date.parse does', () => {
  const rng = new Rng(12);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  for (let i = 0; i < 50_000; i++) {
    let text: string;
    const kind = rng.intn(4);
    if (kind === 0) {
      // As toRfc3339 writes it, over four centuries (leap days included).
      text = toRfc3339(Date.UTC(1900, 0, 1) + rng.intn(400 * 366) * 86_400_000 + rng.intn(86_400) * 1000);
    } else if (kind === 1) {
      // The canonical shape with fields in and out of range: month 0 or 13, 31 April, 29 or 30 February, hour 24, second 60.
      text = `${pad(rng.intn(3) === 0 ? rng.intn(10_000) : 1999 + rng.intn(3), 4)}-${pad(rng.intn(14), 2)}-${pad(rng.intn(33), 2)}T${pad(rng.intn(26), 2)}:${pad(rng.intn(62), 2)}:${pad(rng.intn(62), 2)}Z`;
    } else if (kind === 2) {
      // One character of a canonical text replaced.
      const base = toRfc3339(Date.UTC(2020, 1, 29, 12, 30, 45));
      const at = rng.intn(base.length);
      text = base.slice(0, at) + ' -+:TZ0a9.'[rng.intn(10)] + base.slice(at + 1);
    } else {
      text = ['2020-06-08T21:58:02+00:00', '2020-06-08T21:58:02.5Z', '2020-06-08', '', 'not a time', '2020-06-08T21:58:02z', '+002020-06-08T21:58:02Z'][rng.intn(7)];
    }
    assert.equal(parseTimeMs(text), Date.parse(text), text);
  }
});

test('a selector matches label sets as the requirement semantics say, inherited names included', () => {
  const rng = new Rng(13);
  const keys = ['app', 'tier', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'x'];
  const values = ['a', 'b', 'web', ''];
  // The reference: labels.Requirement.Matches over own properties only.
  const holds = (r: Requirement, labels: Record<string, string>): boolean => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'in':
      case '=':
      case '==':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
      case '!=':
        return !has || !r.values.includes(labels[r.key]);
      case 'exists':
        return has;
      case '!':
        return !has;
      default:
        throw new Error(`unexpected operator ${r.operator}`);
    }
  };
  for (let i = 0; i < 5000; i++) {
    const matchLabels: Record<string, string> = {};
    for (let n = rng.intn(3); n > 0; n--) matchLabels[keys[rng.intn(2) === 0 ? rng.intn(2) : rng.intn(keys.length)]] = values[rng.intn(values.length)];
    const ops = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
    const matchExpressions = [];
    for (let n = rng.intn(3); n > 0; n--) {
      const operator = ops[rng.intn(ops.length)];
      const vals = operator === 'In' || operator === 'NotIn' ? values.slice(0, 1 + rng.intn(2)) : undefined;
      matchExpressions.push({ key: keys[rng.intn(keys.length)], operator, values: vals });
    }
    let selector;
    try {
      selector = selectorFromLabelSelector({ matchLabels, matchExpressions });
    } catch {
      continue; // an invalid key or value: nothing to match
    }
    const labels: Record<string, string> = JSON.parse('{}');
    for (let n = rng.intn(4); n > 0; n--) {
      const k = keys[rng.intn(keys.length)];
      if (k === '__proto__') Object.defineProperty(labels, k, { value: values[rng.intn(values.length)], enumerable: true, writable: true, configurable: true });
      else labels[k] = values[rng.intn(values.length)];
    }
    const want = (selector.requirements() ?? []).every((r) => holds(r, labels));
    assert.equal(selector.matches(labels), want, JSON.stringify({ matchLabels, matchExpressions, labels }));
  }
});

test('formatSchedule answers a repeated schedule and zone as the first time', () => {
  const rng = new Rng(14);
  const schedules = ['* * * * *', 'TZ=UTC 0 * * * *', 'CRON_TZ=Europe/Paris 5 4 * * *', '@hourly'];
  const zones = [undefined, null, 'UTC', 'Europe/Paris', 'Not/AZone'];
  for (let i = 0; i < 2000; i++) {
    const schedule = schedules[rng.intn(schedules.length)];
    const timeZone = zones[rng.intn(zones.length)];
    const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule, timeZone, jobTemplate: {} } } as unknown as StoredCronJob;
    const want = schedule.includes('TZ')
      ? { spec: schedule, unsupportedTz: true }
      : timeZone != null && timeZone !== 'Not/AZone'
        ? { spec: `TZ=${timeZone} ${schedule}`, unsupportedTz: false }
        : { spec: schedule, unsupportedTz: false };
    assert.deepEqual({ ...formatSchedule(cj) }, want);
  }
});
