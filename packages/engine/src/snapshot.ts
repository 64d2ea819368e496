/** The isolated workspace step: `@loom/snapshot` by default, imported on first use (start-up stays lean). */
import type { SnapshotWarning } from '@loom/snapshot';
import type { MakeSnapshot, SnapshotInfo, SnapshotRequest, SnapshotWarningInfo } from './types.js';

/** `@loom/snapshot` warnings are `{ code, message, paths }`; the paths stay in the snapshot manifest. */
function warningInfo(warning: SnapshotWarning): SnapshotWarningInfo {
  return { message: warning.message, code: warning.code };
}

export const createWorkspace: MakeSnapshot = async (request: SnapshotRequest): Promise<SnapshotInfo> => {
  const { createSnapshot } = await import('@loom/snapshot');
  const result = await createSnapshot({
    repoRoot: request.repoRoot,
    runId: request.runId,
    ...(request.tmpdir === undefined ? {} : { tmpdir: request.tmpdir }),
    onWarning: (warning) => request.onWarning(warningInfo(warning)),
  });
  const { path, headSha, ...manifest } = result;
  return { path, headSha, manifest };
};
