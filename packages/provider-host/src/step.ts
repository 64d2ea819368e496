import { constants } from 'node:os';
import type { OutputLine, StepResult, StepSpec } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import { execa } from 'execa';
import { HostErrorCode } from './errors.js';
import type { JobGroups } from './job-groups.js';
import { lineSplitter } from './lines.js';
import { killGroup } from './process-group.js';
import type { HostPreparedJob } from './prepare.js';
import { stepArguments } from './shell.js';

export interface StepOptions {
  killGraceMs: number;
  maxLineBytes: number;
  groups: JobGroups;
  /** How long output is still read after the step's shell exited (`outputGraceMs` of the provider). */
  outputGraceMs: number;
  /** Told when a step's leftovers still held its output at the end of the grace. */
  onOutputHeld: (key: string, step: number) => void;
}

/** An abort that came before the step started: nothing runs, and the step counts as terminated. */
const notStarted: StepResult = { exitCode: 128 + constants.signals.SIGTERM, signal: 'SIGTERM' };

/**
 * Runs one step as its own shell in its own process group (detached: a new session), streaming both
 * outputs as raw lines. Aborting kills the whole group (SIGTERM, SIGKILL after the grace) and resolves only
 * once nothing of it runs. When the shell exits, output is read for `outputGraceMs` more (what its last
 * commands wrote is still in the pipe); a background process that still holds the pipe then is no reason to
 * wait — the step ends, its later output is dropped, and cleanup ends the process.
 */
export async function runHostStep(job: HostPreparedJob, step: StepSpec, onOutput: (line: OutputLine) => void, signal: AbortSignal, options: StepOptions): Promise<StepResult> {
  if (signal.aborted) return notStarted;
  const subprocess = execa('sh', stepArguments(step, job.env['PATH']), {
    cwd: job.workdir,
    env: job.env,
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    detached: true,
    cleanup: false,
  });
  const pgid = subprocess.pid;
  let killing: Promise<void> | undefined;
  const kill = (): void => {
    if (pgid !== undefined) killing ??= killGroup(pgid, options.killGraceMs);
  };
  let consumerError: { error: unknown } | undefined;
  const deliver = (line: OutputLine): void => {
    if (consumerError) return;
    try {
      onOutput(line);
    } catch (error) {
      // The consumer cannot take output any more: stop the step rather than run it unobserved.
      consumerError = { error };
      kill();
    }
  };
  const out = lineSplitter('stdout', deliver, options.maxLineBytes);
  const err = lineSplitter('stderr', deliver, options.maxLineBytes);
  subprocess.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  subprocess.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  if (pgid !== undefined) options.groups.add(job.key, pgid);
  signal.addEventListener('abort', kill, { once: true });
  const exited = new Promise<Ended>((resolve) => subprocess.once('exit', (code, sig) => resolve({ exitCode: code ?? undefined, signal: sig ?? undefined, failed: false })));
  try {
    const first = await Promise.race([subprocess.then((r) => ({ all: r })), exited.then((e) => ({ exit: e }))]);
    let result: Ended = 'all' in first ? first.all : first.exit;
    if ('exit' in first && !(await settlesWithin(subprocess, options.outputGraceMs))) {
      options.onOutputHeld(job.key, step.index);
      subprocess.stdout.destroy();
      subprocess.stderr.destroy();
    }
    if ('exit' in first) result = first.exit;
    out.flush();
    err.flush();
    await killing;
    if (consumerError) throw consumerError.error;
    return toStepResult(result, step, job);
  } finally {
    signal.removeEventListener('abort', kill);
    if (pgid !== undefined) options.groups.settle(job.key, pgid);
  }
}

interface Ended {
  exitCode?: number | undefined;
  signal?: string | undefined;
  failed: boolean;
  code?: string | undefined;
  originalMessage?: string | undefined;
}

function toStepResult(result: Ended, step: StepSpec, job: HostPreparedJob): StepResult {
  if (result.signal !== undefined) {
    const number = constants.signals[result.signal as NodeJS.Signals];
    return { exitCode: 128 + number, signal: result.signal };
  }
  if (result.exitCode !== undefined) return { exitCode: result.exitCode };
  throw new LoomError(HostErrorCode.spawnFailed, `cannot start step ${step.index}'s shell (sh) in ${job.workdir}: ${result.originalMessage ?? result.code ?? 'unknown error'}`, {
    hint: 'The host provider needs a POSIX `sh` on the job\'s PATH and the workspace directory to exist.',
  });
}

/** Whether `work` settles within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
