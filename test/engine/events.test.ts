// The event recorder against client-go's tools/record (event.go, events_cache.go): identical
// events are counted on one Event, ten or more messages of one reason within ten minutes are
// combined into one aggregate Event, and a token bucket (burst 25, one more every 300 s) drops
// floods per source and object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../engine/clock.ts';
import { Rng } from '../../engine/rng.ts';
import { ApiStore } from '../../engine/api/store.ts';
import { EventRecorder, nanosHex } from '../../engine/api/events.ts';
import type { Event, KubeObject } from '../../engine/api/types.ts';

const START_MS = Date.parse('2020-06-07T22:00:00Z');
const KUBELET = { component: 'kubelet', host: 'm01' };
const RS_CONTROLLER = { component: 'replicaset-controller' };

function setup() {
  const clock = new VirtualClock(START_MS);
  const store = new ApiStore(clock, new Rng(1), { freeze: true });
  const recorder = new EventRecorder(store, clock);
  const pod = store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kubia-abcde' },
    spec: { nodeName: 'm01', containers: [{ name: 'kubia', image: 'luksa/kubia' }] },
  } as KubeObject);
  const events = () => store.list<Event & KubeObject>('Event');
  const at = (seconds: number) => clock.advanceTo(START_MS + seconds * 1000);
  return { clock, store, recorder, pod, events, at };
}

test('an event records the involved object, source, timestamps and a <name>.<hex nanoseconds> name', () => {
  const { recorder, pod, events } = setup();
  recorder.record(pod, 'Normal', 'Pulling', 'Pulling image "luksa/kubia"', KUBELET, 'spec.containers{kubia}');
  const [ev] = events();
  assert.equal(ev.metadata.namespace, 'default');
  assert.deepEqual(ev.involvedObject, {
    kind: 'Pod',
    namespace: 'default',
    name: 'kubia-abcde',
    uid: pod.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: pod.metadata.resourceVersion,
    fieldPath: 'spec.containers{kubia}',
  });
  assert.equal(ev.type, 'Normal');
  assert.equal(ev.reason, 'Pulling');
  assert.equal(ev.message, 'Pulling image "luksa/kubia"');
  assert.deepEqual(ev.source, { component: 'kubelet', host: 'm01' });
  assert.equal(ev.count, 1);
  assert.equal(ev.firstTimestamp, '2020-06-07T22:00:00Z');
  assert.equal(ev.lastTimestamp, '2020-06-07T22:00:00Z');
  assert.equal(ev.reportingComponent, 'kubelet');
  assert.equal(ev.reportingInstance, 'm01');
  // GenerateEventName: fmt.Sprintf("%v.%x", ref.Name, t.UnixNano()).
  const m = /^kubia-abcde\.([0-9a-f]+)$/.exec(ev.metadata.name!);
  assert.ok(m, `unexpected event name ${ev.metadata.name}`);
  assert.equal(BigInt('0x' + m[1]) / 1_000_000n, BigInt(START_MS));
});

test('events about cluster-scoped objects go to the default namespace (event.go makeEvent)', () => {
  const { store, recorder, events } = setup();
  const node = store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'm01' } });
  recorder.record(node, 'Normal', 'NodeReady', 'Node m01 status is now: NodeReady', KUBELET);
  assert.equal(events()[0].metadata.namespace, 'default');
});

test('a repeated event increases count and moves lastTimestamp, keeping firstTimestamp', () => {
  const { recorder, pod, events, at } = setup();
  recorder.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', KUBELET, 'spec.containers{kubia}');
  at(10);
  recorder.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', KUBELET, 'spec.containers{kubia}');
  at(40);
  recorder.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container', KUBELET, 'spec.containers{kubia}');
  const all = events();
  assert.equal(all.length, 1);
  assert.equal(all[0].count, 3);
  assert.equal(all[0].firstTimestamp, '2020-06-07T22:00:00Z');
  assert.equal(all[0].lastTimestamp, '2020-06-07T22:00:40Z');
});

test('events that differ in message, reason, type, field path or source are separate', () => {
  const { recorder, pod, events } = setup();
  recorder.record(pod, 'Normal', 'Pulling', 'Pulling image "a"', KUBELET, 'spec.containers{a}');
  recorder.record(pod, 'Normal', 'Pulling', 'Pulling image "b"', KUBELET, 'spec.containers{a}');
  recorder.record(pod, 'Normal', 'Pulled', 'Pulling image "a"', KUBELET, 'spec.containers{a}');
  recorder.record(pod, 'Warning', 'Pulling', 'Pulling image "a"', KUBELET, 'spec.containers{a}');
  recorder.record(pod, 'Normal', 'Pulling', 'Pulling image "a"', KUBELET, 'spec.containers{b}');
  recorder.record(pod, 'Normal', 'Pulling', 'Pulling image "a"', { component: 'kubelet', host: 'm02' }, 'spec.containers{a}');
  assert.equal(events().length, 6);
  assert.ok(events().every((e) => e.count === 1));
});

test('the tenth distinct message of one reason within ten minutes is combined (EventAggregate, maxEvents 10)', () => {
  const { store, recorder, events } = setup();
  const rs = store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'kubia' },
    spec: { selector: { matchLabels: { app: 'kubia' } }, template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }] } } },
  });
  for (let i = 1; i <= 9; i++) recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: attempt ${i}`, RS_CONTROLLER);
  assert.equal(events().length, 9);
  assert.ok(events().every((e) => !e.message!.startsWith('(combined')));
  recorder.record(rs, 'Warning', 'FailedCreate', 'Error creating: attempt 10', RS_CONTROLLER);
  const combined = events().filter((e) => e.message!.startsWith('(combined from similar events): '));
  assert.deepEqual(combined.map((e) => e.message), ['(combined from similar events): Error creating: attempt 10']);
});

test('later distinct messages update the one combined event: count grows, message is the latest', () => {
  const { store, recorder, events, at } = setup();
  const rs = store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'kubia' },
    spec: { selector: { matchLabels: { app: 'kubia' } }, template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }] } } },
  });
  for (let i = 1; i <= 12; i++) {
    at(i);
    recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: attempt ${i}`, RS_CONTROLLER);
  }
  const combined = events().filter((e) => e.message!.startsWith('(combined from similar events): '));
  assert.equal(combined.length, 1);
  assert.equal(combined[0].count, 3);
  assert.equal(combined[0].message, '(combined from similar events): Error creating: attempt 12');
  assert.equal(combined[0].lastTimestamp, '2020-06-07T22:00:12Z');
  assert.equal(events().length, 10);
});

test('the aggregation window is measured from the last similar event, not the first', () => {
  const { store, recorder, events, at } = setup();
  const rs = store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'kubia' },
    spec: { selector: { matchLabels: { app: 'kubia' } }, template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }] } } },
  });
  // Nine messages 100 s apart, then a tenth 100 s later: 900 s after the first, 100 s after the last.
  for (let i = 1; i <= 10; i++) {
    at((i - 1) * 100);
    recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: attempt ${i}`, RS_CONTROLLER);
  }
  assert.equal(events().filter((e) => e.message!.startsWith('(combined from similar events): ')).length, 1);
});

test('similar events more than ten minutes apart start a fresh aggregate', () => {
  const { store, recorder, events, at } = setup();
  const rs = store.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'kubia' },
    spec: { selector: { matchLabels: { app: 'kubia' } }, template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }] } } },
  });
  for (let i = 1; i <= 8; i++) recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: attempt ${i}`, RS_CONTROLLER);
  at(601);
  for (let i = 9; i <= 16; i++) recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: attempt ${i}`, RS_CONTROLLER);
  assert.equal(events().length, 16);
  assert.ok(events().every((e) => !e.message!.startsWith('(combined')));
});

test('the spam filter lets a burst of 25 through, then one event per 300 s', () => {
  const { recorder, pod, events, at } = setup();
  const fire = () => recorder.record(pod, 'Warning', 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500', KUBELET, 'spec.containers{kubia}');
  for (let i = 0; i < 40; i++) fire();
  assert.equal(events()[0].count, 25);
  at(299);
  fire();
  assert.equal(events()[0].count, 25);
  at(300);
  fire();
  fire();
  // Dropped events are counted too (EventCorrelate observes before it filters): 40 + 1 + 1.
  assert.equal(events()[0].count, 42);
  at(300 + 900);
  for (let i = 0; i < 5; i++) fire();
  assert.equal(events()[0].count, 46, 'three tokens refilled in 900 s: the 44th to 46th occurrences are written');
  assert.equal(events()[0].lastTimestamp, '2020-06-07T22:20:00Z');
});

test('each source and object has its own spam budget', () => {
  const { store, recorder, pod, events } = setup();
  const other = store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other' }, spec: { nodeName: 'm01', containers: [{ name: 'c', image: 'nginx' }] } });
  for (let i = 0; i < 30; i++) recorder.record(pod, 'Normal', 'Pulled', 'same', KUBELET);
  recorder.record(other, 'Normal', 'Pulled', 'same', KUBELET);
  recorder.record(pod, 'Normal', 'Pulled', 'same', { component: 'kubelet', host: 'm02' });
  const counts = events().map((e) => `${e.involvedObject.name}/${e.source!.host}:${e.count}`).sort();
  assert.deepEqual(counts, ['kubia-abcde/m01:25', 'kubia-abcde/m02:1', 'other/m01:1']);
});

test('events expire an hour after their last write (the apiserver\'s --event-ttl)', async () => {
  const { Cluster } = await import('../../engine/cluster.ts');
  const c = new Cluster({ seed: 1 });
  c.addNode('m01');
  const node = c.store.get('Node', '', 'm01')!;
  c.events.record(node, 'Normal', 'Once', 'said once', { component: 'test' });
  c.events.record(node, 'Normal', 'Again', 'said again', { component: 'test' });
  c.advance(50 * 60 * 1000);
  c.events.record(node, 'Normal', 'Again', 'said again', { component: 'test' });
  c.advance(10 * 60 * 1000);
  c.events.expire();
  const reasons = c.store.list('Event').map((e) => (e as unknown as { reason: string }).reason).filter((r) => r === 'Once' || r === 'Again');
  assert.deepEqual(reasons, ['Again']);
  c.advance(50 * 60 * 1000);
  c.events.expire();
  assert.equal(c.store.list('Event').filter((e) => (e as unknown as { reason: string }).reason === 'Again').length, 0);
});

/**
 * One of client-go's lru caches (golang/groupcache/lru, k8s.io/utils/lru) written plainly: a Map in
 * order of use, whose Get and Add move a key to the end and whose Add drops the least recently
 * used key once there are more than 4096.
 */
class Lru<V> {
  private readonly map = new Map<string, V>();
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  add(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > 4096) this.map.delete(this.map.keys().next().value!);
  }
}

interface ReferenceEvent {
  object: string;
  reason: string;
  message: string;
  count: number;
  firstMs: number;
  lastMs: number;
}

/**
 * The recorder as client-go writes it, transcribed plainly from events_cache.go EventCorrelate
 * (aggregate, observe, then the spam filter) and event.go recordEvent (patch a repeat, create it
 * again under its name if it is gone, then UpdateState), with flat string keys and the
 * apiserver's one-hour event TTL. The spam filter's token bucket counts in milliseconds of refill
 * (one token = 300,000), which is exact where fractional tokens would round.
 */
class ReferenceRecorder {
  private readonly spam = new Lru<{ refillMs: number; lastMs: number }>();
  private readonly aggregates = new Lru<{ messages: string[]; lastMs: number }>();
  private readonly observations = new Lru<{ count: number; name: string; firstMs: number }>();
  readonly events = new Map<string, ReferenceEvent>();
  /** Every write, in order: `ADDED` or `MODIFIED`, the event's name and what it says. */
  readonly writes: [string, string, ReferenceEvent][] = [];
  dropped = 0;
  combined = 0;
  recreated = 0;
  private n = 0;

  record(object: string, source: string, type: string, reason: string, message: string, fieldPath: string | undefined, now: number): void {
    for (const [name, ev] of this.events) if (ev.lastMs + 3600_000 <= now) this.events.delete(name);
    const aggregateKey = `${source}\u0000${object}\u0000${type}\u0000${reason}`;
    let aggregate = this.aggregates.get(aggregateKey);
    if (aggregate === undefined || now - aggregate.lastMs > 600_000) aggregate = { messages: [], lastMs: 0 };
    if (!aggregate.messages.includes(message)) aggregate.messages.push(message);
    aggregate.lastMs = now;
    this.aggregates.add(aggregateKey, aggregate);
    let key = `${aggregateKey}\u0000${fieldPath ?? ''}\u0000${message}`;
    if (aggregate.messages.length >= 10) {
      aggregate.messages.shift();
      message = `(combined from similar events): ${message}`;
      key = aggregateKey;
    }
    const last = this.observations.get(key);
    const observed = last === undefined ? { count: 1, name: `e${this.n++}`, firstMs: now } : { count: last.count + 1, name: last.name, firstMs: last.firstMs };
    this.observations.add(key, observed);

    const spamKey = `${source}\u0000${object}\u0000${type}`;
    const bucket = this.spam.get(spamKey) ?? { refillMs: 25 * 300_000, lastMs: now };
    bucket.refillMs = Math.min(25 * 300_000, bucket.refillMs + (now - bucket.lastMs));
    bucket.lastMs = now;
    const accepted = bucket.refillMs >= 300_000;
    if (accepted) bucket.refillMs -= 300_000;
    this.spam.add(spamKey, bucket);
    if (!accepted) {
      this.dropped++;
      return;
    }

    const existing = observed.count > 1 ? this.events.get(observed.name) : undefined;
    if (existing !== undefined) {
      existing.count = observed.count;
      existing.message = message;
      existing.lastMs = now;
      this.writes.push(['MODIFIED', observed.name, { ...existing }]);
    } else {
      if (observed.count > 1) this.recreated++;
      const created = { object, reason, message, count: observed.count, firstMs: observed.firstMs, lastMs: now };
      this.events.set(observed.name, created);
      this.writes.push(['ADDED', observed.name, { ...created }]);
    }
    if (message.startsWith('(combined')) this.combined++;
    this.observations.add(`${aggregateKey}\u0000${fieldPath ?? ''}\u0000${message}`, observed);
  }
}

test('the per-object caches count, combine, drop and forget exactly as client-go\'s flat lru caches of 4096 entries do', () => {
  const clock = new VirtualClock(START_MS);
  const store = new ApiStore(clock, new Rng(1), { freeze: false });
  const recorder = new EventRecorder(store, clock);
  const reference = new ReferenceRecorder();
  const rng = new Rng(7);
  const pods = Array.from({ length: 1500 }, (_, i) => store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as KubeObject));
  const objectId = (name: string) => {
    const pod = pods[Number(name.slice(1))];
    return `Pod\u0000default\u0000${pod.metadata.name}\u0000${pod.metadata.uid}\u0000v1`;
  };
  const writes: [string, string, ReferenceEvent][] = [];
  store.watch('Event', (ev) => {
    if (ev.type === 'DELETED') return;
    const e = ev.object as unknown as Event & KubeObject;
    writes.push([ev.type, e.metadata.name!, { object: objectId(e.involvedObject.name!), reason: e.reason!, message: e.message!, count: e.count!, firstMs: Date.parse(e.firstTimestamp!), lastMs: Date.parse(e.lastTimestamp!) }]);
  });
  const sources = [{ component: 'kubelet', host: 'm01' }, { component: 'kubelet', host: 'm02' }, { component: 'job-controller' }];
  let now = START_MS;
  for (let step = 0; step < 40_000; step++) {
    // Mostly bursts about a few recent pods (the spam filter drops some, ten messages get combined),
    // now and then an old pod (so that some entries are evicted and some survive), with time moving
    // by seconds and now and then by many minutes (buckets refill, aggregates and events expire).
    now += rng.intn(200) === 0 ? rng.intn(3 * 3600) * 1000 : rng.intn(3) * 1000;
    clock.advanceTo(now);
    const hot = rng.intn(10) < 3;
    const i = hot ? 0 : rng.intn(10) < 8 ? Math.max(1, Math.floor(step / 60) % 1500 - rng.intn(3)) : 1 + rng.intn(1499);
    const pod = pods[i];
    const source = sources[hot ? 0 : rng.intn(3)];
    const type = hot || rng.intn(5) !== 0 ? 'Normal' : 'Warning';
    const reason = `R${hot ? 0 : rng.intn(3)}`;
    const message = `m${rng.intn(rng.intn(2) === 0 ? 3 : 14)}`;
    const fieldPath = !hot && rng.intn(2) === 0 ? 'spec.containers{c}' : undefined;
    recorder.record(pod, type, reason, message, source, fieldPath);
    reference.record(objectId(pod.metadata.name!), `${source.component}\u0000${source.host ?? ''}`, type, reason, message, fieldPath, now);
  }
  // Names differ (the reference numbers its own); each side's names are replaced by the order in
  // which they first appear, so an event written again under its old name is seen as such.
  const readable = (log: [string, string, ReferenceEvent][]) => {
    const aliases = new Map<string, number>();
    return log.map(([type, name, e]) => {
      if (!aliases.has(name)) aliases.set(name, aliases.size);
      return `${type} #${aliases.get(name)} ${e.object.split('\u0000')[2]} ${e.reason} x${e.count} ${e.firstMs - START_MS} ${e.lastMs - START_MS} ${e.message}`;
    });
  };
  const expected = readable(reference.writes);
  assert.ok(expected.length > 20_000, `the test should write many events (${expected.length})`);
  assert.ok(reference.dropped > 1000 && reference.combined > 100 && reference.recreated > 100, `drops, combined events and events written again after their TTL should all happen (${reference.dropped}, ${reference.combined}, ${reference.recreated})`);
  const actual = readable(writes);
  const firstDifference = expected.findIndex((line, i) => actual[i] !== line);
  assert.equal(firstDifference, -1, `write ${firstDifference} differs: expected ${expected[firstDifference]}, got ${actual[firstDifference]}`);
  assert.equal(actual.length, expected.length);
});

test('event name suffixes are unix nanoseconds in hex, whatever the previous name was', () => {
  const rng = new Rng(3);
  let ms = START_MS;
  for (let i = 0; i < 20_000; i++) {
    // Mostly close together (shared high digits), now and then a jump, now and then the epoch's start.
    ms = rng.intn(50) === 0 ? rng.intn(2 ** 31) * 1000 + rng.intn(1000) : ms + rng.intn(3);
    const t = rng.intn(100) === 0 ? rng.intn(100) : ms;
    const extra = rng.intn(1_000_000);
    assert.equal(nanosHex(t, extra), (BigInt(t) * 1_000_000n + BigInt(extra)).toString(16), `at ${t} + ${extra} ns`);
  }
  // Either side of sixteen digits' range (2⁶⁰ and 2⁶⁴ ns), where the names are written at once.
  for (const [t, extra] of [[1152921504606, 846975], [1152921504606, 846976], [18446744073709, 551615], [18446744073709, 551616]]) {
    assert.equal(nanosHex(t, extra), (BigInt(t) * 1_000_000n + BigInt(extra)).toString(16), `at ${t} + ${extra} ns`);
  }
});
