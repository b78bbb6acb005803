// The Teams app package: manifest.json and en.json against the official schemas, the command
// lists and their English translations, and the two icons.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import {
  ICON_BLUE,
  encodePng,
  renderColorIcon,
  renderOutlineIcon,
  type RgbaImage,
} from '../../appPackage/icons';
import {
  TEAMS_SCHEMA_VERSION,
  fillPlaceholders,
  isRecord,
  placeholders,
  readJson,
  readPng,
  readText,
  repoPath,
  teamsSchemaValidator,
  type Png,
} from '../support/manifest';

/** What the lifecycle puts in the manifest's placeholders, as test values. */
const TEST_VALUES = {
  TEAMS_APP_ID: '3f1c2b9e-6d4a-4e8b-9c1f-2a7d5e8b0c41',
  BOT_ID: '7a9e0c2d-1b3f-4c5d-8e6f-9a0b1c2d3e4f',
  AAD_APP_CLIENT_ID: 'c4d5e6f7-a8b9-4c0d-9e1f-203142536475',
  TAB_DOMAIN: 'example.test',
  TAB_ENDPOINT: 'https://example.test',
} as const;

interface Command {
  title: string;
  description: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  accentColor: string;
  icons: { color: string; outline: string };
  localizationInfo: {
    defaultLanguageTag: string;
    additionalLanguages: { languageTag: string; file: string }[];
  };
  bots: {
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    isNotificationOnly: boolean;
    commandLists: CommandList[];
  }[];
  staticTabs: {
    entityId: string;
    name?: string;
    contentUrl?: string;
    websiteUrl?: string;
    scopes: string[];
  }[];
  configurableTabs: {
    configurationUrl: string;
    canUpdateConfiguration: boolean;
    scopes: string[];
  }[];
  webApplicationInfo: { id: string; resource: string };
  validDomains: string[];
  permissions: string[];
}

const template = readText('appPackage/manifest.json');
/** The manifest as Teams would get it after provision. */
function filledManifest(): Manifest {
  return JSON.parse(fillPlaceholders(template, TEST_VALUES)) as Manifest;
}
const english = readJson('appPackage/en.json') as Record<string, string>;

const validateManifest = teamsSchemaValidator('MicrosoftTeams.schema.json');
const validateLocalization = teamsSchemaValidator('MicrosoftTeams.Localization.schema.json');

function commandsOf(manifest: Manifest, scope: string): string[] {
  const list = manifest.bots[0].commandLists.find((l) => l.scopes.includes(scope));
  assert.ok(list, `no command list for ${scope}`);
  return list.commands.map((c) => c.title);
}

describe('Teams app manifest', () => {
  it('uses exactly the placeholders the lifecycle fills', () => {
    assert.deepEqual([...placeholders(template)].sort(), Object.keys(TEST_VALUES).sort());
  });

  it(`is valid against the official manifest schema v${TEAMS_SCHEMA_VERSION}`, () => {
    assert.deepEqual(validateManifest(filledManifest()), []);
  });

  it('names the schema version it is checked against', () => {
    const manifest = filledManifest();
    assert.equal(manifest.manifestVersion, TEAMS_SCHEMA_VERSION);
    assert.match(
      manifest.$schema,
      new RegExp(`/v${TEAMS_SCHEMA_VERSION}/MicrosoftTeams\\.schema\\.json$`),
    );
  });

  it('is rejected by the same validator when broken', () => {
    const withoutId: Partial<Manifest> = filledManifest();
    delete withoutId.id;
    assert.ok(validateManifest(withoutId).some((e) => e.includes("'id'")));

    const badBotId = filledManifest();
    badBotId.bots[0].botId = 'not-a-guid';
    assert.ok(validateManifest(badBotId).some((e) => e.startsWith('/bots/0/botId')));

    const tooManyCommands = filledManifest();
    const list = tooManyCommands.bots[0].commandLists[0];
    while (list.commands.length <= 10) list.commands.push({ title: 'x', description: 'x' });
    assert.notDeepEqual(validateManifest(tooManyCommands), []);

    const unfilled = JSON.parse(template) as unknown;
    assert.notDeepEqual(validateManifest(unfilled), [], 'placeholders are not GUIDs');
  });

  it('is Finnish first with English as the additional language', () => {
    const { localizationInfo } = filledManifest();
    assert.equal(localizationInfo.defaultLanguageTag, 'fi-fi');
    assert.deepEqual(localizationInfo.additionalLanguages, [
      { languageTag: 'en-us', file: 'en.json' },
    ]);
  });

  it('has the bot in team, personal and group chat with one command list per scope', () => {
    const bot = filledManifest().bots[0];
    assert.equal(bot.botId, TEST_VALUES.BOT_ID);
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot.supportsFiles, false);
    assert.equal(bot.isNotificationOnly, false);
    assert.deepEqual(
      bot.commandLists.map((l) => l.scopes.length),
      [1, 1, 1],
    );

    const common = [
      'ohje',
      'vuosikello',
      'seuraavat',
      'työryhmät',
      'yhteyshenkilöt',
      'huoneentaulu',
      'roolit',
    ];
    const manifest = filledManifest();
    assert.deepEqual(commandsOf(manifest, 'personal'), [...common, 'kieli']);
    assert.deepEqual(commandsOf(manifest, 'team'), [...common, 'julkaise tänne']);
    assert.deepEqual(commandsOf(manifest, 'groupChat'), common);
    for (const list of bot.commandLists) {
      for (const c of list.commands) assert.ok(c.description.length > 0, c.title);
    }
  });

  it('has the personal tab and the configurable channel tab on the tab endpoint', () => {
    const manifest = filledManifest();
    const personal = manifest.staticTabs.find((t) => t.entityId === 'associations');
    assert.ok(personal);
    assert.deepEqual(personal.scopes, ['personal']);
    assert.equal(personal.contentUrl, 'https://example.test/tab/index.html?view=personal');
    assert.equal(personal.websiteUrl, personal.contentUrl);

    assert.deepEqual(manifest.configurableTabs, [
      {
        configurationUrl: 'https://example.test/tab/config.html',
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
        context: ['channelTab', 'privateChatTab', 'meetingChatTab'],
      },
    ]);
  });

  it('signs the tab in with the Entra app on the tab domain', () => {
    const manifest = filledManifest();
    assert.deepEqual(manifest.webApplicationInfo, {
      id: TEST_VALUES.AAD_APP_CLIENT_ID,
      resource: `api://example.test/${TEST_VALUES.AAD_APP_CLIENT_ID}`,
    });
    assert.deepEqual(manifest.validDomains, ['example.test']);
    assert.deepEqual(manifest.permissions, ['identity', 'messageTeamMembers']);
  });
});

describe('English localization (en.json)', () => {
  it(`is valid against the official localization schema v${TEAMS_SCHEMA_VERSION}`, () => {
    assert.deepEqual(validateLocalization(english), []);
    assert.match(
      english.$schema ?? '',
      new RegExp(`/v${TEAMS_SCHEMA_VERSION}/MicrosoftTeams\\.Localization\\.schema\\.json$`),
    );
  });

  it('is rejected by the same validator when broken', () => {
    assert.ok(
      validateLocalization({ ...english, 'configurableTabs[0].name': 'Channel' }).some((e) =>
        e.includes('additional properties'),
      ),
    );
    const longTitle = { ...english, 'bots[0].commandLists[0].commands[0].title': 'x'.repeat(33) };
    assert.notDeepEqual(validateLocalization(longTitle), []);
    const withoutName: Record<string, string> = { ...english };
    delete withoutName['name.short'];
    assert.notDeepEqual(validateLocalization(withoutName), []);
  });

  it('translates every command title and description and every tab name', () => {
    const manifest = filledManifest();
    const missing: string[] = [];
    manifest.bots[0].commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        for (const field of ['title', 'description'] as const) {
          const key = `bots[0].commandLists[${l}].commands[${c}].${field}`;
          const value = english[key];
          if (!value) missing.push(key);
          else assert.notEqual(value, command[field], `${key} is not translated`);
        }
      }),
    );
    manifest.staticTabs.forEach((tab, t) => {
      if (tab.name && !english[`staticTabs[${t}].name`]) missing.push(`staticTabs[${t}].name`);
    });
    assert.deepEqual(missing, []);
  });

  it('translates each Finnish command the same way in every scope', () => {
    const manifest = filledManifest();
    const seen = new Map<string, string>();
    manifest.bots[0].commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const en = english[`bots[0].commandLists[${l}].commands[${c}].title`];
        assert.equal(seen.get(command.title) ?? en, en, command.title);
        seen.set(command.title, en);
      }),
    );
    assert.deepEqual(Object.fromEntries(seen), {
      ohje: 'help',
      vuosikello: 'calendar',
      seuraavat: 'upcoming',
      työryhmät: 'working groups',
      yhteyshenkilöt: 'contacts',
      huoneentaulu: 'house rules',
      roolit: 'roles',
      kieli: 'language',
      'julkaise tänne': 'post here',
    });
  });

  it('has no key that points at nothing in the manifest', () => {
    const manifest = filledManifest() as unknown;
    const dangling = Object.keys(english)
      .filter((key) => /[[.]/.test(key) && !key.startsWith('$') && !key.includes('.short'))
      .filter((key) => !key.includes('.full'))
      .filter((key) => {
        let node: unknown = manifest;
        for (const part of key.split(/\.|(?=\[)/)) {
          const index = /^\[(\d+)\]$/.exec(part);
          if (index) node = Array.isArray(node) ? (node[Number(index[1])] as unknown) : undefined;
          else node = isRecord(node) ? node[part] : undefined;
        }
        return typeof node !== 'string';
      });
    assert.deepEqual(dangling, []);
  });
});

describe('App icons', () => {
  const color = readPng(readFileSync(repoPath('appPackage/color.png')));
  const outline = readPng(readFileSync(repoPath('appPackage/outline.png')));

  it('are the files the manifest names', () => {
    assert.deepEqual(filledManifest().icons, { color: 'color.png', outline: 'outline.png' });
  });

  it('color.png is 192 × 192', () => {
    assert.deepEqual([color.width, color.height], [192, 192]);
  });

  it('outline.png is 32 × 32 RGBA', () => {
    assert.deepEqual([outline.width, outline.height, outline.colorType], [32, 32, 6]);
  });

  it('outline.png has only white or fully transparent pixels, and a visible mark', () => {
    assert.equal(nonWhitePixels(outline), 0);
    const opaque = countPixels(outline, (_r, _g, _b, a) => a === 255);
    assert.ok(opaque > 60, `only ${opaque} opaque pixels`);
  });

  it('color.png is the accent blue with a white mark', () => {
    const [r, g, b, a] = pixel(color, 96, 12);
    assert.deepEqual([r, g, b, a], [ICON_BLUE.r, ICON_BLUE.g, ICON_BLUE.b, 255]);
    const hex = `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    assert.equal(filledManifest().accentColor.toLowerCase(), hex);
    const white = countPixels(color, (r2, g2, b2, a2) => r2 + g2 + b2 === 765 && a2 === 255);
    assert.ok(white > 1000, `only ${white} white pixels`);
  });

  it('are what appPackage/icons.ts draws (rerun it after changing the drawing)', () => {
    assert.ok(samePixels(color, renderColorIcon()), 'color.png is out of date');
    assert.ok(samePixels(outline, renderOutlineIcon()), 'outline.png is out of date');
  });

  it('the reader refuses a damaged file and the white check catches a grey pixel', () => {
    const good = encodePng(renderOutlineIcon());
    const damaged = Buffer.from(good);
    damaged[damaged.length - 20] ^= 0xff;
    assert.throws(() => readPng(damaged), /CRC|truncated|wrong size|incorrect/);

    const grey: RgbaImage = {
      width: 2,
      height: 1,
      pixels: new Uint8Array([255, 255, 255, 128, 128, 128, 128, 255]),
    };
    assert.equal(nonWhitePixels(readPng(encodePng(grey))), 1);
  });

  it('the reader undoes every PNG row filter', () => {
    // Two 3-pixel RGB rows, one row per filter type 0–4, checked against hand-computed values.
    const width = 3;
    const rows = [
      [10, 20, 30, 40, 50, 60, 70, 80, 90],
      [15, 25, 35, 45, 55, 65, 75, 85, 95],
    ];
    for (let filter = 0; filter <= 4; filter++) {
      const raw: number[] = [];
      rows.forEach((row, y) => {
        const prev = y > 0 ? rows[y - 1] : new Array<number>(row.length).fill(0);
        raw.push(filter);
        row.forEach((v, i) => {
          const a = i >= 3 ? row[i - 3] : 0;
          const b = prev[i];
          const c = i >= 3 ? prev[i - 3] : 0;
          const p = a + b - c;
          const paeth =
            Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
              ? a
              : Math.abs(p - b) <= Math.abs(p - c)
                ? b
                : c;
          raw.push((v - [0, a, b, (a + b) >> 1, paeth][filter] + 256) & 0xff);
        });
      });
      const png = rgbPng(width, rows.length, Buffer.from(raw));
      const decoded = readPng(png);
      assert.deepEqual(
        Array.from(decoded.rgba).filter((_v, i) => i % 4 !== 3),
        rows.flat(),
        `filter ${filter}`,
      );
    }
  });
});

function pixel(png: Png, x: number, y: number): [number, number, number, number] {
  const i = (y * png.width + x) * 4;
  return [png.rgba[i], png.rgba[i + 1], png.rgba[i + 2], png.rgba[i + 3]];
}

function countPixels(png: Png, test: (r: number, g: number, b: number, a: number) => boolean) {
  let n = 0;
  for (let i = 0; i < png.rgba.length; i += 4) {
    if (test(png.rgba[i], png.rgba[i + 1], png.rgba[i + 2], png.rgba[i + 3])) n++;
  }
  return n;
}

/** Pixels that are visible (alpha > 0) but not pure white. */
function nonWhitePixels(png: Png): number {
  return countPixels(png, (r, g, b, a) => a > 0 && (r !== 255 || g !== 255 || b !== 255));
}

function samePixels(png: Png, image: RgbaImage): boolean {
  return (
    png.width === image.width &&
    png.height === image.height &&
    Buffer.from(png.rgba).equals(Buffer.from(image.pixels))
  );
}

/** A minimal 8-bit RGB PNG around already-filtered rows, for the reader's own test. */
function rgbPng(width: number, height: number, filteredRows: Buffer): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    let c = 0xffffffff;
    for (const byte of body) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE((c ^ 0xffffffff) >>> 0, body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(filteredRows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
