/**
 * Which workspace entries an `artifacts:` declaration takes (pure). GitLab's rules: `paths` and `exclude` are
 * globs relative to the workspace (`*` stays within one segment, `**` crosses them, dotfiles match); a path
 * that matches a directory brings everything below it, and an excluded directory leaves out everything below
 * it. Symlinks are leaves: never entered, copied as links.
 */
import picomatch from 'picomatch';
import { LoomError } from '@loom/errors';

export type EntryKind = 'file' | 'dir' | 'symlink';

/** One entry of a workspace listing; `path` is workspace-relative with `/`. */
export interface WorkspaceEntry {
  path: string;
  kind: EntryKind;
}

export interface Selection {
  /** The fewest workspace-relative paths to copy: whole directories where nothing below them is left out. */
  roots: string[];
  /** Files and symlinks taken. */
  count: number;
  /** Patterns of `paths` that matched nothing. */
  unmatched: string[];
}

/** `./dist/` → `dist`; refuses what leaves the workspace (absolute, `..`), as `loom check` does statically. */
export function normalisePattern(pattern: string): string {
  const trimmed = pattern.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (pattern.startsWith('/') || trimmed === '' || trimmed.split('/').includes('..')) {
    throw new LoomError('ARTIFACTS_PATH_OUTSIDE', `artifacts path ${JSON.stringify(pattern)} is not inside the workspace`, {
      hint: 'artifacts paths are relative to the workspace root and may not contain ".." (loom check reports this too)',
    });
  }
  return trimmed === '.' ? '**' : trimmed;
}

/**
 * Where a listing must start so every pattern can match: each pattern's non-glob leading directories (`dist`
 * for `dist/**\/*.js`, `.` for `*.txt`), without those inside another base.
 */
export function listingBases(patterns: string[]): string[] {
  const bases = [...new Set(patterns.map((p) => picomatch.scan(p).base || '.'))].sort();
  if (bases.includes('.')) return ['.'];
  return bases.filter((base) => !bases.some((other) => other !== base && base.startsWith(`${other}/`)));
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. */
export function selfAndAncestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

const matcher = (patterns: string[]) => (patterns.length === 0 ? () => false : picomatch(patterns, { dot: true }));

export function selectArtifacts(entries: WorkspaceEntry[], paths: string[], exclude: string[]): Selection {
  const include = matcher(paths);
  const leaveOut = matcher(exclude);
  const dirs = new Set(entries.filter((e) => e.kind === 'dir').map((e) => e.path));
  const total = new Map<string, number>();
  const taken = new Map<string, number>();
  const chosen: string[] = [];
  for (const entry of entries) {
    if (entry.kind === 'dir') continue;
    const chain = selfAndAncestors(entry.path);
    const take = chain.some((p) => include(p)) && !chain.some((p) => leaveOut(p));
    if (take) chosen.push(entry.path);
    for (const dir of chain.slice(0, -1)) {
      if (!dirs.has(dir)) continue;
      total.set(dir, (total.get(dir) ?? 0) + 1);
      if (take) taken.set(dir, (taken.get(dir) ?? 0) + 1);
    }
  }
  const whole = (dir: string): boolean => dirs.has(dir) && (total.get(dir) ?? 0) === (taken.get(dir) ?? -1);
  const roots = new Set(chosen.map((path) => selfAndAncestors(path).find((p) => p === path || whole(p)) as string));
  const unmatched = paths.filter((pattern) => {
    const one = picomatch(pattern, { dot: true });
    return !entries.some((e) => one(e.path));
  });
  return { roots: [...roots].sort(), count: chosen.length, unmatched };
}
