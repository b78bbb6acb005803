/**
 * Search normalisation shared by the API and the tab: case-insensitive, and ä/ö/å (and other
 * accents) match their plain letters both ways, so "aanekoski" finds "Äänekosken …" and
 * "äänekoski" finds "Aanekoski".
 */

/** Lower case, accents removed, runs of white space and punctuation as one space. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

/**
 * True when every word of the query occurs in the text (both normalised), in any order. A
 * word of six letters or more may differ in its last letter, so a base form finds Finnish
 * inflected names: "aanekoski" finds "Äänekosken kuoro".
 */
export function matchesSearch(normalizedText: string, query: string): boolean {
  const words = normalizeForSearch(query).split(' ').filter(Boolean);
  return words.every(
    (w) => normalizedText.includes(w) || (w.length >= 6 && normalizedText.includes(w.slice(0, -1))),
  );
}

/**
 * The key that makes two names the same name: case and spacing do not count, accents do
 * ("Mäkelä" and "Makela" are different associations).
 */
export function nameIdentityKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('fi').replace(/\s+/g, ' ').trim();
}

/** A collation for sorting by name the Finnish way (å, ä, ö after z). */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

const collator = new Intl.Collator('fi', { sensitivity: 'base', numeric: true });
