/**
 * A job's cache entries with their keys resolved (cache.md §4): the step before restore. Disabled entries
 * are dropped; paths and fallback keys get the same placeholder expansion as the key.
 */
import { posix } from 'node:path';
import { cacheKey, expandKeyTemplate } from '@loom/cache-key';
import type { CacheEntry, CachePolicy, CacheWhen } from '@loom/schema';
import { LoomError } from '@loom/errors';
import { CacheErrorCode } from './errors.js';

export interface ResolvedEntry {
  name: string;
  /** Normalised workspace-relative paths, de-duplicated. */
  paths: string[];
  key: string;
  fallbackKeys: string[];
  policy: CachePolicy;
  when: CacheWhen;
  /** e.g. no file matched `key.files`. */
  warnings: { code: string; message: string }[];
}

export interface ResolveContext {
  /** The workspace root the key files are globbed in (the snapshot on the host). */
  cwd: string;
  /** Placeholders: `job_name`, `job_id`, `run_id`, `pipeline_id`, `head_sha` and the job's variables. */
  vars: Readonly<Record<string, string | undefined>>;
  /** For the default key `<job_name>-<entry name>`. */
  jobName: string;
}

/** A workspace-relative path, normalised; throws for absolute paths and `..` that leaves the workspace. */
export function workspacePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (path.startsWith('/') || normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') {
    throw new LoomError(CacheErrorCode.badPath, `cache path ${JSON.stringify(path)} is not inside the workspace`, {
      hint: 'cache paths are relative to the workspace root (e.g. ".pnpm-store") and may not use ".." to leave it',
    });
  }
  return normal;
}

async function resolveKey(entry: CacheEntry, ctx: ResolveContext): Promise<{ key: string; warnings: ResolvedEntry['warnings'] }> {
  const { key } = entry;
  if (key === undefined) return { key: `${ctx.jobName}-${entry.name}`, warnings: [] };
  const spec = typeof key === 'string' ? { template: key } : key;
  const result = await cacheKey({
    cwd: ctx.cwd,
    vars: ctx.vars,
    ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
    ...(spec.template === undefined ? {} : { template: spec.template }),
    ...(spec.files === undefined ? {} : { files: spec.files }),
  });
  return { key: result.key, warnings: result.warnings.map((w) => ({ code: w.code, message: `cache ${entry.name}: ${w.message}` })) };
}

export async function resolveEntry(entry: CacheEntry, ctx: ResolveContext): Promise<ResolvedEntry> {
  const { key, warnings } = await resolveKey(entry, ctx);
  const paths = [...new Set(entry.paths.map((p) => workspacePath(expandKeyTemplate(p, ctx.vars))))];
  const fallbackKeys = entry.fallbackKeys.map((k) => expandKeyTemplate(k, ctx.vars)).filter((k) => k !== '' && k !== key);
  return { name: entry.name, paths, key, fallbackKeys, policy: entry.policy, when: entry.when, warnings };
}

/** The entries that take part (not `disabled`), in declaration order. */
export function activeEntries(entries: readonly CacheEntry[]): CacheEntry[] {
  return entries.filter((e) => !e.disabled && e.paths.length > 0);
}
