export { createSnapshot } from './create-snapshot.js';
export type {
  SkippedEntry,
  SkipReason,
  SnapshotCounts,
  SnapshotManifest,
  SnapshotOptions,
  SnapshotWarning,
  SnapshotWarningCode,
} from './types.js';
