/** The associations service through in-memory fakes of its ports: the rules, without Azurite. */
import assert from 'node:assert/strict';
import {
  associationInputSchema,
  listQuerySchema,
  type Association,
  type AssociationData,
  type AuditEntry,
  type Unit,
} from '@yhdistysyhteistyo/contract/associations';
import { t, type MessageKey, type MessageParams } from '@yhdistysyhteistyo/contract/i18n';
import type { RoleAssignment } from '@yhdistysyhteistyo/contract/people';
import {
  AssociationsService,
  ERASED,
  RegisterProblem,
  type Actor,
  type AssociationsPort,
  type AuditPort,
  type ListFilter,
  type NewAuditEntry,
  type PeoplePort,
  type ReferenceKind,
  type ReferencePort,
} from '../../bot/src/domain/associations-service';
import {
  DuplicateNameError,
  ExistsError,
  NotFoundError,
  StaleVersionError,
  staleRecord,
} from '../../bot/src/domain/errors';

const NOW = new Date('2026-03-29T10:00:00.000Z');
const coordinator: Actor = {
  upn: 'koordinaattori@kaupunki.example',
  roles: { coordinator: true, units: [] },
};
const contact: Actor = {
  upn: 'kontakti@kaupunki.example',
  roles: { coordinator: false, units: ['liikunta'] },
};
const reader: Actor = { upn: 'lukija@kaupunki.example', roles: { coordinator: false, units: [] } };
const fi = (key: MessageKey, params?: MessageParams) => t('fi', key, params);

const data = (name: string, units: string[], more: Record<string, unknown> = {}): AssociationData =>
  associationInputSchema.parse({ name, units, ...more });

/** A fake port's answer: like storage, it arrives later, and a throw becomes a rejection. */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

class FakeAssociations implements AssociationsPort {
  readonly rows = new Map<string, Association>();
  private n = 0;
  private version = 0;

  private save(a: Omit<Association, 'etag'>): Association {
    const saved = { ...a, etag: `"${++this.version}"` };
    this.rows.set(a.id, saved);
    return saved;
  }

  private checkName(id: string, d: AssociationData): void {
    for (const other of this.rows.values()) {
      if (other.id === id) continue;
      const unit = d.units.find((u) => other.units.includes(u));
      if (unit && other.name.toLowerCase() === d.name.toLowerCase()) {
        throw new DuplicateNameError(unit, other.id);
      }
    }
  }

  private matching(filter: ListFilter): Association[] {
    return [...this.rows.values()]
      .filter(
        (a) =>
          (!filter.unit || a.units.includes(filter.unit)) &&
          (!filter.category || a.categories.includes(filter.category)) &&
          (!filter.unitsAny || a.units.some((u) => filter.unitsAny?.includes(u))),
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'fi'));
  }

  private createNow(d: AssociationData, by: string): Association {
    const id = `a${++this.n}`;
    this.checkName(id, d);
    const at = NOW.toISOString();
    return this.save({ ...d, id, createdAt: at, createdBy: by, updatedAt: at, updatedBy: by });
  }

  private updateNow(id: string, d: AssociationData, by: string, etag: string) {
    const before = this.rows.get(id);
    if (!before) throw new NotFoundError();
    if (before.etag !== etag) throw staleRecord(before);
    this.checkName(id, d);
    const after = this.save({ ...before, ...d, updatedAt: NOW.toISOString(), updatedBy: by });
    return { before, after };
  }

  get(id: string) {
    return settle(() => this.rows.get(id));
  }
  all(filter: ListFilter = {}) {
    return settle(() => this.matching(filter));
  }
  list(filter: ListFilter, page: { limit: number }) {
    return settle(() => {
      const items = this.matching(filter);
      return { items: items.slice(0, page.limit), total: items.length };
    });
  }
  create(d: AssociationData, by: string) {
    return settle(() => this.createNow(d, by));
  }
  update(id: string, d: AssociationData, by: string, etag: string) {
    return settle(() => this.updateNow(id, d, by, etag));
  }
  remove(id: string, etag: string) {
    return settle(() => {
      const before = this.rows.get(id);
      if (!before) throw new NotFoundError();
      if (before.etag !== etag) throw staleRecord(before);
      this.rows.delete(id);
      return before;
    });
  }
  applyImport(plan: readonly { existing?: Association; data: AssociationData }[], by: string) {
    return settle(() => ({
      created: plan.flatMap((i) => (i.existing ? [] : [this.createNow(i.data, by)])),
      updated: plan.flatMap((i) =>
        i.existing ? [this.updateNow(i.existing.id, i.data, by, i.existing.etag)] : [],
      ),
    }));
  }
  erasePerson(email: string, replacement: string) {
    return settle(() => {
      const changed: Association[] = [];
      let contactsRemoved = 0;
      let authorFields = 0;
      for (const a of this.rows.values()) {
        const contacts = a.contacts.filter((c) => c.email !== email);
        const createdBy = a.createdBy === email ? replacement : a.createdBy;
        const updatedBy = a.updatedBy === email ? replacement : a.updatedBy;
        const authors = (createdBy !== a.createdBy ? 1 : 0) + (updatedBy !== a.updatedBy ? 1 : 0);
        if (contacts.length === a.contacts.length && authors === 0) continue;
        contactsRemoved += a.contacts.length - contacts.length;
        authorFields += authors;
        changed.push(a);
        this.save({ ...a, contacts, createdBy, updatedBy });
      }
      return { changed, contactsRemoved, authorFields };
    });
  }
}

class FakeAudit implements AuditPort {
  entries: NewAuditEntry[] = [];
  failNext = false;
  private asEntries(list: readonly NewAuditEntry[]): AuditEntry[] {
    return list.map((e, i) => ({
      ...e,
      id: String(i),
      at: NOW.toISOString(),
      changes: [...e.changes],
    }));
  }
  record(entry: NewAuditEntry) {
    return settle(() => void this.entries.push(entry));
  }
  recordAll(entries: readonly NewAuditEntry[]) {
    return settle(() => {
      if (this.failNext) throw new Error('audit table down');
      this.entries.push(...entries);
    });
  }
  history(id: string) {
    return settle(() =>
      this.asEntries(this.entries.filter((e) => e.associationId === id)).reverse(),
    );
  }
  byPerson(upn: string) {
    return settle(() => this.asEntries(this.entries.filter((e) => e.by === upn)));
  }
  pseudonymise(upn: string) {
    return settle(() => {
      const before = this.entries.filter((e) => e.by === upn).length;
      this.entries = this.entries.map((e) => (e.by === upn ? { ...e, by: ERASED } : e));
      return before;
    });
  }
}

class FakeReference implements ReferencePort {
  rows: Record<ReferenceKind, Unit[]> = {
    unit: [
      { id: 'kulttuuri', name: { fi: 'Kulttuuri', en: 'Culture' }, etag: '"u1"' },
      { id: 'liikunta', name: { fi: 'Liikunta', en: 'Sports' }, etag: '"u2"' },
    ],
    category: [{ id: 'musiikki', name: { fi: 'Musiikki', en: 'Music' }, etag: '"c1"' }],
  };
  private find(kind: ReferenceKind, id: string): Unit | undefined {
    return this.rows[kind].find((u) => u.id === id);
  }
  list(kind: ReferenceKind) {
    return settle(() => [...this.rows[kind]]);
  }
  get(kind: ReferenceKind, id: string) {
    return settle(() => this.find(kind, id));
  }
  create(kind: ReferenceKind, id: string, name: Unit['name']) {
    return settle(() => {
      if (this.find(kind, id)) throw new ExistsError();
      const unit = { id, name, etag: `"${id}"` };
      this.rows[kind].push(unit);
      return unit;
    });
  }
  update(kind: ReferenceKind, id: string, name: Unit['name'], _by: string, ifMatch: string) {
    return settle(() => {
      const found = this.find(kind, id);
      if (!found) return undefined;
      if (found.etag !== ifMatch) throw staleRecord(found);
      const renamed = { ...found, name, etag: `${found.etag}+` };
      this.rows[kind] = this.rows[kind].map((u) => (u.id === id ? renamed : u));
      return renamed;
    });
  }
  remove(kind: ReferenceKind, id: string, ifMatch: string) {
    return settle(() => {
      const found = this.find(kind, id);
      if (!found) return false;
      if (found.etag !== ifMatch) throw staleRecord(found);
      this.rows[kind] = this.rows[kind].filter((u) => u.id !== id);
      return true;
    });
  }
}

class FakePeople implements PeoplePort {
  readonly rows = new Map<string, RoleAssignment>();
  constructor(private readonly fromConfig: readonly string[]) {}
  list() {
    return settle(() => [...this.rows.values()]);
  }
  get(upn: string) {
    return settle(() => this.rows.get(upn));
  }
  put(
    upn: string,
    input: { name: string; role: RoleAssignment['role']; units: readonly string[] },
    by: string,
    ifMatch?: string,
  ) {
    return settle(() => {
      const existing = this.rows.get(upn);
      if (ifMatch !== undefined && existing?.etag !== ifMatch) throw staleRecord(existing);
      const saved: RoleAssignment = {
        upn,
        name: input.name,
        role: input.role,
        units: [...input.units],
        fromConfig: this.isConfigCoordinator(upn),
        updatedAt: NOW.toISOString(),
        updatedBy: by,
        etag: `"${upn}-${this.rows.size}"`,
      };
      this.rows.set(upn, saved);
      return saved;
    });
  }
  remove(upn: string) {
    return settle(() => this.rows.delete(upn));
  }
  isConfigCoordinator(upn: string) {
    return this.fromConfig.includes(upn);
  }
  coordinatorsOtherThan(upn: string) {
    return settle(() => {
      const stored = [...this.rows.values()]
        .filter((r) => r.role === 'coordinator' && r.upn !== upn)
        .map((r) => r.upn);
      return new Set([...stored, ...this.fromConfig.filter((u) => u !== upn)]).size;
    });
  }
}

function setUp(fromConfig: readonly string[] = [coordinator.upn]) {
  const associations = new FakeAssociations();
  const audit = new FakeAudit();
  const reference = new FakeReference();
  const people = new FakePeople(fromConfig);
  const logged: string[] = [];
  const service = new AssociationsService({
    associations,
    audit,
    reference,
    people,
    workingGroupIds: () => settle(() => new Set(['tilat'])),
    clock: () => NOW,
    newId: () => '0123456789abcdef',
    log: { error: (_obj, msg) => logged.push(msg) },
  });
  return { service, associations, audit, reference, people, logged };
}

const query = (q: Record<string, string> = {}) => listQuerySchema.parse(q);

async function problem(promise: Promise<unknown>, code: string): Promise<RegisterProblem> {
  let caught: unknown;
  await promise.catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof RegisterProblem, `expected ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code);
  return caught;
}

describe('associations service (in-memory ports)', () => {
  it('creates with a history entry, and refuses unknown references field by field', async () => {
    const { service, audit } = setUp();
    const created = await service.create(coordinator, data('Kamarikuoro ry', ['kulttuuri']));
    assert.equal(created.createdBy, coordinator.upn);
    assert.deepEqual(
      audit.entries.map((e) => [e.action, e.associationId]),
      [['create', created.id]],
    );
    const refused = await problem(
      service.create(
        coordinator,
        data('Toinen ry', ['eiole'], { categories: ['eiole'], workingGroups: ['eiole'] }),
      ),
      'invalid',
    );
    assert.deepEqual(refused.fields, {
      units: 'associations.validation.unknownUnit',
      categories: 'associations.validation.unknownCategory',
      workingGroups: 'associations.validation.workingGroups',
    });
    assert.equal(audit.entries.length, 1);
  });

  it("lets a contact person write only their units' associations, before and after a change", async () => {
    const { service, associations } = setUp();
    await problem(service.create(contact, data('Kuoro ry', ['kulttuuri'])), 'forbidden');
    const own = await service.create(contact, data('Seura ry', ['liikunta']));
    // Moving their association to a unit that is not theirs is refused, and nothing changes.
    await problem(
      service.update(contact, own.id, data('Seura ry', ['kulttuuri']), own.etag),
      'forbidden',
    );
    assert.deepEqual(associations.rows.get(own.id)?.units, ['liikunta']);
    const other = await service.create(coordinator, data('Kuoro ry', ['kulttuuri']));
    await problem(service.remove(contact, other.id, other.etag), 'forbidden');
    await problem(service.create(reader, data('Lukijan ry', ['liikunta'])), 'forbidden');
  });

  it('updates with the ETag read, records only real changes, and says stale with the current version', async () => {
    const { service, audit } = setUp();
    const a = await service.create(coordinator, data('Kuoro ry', ['kulttuuri']));
    const same = await service.update(coordinator, a.id, data('Kuoro ry', ['kulttuuri']), a.etag);
    assert.equal(audit.entries.filter((e) => e.action === 'update').length, 0);
    const renamed = await service.update(
      coordinator,
      a.id,
      data('Laulu ry', ['kulttuuri']),
      same.etag,
    );
    assert.equal(renamed.name, 'Laulu ry');
    assert.deepEqual(
      audit.entries.filter((e) => e.action === 'update').map((e) => e.changes.map((c) => c.field)),
      [['name']],
    );
    const stale = await service
      .update(coordinator, a.id, data('Kolmas ry', ['kulttuuri']), a.etag)
      .catch((error: unknown) => error);
    assert.ok(stale instanceof StaleVersionError);
    assert.equal((stale.current?.value as Association).name, 'Laulu ry');
  });

  it('answers not found for a missing association, its history and its removal', async () => {
    const { service } = setUp();
    await assert.rejects(service.get('eiole'), NotFoundError);
    await assert.rejects(service.history('eiole'), NotFoundError);
    await assert.rejects(service.remove(coordinator, 'eiole', '"1"'), NotFoundError);
    await assert.rejects(
      service.update(coordinator, 'eiole', data('X ry', ['kulttuuri']), '"1"'),
      NotFoundError,
    );
  });

  it('removes with a trail entry; the history is newest first', async () => {
    const { service } = setUp();
    const a = await service.create(coordinator, data('Kuoro ry', ['kulttuuri']));
    const b = await service.update(coordinator, a.id, data('Laulu ry', ['kulttuuri']), a.etag);
    assert.deepEqual(
      (await service.history(a.id)).map((e) => e.action),
      ['update', 'create'],
    );
    await service.remove(coordinator, a.id, b.etag);
    assert.deepEqual(
      (await service.history(a.id)).map((e) => e.action),
      ['delete', 'update', 'create'],
    );
    await assert.rejects(service.get(a.id), NotFoundError);
  });

  it('passes a duplicate name through as the domain error', async () => {
    const { service } = setUp();
    await service.create(coordinator, data('Kuoro ry', ['kulttuuri']));
    await assert.rejects(
      service.create(coordinator, data('kuoro ry', ['kulttuuri'])),
      DuplicateNameError,
    );
  });

  it('lists "my units" for a contact person, and builds the mailing list and the CSV export', async () => {
    const { service } = setUp();
    const contacts = (email: string) => ({
      contacts: [{ name: 'Pekka Järvinen', role: 'pj', email, phone: '', language: 'fi' }],
    });
    await service.create(
      coordinator,
      data('Kuoro ry', ['kulttuuri'], contacts('Pekka@Kuoro.example')),
    );
    await service.create(
      coordinator,
      data('Seura ry', ['liikunta'], contacts('pekka@kuoro.example')),
    );
    await service.create(
      coordinator,
      data('Urheilijat ry', ['liikunta'], contacts('urheilu@x.example')),
    );
    const mine = await service.list(contact, query({ mine: 'true' }));
    assert.deepEqual(
      mine.items.map((a) => a.name),
      ['Seura ry', 'Urheilijat ry'],
    );
    const mail = await service.mailingList(coordinator, query());
    assert.deepEqual(mail, {
      emails: ['pekka@kuoro.example', 'urheilu@x.example'],
      text: 'pekka@kuoro.example; urheilu@x.example',
      associations: 3,
    });
    const fiCsv = await service.exportCsv(coordinator, query({ unit: 'liikunta' }), 'fi');
    assert.equal(fiCsv.fileName, 'yhdistykset-2026-03-29.csv');
    assert.ok(fiCsv.csv.startsWith('\uFEFF'), 'a BOM for Excel');
    assert.match(fiCsv.csv, /Seura ry/);
    assert.doesNotMatch(fiCsv.csv, /Kuoro ry/);
    const enCsv = await service.exportCsv(coordinator, query(), 'en');
    assert.equal(enCsv.fileName, 'associations-2026-03-29.csv');
  });

  it('imports: a dry run writes nothing, a bad row stops all, a good file is written and audited', async () => {
    const { service, associations, audit } = setUp();
    const csv = (text: string) => new TextEncoder().encode(text);
    const good = csv('Nimi;Yksiköt\nKuoro ry;Kulttuuri\nSeura ry;Liikunta\n');
    const dry = await service.importCsv(coordinator, good, { dryRun: true, translate: fi });
    assert.deepEqual(dry, {
      dryRun: true,
      rows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      errors: [],
      applied: false,
    });
    assert.equal(associations.rows.size, 0);

    const bad = await service.importCsv(
      coordinator,
      csv('Nimi;Yksiköt\nKuoro ry;Kulttuuri\nX;Liikunta\n'),
      { dryRun: false, translate: fi },
    );
    assert.equal(bad.applied, false);
    assert.deepEqual(
      bad.errors.map((e) => [e.row, e.field]),
      [[3, 'name']],
    );
    assert.equal(associations.rows.size, 0);

    const done = await service.importCsv(coordinator, good, { dryRun: false, translate: fi });
    assert.equal(done.applied, true);
    assert.equal(associations.rows.size, 2);
    assert.deepEqual(
      audit.entries.map((e) => e.action),
      ['import', 'import'],
    );
  });

  it('keeps an applied import applied when its trail cannot be written, and logs it', async () => {
    const { service, associations, audit, logged } = setUp();
    audit.failNext = true;
    const result = await service.importCsv(
      coordinator,
      new TextEncoder().encode('Nimi;Yksiköt\nKuoro ry;Kulttuuri\n'),
      { dryRun: false, translate: fi },
    );
    assert.equal(result.applied, true);
    assert.equal(associations.rows.size, 1);
    assert.deepEqual(logged, ['import written but audit incomplete']);
  });

  it('creates units with a readable id, and deletes only those no association uses', async () => {
    const { service, reference } = setUp();
    const made = await service.createReference(coordinator, 'unit', {
      name: { fi: 'Kaupunkiympäristö', en: 'Urban environment' },
    });
    assert.equal(made.id, 'kaupunkiymparisto');
    const odd = await service.createReference(coordinator, 'unit', { name: { fi: '–', en: '–' } });
    assert.equal(odd.id, '01234567');
    await assert.rejects(
      service.createReference(coordinator, 'unit', { id: 'liikunta', name: { fi: 'L', en: 'S' } }),
      ExistsError,
    );
    await service.create(coordinator, data('Seura ry', ['liikunta']));
    const inUse = await problem(service.removeReference('unit', 'liikunta', '"u2"'), 'in_use');
    assert.deepEqual(inUse.params, { count: 1 });
    await assert.rejects(service.removeReference('unit', 'eiole', '"x"'), NotFoundError);
    await assert.rejects(
      service.removeReference('unit', 'kulttuuri', '"vanha"'),
      StaleVersionError,
    );
    await service.removeReference('unit', 'kulttuuri', '"u1"');
    assert.equal(await reference.get('unit', 'kulttuuri'), undefined);
    await assert.rejects(
      service.renameReference(coordinator, 'category', 'eiole', { fi: 'a', en: 'b' }, '"x"'),
      NotFoundError,
    );
  });

  it('assigns roles with known units, and never removes the last or a configured coordinator', async () => {
    const { service } = setUp();
    const bad = await problem(
      service.assignRole(coordinator, 'uusi@x.example', {
        name: 'Uusi',
        role: 'contact',
        units: ['eiole'],
      }),
      'invalid',
    );
    assert.deepEqual(bad.fields, { units: 'associations.validation.unknownUnit' });
    const saved = await service.assignRole(coordinator, 'uusi@x.example', {
      name: 'Uusi',
      role: 'contact',
      units: ['liikunta'],
    });
    assert.equal(saved.updatedBy, coordinator.upn);
    await problem(
      service.assignRole(coordinator, coordinator.upn, { name: 'K', role: 'reader', units: [] }),
      'config_coordinator',
    );
    await problem(service.removeRole(coordinator.upn), 'config_coordinator');
    await assert.rejects(service.removeRole('eiole@x.example'), NotFoundError);
    await service.removeRole('uusi@x.example');

    // Without a configured coordinator, the only stored one stays.
    const alone = setUp([]);
    await alone.service.assignRole(coordinator, 'ainoa@x.example', {
      name: 'A',
      role: 'coordinator',
      units: [],
    });
    await problem(alone.service.removeRole('ainoa@x.example'), 'last_coordinator');
  });

  it("exports a person's data and erases it, leaving only that an erasure happened", async () => {
    const { service, audit, people } = setUp();
    const email = 'pekka@kuoro.example';
    await service.assignRole(coordinator, email, {
      name: 'Pekka',
      role: 'contact',
      units: ['kulttuuri'],
    });
    const a = await service.create(
      { upn: email, roles: { coordinator: false, units: ['kulttuuri'] } },
      data('Kuoro ry', ['kulttuuri'], {
        contacts: [{ name: 'Pekka', role: 'pj', email, phone: '', language: 'fi' }],
      }),
    );
    const exported = await service.exportPerson(email);
    assert.deepEqual(exported.roleAssignment, {
      role: 'contact',
      units: ['kulttuuri'],
      name: 'Pekka',
    });
    assert.deepEqual(
      exported.contactIn.map((c) => c.associationId),
      [a.id],
    );
    assert.deepEqual(exported.recordsEdited, [
      { associationId: a.id, associationName: 'Kuoro ry', fields: ['createdBy', 'updatedBy'] },
    ]);
    assert.equal(exported.history.length, 1);

    const erased = await service.erasePerson(coordinator, email);
    assert.deepEqual(erased, {
      contactsRemoved: 1,
      associationsChanged: 1,
      roleAssignmentRemoved: true,
      authorFieldsPseudonymised: 3,
    });
    assert.equal(await people.get(email), undefined);
    assert.ok(audit.entries.every((e) => e.by !== email));
    assert.deepEqual(
      audit.entries.filter((e) => e.action === 'erasure').map((e) => e.associationId ?? null),
      [a.id, null],
    );
  });
});
