/**
 * Restore one entry (cache.md §6 steps 2–3): skip a quarantined key, look up the primary key then each
 * fallback key, extract the first found. Never throws: an error is a miss with a warning (the job runs as if
 * there were no cache).
 */
import { CacheErrorCode } from './errors.js';
import type { EntryOutcome, EntryWarning, RestoreStatus } from './report.js';
import type { ResolvedEntry } from './resolve.js';
import type { CacheStore, StoredEntry } from './store.js';
import { decompressTo, extractArchive } from './tar.js';
import { type WorkspaceAccess, checkAncestors, stagingDir } from './workspace.js';

export interface RestoreOptions {
  store: CacheStore;
  access: WorkspaceAccess;
  /** Keys never restored. */
  quarantined: ReadonlySet<string>;
}

function find(store: CacheStore, entry: ResolvedEntry, quarantined: ReadonlySet<string>): StoredEntry | undefined {
  for (const key of [entry.key, ...entry.fallbackKeys]) {
    if (quarantined.has(key)) continue;
    const found = store.find({ name: entry.name, paths: entry.paths, key });
    if (found) return found;
  }
  return undefined;
}

async function extractInto(found: StoredEntry, entry: ResolvedEntry, options: RestoreOptions): Promise<void> {
  const { access, store } = options;
  if (access.kind === 'direct') {
    for (const path of entry.paths) checkAncestors(access.dir, path);
    await extractArchive(found.archivePath, access.dir);
    return;
  }
  if (access.putTar) {
    // One transfer: the decompressed archive goes straight into the volume (no staging directory).
    const put = access.putTar;
    await decompressTo(found.archivePath, (tar) => put(tar));
    return;
  }
  const stage = stagingDir(store.layout.tmp);
  try {
    await extractArchive(found.archivePath, stage.dir);
    await access.copyIn(entry.paths, stage.dir);
  } finally {
    stage.remove();
  }
}

export async function restoreEntry(entry: ResolvedEntry, options: RestoreOptions): Promise<EntryOutcome<RestoreStatus>> {
  const started = performance.now();
  const base = { name: entry.name, key: entry.key };
  const took = () => Math.round(performance.now() - started);
  if (options.quarantined.has(entry.key)) {
    return { report: { ...base, matched_key: null, status: 'skipped', bytes: null, duration_ms: took(), reason: 'quarantined by --cache-diff; the job runs fresh' }, warnings: [] };
  }
  let found: StoredEntry | undefined;
  try {
    found = find(options.store, entry, options.quarantined);
    if (found === undefined) return { report: { ...base, matched_key: null, status: 'miss', bytes: null, duration_ms: took() }, warnings: [] };
    await extractInto(found, entry, options);
    options.store.touch(found);
  } catch (error) {
    const message = `cache ${entry.name}: restore of ${found?.key ?? entry.key} failed, the job runs without it: ${(error as Error).message}`;
    const warning: EntryWarning = { code: CacheErrorCode.restoreFailed, message };
    return { report: { ...base, matched_key: null, status: 'miss', bytes: null, duration_ms: took(), reason: message }, warnings: [warning] };
  }
  const status = found.key === entry.key ? 'hit' : 'fallback_hit';
  return { report: { ...base, matched_key: found.key, status, bytes: found.size, duration_ms: took() }, warnings: [] };
}
