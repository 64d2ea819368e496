import { constants } from 'node:os';
import type { StepResult, StepSpec } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import type { Connection } from './client.js';
import { DockerErrorCode, execFormatError, statusOf } from './errors.js';
import { logFrames } from './lines.js';
import { requestTimeoutMs } from './guard.js';

/** What an aborted step resolves with: the code it died with, and the signal's name. */
export function killedBy(sig: 'SIGTERM' | 'SIGKILL'): StepResult {
  return { exitCode: 128 + constants.signals[sig], signal: sig };
}

/**
 * The result for exit code `code` of a step. A shell reports a child killed by signal n as 128 + n, and the
 * step server only sees the shell's code, so — like the host provider, which sees the signal itself — a
 * code of 128 + a signal number names that signal (`kill -9 $$`, the OOM killer, an abort). Docker cannot
 * tell that from a step that runs `exit 137`; such a step is recorded as killed by SIGKILL too.
 */
export function stepResult(code: number): StepResult {
  const name = code > 128 ? signalName(code - 128) : undefined;
  return name ? { exitCode: code, signal: name } : { exitCode: code };
}

/**
 * Kills the step's whole process tree. Steps run one at a time and PID 1 is the step server, so the
 * tree is "every process in the container but PID 1": `kill -1` from inside reaches exactly those (and
 * daemons a step double-forked, which a process-group kill would miss), needs only `sh`'s builtin `kill`,
 * and spares the killer itself. TERM first; KILL after the grace; then stop waiting on the stream.
 */
export async function killSteps(conn: Connection, containerId: string, ended: Promise<void>, graceMs: number, giveUp: () => void): Promise<void> {
  const send = async (sig: 'TERM' | 'KILL'): Promise<void> => {
    try {
      const exec = await conn.docker.getContainer(containerId).exec({ Cmd: ['sh', '-c', `kill -${sig} -1`], AttachStdout: false, AttachStderr: false });
      // The start answers once the kill ran: bounded like any short call (guard.ts leaves streams unbounded).
      // A detached start still answers with a (empty) response stream: left unread it pins its socket, and
      // so the whole Loom process, until the daemon drops the connection ~5 minutes later (issue 17).
      const response = (await exec.start({ Detach: true, abortSignal: AbortSignal.timeout(requestTimeoutMs) } as { Detach: true })) as unknown as { resume?: () => void; destroy?: () => void };
      response.resume?.();
      response.destroy?.();
    } catch {
      // The container is already gone (cleanup won the race): nothing is left to kill.
    }
  };
  const settled = (ms: number): Promise<boolean> => Promise.race([ended.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  await send('TERM');
  if (await settled(graceMs)) return;
  await send('KILL');
  if (!(await settled(2000))) giveUp();
}

/** The step server died, so the image cannot run here: say why, from the container's own last words. The
 * usual cause is an image for another CPU, whose `/bin/sh` fails with "exec format error" just after start. */
export async function stoppedError(conn: Connection, job: { containerId: string; image: string }, step?: StepSpec, lastWords?: string): Promise<LoomError> {
  const container = conn.docker.getContainer(job.containerId);
  let lost: LoomError | undefined = conn.guard.closedBy as LoomError | undefined;
  const [state, logs] = await Promise.all([
    // The stream may have ended because the daemon went away: then say so, never blame the image.
    container.inspect().then((i) => i.State, (error: unknown) => void (statusOf(error) === undefined && (lost = conn.lose(error)))),
    // The attach transport disables the log driver and passes what the container printed instead.
    lastWords !== undefined
      ? Promise.resolve(lastWords)
      : container.logs({ stdout: true, stderr: true, tail: 5, follow: false }).then((b) => demuxedText(b as unknown as Buffer), () => ''),
  ]);
  lost ??= conn.guard.closedBy as LoomError | undefined;
  if (lost) return lost;
  if (/exec format error/i.test(logs)) return execFormatError(job.image, undefined, conn.arch, logs);
  const where = step ? ` before step ${step.index}` : '';
  return new LoomError(DockerErrorCode.failed, `the job container of ${job.image} stopped${where} (exit code ${state?.ExitCode ?? 'unknown'})${logs ? `: ${logs}` : ''}`, {
    hint: 'Loom runs `/bin/sh` as the container\'s main process: the image needs a POSIX shell at /bin/sh.',
  });
}

function demuxedText(raw: Buffer): string {
  return Buffer.concat(logFrames(raw).map((frame) => frame.bytes)).toString().trim();
}

function signalName(num: number): string | undefined {
  return Object.entries(constants.signals).find(([, n]) => n === num)?.[0];
}
