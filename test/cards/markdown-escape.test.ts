/**
 * Text that people wrote (association names, event titles, descriptions, agenda, the echoed
 * unknown command) reaches a card as text: markdown that would make a link, a mention or
 * formatting is escaped in every card.
 */
import assert from 'node:assert/strict';
import { calendarCard } from '../../bot/src/cards/calendar';
import { plainText } from '../../bot/src/cards/common';
import { invitationCard } from '../../bot/src/cards/invitation';
import { unknownCommandCard } from '../../bot/src/cards/unknown';
import { workingGroupsCard } from '../../bot/src/cards/working-groups';
import { DEMO_ANNUAL_RHYTHM } from '../../bot/src/domain/demo-data';
import { demoEvent } from '../../bot/src/storage/events-seed';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import { cardTexts } from '../support/card-check';

const EVIL =
  '[Avaa tästä](https://evil.example/kirjaudu) **TÄRKEÄÄ** <at>Helena</at> _x_ `koodi` ~~y~~';
const EVIL_LINES = '# Otsikko\n- lista\n1. numeroitu';

/** Markdown left unescaped in a card's texts: a link, a mention, emphasis or code. */
function unescaped(json: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string' && ['text', 'value'].includes(key)) {
      if (/(^|[^\\])(\[|\*|_|`|<|~)/.test(v) || /^\s*(#|-\s|\d+\.\s)/m.test(v)) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        // Fact titles are text too.
        walk(x, k === 'title' && 'value' in v ? 'value' : k);
      }
    }
  };
  walk(json, '');
  return out;
}

describe('cards: user text is text, not markdown', () => {
  it('plainText escapes links, mentions, emphasis, code, headings and lists', () => {
    assert.equal(plainText('[a](b)'), '\\[a\\](b)');
    assert.equal(plainText('**b**'), '\\*\\*b\\*\\*');
    assert.equal(plainText('<at>x</at>'), '\\<at\\>x\\</at\\>');
    assert.equal(plainText('# h\n- l\n2. n'), '\\# h\n\\- l\n2\\. n');
    assert.equal(
      plainText('Kaupungin Kamarikuoro ry, 5.1. klo 17.00–18.00 (Teams)'),
      'Kaupungin Kamarikuoro ry, 5.1. klo 17.00–18.00 (Teams)',
    );
  });

  it('the unknown command is echoed as text', () => {
    const card = unknownCommandCard({ text: EVIL, suggestions: ['help'] }, 'fi');
    assert.deepEqual(unescaped(card), []);
    assert.ok(cardTexts(card).some((t) => t.includes('[Avaa tästä](https://evil.example')));
  });

  it("an evening's title, description and agenda are text in the invitation", () => {
    const item = DEMO_ANNUAL_RHYTHM.find((i) => i.kind === 'evening');
    const base = item && demoEvent(item, 2027, '2026-12-01T10:00:00.000Z', 'x@y.example');
    assert.ok(base?.kind === 'evening');
    const event = {
      ...base,
      state: 'published' as const,
      title: { fi: EVIL, en: EVIL },
      description: { fi: `${EVIL}\n${EVIL_LINES}`, en: EVIL },
      host: EVIL,
      agenda: base.agenda.map((a) => ({ ...a, title: { fi: EVIL_LINES, en: EVIL } })),
    };
    const card = invitationCard(
      {
        event,
        counts: { yes: 0, maybe: 0, no: 0, total: 0 },
        now: new Date(Date.parse(event.start) - 14 * 86_400_000),
        icsUrl: 'https://example.test/e.ics',
        refreshUserIds: [],
        manualRefresh: false,
      },
      'fi',
    );
    assert.deepEqual(unescaped(card), []);
  });

  it('calendar items and working groups are text', () => {
    const start = localToUtc('2027-03-01T17:00');
    const calendar = calendarCard(
      {
        from: localToUtc('2027-01-01T00:00'),
        to: localToUtc('2028-01-01T00:00'),
        items: [
          {
            id: 'x',
            category: 'meeting',
            title: { fi: EVIL, en: EVIL },
            start,
            end: start,
            host: { fi: EVIL, en: EVIL },
            place: EVIL,
            state: 'published',
          },
        ],
      },
      'fi',
    );
    assert.deepEqual(unescaped(calendar), []);
    const groups = workingGroupsCard(
      {
        groups: [{ id: 'g', name: { fi: EVIL, en: EVIL }, unitId: 'kulttuuri' }],
        units: [{ id: 'kulttuuri', name: { fi: EVIL, en: EVIL } }],
        nextMeetings: {},
      },
      'fi',
    );
    assert.deepEqual(unescaped(groups), []);
  });
});
