/**
 * Who sees what over real HTTP: contact details (people's e-mails and phones, history, export,
 * mailing list, role list) for coordinators and contact persons only; readers and guests see the
 * public details, a guest in full only the associations that list them as a contact.
 */
import assert from 'node:assert/strict';
import type { Association, AssociationList } from '@yhdistysyhteistyo/contract/associations';
import type { WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import type { MeResponse } from '@yhdistysyhteistyo/contract/people';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

type Who = 'coordinator' | 'contact' | 'contact2' | 'reader' | 'guest';

describe('data minimisation: who sees contact details (real server, real Azurite)', function () {
  this.timeout(120_000);
  let t: TestApp;
  const tokens = {} as Record<Who, string>;
  let listed: Association;
  let unlisted: Association;

  before(async () => {
    // The guest's address is also a configured coordinator's: a guest must not get that role.
    t = await startTestApp({
      INITIAL_COORDINATORS: `${DEMO.coordinator},${DEMO.guest}`,
    });
    for (const who of Object.keys(DEMO) as Who[]) {
      tokens[who] = await devToken(t.url, DEMO[who]);
    }
    const make = async (name: string, contacts: Association['contacts']) => {
      const res = await api<Association>(t.url, tokens.coordinator, '/api/v1/associations', {
        method: 'POST',
        json: { name, units: ['kulttuuri'], notes: 'Sisäinen muistiinpano', contacts },
      });
      assert.equal(res.status, 201, res.text);
      return res.body;
    };
    listed = await make('Vieraan oma kuoro ry', [
      {
        name: 'Leena Mäkinen',
        role: 'Puheenjohtaja',
        email: DEMO.guest,
        phone: '040 123 4567',
        language: 'fi',
      },
    ]);
    unlisted = await make('Toinen kuoro ry', [
      {
        name: 'Pekka Salo',
        role: 'Sihteeri',
        email: 'pekka.salo@toinen.example',
        phone: '040 765 4321',
        language: 'fi',
      },
    ]);
    // A group with a member reached by e-mail only: the address is contact data too.
    const group = await api(t.url, tokens.coordinator, '/api/v1/working-groups', {
      method: 'POST',
      json: {
        name: { fi: 'Sähköpostiverkosto' },
        contact: { name: 'Helena Virtanen', upn: DEMO.coordinator },
        members: [{ kind: 'email', name: 'Amina Hassan', email: 'amina@yhdistys.example' }],
      },
    });
    assert.equal(group.status, 201, group.text);
  });
  after(async () => {
    await t?.stop();
  });

  const get = <T>(who: Who, path: string) => api<T>(t.url, tokens[who], path);

  it('a guest is a guest: no city role by default, not even a configured coordinator address', async () => {
    const me = await get<MeResponse>('guest', '/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.role, 'guest');
    assert.equal(me.body.roles.coordinator, false);
    assert.equal(me.body.roles.guest, true);
    const write = await api(t.url, tokens.guest, '/api/v1/units', {
      method: 'POST',
      json: { id: 'vieras', name: { fi: 'Vieras', en: 'Guest' } },
    });
    assert.equal(write.status, 403, write.text);
  });

  it('a member of the city tenant is no guest', async () => {
    const me = await get<MeResponse>('reader', '/api/v1/me');
    assert.equal(me.body.role, 'reader');
    assert.notEqual(me.body.roles.guest, true);
  });

  for (const who of ['reader', 'guest'] as const) {
    it(`${who}: the list carries no contact person, note or author address`, async () => {
      const res = await get<AssociationList>(who, '/api/v1/associations?limit=1000');
      assert.equal(res.status, 200, res.text);
      const others = res.body.items.filter((a) => a.id !== listed.id || who === 'reader');
      assert.ok(others.length > 30);
      for (const a of others) {
        assert.deepEqual(a.contacts, [], a.id);
        assert.equal(a.notes, '');
        assert.equal(a.createdBy, '');
        assert.equal(a.updatedBy, '');
      }
      const text = JSON.stringify(others);
      assert.ok(!text.includes('pekka.salo@toinen.example'));
      assert.ok(!text.includes('040 765 4321'));
      assert.ok(!text.includes(DEMO.coordinator), 'no author address');
    });

    it(`${who}: one association carries public details only`, async () => {
      const res = await get<Association>(who, `/api/v1/associations/${unlisted.id}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.name, 'Toinen kuoro ry');
      assert.deepEqual(res.body.units, ['kulttuuri']);
      assert.deepEqual(res.body.contacts, []);
      assert.ok(!res.text.includes('pekka.salo'));
    });

    for (const path of [
      '/api/v1/associations/export.csv',
      '/api/v1/associations/mailing-list',
      '/api/v1/roles',
    ]) {
      it(`${who}: ${path} is refused (403) with a clear reason`, async () => {
        const res = await get<{ error: { code: string; message: string } }>(who, path);
        assert.equal(res.status, 403, res.text);
        assert.equal(res.body.error.code, 'forbidden');
        assert.match(res.body.error.message, /koordinaattorille ja yhdistysyhteyshenkilöille/);
        assert.ok(!res.text.includes('@'));
      });
    }

    it(`${who}: the history (old values, who changed) is refused`, async () => {
      const res = await get(who, `/api/v1/associations/${unlisted.id}/history`);
      assert.equal(res.status, 403, res.text);
    });

    it(`${who}: working groups without members' addresses or object ids`, async () => {
      const res = await get<{ items: WorkingGroup[] }>(who, '/api/v1/working-groups');
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.items.length > 0);
      for (const g of res.body.items) {
        for (const m of g.members) {
          if (m.kind === 'user') {
            assert.equal(m.upn, undefined);
            assert.equal(m.aadId, undefined);
          }
          if (m.kind === 'email') assert.equal(m.email, undefined);
        }
        assert.equal(g.contact?.upn, undefined);
        assert.equal(g.createdBy, '');
      }
    });
  }

  it('guest: the association that lists them as a contact, in full', async () => {
    const one = await get<Association>('guest', `/api/v1/associations/${listed.id}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.contacts[0]?.email, DEMO.guest);
    assert.equal(one.body.contacts[0]?.phone, '040 123 4567');
    assert.equal(one.body.notes, 'Sisäinen muistiinpano');
    const list = await get<AssociationList>('guest', '/api/v1/associations?limit=1000');
    const inList = list.body.items.find((a) => a.id === listed.id);
    assert.equal(inList?.contacts.length, 1);
  });

  it('reader: an association that does not list them stays public even when it lists a guest', async () => {
    const res = await get<Association>('reader', `/api/v1/associations/${listed.id}`);
    assert.deepEqual(res.body.contacts, []);
  });

  for (const who of ['coordinator', 'contact', 'contact2'] as const) {
    it(`${who}: every contact detail, in every unit`, async () => {
      const one = await get<Association>(who, `/api/v1/associations/${unlisted.id}`);
      assert.equal(one.body.contacts[0]?.email, 'pekka.salo@toinen.example');
      const csv = await get(who, '/api/v1/associations/export.csv');
      assert.equal(csv.status, 200);
      assert.ok(csv.text.includes('pekka.salo@toinen.example'));
      const mail = await get<{ emails: string[] }>(who, '/api/v1/associations/mailing-list');
      assert.ok(mail.body.emails.includes('pekka.salo@toinen.example'));
      const history = await get(who, `/api/v1/associations/${unlisted.id}/history`);
      assert.equal(history.status, 200);
      const groups = await get<{ items: WorkingGroup[] }>(who, '/api/v1/working-groups');
      assert.ok(groups.body.items.some((g) => g.contact?.upn?.includes('@')));
    });
  }
});
