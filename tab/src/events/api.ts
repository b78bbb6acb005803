/** The year's events API for the tab, typed by the domain's own shapes. */
import type { AnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import type { CalendarEvent, EventKind } from '@yhdistysyhteistyo/contract/events/model';
import type { Rsvp, RsvpCounts } from '@yhdistysyhteistyo/contract/events/rsvp';
import type { WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import type { TextAlternative } from '@yhdistysyhteistyo/contract/wheel';
import type { ApiClient } from '../api/client';

export type EventView = CalendarEvent & {
  readonly etag: string;
  readonly icsUrl: string;
  readonly counts?: RsvpCounts;
  /** After an edit or a cancel of a posted evening: whether its card was brought up to date. */
  readonly card?: 'updated' | 'failed' | 'notPosted';
};

export interface RsvpList {
  readonly counts: RsvpCounts;
  readonly mine?: Rsvp;
  /** Only for coordinators and contact persons. */
  readonly items?: readonly Rsvp[];
}

export type CalendarResponse = AnnualCalendar & { readonly textAlternative: TextAlternative };

export type GroupView = WorkingGroup & { readonly etag: string };

export interface FeedLink {
  readonly url: string;
  readonly rotatedAt: string;
}

/** A channel of a team the app is in (coordinators only). */
export interface TeamChannelView {
  readonly id: string;
  readonly name?: string;
  readonly general: boolean;
  readonly teamId: string;
  readonly teamName?: string;
  readonly postChannel: boolean;
}

export class EventsClient {
  constructor(private readonly client: ApiClient) {}

  /** The recorded channels of every team the app is in, for an evening's invitation. */
  async channels(): Promise<TeamChannelView[]> {
    return (await this.client.json<{ items: TeamChannelView[] }>('/team-channels')).items;
  }

  async list(year: number, kind?: EventKind): Promise<EventView[]> {
    const body = await this.client.json<{ items: EventView[] }>('/events', {
      query: { from: `${year}-01-01`, to: `${year}-12-31`, type: kind },
    });
    return body.items;
  }

  get(id: string): Promise<EventView> {
    return this.client.json<EventView>(`/events/${encodeURIComponent(id)}`);
  }

  create(input: unknown): Promise<EventView> {
    return this.client.json<EventView>('/events', { method: 'POST', json: input });
  }

  update(id: string, input: unknown, etag: string): Promise<EventView> {
    return this.client.json<EventView>(`/events/${encodeURIComponent(id)}`, {
      method: 'PUT',
      json: input,
      ifMatch: etag,
    });
  }

  remove(id: string, etag: string): Promise<void> {
    return this.client.json<void>(`/events/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      ifMatch: etag,
    });
  }

  publish(id: string, etag: string): Promise<EventView> {
    return this.client.json<EventView>(`/events/${encodeURIComponent(id)}/publish`, {
      method: 'POST',
      ifMatch: etag,
    });
  }

  cancel(id: string, etag: string): Promise<EventView> {
    return this.client.json<EventView>(`/events/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      ifMatch: etag,
    });
  }

  rsvps(id: string): Promise<RsvpList> {
    return this.client.json<RsvpList>(`/events/${encodeURIComponent(id)}/rsvps`);
  }

  answer(id: string, input: unknown): Promise<{ rsvp: Rsvp; counts: RsvpCounts }> {
    return this.client.json(`/events/${encodeURIComponent(id)}/rsvps`, {
      method: 'PUT',
      json: input,
    });
  }

  async rsvpsCsv(id: string): Promise<Blob> {
    const res = await this.client.send(`/events/${encodeURIComponent(id)}/rsvps.csv`);
    return res.blob();
  }

  async groups(): Promise<GroupView[]> {
    return (await this.client.json<{ items: GroupView[] }>('/working-groups')).items;
  }

  calendar(year: number): Promise<CalendarResponse> {
    return this.client.json<CalendarResponse>('/calendar', { query: { year } });
  }

  feed(year: number): Promise<FeedLink> {
    return this.client.json<FeedLink>('/calendar/feed', { query: { year } });
  }

  rotateFeed(year: number): Promise<FeedLink> {
    return this.client.json<FeedLink>('/calendar/feed/rotate', { method: 'POST', query: { year } });
  }
}

/** Saves a blob as a file through a temporary link (works inside the Teams web client too). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
