import type { Provider } from '@loom/contracts';
import { copyPaths } from './copy.js';
import { createJobGroups, jobKey } from './job-groups.js';
import { defaultMaxLineBytes } from './lines.js';
import { prepareHostJob, type HostPreparedJob } from './prepare.js';
import { runHostStep } from './step.js';

export interface HostProviderOptions {
  /** How long an aborted step (or a leftover at cleanup) may take to end after SIGTERM before SIGKILL.
   * Default 2000 ms. */
  killGraceMs?: number;
  /** The environment jobs inherit; default `process.env` as it is when the job is prepared. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Longer lines are handed on in pieces of this many bytes; default 1 MiB. */
  maxLineBytes?: number;
}

export const defaultKillGraceMs = 2000;

/** The Provider for jobs without an image: each step is a `sh` on this machine, in the job's workspace. */
export function createHostProvider(options: HostProviderOptions = {}): Provider<HostPreparedJob> {
  const killGraceMs = options.killGraceMs ?? defaultKillGraceMs;
  const maxLineBytes = options.maxLineBytes ?? defaultMaxLineBytes;
  const groups = createJobGroups();
  return {
    kind: 'host',
    prepare: async (request, report) => prepareHostJob(request, report, options.baseEnv ?? process.env),
    runStep: (prepared, step, onOutput, signal) => runHostStep(prepared, step, onOutput, signal, { killGraceMs, maxLineBytes, groups }),
    // On the host the job's workspace is the snapshot directory itself, so both directions are plain copies.
    copyIn: (prepared, paths, hostDir) => copyPaths(paths, hostDir, prepared.workdir),
    copyOut: (prepared, paths, hostDir) => copyPaths(paths, prepared.workdir, hostDir),
    async cleanup(target, report) {
      // The workspace belongs to the snapshot, not to the provider: all a host job leaves is processes.
      const killed = await groups.killAll(jobKey(target.request), killGraceMs);
      if (killed > 0) report({ type: 'note', section: 'cleanup', message: `killed ${killed} leftover process group(s) of the job`, data: { processGroups: killed } });
    },
  };
}
