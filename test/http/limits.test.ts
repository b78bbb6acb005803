/**
 * Limits over real HTTP: no form upload reaches the disk, and a recurrence rule that never
 * occurs is refused at write time and skipped (with a logged problem) when already stored.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { wheelImageUrl } from '../../bot/src/http/signed-links';
import { FeedSecretStore } from '../../bot/src/storage/events-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

const Y = new Date().getUTCFullYear() + 1;
const NEVER = 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30';

describe('limits: uploads and recurrence (real server, real Azurite)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let coordinator: string;

  before(async () => {
    t = await startTestApp();
    coordinator = await devToken(t.url, DEMO.coordinator);
  });
  after(async () => {
    await t?.stop();
  });

  it('refuses multipart/form-data with 415 before reading it, signed in or not; nothing on disk', async () => {
    const before = new Set(await readdir(tmpdir()));
    const boundary = '----koe';
    const file = 'x'.repeat(3 * 1024 * 1024);
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`;
    for (const token of [undefined, coordinator]) {
      const res = await api<{ error: { code: string; message: string } }>(
        t.url,
        token,
        '/api/v1/associations/import',
        {
          method: 'POST',
          body,
          headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
        },
      );
      assert.equal(res.status, 415, res.text);
      assert.equal(res.body.error.code, 'unsupported_media_type');
      assert.match(res.body.error.message, /CSV-tiedosto sellaisenaan/);
    }
    const added = (await readdir(tmpdir())).filter((f) => !before.has(f));
    assert.deepEqual(
      added.filter((f) => /^upload_|^[0-9a-f]{32}$/.test(f)),
      [],
      'no upload file left behind',
    );
  });

  it('refuses a meeting whose rule never occurs: 400 on the rule field, at once', async () => {
    const groups = await api<{ items: { id: string }[] }>(
      t.url,
      coordinator,
      '/api/v1/working-groups',
    );
    const t0 = performance.now();
    const res = await api<{ error: { fields?: Record<string, string> } }>(
      t.url,
      coordinator,
      '/api/v1/events',
      {
        method: 'POST',
        json: {
          kind: 'meeting',
          title: { fi: 'Ei koskaan' },
          start: `${Y}-01-05T17:00`,
          end: `${Y}-01-05T18:00`,
          workingGroupId: groups.body.items[0]?.id,
          recurrence: { rule: NEVER },
        },
      },
    );
    const ms = performance.now() - t0;
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.error.fields?.['recurrence.rule'] ?? '', /ei osu yhteenkään päivään/);
    assert.ok(ms < 1000, `${ms} ms`);
  });

  it('skips a stored rule that never occurs, with a logged problem, and answers at once', async () => {
    const groups = await api<{ items: { id: string }[] }>(
      t.url,
      coordinator,
      '/api/v1/working-groups',
    );
    const made = await api<{ id: string }>(t.url, coordinator, '/api/v1/events', {
      method: 'POST',
      json: {
        kind: 'meeting',
        title: { fi: 'Kohta rikki' },
        start: `${Y}-01-05T17:00`,
        end: `${Y}-01-05T18:00`,
        workingGroupId: groups.body.items[0]?.id,
        recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TU' },
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    // As an older version would have stored it, and published.
    const table = t.app.storage.table(TABLES.events);
    for await (const e of table.listEntities<{ recurrence?: string }>()) {
      if (e.rowKey !== made.body.id) continue;
      await table.updateEntity(
        {
          partitionKey: e.partitionKey ?? '',
          rowKey: e.rowKey,
          recurrence: JSON.stringify({ rule: NEVER, exdates: [], moved: [] }),
          state: 'published',
        },
        'Merge',
      );
    }
    const t0 = performance.now();
    const calendar = await api(t.url, coordinator, `/api/v1/calendar?year=${Y}`);
    const svg = await api(t.url, coordinator, `/api/v1/calendar.svg?year=${Y}`);
    const ms = performance.now() - t0;
    assert.equal(calendar.status, 200, calendar.text);
    assert.equal(svg.status, 200);
    assert.ok(!calendar.text.includes('Kohta rikki'), 'the bad series is left out');
    assert.ok(ms < 3000, `${ms} ms`);
    const line = t.logs.lines.find(
      (l) => l.includes('unreadable row left out') && l.includes(made.body.id),
    );
    assert.match(line ?? '', /"column":"recurrence"/);
  });

  it('sends HSTS over https only', async () => {
    const secure = await api(t.url, undefined, '/healthz', {
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    assert.equal(
      secure.headers.get('strict-transport-security'),
      'max-age=31536000; includeSubDomains',
    );
    const plain = await api(t.url, undefined, '/healthz');
    assert.equal(plain.headers.get('strict-transport-security'), null);
  });

  it('429 with Retry-After when one person exports too often, per person', async () => {
    const contact = await devToken(t.url, DEMO.contact);
    let last = 0;
    let res: Awaited<ReturnType<typeof api<{ error: { code: string; message: string } }>>>;
    do {
      res = await api(t.url, contact, '/api/v1/associations/export.csv');
      last++;
    } while (res.status === 200 && last < 40);
    assert.equal(res.status, 429, `after ${last} exports`);
    assert.equal(last, 31, 'the 31st in a minute is refused');
    assert.equal(res.body.error.code, 'rate_limited');
    assert.match(res.body.error.message, /Yritä uudelleen \d+ sekunnin kuluttua/);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    const other = await api(t.url, coordinator, '/api/v1/associations/export.csv');
    assert.equal(other.status, 200, 'another person still may');
  });

  it('429 on the signed feed per address, before the signature is even read', async () => {
    let res;
    let n = 0;
    do {
      res = await api(t.url, undefined, `/api/v1/calendar.ics?year=${Y}&sig=x`, {
        headers: { 'X-Forwarded-For': '198.51.100.9' },
      });
      n++;
    } while (res.status === 403 && n < 100);
    assert.equal(res.status, 429, `after ${n}`);
    assert.equal(n, 61);
    const elsewhere = await api(t.url, undefined, `/api/v1/calendar.ics?year=${Y}&sig=x`, {
      headers: { 'X-Forwarded-For': '198.51.100.10' },
    });
    assert.equal(elsewhere.status, 403, 'another address is only refused its bad signature');
  });

  it('draws the wheel picture once per year, language and data version', async () => {
    const secret = (await new FeedSecretStore(t.app.storage.table(TABLES.meta)).current()).secret;
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const drawn = () => t.logs.lines.filter((l) => l.includes('wheel picture drawn')).length;
    const before = drawn();
    const fi = wheelImageUrl(t.url, secret, Y + 1, 'fi', exp);
    const first = Buffer.from(await (await fetch(fi)).arrayBuffer());
    const second = Buffer.from(await (await fetch(fi)).arrayBuffer());
    assert.ok(first.equals(second));
    assert.equal(drawn() - before, 1, 'the second request is served from the cache');
    await fetch(wheelImageUrl(t.url, secret, Y + 1, 'en', exp));
    assert.equal(drawn() - before, 2, 'another language is drawn');
    const groups = await api<{ items: { id: string }[] }>(
      t.url,
      coordinator,
      '/api/v1/working-groups',
    );
    const made = await api<{ id: string; etag: string }>(t.url, coordinator, '/api/v1/events', {
      method: 'POST',
      json: {
        kind: 'meeting',
        title: { fi: 'Uusi kokous' },
        start: `${Y + 1}-03-05T17:00`,
        end: `${Y + 1}-03-05T18:00`,
        workingGroupId: groups.body.items[0]?.id,
      },
    });
    assert.equal(made.status, 201);
    await api(t.url, coordinator, `/api/v1/events/${made.body.id}/publish`, {
      method: 'POST',
      headers: { 'If-Match': made.body.etag },
    });
    await fetch(fi);
    assert.equal(drawn() - before, 3, 'a change in the data draws it again');
  });
});
