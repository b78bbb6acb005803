/**
 * No e-mail address, token or signature in any log line: the test drives the whole API (every
 * role, the routes that carry an address in their path or query, imports, erasure, feeds) and
 * searches the captured log (at debug level) for the demo people's addresses.
 */
import assert from 'node:assert/strict';
import type { Association } from '@yhdistysyhteistyo/contract/associations';
import { DEMO_PEOPLE } from '../../bot/src/domain/demo-data';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

const CONTACT = 'liisa.lehtonen@logikoe.example';

describe('logs: no e-mail, token or signature (real server, real Azurite)', function () {
  this.timeout(120_000);
  let t: TestApp;
  const tokens: Record<string, string> = {};

  before(async () => {
    t = await startTestApp();
    for (const p of DEMO_PEOPLE) tokens[p.upn] = await devToken(t.url, p.upn);
  });
  after(async () => {
    await t?.stop();
  });

  it('drives the API as everyone and finds no address, token or signature in the log', async () => {
    const c = tokens[DEMO.coordinator] ?? '';
    const made = await api<Association>(t.url, c, '/api/v1/associations', {
      method: 'POST',
      json: {
        name: 'Lokikoe ry',
        units: ['kulttuuri'],
        contacts: [{ name: 'Liisa Lehtonen', email: CONTACT, phone: '040 111 2222' }],
      },
    });
    assert.equal(made.status, 201, made.text);
    const reads = [
      '/api/v1/me',
      '/api/v1/associations?limit=1000',
      `/api/v1/associations?q=${encodeURIComponent(CONTACT)}`,
      `/api/v1/associations/${made.body.id}`,
      `/api/v1/associations/${made.body.id}/history`,
      '/api/v1/associations/export.csv',
      '/api/v1/associations/mailing-list',
      '/api/v1/roles',
      '/api/v1/working-groups',
      '/api/v1/events',
      `/api/v1/calendar?year=${new Date().getUTCFullYear()}`,
      '/api/v1/calendar/feed?year=2027',
      `/api/v1/people/export?email=${encodeURIComponent(CONTACT)}`,
    ];
    for (const token of Object.values(tokens)) {
      for (const path of reads) await api(t.url, token, path);
    }
    for (const p of DEMO_PEOPLE) {
      await api(t.url, c, `/api/v1/roles/${encodeURIComponent(p.upn)}`, {
        method: 'PUT',
        json: { name: p.name, role: 'contact', units: ['kulttuuri'] },
      });
    }
    await api(t.url, c, '/api/v1/associations/import?dryRun=true', {
      method: 'POST',
      body: Buffer.from(
        `Nimi;Yksiköt;Yhteyshenkilö 1 sähköposti\nLokituonti ry;kulttuuri;${CONTACT}\n`,
      ),
      headers: { 'Content-Type': 'text/csv' },
    });
    const feed = await api<{ url: string }>(t.url, c, '/api/v1/calendar/feed?year=2027');
    assert.equal(feed.status, 200, feed.text);
    const sig = new URL(feed.body.url).searchParams.get('sig') ?? '';
    await api(t.url, undefined, new URL(feed.body.url).pathname + new URL(feed.body.url).search);
    await api(t.url, undefined, `/api/v1/calendar.ics?year=2027&sig=${sig.slice(0, 10)}x`);
    await api(t.url, c, `/api/v1/people?email=${encodeURIComponent(CONTACT)}`, {
      method: 'DELETE',
    });
    // A refused token is logged by its reason only.
    await api(t.url, `${c.slice(0, -4)}AAAA`, '/api/v1/me');

    const log = t.logs.text().toLowerCase();
    assert.ok(log.length > 10_000, 'the log was captured');
    assert.match(log, /"route":"\/api\/v1\/roles\/:upn"/, 'routes are logged by template');
    const hits = [...DEMO_PEOPLE.map((p) => p.upn), CONTACT].filter((e) =>
      log.includes(e.toLowerCase()),
    );
    assert.deepEqual(hits, [], 'no e-mail address in the log');
    assert.ok(!log.includes('%40'), 'no encoded address either');
    for (const token of Object.values(tokens)) {
      assert.ok(!log.includes(token.split('.')[2]?.toLowerCase() ?? '?'), 'no token');
    }
    assert.ok(sig.length > 10 && !log.includes(sig.toLowerCase()), 'no signature');
  });
});
