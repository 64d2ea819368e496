/**
 * `<store>/quarantine.json`: keys whose cache made a job diverge under `--cache-diff` (cache.md §8). A
 * quarantined key is never restored (the job runs fresh) until `loom cache unquarantine` lifts it.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { LoomError } from '@loom/errors';
import { writeJsonAtomic } from './atomic.js';
import { CacheErrorCode } from './errors.js';
import { QUARANTINE_SCHEMA, storeLayout } from './layout.js';

export interface QuarantineEntry {
  key: string;
  /** The cache entry's name and the job whose runs diverged. */
  name: string;
  job: string;
  reason: string;
  run_id: string;
  quarantined_at: string;
}

interface QuarantineFile {
  schema_version: typeof QUARANTINE_SCHEMA;
  entries: QuarantineEntry[];
}

export function readQuarantine(storeDir: string): QuarantineEntry[] {
  const file = storeLayout(storeDir).quarantine;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as QuarantineFile;
    if (parsed.schema_version !== QUARANTINE_SCHEMA || !Array.isArray(parsed.entries)) throw new Error('unexpected shape');
    return parsed.entries;
  } catch (error) {
    throw new LoomError(CacheErrorCode.corruptStore, `${file} is not a quarantine list Loom wrote: ${(error as Error).message}`, {
      hint: 'fix or remove the file (`loom cache unquarantine --all` rewrites it)',
    });
  }
}

function writeQuarantine(storeDir: string, entries: QuarantineEntry[]): void {
  mkdirSync(storeDir, { recursive: true });
  const file: QuarantineFile = { schema_version: QUARANTINE_SCHEMA, entries };
  writeJsonAtomic(storeLayout(storeDir).quarantine, file);
}

/** Adds entries (a key already there keeps its first reason); returns the list as written. */
export function quarantineKeys(storeDir: string, add: readonly QuarantineEntry[]): QuarantineEntry[] {
  const current = readQuarantine(storeDir);
  const known = new Set(current.map((e) => e.key));
  const next = [...current, ...add.filter((e) => !known.has(e.key) && known.add(e.key))];
  writeQuarantine(storeDir, next);
  return next;
}

/** Lifts `keys` (all with `'all'`); returns the lifted entries. */
export function unquarantineKeys(storeDir: string, keys: readonly string[] | 'all'): QuarantineEntry[] {
  const current = readQuarantine(storeDir);
  const lift = (e: QuarantineEntry) => keys === 'all' || keys.includes(e.key);
  const lifted = current.filter(lift);
  if (keys === 'all' || lifted.length > 0) writeQuarantine(storeDir, current.filter((e) => !lift(e)));
  return lifted;
}
