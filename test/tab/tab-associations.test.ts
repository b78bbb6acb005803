/**
 * The associations tab end to end: headless Chromium against the real server and Azurite. A
 * contact person adds, edits and removes, meets a conflict and resolves it, imports and
 * exports CSV and copies the mailing list; what the page shows is checked against the API.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type {
  Association,
  AssociationList,
  HistoryResponse,
} from '@yhdistysyhteistyo/contract/associations';
import type { TestApp } from '../support/app';
import {
  callApi,
  devToken,
  inputOf,
  openTabAs,
  rowNamed,
  watchProblems,
  type BrowserSession,
} from '../support/browser';
import { useTabSuite } from '../support/tab-suite';
import { DEMO } from '../support/tokens';
import { eventually } from '../support/wait';

/** Helsinki wall-clock time of an instant in the tab's Finnish style, computed independently. */
function helsinkiFi(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('fi-FI', {
      timeZone: 'Europe/Helsinki',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} klo ${String(parts.hour).padStart(2, '0')}.${parts.minute}`;
}

describe('associations tab: a contact person at work (Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: BrowserSession;
  let page: Page;
  let problems: string[];
  const tokens: Record<string, string> = {};

  const asCoordinator = <T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { body?: unknown; ifMatch?: string } = {},
  ) => callApi<T>(t.url, tokens.coordinator ?? '', method, path, options);

  async function find(name: string): Promise<Association | undefined> {
    const list = await asCoordinator<AssociationList>(
      'GET',
      `/associations?status=all&limit=1000&q=${encodeURIComponent(name)}`,
    );
    return list.body.items.find((a) => a.name === name);
  }

  async function create(name: string, units: string[] = ['kulttuuri']): Promise<Association> {
    const res = await asCoordinator<Association>('POST', '/associations', {
      body: {
        name,
        units,
        contacts: [{ name: 'Testi Henkilö', email: 'testi@example.com' }],
      },
    });
    assert.equal(res.status, 201);
    return res.body;
  }

  async function openAsContact(query = ''): Promise<void> {
    await openTabAs(page, t.url, DEMO.contact, { query });
  }

  /** The list is virtual: a row far down is not rendered until searched for (or scrolled to). */
  async function show(name: string): Promise<void> {
    await page.getByRole('searchbox').fill(name);
    await rowNamed(page, name).waitFor();
  }

  async function dialogClosed(): Promise<void> {
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
  }

  const suite = useTabSuite();
  before(async () => {
    ({ app: t, browser } = suite);
    tokens.coordinator = await devToken(t.url, DEMO.coordinator);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: t.url,
    });
  });
  beforeEach(async () => {
    page = await browser.newPage();
    problems = watchProblems(page);
  });
  afterEach(async function () {
    await page.close();
    // Every test also proves the page ran under its CSP without script errors.
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, []);
  });

  it('adds an association through the dialog, and the API has it as entered', async () => {
    await openAsContact();
    await page.getByRole('button', { name: 'Lisää yhdistys' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-field="name"]').fill('Lauluyhdistys Satakieli ry');
    await dialog.getByLabel('Yhdistysrekisterinumero').fill('123.456');
    await dialog.getByRole('checkbox', { name: 'Kulttuuri' }).first().check();
    await dialog.getByRole('button', { name: 'Lisää yhteyshenkilö' }).click();
    await dialog.locator('[data-field="contacts.0.name"]').fill('Sari Laulaja');
    await dialog.locator('[data-field="contacts.0.email"]').fill('sari@satakieli.example');
    await dialog.locator('[data-field="contacts.0.phone"]').fill('040 123 4567');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialogClosed();

    await show('Lauluyhdistys Satakieli ry');
    await page.getByText('Lisätty: Lauluyhdistys Satakieli ry').waitFor();
    const saved = await find('Lauluyhdistys Satakieli ry');
    assert.ok(saved, 'the API lists the new association');
    assert.equal(saved.registerNumber, '123.456');
    assert.deepEqual(saved.units, ['kulttuuri']);
    assert.equal(saved.contacts[0]?.email, 'sari@satakieli.example');
    assert.equal(saved.createdBy, DEMO.contact);
  });

  it('shows the schema messages inline and sends nothing while the form is invalid', async () => {
    const before = await asCoordinator<AssociationList>(
      'GET',
      '/associations?status=all&limit=1000',
    );
    await openAsContact();
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/associations')) posts++;
    });
    await page.getByRole('button', { name: 'Lisää yhdistys' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-field="name"]').fill('K');
    await dialog.getByLabel('Y-tunnus').fill('1234567-2');
    await dialog.getByLabel('Verkkosivut').fill('javascript:alert(1)');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();

    await dialog.getByText('Nimen pituus on 2–200 merkkiä.').waitFor();
    await dialog
      .getByText('Y-tunnus on muotoa 1234567-8 ja sen tarkistusmerkin on täsmättävä.')
      .waitFor();
    await dialog.getByText('Valitse vähintään yksi yksikkö.').waitFor();
    await dialog.getByText('Kirjoita osoite, joka alkaa https://.').waitFor();
    // Focus goes to the first field to fix.
    assert.equal(await page.locator(':focus').getAttribute('data-field'), 'name');
    // Fixing a field clears its message as the user types.
    await dialog.locator('[data-field="name"]').fill('Kelvollinen nimi ry');
    await dialog.getByText('Nimen pituus on 2–200 merkkiä.').waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Peruuta' }).click();
    await dialogClosed();

    assert.equal(posts, 0);
    const after = await asCoordinator<AssociationList>(
      'GET',
      '/associations?status=all&limit=1000',
    );
    assert.equal(after.body.items.length, before.body.items.length);
  });

  it("shows the API's own field message: a name already used in the unit", async () => {
    await create('Kuoro Kaiku ry');
    await openAsContact();
    await page.getByRole('button', { name: 'Lisää yhdistys' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-field="name"]').fill('kuoro kaiku ry');
    await dialog.getByRole('checkbox', { name: 'Kulttuuri' }).first().check();
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog
      .getByText('Samassa yksikössä on jo tämän niminen yhdistys. Valitse toinen nimi.')
      .first()
      .waitFor();
    assert.equal(await dialog.locator('[data-field="name"]').getAttribute('aria-invalid'), 'true');
  });

  it('edits an association and the API has the change under a new ETag', async () => {
    const original = await create('Näytelmäpiiri Kulissi ry');
    await openAsContact();
    await show('Näytelmäpiiri Kulissi ry');
    await rowNamed(page, 'Näytelmäpiiri Kulissi ry')
      .getByRole('button', { name: 'Muokkaa: Näytelmäpiiri Kulissi ry' })
      .click();
    const dialog = page.getByRole('dialog');
    assert.equal(
      await dialog.locator('[data-field="name"]').inputValue(),
      'Näytelmäpiiri Kulissi ry',
    );
    await dialog.getByLabel('Lisätiedot').fill('Harjoittelee torstaisin.');
    await dialog.getByRole('switch', { name: 'Yhdistys on aktiivinen' }).uncheck();
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialogClosed();

    const saved = await find('Näytelmäpiiri Kulissi ry');
    assert.equal(saved?.notes, 'Harjoittelee torstaisin.');
    assert.equal(saved?.status, 'inactive');
    assert.notEqual(saved?.etag, original.etag);
    // Inactive associations leave the default (active) list; the status filter brings them back.
    await rowNamed(page, 'Näytelmäpiiri Kulissi ry').waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Tila' }).selectOption('inactive');
    await rowNamed(page, 'Näytelmäpiiri Kulissi ry').getByText('Ei aktiivinen').waitFor();
  });

  it('removes an association only after confirmation', async () => {
    const target = await create('Poistuva Seura ry');
    await openAsContact();
    await show('Poistuva Seura ry');
    const row = rowNamed(page, 'Poistuva Seura ry');
    await row.getByRole('button', { name: 'Poista: Poistuva Seura ry' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Peruuta' }).click();
    await dialogClosed();
    assert.ok(await find('Poistuva Seura ry'), 'cancel keeps it');

    await row.getByRole('button', { name: 'Poista: Poistuva Seura ry' }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Poista', exact: true })
      .click();
    await dialogClosed();
    await row.waitFor({ state: 'detached' });
    await page.getByText('Poistettu: Poistuva Seura ry').waitFor();
    const gone = await asCoordinator('GET', `/associations/${encodeURIComponent(target.id)}`);
    assert.equal(gone.status, 404);
  });

  it('meets a conflict when someone saved first, sees both versions, and keeps mine on the new ETag', async () => {
    const original = await create('Kamarimusiikin ystävät ry');
    await openAsContact();
    await show('Kamarimusiikin ystävät ry');
    await rowNamed(page, 'Kamarimusiikin ystävät ry')
      .getByRole('button', { name: 'Muokkaa: Kamarimusiikin ystävät ry' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Lisätiedot').fill('Minun muutokseni');

    // The coordinator saves the same association in between, through the API.
    const theirs = await asCoordinator<Association>(
      'PUT',
      `/associations/${encodeURIComponent(original.id)}`,
      {
        ifMatch: original.etag,
        body: {
          ...inputOf(original),
          notes: 'Heidän muutoksensa',
          website: 'https://kamari.example',
        },
      },
    );
    assert.equal(theirs.status, 200);

    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    const conflict = page.getByRole('alertdialog');
    await conflict.getByText('Joku muu tallensi ensin').waitFor();
    const table = conflict.getByTestId('conflict-table');
    const notesRow = table.getByRole('row', { name: /Lisätiedot/ });
    await notesRow.getByRole('cell', { name: 'Minun muutokseni' }).waitFor();
    await notesRow.getByRole('cell', { name: 'Heidän muutoksensa' }).waitFor();
    await table
      .getByRole('row', { name: /Verkkosivut/ })
      .getByText('https://kamari.example')
      .waitFor();
    await conflict.getByText(DEMO.coordinator).waitFor();

    await conflict.getByRole('button', { name: 'Pidä omani' }).click();
    await dialogClosed();
    const saved = await find('Kamarimusiikin ystävät ry');
    assert.equal(saved?.notes, 'Minun muutokseni');
    assert.equal(saved?.website, '', 'keep mine saves my whole version');
    assert.equal(saved?.updatedBy, DEMO.contact);
    const history = await asCoordinator<HistoryResponse>(
      'GET',
      `/associations/${encodeURIComponent(original.id)}/history`,
    );
    assert.deepEqual(
      history.body.items.filter((e) => e.action === 'update').map((e) => e.by),
      [DEMO.contact, DEMO.coordinator],
      'both saves are in the trail; none was lost silently',
    );
  });

  it('resolves a conflict by taking theirs: my values are not saved', async () => {
    const original = await create('Puhallinorkesteri Torvi ry');
    await openAsContact();
    await show('Puhallinorkesteri Torvi ry');
    await rowNamed(page, 'Puhallinorkesteri Torvi ry')
      .getByRole('button', { name: 'Muokkaa: Puhallinorkesteri Torvi ry' })
      .click();
    await page.getByRole('dialog').getByLabel('Lisätiedot').fill('Minun versioni');
    await asCoordinator('PUT', `/associations/${encodeURIComponent(original.id)}`, {
      ifMatch: original.etag,
      body: { ...inputOf(original), notes: 'Koordinaattorin versio' },
    });
    await page.getByRole('dialog').getByRole('button', { name: 'Tallenna' }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Ota tallennettu versio' })
      .click();
    await dialogClosed();
    const stored = await find('Puhallinorkesteri Torvi ry');
    assert.equal(stored?.notes, 'Koordinaattorin versio');
    assert.equal(stored?.updatedBy, DEMO.coordinator);
    // The page now holds their version: editing again starts from it.
    await rowNamed(page, 'Puhallinorkesteri Torvi ry')
      .getByRole('button', { name: 'Muokkaa: Puhallinorkesteri Torvi ry' })
      .click();
    assert.equal(
      await page.getByRole('dialog').getByLabel('Lisätiedot').inputValue(),
      'Koordinaattorin versio',
    );
  });

  it('imports a CSV with a bad row: the dry run names the row and nothing is imported', async () => {
    await openAsContact();
    await page.getByRole('button', { name: 'Tuo CSV' }).click();
    const csv = [
      'Nimi;Yksiköt;Y-tunnus;Yhteyshenkilö 1 nimi;Yhteyshenkilö 1 sähköposti',
      'Tuontiseura Yksi ry;Kulttuuri;;Anna Aalto;anna@example.com',
      'Tuontiseura Kaksi ry;Kirjasto;1234567-2;Pekka Puu;pekka@example.com',
      '"Tuontiseura; Kolme ry";Kirjasto;;Olli Oja;olli@example.com',
    ].join('\r\n');
    await page.getByTestId('import-file').setInputFiles({
      name: 'tuonti.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Tarkista tiedosto' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const rows = errors.locator('tbody tr');
    assert.equal(await rows.count(), 1);
    assert.deepEqual(await rows.first().locator('td').allInnerTexts(), [
      '3',
      'Y-tunnus',
      'Y-tunnus on muotoa 1234567-8 ja sen tarkistusmerkin on täsmättävä.',
    ]);
    await page.getByText('1 riviä ei kelpaa, joten mitään ei tuotu.', { exact: false }).waitFor();
    // With errors there is no way to apply.
    assert.equal(await page.getByRole('button', { name: /^Tuo \d+ riviä$/ }).count(), 0);
    await page.getByRole('button', { name: 'Peruuta' }).click();
    for (const name of ['Tuontiseura Yksi ry', 'Tuontiseura Kaksi ry', 'Tuontiseura; Kolme ry']) {
      assert.equal(await find(name), undefined, `${name} was not imported`);
    }
  });

  it('imports a valid CSV after the dry run, with progress, and lists the new rows', async () => {
    await openAsContact();
    await page.getByRole('button', { name: 'Tuo CSV' }).click();
    // Excel's Windows-1252 with commas and a quoted line break.
    const csv =
      'Nimi,Yksiköt,Lisätiedot\r\nTuontikerho Ä ry,Kirjasto,"Kaksi\r\nriviä"\r\nTuontikerho Ö ry,Kulttuuri,\r\n';
    await page.getByTestId('import-file').setInputFiles({
      name: 'excel.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'latin1'),
    });
    await page.getByRole('button', { name: 'Tarkista tiedosto' }).click();
    await page.getByTestId('import-ok-summary').getByText('2 riviä: 2 uutta').waitFor();
    assert.equal(await find('Tuontikerho Ä ry'), undefined, 'the dry run wrote nothing');
    // Hold the real request a moment so the progress can be seen.
    await page.route('**/api/v1/associations/import', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Tuo 2 riviä' }).click();
    await page.getByRole('progressbar').waitFor();
    await page.getByText('Tuodaan yhdistyksiä…').waitFor();
    await page.getByTestId('import-done').waitFor();
    await page.getByText('2 yhdistystä lisättiin ja 0 päivitettiin.').waitFor();
    await page.getByRole('button', { name: 'Sulje' }).click();
    // The list is virtual: search to bring both into view.
    await page.getByRole('searchbox').fill('tuontikerho');
    await rowNamed(page, 'Tuontikerho Ä ry').waitFor();
    await rowNamed(page, 'Tuontikerho Ö ry').waitFor();
    // The quoted line break and Windows-1252's Ä and Ö survive the trip.
    assert.match((await find('Tuontikerho Ä ry'))?.notes ?? '', /^Kaksi\r?\nriviä$/);
  });

  it('exports the list with its filters as a CSV download', async () => {
    await create('Vientikokeilu Alfa ry');
    await create('Vientikokeilu Beta ry', ['liikunta']);
    await openAsContact();
    await page.getByRole('tab', { name: 'Kaikki yhdistykset' }).click();
    await page.getByRole('searchbox').fill('vientikokeilu');
    await page.getByRole('combobox', { name: 'Yksikkö' }).selectOption('liikunta');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Vie CSV' }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^yhdistykset-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile((await download.path()) ?? '')).toString('utf8');
    assert.ok(text.startsWith('\ufeff'), 'UTF-8 with a BOM, for Excel');
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    assert.match(lines[0] ?? '', /^Tunniste;Nimi;/);
    assert.equal(lines.length, 2, 'the header and the one association the filters leave');
    assert.ok(lines[1]?.includes('Vientikokeilu Beta ry'));
  });

  it('copies the mailing list of the shown associations to the clipboard', async () => {
    await openAsContact();
    await page.getByRole('combobox', { name: 'Yksikkö' }).selectOption('kirjasto');
    await page.getByRole('button', { name: 'Kopioi sähköpostilista' }).click();
    await page.getByText(/Sähköpostilista kopioitu \(\d+ osoitetta\)/).waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    const expected = await callApi<{ text: string }>(
      t.url,
      await devToken(t.url, DEMO.contact),
      'GET',
      '/associations/mailing-list?unit=kirjasto&status=active&mine=true',
    );
    assert.ok(copied.length > 0);
    assert.equal(copied, expected.body.text);
  });

  it('searches as you type, regardless of case and ä/ö', async () => {
    await openAsContact();
    await page.getByRole('tab', { name: 'Kaikki yhdistykset' }).click();
    const search = page.getByRole('searchbox');
    await search.fill('HARJULAN KYLAYHDISTYS');
    await page.getByTestId('count').getByText('1 yhdistystä').waitFor();
    // The rows shown before the search stay until the filtered list replaces them.
    await eventually(async () =>
      assert.equal(await page.getByTestId('association-row').count(), 1),
    );
    await rowNamed(page, 'Harjulan kyläyhdistys ry').waitFor();
    await search.fill('kylä harj');
    await rowNamed(page, 'Harjulan kyläyhdistys ry').waitFor();
    await search.fill('ei tällaista yhdistystä');
    await page.getByTestId('empty-state').getByText('Haulla ei löytynyt yhdistyksiä').waitFor();
    await page.getByRole('button', { name: 'Tyhjennä haku ja suodattimet' }).click();
    assert.equal(await search.inputValue(), '');
    await rowNamed(page, 'Harjulan kyläyhdistys ry').waitFor();
  });

  it('shows the history: who changed what, in Helsinki time', async () => {
    const original = await create('Historiaseura Muisti ry');
    const updated = await asCoordinator<Association>(
      'PUT',
      `/associations/${encodeURIComponent(original.id)}`,
      { ifMatch: original.etag, body: { ...inputOf(original), registerNumber: '555.1' } },
    );
    await openAsContact();
    await page.getByRole('tab', { name: 'Kaikki yhdistykset' }).click();
    await show('Historiaseura Muisti ry');
    await rowNamed(page, 'Historiaseura Muisti ry')
      .getByRole('button', { name: 'Historia: Historiaseura Muisti ry' })
      .click();
    const history = page.getByTestId('history');
    await history.waitFor();
    const first = history.locator('li').first();
    const text = await first.innerText();
    // The audit row is written just after the save: under load it can fall in the next minute.
    const savedAt = Date.parse(updated.body.updatedAt);
    const minutes = [savedAt, savedAt + 60_000].map((ms) => helsinkiFi(new Date(ms).toISOString()));
    assert.ok(
      minutes.some((m) => text.includes(m)),
      text,
    );
    assert.ok(text.includes(DEMO.coordinator), text);
    assert.ok(text.includes('Yhdistysrekisterinumero: — → 555.1'), text);
  });

  it('speaks English with ?lang=en, dates still in the Finnish style', async () => {
    await openAsContact('lang=en');
    await page.getByRole('tab', { name: 'My associations' }).waitFor();
    await page.getByRole('button', { name: 'Add association' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  });

  it('offers a reader no way to add, edit or remove', async () => {
    await openTabAs(page, t.url, DEMO.reader);
    await page.getByTestId('association-row').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Lisää yhdistys' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Tuo CSV' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Muokkaa:/ }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Poista:/ }).count(), 0);
    assert.equal(await page.getByRole('tab', { name: 'Omat yhdistykset' }).count(), 0);
    // Contact details are not a reader's: no export, mailing list or history.
    assert.equal(await page.getByRole('button', { name: 'Vie CSV' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Kopioi sähköpostilista' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Historia:/ }).count(), 0);
    // The name opens the details to read.
    await page.getByTestId('association-row').first().getByRole('button').first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sulje' }).waitFor();
    assert.equal(await page.getByRole('dialog').getByRole('textbox').count(), 0);
    assert.equal(
      await page.getByRole('dialog').getByRole('button', { name: 'Historia' }).count(),
      0,
    );
    assert.equal(await page.getByRole('dialog').getByText('@').count(), 0, 'no address shown');
  });

  it('shows the privacy notice to anyone, in Finnish and English', async () => {
    await openTabAs(page, t.url, DEMO.guest);
    await page.getByRole('tab', { name: 'Tietosuoja' }).click();
    const notice = page.getByTestId('privacy-notice');
    await notice.getByRole('heading', { name: 'Tietosuojaseloste' }).waitFor();
    for (const h of [
      'Mitä tietoja tallennetaan',
      'Miksi',
      'Kuka tiedot näkee',
      'Kuinka kauan',
      'Oikeutesi',
    ]) {
      assert.equal(await notice.getByRole('heading', { name: h, exact: true }).count(), 1, h);
    }
    assert.match((await notice.textContent()) ?? '', /järjestökoordinaattori/);
    await openTabAs(page, t.url, DEMO.reader, { query: 'lang=en' });
    await page.getByRole('tab', { name: 'Privacy' }).click();
    await page
      .getByTestId('privacy-notice')
      .getByRole('heading', { name: 'Privacy notice' })
      .waitFor();
  });

  it('shows a guest as a guest, with the public details only', async () => {
    await openTabAs(page, t.url, DEMO.guest);
    await page.getByTestId('association-row').first().waitFor();
    await page.getByText('Vieras', { exact: true }).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Vie CSV' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Kopioi sähköpostilista' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Historia:/ }).count(), 0);
    assert.equal(await page.getByRole('tab', { name: 'Hallinta' }).count(), 0);
  });
});
