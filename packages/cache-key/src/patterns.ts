/** `files` patterns are relative to `cwd` and stay inside it: absolute paths and `..` segments are refused. */
import { LoomError } from '@loom/errors';
import { CacheKeyErrorCode } from './errors.js';

const DRIVE = /^[A-Za-z]:[\\/]/;

/** Why `pattern` is refused, or undefined when it is fine. Pure; `loom check` uses it for static checks. */
export function patternProblem(pattern: string): string | undefined {
  const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (body.trim() === '') return 'is empty';
  if (body.startsWith('/') || body.startsWith('\\') || DRIVE.test(body)) return 'is absolute';
  if (body.split(/[\\/]/).includes('..')) return 'climbs out of the workspace with ".."';
  return undefined;
}

export function checkPatterns(patterns: readonly string[]): void {
  for (const pattern of patterns) {
    const problem = patternProblem(pattern);
    if (problem === undefined) continue;
    throw new LoomError(CacheKeyErrorCode.badPattern, `cache key file pattern ${JSON.stringify(pattern)} ${problem}`, {
      hint: 'key files are globs relative to the workspace root, e.g. "pnpm-lock.yaml" or "apps/**/go.sum"',
    });
  }
}
