/**
 * Where `loom run` finds its workflow. Without `--workflow`, as `loom check` does: the repository at or above
 * the current directory, then its `.loom/workflow.yml` — so a run from `src/` works. With `--workflow`, the
 * path is taken from the current directory and the repository is the file's.
 */
import { dirname, join, resolve } from 'node:path';
import { requireRepoRoot } from '../repo-root.js';
import { workflowFlag } from './flags.js';

const noRepoHint = 'loom run works on a git repository (its isolated workspace is a clone); run it inside one, or git init';

const givesWorkflow = (argv: readonly string[]): boolean => argv.some((arg) => arg === '--workflow' || arg.startsWith('--workflow='));

export function locateWorkflow(argv: readonly string[], options: Record<string, unknown>, cwd = process.cwd()): { repoRoot: string; workflowPath: string } {
  if (!givesWorkflow(argv)) {
    const repoRoot = requireRepoRoot(cwd, noRepoHint);
    return { repoRoot, workflowPath: join(repoRoot, '.loom', 'workflow.yml') };
  }
  const workflowPath = resolve(cwd, workflowFlag(options));
  return { repoRoot: requireRepoRoot(dirname(workflowPath), noRepoHint), workflowPath };
}
