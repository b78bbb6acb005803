/**
 * `npm run cards` draws every card of the library: each card module has a sample, and every
 * sample passes the same card rules as the library's own tests (Adaptive Cards parse with no
 * events, no leaked values, under the size limit).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES } from '@yhdistysyhteistyo/contract/i18n';
import { cardSamples } from '../../bot/scripts/card-samples';
import { assertValidCard } from '../support/card-check';

const CARDS = path.resolve(__dirname, '..', '..', 'bot', 'src', 'cards');
const SAMPLES = path.resolve(__dirname, '..', '..', 'bot', 'scripts', 'card-samples.ts');

/** The modules of cards/ that build a card (helpers such as common.ts and verbs.ts do not). */
function cardModules(): string[] {
  return readdirSync(CARDS)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) =>
      /^export function \w+Card\(/m.test(readFileSync(path.join(CARDS, file), 'utf8')),
    )
    .map((file) => file.replace(/\.ts$/, ''));
}

describe('npm run cards: the card samples', () => {
  it('has a sample from every card module', () => {
    const samples = readFileSync(SAMPLES, 'utf8');
    const modules = cardModules();
    assert.ok(modules.includes('invitation') && modules.includes('calendar'), modules.join());
    const missing = modules.filter((m) => !samples.includes(`from '../src/cards/${m}'`));
    assert.deepEqual(missing, [], 'card modules without a sample in bot/scripts/card-samples.ts');
  });

  for (const locale of LOCALES) {
    it(`passes the card rules with every sample (${locale})`, () => {
      const samples = cardSamples(locale);
      const names = samples.map((s) => s.name);
      assert.equal(new Set(names).size, names.length, `sample names are unique: ${names.join()}`);
      for (const sample of samples) assertValidCard(sample.card, `${sample.name} (${locale})`);
    });
  }

  it('links the wheel picture as the bot does, and has the picture to answer the link with', () => {
    const wheel = cardSamples('fi').find((s) => s.name === 'calendar-wheel');
    assert.ok(wheel);
    const body = (wheel.card as { readonly body: readonly { type: string; url?: string }[] }).body;
    const image = body.find((b) => b.type === 'Image');
    assert.match(image?.url ?? '', /^https:\/\/[^/]+\/api\/v1\/calendar\.png\?year=2027&lang=fi&/);
    const png = wheel.images?.[image?.url ?? ''];
    assert.ok(png, 'the picture for the link');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
