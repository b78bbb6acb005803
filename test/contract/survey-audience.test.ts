/** Who a survey is for: the pure table of `contract/surveys/audience.ts`, row by row. */
import assert from 'node:assert/strict';
import { inAudience, type AudienceFacts } from '@yhdistysyhteistyo/contract/surveys/audience';

const CASES: readonly [string, AudienceFacts, { associations: boolean; keyPersons: boolean }][] = [
  [
    'the coordinator',
    { cityRole: 'coordinator', guest: false },
    { associations: false, keyPersons: true },
  ],
  [
    'a contact person',
    { cityRole: 'contact', guest: false },
    { associations: false, keyPersons: true },
  ],
  [
    'a contact person also listed by an association',
    { cityRole: 'contact', guest: false, associationContact: true },
    { associations: false, keyPersons: true },
  ],
  ['a guest of the team', { guest: true }, { associations: true, keyPersons: false }],
  [
    "an association's contact person with a city account",
    { guest: false, associationContact: true },
    { associations: true, keyPersons: false },
  ],
  ['a city employee without a role', { guest: false }, { associations: false, keyPersons: false }],
  ['someone Teams told nothing of', {}, { associations: true, keyPersons: false }],
  [
    'a guest given a contact role by the coordinator',
    { cityRole: 'contact', guest: true },
    { associations: false, keyPersons: true },
  ],
];

describe('survey audience', () => {
  for (const [who, facts, expected] of CASES) {
    it(`${who}: association survey ${expected.associations ? 'yes' : 'no'}, key persons' ${expected.keyPersons ? 'yes' : 'no'}`, () => {
      assert.equal(inAudience('associations', facts), expected.associations);
      assert.equal(inAudience('keyPersons', facts), expected.keyPersons);
    });
  }
});
