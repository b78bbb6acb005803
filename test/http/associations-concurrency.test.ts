/**
 * 50 concurrent edits of one association, each with the ETag it read: in every round exactly
 * one wins, the other 49 get 409 with the winner's version, and the stored row is the
 * winner's. Several rounds, plain edits and renames (which write name claims in a
 * transaction), over real HTTP against real Azurite.
 */
import assert from 'node:assert/strict';
import type { Association, HistoryResponse } from '@yhdistysyhteistyo/contract/associations';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

const WRITERS = 50;

describe('concurrent edits of one association (real server, real Azurite)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let token: string;
  let association: Association;

  before(async () => {
    t = await startTestApp();
    token = await devToken(t.url, DEMO.coordinator);
    const res = await api<Association>(t.url, token, '/api/v1/associations', {
      method: 'POST',
      json: { name: 'Kilpajuoksu ry', units: ['liikunta'] },
    });
    assert.equal(res.status, 201);
    association = res.body;
  });
  after(async () => {
    await t?.stop();
  });

  async function round(n: number, rename: boolean): Promise<void> {
    const read = await api<Association>(t.url, token, `/api/v1/associations/${association.id}`);
    const etag = read.headers.get('etag') ?? '';
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        api<Association & { current?: Association; error?: { code: string } }>(
          t.url,
          token,
          `/api/v1/associations/${association.id}`,
          {
            method: 'PUT',
            json: {
              ...read.body,
              name: rename ? `Kilpajuoksu ${n}-${i} ry` : read.body.name,
              notes: `kierros ${n}, kirjoittaja ${i}`,
            },
            headers: { 'If-Match': etag },
          },
        ),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    assert.equal(winners.length, 1, `round ${n}: exactly one wins`);
    assert.equal(losers.length, WRITERS - 1, `round ${n}: the others get 409`);
    const winner = winners[0]?.body;
    assert.ok(winner);
    for (const l of losers) {
      assert.equal(l.body.error?.code, 'conflict');
      // Each loser sees a version newer than the one it read: the winner's, never its own.
      assert.ok(l.body.current, 'the current version is in the body');
      assert.notEqual(l.body.current.etag, etag);
    }
    const stored = await api<Association>(t.url, token, `/api/v1/associations/${association.id}`);
    assert.equal(stored.body.notes, winner.notes, 'the stored row is the winner’s');
    assert.equal(stored.body.name, winner.name);
    assert.equal(stored.body.etag, winner.etag);
  }

  for (let n = 1; n <= 4; n++) {
    it(`round ${n}: 50 edits with one ETag — exactly one wins, 49 get 409`, async () => {
      await round(n, false);
    });
  }
  for (let n = 5; n <= 6; n++) {
    it(`round ${n}: 50 renames with one ETag — exactly one wins and only its name is claimed`, async () => {
      await round(n, true);
      const list = await api<{ items: Association[] }>(
        t.url,
        token,
        '/api/v1/associations?q=kilpajuoksu&limit=1000',
      );
      const thisRound = list.body.items.filter((a) => a.name.startsWith(`Kilpajuoksu ${n}-`));
      assert.equal(thisRound.length, 1, 'one association carries a name of this round');
      // A losing name is free: nobody holds it.
      const current = thisRound[0];
      const loserName = current?.name.endsWith('-0 ry')
        ? `Kilpajuoksu ${n}-1 ry`
        : `Kilpajuoksu ${n}-0 ry`;
      const free = await api(t.url, token, '/api/v1/associations', {
        method: 'POST',
        json: { name: loserName, units: ['liikunta'] },
      });
      assert.equal(free.status, 201, free.text);
    });
  }

  it('no update was lost silently: the history has one entry per winning edit', async () => {
    const history = await api<HistoryResponse>(
      t.url,
      token,
      `/api/v1/associations/${association.id}/history`,
    );
    const updates = history.body.items.filter((h) => h.action === 'update');
    assert.equal(updates.length, 6);
  });

  it('50 concurrent creates of one name in one unit: exactly one is created', async () => {
    const results = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        api(t.url, token, '/api/v1/associations', {
          method: 'POST',
          json: { name: 'Samanaikainen ry', units: ['nuoriso', 'liikunta'] },
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    assert.equal(results.filter((r) => r.status === 409).length, WRITERS - 1);
    const list = await api<{ total: number }>(t.url, token, '/api/v1/associations?q=samanaikainen');
    assert.equal(list.body.total, 1);
  });
});
