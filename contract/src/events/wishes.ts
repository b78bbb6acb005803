/**
 * Content wishes (sisältötoiveet) people leave with their answer to an evening, gathered for the
 * planning meeting: one wish may name several topics (one a line, or separated by ";"); the same
 * topic written alike (case, spaces, trailing punctuation) is one group, counted, with the
 * associations that wished it.
 */
import type { Rsvp } from './rsvp';

export interface WishGroup {
  /** The topic as the first person wrote it. */
  readonly text: string;
  readonly count: number;
  /** Associations that wished it (as written), no repeats. */
  readonly associations: readonly string[];
}

/** The key two spellings of one topic share. */
export function wishKey(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('fi')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–•*]+|[\s.!?,:;]+$/g, '')
    .trim();
}

/** Topics of every wish, grouped and counted: most wished first, then alphabetically. */
export function groupWishes(
  answers: readonly Pick<Rsvp, 'contentWish' | 'association'>[],
): WishGroup[] {
  const groups = new Map<string, { text: string; count: number; associations: string[] }>();
  for (const answer of answers) {
    const topics = new Set<string>();
    for (const part of answer.contentWish.split(/[\n;]/)) {
      const key = wishKey(part);
      if (key === '' || topics.has(key)) continue;
      topics.add(key);
      // Shown tidied: spaces collapsed, no bullet or end punctuation, a capital first letter.
      const tidy = part
        .replace(/\s+/g, ' ')
        .replace(/^[\s\-–•*]+|[\s.!?,:;]+$/g, '')
        .trim();
      const text = tidy.charAt(0).toLocaleUpperCase('fi') + tidy.slice(1);
      const group = groups.get(key) ?? { text, count: 0, associations: [] };
      group.count++;
      const association = answer.association.trim();
      if (association && !group.associations.includes(association)) {
        group.associations.push(association);
      }
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || a.text.localeCompare(b.text, 'fi'),
  );
}

/** A cell of a CSV Finnish Excel opens: `;` separated; a leading = + - @ cannot become a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The groups as CSV (UTF-8 with BOM, `;`, CRLF), with the header in the reader's language. */
export function wishesCsv(
  groups: readonly WishGroup[],
  header: readonly [string, string, string],
): string {
  const lines = [header.map(cell).join(';')];
  for (const g of groups) {
    lines.push([cell(g.text), String(g.count), cell(g.associations.join(', '))].join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
