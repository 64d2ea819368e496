/** The manifest's parts that are pure: empty counts and the warnings, worded once for every consumer. */
import { RUNTIME_DIR } from './plan.js';
import type { SkippedEntry, SkipReason, SnapshotCounts, SnapshotWarning, SnapshotWarningCode } from './types.js';

export const emptyCounts = (): SnapshotCounts => ({
  modified: 0, added: 0, renamed: 0, deleted: 0, untracked: 0, conflicted: 0, symlinks: 0,
});

/** What was found in the `HEAD` checkout itself (see findings.ts). */
export interface CheckoutFindings {
  /** Paths of the submodules declared in `.gitmodules`. */
  submodules: string[];
  /** Attribute files that route paths through Git LFS (`filter=lfs`). */
  lfsAttributeFiles: string[];
  /** Whether `HEAD` tracks files under `.loom/.runtime/` (they were removed from the snapshot). */
  trackedRuntime: boolean;
}

const SHOWN = 5;

/** `a, b, c` or `a, b, c, d, e and 12 more`. */
export function namePaths(paths: readonly string[]): string {
  const shown = paths.slice(0, SHOWN).map((p) => (/[\s"]/.test(p) ? JSON.stringify(p) : p)).join(', ');
  return paths.length > SHOWN ? `${shown} and ${paths.length - SHOWN} more` : shown;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function make(code: SnapshotWarningCode, text: string, paths: string[]): SnapshotWarning {
  return { code, message: text.replace('{paths}', namePaths(paths)), paths };
}

const pathsFor = (skipped: readonly SkippedEntry[], reason: SkipReason): string[] =>
  skipped.filter((s) => s.reason === reason).map((s) => s.path);

/** One warning per kind of surprise, each naming its paths. */
export function buildWarnings(skipped: readonly SkippedEntry[], conflicted: readonly string[], findings: CheckoutFindings): SnapshotWarning[] {
  const warnings: SnapshotWarning[] = [];
  const special = pathsFor(skipped, 'special-file');
  if (special.length > 0) {
    warnings.push(make('SNAPSHOT_SPECIAL_FILES_SKIPPED',
      `skipped ${plural(special.length, 'special file', 'special files')} (FIFO, socket or device), which a snapshot cannot hold: {paths}`, special));
  }
  const submodules = [...new Set([...findings.submodules.map((p) => `${p}/`), ...pathsFor(skipped, 'submodule')])].sort();
  if (submodules.length > 0) {
    warnings.push(make('SNAPSHOT_SUBMODULES_NOT_INCLUDED',
      'submodule contents are not included (their directories are empty, as in a CI checkout without submodules): {paths}', submodules));
  }
  const nested = pathsFor(skipped, 'nested-repository');
  if (nested.length > 0) {
    warnings.push(make('SNAPSHOT_NESTED_REPOSITORIES_SKIPPED',
      `skipped ${plural(nested.length, 'untracked directory', 'untracked directories')} holding a git repository of its own: {paths}`, nested));
  }
  if (findings.lfsAttributeFiles.length > 0) {
    warnings.push(make('SNAPSHOT_LFS_POINTERS',
      'Git LFS files are checked out as pointer files (nothing is downloaded); LFS files you changed are copied with their working-tree content ({paths})', findings.lfsAttributeFiles));
  }
  if (findings.trackedRuntime) {
    warnings.push(make('SNAPSHOT_TRACKED_RUNTIME_REMOVED',
      `HEAD tracks files under ${RUNTIME_DIR}/ (run output); they were removed from the snapshot. Untrack them: git rm -r --cached ${RUNTIME_DIR} and add ${RUNTIME_DIR}/ to .gitignore`, [`${RUNTIME_DIR}/`]));
  }
  if (conflicted.length > 0) {
    warnings.push(make('SNAPSHOT_CONFLICTS_COPIED',
      `unresolved merge conflicts in ${plural(conflicted.length, 'file', 'files')}, copied with their conflict markers: {paths}`, [...conflicted]));
  }
  const undecodable = pathsFor(skipped, 'unsupported-name');
  if (undecodable.length > 0) {
    warnings.push(make('SNAPSHOT_UNSUPPORTED_NAMES',
      `skipped ${plural(undecodable.length, 'path whose name is', 'paths whose names are')} not valid UTF-8: {paths}`, undecodable));
  }
  return warnings;
}
