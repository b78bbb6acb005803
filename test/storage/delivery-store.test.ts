import assert from 'node:assert/strict';
import type { NewOutboxRow } from '../../bot/src/delivery/ports';
import { TableDeliveryStateStore, TableLeaseStore } from '../../bot/src/storage/lease-store';
import { outboxKey, TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { TableStorage } from '../../bot/src/storage/tables';
import { freePort, startAzurite, type AzuriteProcess } from '../support/app';

function row(i: number, extra: Partial<NewOutboxRow> = {}): NewOutboxRow {
  return {
    postId: 'evening:ilta-1',
    occurrence: '2026-02-22T17:30-1d09:00',
    target: { kind: 'personal', personId: `29:user/${i}#?;@` },
    kind: 'eveningReminder',
    dueAt: '2026-02-21T07:00:00.000Z',
    state: 'waiting',
    payload: {
      kind: 'eveningReminder',
      eveningId: 'ilta-1',
      start: '2026-02-22T15:30:00.000Z',
      daysBefore: 1,
    },
    ...extra,
  };
}

describe('delivery: outbox, lease and state in Azure Tables (real Azurite)', function () {
  this.timeout(60_000);
  let azurite: AzuriteProcess;
  let storage: TableStorage;
  let storage2: TableStorage;
  let prefix = 0;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
  });
  beforeEach(async () => {
    // A fresh set of tables per test, in the same Azurite.
    prefix++;
    storage = new TableStorage(azurite.connectionString, `T${prefix}`);
    storage2 = new TableStorage(azurite.connectionString, `T${prefix}`);
    await storage.ensureTables();
  });
  after(async () => {
    await azurite?.stop();
  });

  it('keeps one row per (post, occurrence, target): inserting the same due items again adds nothing', async () => {
    const outbox = new TableOutboxStore(storage);
    const rows = Array.from({ length: 250 }, (_, i) => row(i));
    assert.deepEqual(await outbox.insert(rows), { created: 250, existing: 0 });
    // Again, from another instance, with one new row among them.
    const again = await new TableOutboxStore(storage2).insert([...rows, row(250)]);
    assert.deepEqual(again, { created: 1, existing: 250 });
    const listed = await outbox.list({
      from: '2026-02-21T00:00:00.000Z',
      to: '2026-02-22T00:00:00.000Z',
    });
    assert.equal(listed.length, 251);
    const first = listed.find(
      (r) => r.target.kind === 'personal' && r.target.personId === '29:user/0#?;@',
    );
    assert.ok(first);
    assert.equal(first.state, 'waiting');
    assert.deepEqual(first.payload, rows[0]?.payload);
    assert.equal((await outbox.get(first.id))?.id, first.id);
    assert.equal(await outbox.get('not-an-id!'), undefined);
    // The key is deterministic and table-safe.
    assert.doesNotMatch(outboxKey(rows[0]).rowKey, /[/\\#?]/);
  });

  it('lets only one of two instances move a row to sending (ETag)', async () => {
    const a = new TableOutboxStore(storage);
    const b = new TableOutboxStore(storage2);
    await a.insert([row(1)]);
    const [seenByA] = await a.list({
      from: '2026-02-21T00:00:00.000Z',
      to: '2026-02-22T00:00:00.000Z',
    });
    const [seenByB] = await b.list({
      from: '2026-02-21T00:00:00.000Z',
      to: '2026-02-22T00:00:00.000Z',
    });
    assert.ok(seenByA && seenByB);
    const claims = await Promise.all([
      a.claim(seenByA, {
        holder: 'a',
        epoch: 1,
        at: '2026-02-21T07:00:01.000Z',
        conversationId: 'a:1',
      }),
      b.claim(seenByB, {
        holder: 'b',
        epoch: 1,
        at: '2026-02-21T07:00:01.000Z',
        conversationId: 'a:1',
      }),
    ]);
    assert.equal(claims.filter((c) => c !== undefined).length, 1);
    const won = claims.find((c) => c !== undefined);
    assert.equal(won?.state, 'sending');
    assert.equal(won?.attempts, 1);
    const stored = await a.get(seenByA.id);
    assert.equal(stored?.claimedBy, won?.claimedBy);
    // The loser's stale copy cannot finish the row either.
    assert.equal(
      await b.finish(seenByB, { state: 'sent', activityId: 'x', at: '2026-02-21T07:00:02.000Z' }),
      undefined,
    );
  });

  it('records sent with the activity id, failed with status and code, and a retry time, clearing old details', async () => {
    const outbox = new TableOutboxStore(storage);
    await outbox.insert([row(1)]);
    const [waiting] = await outbox.list({
      from: '2026-02-21T00:00:00.000Z',
      to: '2026-02-22T00:00:00.000Z',
    });
    const claimed = await outbox.claim(waiting, {
      holder: 'a',
      epoch: 1,
      at: '2026-02-21T07:00:01.000Z',
      conversationId: 'a:1',
    });
    const retry = await outbox.finish(claimed!, {
      state: 'waiting',
      notBefore: '2026-02-21T07:00:05.000Z',
      httpStatus: 429,
      errorCode: 'Throttled',
      reason: 'throttled',
      at: '2026-02-21T07:00:02.000Z',
    });
    assert.equal(retry?.state, 'waiting');
    assert.equal((await outbox.get(waiting.id))?.notBefore, '2026-02-21T07:00:05.000Z');
    const again = await outbox.claim(retry, {
      holder: 'a',
      epoch: 1,
      at: '2026-02-21T07:00:05.000Z',
    });
    assert.equal(again?.attempts, 2);
    assert.equal(again?.notBefore, undefined);
    await outbox.finish(again, {
      state: 'sent',
      activityId: '1700000000001',
      at: '2026-02-21T07:00:06.000Z',
    });
    const sent = await outbox.get(waiting.id);
    assert.equal(sent?.state, 'sent');
    assert.equal(sent?.activityId, '1700000000001');
    assert.equal(sent?.sentAt, '2026-02-21T07:00:06.000Z');
    assert.equal(sent?.conversationId, 'a:1');
    assert.equal(sent?.httpStatus, undefined, 'the 429 of the first attempt is gone');
    assert.equal(sent?.errorCode, undefined);

    await outbox.insert([row(2)]);
    const second = (
      await outbox.list({
        from: '2026-02-21T00:00:00.000Z',
        to: '2026-02-22T00:00:00.000Z',
        states: ['waiting'],
      })
    )[0];
    const c2 = await outbox.claim(second, {
      holder: 'a',
      epoch: 1,
      at: '2026-02-21T07:00:01.000Z',
    });
    await outbox.finish(c2!, {
      state: 'failed',
      reason: 'blocked',
      httpStatus: 403,
      errorCode: 'ConversationBlockedByUser',
      at: '2026-02-21T07:00:02.000Z',
    });
    const failed = await outbox.get(second.id);
    assert.deepEqual(
      [failed?.state, failed?.reason, failed?.httpStatus, failed?.errorCode],
      ['failed', 'blocked', 403, 'ConversationBlockedByUser'],
    );
    const byState = await outbox.list({
      from: '2026-02-21T00:00:00.000Z',
      to: '2026-02-22T00:00:00.000Z',
      states: ['failed'],
    });
    assert.deepEqual(
      byState.map((r) => r.id),
      [second.id],
    );
  });

  it('sends one again by hand as a new row due now, once per click (ETag)', async () => {
    const outbox = new TableOutboxStore(storage);
    await outbox.insert([row(1, { state: 'skipped', reason: 'stale' })]);
    const [skipped] = await outbox.list({
      from: '2026-02-21T00:00:00.000Z',
      to: '2026-02-22T00:00:00.000Z',
    });
    const fresh = await outbox.resend(skipped, '2026-02-23T08:00:00.000Z');
    assert.equal(fresh?.state, 'waiting');
    assert.equal(fresh?.dueAt, '2026-02-23T08:00:00.000Z');
    assert.equal(fresh?.resendOf, skipped.id);
    assert.notEqual(fresh?.id, skipped.id);
    assert.equal((await outbox.get(skipped.id))?.resends, 1);
    // A second click with the same (now stale) version changes nothing.
    assert.equal(await outbox.resend(skipped, '2026-02-23T08:00:01.000Z'), undefined);
    const all = await outbox.list({
      from: '2026-02-20T00:00:00.000Z',
      to: '2026-02-24T00:00:00.000Z',
    });
    assert.equal(all.length, 2);
  });

  it('gives the lease to one instance, renews it, and hands it over with a higher epoch after expiry', async () => {
    const a = new TableLeaseStore(storage);
    const b = new TableLeaseStore(storage2);
    const t0 = new Date('2026-02-21T07:00:00.000Z');
    const race = await Promise.all([
      a.acquire('timer', 'a', 10_000, t0),
      b.acquire('timer', 'b', 10_000, t0),
    ]);
    assert.equal(race.filter((r) => r.held).length, 1, 'exactly one wins the race');
    const winner = race[0]?.held ? 'a' : 'b';
    const [holderStore, otherStore, other] = winner === 'a' ? [a, b, 'b'] : [b, a, 'a'];
    const held = race.find((r) => r.held);
    assert.ok(held?.held);
    assert.equal(held.lease.epoch, 1);

    const renewed = await holderStore.renew(held.lease, 10_000, new Date(t0.getTime() + 5_000));
    assert.equal(renewed?.expiresAt, '2026-02-21T07:00:15.000Z');
    const refused = await otherStore.acquire(
      'timer',
      other,
      10_000,
      new Date(t0.getTime() + 14_000),
    );
    assert.equal(refused.held, false);
    assert.equal(!refused.held && refused.current?.holder, winner);

    // The holder stops renewing: after expiry the other takes over, epoch + 1.
    const taken = await otherStore.acquire('timer', other, 10_000, new Date(t0.getTime() + 15_001));
    assert.ok(taken.held);
    assert.equal(taken.lease.epoch, 2);
    assert.equal(
      await holderStore.renew(renewed, 10_000, new Date(t0.getTime() + 15_002)),
      undefined,
      'the old holder has lost it',
    );
    // Releasing lets the next one in at once.
    await otherStore.release(taken.lease);
    const back = await holderStore.acquire(
      'timer',
      winner,
      10_000,
      new Date(t0.getTime() + 15_003),
    );
    assert.ok(back.held);
    assert.equal(back.lease.epoch, 3);
  });

  it('moves lastTick only forward and keeps the pause with who and when', async () => {
    const state = new TableDeliveryStateStore(storage);
    assert.deepEqual(await state.read(), { paused: false });
    await state.saveLastTick('2026-02-21T07:00:30.000Z');
    await state.saveLastTick('2026-02-21T07:00:00.000Z');
    assert.equal((await state.read()).lastTick, '2026-02-21T07:00:30.000Z');
    await Promise.all([
      state.saveLastTick('2026-02-21T07:01:00.000Z'),
      new TableDeliveryStateStore(storage2).saveLastTick('2026-02-21T07:01:30.000Z'),
    ]);
    assert.equal((await state.read()).lastTick, '2026-02-21T07:01:30.000Z');
    await state.setPaused(true, 'helena.virtanen@kaupunki.example', '2026-02-21T08:00:00.000Z');
    assert.deepEqual(await state.read(), {
      paused: true,
      pausedBy: 'helena.virtanen@kaupunki.example',
      pausedAt: '2026-02-21T08:00:00.000Z',
      lastTick: '2026-02-21T07:01:30.000Z',
    });
    await state.setPaused(false, 'helena.virtanen@kaupunki.example', '2026-02-21T09:00:00.000Z');
    assert.deepEqual(await state.read(), { paused: false, lastTick: '2026-02-21T07:01:30.000Z' });
  });
});
