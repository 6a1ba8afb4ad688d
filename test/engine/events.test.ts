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
  assert.equal(events()[0].count, 26);
  at(300 + 900);
  for (let i = 0; i < 5; i++) fire();
  assert.equal(events()[0].count, 29, 'three tokens refilled in 900 s');
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
 * The recorder's caches as client-go keeps them, written plainly: three lru maps keyed by the
 * whole string (source, object, type, reason, field path, message), least recently used first
 * out once a map holds a quarter more than 4096. The recorder keeps them per object; what it
 * counts, combines and drops must be the same.
 */
class ReferenceRecorder {
  private tick = 0;
  private readonly maps = [new Map<string, { value: unknown; used: number }>(), new Map<string, { value: unknown; used: number }>(), new Map<string, { value: unknown; used: number }>()];
  readonly events = new Map<string, { reason: string; message: string; count: number; object: string }>();
  private n = 0;
  private get(m: number, key: string): unknown {
    const e = this.maps[m].get(key);
    if (!e) return undefined;
    e.used = ++this.tick;
    return e.value;
  }
  private set(m: number, key: string, value: unknown): void {
    const map = this.maps[m];
    const e = map.get(key);
    if (e) {
      e.value = value;
      e.used = ++this.tick;
      return;
    }
    map.set(key, { value, used: ++this.tick });
    if (map.size > 4096 + 1024) {
      const byAge = [...map].sort((a, b) => a[1].used - b[1].used);
      for (let i = 0; i < byAge.length - 4096; i++) map.delete(byAge[i][0]);
    }
  }
  record(object: string, source: string, type: string, reason: string, message: string, fieldPath: string | undefined): void {
    const objectId = `${source}\u0000${object}`;
    let b = this.get(0, `${objectId}\u0000${type}`) as { tokens: number } | undefined;
    if (!b) this.set(0, `${objectId}\u0000${type}`, (b = { tokens: 25 }));
    if (b.tokens <= 0) return;
    b.tokens--;
    const aggregateKey = `${objectId}\u0000${type}\u0000${reason}`;
    let aggregate = this.get(1, aggregateKey) as Set<string> | undefined;
    if (!aggregate) aggregate = new Set();
    aggregate.add(message);
    this.set(1, aggregateKey, aggregate);
    let dedupKey = `${aggregateKey}\u0000${fieldPath ?? ''}\u0000${message}`;
    if (aggregate.size >= 10) {
      aggregate.delete(aggregate.values().next().value!);
      message = `(combined from similar events): ${message}`;
      dedupKey = aggregateKey;
    }
    const existing = this.get(2, dedupKey) as string | undefined;
    if (existing) {
      const ev = this.events.get(existing)!;
      ev.count++;
      ev.message = message;
      return;
    }
    const name = `e${this.n++}`;
    this.events.set(name, { reason, message, count: 1, object });
    this.set(2, dedupKey, name);
  }
}

test('the per-object caches count, combine and forget exactly as flat lru caches of 4096 entries do', async () => {
  const { Cluster } = await import('../../engine/cluster.ts');
  const c = new Cluster({ seed: 1, freezeObjects: false, checkInvariants: false, trace: false });
  const reference = new ReferenceRecorder();
  const rng = new Rng(7);
  const pods = Array.from({ length: 1500 }, (_, i) => c.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as KubeObject));
  const sources = [{ component: 'kubelet', host: 'm01' }, { component: 'kubelet', host: 'm02' }, { component: 'job-controller' }];
  for (let step = 0; step < 40_000; step++) {
    // Mostly a few recent pods, now and then an old one, so that some entries are evicted and some survive.
    const i = rng.intn(10) < 8 ? Math.max(0, Math.floor(step / 30) % 1500 - rng.intn(5)) : rng.intn(1500);
    const pod = pods[i];
    const source = sources[rng.intn(3)];
    const type = rng.intn(5) === 0 ? 'Warning' : 'Normal';
    const reason = `R${rng.intn(4)}`;
    const message = `m${rng.intn(rng.intn(2) === 0 ? 3 : 14)}`;
    const fieldPath = rng.intn(2) === 0 ? 'spec.containers{c}' : undefined;
    c.events.record(pod, type, reason, message, source, fieldPath);
    reference.record(`Pod\u0000default\u0000${pod.metadata.name}\u0000${pod.metadata.uid}\u0000v1`, `${source.component}\u0000${source.host ?? ''}`, type, reason, message, fieldPath);
  }
  const summary = (es: { reason: string; message: string; count: number; object: string }[]) => es.map((e) => `${e.object} ${e.reason} ${e.count} ${e.message}`).sort();
  const stored = c.store.list<Event & KubeObject>('Event').filter((e) => e.involvedObject.kind === 'Pod');
  const actual = summary(stored.map((e) => ({ reason: e.reason!, message: e.message!, count: e.count!, object: `Pod\u0000default\u0000${e.involvedObject.name}\u0000${e.involvedObject.uid}\u0000v1` })));
  const expected = summary([...reference.events.values()]);
  assert.ok(expected.length > 5000, `the test should make many events (${expected.length})`);
  assert.ok(expected.some((e) => / [2-9]\d* /.test(e)), 'some events should be counted more than once');
  assert.deepEqual(actual, expected);
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
});
