import assert from 'node:assert/strict';
import { freePort, startAzurite, type AzuriteProcess } from '../../bot/scripts/azurite';
import { tableStores } from '../../bot/src/compose/stores';
import { CardPostRenderer } from '../../bot/src/compose/post-renderer';
import type { ConversationTarget } from '../../bot/src/delivery/ports';
import { TableStorage } from '../../bot/src/storage/tables';
import { assertValidCard } from '../support/card-check';

const CHANNEL: ConversationTarget = {
  conversationId: '19:team@thread.tacv2',
  serviceUrl: 'https://smba.example/',
  reference: {},
  // The installing person's client was English: that alone does not make the team English.
  locale: 'en-US',
};

describe("delivery: the channel's monthly and annual posts in the team's language", function () {
  this.timeout(60_000);
  let azurite: AzuriteProcess;
  let renderer: (locale?: 'fi' | 'en') => CardPostRenderer;

  before(async () => {
    azurite = await startAzurite({ port: await freePort() });
    const storage = new TableStorage(azurite.connectionString, 'Lang');
    await storage.ensureTables();
    const stores = tableStores(storage, { INITIAL_COORDINATORS: [] });
    renderer = (locale) =>
      new CardPostRenderer({
        events: stores.events,
        groups: stores.groups,
        calendar: stores.eventsCalendar,
        rsvps: stores.rsvps,
        ...(locale ? { channelLocale: locale } : {}),
      });
  });
  after(async () => {
    await azurite?.stop();
  });

  async function text(r: CardPostRenderer, payload: Parameters<CardPostRenderer['render']>[0]) {
    const out = await r.render(payload, { kind: 'channel' }, CHANNEL);
    assert.ok('activity' in out);
    const card = (out.activity.attachments as { content: unknown }[])[0]?.content;
    assertValidCard(card, payload.kind);
    return JSON.stringify(card);
  }

  it('posts in Finnish by default and in English when the team speaks English', async () => {
    const month = { kind: 'monthly' as const, month: '2027-03' };
    assert.match(await text(renderer(), month), /Tässä kuussa yhteistyössä/);
    assert.match(await text(renderer('fi'), month), /Tässä kuussa yhteistyössä/);
    const english = await text(renderer('en'), month);
    assert.match(english, /This month in the cooperation/);
    assert.doesNotMatch(english, /Tässä kuussa/);
    const annual = { kind: 'annual' as const, year: 2027 };
    assert.notEqual(await text(renderer('en'), annual), await text(renderer('fi'), annual));
  });
});
