/** Who sees what of an association: the pure rules the API and the tab share. */
import assert from 'node:assert/strict';
import type { Association } from '@yhdistysyhteistyo/contract/associations';
import { roleOf } from '@yhdistysyhteistyo/contract/people';
import {
  associationDetail,
  decide,
  listsAsContact,
  publicDetails,
  seesContactDetails,
  visibleAssociation,
} from '@yhdistysyhteistyo/contract/roles';

const coordinator = { coordinator: true, units: [] };
const contactOtherUnit = { coordinator: false, units: ['liikunta'] };
const reader = { coordinator: false, units: [] };
const guest = { coordinator: false, units: [], guest: true };
const guestContact = { coordinator: false, units: ['kulttuuri'], guest: true };

const association: Association = {
  id: 'kuoro',
  name: 'Kuoro ry',
  registerNumber: '123.456',
  businessId: '',
  units: ['kulttuuri'],
  categories: ['kulttuuri'],
  contacts: [
    {
      name: 'Leena Mäkinen',
      role: 'pj',
      email: 'Leena.Makinen@kuoro.example',
      phone: '040 1',
      language: 'fi',
    },
  ],
  website: 'https://kuoro.example/',
  profileUrl: '',
  hasRepresentative: true,
  workingGroups: [],
  notes: 'sisäinen',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'helena.virtanen@kaupunki.example',
  updatedAt: '2026-01-01T00:00:00Z',
  updatedBy: 'mikko.laine@kaupunki.example',
  etag: 'W/"1"',
};

describe('roles: who sees contact details (pure)', () => {
  it('contact details: coordinators and contact persons of any unit, not readers or guests', () => {
    assert.ok(seesContactDetails(coordinator));
    assert.ok(seesContactDetails(contactOtherUnit));
    assert.ok(!seesContactDetails(reader));
    assert.ok(!seesContactDetails(guest));
    assert.ok(seesContactDetails(guestContact), 'a guest a coordinator made a contact person');
  });

  it('refuses with a reason that says who may see them', () => {
    for (const action of ['association.export', 'association.history', 'roles.read'] as const) {
      const d = decide(guest, action);
      assert.equal(d.allowed ? '' : d.reason, 'security.forbidden.contactDetails');
    }
  });

  it('a guest without an assignment is a guest, not a reader', () => {
    assert.equal(roleOf(guest), 'guest');
    assert.equal(roleOf(reader), 'reader');
    assert.equal(roleOf(guestContact), 'contact');
  });

  it('full for coordinators, contact persons and anyone listed; public for others', () => {
    assert.equal(associationDetail(coordinator, false), 'full');
    assert.equal(associationDetail(contactOtherUnit, false), 'full');
    assert.equal(associationDetail(reader, false), 'public');
    assert.equal(associationDetail(guest, false), 'public');
    assert.equal(associationDetail(guest, true), 'full');
  });

  it('finds a contact person by address, whatever the case', () => {
    assert.ok(listsAsContact(association, 'leena.makinen@kuoro.example'));
    assert.ok(!listsAsContact(association, 'leena.makinen@toinen.example'));
  });

  it('public details: no contact person, note or author address; the rest unchanged', () => {
    const p = publicDetails(association);
    assert.deepEqual(p.contacts, []);
    assert.equal(p.notes, '');
    assert.equal(p.createdBy, '');
    assert.equal(p.updatedBy, '');
    assert.ok(!JSON.stringify(p).includes('@'));
    assert.equal(p.name, association.name);
    assert.deepEqual(p.units, association.units);
    assert.equal(p.etag, association.etag);
  });

  it('visibleAssociation: the listed guest sees it all, another guest the public part', () => {
    assert.equal(
      visibleAssociation(guest, 'leena.makinen@kuoro.example', association).contacts.length,
      1,
    );
    assert.equal(visibleAssociation(guest, 'x@y.example', association).contacts.length, 0);
    assert.equal(visibleAssociation(reader, 'x@y.example', association).contacts.length, 0);
    assert.equal(
      visibleAssociation(contactOtherUnit, 'x@y.example', association).notes,
      'sisäinen',
    );
  });
});
