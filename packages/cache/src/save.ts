/**
 * Save one entry (cache.md §6 step 5) when `policy` and `when` allow it. The paths' digest is compared with
 * the stored entry's first — the one the job's container computes when the provider can (`probe_digest`),
 * else the content digest of the tar stream — and equal means `unchanged`: nothing is written. Otherwise a
 * temp archive is written, fsynced and committed by renames.
 */
import { rmSync } from 'node:fs';
import { posix } from 'node:path';
import { ContentDigest } from './content.js';
import { CacheErrorCode } from './errors.js';
import { type JobResult, saves } from './policy.js';
import type { EntryOutcome, EntryReport, EntryWarning, SaveStatus } from './report.js';
import type { ResolvedEntry } from './resolve.js';
import type { CacheStore, StoredEntry } from './store.js';
import { tarPaths } from './tar.js';
import { type CopyResult, type WorkspaceAccess, type WorkspaceDigest, presentPaths, stagingDir } from './workspace.js';

export interface SaveOptions {
  store: CacheStore;
  access: WorkspaceAccess;
  result: JobResult;
  job: string;
  runId: string;
}

async function sourceOf(entry: ResolvedEntry, options: SaveOptions): Promise<{ dir: string; present: CopyResult; remove: () => void }> {
  const { access } = options;
  if (access.kind === 'direct') return { dir: access.dir, present: presentPaths(access.dir, entry.paths), remove: () => undefined };
  const stage = stagingDir(options.store.layout.tmp);
  try {
    const copied = await access.copyOut(entry.paths, stage.dir);
    const present = presentPaths(stage.dir, copied.copied);
    return { dir: stage.dir, present: { copied: present.copied, missing: [...copied.missing, ...present.missing] }, remove: stage.remove };
  } catch (error) {
    stage.remove();
    throw error;
  }
}

function missingWarnings(entry: ResolvedEntry, missing: string[]): EntryWarning[] {
  return missing.map((path) => ({ code: CacheErrorCode.pathMissing, message: `cache ${entry.name}: path ${path} does not exist after the job; nothing is saved for it` }));
}

const identityOf = (entry: ResolvedEntry) => ({ name: entry.name, paths: entry.paths, key: entry.key });

/** The content digest of the paths in a volume, read from the provider's tar streams as they arrive. */
async function volumeDigest(getTar: (path: string) => Promise<NodeJS.ReadableStream | undefined>, paths: readonly string[]): Promise<{ digest: string; present: CopyResult }> {
  const content = new ContentDigest();
  const present: CopyResult = { copied: [], missing: [] };
  for (const path of paths) {
    const tar = await getTar(path);
    if (tar === undefined) {
      present.missing.push(path);
      continue;
    }
    await content.add(tar, posix.dirname(path));
    present.copied.push(path);
  }
  return { digest: content.digest(), present };
}

type Probe = WorkspaceDigest | undefined;
type Unchanged = { existing: StoredEntry; missing: string[] } | undefined;

/** The paths' digest computed in the job's container, when the workspace is there and the provider can. */
async function probeOf(entry: ResolvedEntry, options: SaveOptions): Promise<Probe> {
  const { access } = options;
  if (access.kind !== 'copy' || access.digest === undefined) return undefined;
  const probe = await access.digest([...entry.paths]).catch(() => undefined);
  return probe?.digest === 'none' ? undefined : probe;
}

/** Unchanged by the container's own digest: nothing read out of the volume at all. Only asked when the
 * record has one to compare with (a record without it would pay for the probe in vain). */
async function unchangedByProbe(existing: StoredEntry | undefined, probe: () => Promise<Probe>): Promise<Unchanged> {
  if (existing?.probe_digest === undefined) return undefined;
  const now = await probe();
  return now !== undefined && existing.probe_digest === now.digest ? { existing, missing: now.missing } : undefined;
}

/**
 * A volume whose paths still hold the stored content is `unchanged` after one read of the daemon's tar
 * streams, nothing copied to disk. Undefined when that cannot be told this way (no streaming provider, a
 * record without a content digest, no path present, or the content differs): the full save decides.
 */
async function unchangedInVolume(entry: ResolvedEntry, access: WorkspaceAccess, existing: StoredEntry | undefined): Promise<Unchanged> {
  if (access.kind !== 'copy' || access.getTar === undefined) return undefined;
  if (existing?.content_digest === undefined) return undefined;
  const { digest, present } = await volumeDigest(access.getTar, entry.paths);
  return present.copied.length > 0 && digest === existing.content_digest ? { existing, missing: present.missing } : undefined;
}

async function archive(entry: ResolvedEntry, options: SaveOptions, dir: string, present: string[], probe: () => Promise<Probe>): Promise<Pick<EntryReport<SaveStatus>, 'status' | 'bytes'>> {
  const { store } = options;
  const identity = identityOf(entry);
  const existing = store.find(identity);
  if (existing !== undefined) {
    const { digest } = await tarPaths(dir, present);
    if (digest === existing.digest) return { status: 'unchanged', bytes: existing.size };
  }
  const temp = store.tempArchive();
  try {
    const { digest, contentDigest } = await tarPaths(dir, present, temp, { content: true });
    const now = store.find(identity);
    if (now !== undefined && now.digest === digest) return { status: 'unchanged', bytes: now.size };
    const probed = await probe();
    const saved = store.commit({ ...identity, paths: [...entry.paths], digest, content_digest: contentDigest, ...(probed ? { probe_digest: probed.digest } : {}), created_at: new Date().toISOString(), job: options.job, run_id: options.runId }, temp);
    return { status: 'saved', bytes: saved.size };
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The content digest of an entry's paths as they are now (`--cache-diff` compares it between runs), or null
 * when none of them exists. Writes nothing to the store but a staging directory it removes.
 */
export async function digestEntry(entry: ResolvedEntry, options: Pick<SaveOptions, 'store' | 'access'>): Promise<string | null> {
  const source = await sourceOf(entry, { ...options, result: 'success', job: '', runId: '' });
  try {
    return source.present.copied.length === 0 ? null : (await tarPaths(source.dir, source.present.copied)).digest;
  } finally {
    source.remove();
  }
}

export async function saveEntry(entry: ResolvedEntry, options: SaveOptions): Promise<EntryOutcome<SaveStatus>> {
  const started = performance.now();
  const base = { name: entry.name, key: entry.key, matched_key: null };
  const took = () => Math.round(performance.now() - started);
  if (!saves(entry.policy, entry.when, options.result)) {
    const reason = entry.policy === 'pull' ? 'policy: pull never saves' : `when: ${entry.when} and the job ${options.result === 'success' ? 'succeeded' : 'failed'}`;
    return { report: { ...base, status: 'skipped', bytes: null, duration_ms: took(), reason }, warnings: [] };
  }
  let source: Awaited<ReturnType<typeof sourceOf>> | undefined;
  try {
    // The job is over, so the paths hold still: one probe, made when first wanted, serves the check and, if
    // saved, the new record.
    let probed: Promise<Probe> | undefined;
    const probe = (): Promise<Probe> => (probed ??= probeOf(entry, options));
    // Only a workspace elsewhere (a volume) has a quick check; a host directory goes to the full save.
    const existing = options.access.kind === 'copy' ? options.store.find(identityOf(entry)) : undefined;
    const quick = (await unchangedByProbe(existing, probe)) ?? (await unchangedInVolume(entry, options.access, existing));
    if (quick !== undefined) {
      const missingField = quick.missing.length > 0 ? { missing_paths: quick.missing } : {};
      return { report: { ...base, status: 'unchanged', bytes: quick.existing.size, duration_ms: took(), ...missingField }, warnings: missingWarnings(entry, quick.missing) };
    }
    source = await sourceOf(entry, options);
    const { copied, missing } = source.present;
    const warnings = missingWarnings(entry, missing);
    const missingField = missing.length > 0 ? { missing_paths: missing } : {};
    if (copied.length === 0) {
      return { report: { ...base, status: 'skipped', bytes: null, duration_ms: took(), reason: 'none of the paths exists', ...missingField }, warnings };
    }
    const done = await archive(entry, options, source.dir, copied, probe);
    return { report: { ...base, ...done, duration_ms: took(), ...missingField }, warnings };
  } catch (error) {
    const reason = `cache ${entry.name}: save of ${entry.key} failed: ${(error as Error).message}`;
    // No warning: the caller records the failure itself (the engine as an error of the save section).
    return { report: { ...base, status: 'failed', bytes: null, duration_ms: took(), reason }, warnings: [] };
  } finally {
    source?.remove();
  }
}
