/** Finnish business ID (Y-tunnus) `1234567-8`: seven digits, a hyphen and a check digit. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

/** The check digit for seven digits, or undefined where no valid check digit exists (r = 1). */
export function businessIdCheckDigit(sevenDigits: string): number | undefined {
  if (!/^\d{7}$/.test(sevenDigits)) return undefined;
  const sum = [...sevenDigits].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  const r = sum % 11;
  if (r === 1) return undefined;
  return r === 0 ? 0 : 11 - r;
}

export function isValidBusinessId(value: string): boolean {
  const m = /^(\d{7})-(\d)$/.exec(value);
  if (!m?.[1] || !m[2]) return false;
  return businessIdCheckDigit(m[1]) === Number(m[2]);
}
