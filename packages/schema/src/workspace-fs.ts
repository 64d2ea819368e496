/**
 * The filesystem half of "a path the workflow names must stay inside the repository": `parseWorkflow` is
 * pure and checks paths lexically (relative, no `..`); `readWorkflow` hands it these functions, which follow
 * symlinks. A committed symlink `.loom/templates/evil.yml -> /etc/…` or a build context that is a link to
 * an outside directory is then refused like `../x`, at the key's file:line.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Where a path starts to be dynamic: a variable or a glob; only the part before it names files now. */
const DYNAMIC = /[$*?[{]/;

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function leavesRoot(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/**
 * Returns the real path where `rel` (relative to `repoRoot`) leaves the repository through a symlink, or
 * undefined when it stays inside (or does not exist yet: a path a job will create cannot escape now). Each
 * existing prefix is resolved, so a link in the middle (`vendor/lib/x` with `vendor -> /opt`) counts too.
 */
export function escapesRepository(repoRoot: string, rel: string): string | undefined {
  const root = realOrUndefined(repoRoot) ?? resolve(repoRoot);
  let at = resolve(repoRoot);
  for (const segment of rel.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (DYNAMIC.test(segment)) break;
    at = join(at, segment);
    const real = realOrUndefined(at);
    if (real === undefined) return undefined;
    if (leavesRoot(root, real)) return real;
  }
  return undefined;
}

/** An include file whose real path leaves the repository: thrown by the reader, reported at the entry. */
export class EscapingPathError extends Error {
  constructor(
    readonly path: string,
    readonly realPath: string,
  ) {
    super(`${path} resolves through a symlink to ${realPath}, outside the repository`);
  }
}
