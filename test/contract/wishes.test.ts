import assert from 'node:assert/strict';
import { groupWishes, wishesCsv } from '@yhdistysyhteistyo/contract/events/wishes';

describe('contract: content wishes of an evening', () => {
  const answers = [
    { contentWish: 'Avustushaku; Tilojen varaaminen', association: 'Kamarikuoro ry' },
    { contentWish: 'avustushaku.\n- tilojen  varaaminen', association: 'Partiolippukunta' },
    { contentWish: 'Avustushaku', association: 'Kamarikuoro ry' },
    { contentWish: '=HYPERLINK("x")', association: '' },
    { contentWish: '   ', association: 'Tyhjä ry' },
  ];

  it('groups topics written alike and counts them, most wished first', () => {
    assert.deepEqual(groupWishes(answers), [
      { text: 'Avustushaku', count: 3, associations: ['Kamarikuoro ry', 'Partiolippukunta'] },
      {
        text: 'Tilojen varaaminen',
        count: 2,
        associations: ['Kamarikuoro ry', 'Partiolippukunta'],
      },
      { text: '=HYPERLINK("x")', count: 1, associations: [] },
    ]);
  });

  it('exports CSV that Finnish Excel opens, with no formula let through', () => {
    const csv = wishesCsv(groupWishes(answers), ['Toive', 'Määrä', 'Yhdistykset']);
    assert.ok(csv.startsWith('\uFEFFToive;Määrä;Yhdistykset\r\n'));
    assert.match(csv, /\r\nAvustushaku;3;Kamarikuoro ry, Partiolippukunta\r\n/);
    assert.match(csv, /\r\n"'=HYPERLINK\(""x""\)";1;\r\n/);
  });
});
