/**
 * The yearly stale-data reminder through the Agents Playground: a contact person (Mikko Laine,
 * the playground's current user here) has the app in personal chat; one association of his units
 * was last checked two years ago; the reminder goes through the outbox to his personal chat, and
 * "still correct" on the card saves the association as it is (its check date is today) and
 * answers with the card without it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import { tableStores } from '../../bot/src/compose/stores';
import { staleDataJob } from '../../bot/src/compose/stale-data';
import { addressKeyOf } from '../../bot/src/compose/surveys';
import type { NewOutboxRow } from '../../bot/src/delivery/ports';
import { versionRow } from '../../bot/src/storage/associations-store';
import { TableStaleDataMarkers } from '../../bot/src/storage/stale-data-markers';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { assertValidCard, cardTexts } from '../support/card-check';
import {
  cardOfOutput,
  PLAYGROUND_CONFIG,
  startPlayground,
  type BotOutput,
  type Playground,
} from '../support/playground';
import { api, DEMO, devToken } from '../support/tokens';

const TITLES = [
  'Ovatko yhdistystesi tiedot ajan tasalla?',
  "Is your associations' data up to date?",
];

/** The shared playground config with Mikko Laine (a contact person) as the current user. */
function mikkoFirst(dir: string): string {
  const swap: [string, string][] = [
    ['helena-virtanen', 'mikko-laine'],
    ['Helena Virtanen', 'Mikko Laine'],
    ['helena.virtanen', 'mikko.laine'],
    ['0000000101', '0000000102'],
    ['givenName: Helena', 'givenName: Mikko'],
    ['surname: Virtanen', 'surname: Laine'],
  ];
  let text = readFileSync(PLAYGROUND_CONFIG, 'utf8');
  swap.forEach(([a, b], i) => {
    text = text
      .split(a)
      .join(`\u0000${i}\u0000`)
      .split(b)
      .join(a)
      .split(`\u0000${i}\u0000`)
      .join(b);
  });
  const file = path.join(dir, '.m365agentsplayground.yml');
  writeFileSync(file, text);
  return file;
}

describe('the stale-data reminder through the Agents Playground', function () {
  this.timeout(120_000);
  let app: TestApp;
  let pg: Playground;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pg-stale-'));
    app = await startTestApp({ DELIVERY_ENABLED: 'true', DELIVERY_TICK_SECONDS: '1' });
    pg = await startPlayground({
      botEndpoint: `${app.url}/api/messages`,
      configFile: mikkoFirst(dir),
    });
  });
  after(async () => {
    await pg?.stop();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('arrives in the contact person’s personal chat, and "still correct" checks the association', async () => {
    assert.equal(pg.config.currentUser.name, 'Mikko Laine');
    const chat = pg.config.personalChat.id;
    const created = (o: BotOutput) => o.action === 'createMessage' && o.conversationId === chat;
    let mark = pg.mark();
    await pg.install(chat);
    await pg.waitFor(created, { after: mark });

    // One association of Mikko's units, last checked two years ago.
    const token = await devToken(app.url, DEMO.contact);
    const mine = await api<{ items: { id: string; name: string }[] }>(
      app.url,
      token,
      '/api/v1/associations?mine=true&limit=5',
    );
    const stale = mine.body.items[0];
    assert.ok(stale, mine.text);
    const table = app.app.storage.table(TABLES.associations);
    for await (const e of table.listEntities<{ name: string }>()) {
      if (e.name !== stale.name) continue;
      await table.updateEntity(
        {
          partitionKey: e.partitionKey ?? '',
          rowKey: e.rowKey ?? '',
          updatedAt: new Date(Date.now() - 2 * 365 * 86_400_000).toISOString(),
        },
        'Merge',
      );
    }
    await table.upsertEntity(versionRow(new Date()), 'Replace');

    // The yearly job, as the lease holder runs it, on a weekday morning; its row is due now.
    const stores = tableStores(app.app.storage, { INITIAL_COORDINATORS: [] });
    const tuesday = new Date(localToUtc('2027-02-02T10:00'));
    const job = () =>
      staleDataJob({
        sources: {
          associations: stores.associations,
          directory: stores.directory,
          installations: stores.conversations,
          addressKey: addressKeyOf(stores.surveyKeys),
          tabUrl: () => app.url,
        },
        markers: new TableStaleDataMarkers(app.app.storage.table(TABLES.meta)),
        outbox: {
          insert: (rows: readonly NewOutboxRow[]) =>
            stores.outbox.insert(rows.map((r) => ({ ...r, dueAt: new Date().toISOString() }))),
        },
        clock: { now: () => tuesday },
        log: { info() {} },
      });
    mark = pg.mark();
    assert.equal(await job().runIfDue(), 1, 'one reminder: Mikko, the only contact with the app');
    const post = await pg.waitFor(
      (o) => created(o) && TITLES.includes(cardTexts(cardOfOutput(o))[0] ?? ''),
      { after: mark, timeoutMs: 30_000 },
    );
    const card = cardOfOutput(post);
    assertValidCard(card, 'stale-data reminder in the playground');
    assert.ok(cardTexts(card).includes(stale.name), cardTexts(card).join(' | '));
    const button = JSON.stringify(card).match(
      /"verb":"staleData\.confirm","data":(\{[^}]*\})/,
    )?.[1];
    assert.ok(button, 'a still-correct button');
    const data = JSON.parse(button) as { associationId: string; etag: string };
    assert.equal(data.associationId, stale.id);

    // "Still correct": the card comes back saying so, without the association.
    const answer = (await pg.invoke(chat, post.messageId ?? '', {
      verb: 'staleData.confirm',
      data,
    })) as { value?: unknown };
    assertValidCard(answer.value, 'still correct answer');
    const texts = cardTexts(answer.value);
    assert.ok(
      texts.some((x) => x.includes(stale.name) && /tänään|today/.test(x)),
      texts.join(' | '),
    );
    assert.ok(!texts.includes(stale.name), 'no longer listed');
    const after = await api<{ updatedAt: string }>(
      app.url,
      token,
      `/api/v1/associations/${stale.id}`,
    );
    assert.ok(Date.now() - Date.parse(after.body.updatedAt) < 60_000, 'checked today');

    // Pressed again with the old ETag: the data changed since, said so; nothing is saved twice.
    const again = (await pg.invoke(chat, post.messageId ?? '', {
      verb: 'staleData.confirm',
      data,
    })) as { value?: unknown };
    assert.ok(
      cardTexts(again.value).some((x) => /muutettiin juuri|just changed/.test(x)),
      cardTexts(again.value).join(' | '),
    );

    // A rerun of the job this year (a fresh instance) sends nothing more.
    assert.equal(await job().runIfDue(), 0);
  });
});
