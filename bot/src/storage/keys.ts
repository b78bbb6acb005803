/**
 * PartitionKey and RowKey may not hold `/ \ # ?` or control characters, and Teams ids hold `:`,
 * `;` and `@`. Percent-encoding keeps keys readable in Storage Explorer and is reversible.
 */
export function encodeKey(value: string): string {
  if (value === '') throw new Error('a table key cannot be empty');
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function decodeKey(key: string): string {
  return decodeURIComponent(key);
}
