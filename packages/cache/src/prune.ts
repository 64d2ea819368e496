/**
 * `loom cache prune`: drop entries not used for `olderThanMs`, then least-recently-used entries until the
 * store holds at most `maxBytes`; also orphan archives and temp files left by killed saves (after an hour,
 * so a save in progress is never disturbed).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '@loom/errors';
import { CacheErrorCode } from './errors.js';
import { type StoredEntry, openStore } from './store.js';

export interface PruneOptions {
  olderThanMs?: number;
  maxBytes?: number;
  /** Default `Date.now()`. */
  now?: number;
}

export interface PruneResult {
  removed: StoredEntry[];
  kept: StoredEntry[];
  freedBytes: number;
  /** Orphan archives and stale temp files removed. */
  leftovers: number;
}

const LEFTOVER_GRACE_MS = 60 * 60 * 1000;

function removeLeftovers(dir: string, referenced: ReadonlySet<string>, now: number): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (referenced.has(name)) continue;
    const full = join(dir, name);
    try {
      if (now - statSync(full).mtimeMs < LEFTOVER_GRACE_MS) continue;
      rmSync(full, { recursive: true, force: true });
      removed++;
    } catch {
      // gone already
    }
  }
  return removed;
}

export function pruneStore(storeDir: string, options: PruneOptions): PruneResult {
  const store = openStore(storeDir);
  const now = options.now ?? Date.now();
  const byLastUse = store.list().sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime());
  const removed: StoredEntry[] = [];
  let kept = byLastUse;
  if (options.olderThanMs !== undefined) {
    const limit = options.olderThanMs;
    removed.push(...kept.filter((e) => now - e.lastUsed.getTime() > limit));
    kept = kept.filter((e) => now - e.lastUsed.getTime() <= limit);
  }
  if (options.maxBytes !== undefined) {
    let total = kept.reduce((sum, e) => sum + e.size, 0);
    while (total > options.maxBytes && kept.length > 0) {
      const oldest = kept.shift() as StoredEntry;
      removed.push(oldest);
      total -= oldest.size;
    }
  }
  for (const entry of removed) store.remove(entry);
  const referenced = new Set(kept.map((e) => e.archive));
  const leftovers = removeLeftovers(store.layout.archives, referenced, now) + removeLeftovers(store.layout.tmp, new Set(), now);
  return { removed, kept, freedBytes: removed.reduce((sum, e) => sum + e.size, 0), leftovers };
}

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const UNITS_BYTES: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

function badLimit(flag: string, value: string, example: string): LoomError {
  return new LoomError(CacheErrorCode.badPruneLimit, `${flag} ${JSON.stringify(value)} is not understood`, { hint: `write it like ${example}` });
}

/** `30m`, `12h`, `7d`, `2w` → milliseconds. */
export function parseAge(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(value.trim());
  if (!match) throw badLimit('--older-than', value, '7d, 12h or 30m');
  return Number(match[1]) * (UNITS_MS[(match[2] as string).toLowerCase()] as number);
}

/** `500M`, `5G`, `5GB`, `1024` (bytes) → bytes (binary units). */
export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(value.trim());
  if (!match) throw badLimit('--max-size', value, '5G, 500M or 1024');
  return Math.floor(Number(match[1]) * (UNITS_BYTES[(match[2] as string).toLowerCase()] as number));
}
