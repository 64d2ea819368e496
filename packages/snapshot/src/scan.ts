/** Reads the source working tree once: git's view of the changes, plus the special files git never lists. */
import { filterIgnored, readStatus } from './repo.js';
import { hasRuntimeDir } from './findings.js';
import { type ChangePlan, RUNTIME_DIR, planChanges } from './plan.js';
import { findSpecialFiles } from './special-files.js';
import { parseStatus } from './status.js';

/**
 * The plan for turning a `HEAD` checkout into the working tree. `excluded` are repository-relative
 * directories to leave out entirely (the snapshot itself, when the temp dir is inside the repository).
 */
export async function scanWorkingTree(root: string, excluded: readonly string[]): Promise<ChangePlan> {
  const plan = planChanges(parseStatus(await readStatus(root, excluded)));
  const pruned = new Set([...plan.pruned, RUNTIME_DIR, ...excluded]);
  // a tracked path that became a FIFO is in the status already; the sync skips it and says so
  const candidates = findSpecialFiles(root, pruned).filter((path) => !plan.reported.has(path));
  const ignored = await filterIgnored(root, candidates);
  for (const path of candidates) if (!ignored.has(path)) plan.skipped.push({ path, reason: 'special-file' });
  if (await hasRuntimeDir(root)) plan.skipped.push({ path: `${RUNTIME_DIR}/`, reason: 'loom-runtime' });
  return plan;
}
