/**
 * Lists what is in a job's workspace under the listing bases, never following a symlink (a symlinked
 * directory is one `symlink` entry; a base reached through a symlinked directory is dropped), so no match can
 * lead outside the workspace. On the host (host jobs, Docker bind mounts) it walks the directory; in an
 * ephemeral volume it runs `find` in the job's container through the provider port.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreparedJob, Provider } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import { type EntryKind, type WorkspaceEntry, selfAndAncestors } from './artifacts-match.js';

async function kindAt(path: string): Promise<EntryKind | undefined> {
  const stat = await lstat(path).catch(() => undefined);
  if (stat === undefined) return undefined;
  return stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
}

async function walk(root: string, rel: string, out: WorkspaceEntry[]): Promise<void> {
  for (const dirent of await readdir(rel === '.' ? root : join(root, rel), { withFileTypes: true })) {
    const path = rel === '.' ? dirent.name : `${rel}/${dirent.name}`;
    const kind: EntryKind | undefined = dirent.isSymbolicLink() ? 'symlink' : dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : undefined;
    if (kind === undefined) continue; // sockets, fifos, devices are no artifacts
    out.push({ path, kind });
    if (kind === 'dir') await walk(root, path, out);
  }
}

export async function listHostWorkspace(root: string, bases: string[]): Promise<WorkspaceEntry[]> {
  const out: WorkspaceEntry[] = [];
  for (const base of bases) {
    if (base === '.') {
      await walk(root, '.', out);
      continue;
    }
    const chain = selfAndAncestors(base);
    const parents = await Promise.all(chain.slice(0, -1).map((p) => kindAt(join(root, p))));
    if (parents.some((kind) => kind !== 'dir')) continue;
    const kind = await kindAt(join(root, base));
    if (kind === undefined) continue;
    out.push({ path: base, kind });
    if (kind === 'dir') await walk(root, base, out);
  }
  return out;
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const MARK = '@loom-artifact';
const KINDS: Record<string, EntryKind> = { d: 'dir', f: 'file', l: 'symlink' };

/** The shell the container runs: one line per entry (`<mark> <d|f|l|L> <path>`; `L` = a base's symlinked parent). */
export function containerListing(bases: string[]): string {
  const parents = [...new Set(bases.filter((b) => b !== '.').flatMap((b) => selfAndAncestors(b).slice(0, -1)))];
  const starts = bases.map((b) => (b === '.' ? '.' : quote(`./${b}`))).join(' ');
  const depth = bases.includes('.') ? 1 : 0;
  // One find per type: busybox find runs `-exec … {} +` only outside parentheses.
  const each = (letter: string) => `find ${starts} -mindepth ${depth} -type ${letter} -exec printf '${MARK} ${letter} %s\\n' {} + 2>/dev/null;`;
  const checks = parents.map((p) => `{ [ -L ${quote(p)} ] || [ ! -d ${quote(p)} ]; } && printf '${MARK} L %s\\n' ${quote(p)};`).join(' ');
  return `${checks} ${each('d')} ${each('l')} ${each('f')} true`;
}

export function parseContainerListing(lines: string[]): WorkspaceEntry[] {
  const blocked: string[] = [];
  const entries: WorkspaceEntry[] = [];
  for (const line of lines) {
    if (!line.startsWith(`${MARK} `)) continue; // a login profile may print; only marked lines count
    const letter = line.slice(MARK.length + 1, MARK.length + 2);
    const path = line.slice(MARK.length + 3).replace(/^\.\//, '');
    if (letter === 'L') blocked.push(path);
    else if (KINDS[letter] && path !== '.' && path !== '') entries.push({ path, kind: KINDS[letter] as EntryKind });
  }
  return entries.filter((e) => !blocked.some((b) => e.path.startsWith(`${b}/`)));
}

export async function listContainerWorkspace(provider: Provider, prepared: PreparedJob, bases: string[], signal: AbortSignal): Promise<WorkspaceEntry[]> {
  const lines: string[] = [];
  const result = await provider.runStep(
    prepared,
    { index: 0, command: containerListing(bases), debugTrace: false },
    (line) => line.stream === 'stdout' && lines.push(line.bytes.toString('utf8')),
    signal,
  );
  if (result.exitCode !== 0) {
    throw new LoomError('ARTIFACTS_LIST_FAILED', `could not list the job's workspace in its container (exit ${result.exitCode})`, {
      hint: 'artifacts of a Docker job with an ephemeral volume are found with find and printf in the job image; the image needs them (busybox and Debian have them)',
    });
  }
  return parseContainerListing(lines);
}
