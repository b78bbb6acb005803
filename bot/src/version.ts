import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The app's version from the root package.json, read once at start. */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
