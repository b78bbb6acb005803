/**
 * The one check every Adaptive Card of the app must pass, for any card test to reuse:
 * - parsed by the `adaptivecards` library with a `SerializationContext`, then
 *   `validateProperties()`: zero events from either (unknown elements, bad values, wrong
 *   version, duplicate ids …);
 * - schema version at most 1.5 (what Teams renders for bots);
 * - serialized size within 28 KB (the smallest Teams limit a card can meet on its way);
 * - no `undefined`, `null`, `NaN`, `[object Object]` or `${` in any string, and no null values:
 *   signs of a missing field or an unfilled template.
 */
import assert from 'node:assert/strict';
import { AdaptiveCard, SerializationContext } from 'adaptivecards';

export const MAX_CARD_BYTES = 28 * 1024;

export interface CardReport {
  readonly bytes: number;
  /** Parse and validation events, as readable lines. */
  readonly events: readonly string[];
  /** JSON paths of strings or values that leak a missing value or a template. */
  readonly leaks: readonly string[];
}

const LEAK = /\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]|\$\{/;

function findLeaks(value: unknown, path: string, out: string[]): void {
  if (value === null) {
    out.push(`${path} is null`);
  } else if (typeof value === 'string') {
    if (LEAK.test(value)) out.push(`${path}: ${JSON.stringify(value.slice(0, 80))}`);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findLeaks(v, `${path}[${i}]`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) out.push(`${path}.${k} is undefined`);
      else findLeaks(v, `${path}.${k}`, out);
    }
  }
}

export function checkCard(json: unknown): CardReport {
  const serialized = JSON.stringify(json);
  const events: string[] = [];
  const context = new SerializationContext();
  const card = new AdaptiveCard();
  card.parse(JSON.parse(serialized), context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`parse: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    events.push(`validate: ${e.message}`);
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version !== 'string' || Number(version) > 1.5) {
    events.push(`version ${String(version)} is not ≤ 1.5`);
  }
  const leaks: string[] = [];
  findLeaks(json, '$', leaks);
  return { bytes: Buffer.byteLength(serialized, 'utf8'), events, leaks };
}

/** Fails with every problem of the card listed. */
export function assertValidCard(json: unknown, label: string): CardReport {
  const report = checkCard(json);
  assert.deepEqual(report.events, [], `${label}: Adaptive Cards events`);
  assert.deepEqual(report.leaks, [], `${label}: leaked values`);
  assert.ok(
    report.bytes <= MAX_CARD_BYTES,
    `${label}: ${report.bytes} bytes is over ${MAX_CARD_BYTES}`,
  );
  return report;
}

/** Every string a card shows, in order (for tests that look for words). */
export function cardTexts(json: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      // As Teams shows it: a backslash-escaped character is the character itself.
      if (['text', 'title', 'value'].includes(key)) out.push(v.replace(/\\([^\w\s])/g, '$1'));
    } else if (Array.isArray(v)) {
      v.forEach((x) => walk(x, key));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, k);
    }
  };
  walk(json, '');
  return out;
}
