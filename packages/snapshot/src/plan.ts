/**
 * Turns `git status` entries into what to do to a fresh `HEAD` checkout (pure). The snapshot must end up
 * with the working tree's content for every path git reports, so most entries become a `sync`: copy the
 * path if it exists in the working tree, remove it otherwise (`.D`, `AD`, `MD`… need no special case).
 */
import { LoomError } from '@loom/errors';
import type { SkippedEntry } from './types.js';
import type { StatusEntry } from './status.js';

export const RUNTIME_DIR = '.loom/.runtime';

type SyncCategory = 'modified' | 'added' | 'renamed' | 'untracked' | 'conflicted';

export interface Sync {
  path: string;
  category: SyncCategory;
  /** Whether `HEAD` has the path: if the working tree no longer does, removing it counts as a deletion. */
  inHead: boolean;
}

interface Removal {
  path: string;
  /** Counted in `counts.deleted` (not the old side of a rename). */
  counted: boolean;
}

export interface ChangePlan {
  removals: Removal[];
  syncs: Sync[];
  skipped: SkippedEntry[];
  /** Directories the special-file scan must not enter (ignored, or repositories of their own). */
  pruned: string[];
  /** Every path git reported, so the special-file scan can leave those to the sync. */
  reported: Set<string>;
}

/** Unmerged states whose path `HEAD` ("us") does not have: added by them, deleted by us, both deleted. */
const NOT_IN_HEAD_UNMERGED = new Set(['UA', 'DU', 'DD']);

const isRuntimePath = (path: string): boolean => path === RUNTIME_DIR || path.startsWith(`${RUNTIME_DIR}/`);

/** Git only reports clean relative paths; anything else would let a write escape the snapshot. */
function assertInside(path: string): void {
  const segments = path.replace(/\/$/, '').split('/');
  if (path.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new LoomError('SNAPSHOT_GIT_FAILED', `git status reported a path outside the repository: ${JSON.stringify(path)}`);
  }
}

/** simple-git decodes output as UTF-8: a name that is not valid UTF-8 comes back with U+FFFD in it. */
const hasUndecodableName = (path: string): boolean => path.includes('\uFFFD');

function planEntry(entry: StatusEntry, plan: ChangePlan): void {
  switch (entry.kind) {
    case 'ignored':
      if (entry.path.endsWith('/')) plan.pruned.push(entry.path.slice(0, -1));
      return;
    case 'untracked':
      if (entry.path.endsWith('/')) {
        plan.skipped.push({ path: entry.path, reason: 'nested-repository' });
        plan.pruned.push(entry.path.slice(0, -1));
      } else {
        plan.syncs.push({ path: entry.path, category: 'untracked', inHead: false });
      }
      return;
    case 'changed':
      if (entry.submodule) plan.skipped.push({ path: `${entry.path}/`, reason: 'submodule' });
      // a staged deletion: if the file is back on disk and not ignored, git lists it as untracked too
      else if (entry.xy[0] === 'D') plan.removals.push({ path: entry.path, counted: true });
      else plan.syncs.push({ path: entry.path, category: entry.xy[0] === 'A' ? 'added' : 'modified', inHead: entry.xy[0] !== 'A' });
      return;
    case 'renamed':
      if (entry.submodule) {
        plan.skipped.push({ path: `${entry.path}/`, reason: 'submodule' });
        return;
      }
      if (!entry.copy) plan.removals.push({ path: entry.origPath, counted: false });
      plan.syncs.push({ path: entry.path, category: entry.copy ? 'added' : 'renamed', inHead: false });
      return;
    case 'unmerged':
      if (entry.submodule) plan.skipped.push({ path: `${entry.path}/`, reason: 'submodule' });
      else plan.syncs.push({ path: entry.path, category: 'conflicted', inHead: !NOT_IN_HEAD_UNMERGED.has(entry.xy) });
      return;
  }
}

export function planChanges(entries: readonly StatusEntry[]): ChangePlan {
  const plan: ChangePlan = { removals: [], syncs: [], skipped: [], pruned: [], reported: new Set() };
  for (const entry of entries) {
    const paths = entry.kind === 'renamed' ? [entry.path, entry.origPath] : [entry.path];
    paths.forEach(assertInside);
    // `.loom/.runtime/` is excluded by pathspec already; this keeps the rule true whatever git does
    if (paths.some(isRuntimePath)) continue;
    if (paths.some(hasUndecodableName)) {
      plan.skipped.push({ path: entry.path, reason: 'unsupported-name' });
      continue;
    }
    for (const path of paths) plan.reported.add(path.replace(/\/$/, ''));
    planEntry(entry, plan);
  }
  return plan;
}
