import { createReadStream, createWriteStream, lstatSync, promises as fs, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import tarStream from 'tar-stream';
import { LoomError } from '@loom/errors';
import { DockerErrorCode } from './errors.js';

export type Pack = tarStream.Pack;

export interface PackOptions {
  /** Name prefix inside the archive (`workspace/`), or '' for none. */
  prefix: string;
  /** Skip a path (relative to the walked root, slash-separated); a skipped directory is not entered
   * unless `enterSkipped` says so (something below it may be re-included). */
  skip?: (relPath: string) => boolean;
  enterSkipped?: (relPath: string) => boolean;
  /** Owner to record; by default the file's own (as a bind mount would show it). */
  owner?: { uid: number; gid: number };
  /** Mode bits of the walked root's own entry instead of its own (e.g. a 0700 temp dir made 0755). */
  rootMode?: number;
}

/** Files above this size are streamed; smaller ones are read whole (fewer syscalls and callbacks). */
const streamThreshold = 1 << 20;

/**
 * Adds `root/relPath` (a file, symlink or directory, recursively) to `pack`. Hard links inside one call are
 * stored as links, as pnpm trees have many. Resolves when every entry is written. The walk uses sync fs
 * calls on purpose: for many small files they are 3-4x faster than fs.promises (toolchain.md §9), and this
 * archive is on the critical path of every job's start; big files are still streamed.
 */
export async function packPath(pack: Pack, root: string, relPath: string, options: PackOptions, links = new Map<string, string>()): Promise<void> {
  const full = relPath ? join(root, relPath) : root;
  const stat = lstatSync(full);
  const relSlash = relPath.split(sep).join('/');
  const name = posix.join(options.prefix, relSlash);
  const mode = relPath === '' && options.rootMode !== undefined ? options.rootMode : stat.mode & 0o7777;
  const header = { name, mode, mtime: stat.mtime, uid: options.owner?.uid ?? stat.uid, gid: options.owner?.gid ?? stat.gid };
  const skipped = relPath !== '' && options.skip?.(relSlash) === true;
  if (stat.isDirectory()) {
    // The root of an unprefixed walk ('.') gets no entry: it is the extraction directory itself.
    if (!skipped && name !== '.') await addEntry(pack, { ...header, name: `${name}/`, type: 'directory' });
    if (skipped && options.enterSkipped?.(relSlash) !== true) return;
    for (const child of readdirSync(full).sort()) await packPath(pack, root, relPath ? join(relPath, child) : child, options, links);
    return;
  }
  if (skipped) return;
  if (stat.isSymbolicLink()) return addEntry(pack, { ...header, type: 'symlink', linkname: readlinkSync(full) });
  if (!stat.isFile()) return; // sockets, fifos, devices: nothing a job needs from a workspace
  const inode = `${stat.dev}:${stat.ino}`;
  const first = stat.nlink > 1 ? links.get(inode) : undefined;
  if (first) return addEntry(pack, { ...header, type: 'link', linkname: first });
  if (stat.nlink > 1) links.set(inode, name);
  if (stat.size < streamThreshold) return addEntry(pack, { ...header, type: 'file' }, readFileSync(full));
  await new Promise<void>((done, fail) => {
    const entry = pack.entry({ ...header, type: 'file', size: stat.size }, (error) => (error ? fail(error) : done()));
    createReadStream(full).on('error', fail).pipe(entry);
  });
}

/** Writes one entry; resolves once tar-stream has taken it. */
export function addEntry(pack: Pack, header: Partial<tarStream.Header> & { name: string }, body?: Buffer): Promise<void> {
  return new Promise((done, fail) => {
    pack.entry(header, body ?? '', (error) => (error ? fail(error) : done()));
  });
}

/** Starts a pack that `fill` writes into; errors destroy it so the upload fails instead of hanging. The
 * pack is a streamx stream; dockerode only `pipe`s it, which streamx supports, hence the type cast. */
export function streamPack(fill: (pack: Pack) => Promise<void>): NodeJS.ReadableStream {
  // Up to 1 MiB is produced ahead of the reader: a small workspace is archived while the container is
  // still being created.
  const pack = tarStream.pack({ highWaterMark: 1 << 20 });
  fill(pack).then(
    () => pack.finalize(),
    (error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return pack as unknown as NodeJS.ReadableStream;
}

/** Rejects absolute paths and paths that climb out of the workspace; returns the normalised relative path. */
export function safeRelative(path: string): string {
  const normal = posix.normalize(path.split(sep).join('/')).replace(/\/+$/, '');
  if (path.startsWith('/') || normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') {
    throw new LoomError(DockerErrorCode.badPath, `path ${JSON.stringify(path)} is not inside the workspace`, {
      hint: 'Paths are relative to the workspace root and may not contain `..` that leaves it.',
    });
  }
  return normal;
}

/** True when `path` (absolute, or relative to the working directory) is outside the directory `root`. */
export function leaves(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/**
 * Extracts a tar stream (as `getArchive` returns it) under `dest`: directories, files, symlinks and hard
 * links. Entries that would land outside `dest` are refused. Owners are not restored.
 */
export async function extractTar(source: NodeJS.ReadableStream, dest: string): Promise<void> {
  const root = resolve(dest);
  const inside = (name: string): string => {
    const target = resolve(root, name);
    if (leaves(root, target)) throw new Error(`archive entry ${name} leaves ${dest}`);
    return target;
  };
  const extract = tarStream.extract();
  const fed = new Promise<void>((done, fail) => {
    source.on('error', fail);
    extract.on('error', fail);
    extract.on('finish', done);
  });
  source.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) await writeEntry(entry, inside);
    await fed;
  } catch (error) {
    extract.destroy();
    (source as unknown as { destroy?: () => void }).destroy?.();
    throw error;
  }
}

type Entry = tarStream.Extract extends AsyncIterable<infer S> ? S : never;

async function writeEntry(entry: Entry, inside: (name: string) => string): Promise<void> {
  const { header } = entry;
  const target = inside(header.name);
  if (header.type === 'directory') {
    await fs.mkdir(target, { recursive: true, mode: header.mode });
    entry.resume();
    return;
  }
  await fs.mkdir(dirname(target), { recursive: true });
  await fs.rm(target, { force: true });
  if (header.type === 'file' || header.type === 'contiguous-file') {
    const out = createWriteStream(target, { mode: header.mode ?? 0o644 });
    await new Promise<void>((done, fail) => {
      out.on('error', fail).on('finish', done);
      entry.on('error', fail);
      entry.pipe(out);
    });
    return;
  }
  if (header.type === 'symlink') await fs.symlink(header.linkname ?? '', target);
  else if (header.type === 'link') await fs.link(inside(header.linkname ?? ''), target);
  entry.resume();
}
