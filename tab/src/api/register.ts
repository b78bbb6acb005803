/** The associations register's routes, typed by the domain's shapes. */
import type { ApiClient } from './client';
import { ApiFailure } from './client';
import type {
  Association,
  AssociationInput,
  AssociationList,
  AuditEntry,
  Category,
  HistoryResponse,
  ImportResult,
  MailingList,
  MeResponse,
  ReferenceInput,
  RoleAssignment,
  RoleAssignmentInput,
  Unit,
} from './model';

export type ReferenceKind = 'units' | 'categories';

/** Filters the export and the mailing list share with the list. */
export interface ServerFilters {
  readonly q?: string;
  readonly unit?: string;
  readonly category?: string;
  readonly status?: 'active' | 'inactive' | 'all';
  readonly mine?: boolean;
}

/** The biggest page the API gives: 2,000 associations are two requests. */
const PAGE = 1000;

function queryOf(filters: ServerFilters): Record<string, string | boolean | undefined> {
  return {
    q: filters.q?.trim() || undefined,
    unit: filters.unit || undefined,
    category: filters.category || undefined,
    status: filters.status,
    mine: filters.mine ? true : undefined,
  };
}

export class RegisterApi {
  constructor(readonly client: ApiClient) {}

  me(): Promise<MeResponse> {
    return this.client.json<MeResponse>('/me');
  }

  async references(kind: ReferenceKind): Promise<Unit[]> {
    const body = await this.client.json<{ items: Unit[] }>(`/${kind}`);
    return body.items;
  }

  /** Every association, page by page; `onPage` sees each page as it arrives. */
  async listAll(
    onPage: (items: readonly Association[], done: boolean) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    let cursor: string | undefined;
    do {
      const page: AssociationList = await this.client.json<AssociationList>('/associations', {
        query: { limit: PAGE, status: 'all', cursor },
        ...(signal ? { signal } : {}),
      });
      cursor = page.nextCursor;
      onPage(page.items, !cursor);
    } while (cursor);
  }

  get(id: string): Promise<Association> {
    return this.client.json<Association>(`/associations/${encodeURIComponent(id)}`);
  }

  create(input: AssociationInput): Promise<Association> {
    return this.client.json<Association>('/associations', { method: 'POST', json: input });
  }

  update(id: string, etag: string, input: AssociationInput): Promise<Association> {
    return this.client.json<Association>(`/associations/${encodeURIComponent(id)}`, {
      method: 'PUT',
      ifMatch: etag,
      json: input,
    });
  }

  async remove(id: string, etag: string): Promise<void> {
    await this.client.send(`/associations/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      ifMatch: etag,
    });
  }

  async history(id: string): Promise<readonly AuditEntry[]> {
    const body = await this.client.json<HistoryResponse>(
      `/associations/${encodeURIComponent(id)}/history`,
    );
    return body.items;
  }

  mailingList(filters: ServerFilters, notInTeam = false): Promise<MailingList> {
    return this.client.json<MailingList>('/associations/mailing-list', {
      query: { ...queryOf(filters), ...(notInTeam ? { notInTeam: 'true' } : {}) },
    });
  }

  async exportCsv(filters: ServerFilters): Promise<Blob> {
    const response = await this.client.send('/associations/export.csv', {
      query: queryOf(filters),
    });
    return response.blob();
  }

  /**
   * Sends a CSV file; a dry run writes nothing. Bad rows come back as `errors` (the API answers
   * 400 then, with the rows in the body), so both outcomes resolve with an `ImportResult`.
   */
  async importCsv(
    file: Blob,
    dryRun: boolean,
    onProgress?: (fraction: number) => void,
  ): Promise<ImportResult> {
    try {
      return await this.client.upload<ImportResult>('/associations/import', {
        query: { dryRun: dryRun ? 'true' : undefined },
        body: file,
        contentType: 'text/csv',
        ...(onProgress ? { onProgress } : {}),
      });
    } catch (error) {
      const refused = refusedImport(error, dryRun);
      if (refused) return refused;
      throw error;
    }
  }

  async roles(): Promise<RoleAssignment[]> {
    const body = await this.client.json<{ items: RoleAssignment[] }>('/roles');
    return body.items;
  }

  putRole(upn: string, input: RoleAssignmentInput): Promise<RoleAssignment> {
    return this.client.json<RoleAssignment>(`/roles/${encodeURIComponent(upn)}`, {
      method: 'PUT',
      json: input,
    });
  }

  async deleteRole(upn: string): Promise<void> {
    await this.client.send(`/roles/${encodeURIComponent(upn)}`, { method: 'DELETE' });
  }

  createReference(kind: ReferenceKind, input: ReferenceInput): Promise<Category> {
    return this.client.json<Category>(`/${kind}`, { method: 'POST', json: input });
  }

  updateReference(
    kind: ReferenceKind,
    id: string,
    etag: string | undefined,
    input: ReferenceInput,
  ): Promise<Category> {
    return this.client.json<Category>(`/${kind}/${encodeURIComponent(id)}`, {
      method: 'PUT',
      json: input,
      ...(etag ? { ifMatch: etag } : {}),
    });
  }

  async deleteReference(kind: ReferenceKind, id: string, etag: string | undefined): Promise<void> {
    await this.client.send(`/${kind}/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      ...(etag ? { ifMatch: etag } : {}),
    });
  }
}

/** A refused import (400) still says which rows were bad: the body carries the result. */
function refusedImport(error: unknown, dryRun: boolean): ImportResult | undefined {
  if (!(error instanceof ApiFailure) || error.status !== 400) return undefined;
  const body = error.body;
  if (typeof body !== 'object' || body === null || !('errors' in body)) return undefined;
  const { errors } = body;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const count = (key: string): number => {
    const value = (body as Record<string, unknown>)[key];
    return typeof value === 'number' ? value : 0;
  };
  return {
    dryRun,
    rows: count('rows'),
    created: count('created'),
    updated: count('updated'),
    applied: false,
    errors: errors.flatMap((e: unknown) => {
      if (typeof e !== 'object' || e === null) return [];
      const { row, field, message } = e as Record<string, unknown>;
      return typeof row === 'number' && typeof message === 'string'
        ? [{ row, field: typeof field === 'string' ? field : '', message }]
        : [];
    }),
  };
}
