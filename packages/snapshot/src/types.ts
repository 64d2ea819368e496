/** What `createSnapshot` needs. */
export interface SnapshotOptions {
  /** Any directory inside the working tree; the snapshot is made of its top level (`git rev-parse --show-toplevel`). */
  repoRoot: string;
  /** The run id (`loom-run-local-<unix-ns>`); the snapshot directory is `<tmpdir>/<runId>-<random>`. */
  runId: string;
  /** Parent directory of the snapshot. Default `os.tmpdir()`, which honours `TMPDIR`. */
  tmpdir?: string;
  /** Called once per warning as it is found; every warning is also in the manifest. */
  onWarning?: (warning: SnapshotWarning) => void;
}

/** How many paths of each kind were applied on top of the `HEAD` checkout. */
export interface SnapshotCounts {
  /** Tracked files whose working-tree content (or type, or mode) differs from `HEAD`. */
  modified: number;
  /** Staged additions (including `git add`-then-edited files) and staged copies. */
  added: number;
  /** Staged renames: the new path copied, the old one removed. */
  renamed: number;
  /** Tracked files removed from the snapshot (deleted in the working tree, or `git rm`). */
  deleted: number;
  /** Untracked, not ignored files. */
  untracked: number;
  /** Files with unresolved merge conflicts (copied with their conflict markers). */
  conflicted: number;
  /** Of the paths above, how many were written as symlinks (their targets are never followed). */
  symlinks: number;
}

export type SkipReason =
  /** A FIFO, socket or device: nothing a snapshot can hold. */
  | 'special-file'
  /** A submodule (its contents are not part of the snapshot). */
  | 'submodule'
  /** An untracked directory that is a git repository of its own. */
  | 'nested-repository'
  /** The source repository's `.loom/.runtime/` (run output, never copied). */
  | 'loom-runtime'
  /** A name that is not valid UTF-8 (git status cannot report it faithfully through simple-git). */
  | 'unsupported-name'
  /** Listed by `git status` but gone by the time it was copied (a build or watcher removed it). */
  | 'vanished';

export interface SkippedEntry {
  /** Relative to the repository root, `/`-separated; directories end with `/`. */
  path: string;
  reason: SkipReason;
}

export type SnapshotWarningCode =
  | 'SNAPSHOT_SPECIAL_FILES_SKIPPED'
  | 'SNAPSHOT_SUBMODULES_NOT_INCLUDED'
  | 'SNAPSHOT_NESTED_REPOSITORIES_SKIPPED'
  | 'SNAPSHOT_LFS_POINTERS'
  | 'SNAPSHOT_TRACKED_RUNTIME_REMOVED'
  | 'SNAPSHOT_CONFLICTS_COPIED'
  | 'SNAPSHOT_UNSUPPORTED_NAMES';

export interface SnapshotWarning {
  code: SnapshotWarningCode;
  /** One line for a person; names the paths (the first few, then a count). */
  message: string;
  /** Every path concerned, relative to the repository root. */
  paths: string[];
}

/** The result of `createSnapshot`: plain JSON, recorded with the run (`snapshot_ready`). */
export interface SnapshotManifest {
  /** Absolute path of the snapshot: `<tmpdir>/<runId>-<random>`. It is kept after the run. */
  path: string;
  /** The commit checked out (detached) in the snapshot: the source repository's `HEAD`. */
  headSha: string;
  /** The source repository's top level, absolute. */
  repoRoot: string;
  counts: SnapshotCounts;
  skipped: SkippedEntry[];
  warnings: SnapshotWarning[];
  /** Bytes of regular files copied from the working tree (not counting the `HEAD` checkout). */
  bytesCopied: number;
  durationMs: number;
}
