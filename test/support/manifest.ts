// Helpers for the app package and lifecycle tests: repository files, ${{VAR}} placeholders,
// env files, the official Teams JSON schemas (read from disk, no network) and a small PNG reader.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The manifest schema version the app uses; its localization schema ships in the same folder. */
export const TEAMS_SCHEMA_VERSION = '1.19';

let cachedRoot: string | undefined;

/** The repository root: the nearest folder up from the working directory with the root package.json. */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown };
      if (Array.isArray(parsed.workspaces)) return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('run the tests from inside the repository');
    dir = parent;
  }
}

export function repoPath(relative: string): string {
  return join(repoRoot(), relative);
}

export function readText(relative: string): string {
  return readFileSync(repoPath(relative), 'utf8');
}

export function readJson(relative: string): unknown {
  return JSON.parse(readText(relative)) as unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The names in ${{NAME}} placeholders, as the toolkit fills them from the env file. */
export function placeholders(text: string): Set<string> {
  return new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]));
}

/** Replaces every ${{NAME}}; a placeholder without a value is an error, not an empty string. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no test value for \${{${name}}}`);
    return value;
  });
}

/**
 * Reads an env file the way the toolkit does: KEY=VALUE lines, `#` comments, optional quotes.
 * A key with nothing after `=` is present with an empty value.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    let value = m[2].trim();
    const quoted = /^(['"`])(.*)\1(?:\s+#.*)?$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s*#.*$/, '').trim();
    env.set(m[1], value);
  }
  return env;
}

/** Validation errors as readable lines; an empty list means valid. */
export type Validator = (data: unknown) => string[];

/** Compiles one of the official Teams schemas shipped in @microsoft/app-manifest (draft-04). */
export function teamsSchemaValidator(
  file: 'MicrosoftTeams.schema.json' | 'MicrosoftTeams.Localization.schema.json',
  version = TEAMS_SCHEMA_VERSION,
): Validator {
  const schemaPath = repoPath(
    `node_modules/@microsoft/app-manifest/build/json-schemas/teams/v${version}/${file}`,
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The localization schema's patterns are not valid with the `u` flag (a lone `]`), so the
  // patterns are compiled as plain regular expressions.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data) =>
    validate(data)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

export interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** width × height × 4 bytes RGBA, whatever the file's colour type. */
  rgba: Uint8Array;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Reads a non-interlaced 8-bit RGB or RGBA PNG: checks the signature and every chunk's CRC,
 * inflates the IDAT data and undoes the per-row filters.
 */
export function readPng(file: Buffer): Png {
  if (!file.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < file.length && !ended) {
    if (offset + 12 > file.length) throw new Error('truncated chunk');
    const length = file.readUInt32BE(offset);
    const typeAndData = file.subarray(offset + 4, offset + 8 + length);
    if (typeAndData.length !== length + 4) throw new Error('truncated chunk');
    const type = typeAndData.subarray(0, 4).toString('latin1');
    const crc = file.readUInt32BE(offset + 8 + length);
    if (crc32(typeAndData) !== crc) throw new Error(`bad CRC in ${type}`);
    const data = typeAndData.subarray(4);
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  if (!header || header.length !== 13) throw new Error('missing IHDR');
  if (!ended) throw new Error('missing IEND');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const bitDepth = header[8];
  const colorType = header[9];
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6) || header[12] !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}`);
  }
  const channels = colorType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (stride + 1)) throw new Error('image data has the wrong size');
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[y * stride + i - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? out[(y - 1) * stride + i - channels] : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4:
          predictor = paeth(a, b, c);
          break;
        default:
          throw new Error(`unknown filter ${filter} on row ${y}`);
      }
      out[y * stride + i] = (src[i] + predictor) & 0xff;
    }
  }
  let rgba = out;
  if (channels === 3) {
    rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      rgba.set(out.subarray(p * 3, p * 3 + 3), p * 4);
      rgba[p * 4 + 3] = 255;
    }
  }
  return { width, height, bitDepth, colorType, rgba };
}
