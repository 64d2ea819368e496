/**
 * The cache wrapper around a job (cache.md §6): resolve each entry's key, restore before execution
 * (`system/cache_restore`, phase `job.cache_restore`), save after it (`system/cache_save`, `job.cache_save`).
 * A section is written only when it has work. Neither changes the job's outcome: a restore error is a miss
 * with a warning, a save error fails the save section only.
 */
import {
  type CacheStore,
  type EntryReport,
  type ResolvedEntry,
  type WorkspaceAccess,
  activeEntries,
  digestEntry,
  formatCacheLine,
  openStore,
  readQuarantine,
  resolveEntry,
  restoreEntry,
  restores,
  saveEntry,
} from '@loom/cache';
import type { PreparedJob, Provider } from '@loom/contracts';
import { type JobContext, type JobOutcome, type JobState, errorFields } from './job-context.js';
import type { RunFacts } from './predefined.js';
import type { RunPipelineOptions } from './types.js';

/** The run's cache: the store, and the keys quarantined when the run started. */
export interface CacheRun {
  store: CacheStore;
  quarantined: ReadonlySet<string>;
  facts: RunFacts;
  /** False: nothing is restored or saved (the first pass of `--cache-diff`). */
  enabled: boolean;
  /** Record path digests after execution (`--cache-diff`). */
  measure: boolean;
}

/** What the restore hands the save. */
export interface JobCache {
  entries: ResolvedEntry[];
  restored: EntryReport[];
}

/** Undefined when the run has no cache store wired, or neither uses nor measures it; then jobs run uncached. */
export function createCacheRun(options: RunPipelineOptions['cache'], facts: RunFacts): CacheRun | undefined {
  const enabled = options?.enabled !== false;
  const measure = options?.measure === true;
  if (options === undefined || (!enabled && !measure)) return undefined;
  const quarantined = new Set(enabled ? readQuarantine(options.storeDir).map((q) => q.key) : []);
  return { store: openStore(options.storeDir), quarantined, facts, enabled, measure };
}

function accessOf(ctx: JobContext, state: JobState, prepared: PreparedJob): WorkspaceAccess {
  const { workspace } = state.request;
  if (workspace.mode !== 'ephemeral_volume') return { kind: 'direct', dir: workspace.hostPath };
  const provider = ctx.provider as Provider;
  const { copyInArchive, copyOutArchive, digestPaths } = provider;
  return {
    kind: 'copy',
    copyIn: (paths, hostDir) => provider.copyIn(prepared, paths, hostDir),
    copyOut: (paths, hostDir) => provider.copyOut(prepared, paths, hostDir),
    // Stream-level copies when the provider has them: one transfer each way, no staging directory.
    ...(copyInArchive ? { putTar: (tar: NodeJS.ReadableStream) => copyInArchive.call(provider, prepared, tar) } : {}),
    ...(copyOutArchive ? { getTar: (path: string) => copyOutArchive.call(provider, prepared, path) } : {}),
    ...(digestPaths ? { digest: (paths: string[]) => digestPaths.call(provider, prepared, paths) } : {}),
  };
}

async function resolveAll(ctx: JobContext, state: JobState, run: CacheRun): Promise<ResolvedEntry[]> {
  const jobId = ctx.planned.id;
  const vars = { ...state.request.env, job_name: jobId, job_id: jobId, run_id: run.facts.runId, pipeline_id: run.facts.pipelineId, head_sha: run.facts.headSha };
  const resolved: ResolvedEntry[] = [];
  for (const declared of activeEntries(ctx.planned.job.cache)) {
    try {
      const entry = await resolveEntry(declared, { cwd: run.facts.snapshotPath, vars, jobName: jobId });
      for (const w of entry.warnings) ctx.emit({ type: 'warning', jobId, message: w.message, code: w.code });
      resolved.push(entry);
    } catch (error) {
      const { code, message } = errorFields(error, 'CACHE_KEY_FAILED');
      ctx.emit({ type: 'warning', jobId, code, message: `cache ${declared.name}: ${message}; the job runs without this cache` });
    }
  }
  return resolved;
}

function warnAll(ctx: JobContext, section: 'cache_restore' | 'cache_save', warnings: { code: string; message: string }[]): void {
  for (const w of warnings) ctx.emit({ type: 'warning', jobId: ctx.planned.id, section, message: w.message, code: w.code });
}

export async function restoreCachePhase(ctx: JobContext, state: JobState, prepared: PreparedJob, run: CacheRun | undefined): Promise<JobCache | undefined> {
  if (run === undefined || ctx.signal.aborted || activeEntries(ctx.planned.job.cache).length === 0) return undefined;
  const entries = await resolveAll(ctx, state, run);
  const pulling = run.enabled ? entries.filter((e) => restores(e.policy)) : [];
  const restored: EntryReport[] = [];
  if (pulling.length === 0) return { entries, restored };
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'section_started', jobId, section: 'cache_restore' });
  const access = accessOf(ctx, state, prepared);
  for (const entry of pulling) {
    const { report, warnings } = await restoreEntry(entry, { store: run.store, access, quarantined: run.quarantined });
    warnAll(ctx, 'cache_restore', warnings);
    restored.push(report);
  }
  const hit = restored.some((r) => r.status === 'hit' || r.status === 'fallback_hit');
  const data = { entries: restored, line: formatCacheLine(restored) ?? null };
  ctx.emit({ type: 'section_finished', jobId, section: 'cache_restore', status: hit ? 'success' : 'skipped', data });
  return { entries, restored };
}

/** `--cache-diff`: each entry's path digest after execution, as a job note the diff reads back. */
async function measure(ctx: JobContext, state: JobState, run: CacheRun, cache: JobCache): Promise<void> {
  if (!run.measure || state.prepared === undefined || cache.entries.length === 0) return;
  const access = accessOf(ctx, state, state.prepared);
  const digests: { name: string; digest: string | null }[] = [];
  for (const entry of cache.entries) {
    try {
      digests.push({ name: entry.name, digest: await digestEntry(entry, { store: run.store, access }) });
    } catch (error) {
      ctx.emit({ type: 'warning', jobId: ctx.planned.id, ...errorFields(error, 'CACHE_DIGEST_FAILED') });
    }
  }
  ctx.emit({ type: 'note', jobId: ctx.planned.id, message: 'cache path digests (--cache-diff)', data: { cache_digests: digests } });
}

export async function saveCachePhase(ctx: JobContext, state: JobState, run: CacheRun | undefined, cache: JobCache | undefined, outcome: JobOutcome): Promise<JobOutcome> {
  if (run !== undefined && cache !== undefined && !ctx.signal.aborted) await measure(ctx, state, run, cache);
  const pushing = run?.enabled ? (cache?.entries.filter((e) => e.policy !== 'pull') ?? []) : [];
  if (run === undefined || cache === undefined || pushing.length === 0 || ctx.signal.aborted || state.prepared === undefined) return outcome;
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'section_started', jobId, section: 'cache_save' });
  const access = accessOf(ctx, state, state.prepared);
  const saved: EntryReport[] = [];
  for (const entry of pushing) {
    const { report, warnings } = await saveEntry(entry, { store: run.store, access, result: outcome.status, job: jobId, runId: run.facts.runId });
    warnAll(ctx, 'cache_save', warnings);
    if (report.status === 'failed') ctx.emit({ type: 'error', jobId, section: 'cache_save', code: 'CACHE_SAVE_FAILED', message: report.reason ?? 'save failed' });
    saved.push(report);
  }
  const status = saved.some((s) => s.status === 'failed') ? 'failed' : saved.some((s) => s.status === 'saved') ? 'success' : 'skipped';
  const data = { entries: saved, line: formatCacheLine(cache.restored, saved) ?? null };
  ctx.emit({ type: 'section_finished', jobId, section: 'cache_save', status, data });
  return outcome;
}
