/**
 * Guide texts on two instances of the app sharing one Azurite: an edit saved through one
 * instance's API shows on the other instance's bot card within a few seconds, not after a
 * cache period, while the other instance had the old text cached.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ContentEntry } from '@yhdistysyhteistyo/contract/content';
import { loadConfig } from '../../bot/src/config';
import { startApp, type RunningApp } from '../../bot/src/index';
import { createLogger } from '../../bot/src/log';
import { cardTexts } from '../support/card-check';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { LogCapture, startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';
import { until } from '../support/wait';

const BOT = { id: '28:bot-app-id', name: 'Yhdistysbotti' };
const TENANT = '00000000-0000-4000-8000-00000000c17e';
const PERSON = { id: '29:aino', aadObjectId: 'aad-aino', name: 'Aino Koskinen' };

describe('guide texts on two instances (one Azurite)', function () {
  this.timeout(90_000);
  let a: TestApp;
  let b: RunningApp;
  let connector: FakeConnector;

  before(async () => {
    a = await startTestApp();
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DEV_AUTH: 'true',
      SEED_DEMO_DATA: 'false',
      INITIAL_COORDINATORS: DEMO.coordinator,
      STORAGE_CONNECTION_STRING: a.azurite.connectionString,
      TABLE_PREFIX: a.config.TABLE_PREFIX,
    });
    b = await startApp(config, createLogger(config.LOG_LEVEL, new LogCapture()));
    await b.storageReady;
    connector = await startFakeConnector({ threadWindows: false });
  });
  after(async () => {
    await connector?.close();
    await b?.close();
    await a?.stop();
  });

  /** Asks instance B's bot in a personal chat and returns the texts of its card. */
  async function askB(text: string): Promise<string[]> {
    connector.reset();
    const conversation = { id: 'a:personal-aino', conversationType: 'personal', tenantId: TENANT };
    const res = await fetch(`${b.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        type: 'message',
        text,
        channelId: 'msteams',
        serviceUrl: connector.url,
        recipient: BOT,
        from: PERSON,
        locale: 'fi-FI',
        timestamp: new Date().toISOString(),
        conversation,
        channelData: { tenant: { id: TENANT } },
      }),
    });
    assert.equal(res.status, 200);
    const reply = connector.deliveriesTo(conversation.id)[0];
    const attachments = reply?.activity.attachments as { content?: unknown }[] | undefined;
    return cardTexts(attachments?.[0]?.content);
  }

  it('shows an edit saved on one instance on the other’s card within seconds', async () => {
    // B reads and caches the texts first.
    const before = await askB('avustukset');
    assert.equal(before[0], 'Avustukset ja avustussääntö');
    assert.equal((await askB('avustukset'))[0], 'Avustukset ja avustussääntö');

    const token = await devToken(a.url, DEMO.coordinator);
    const list = await api<{ items: ContentEntry[] }>(a.url, token, '/api/v1/content');
    const grants = list.body.items.find((e) => e.section === 'topic' && e.key === 'grants');
    assert.ok(grants);
    const saved = await api(a.url, token, '/api/v1/content/topic/grants', {
      method: 'PUT',
      json: {
        ...grants.fields,
        title: { fi: 'Avustussääntö 2027', en: 'The grant rule 2027' },
        points: { ...grants.fields.points, fi: ['Hakuaika päättyy 31.3.'] },
      },
      headers: { 'If-Match': grants.etag },
    });
    assert.equal(saved.status, 200, saved.text);
    const savedAt = Date.now();

    let seen: string[] = [];
    await until(
      'instance B to show the new title',
      async () => {
        seen = await askB('avustukset');
        return seen[0] === 'Avustussääntö 2027';
      },
      5_000,
      100,
    );
    assert.ok(Date.now() - savedAt < 5_000);
    assert.ok(seen.includes('Hakuaika päättyy 31.3.'), seen.join(' | '));
  });
});
