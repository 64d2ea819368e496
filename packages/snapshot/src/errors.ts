/** Every `LoomError` this package throws, and how low-level failures (git, fs) map onto them. */
import { LoomError } from '@loom/errors';

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);
const NO_ACCESS_CODES = new Set(['EACCES', 'EPERM']);

export const errnoOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

export const isDiskFullError = (error: unknown): boolean => DISK_FULL_CODES.has(errnoOf(error) ?? '');

/** Git writes strerror() text; the snapshot's git runs with LC_ALL=C so this is the English one. */
const isDiskFullText = (text: string): boolean => /No space left on device|Disk quota exceeded/i.test(text);

export function notARepository(repoRoot: string, detail: string): LoomError {
  return new LoomError('SNAPSHOT_NOT_A_REPO', `${repoRoot} is not inside a git working tree (${detail})`, {
    hint: 'run loom from a git checkout, or create one first: git init && git add -A && git commit -m initial',
    location: { file: repoRoot },
  });
}

export function unsafeRepository(repoRoot: string, detail: string): LoomError {
  return new LoomError('SNAPSHOT_UNSAFE_REPO', `git refuses to use ${repoRoot}: it is owned by another user`, {
    hint: `if you trust it: git config --global --add safe.directory ${repoRoot} (git said: ${detail})`,
    location: { file: repoRoot },
  });
}

export function noCommits(repoRoot: string): LoomError {
  return new LoomError('SNAPSHOT_NO_COMMITS', `the repository ${repoRoot} has no commits yet, so there is no HEAD to snapshot`, {
    hint: 'make a first commit (git add -A && git commit -m initial), then run again',
    location: { file: repoRoot },
  });
}

export function badRunId(runId: string): LoomError {
  return new LoomError('SNAPSHOT_BAD_RUN_ID', `run id ${JSON.stringify(runId)} cannot name a directory`, {
    hint: 'pass the run id as generated (loom-run-local-<unix-ns>): one path segment, no "/"',
  });
}

export function diskFull(tmpdir: string, cause: unknown): LoomError {
  return new LoomError('SNAPSHOT_DISK_FULL', `no space left in ${tmpdir} for the isolated workspace (the partial copy was removed)`, {
    hint: 'free some space there, or point TMPDIR at a filesystem with room (a snapshot needs about the size of a checkout)',
    location: { file: tmpdir },
    cause,
  });
}

export function unreadableFile(file: string, cause: unknown): LoomError {
  return new LoomError('SNAPSHOT_UNREADABLE_FILE', `cannot read ${file} to copy it into the isolated workspace (${errnoOf(cause) ?? 'error'})`, {
    hint: 'make it readable (chmod u+r), or add it to .gitignore if the jobs do not need it',
    location: { file },
    cause,
  });
}

export function tmpdirUnusable(tmpdir: string, cause: unknown): LoomError {
  return new LoomError('SNAPSHOT_TMPDIR_UNUSABLE', `cannot create the isolated workspace in ${tmpdir} (${errnoOf(cause) ?? 'error'})`, {
    hint: 'make sure the directory exists and is writable, or point TMPDIR at one that is',
    location: { file: tmpdir },
    cause,
  });
}

export function writeFailed(file: string, cause: unknown): LoomError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LoomError('SNAPSHOT_WRITE_FAILED', `could not write ${file} in the isolated workspace: ${detail}`, {
    hint: 'check the filesystem holding TMPDIR (permissions, read-only mount)',
    location: { file },
    cause,
  });
}

export function gitFailed(what: string, stderr: string, cause: unknown): LoomError {
  return new LoomError('SNAPSHOT_GIT_FAILED', `git could not ${what}: ${stderr.trim() || 'no message'}`, {
    hint: 'run the same git command in the repository to see the problem; Loom needs git 2.31 or newer',
    cause,
  });
}

/**
 * A failure of git while making the snapshot. A full disk shows up only as git's message (clone and checkout
 * write through their own processes), so it is recognised from the text.
 */
export function fromGitFailure(what: string, error: unknown, tmpdir: string): LoomError {
  const text = error instanceof Error ? error.message : String(error);
  if (isDiskFullText(text)) return diskFull(tmpdir, error);
  return gitFailed(what, text, error);
}

/** A failure while writing `file` into the snapshot. */
export function fromWriteFailure(error: unknown, file: string, tmpdir: string): LoomError {
  return isDiskFullError(error) ? diskFull(tmpdir, error) : writeFailed(file, error);
}

/** A failure while copying `source` (in the working tree) to `target` (in the snapshot). */
export function fromCopyFailure(
  error: unknown,
  copy: { source: string; target: string; tmpdir: string; sourceReadable: boolean },
): LoomError {
  const code = errnoOf(error) ?? '';
  if (isDiskFullError(error)) return diskFull(copy.tmpdir, error);
  if (!copy.sourceReadable && (NO_ACCESS_CODES.has(code) || code === 'EIO')) return unreadableFile(copy.source, error);
  return writeFailed(copy.target, error);
}
