/**
 * `cacheKey`: the key of one cache entry from its files, prefix and template. The key's digest is sha256
 * over, for each file in POSIX-path byte order, `<relpath>\0<sha256 hex of content>\n` — a digest of
 * per-file digests, so files can be hashed in parallel and each one's digest is reported too.
 */
import { createHash } from 'node:crypto';
import { LoomError } from '@loom/errors';
import { CacheKeyErrorCode } from './errors.js';
import { type HashOptions, hashFiles } from './hash-files.js';
import { listFiles } from './list-files.js';
import { expandKeyTemplate } from './template.js';

export interface CacheKeyOptions extends HashOptions {
  /** Directory the `files` globs are relative to (the workspace root). */
  cwd: string;
  /** Put before the files' digest as `<prefix>-<digest>`; alone, it is the key (placeholders expanded). */
  prefix?: string;
  /** Glob patterns (fast-glob syntax) of the files whose content the key depends on. */
  files?: readonly string[];
  /** A key with `$name` / `${name}` placeholders; used when neither `prefix` nor `files` is given. */
  template?: string;
  /** Values for placeholders: `job_name`, `job_id`, `run_id`, `pipeline_id`, `head_sha`, workflow variables. */
  vars?: Readonly<Record<string, string | undefined>>;
}

export interface HashedFile {
  /** POSIX path relative to `cwd`. */
  path: string;
  sha256: string;
  size: number;
}

export interface CacheKeyWarning {
  code: 'CACHE_KEY_NO_FILES';
  message: string;
}

export interface CacheKeyResult {
  key: string;
  /** The files that went into the key, in hashing order (empty without `files`). */
  files: HashedFile[];
  /** e.g. no file matched `files`: the key is then the stable empty-set key. */
  warnings: CacheKeyWarning[];
}

/** sha256 hex over `<path>\0<sha256>\n` per file, in the given order (the empty list hashes to sha256('')). Pure. */
export function combineDigests(files: readonly Pick<HashedFile, 'path' | 'sha256'>[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\0${file.sha256}\n`);
  return hash.digest('hex');
}

function keyFrom(base: string, digest: string | undefined): string {
  const key = digest === undefined ? base : base === '' ? digest : `${base}-${digest}`;
  if (key === '') {
    throw new LoomError(CacheKeyErrorCode.emptyKey, 'the cache key is empty', {
      hint: 'give the key a prefix, files or a template whose variables are set',
    });
  }
  return key;
}

export async function cacheKey(options: CacheKeyOptions): Promise<CacheKeyResult> {
  const vars = options.vars ?? {};
  const base = expandKeyTemplate(options.prefix ?? options.template ?? '', vars);
  if (options.files === undefined) return { key: keyFrom(base, undefined), files: [], warnings: [] };
  const listed = listFiles(options.cwd, options.files);
  const digests = await hashFiles(listed, options);
  const files = listed.map((file, i) => ({ path: file.path, sha256: (digests[i] as { sha256: string }).sha256, size: (digests[i] as { size: number }).size }));
  const warnings: CacheKeyWarning[] =
    files.length > 0
      ? []
      : [{ code: 'CACHE_KEY_NO_FILES', message: `no file matches the cache key files ${options.files.map((f) => JSON.stringify(f)).join(', ')}; the key hashes the empty set` }];
  return { key: keyFrom(base, combineDigests(files)), files, warnings };
}
