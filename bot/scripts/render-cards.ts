/**
 * `npm run cards`: draws every card of the library, in Finnish and English, with the
 * `adaptivecards` renderer in headless Chromium and a Teams-like host config, to
 * docs/cards/<card>.<fi|en>.png. It is how the cards are looked at without Teams.
 *
 * Options: `-- <name-filter>` draws only cards whose name contains it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { LOCALES } from '@yhdistysyhteistyo/contract/i18n';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';
import { cardSamples } from './card-samples';
import { REPO_ROOT } from './tab-build';

const OUT = path.join(REPO_ROOT, 'docs', 'cards');

const FONT = "'Segoe UI', 'Segoe UI Web', -apple-system, 'Helvetica Neue', Arial, sans-serif";
const colours = {
  default: { default: '#242424', subtle: '#616161' },
  dark: { default: '#242424', subtle: '#616161' },
  light: { default: '#FFFFFF', subtle: '#F5F5F5' },
  accent: { default: '#5B5FC7', subtle: '#4F52B2' },
  good: { default: '#0E700E', subtle: '#0E700E' },
  warning: { default: '#835B00', subtle: '#835B00' },
  attention: { default: '#C4314B', subtle: '#B10E1C' },
};

/** Close to what Teams' light theme gives bot cards: Segoe UI, 14 px, Teams purple accents. */
const HOST_CONFIG = {
  fontFamily: FONT,
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontTypes: {
    default: {
      fontFamily: FONT,
      fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: "Consolas, 'Courier New', monospace",
      fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
  },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: colours },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: colours },
    accent: { backgroundColor: '#E8EBFA', foregroundColors: colours },
    good: { backgroundColor: '#F1FAF1', foregroundColors: colours },
    attention: { backgroundColor: '#FDF3F4', foregroundColors: colours },
    warning: { backgroundColor: '#FFF9F5', foregroundColors: colours },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  factSet: {
    title: {
      color: 'default',
      size: 'default',
      isSubtle: false,
      weight: 'bolder',
      wrap: true,
      maxWidth: 160,
    },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 12,
  },
  textStyles: {
    heading: { size: 'large', weight: 'bolder', color: 'default', isSubtle: false },
  },
};

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 24px; background: #F5F5F5; font-family: ${FONT}; }
  #card { width: 520px; background: #FFFFFF; border-radius: 8px; overflow: hidden;
    box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; color: #242424;
    background: #FFFFFF; border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px;
    min-height: 32px; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton:hover { background: #F5F5F5; }
</style></head><body><div id="card"></div></body></html>`;

interface RenderApi {
  render(card: unknown, hostConfig: unknown): string[];
}

async function main(): Promise<void> {
  const filter = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const library = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
  // The same choice as the browser tests: a named, system or Playwright Chromium, else its installer.
  const browser = ensureChromium((line) => console.log(line));
  if ('advice' in browser) {
    console.error(browser.advice);
    process.exitCode = 1;
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'cards-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.path,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 600, height: 800 },
    deviceScaleFactor: 1,
  });
  let written = 0;
  try {
    const page = await context.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ content: library });
    await page.addScriptTag({
      content: `window.renderCard = (json, hostConfig) => {
        const AC = window.AdaptiveCards;
        const card = new AC.AdaptiveCard();
        card.hostConfig = new AC.HostConfig(hostConfig);
        const context = new AC.SerializationContext();
        card.parse(json, context);
        const problems = [];
        for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
        const target = document.getElementById('card');
        target.innerHTML = '';
        const element = card.render();
        if (!element) problems.push('nothing rendered');
        else target.appendChild(element);
        return problems;
      };`,
    });
    for (const locale of LOCALES) {
      for (const sample of cardSamples(locale)) {
        if (filter && !sample.name.includes(filter)) continue;
        // The pictures a card links (on the server, signed links) are answered here.
        const images = new Map(Object.entries(sample.images ?? {}));
        const linked = (url: URL) => images.has(url.href);
        if (images.size > 0) {
          await page.route(linked, (route) =>
            route.fulfill({ contentType: 'image/png', body: images.get(route.request().url()) }),
          );
        }
        const problems = await page.evaluate(
          ([json, host]) =>
            (globalThis as unknown as { renderCard: RenderApi['render'] }).renderCard(json, host),
          [sample.card, HOST_CONFIG] as const,
        );
        if (problems.length > 0) {
          throw new Error(`${sample.name} (${locale}): ${problems.join('; ')}`);
        }
        // A picture that fails to load rejects here rather than leaving a gap in the drawing.
        await page
          .locator('#card img')
          .evaluateAll((imgs) =>
            Promise.all(
              imgs.map((img) => (img as unknown as { decode(): Promise<void> }).decode()),
            ),
          );
        const file = path.join(OUT, `${sample.name}.${locale}.png`);
        await page.locator('#card').screenshot({ path: file });
        if (images.size > 0) await page.unroute(linked);
        written++;
        console.log(path.relative(REPO_ROOT, file));
      }
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${written} cards drawn to ${path.relative(REPO_ROOT, OUT)}/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
