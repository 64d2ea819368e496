// Shared by the benches (not a bench itself: `pnpm bench` runs *.bench.mjs only).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `workflow` to `<dir>/.loom/workflow.yml` (and `.gitignore`, keeping Loom's runtime files out) and
 * commits everything in `dir` to a fresh repository on branch main. Returns `dir`.
 */
export function commitRepo(dir, workflow, ignore = '.loom/.runtime/\n') {
  mkdirSync(join(dir, '.loom'), { recursive: true });
  writeFileSync(join(dir, '.loom/workflow.yml'), workflow);
  writeFileSync(join(dir, '.gitignore'), ignore);
  const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@loom.invalid', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '--initial-branch=main');
  git('add', '-A');
  git('commit', '-qm', 'bench');
  return dir;
}

/** A new temp directory under `parent` named `<prefix>…`, committed as a repository with `workflow`. */
export function workflowRepo(parent, prefix, workflow) {
  return commitRepo(mkdtempSync(join(parent, prefix)), workflow);
}
