import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The CLI's version, from its own package.json (read once, lazily). This module may sit in dist/ or in a
 * bundle chunk under dist/chunks/, so the nearest package.json named @loom/cli above it is the one.
 */
export function loomVersion(): string {
  cached ??= readOwnPackage().version;
  return cached;
}

function readOwnPackage(): { version: string } {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (json.name === '@loom/cli') return json;
    } catch {
      // not this level
    }
  }
  throw new Error('the @loom/cli package.json was not found beside the CLI');
}
