import { promises as fs } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { CopyResult } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import type { Connection } from './client.js';
import { addEntry, extractTar, packPath, safeRelative, streamPack } from './archive.js';
import { DockerErrorCode, statusOf } from './errors.js';
import type { StepSession } from './session.js';

import { containerWorkdir, shellQuote } from './job-container.js';

export { containerWorkdir };

/** Debian's (and Alpine's) /etc/profile resets PATH for login shells, so `sh -lc` would lose the image's
 * PATH (e.g. /usr/lib/postgresql/15/bin). This snippet runs first among /etc/profile.d/*.sh and puts it
 * back; later profile.d scripts may still extend it. Images without /etc/profile never read it. */
const profileSnippetPath = 'etc/profile.d/00-loom-path.sh';

export function profileSnippet(path: string): string {
  return `# Written by Loom: restore the image's PATH after /etc/profile reset it.\nPATH=${shellQuote(path)}\nexport PATH\n`;
}

/**
 * The one archive a job container gets before it starts, extracted at `/`: the PATH snippet and, for an
 * ephemeral volume, the whole workspace under `workspace/` (Docker mounts the container's volumes for the
 * upload, so the files land in the volume). One upload, no helper container.
 */
export function seedArchive(imagePath: string, workspaceDir: string | undefined): NodeJS.ReadableStream {
  return streamPack(async (pack) => {
    const body = Buffer.from(profileSnippet(imagePath));
    await addEntry(pack, { name: profileSnippetPath, mode: 0o644, uid: 0, gid: 0 }, body);
    // Owners are kept: the volume then looks like the bind mount would (same uids as on the host). The
    // snapshot is a 0700 temp dir; /workspace gets 0755, so an image that runs as another user can enter it.
    if (workspaceDir) await packPath(pack, workspaceDir, '', { prefix: containerWorkdir.slice(1), rootMode: 0o755 });
  });
}

/** Copies workspace-relative `paths` from `hostDir` into the container's /workspace (one upload). */
export async function copyIn(conn: Connection, containerId: string, paths: string[], hostDir: string): Promise<CopyResult> {
  const copied: string[] = [];
  const missing: string[] = [];
  for (const path of paths.map(safeRelative)) {
    const exists = await fs.lstat(join(hostDir, path)).then(() => true, () => false);
    (exists ? copied : missing).push(path);
  }
  if (copied.length > 0) {
    const archive = streamPack(async (pack) => {
      const links = new Map<string, string>();
      for (const path of copied) await packPath(pack, hostDir, path, { prefix: '' }, links);
    });
    try {
      // The daemon creates missing parent directories while extracting.
      await conn.docker.getContainer(containerId).putArchive(archive, { path: containerWorkdir });
    } catch (error) {
      throw conn.fail(`cannot copy ${copied.join(', ')} into the job container`, error);
    }
  }
  return { copied, missing };
}

/**
 * Extracts an uncompressed tar stream (e.g. `zstd -dc` of a cache archive) at /workspace in one upload:
 * through the step server's stdin when it takes uploads (it runs as root there, so entries keep the
 * archive's owners, as `copyUIDGID` gives root), else by `putArchive`, where `copyUIDGID` gives the entries
 * the container user's owner.
 */
export async function copyInArchive(conn: Connection, containerId: string, tar: NodeJS.ReadableStream, session?: StepSession): Promise<void> {
  if (session && (await session.ready) === 'uploads') {
    const { code, said } = await session.upload(tar, containerWorkdir);
    if (code === 0) return;
    throw new LoomError(DockerErrorCode.failed, `cannot extract an archive in the job container: tar exited ${code}${said.length ? `: ${said.slice(-3).join(' / ')}` : ''}`, {
      hint: 'The container\'s /workspace must be writable and have room for the files.',
    });
  }
  try {
    await conn.docker.getContainer(containerId).putArchive(tar, { path: containerWorkdir, copyUIDGID: '1' });
  } catch (error) {
    throw conn.fail('cannot upload an archive into the job container', error);
  }
}

/** The tar stream of one workspace-relative `path` (top entry: its last segment), undefined when missing. */
export async function copyOutArchive(conn: Connection, containerId: string, path: string): Promise<NodeJS.ReadableStream | undefined> {
  const rel = safeRelative(path);
  try {
    return await conn.docker.getContainer(containerId).getArchive({ path: posix.join(containerWorkdir, rel) });
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw conn.fail(`cannot copy ${rel} out of the job container`, error);
  }
}

/** Copies workspace-relative `paths` out of the container's /workspace into `hostDir`, same layout. */
export async function copyOut(conn: Connection, containerId: string, paths: string[], hostDir: string): Promise<CopyResult> {
  const copied: string[] = [];
  const missing: string[] = [];
  const container = conn.docker.getContainer(containerId);
  for (const path of paths.map(safeRelative)) {
    let archive: NodeJS.ReadableStream;
    try {
      archive = await container.getArchive({ path: posix.join(containerWorkdir, path) });
    } catch (error) {
      if (statusOf(error) === 404) {
        missing.push(path);
        continue;
      }
      throw conn.fail(`cannot copy ${path} out of the job container`, error);
    }
    // The archive's top entry is the path's last segment, so it lands in the parent directory.
    const parent = join(hostDir, dirname(path));
    await fs.mkdir(parent, { recursive: true });
    await extractTar(archive, parent);
    copied.push(path);
  }
  return { copied, missing };
}
