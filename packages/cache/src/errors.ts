/** Stable codes of this package's errors and warnings. */
export const CacheErrorCode = {
  /** `tar` or `zstd` failed (or is missing). */
  archiveFailed: 'CACHE_ARCHIVE_FAILED',
  /** A cache path is absolute, climbs out with `..`, or is a symlink leading out of the workspace. */
  badPath: 'CACHE_PATH_OUTSIDE_WORKSPACE',
  /** A store file (entry, quarantine list) is not what Loom wrote. */
  corruptStore: 'CACHE_STORE_CORRUPT',
  /** `--older-than` / `--max-size` could not be read. */
  badPruneLimit: 'CACHE_PRUNE_BAD_LIMIT',
  /** Restore failed; the job runs as on a miss. */
  restoreFailed: 'CACHE_RESTORE_FAILED',
  saveFailed: 'CACHE_SAVE_FAILED',
  /** Warnings. */
  pathMissing: 'CACHE_PATH_MISSING',
  keyNoFiles: 'CACHE_KEY_NO_FILES',
} as const;
