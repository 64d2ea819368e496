import { readFileSync, readdirSync, readlinkSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedEntry } from '@loom/cache';

export function entry(fields: Partial<ResolvedEntry> = {}): ResolvedEntry {
  return { name: 'deps', paths: ['vendor'], key: 'k1', fallbackKeys: [], policy: 'pull-push', when: 'on_success', warnings: [], ...fields };
}

/** path → content / `-> target` / `dir`, with the mode for files: a comparable picture of a tree. */
export function snapshotTree(root: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const full = join(root, path);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) out[path] = `-> ${readlinkSync(full)}`;
    else if (stat.isDirectory()) Object.assign(out, { [path]: 'dir' }, snapshotTree(root, path));
    else out[path] = `${(stat.mode & 0o777).toString(8)} ${readFileSync(full, 'utf8')}`;
  }
  return out;
}

/** Every file under `dir` with its mtime: proves a step wrote nothing. */
export function storeFiles(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) walk(path);
      else out[path] = stat.mtimeMs;
    }
  };
  walk('');
  return out;
}
