/**
 * The yearly stale-data reminder put together: who the contact persons are and which personal
 * chat is theirs (the keyed hash of their address that a personal install keeps), the register's
 * associations, the markers, the card and its "still correct" button.
 */
import { isFresh } from '@yhdistysyhteistyo/contract/freshness';
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import type { Association } from '@yhdistysyhteistyo/contract/associations';
import { staleDataCard, type StaleDataItem } from '../cards/stale-data';
import type { AdaptiveCard } from '../cards/common';
import type { Clock, OutboxStore } from '../delivery/ports';
import { StaleDataJob, type StaleDataMarkers, type StaleDataPerson } from '../delivery/stale-data';
import { RegisterProblem, type AssociationsService } from '../domain/associations-service';
import { NotFoundError, StaleVersionError } from '../domain/errors';
import type { ContactInfo } from '../domain/bot-readers';
import type { Installation } from '../domain/installations';
import type { UserRoles } from '@yhdistysyhteistyo/contract/people';
import type { StaleDataInvokeDeps } from '../teams/stale-data-invoke';

export interface StaleDataSources {
  readonly associations: { all(): Promise<Association[]> };
  readonly directory: { contacts(): Promise<readonly ContactInfo[]> };
  readonly installations: { listActive(kind: 'personal'): Promise<readonly Installation[]> };
  /** The keyed hash of an address, as personal installs keep it. */
  readonly addressKey: (address: string) => Promise<string>;
  /** The tab's base URL (the server's own when no PUBLIC_URL is set). */
  readonly tabUrl: () => string;
  /** The Teams app's id: with it, links open the tab inside Teams (a deep link). */
  readonly teamsAppId?: string;
}

/** The contact persons whose personal chat with the bot is known, with their units. */
export async function contactsWithChats(
  sources: Pick<StaleDataSources, 'directory' | 'installations' | 'addressKey'>,
): Promise<(StaleDataPerson & { readonly upn: string })[]> {
  const chats = new Map<string, string>();
  for (const i of await sources.installations.listActive('personal')) {
    if (i.addressKey && i.userAadObjectId) chats.set(i.addressKey, i.userAadObjectId);
  }
  const out: (StaleDataPerson & { upn: string })[] = [];
  for (const person of await sources.directory.contacts()) {
    if (person.role !== 'contact' || person.units.length === 0) continue;
    const personId = chats.get(await sources.addressKey(person.upn));
    if (personId) out.push({ personId, units: person.units, upn: person.upn });
  }
  return out;
}

/** Links to the tab: its list, and an association's edit dialog. */
export function tabLinks(sources: Pick<StaleDataSources, 'tabUrl' | 'teamsAppId'>): {
  list: () => string;
  edit: (id: string) => string;
} {
  const web = (query: string) =>
    `${sources.tabUrl().replace(/\/$/, '')}/tab/index.html?view=personal${query}`;
  const deep = (subEntityId?: string) =>
    `https://teams.microsoft.com/l/entity/${encodeURIComponent(sources.teamsAppId ?? '')}/associations` +
    (subEntityId ? `?context=${encodeURIComponent(JSON.stringify({ subEntityId }))}` : '');
  return sources.teamsAppId
    ? { list: () => deep(), edit: (id) => deep(`association:${id}`) }
    : {
        list: () => web(''),
        edit: (id) => web(`&association=${encodeURIComponent(id)}`),
      };
}

export class StaleDataCards {
  constructor(
    private readonly sources: StaleDataSources,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The units' associations not checked for 12 months, oldest first. */
  async stale(units: readonly string[]): Promise<StaleDataItem[]> {
    const now = this.clock();
    const wanted = new Set(units);
    return (await this.sources.associations.all())
      .filter(
        (a) =>
          a.status !== 'inactive' &&
          !isFresh(a.updatedAt, now) &&
          a.units.some((u) => wanted.has(u)),
      )
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id))
      .map((a) => ({ id: a.id, name: a.name, updatedAt: a.updatedAt, etag: a.etag }));
  }

  async card(
    units: readonly string[],
    locale: Locale,
    notice?: { readonly text: string; readonly good: boolean },
  ): Promise<AdaptiveCard> {
    const links = tabLinks(this.sources);
    return staleDataCard(
      {
        associations: await this.stale(units),
        editUrl: links.edit,
        listUrl: links.list(),
        ...(notice ? { notice } : {}),
      },
      locale,
    );
  }
}

export type ConfirmOutcome =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly why: 'changed' | 'gone' | 'forbidden'; readonly name?: string };

/**
 * "Still correct" from the card: the association's data saved as it is, with the card's ETag, by
 * the contact person as the register's own rules allow (their units only).
 */
export async function confirmAssociation(
  register: Pick<AssociationsService, 'get' | 'update'>,
  actor: { readonly upn: string; readonly roles: UserRoles },
  associationId: string,
  etag: string,
): Promise<ConfirmOutcome> {
  let current: Association;
  try {
    current = await register.get(associationId);
  } catch (error) {
    if (error instanceof NotFoundError) return { ok: false, why: 'gone' };
    throw error;
  }
  const { id, etag: _etag, createdAt, createdBy, updatedAt, updatedBy, ...data } = current;
  void [id, _etag, createdAt, createdBy, updatedAt, updatedBy];
  try {
    await register.update(actor, associationId, data, etag);
    return { ok: true, name: current.name };
  } catch (error) {
    if (error instanceof StaleVersionError)
      return { ok: false, why: 'changed', name: current.name };
    if (error instanceof NotFoundError) return { ok: false, why: 'gone' };
    if (error instanceof RegisterProblem)
      return { ok: false, why: 'forbidden', name: current.name };
    throw error;
  }
}

/** The job the lease holder runs with its chores. */
export function staleDataJob(parts: {
  readonly sources: StaleDataSources;
  readonly markers: StaleDataMarkers;
  readonly outbox: Pick<OutboxStore, 'insert'>;
  readonly clock: Pick<Clock, 'now'>;
  readonly log: { info(obj: object, msg: string): void };
}): StaleDataJob {
  return new StaleDataJob({
    clock: parts.clock,
    people: () => contactsWithChats(parts.sources),
    associations: () => parts.sources.associations.all(),
    markers: parts.markers,
    outbox: parts.outbox,
    log: parts.log,
  });
}

/** The reminder's parts: the cards (renderer and invoke), the job, and the invoke's ports. */
export function createStaleData(parts: {
  readonly sources: StaleDataSources;
  readonly register: Pick<AssociationsService, 'get' | 'update'>;
  readonly people: {
    rolesFor(upn: string, who: { oid?: string; tid?: string }): Promise<UserRoles>;
  };
  readonly log: StaleDataInvokeDeps['log'];
}): { cards: StaleDataCards; invoke: StaleDataInvokeDeps; sources: StaleDataSources } {
  const cards = new StaleDataCards(parts.sources);
  return {
    cards,
    sources: parts.sources,
    invoke: {
      async personOf(from) {
        const mine = (await parts.sources.installations.listActive('personal')).find(
          (i) => i.userAadObjectId === from.aadObjectId && i.addressKey,
        );
        if (!mine?.addressKey) return undefined;
        for (const person of await parts.sources.directory.contacts()) {
          if (person.role !== 'contact') continue;
          if ((await parts.sources.addressKey(person.upn)) !== mine.addressKey) continue;
          const roles = await parts.people.rolesFor(person.upn, {
            oid: from.aadObjectId,
            ...(from.tenantId ? { tid: from.tenantId } : {}),
          });
          // An assignment bound to someone else gives nothing.
          if (roles.coordinator || roles.units.length === 0) return undefined;
          return { upn: person.upn, roles, units: roles.units };
        }
        return undefined;
      },
      confirm: (actor, id, etag) => confirmAssociation(parts.register, actor, id, etag),
      card: (units, locale, notice) => cards.card(units, locale, notice),
      log: parts.log,
    },
  };
}
