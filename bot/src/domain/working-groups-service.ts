/**
 * Working groups: list, create, edit and delete with their rules (coordinators write; a name is
 * unique; the four groups of the model stay; a group with meetings stays). Storage is a port
 * passed in and the clock is injected, as for events.
 */
import type { MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import { BUILT_IN_GROUP_IDS, type CalendarEvent } from '@yhdistysyhteistyo/contract/events/model';
import type { Actor } from '@yhdistysyhteistyo/contract/events/lifecycle';
import {
  groupIdFrom,
  toWorkingGroup,
  workingGroupInputSchema,
  type WorkingGroup,
} from '@yhdistysyhteistyo/contract/events/working-groups';
import { DuplicateGroupError, type Versioned } from './errors';

export interface WorkingGroupsPort {
  get(id: string): Promise<Versioned<WorkingGroup> | undefined>;
  list(): Promise<readonly Versioned<WorkingGroup>[]>;
  /** Throws DuplicateGroupError when a group of the same id exists. */
  create(group: WorkingGroup): Promise<Versioned<WorkingGroup>>;
  /** Throws StaleVersionError when `etag` is not current. */
  replace(group: WorkingGroup, etag: string): Promise<Versioned<WorkingGroup>>;
  /** Throws StaleVersionError when `etag` is not current. */
  delete(id: string, etag: string): Promise<void>;
}

/** The meetings, to tell whether a group still has some. */
export interface MeetingsPort {
  list(query: { readonly kind: 'meeting' }): Promise<readonly { readonly value: CalendarEvent }[]>;
}

export interface WorkingGroupsServiceDeps {
  readonly groups: WorkingGroupsPort;
  readonly meetings: MeetingsPort;
  readonly clock: () => Date;
}

export type WorkingGroupsProblemCode = 'not_found' | 'built_in' | 'in_use';

/** A rule said no; the API answers with the status and the translated message. */
export class WorkingGroupsProblem extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: WorkingGroupsProblemCode,
    readonly messageKey: MessageKey,
  ) {
    super(code);
    this.name = 'WorkingGroupsProblem';
  }
}

const sameName = (a: WorkingGroup, name: string) =>
  a.name.fi.trim().toLowerCase() === name.trim().toLowerCase();

export class WorkingGroupsService {
  constructor(private readonly deps: WorkingGroupsServiceDeps) {}

  list(): Promise<readonly Versioned<WorkingGroup>[]> {
    return this.deps.groups.list();
  }

  async get(id: string): Promise<Versioned<WorkingGroup>> {
    const found = await this.deps.groups.get(id);
    if (!found) throw new WorkingGroupsProblem(404, 'not_found', 'error.notFound');
    return found;
  }

  /** A new group, its id a slug of its Finnish name. Throws ZodError on bad input. */
  async create(input: unknown, by: Actor): Promise<Versioned<WorkingGroup>> {
    const parsed = workingGroupInputSchema.parse(input);
    const existing = await this.deps.groups.list();
    if (existing.some((g) => sameName(g.value, parsed.name.fi))) throw new DuplicateGroupError();
    let id = groupIdFrom(parsed.name.fi);
    if (existing.some((g) => g.value.id === id)) id = `${id}-${existing.length + 1}`;
    return this.deps.groups.create(
      toWorkingGroup(parsed, { id, builtIn: false, now: this.deps.clock(), by }),
    );
  }

  /** Replaces a group's content; its id and whether it is built in stay. */
  async edit(
    id: string,
    input: unknown,
    etag: string,
    by: Actor,
  ): Promise<Versioned<WorkingGroup>> {
    const found = await this.get(id);
    const parsed = workingGroupInputSchema.parse(input);
    const others = (await this.deps.groups.list()).filter((g) => g.value.id !== found.value.id);
    if (others.some((g) => sameName(g.value, parsed.name.fi))) throw new DuplicateGroupError();
    return this.deps.groups.replace(
      toWorkingGroup(parsed, {
        id: found.value.id,
        builtIn: found.value.builtIn,
        now: this.deps.clock(),
        by,
        previous: found.value,
      }),
      etag,
    );
  }

  /** Deletes a group the coordinator added, once no meeting belongs to it. */
  async remove(id: string, etag: string): Promise<void> {
    const found = await this.get(id);
    if (found.value.builtIn || (BUILT_IN_GROUP_IDS as readonly string[]).includes(found.value.id)) {
      throw new WorkingGroupsProblem(409, 'built_in', 'events.error.builtInGroup');
    }
    const meetings = await this.deps.meetings.list({ kind: 'meeting' });
    if (meetings.some((m) => m.value.kind === 'meeting' && m.value.workingGroupId === id)) {
      throw new WorkingGroupsProblem(409, 'in_use', 'events.error.groupInUse');
    }
    await this.deps.groups.delete(found.value.id, etag);
  }
}
