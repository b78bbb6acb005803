/**
 * The yearly stale-data reminder card: each association not checked for 12 months with its last
 * check date, a "still correct" Action.Execute carrying its id and ETag, and a link to edit it in
 * the tab; at most 15 listed, the rest counted; thanks when nothing is left.
 */
import assert from 'node:assert/strict';
import {
  MAX_STALE_LISTED,
  staleDataCard,
  type StaleDataItem,
} from '../../bot/src/cards/stale-data';
import { VERBS } from '../../bot/src/cards/verbs';
import { assertValidCard, cardTexts } from '../support/card-check';

interface Action {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, string>;
  url?: string;
}
interface Card {
  body: { type: string; actions?: Action[] }[];
  actions?: Action[];
}

const item = (i: number, name = `Yhdistys ${i} ry`): StaleDataItem => ({
  id: `a-${i}`,
  name,
  updatedAt: `2024-0${(i % 9) + 1}-15T09:00:00.000Z`,
  etag: `W/"datetime'2024-0${(i % 9) + 1}'"`,
});
const links = {
  editUrl: (id: string) => `https://tab.example/tab/index.html?view=personal&association=${id}`,
  listUrl: 'https://tab.example/tab/index.html?view=personal',
};
const buttons = (card: Card) => card.body.flatMap((b) => b.actions ?? []);

describe('cards: the stale-data reminder', () => {
  it('lists each association with its check date, "still correct" and a link to edit', () => {
    const card = staleDataCard(
      { associations: [item(1), item(2, 'Kuoro [klikkaa](https://x.example)')], ...links },
      'fi',
    ) as unknown as Card;
    assertValidCard(card, 'stale-data fi');
    const texts = cardTexts(card);
    assert.equal(texts[0], 'Ovatko yhdistystesi tiedot ajan tasalla?');
    assert.ok(texts.includes('Yhdistys 1 ry'));
    assert.ok(texts.includes('Tarkistettu viimeksi 15.2.2024'), texts.join(' | '));
    assert.ok(
      JSON.stringify(card).includes('Kuoro \\\\[klikkaa\\\\]'),
      'a name cannot make a link: its markdown is escaped',
    );
    const actions = buttons(card);
    assert.deepEqual(
      actions.map((a) => [a.type, a.title]),
      [
        ['Action.Execute', 'Tiedot ovat ajan tasalla'],
        ['Action.OpenUrl', 'Muokkaa tietoja'],
        ['Action.Execute', 'Tiedot ovat ajan tasalla'],
        ['Action.OpenUrl', 'Muokkaa tietoja'],
      ],
    );
    assert.equal(actions[0]?.verb, VERBS.staleDataConfirm);
    assert.deepEqual(actions[0]?.data, { associationId: 'a-1', etag: item(1).etag });
    assert.equal(actions[1]?.url, links.editUrl('a-1'));
    assert.equal(card.actions?.[0]?.url, links.listUrl);
  });

  it('in English, lists at most 15 and counts the rest; thanks when none is left', () => {
    const many = Array.from({ length: 22 }, (_, i) => item(i));
    const card = staleDataCard({ associations: many, ...links }, 'en') as unknown as Card;
    assertValidCard(card, 'stale-data many');
    assert.equal(buttons(card).length, 2 * MAX_STALE_LISTED);
    assert.ok(cardTexts(card).includes('And 7 more associations: see the tab.'));
    const done = staleDataCard(
      {
        associations: [],
        ...links,
        notice: { text: 'The data of Kuoro ry marked as checked today.', good: true },
      },
      'en',
    ) as unknown as Card;
    assertValidCard(done, 'stale-data done');
    assert.deepEqual(cardTexts(done).slice(1), [
      'The data of Kuoro ry marked as checked today.',
      'The data of every association of your units has been checked. Thank you!',
      'Open the list of associations',
    ]);
    assert.equal(buttons(done).length, 0);
  });
});
