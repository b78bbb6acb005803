/**
 * Links that work without a bearer token, because the one who opens them cannot send one:
 * Outlook subscribing to the calendar feed, a browser opening "add to calendar" from a card,
 * Teams fetching a card's image. Each is an HMAC-SHA256 over what the link shows, with the
 * secret of `FeedSecretStore`; rotating that secret revokes every link at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** 24 bytes of the MAC, base64url: short enough for a URL, far too long to guess. */
export function sign(secret: string, ...parts: readonly string[]): string {
  return createHmac('sha256', secret)
    .update(parts.join('\n'))
    .digest()
    .subarray(0, 24)
    .toString('base64url');
}

export function verify(secret: string, signature: unknown, ...parts: readonly string[]): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{32}$/.test(signature)) return false;
  const expected = Buffer.from(sign(secret, ...parts));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Checks a signed link: a signature that is not even of the right shape is refused at once; a
 * well-formed one is checked against the secret the source keeps in memory, so a wrong one
 * costs no storage read.
 */
export function verifySigned(
  secrets: { verify(check: (secret: string) => boolean): Promise<boolean> },
  signature: unknown,
  ...parts: readonly string[]
): Promise<boolean> {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]{32}$/.test(signature)) {
    return Promise.resolve(false);
  }
  return secrets.verify((secret) => verify(secret, signature, ...parts));
}

/** What each kind of link signs: the purpose first, so one signature never opens another link. */
export const feedParts = (year: number) => ['calendar-feed', String(year)] as const;
export const eventIcsParts = (eventId: string) => ['event-ics', eventId] as const;
export const wheelPngParts = (year: number, lang: string, expires: number) =>
  ['wheel-png', String(year), lang, String(expires)] as const;

/** An event's .ics that opens without sign-in (from a card or an e-mail); `base` without a final `/`. */
export function eventIcsUrl(base: string, secret: string, eventId: string): string {
  return `${base}/api/v1/events/${encodeURIComponent(eventId)}/event.ics?sig=${sign(secret, ...eventIcsParts(eventId))}`;
}

/** The year's calendar feed that Outlook subscribes to; `base` without a final `/`. */
export function feedUrl(base: string, secret: string, year: number): string {
  return `${base}/api/v1/calendar.ics?year=${year}&sig=${sign(secret, ...feedParts(year))}`;
}

/** The wheel picture for a card; expires, and dies with the secret. */
export function wheelImageUrl(
  base: string,
  secret: string,
  year: number,
  lang: string,
  expires: number,
): string {
  return `${base.replace(/\/$/, '')}/api/v1/calendar.png?year=${year}&lang=${lang}&exp=${expires}&sig=${sign(secret, ...wheelPngParts(year, lang, expires))}`;
}

/** A survey's answer page for one association: valid while the survey takes answers. */
export const surveyAnswerParts = (surveyId: string, associationId: string) =>
  ['survey-answer', surveyId, associationId] as const;

export function surveyAnswerUrl(
  base: string,
  secret: string,
  surveyId: string,
  associationId: string,
): string {
  const sig = sign(secret, ...surveyAnswerParts(surveyId, associationId));
  return `${base.replace(/\/$/, '')}/survey/${encodeURIComponent(surveyId)}/${encodeURIComponent(associationId)}?sig=${sig}`;
}
