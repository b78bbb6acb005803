import assert from 'node:assert/strict';
import type { CalendarEvent } from '@yhdistysyhteistyo/contract/events/model';
import type { WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import {
  DuplicateGroupError,
  StaleVersionError,
  type Versioned,
} from '../../bot/src/domain/errors';
import {
  WorkingGroupsProblem,
  WorkingGroupsService,
  type WorkingGroupsPort,
} from '../../bot/src/domain/working-groups-service';
import { FIXTURE_NOW, sampleYear } from '../support/events-fixtures';

/** The working-groups port in memory, with ETags that change on every write. */
class MemoryGroups implements WorkingGroupsPort {
  readonly rows = new Map<string, Versioned<WorkingGroup>>();
  private version = 0;

  private put(group: WorkingGroup): Versioned<WorkingGroup> {
    const row = { value: group, etag: `v${++this.version}` };
    this.rows.set(group.id, row);
    return row;
  }
  get(id: string) {
    return Promise.resolve(this.rows.get(id));
  }
  list() {
    return Promise.resolve([...this.rows.values()]);
  }
  create(group: WorkingGroup) {
    if (this.rows.has(group.id)) return Promise.reject(new DuplicateGroupError());
    return Promise.resolve(this.put(group));
  }
  replace(group: WorkingGroup, etag: string) {
    const current = this.rows.get(group.id);
    if (current?.etag !== etag) return Promise.reject(new StaleVersionError(current ?? null));
    return Promise.resolve(this.put(group));
  }
  delete(id: string, etag: string) {
    const current = this.rows.get(id);
    if (current && current.etag !== etag) return Promise.reject(new StaleVersionError(current));
    this.rows.delete(id);
    return Promise.resolve();
  }
}

const input = (fi: string) => ({
  name: { fi, en: '' },
  purpose: { fi: 'Tarkoitus' },
  members: [],
  contact: { name: 'Mikko Laine', upn: 'mikko.laine@kaupunki.example' },
});
const by = { id: 'helena.virtanen@kaupunki.example' };

describe('working groups service (in-memory ports)', () => {
  let groups: MemoryGroups;
  let meetings: CalendarEvent[];
  let service: WorkingGroupsService;

  beforeEach(() => {
    groups = new MemoryGroups();
    meetings = sampleYear().filter((e) => e.kind === 'meeting');
    service = new WorkingGroupsService({
      groups,
      meetings: { list: () => Promise.resolve(meetings.map((value) => ({ value }))) },
      clock: () => FIXTURE_NOW,
    });
  });

  it('creates a group with an id from its Finnish name, at the injected time', async () => {
    const saved = await service.create(input('Nuorisotilat'), by);
    assert.equal(saved.value.id, 'nuorisotilat');
    assert.equal(saved.value.builtIn, false);
    assert.equal(saved.value.createdAt, FIXTURE_NOW.toISOString());
    await assert.rejects(service.create(input(' NUORISOTILAT'), by), DuplicateGroupError);
  });

  it('refuses a rename onto another group, and keeps the id on an edit', async () => {
    const a = await service.create(input('Tilat A'), by);
    await service.create(input('Tilat B'), by);
    await assert.rejects(
      service.edit(a.value.id, input('tilat b'), a.etag, by),
      DuplicateGroupError,
    );
    const edited = await service.edit(a.value.id, input('Tilat Aa'), a.etag, by);
    assert.equal(edited.value.id, a.value.id);
    await assert.rejects(service.edit(a.value.id, input('Tilat X'), a.etag, by), StaleVersionError);
  });

  it('keeps built-in groups and groups with meetings, and answers 404 for a missing one', async () => {
    const viestinta = await service.create(input('Viestintä'), by);
    assert.equal(viestinta.value.id, 'viestinta');
    await assert.rejects(service.remove('viestinta', viestinta.etag), (e: unknown) => {
      assert.ok(e instanceof WorkingGroupsProblem);
      return e.code === 'built_in';
    });
    const used = await service.create(input('Käytössä'), by);
    meetings = meetings.map((m) =>
      m.kind === 'meeting' ? { ...m, workingGroupId: used.value.id } : m,
    );
    await assert.rejects(service.remove(used.value.id, used.etag), (e: unknown) => {
      assert.ok(e instanceof WorkingGroupsProblem);
      return e.code === 'in_use' && e.status === 409;
    });
    await assert.rejects(service.get('ei-ole'), (e: unknown) => {
      assert.ok(e instanceof WorkingGroupsProblem);
      return e.status === 404;
    });
    const free = await service.create(input('Poistettava'), by);
    await service.remove(free.value.id, free.etag);
    assert.equal(await groups.get(free.value.id), undefined);
  });
});
