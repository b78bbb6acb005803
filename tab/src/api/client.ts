/**
 * The tab's HTTP client for `/api/v1`: adds the bearer token and the language, and turns every
 * failure into an `ApiFailure` whose message is safe to show (the API's translated
 * `{error:{message}}`, or one of the tab's own texts; never a raw error).
 */
import { t, type Locale } from '../messages';

export type FieldMessages = Readonly<Record<string, string>>;

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Translated and safe to show. */
    readonly userMessage: string,
    readonly fields: FieldMessages = {},
    /** On a 409: the current version stored on the server. */
    readonly current?: unknown,
    /** The whole parsed error body, for answers with more than the error (CSV row errors). */
    readonly body?: unknown,
  ) {
    super(`${status} ${code}`);
    this.name = 'ApiFailure';
  }
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly locale: Locale;
  readonly getToken: () => Promise<string>;
  /** Called on a 401 so the app can sign in again. */
  readonly onUnauthorized?: () => void;
  readonly fetchImpl?: typeof fetch;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly json?: unknown;
  readonly body?: BodyInit;
  readonly contentType?: string;
  readonly ifMatch?: string;
  readonly signal?: AbortSignal;
}

interface ErrorShape {
  error?: { code?: unknown; message?: unknown; fields?: unknown };
  current?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): FieldMessages {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get locale(): Locale {
    return this.options.locale;
  }

  url(path: string, query: RequestOptions['query'] = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.options.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  /** The raw response of a successful request; failures throw `ApiFailure`. */
  async send(path: string, options: RequestOptions = {}): Promise<Response> {
    const { locale } = this.options;
    let token: string;
    try {
      token = await this.options.getToken();
    } catch {
      throw new ApiFailure(401, 'no_token', t(locale, 'tab.error.signIn'));
    }
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'Accept-Language': locale,
      Accept: 'application/json',
    };
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.contentType) {
      headers['Content-Type'] = options.contentType;
    }
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    let response: Response;
    try {
      response = await (this.options.fetchImpl ?? fetch)(this.url(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body: body ?? null,
        signal: options.signal ?? null,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiFailure(0, 'network', t(locale, 'tab.error.network'));
    }
    if (response.ok) return response;
    throw await this.failure(response);
  }

  async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(path, options);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiFailure(
        response.status,
        'bad_response',
        t(this.options.locale, 'tab.error.unexpected', { status: response.status }),
      );
    }
  }

  /**
   * A POST whose upload progress shows (fetch cannot tell it): the CSV import. Resolves with
   * the parsed JSON answer; failures throw `ApiFailure` like `send`.
   */
  async upload<T>(
    path: string,
    options: {
      readonly query?: RequestOptions['query'];
      readonly body: Blob;
      readonly contentType: string;
      readonly onProgress?: (fraction: number) => void;
    },
  ): Promise<T> {
    const { locale } = this.options;
    let token: string;
    try {
      token = await this.options.getToken();
    } catch {
      throw new ApiFailure(401, 'no_token', t(locale, 'tab.error.signIn'));
    }
    const { status, text } = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', this.url(path, options.query));
        xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        xhr.setRequestHeader('Accept-Language', locale);
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.setRequestHeader('Content-Type', options.contentType);
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
        };
        xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
        xhr.onerror = () => reject(new ApiFailure(0, 'network', t(locale, 'tab.error.network')));
        xhr.send(options.body);
      },
    );
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (status >= 200 && status < 300 && parsed !== undefined) return parsed as T;
    throw this.failureFrom(status, parsed);
  }

  private async failure(response: Response): Promise<ApiFailure> {
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      // Not the API's error shape (a proxy, a crash page): the tab's own text instead.
    }
    return this.failureFrom(response.status, parsed);
  }

  private failureFrom(status: number, value: unknown): ApiFailure {
    const { locale } = this.options;
    const parsed: ErrorShape | undefined = isRecord(value) ? value : undefined;
    if (status === 401) this.options.onUnauthorized?.();
    const error = parsed?.error;
    const message =
      typeof error?.message === 'string' && error.message !== ''
        ? error.message
        : status === 401
          ? t(locale, 'tab.error.signIn')
          : t(locale, 'tab.error.unexpected', { status });
    return new ApiFailure(
      status,
      typeof error?.code === 'string' ? error.code : `http_${status}`,
      message,
      stringRecord(error?.fields),
      parsed?.current,
      parsed,
    );
  }
}

/** A message safe to show for anything a call can throw. */
export function userMessage(error: unknown, locale: Locale): string {
  if (error instanceof ApiFailure) return error.userMessage;
  return t(locale, 'tab.error.unexpected', { status: '—' });
}
