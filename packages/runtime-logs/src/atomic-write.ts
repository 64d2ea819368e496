/**
 * All-or-nothing file writes: the content goes to a temp file in `tmpDir` (same file system, outside the
 * published tree, so a killed process leaves no half-written file where readers look) and is renamed into
 * place. No fsync: the contract is about a killed process, not a power cut.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

function writeFileAtomic(path: string, content: string | Buffer, tmpDir: string): void {
  mkdirSync(tmpDir, { recursive: true });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(tmpDir, `${basename(path)}.${process.pid}.${++counter}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** Documents are compact JSON on one line plus a newline: small on disk, and `jq` reads them. */
function serializeDocument(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export function writeJsonAtomic(path: string, value: unknown, tmpDir: string): void {
  writeFileAtomic(path, serializeDocument(value), tmpDir);
}
