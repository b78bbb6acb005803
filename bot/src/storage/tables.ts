import {
  RestError,
  TableClient,
  TableServiceClient,
  type TableServiceClientOptions,
} from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';

/** Every table the app uses, by purpose. The physical name is the config's prefix + this name. */
export const TABLES = {
  meta: 'Meta',
  units: 'Units',
  categories: 'Categories',
  people: 'People',
  associations: 'Associations',
  audit: 'Audit',
  conversations: 'Conversations',
  content: 'Content',
  events: 'Events',
  rsvps: 'Rsvps',
  workingGroups: 'WorkingGroups',
  outbox: 'Outbox',
  leases: 'Leases',
  surveys: 'Surveys',
  surveyAnswers: 'SurveyAnswers',
  surveyKeys: 'SurveyKeys',
  indicators: 'Indicators',
} as const;
export type TableName = (typeof TABLES)[keyof typeof TABLES];

/** Azure Tables takes at most 100 operations, all of one partition, in one transaction. */
export const TRANSACTION_LIMIT = 100;

/** An account by connection string (Azurite, keys) or by endpoint and an Entra credential (Azure). */
export type StorageAccount =
  string | { readonly endpoint: string; readonly credential: TokenCredential };

/** Creates table clients for one storage account; the one place that knows how to reach it. */
export class TableStorage {
  private readonly clients = new Map<string, TableClient>();
  private readonly makeClient: (table: string) => TableClient;
  readonly service: TableServiceClient;
  /** A client that fails fast, for health probes: no retries. */
  private readonly probe: TableServiceClient;

  constructor(
    account: StorageAccount,
    private readonly prefix = '',
  ) {
    if (typeof account === 'string') {
      const options: TableServiceClientOptions = {
        // Azurite speaks plain http on loopback; the SDK refuses that unless told.
        allowInsecureConnection:
          /DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true|=http:\/\//i.test(account),
      };
      this.service = TableServiceClient.fromConnectionString(account, options);
      this.probe = TableServiceClient.fromConnectionString(account, {
        ...options,
        retryOptions: { maxRetries: 0 },
      });
      this.makeClient = (table) => TableClient.fromConnectionString(account, table, options);
    } else {
      const { endpoint, credential } = account;
      this.service = new TableServiceClient(endpoint, credential);
      this.probe = new TableServiceClient(endpoint, credential, {
        retryOptions: { maxRetries: 0 },
      });
      this.makeClient = (table) => new TableClient(endpoint, table, credential);
    }
  }

  table(name: TableName): TableClient {
    const full = this.prefix + name;
    let client = this.clients.get(full);
    if (!client) {
      client = this.makeClient(full);
      this.clients.set(full, client);
    }
    return client;
  }

  /** Creates every table that does not exist yet (the SDK treats "already exists" as success). */
  async ensureTables(): Promise<void> {
    for (const name of Object.values(TABLES)) {
      await this.table(name).createTable();
    }
  }

  /** True when `error` means the table service could not be reached (the API answers 503). */
  isUnreachable(error: unknown): boolean {
    return isStorageUnreachable(error);
  }

  /** True when the table service answers within `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      const pages = this.probe.listTables().byPage({ maxPageSize: 1 });
      await Promise.race([
        pages.next(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), timeoutMs).unref(),
        ),
      ]);
      return true;
    } catch {
      return false;
    }
  }
}

/** The HTTP status of an Azure Tables error, or undefined for anything else. */
export function storageStatus(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

/** True when the error means the table service could not be reached at all. */
export function isStorageUnreachable(error: unknown): boolean {
  if (error instanceof RestError) {
    return (
      error.statusCode === undefined ||
      error.statusCode >= 500 ||
      error.code === 'REQUEST_SEND_ERROR'
    );
  }
  return false;
}
