/**
 * The isolated workspace, started early: the git work of `@loom/snapshot` runs in child processes, so it is
 * started before the heavy modules of a run load (schema, planner, engine, providers) and overlaps them. The
 * engine then gets a `make` that hands over the snapshot already under way.
 */
import { rm } from 'node:fs/promises';
import type { MakeSnapshot, SnapshotWarningInfo } from '@loom/engine';

export interface EarlyWorkspace {
  /** For `runPipeline`'s `snapshot.make`: replays warnings found so far, then waits for the snapshot. */
  make: MakeSnapshot;
  /** The run will not use it after all (invalid workflow): remove what was made. */
  discard(): Promise<void>;
}

/** Resolves once the snapshot's first git command has been started. */
export async function startWorkspace(repoRoot: string, runId: string): Promise<EarlyWorkspace> {
  const buffered: SnapshotWarningInfo[] = [];
  let forward: ((warning: SnapshotWarningInfo) => void) | undefined;
  const { createSnapshot } = await import('@loom/snapshot');
  const pending = createSnapshot({
    repoRoot,
    runId,
    onWarning: ({ code, message }) => (forward ? forward({ code, message }) : buffered.push({ code, message })),
  });
  pending.catch(() => undefined); // observed by make() or discard()
  return {
    async make(request) {
      forward = request.onWarning;
      for (const warning of buffered.splice(0)) forward(warning);
      const { path, headSha, ...manifest } = await pending;
      return { path, headSha, manifest };
    },
    async discard() {
      const made = await pending.catch(() => undefined);
      if (made) await rm(made.path, { recursive: true, force: true });
    },
  };
}
