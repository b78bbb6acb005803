import assert from 'node:assert/strict';
import { catalogs, localeFrom, t } from '@yhdistysyhteistyo/contract/i18n';

describe('i18n catalogs', () => {
  it('have the same keys in Finnish and English', () => {
    assert.deepEqual(Object.keys(catalogs.en).sort(), Object.keys(catalogs.fi).sort());
  });

  it('have no empty or untrimmed strings', () => {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const [key, value] of Object.entries(catalog)) {
        assert.ok(value.trim() !== '', `${locale}:${key} is empty`);
        assert.equal(value, value.trim(), `${locale}:${key} has surrounding spaces`);
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(catalogs.fi) as (keyof typeof catalogs.fi)[]) {
      assert.deepEqual(names(catalogs.en[key]), names(catalogs.fi[key]), key);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    assert.equal(t('en', 'error.internal', { ref: 'abc' }).endsWith('Reference: abc'), true);
    assert.ok(t('fi', 'error.internal').includes('{ref}'));
  });
});

describe('localeFrom', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'fi'],
    ['', 'fi'],
    ['en-US', 'en'],
    ['fi-FI', 'fi'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,en;q=0.8,fi;q=0.9', 'fi'],
    ['de-DE,en;q=0.8', 'en'],
    ['sv-FI', 'fi'],
    ['ja', 'fi'],
    ['en;q=0', 'fi'],
  ];
  for (const [input, expected] of cases) {
    it(`picks ${expected} for ${JSON.stringify(input)}`, () => {
      assert.equal(localeFrom(input), expected);
    });
  }
});
