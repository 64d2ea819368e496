import { constants } from 'node:os';
import type { OutputLine, StepResult, StepSpec } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import type { Connection } from './client.js';
import { demuxLines } from './lines.js';
import { DockerErrorCode, statusOf } from './errors.js';
import { killSteps, killedBy, stepResult, stoppedError } from './kill.js';

export interface StepOptions {
  /** How long a step may take to end after SIGTERM before it gets SIGKILL. */
  killGraceMs: number;
}

/** The command of a step: a login shell (the image's profile applies), or `sh -x -c` for debug tracing. */
function stepCommand(step: StepSpec): string[] {
  return step.debugTrace ? ['sh', '-x', '-c', step.command] : ['sh', '-lc', step.command];
}

/**
 * The `exec` step transport (`session.ts` is the default, ~50 ms faster per step): one exec per step,
 * stdout and stderr demultiplexed into raw-byte lines, the exact exit code from the exec's inspect. On
 * abort `killSteps` ends the step's tree; the step resolves with the code it died with.
 */
export async function runStep(conn: Connection, job: { containerId: string; image: string; lastWords?: () => string }, step: StepSpec, onOutput: (line: OutputLine) => void, signal: AbortSignal, options: StepOptions): Promise<StepResult> {
  if (signal.aborted) return killedBy('SIGTERM');
  const { containerId } = job;
  const container = conn.docker.getContainer(containerId);
  const exec = await container
    .exec({ Cmd: stepCommand(step), AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false })
    .catch(async (error: unknown) => {
      // 409: stopped; 404: stopped and already removed (AutoRemove).
      const stopped = statusOf(error) === 409 || statusOf(error) === 404;
      throw stopped ? await stoppedError(conn, job, step, job.lastWords?.()) : conn.fail(`cannot start step ${step.index}`, error);
    });
  const stream = await exec.start({ hijack: true, stdin: false }).catch((error: unknown) => {
    throw conn.fail(`cannot start step ${step.index}`, error);
  });
  const lines = demuxLines(stream, onOutput);
  const ended = new Promise<void>((done) => {
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  }).then(() => lines.end());
  let aborted = false;
  const onAbort = (): void => {
    aborted = true;
    void killSteps(conn, containerId, ended, options.killGraceMs, () => (stream as { destroy?: () => void }).destroy?.());
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await ended;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return stepResult(await exitCodeOf(conn, exec, aborted));
}

/** Reads the exec's exit code; the daemon may mark it exited a moment after the stream closes. */
async function exitCodeOf(conn: Connection, exec: { inspect(): Promise<{ Running: boolean; ExitCode: number | null }> }, aborted: boolean): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const info = await exec.inspect();
      if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    } catch (error) {
      // The container was removed under the step (cleanup raced an abort): it died with SIGKILL.
      if (aborted || statusOf(error) === 404) return 128 + constants.signals.SIGKILL;
      throw conn.fail('cannot read the step\'s exit code', error);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  if (aborted) return 128 + constants.signals.SIGKILL;
  throw new LoomError(DockerErrorCode.failed, 'the step\'s output ended but Docker still reports it running', {
    hint: 'The Docker daemon may be overloaded; `docker info` and the daemon log may say more.',
  });
}

