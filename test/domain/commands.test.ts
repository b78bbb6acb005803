import assert from 'node:assert/strict';
import {
  COMMAND_IDS,
  commandWord,
  editDistance,
  normalize,
  parseCommand,
  stripMentions,
  type ParsedCommand,
} from '../../bot/src/domain/commands';
import { replyLanguage } from '../../bot/src/domain/preferences';

function commandOf(text: string): string {
  const parsed = parseCommand(text);
  return parsed.kind === 'command' ? parsed.command : parsed.kind;
}

describe('command matching', () => {
  const cases: [string, string][] = [
    ['ohje', 'help'],
    ['help', 'help'],
    ['vuosikello', 'calendar'],
    ['kalenteri', 'calendar'],
    ['calendar', 'calendar'],
    ['annual calendar', 'calendar'],
    ['seuraavat', 'events'],
    ['tulevat', 'events'],
    ['coming events', 'events'],
    ['upcoming', 'events'],
    ['työryhmät', 'workingGroups'],
    ['working groups', 'workingGroups'],
    ['yhteyshenkilöt', 'contacts'],
    ['contacts', 'contacts'],
    ['contact persons', 'contacts'],
    ['huoneentaulu', 'houseRules'],
    ['house rules', 'houseRules'],
    ['roolit', 'roles'],
    ['roles and responsibilities', 'roles'],
    ['kieli', 'language'],
    ['language', 'language'],
    ['julkaise tänne', 'postHere'],
    ['post here', 'postHere'],
    ['julkaise vuosikello', 'publishCalendar'],
    ['post calendar', 'publishCalendar'],
  ];
  for (const [text, command] of cases) {
    it(`"${text}" → ${command}`, () => assert.equal(commandOf(text), command));
  }

  it('has a Finnish and an English word for every command', () => {
    for (const id of COMMAND_IDS) {
      assert.equal(commandOf(commandWord(id, 'fi')), id);
      assert.equal(commandOf(commandWord(id, 'en')), id);
    }
  });

  it('ignores case, punctuation and surrounding space', () => {
    assert.equal(commandOf('  VUOSIKELLO! '), 'calendar');
    assert.equal(commandOf('Työryhmät?'), 'workingGroups');
    assert.equal(commandOf('Julkaise Tänne.'), 'postHere');
  });

  it('accepts words typed without ä, ö and å', () => {
    assert.equal(commandOf('tyoryhmat'), 'workingGroups');
    assert.equal(commandOf('yhteyshenkilot'), 'contacts');
    assert.equal(commandOf('julkaise tanne'), 'postHere');
    assert.equal(commandOf('tyryhmt'), 'workingGroups', 'ö and ä left out altogether');
  });

  it('accepts small typos in longer words, not in short ones', () => {
    assert.equal(commandOf('vuosikelo'), 'calendar');
    assert.equal(commandOf('vuoskello'), 'calendar');
    assert.equal(commandOf('kalentri'), 'calendar');
    assert.equal(commandOf('yhtyeshenkilöt'), 'contacts', 'two letters swapped');
    assert.equal(commandOf('roolt'), 'roles');
    assert.equal(commandOf('ohj'), 'help', 'one letter short of a four-letter word');
    assert.equal(commandOf('joo'), 'unknown');
    assert.equal(commandOf('en'), 'unknown');
    assert.equal(commandOf('vuosikaakao'), 'unknown', 'too far from anything');
  });

  it('strips the mention before matching', () => {
    assert.equal(commandOf('<at>Yhdistysbotti</at> vuosikello'), 'calendar');
    assert.equal(commandOf('<at>Yhdistys botti</at>&nbsp;julkaise tänne'), 'postHere');
    assert.equal(commandOf('vuosikello <at>Yhdistysbotti</at>'), 'calendar');
    assert.deepEqual(parseCommand('<at>Yhdistysbotti</at>'), { kind: 'empty' });
    assert.deepEqual(parseCommand(''), { kind: 'empty' });
    assert.deepEqual(parseCommand(undefined), { kind: 'empty' });
  });

  it('reads the language of "kieli" / "language"', () => {
    const lang = (text: string): string | undefined => {
      const p = parseCommand(text);
      return p.kind === 'command' && p.command === 'language' ? (p.language ?? 'ask') : undefined;
    };
    assert.equal(lang('kieli en'), 'en');
    assert.equal(lang('kieli englanti'), 'en');
    assert.equal(lang('language fi'), 'fi');
    assert.equal(lang('Language Finnish'), 'fi');
    assert.equal(lang('kieli suomi'), 'fi');
    assert.equal(lang('kieli'), 'ask');
    assert.equal(lang('kieli ruotsi'), 'ask', 'a language the bot does not speak asks again');
  });

  it('reads which house rule', () => {
    const rule = (text: string): string | undefined => {
      const p = parseCommand(text);
      return p.kind === 'command' && p.command === 'houseRules' ? (p.rule ?? 'all') : undefined;
    };
    assert.equal(rule('huoneentaulu yhdistysilta'), 'evening');
    assert.equal(rule('huoneentaulu yhteyshenkilö'), 'contactPerson');
    assert.equal(rule('huoneentaulu tyoryhmat'), 'workingGroups');
    assert.equal(rule('huoneentaulu yhdessä tekeminen'), 'together');
    assert.equal(rule('house rules evening'), 'evening');
    assert.equal(rule('house rules together'), 'together');
    assert.equal(rule('huoneentaulu 3'), 'workingGroups');
    assert.equal(rule('huoneentaulut'), 'all');
  });

  it('answers unknown text with the closest commands and the text itself', () => {
    const parsed = parseCommand('<at>Botti</at> vuosi kalenteri please');
    assert.equal(parsed.kind, 'unknown');
    const unknown = parsed;
    assert.equal(unknown.text, 'vuosi kalenteri please');
    assert.equal(unknown.suggestions[0], 'calendar');
    assert.ok(unknown.suggestions.length <= 3);
    const groups = parseCommand('ryhmäkokous') as Extract<ParsedCommand, { kind: 'unknown' }>;
    assert.equal(groups.kind, 'unknown');
    assert.ok(groups.suggestions.includes('workingGroups'), groups.suggestions.join());
  });

  it('never suggests the coordinator commands to someone who typed something else', () => {
    const parsed = parseCommand('julkaise') as Extract<ParsedCommand, { kind: 'unknown' }>;
    assert.equal(parsed.kind, 'unknown');
    assert.ok(!parsed.suggestions.includes('postHere'));
  });

  it('matches a very long message on its start only', () => {
    const parsed = parseCommand(`vuosikello ${'sana '.repeat(50_000)}`);
    assert.equal(parsed.kind === 'command' && parsed.command, 'calendar');
    assert.equal(parseCommand('x'.repeat(200_000)).kind, 'unknown');
  });

  it('keeps the quoted text short', () => {
    const parsed = parseCommand('x'.repeat(500)) as Extract<ParsedCommand, { kind: 'unknown' }>;
    assert.equal(parsed.text.length, 100);
  });
});

describe('matching helpers', () => {
  it('normalizes Finnish letters and punctuation', () => {
    assert.equal(normalize('Työryhmät, Åland & Ääni!'), 'tyoryhmat aland aani');
    assert.equal(stripMentions('<at>Bot</at> hei &amp; moi'), '  hei & moi');
  });

  it('counts edits, with a swap of neighbours as one', () => {
    assert.equal(editDistance('kello', 'kello'), 0);
    assert.equal(editDistance('kelo', 'kello'), 1);
    assert.equal(editDistance('klelo', 'kello'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});

describe('reply language', () => {
  it("prefers the person's own choice, then the Teams locale, then Finnish", () => {
    assert.equal(replyLanguage('fi', 'en-US'), 'fi');
    assert.equal(replyLanguage('en', 'fi-FI'), 'en');
    assert.equal(replyLanguage(undefined, 'en-GB'), 'en');
    assert.equal(replyLanguage(undefined, 'fi-FI'), 'fi');
    assert.equal(replyLanguage(undefined, 'sv-FI'), 'fi');
    assert.equal(replyLanguage(undefined, undefined), 'fi');
  });
});
