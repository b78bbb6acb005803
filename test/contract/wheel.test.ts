import assert from 'node:assert/strict';
import { Resvg } from '@resvg/resvg-js';
import { buildAnnualCalendar, entryWhen } from '@yhdistysyhteistyo/contract/calendar';
import { COLOURS } from '@yhdistysyhteistyo/contract/events/model';
import {
  contrastRatio,
  PALETTES,
  textAlternativeText,
  THEMES,
  wheelSvg,
  wheelTextAlternative,
} from '@yhdistysyhteistyo/contract/wheel';
import { makeEvent, sampleYear } from '../support/events-fixtures';

/** Renders an SVG to raw RGBA pixels at its own size. */
function pixels(svg: string): { width: number; height: number; rgba: Buffer } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { width: image.width, height: image.height, rgba: Buffer.from(image.pixels) };
}

function pixelAt(img: { width: number; rgba: Buffer }, x: number, y: number): string {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return `#${[0, 1, 2].map((k) => (img.rgba[i + k] ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

function countColour(img: { rgba: Buffer }, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) {
    if (img.rgba[i] === r && img.rgba[i + 1] === g && img.rgba[i + 2] === b) n++;
  }
  return n;
}

describe('annual calendar', () => {
  it('lists published and cancelled entries by month and leaves drafts to coordinators', () => {
    const cal = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    assert.ok(!cal.entries.some((e) => e.eventId === 'draft-evening'));
    assert.ok(cal.entries.some((e) => e.eventId === 'cancelled-item' && e.state === 'cancelled'));
    const withDrafts = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: true });
    assert.ok(withDrafts.entries.some((e) => e.eventId === 'draft-evening'));
    const jan = cal.months[0]?.entries.map((e) => e.eventId);
    assert.deepEqual(jan, ['planning']);
  });

  it('expands a meeting series into its occurrences of the year, exceptions out and moves in', () => {
    const cal = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    const grants = cal.entries.filter((e) => e.eventId === 'grants');
    // Every other Thursday 11.3.–4.11.2027 is 18 meetings; one is an exception.
    assert.equal(grants.length, 17);
    assert.ok(!grants.some((e) => e.occurrence === '2027-03-25T17:30'));
    const moved = grants.find((e) => e.occurrence === '2027-04-08T17:30');
    assert.equal(moved && entryWhen(moved, 'fi'), 'pe 9.4.2027 klo 10.00–11.00');
    assert.ok(grants.every((e) => e.id.startsWith('grants@')));
    assert.equal(new Set(cal.entries.map((e) => e.id)).size, cal.entries.length, 'ids are unique');
  });

  it('shows a long item in every month it touches, with its last day named', () => {
    const cal = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    const monthsOf = (id: string) =>
      cal.months.filter((m) => m.entries.some((e) => e.eventId === id)).map((m) => m.month);
    assert.deepEqual(monthsOf('grant-period'), [3, 4]);
    assert.deepEqual(monthsOf('survey'), [5]);
    const survey = cal.entries.find((e) => e.eventId === 'survey');
    assert.equal(survey && entryWhen(survey, 'fi'), '1.5.–31.5.2027');
    assert.equal(survey && entryWhen(survey, 'en'), '1 May – 31 May 2027');
  });

  it('counts the categories in their fixed order', () => {
    const cal = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    assert.deepEqual(
      cal.categories.map((c) => [c.category, c.count]),
      [
        ['evening', 1],
        ['meeting', 18],
        ['grant', 1],
        ['survey', 1],
        ['steering', 1],
        ['network', 1],
        ['other', 1],
      ],
    );
  });

  it('puts an item over the new year in both years and nothing of another year', () => {
    const item = makeEvent('newyear', {
      kind: 'item',
      title: { fi: 'Vuodenvaihde' },
      category: 'other',
      allDay: true,
      start: '2027-12-20',
      end: '2028-01-10',
    });
    assert.deepEqual(
      buildAnnualCalendar(2027, [item], { includeDrafts: false }).months[11]?.entries.map(
        (e) => e.id,
      ),
      ['newyear'],
    );
    assert.deepEqual(
      buildAnnualCalendar(2028, [item], { includeDrafts: false }).months[0]?.entries.map(
        (e) => e.id,
      ),
      ['newyear'],
    );
    assert.equal(buildAnnualCalendar(2029, [item], { includeDrafts: false }).entries.length, 0);
  });
});

describe('annual wheel', () => {
  for (const theme of THEMES) {
    it(`meets contrast in the ${theme} theme: marks 3:1, text 4.5:1`, () => {
      const p = PALETTES[theme];
      for (const colour of COLOURS) {
        const ratio = contrastRatio(p.colours[colour], p.background);
        assert.ok(ratio >= 3, `${theme} ${colour} ${p.colours[colour]}: ${ratio.toFixed(2)}`);
      }
      for (const bg of [p.background, p.band, p.bandAlt]) {
        const ratio = contrastRatio(p.text, bg);
        assert.ok(ratio >= 4.5, `${theme} text on ${bg}: ${ratio.toFixed(2)}`);
      }
    });
  }

  it('computes contrast like WCAG does', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#777777', '#777777'), 1);
    assert.equal(contrastRatio('#767676', '#ffffff').toFixed(2), '4.54');
  });

  it('is an image with a title and a description that carries the text alternative', () => {
    const cal = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    const svg = wheelSvg(cal, { theme: 'light', locale: 'fi', idPrefix: 'w1' });
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="w1-title w1-desc"/);
    assert.match(svg, /<title id="w1-title">Vuosikello 2027<\/title>/);
    const desc = /<desc id="w1-desc">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    assert.ok(
      desc.includes(
        'Helmikuu: ma 22.2.2027 klo 17.30–20.00 Koko kaupungin yhdistysilta (Yhdistysilta).',
      ),
      desc,
    );
    assert.ok(desc.includes('Joulukuu: ei merkintöjä.'));
    // Each non-cancelled entry is one mark with its own tooltip.
    const marks = (svg.match(/<g><title>/g) ?? []).length;
    assert.equal(marks, cal.entries.filter((e) => e.state !== 'cancelled').length);
    assert.ok(!svg.includes('Peruttu infotilaisuus'), 'cancelled entries are not drawn');
  });

  it('writes the text alternative month by month in both languages', () => {
    const cal = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    const fi = wheelTextAlternative(cal, 'fi');
    assert.equal(fi.summary, 'Vuosikello 2027: 23 merkintää kahdellatoista kuukaudella.');
    assert.deepEqual(fi.months.map((m) => m.name).slice(0, 3), [
      'Tammikuu',
      'Helmikuu',
      'Maaliskuu',
    ]);
    assert.equal(
      fi.months[5]?.lines.length,
      2,
      'June: two grant meetings, the cancelled item left out',
    );
    const en = textAlternativeText(wheelTextAlternative(cal, 'en'), 'en');
    assert.ok(en.startsWith('Annual calendar 2027: 23 items over twelve months.'));
    assert.ok(en.includes('May: 1 May – 31 May 2027 Association survey (Survey)'));
    assert.ok(en.includes('December: no items.'));
  });

  it('escapes titles so a title cannot break the drawing', () => {
    const cal = buildAnnualCalendar(
      2027,
      [
        makeEvent('x', {
          kind: 'item',
          title: { fi: '<script>a & "b"</script>' },
          category: 'other',
          start: '2027-03-03T10:00',
          end: '2027-03-03T11:00',
        }),
      ],
      { includeDrafts: false },
    );
    const svg = wheelSvg(cal, { theme: 'dark', locale: 'fi' });
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.includes('&lt;script&gt;a &amp; &quot;b&quot;'));
    assert.doesNotThrow(() => pixels(svg));
  });

  it('draws January at the top and July at the bottom, clockwise, in the category colour', () => {
    const item = (id: string, date: string) =>
      makeEvent(id, {
        kind: 'item',
        title: { fi: id },
        category: 'network',
        allDay: true,
        start: date,
        end: date,
      });
    const cal = buildAnnualCalendar(2027, [item('jan', '2027-01-01'), item('jul', '2027-07-02')], {
      includeDrafts: false,
    });
    for (const theme of THEMES) {
      const img = pixels(wheelSvg(cal, { theme, locale: 'fi' }));
      assert.equal(img.width, 1024);
      assert.equal(img.height, 1024);
      const colour = PALETTES[theme].colours.teal;
      // One lane: its middle is 300 px from the centre. 1.1. is at 12 o'clock.
      assert.equal(pixelAt(img, 512, 212), colour, `${theme}: 1.1. at the top`);
      // 2.7. is day 183 of 365: just past half way, so a hair left of 6 o'clock.
      const angle = -90 + (360 * 182) / 365;
      const x = 512 + 300 * Math.cos((angle * Math.PI) / 180);
      const y = 512 + 300 * Math.sin((angle * Math.PI) / 180);
      assert.equal(pixelAt(img, x, y), colour, `${theme}: 2.7. at the bottom`);
      assert.notEqual(pixelAt(img, 812, 512), colour, `${theme}: nothing at 3 o'clock`);
    }
  });

  it('uses each present category colour and no absent one', () => {
    const cal = buildAnnualCalendar(2027, sampleYear(), { includeDrafts: false });
    const img = pixels(wheelSvg(cal, { theme: 'light', locale: 'fi' }));
    const c = PALETTES.light.colours;
    for (const present of [c.blue, c.green, c.orange, c.purple, c.red, c.teal]) {
      assert.ok(countColour(img, present) > 100, present);
    }
    // "other" (brown) only has a cancelled entry, which is not drawn.
    assert.equal(countColour(img, c.brown), 0);
    assert.equal(countColour(img, c.magenta), 0);
  });
});
