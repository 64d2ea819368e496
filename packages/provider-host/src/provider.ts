import type { Provider, ProviderReport } from '@loom/contracts';
import { copyPaths } from './copy.js';
import { createJobGroups, jobKey } from './job-groups.js';
import { killMarked, killMarkedNow, markedGroups, newMark } from './leftovers.js';
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
  /** How long a step's output is still read after its shell exited; default 1000 ms. */
  outputGraceMs?: number;
}

export const defaultKillGraceMs = 2000;
const defaultOutputGraceMs = 1000;

/** What the provider knows of a job between prepare and cleanup. */
interface JobInfo {
  mark: string;
  /** Steps whose leftovers still held the output when the grace ended. */
  heldOutput: number[];
}

/** The Provider for jobs without an image: each step is a `sh` on this machine, in the job's workspace. */
export function createHostProvider(options: HostProviderOptions = {}): Provider<HostPreparedJob> {
  const killGraceMs = options.killGraceMs ?? defaultKillGraceMs;
  const maxLineBytes = options.maxLineBytes ?? defaultMaxLineBytes;
  const outputGraceMs = options.outputGraceMs ?? defaultOutputGraceMs;
  const groups = createJobGroups();
  const jobs = new Map<string, JobInfo>();
  const onOutputHeld = (key: string, step: number): void => void jobs.get(key)?.heldOutput.push(step);
  return {
    kind: 'host',
    prepare: async (request, report) => {
      const info: JobInfo = { mark: newMark(), heldOutput: [] };
      jobs.set(jobKey(request), info);
      return prepareHostJob(request, report, options.baseEnv ?? process.env, info.mark);
    },
    runStep: (prepared, step, onOutput, signal) => runHostStep(prepared, step, onOutput, signal, { killGraceMs, maxLineBytes, groups, outputGraceMs, onOutputHeld }),
    // On the host the job's workspace is the snapshot directory itself, so both directions are plain copies.
    copyIn: (prepared, paths, hostDir) => copyPaths(paths, hostDir, prepared.workdir),
    copyOut: (prepared, paths, hostDir) => copyPaths(paths, prepared.workdir, hostDir),
    async cleanup(target, report) {
      // The workspace belongs to the snapshot, not to the provider: all a host job leaves is processes.
      const key = jobKey(target.request);
      const info = jobs.get(key);
      jobs.delete(key);
      const killed = await groups.killAll(key, killGraceMs, info ? markedGroups(info.mark) : undefined);
      if (killed > 0) report({ type: 'note', section: 'cleanup', message: `killed ${killed} leftover process group(s) of the job`, data: { processGroups: killed } });
      if (info) reportLeftovers(info, await killMarked(info.mark, killGraceMs), outputGraceMs, report);
    },
    async abandon() {
      await groups.killEverything();
      for (const info of jobs.values()) killMarkedNow(info.mark);
    },
  };
}

/** Says what the job left running that was not in a step's process group any more, and whose output was cut. */
function reportLeftovers(info: JobInfo, escaped: { pid: number; name: string }[], outputGraceMs: number, report: ProviderReport): void {
  if (info.heldOutput.length > 0) {
    const steps = info.heldOutput.join(', ');
    report({ type: 'warning', section: 'cleanup', code: 'HOST_OUTPUT_HELD', message: `step(s) ${steps} left background processes holding the step's output; Loom stopped reading it ${outputGraceMs / 1000} s after the shell exited (redirect a daemon's output: srv > srv.log 2>&1 &)` });
  }
  if (escaped.length === 0) return;
  const list = escaped.map((p) => `${p.pid} (${p.name})`).join(', ');
  report({ type: 'warning', section: 'cleanup', code: 'HOST_LEFTOVER_PROCESSES', message: `killed ${escaped.length} process(es) the job left running: ${list}` });
}
