/** `@loom/cache-key`: cache keys from globbed files (sha256 over sorted paths and contents) and templates. */
export { cacheKey, combineDigests } from './key.js';
export type { CacheKeyOptions, CacheKeyResult, CacheKeyWarning, HashedFile } from './key.js';
export { expandKeyTemplate } from './template.js';
export { patternProblem } from './patterns.js';
export { listFiles } from './list-files.js';
export type { ListedFile } from './list-files.js';
export { hashFiles } from './hash-files.js';
export type { HashInput, HashOptions } from './hash-files.js';
export { hashFileSync } from './hash-file.js';
export type { FileDigest } from './hash-file.js';
export { CacheKeyErrorCode } from './errors.js';
