import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { localDateOf } from '@yhdistysyhteistyo/contract/time';
import { buildDeliveryEngine, scheduleSource } from '../../bot/src/compose/delivery';
import { tableStores } from '../../bot/src/compose/stores';
import type { DeliveryView } from '../../bot/src/http/delivery-routes';
import type { Clock, OutboxRow } from '../../bot/src/delivery/ports';
import { DEFAULT_RULES } from '../../bot/src/delivery/ports';
import { TableStorage } from '../../bot/src/storage/tables';
import { engineConfig, quietLog } from '../support/delivery-harness';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

const hki = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Helsinki' });

/** Helsinki wall clock of a stored UTC instant. */
const wall = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'utc' }).setZone('Europe/Helsinki').toFormat("yyyy-MM-dd'T'HH:mm");

describe('delivery: lead times of a working group and of one meeting', function () {
  this.timeout(120_000);
  let t: TestApp;
  let coordinator = '';

  before(async () => {
    t = await startTestApp();
    coordinator = await devToken(t.url, DEMO.coordinator);
  });
  after(async () => {
    await t?.stop();
  });

  it("ticks a meeting's own lead times across the autumn DST change (25.10.2026) at 9.00 Helsinki time, and its group's for the others", async () => {
    const storage = new TableStorage(t.azurite.connectionString, 'Dst');
    await storage.ensureTables();
    const stores = tableStores(storage, { INITIAL_COORDINATORS: [] });
    const at = '2026-09-01T08:00:00.000Z';
    const audit = { createdAt: at, createdBy: 'test', updatedAt: at, updatedBy: 'test' };
    await stores.groups.create({
      id: 'verkosto',
      name: { fi: 'Maahanmuuttajayhdistysten verkosto', en: "Migrant associations' network" },
      purpose: { fi: 'Kokoontuu kahdesti vuodessa.', en: '' },
      builtIn: false,
      members: [{ kind: 'user', name: 'Aino Ahonen', upn: 'aino@yhdistys.example' }],
      active: true,
      leadTimes: [{ daysBefore: 14, at: '09:00' }],
      ...audit,
    });
    const meeting = (
      id: string,
      startLocal: string,
      leadTimes?: { daysBefore: number; at: string }[],
    ) => ({
      id,
      kind: 'meeting' as const,
      workingGroupId: 'verkosto',
      title: { fi: 'Verkoston tapaaminen', en: 'Network meeting' },
      description: { fi: '', en: '' },
      start: hki(startLocal).toUTC().toISO() ?? '',
      end: hki(startLocal).plus({ hours: 2 }).toUTC().toISO() ?? '',
      place: { address: 'Kaupungintalo' },
      state: 'published' as const,
      record: false,
      host: 'Järjestökoordinaattori',
      agenda: [],
      ...(leadTimes ? { leadTimes } : {}),
      ...audit,
    });
    // Tuesday after the change, 10.00 EET: three days before is Saturday in summer time (EEST),
    // the day before is Monday in winter time (EET).
    await stores.events.create(
      meeting('syyskokous', '2026-10-27T10:00', [
        { daysBefore: 3, at: '09:00' },
        { daysBefore: 1, at: '09:00' },
      ]),
    );
    // The group's own lead time: 14 days before, on 22.10 (still summer time).
    await stores.events.create(meeting('marraskuu', '2026-11-05T10:00'));

    let now = hki('2026-10-20T08:00').toJSDate();
    const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
    const engine = buildDeliveryEngine(
      {
        stores,
        schedule: scheduleSource(stores),
        sender: {
          send: () => Promise.reject(new Error('ticks only: nothing is sent here')),
        },
        log: quietLog,
        clock,
      },
      engineConfig({
        connectionString: t.azurite.connectionString,
        prefix: 'Dst',
        instanceId: 'dst',
        rules: { ...DEFAULT_RULES, monthlyAt: undefined, annualAt: undefined },
        tenantRate: 30,
      }),
    );
    const rows = async (): Promise<OutboxRow[]> =>
      stores.outbox.list({ from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    const tickAt = async (local: string) => {
      now = hki(local).toJSDate();
      await engine.tick();
      return (await rows()).map((r) => `${r.postId} ${wall(r.dueAt)} ${r.dueAt}`);
    };

    assert.deepEqual(await tickAt('2026-10-22T08:59'), []);
    assert.deepEqual(await tickAt('2026-10-22T09:00'), [
      'meeting:marraskuu 2026-10-22T09:00 2026-10-22T06:00:00.000Z',
    ]);
    assert.deepEqual(await tickAt('2026-10-24T08:59'), [
      'meeting:marraskuu 2026-10-22T09:00 2026-10-22T06:00:00.000Z',
    ]);
    const summer = 'meeting:syyskokous 2026-10-24T09:00 2026-10-24T06:00:00.000Z';
    assert.deepEqual((await tickAt('2026-10-24T09:00')).slice(1), [summer]);
    // 06.00 UTC on Monday is 8.00 in winter time: not yet.
    assert.deepEqual((await tickAt('2026-10-26T08:00')).slice(1), [summer]);
    assert.deepEqual((await tickAt('2026-10-26T08:59')).slice(1), [summer]);
    assert.deepEqual((await tickAt('2026-10-26T09:00')).slice(1), [
      summer,
      'meeting:syyskokous 2026-10-26T09:00 2026-10-26T07:00:00.000Z',
    ]);
    // The meeting's own lead times replace the group's: no post 14 days before it.
    const all = await rows();
    assert.equal(all.filter((r) => r.postId === 'meeting:syyskokous').length, 2);
    assert.ok(all.every((r) => r.state === 'waiting' && r.kind === 'meetingReminder'));
    assert.deepEqual(
      all.map((r) => (r.payload.kind === 'meetingReminder' ? r.payload.daysBefore : -1)),
      [14, 3, 1],
    );
  });

  it("shows the posts of a group's and a meeting's lead times in the delivery view before they are due", async () => {
    const group = await api<{ id: string; leadTimes?: unknown }>(
      t.url,
      coordinator,
      '/api/v1/working-groups',
      {
        method: 'POST',
        json: {
          name: { fi: 'Kevään verkosto' },
          contact: { name: 'Helena Virtanen', upn: DEMO.coordinator },
          leadTimes: [
            { daysBefore: 1, at: '09:00' },
            { daysBefore: 21, at: '08:30' },
          ],
        },
      },
    );
    assert.equal(group.status, 201, group.text);
    assert.deepEqual(group.body.leadTimes, [
      { daysBefore: 21, at: '08:30' },
      { daysBefore: 1, at: '09:00' },
    ]);
    const day = (plus: number) =>
      localDateOf(new Date(Date.now() + plus * 86_400_000).toISOString());
    const create = (title: string, date: string, leadTimes?: unknown) =>
      api<{ id: string; etag: string }>(t.url, coordinator, '/api/v1/events', {
        method: 'POST',
        json: {
          kind: 'meeting',
          title: { fi: title },
          start: `${date}T17:00`,
          end: `${date}T18:30`,
          workingGroupId: group.body.id,
          ...(leadTimes ? { leadTimes } : {}),
        },
      });
    const own = await create('Oma muistutus', day(40), [{ daysBefore: 30, at: '12:15' }]);
    assert.equal(own.status, 201, own.text);
    const groups = await create('Ryhmän muistutukset', day(30));
    assert.equal(groups.status, 201, groups.text);
    for (const e of [own, groups]) {
      const published = await api(t.url, coordinator, `/api/v1/events/${e.body.id}/publish`, {
        method: 'POST',
        headers: { 'If-Match': e.body.etag },
      });
      assert.ok(published.status < 300, published.text);
    }

    const list = await api<{ items: DeliveryView[] }>(
      t.url,
      coordinator,
      `/api/v1/deliveries?from=${day(0)}&to=${day(45)}`,
    );
    assert.equal(list.status, 200, list.text);
    const of = (id: string) =>
      list.body.items
        .filter((i) => i.postId === `meeting:${id}`)
        .map((i) => `${wall(i.dueAt)} ${i.state} ${String(i.upcoming)}`);
    assert.deepEqual(of(own.body.id), [`${day(10)}T12:15 waiting true`]);
    assert.deepEqual(of(groups.body.id), [
      `${day(9)}T08:30 waiting true`,
      `${day(29)}T09:00 waiting true`,
    ]);

    const bad = await api<{ error: { message: string; fields?: Record<string, string> } }>(
      t.url,
      coordinator,
      '/api/v1/events',
      {
        method: 'POST',
        json: {
          kind: 'meeting',
          title: { fi: 'Liian aikaisin' },
          start: `${day(5)}T17:00`,
          end: `${day(5)}T18:00`,
          workingGroupId: group.body.id,
          leadTimes: [{ daysBefore: 90, at: '09:00' }],
        },
      },
    );
    assert.equal(bad.status, 400);
    assert.equal(
      bad.body.error.fields?.['leadTimes.0.daysBefore'],
      'Päiviä ennen on kokonaisluku 0–60.',
    );
  });
});
