import assert from 'node:assert/strict';
import { z } from 'zod';
import { associationInputSchema } from '@yhdistysyhteistyo/contract/associations';
import { fieldMessages, issueKey } from '@yhdistysyhteistyo/contract/field-messages';
import { t, type Locale, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';

const inLocale = (locale: Locale) => (key: MessageKey) => t(locale, key);

describe('fieldMessages', () => {
  it('translates the message keys a schema sets, one message per field', () => {
    const result = associationInputSchema.safeParse({ name: 'x' });
    assert.equal(result.success, false);
    const fi = fieldMessages(result.error?.issues ?? [], inLocale('fi'));
    const en = fieldMessages(result.error?.issues ?? [], inLocale('en'));
    assert.equal(fi.name, t('fi', 'associations.validation.nameLength'));
    assert.equal(en.name, t('en', 'associations.validation.nameLength'));
    assert.deepEqual(Object.keys(fi), Object.keys(en));
  });

  it("never shows zod's own English text: an issue without a key gets the generic message", () => {
    const result = z.object({ n: z.number(), s: z.string().min(3) }).safeParse({ s: 'a' });
    assert.equal(result.success, false);
    const fi = fieldMessages(result.error?.issues ?? [], inLocale('fi'));
    assert.deepEqual(fi, { n: t('fi', 'error.validation'), s: t('fi', 'error.validation') });
    // zod's texts, even with a dot in them, are not keys.
    assert.equal(issueKey({ message: 'Invalid input: expected number.' }), 'error.validation');
    assert.equal(issueKey({ message: 'Too small: expected >=3' }), 'error.validation');
  });

  it('keeps the first issue of a field, names the whole input (body), and maps paths', () => {
    const issues = [
      { path: [], message: 'error.validation' },
      { path: ['contacts', 0, 'email'], message: 'associations.validation.email' },
      { path: ['contacts', 0, 'email'], message: 'associations.validation.nameLength' },
    ];
    const byPath = fieldMessages(issues, inLocale('en'));
    assert.deepEqual(byPath, {
      '(body)': t('en', 'error.validation'),
      'contacts.0.email': t('en', 'associations.validation.email'),
    });
    const byColumn = fieldMessages(issues.slice(1), inLocale('fi'), (path) => String(path[0]));
    assert.deepEqual(byColumn, { contacts: t('fi', 'associations.validation.email') });
  });
});
