import assert from 'node:assert/strict';
import type { ErasureResult } from '@yhdistysyhteistyo/contract/associations';
import type {
  NewAuditEntry,
  PersonExportWithHistory,
} from '../../bot/src/domain/associations-service';
import {
  mentionsPerson,
  personKeys,
  PersonalDataService,
  scrubValue,
  type PersonalDataArea,
  type PersonKeys,
} from '../../bot/src/domain/personal-data';

const EMAIL = 'maija.meikalainen@yhdistys.example';
const OID = '0f0e0d0c-0b0a-4909-8807-060504030201';

const keys = (over: Partial<PersonKeys> = {}): PersonKeys => ({
  email: EMAIL,
  oids: [OID],
  names: ['maija meikäläinen'],
  teamsIds: [],
  ...over,
});

describe('personal data: who the person is, and what names them', () => {
  it('merges what the areas know, lower-cased, and never takes the address for a name', () => {
    const k = personKeys({ email: ` ${EMAIL.toUpperCase()} ` }, [
      { oids: [OID.toUpperCase(), ''], names: ['Maija Meikäläinen', EMAIL, 'M'] },
      { teamsIds: ['29:Abc'], names: ['maija meikäläinen'] },
    ]);
    assert.deepEqual(k, {
      email: EMAIL,
      oids: [OID],
      names: ['maija meikäläinen'],
      teamsIds: ['29:abc'],
    });
  });

  it('finds the person inside texts, but a short single name only as the whole value', () => {
    assert.equal(mentionsPerson(`Soita: ${EMAIL.toUpperCase()}`, keys()), true);
    assert.equal(mentionsPerson('Puheenjohtaja Maija Meikäläinen', keys()), true);
    assert.equal(mentionsPerson('Liikuntaseura', keys({ names: ['li'] })), false);
    assert.equal(mentionsPerson('Li', keys({ names: ['li'] })), true);
    assert.equal(mentionsPerson('Pekka Virtanen', keys()), false);
  });

  it('scrubs a history value deep inside JSON and counts what it replaced', () => {
    const changes = [
      { field: 'notes', before: 'Yhteys: Maija Meikäläinen', after: 'Nuorten yhdistys' },
      { field: 'website', before: { list: [`mailto:${EMAIL}`, 'x'] } },
      { field: 'contacts' },
    ];
    const out = scrubValue(changes, keys(), 'erased');
    assert.equal(out.changed, 2);
    assert.deepEqual(out.value, [
      { field: 'notes', before: 'erased', after: 'Nuorten yhdistys' },
      { field: 'website', before: { list: ['erased', 'x'] } },
      { field: 'contacts' },
    ]);
  });
});

describe('PersonalDataService', () => {
  const coordinator = { upn: 'helena@kaupunki.example', roles: { coordinator: true, units: [] } };
  const registerExport: PersonExportWithHistory = {
    email: EMAIL,
    contactIn: [],
    recordsEdited: [],
    history: [],
  };
  const registerErasure: ErasureResult = {
    contactsRemoved: 1,
    associationsChanged: 1,
    roleAssignmentRemoved: true,
    authorFieldsPseudonymised: 2,
  };

  function setup() {
    const seen: PersonKeys[] = [];
    const erasedWith: string[] = [];
    const audit: NewAuditEntry[] = [];
    // The role knows the object id; the answers (keyed by it) know the name.
    const roles: PersonalDataArea = {
      tables: ['People'],
      identify: (k) => Promise.resolve(k.email === EMAIL ? { oids: [OID] } : {}),
      find: () => Promise.resolve({}),
      erase: () => Promise.resolve({ People: 0 }),
    };
    const rsvps: PersonalDataArea = {
      tables: ['Rsvps'],
      identify: (k) =>
        Promise.resolve(k.oids.includes(OID) ? { names: ['Maija Meikäläinen'] } : {}),
      find: (k) => {
        seen.push(k);
        return Promise.resolve({ Rsvps: [{ name: 'Maija Meikäläinen' }], Empty: [] });
      },
      erase: (k, marker) => {
        seen.push(k);
        erasedWith.push(marker);
        return Promise.resolve({ Rsvps: 2 });
      },
    };
    const service = new PersonalDataService({
      register: {
        exportPerson: () => Promise.resolve(registerExport),
        erasePerson: () => Promise.resolve(registerErasure),
      },
      registerTables: ['Associations', 'People', 'Audit'],
      areas: { roles, rsvps },
      audit: {
        record: (e) => {
          audit.push(e);
          return Promise.resolve();
        },
      },
    });
    return { service, seen, erasedWith, audit };
  }

  it('finds what is keyed by an object id the address led to, and lists only tables with rows', async () => {
    const { service, seen } = setup();
    const out = await service.exportPerson({ email: EMAIL });
    assert.deepEqual(seen.at(-1), {
      email: EMAIL,
      oids: [OID],
      names: ['maija meikäläinen'],
      teamsIds: [],
    });
    assert.deepEqual(Object.keys(out.tables).sort(), ['Rsvps']);
    assert.deepEqual(out.identity, { oids: [OID], names: ['maija meikäläinen'] });
  });

  it('erases with the neutral marker and records counts per table, nothing of the person', async () => {
    const { service, erasedWith, audit } = setup();
    const out = await service.erasePerson(coordinator, { email: EMAIL });
    assert.deepEqual(erasedWith, ['erased']);
    assert.deepEqual(out.tables, { Associations: 1, People: 1, Rsvps: 2 });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.action, 'erasure');
    assert.equal(audit[0]?.by, coordinator.upn);
    const text = JSON.stringify(audit).toLowerCase();
    for (const s of [EMAIL, OID, 'maija']) assert.ok(!text.includes(s), `the trail holds ${s}`);
  });

  it('names every table it covers', () => {
    const { service } = setup();
    assert.deepEqual(service.tables(), ['Associations', 'Audit', 'People', 'Rsvps']);
  });
});
