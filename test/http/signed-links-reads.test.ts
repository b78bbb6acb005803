/**
 * Signed links (the calendar feed, an event's .ics, the wheel picture, an association's survey
 * page) are checked before any storage read: a request with a wrong signature makes no table
 * request at all, counted on every table client's pipeline.
 */
import assert from 'node:assert/strict';
import { feedParts, sign, verify } from '../../bot/src/http/signed-links';
import { FEED_SECRET_MAX_AGE_MS, FeedSecretStore } from '../../bot/src/storage/events-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

describe('signed links: the signature before any storage read', function () {
  this.timeout(60_000);
  let t: TestApp;
  let requests = 0;
  let feedUrl = '';
  const Y = new Date().getUTCFullYear();
  const WRONG = 'A'.repeat(32);

  before(async () => {
    t = await startTestApp();
    const token = await devToken(t.url, DEMO.coordinator);
    const feed = await api<{ url: string }>(t.url, token, `/api/v1/calendar/feed?year=${Y}`);
    assert.equal(feed.status, 200, feed.text);
    feedUrl = feed.body.url;
    const count = {
      name: 'count-table-requests',
      sendRequest: (request: never, next: (r: never) => Promise<never>) => {
        requests++;
        return next(request);
      },
    };
    for (const name of Object.values(TABLES)) t.app.storage.table(name).pipeline.addPolicy(count);
    t.app.storage.service.pipeline.addPolicy(count);
  });
  after(async () => {
    await t?.stop();
  });

  const get = async (path: string) => {
    const before = requests;
    const res = await fetch(`${t.url}${path}`);
    await res.arrayBuffer();
    return { status: res.status, reads: requests - before };
  };

  for (const [what, path] of [
    ['the calendar feed', `/api/v1/calendar.ics?year=${Y}&sig=${WRONG}`],
    ['an event’s .ics', `/api/v1/events/abcdef/event.ics?sig=${WRONG}`],
    ['the wheel picture', `/api/v1/calendar.png?year=${Y}&lang=fi&exp=4102444800&sig=${WRONG}`],
    ['a survey page', `/survey/kysely-1/yhdistys-1?sig=${WRONG}`],
    ['the calendar feed, signature of the wrong shape', `/api/v1/calendar.ics?year=${Y}&sig=lyhyt`],
  ] as const) {
    it(`${what}: a wrong signature is 403 with no table request`, async () => {
      const res = await get(path);
      assert.equal(res.status, 403);
      assert.equal(res.reads, 0, 'table requests');
    });
  }

  it('a secret rotated on another instance is read again once the one in memory is a minute old', async () => {
    const meta = t.app.storage.table(TABLES.meta);
    let reads = 0;
    const counted = {
      getEntity: ((...args: Parameters<typeof meta.getEntity>) => {
        reads++;
        return meta.getEntity(...args);
      }) as typeof meta.getEntity,
      createEntity: meta.createEntity.bind(meta),
      updateEntity: meta.updateEntity.bind(meta),
    };
    let now = Date.now();
    const here = new FeedSecretStore(counted, () => now);
    const before = (await here.current()).secret;
    const rotated = (await new FeedSecretStore(meta).rotate('toinen-instanssi')).secret;
    const signedNew = sign(rotated, ...feedParts(Y));
    const check = (sig: string) => (secret: string) => verify(secret, sig, ...feedParts(Y));
    reads = 0;
    assert.equal(await here.verify(check(signedNew)), false, 'within the minute: the old secret');
    assert.equal(await here.verify(check(sign(before, ...feedParts(Y)))), true);
    assert.equal(reads, 0);
    now += FEED_SECRET_MAX_AGE_MS + 1;
    assert.equal(await here.verify(check(signedNew)), true, 'after it: read again, accepted');
    assert.equal(reads, 1);
    assert.equal(await here.verify(check(WRONG)), false);
    assert.equal(await here.verify(check(sign(before, ...feedParts(Y)))), false, 'revoked');
    assert.equal(reads, 1, 'wrong signatures after the read cost nothing');
  });

  it('the counting sees reads: a valid feed link reads the events', async () => {
    const res = await get(new URL(feedUrl).pathname + new URL(feedUrl).search);
    assert.equal(res.status, 200);
    assert.ok(res.reads > 0);
  });
});
