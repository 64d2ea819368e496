/**
 * What the `HEAD` checkout itself tells about submodules, LFS and a committed `.loom/.runtime/`. Reads a
 * couple of small files instead of asking git (no extra process).
 */
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fromWriteFailure } from './errors.js';
import type { CheckoutFindings } from './manifest.js';
import { RUNTIME_DIR } from './plan.js';

/** `path = libs/x` lines of a `.gitmodules` file (pure). */
export function parseSubmodulePaths(gitmodules: string): string[] {
  const paths: string[] = [];
  for (const line of gitmodules.split('\n')) {
    const match = /^\s*path\s*=\s*(.+?)\s*$/.exec(line);
    if (match?.[1]) paths.push(match[1].replace(/^"(.*)"$/, '$1'));
  }
  return paths.sort();
}

/** Whether a `.gitattributes` text sends any path through the LFS filter (pure). */
export const usesLfs = (gitattributes: string): boolean =>
  gitattributes.split('\n').some((line) => !line.trimStart().startsWith('#') && /(^|\s)filter=lfs(\s|$)/.test(line));

const readText = (file: string): Promise<string> => readFile(file, 'utf8').catch(() => '');

const exists = (file: string): Promise<boolean> => lstat(file).then(() => true, () => false);

/**
 * Looks at the root `.gitmodules` and `.gitattributes` of the checkout (LFS is detected from the root
 * attributes file, where `git lfs track` writes), and removes a committed `.loom/.runtime/`.
 */
export async function inspectCheckout(target: string, parent: string): Promise<CheckoutFindings> {
  const [gitmodules, gitattributes] = await Promise.all([readText(join(target, '.gitmodules')), readText(join(target, '.gitattributes'))]);
  const runtime = join(target, RUNTIME_DIR);
  const trackedRuntime = await exists(runtime);
  if (trackedRuntime) await rm(runtime, { recursive: true, force: true }).catch((error: unknown) => {
    throw fromWriteFailure(error, runtime, parent);
  });
  return {
    submodules: parseSubmodulePaths(gitmodules),
    lfsAttributeFiles: usesLfs(gitattributes) ? ['.gitattributes'] : [],
    trackedRuntime,
  };
}

/**
 * Whether the source repository has a `.loom/.runtime/` (which is never copied) with more in it than the
 * run locks `createSnapshot` itself writes there first (workspaces.ts): only that is worth a skipped entry.
 */
export async function hasRuntimeDir(root: string): Promise<boolean> {
  const names = await readdir(join(root, RUNTIME_DIR)).catch(() => undefined);
  return names !== undefined && names.some((name) => name !== 'locks');
}
