/** Stable codes of the errors this package throws (all `LoomError`s). */
export const CacheKeyErrorCode = {
  /** A `files` pattern is absolute or climbs out of `cwd` with `..`. */
  badPattern: 'CACHE_KEY_BAD_PATTERN',
  /** A matched file is a symlink whose target lies outside `cwd`. */
  symlinkOutside: 'CACHE_KEY_SYMLINK_OUTSIDE',
  /** A matched file could not be read. */
  unreadable: 'CACHE_KEY_UNREADABLE',
  /** The key came out empty (an empty template, or one whose variables are all unset). */
  emptyKey: 'CACHE_KEY_EMPTY',
} as const;
