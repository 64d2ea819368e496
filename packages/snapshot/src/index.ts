export { createSnapshot } from './create-snapshot.js';
export { listWorkspaces, removeWorkspace, runInUse, runLockPath, unlockRun } from './workspaces.js';
export type { ListedWorkspace, RunLock } from './workspaces.js';
export type {
  SkippedEntry,
  SkipReason,
  SnapshotCounts,
  SnapshotManifest,
  SnapshotOptions,
  SnapshotWarning,
  SnapshotWarningCode,
} from './types.js';
