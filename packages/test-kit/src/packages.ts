/**
 * The workspace's packages as a consumer gets them: `pnpm pack` (which rewrites `workspace:*` and `catalog:`
 * to real versions) and an npm install of the tarballs in a project outside the workspace.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const WORKSPACE = new URL('../../..', import.meta.url).pathname;

export interface PackedPackage {
  /** The package name, e.g. `@loom/cache-key`. */
  name: string;
  /** The directory under packages/, e.g. `cache-key`. */
  dir: string;
  tarball: string;
  bytes: number;
  /** Paths inside the tarball, relative to the package root. */
  files: string[];
}

/** The directories under packages/ whose package.json is not private: what a release publishes. */
export function publishablePackages(): string[] {
  return readdirSync(join(WORKSPACE, 'packages')).filter((dir) => {
    const json = JSON.parse(readFileSync(join(WORKSPACE, 'packages', dir, 'package.json'), 'utf8')) as { private?: boolean };
    return json.private !== true;
  }).sort();
}

/** Packs each package (its dist/ must be built) into `dest`. */
export function packPackages(dirs: readonly string[], dest: string): PackedPackage[] {
  return dirs.map((dir) => {
    const out = execFileSync('pnpm', ['pack', '--json', '--pack-destination', dest], { cwd: join(WORKSPACE, 'packages', dir), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const json = JSON.parse(out) as { name: string; filename: string; files: { path: string }[] };
    return { name: json.name, dir, tarball: json.filename, bytes: statSync(json.filename).size, files: json.files.map((f) => f.path) };
  });
}

/**
 * `npm install` of tarballs (or other specs) in `cwd`, or into the global prefix `globalPrefix` when given.
 * Registry packages come from npm's cache when it has them (`--prefer-offline`).
 */
export function npmInstall(cwd: string, specs: readonly string[], globalPrefix?: string): void {
  const global = globalPrefix ? ['--global', '--prefix', globalPrefix] : [];
  execFileSync('npm', ['install', ...global, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
