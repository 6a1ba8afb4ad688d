// The kubelet's pod status shares parts of the previous status when they are just what it would
// build (a condition that did not change, the `[{ ip }]` lists): the shared part must always be
// exactly what building it afresh gives, key for key and in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { condition, sameIpList } from '../../engine/kubelet/kubelet.ts';
import type { PodCondition } from '../../engine/api/types.ts';
import { Rng } from '../../engine/rng.ts';

const T0 = Date.UTC(2020, 5, 7, 22, 36, 4);

/** What condition() builds when nothing is shared: the same rules, written out. */
function afresh(type: string, status: string, previous: readonly PodCondition[], atMs: number, reason?: string, message?: string): PodCondition {
  const old = previous.find((c) => c.type === type);
  const lastTransitionTime = old && old.status === status ? old.lastTransitionTime : new Date(Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const c: PodCondition = { type, status, lastProbeTime: null as unknown as string, lastTransitionTime };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

test('a condition shared from the previous status is the one built afresh, whatever the previous one looked like', () => {
  const rng = new Rng(11);
  const pick = <T>(xs: readonly T[]): T => xs[rng.intn(xs.length)];
  const types = ['Ready', 'ContainersReady', 'Initialized'];
  const statuses = ['True', 'False'];
  const reasons = [undefined, '', 'PodCompleted', 'ContainersNotReady'];
  const messages = [undefined, '', 'containers with unready status: [main]'];
  let shared = 0;
  for (let i = 0; i < 5000; i++) {
    // A previous condition as the kubelet or anyone else may have written it: keys in any order,
    // an extra key, a lastProbeTime, undefined-valued keys.
    const entries: [string, unknown][] = [
      ['type', pick(types)],
      ['status', pick(statuses)],
      ['lastProbeTime', pick([null, null, null, undefined, '2020-06-07T22:36:04Z'])],
      ['lastTransitionTime', pick(['2020-06-07T22:30:00Z', '2020-06-07T22:31:00Z'])],
    ];
    const reason = pick(reasons);
    const message = pick(messages);
    if (reason !== undefined || rng.intn(4) === 0) entries.push(['reason', reason]);
    if (message !== undefined || rng.intn(4) === 0) entries.push(['message', message]);
    if (rng.intn(8) === 0) entries.push(['extra', 'x']);
    if (rng.intn(8) === 0) entries.push(entries.splice(rng.intn(entries.length), 1)[0]);
    if (rng.intn(6) === 0) entries.splice(rng.intn(entries.length), 1);
    const previous = [Object.fromEntries(entries) as unknown as PodCondition];
    const args: [string, string, PodCondition[], number, string | undefined, string | undefined] = [pick(types), pick(statuses), previous, T0 + rng.intn(100_000), pick(reasons), pick(messages)];
    const got = condition(...args);
    const want = afresh(...args);
    assert.deepEqual(Object.entries(got), Object.entries(want), `case ${i}: ${JSON.stringify(previous)} ${JSON.stringify(args.slice(0, 2))} ${args[4]} ${args[5]}`);
    assert.equal(JSON.stringify(got), JSON.stringify(want));
    if (got === previous[0]) shared++;
  }
  assert.ok(shared > 10, `shared ${shared} times`);
});

test('an ip list is shared only when it is exactly [{ ip }]', () => {
  const list = [{ ip: '10.244.1.2' }];
  assert.equal(sameIpList(list, '10.244.1.2'), list);
  assert.equal(sameIpList(list, '10.244.1.3'), undefined);
  assert.equal(sameIpList(undefined, '10.244.1.2'), undefined);
  assert.equal(sameIpList([], '10.244.1.2'), undefined);
  assert.equal(sameIpList([{ ip: '10.244.1.2' }, { ip: '10.244.1.3' }], '10.244.1.2'), undefined);
  assert.equal(sameIpList([{ ip: '10.244.1.2', extra: 1 } as { ip: string }], '10.244.1.2'), undefined);
});
