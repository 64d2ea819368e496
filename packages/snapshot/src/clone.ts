/**
 * The `HEAD` part of the snapshot: a local clone of the source repository with `HEAD` checked out detached.
 * `--no-checkout` + `checkout --detach <sha>` writes the tree once, at exactly the commit that was read
 * (the source may be on a branch, detached, or a linked worktree).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fromGitFailure, fromWriteFailure } from './errors.js';
import { runGit } from './git.js';
import { RUNTIME_DIR } from './plan.js';
import type { RepoFacts } from './repo.js';

/**
 * Parallel checkout: writing ~10,000 files is latency-bound (file creation), not CPU-bound, so more
 * workers than cores pays off; measured in bench/snapshot.bench.mjs.
 */
const checkoutWorkers = (): number => Math.min(16, Math.max(4, availableParallelism() * 2));

/** Keeps the user's global hooks (`core.hooksPath`) from running inside the snapshot's clone. */
const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'];

/** No template: the ~16 files git copies into every new repository (hook samples, description,
 * info/exclude) would be made here, archived into every Docker job's volume, and removed by retention,
 * for nothing — the snapshot's hooks never run (NO_HOOKS) and `info/exclude` is written below. */
const NO_TEMPLATE = '--template=';

/** LFS files stay pointer files: no download during a snapshot (README: LFS). */
const CHECKOUT_ENV = { GIT_LFS_SKIP_SMUDGE: '1' };

/**
 * Clones `source` into the empty directory `target` and checks out `headSha` detached. A clone from a
 * path hard-links the object store when both are on one filesystem and copies it otherwise, so the
 * snapshot never depends on the source staying around (unlike `--shared`). Not `--local`: spelled out, it
 * makes git die on the first failed hard link ("Invalid cross-device link") instead of copying, and
 * TMPDIR on a tmpfs is common. The snapshot's `origin` is the source repository's path.
 */
export async function cloneAtHead(repo: RepoFacts, target: string, parent: string): Promise<void> {
  const { root: source, headSha } = repo;
  try {
    // Not `--quiet`, on purpose: see SILENT_COMMAND_DELAY in git.ts.
    await runGit(target, [...NO_HOOKS, 'clone', NO_TEMPLATE, '--no-checkout', '--', source, target], { env: CHECKOUT_ENV });
    const checkout = ['-c', `checkout.workers=${checkoutWorkers()}`, 'checkout', '--detach', headSha];
    await runGit(target, [...NO_HOOKS, ...checkout], { env: CHECKOUT_ENV });
  } catch (error) {
    throw fromGitFailure(`clone ${source} at ${headSha}`, error, parent);
  }
}

/**
 * The engine writes the run's artifacts into the snapshot's own `.loom/.runtime/`: keep them out of
 * `git status` there, whatever the project's `.gitignore` says.
 */
export async function excludeRuntimeDir(target: string, parent: string): Promise<void> {
  const info = join(target, '.git', 'info');
  try {
    await mkdir(info, { recursive: true });
    await appendFile(join(info, 'exclude'), `\n# added by Loom: run artifacts of this isolated workspace\n/${RUNTIME_DIR}/\n`);
  } catch (error) {
    throw fromWriteFailure(error, join(info, 'exclude'), parent);
  }
}
