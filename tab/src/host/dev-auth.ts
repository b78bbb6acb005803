/**
 * Sign-in outside Teams, for development only: the server's development issuer lists the demo
 * people (`GET /dev/users`) and signs a token for one of them (`POST /dev/token`). In
 * production neither route exists, so a 404 means "open the app in Teams".
 */
import { t, type Locale } from '../messages';
import { ApiFailure } from '../api/client';

export interface DevUser {
  readonly upn: string;
  readonly name: string;
  readonly title?: string;
  readonly role?: string;
}

export type DevSignIn =
  | { readonly kind: 'available'; readonly users: readonly DevUser[] }
  | { readonly kind: 'production' };

const STORAGE_KEY = 'yhdistykset.devSession';

export interface DevSession {
  readonly upn: string;
  readonly token: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown, locale: Locale): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value[locale] === 'string') return value[locale];
  return undefined;
}

export async function loadDevUsers(locale: Locale, fetchImpl = fetch): Promise<DevSignIn> {
  let response: Response;
  try {
    response = await fetchImpl('/dev/users', { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiFailure(0, 'network', t(locale, 'tab.error.network'));
  }
  if (response.status === 404) return { kind: 'production' };
  if (!response.ok) {
    throw new ApiFailure(
      response.status,
      'dev_users',
      t(locale, 'tab.error.unexpected', { status: response.status }),
    );
  }
  const body: unknown = await response.json();
  // `{items: [{upn, name, title: {fi, en}, role}]}`, checked rather than trusted.
  const list: unknown[] = isRecord(body) && Array.isArray(body.items) ? body.items : [];
  const users = list.flatMap((u): DevUser[] => {
    if (!isRecord(u) || typeof u.upn !== 'string') return [];
    const name = text(u.name, locale) ?? u.upn;
    const title = text(u.title, locale);
    const role = typeof u.role === 'string' ? u.role : undefined;
    return [{ upn: u.upn, name, ...(title ? { title } : {}), ...(role ? { role } : {}) }];
  });
  return { kind: 'available', users };
}

export async function requestDevToken(
  upn: string,
  locale: Locale,
  fetchImpl = fetch,
): Promise<DevSession> {
  let response: Response;
  try {
    response = await fetchImpl('/dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': locale },
      body: JSON.stringify({ upn }),
    });
  } catch {
    throw new ApiFailure(0, 'network', t(locale, 'tab.error.network'));
  }
  const body: unknown = await response.json().catch(() => undefined);
  const token = isRecord(body) ? body.token : undefined;
  if (!response.ok || typeof token !== 'string') {
    const message =
      isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string'
        ? body.error.message
        : t(locale, 'tab.error.unexpected', { status: response.status });
    throw new ApiFailure(response.status, 'dev_token', message);
  }
  return { upn, token };
}

/** Kept for the browser tab's session only, so a reload stays signed in. */
export const devSessionStore = {
  get(): DevSession | undefined {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      const value: unknown = raw ? JSON.parse(raw) : undefined;
      return isRecord(value) && typeof value.upn === 'string' && typeof value.token === 'string'
        ? { upn: value.upn, token: value.token }
        : undefined;
    } catch {
      return undefined;
    }
  },
  set(session: DevSession): void {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage off (private mode): the session lasts until a reload.
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  },
};
