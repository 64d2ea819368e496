import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { OutputLine, StepResult, StepSpec } from '@loom/contracts';
import type { Connection } from './client.js';
import { killSteps, killedBy, stepResult, stoppedError } from './kill.js';
import { demuxLines } from './lines.js';
import { shellQuote } from './job-container.js';
import { sendFrames } from './upload.js';



/** What the step server said once it started: it can take uploads (root, `tar`, `dd iflag=fullblock`), it
 * cannot, or it ended before saying anything (its shell failed to start). */
type ServerReady = 'uploads' | 'no-uploads' | 'ended';

export interface StepSession {
  /** Settles once the started container's step server answers (or ends). */
  ready: Promise<ServerReady>;
  run(step: StepSpec, onOutput: (line: OutputLine) => void, signal: AbortSignal, killGraceMs: number): Promise<StepResult>;
  /** Extracts an uncompressed tar stream at `dir` through the server's stdin (only when `ready` said
   * `uploads`); resolves with tar's exit code and what it printed. Queued behind running steps. */
  upload(tar: NodeJS.ReadableStream, dir: string): Promise<{ code: number; said: string[] }>;
  /** What the container printed outside any step (e.g. "exec /bin/sh: exec format error"). */
  lastWords(): string;
  /** keepFailed: the server sleeps from now on, so closing the connection does not end the container. */
  keep(): void;
  /** Exports the job's variables in the server's shell, so every later step has them (mode `e`): for a
   * container booted before they were known. Names must be shell names (`exportable`). */
  exportEnv(env: Record<string, string>): void;
  /** Cleanup: the server ends every process of the container and exits (mode `q`), so the container
   * (`AutoRemove`) removes itself. False, and nothing sent, when the connection has ended or a step or an
   * upload is still under way (a `q` among an upload's frames would be read as data). */
  quit(): boolean;
  /** Settles once the connection has ended: after `quit`, the container's processes are gone (its main
   * process exited, which ends the rest of its PID namespace). */
  ended: Promise<void>;
  close(): void;
}

interface Running {
  onOutput: (line: OutputLine) => void;
  code?: number;
  open: Set<'stdout' | 'stderr'>;
  finish: () => void;
}

/** Attaches to the created (not yet started) job container and hands it the token. */
export async function openSession(conn: Connection, job: { containerId: string; image: string }): Promise<StepSession> {
  const stream = (await conn.docker.getContainer(job.containerId).attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
  return sessionOn(conn, job, stream);
}

/** A session on an attach connection already open (a booted container's, preboot.ts). */
export function sessionOn(conn: Connection, job: { containerId: string; image: string }, stream: Duplex): StepSession {
  const token = `loom-step-end-${randomBytes(16).toString('hex')}`;
  const tokenBytes = Buffer.from(token);
  const stray: string[] = [];
  let current: Running | undefined;
  let ended = false;
  let answer: (ready: ServerReady) => void = () => undefined;
  const ready = new Promise<ServerReady>((resolve) => (answer = resolve));
  const readyLine = `${token} ready `;

  const onLine = (line: OutputLine): void => {
    const at = line.bytes.indexOf(tokenBytes);
    if (!current && at === 0 && line.stream === 'stdout' && line.bytes.toString().startsWith(readyLine)) {
      answer(line.bytes.toString().slice(readyLine.length) === '1' ? 'uploads' : 'no-uploads');
      return;
    }
    if (!current) {
      stray.push(line.bytes.toString());
      stray.splice(0, stray.length - 5);
      return;
    }
    if (at === -1) return current.onOutput(line);
    // An unterminated last line of the step ends right where the marker starts.
    if (at > 0) current.onOutput({ ...line, bytes: line.bytes.subarray(0, at) });
    current.code = Number(line.bytes.subarray(at + tokenBytes.length + 1).toString());
    current.open.delete(line.stream);
    if (current.open.size === 0) current.finish();
  };
  const lines = demuxLines(stream, onLine);
  stream.resume(); // a preboot's connection waits paused for its reader
  let markEnded: () => void = () => undefined;
  const endedPromise = new Promise<void>((resolve) => (markEnded = resolve));
  const onEnd = (): void => {
    ended = true;
    markEnded();
    answer('ended');
    lines.end();
    current?.finish();
  };
  stream.once('end', onEnd);
  stream.once('close', onEnd);
  stream.once('error', onEnd);
  stream.write(`${token}\n`);

  /** What the server sends from now until both markers: `done` settles then (or when the connection ends). */
  const follow = (onOutput: (line: OutputLine) => void): { running: Running; done: Promise<void> } => {
    const running: Running = { onOutput, open: new Set(['stdout', 'stderr']), finish: () => undefined };
    const done = new Promise<void>((resolve) => (running.finish = resolve));
    current = running;
    return { running, done };
  };

  let queue: Promise<unknown> = Promise.resolve();
  const runOne = async (step: StepSpec, onOutput: (line: OutputLine) => void, signal: AbortSignal, killGraceMs: number): Promise<StepResult> => {
    if (signal.aborted) return killedBy('SIGTERM');
    if (ended) throw await stoppedError(conn, job, step, stray.join('\n'));
    const { running, done } = follow(onOutput);
    let aborted = false;
    const onAbort = (): void => {
      aborted = true;
      void killSteps(conn, job.containerId, done, killGraceMs, running.finish);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.write(`${step.debugTrace ? 'x' : 'l'}\n${step.command}\n${token}\n`);
    try {
      await done;
    } finally {
      signal.removeEventListener('abort', onAbort);
      current = undefined;
    }
    if (running.code !== undefined && !Number.isNaN(running.code)) return stepResult(running.code);
    // No marker: the container went away (cleanup won an abort race) or its main process died.
    if (aborted) return killedBy('SIGKILL');
    throw await stoppedError(conn, job, step, stray.join('\n'));
  };

  const uploadOne = async (tar: NodeJS.ReadableStream, dir: string): Promise<{ code: number; said: string[] }> => {
    if (ended) throw await stoppedError(conn, job, undefined, stray.join('\n'));
    const said: string[] = [];
    const { running, done } = follow((line) => void said.push(line.bytes.toString()));
    try {
      stream.write(`w\n${dir}\n`);
      await sendFrames(stream, tar);
      await done;
    } finally {
      current = undefined;
    }
    if (running.code === undefined || Number.isNaN(running.code)) throw await stoppedError(conn, job, undefined, stray.join('\n'));
    return { code: running.code, said };
  };

  // Steps and uploads of a job run one at a time; a second call waits for the first instead of interleaving.
  let waiting = 0; // steps and uploads queued or under way
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    waiting++;
    const next = queue.then(work).finally(() => waiting--);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    ready,
    run: (step, onOutput, signal, killGraceMs) => queued(() => runOne(step, onOutput, signal, killGraceMs)),
    upload: (tar, dir) => queued(() => uploadOne(tar, dir)),
    lastWords: () => stray.join('\n'),
    keep: () => void (ended || stream.write('k\n')),
    exportEnv: (env) => void (ended || stream.write(`e\n${Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`).join('\n')}\n${token}\n`)),
    quit: () => {
      if (ended || waiting > 0) return false;
      stream.write('q\n');
      return true;
    },
    ended: endedPromise,
    close: () => stream.destroy(),
  };
}

/** Whether every name can be exported by a POSIX shell (Docker's `Env` takes any name). */
export function exportable(env: Record<string, string>): boolean {
  return Object.keys(env).every((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !name.startsWith('__loom_'));
}
