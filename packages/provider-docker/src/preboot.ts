/**
 * Booting job containers while the CLI still loads (issue 15). A Docker job's container takes the daemon
 * ~0.2 s to create and start, and the CLI's start-up is ~0.2 s of CPU work on one thread: done one after the
 * other, a one-job run costs their sum. As soon as the plan is known, the CLI asks for the containers of
 * the jobs that will start first — over plain HTTP on the daemon's Unix socket (dockerode is not loaded yet),
 * with the same create settings as the provider's (`jobContainerBody`) but no job variables: those go in
 * later through the step server (mode `e`), with the workspace (mode `w`). The provider takes a booted
 * container in `prepare` when the job's request fits (session.ts, container.ts); what nobody takes is removed
 * by `discard`. Each booted container holds its attach connection from the start, so if Loom dies it ends
 * like any job container (its step server exits, `AutoRemove`); its owner labels let the next run's sweep
 * find it otherwise. Anything that goes wrong here only means the job boots its container the usual way.
 */
import type { Duplex } from 'node:stream';
import { containerWorkdir, jobContainerBody } from './job-container.js';
import { labelledVolume, objectName, ownerLabels } from './labels.js';
import { pipeline } from './raw-http.js';

export interface PrebootJob {
  jobId: string;
  image: string;
}

/** A started job container, its step server waiting for Loom's first message on `stream`. */
export interface Prebooted {
  id: string;
  name: string;
  image: string;
  stream: Duplex;
}

export interface Preboots {
  /** Boots one container of `image` for whichever job of that image asks first: a guess made before the
   * plan is known (the workflow's first `image:`), so the daemon can start sooner still. */
  guess(image: string): void;
  /** The jobs in the order they are likely to start: boots their containers `ahead` at a time (booting or
   * booted, not yet taken); each take lets the next one boot. A guess goes to the first job of its image. */
  plan(jobs: PrebootJob[], ahead: number): void;
  /** The container booted for this job, once, if it runs `image` (undefined: none, its boot failed, or
   * `signal` ended the wait); `image` undefined means the job cannot use one (it is removed). */
  take(jobId: string, image: string | undefined, signal?: AbortSignal): Promise<Prebooted | undefined>;
  /** Resolves once every boot begun so far has handed its start to the daemon (or ended): a caller about to
   * keep its thread busy (loading modules) waits for it, so no start waits for the thread. */
  startsSent(): Promise<void>;
  /** Removes every container booted and not taken (each one's connection closed first, which ends its
   * step server), and waits for those given up earlier; boots under way get a few seconds to finish
   * first, then are cut off. */
  discard(): Promise<void>;
  /** A forced exit: removes every container booted or booting and not taken, by name, within `deadlineMs`. */
  abandon(deadlineMs: number): Promise<void>;
}

const timeoutMs = 10_000;
/** How long `discard` lets boots under way finish (to remove what they made) before cutting them off. */
const settleMs = 1_000;
/** How long `discard` waits for each removal (the closed connection has already ended the container). */
const removalMs = 1_000;

/** Only a local Unix socket: other daemons go through dockerode's connection handling, unbooted. */
function socketPathOf(dockerHost: string | undefined): string | undefined {
  const host = dockerHost || process.env['DOCKER_HOST'];
  if (!host) return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
}

const remove = (socketPath: string, id: string, waitMs = timeoutMs, unref = false): Promise<unknown> =>
  pipeline(socketPath, [{ method: 'DELETE', path: `/containers/${id}?force=1&v=1` }], waitMs, undefined, { unref }).catch(() => undefined);

/**
 * Create and attach in one round trip (pipelined, by the container's name: its id is not known yet), then
 * start: attached before it starts, as `prepare` does, so a started container always has Loom's connection
 * and ends with it (a Loom killed or cut off from the daemon in between leaves at most a created one).
 */
async function boot(socketPath: string, job: PrebootJob & { runId: string; name: string }, extraLabels: Record<string, string>, signal: AbortSignal, onStartSent: () => void): Promise<Prebooted> {
  const labels = ownerLabels(job.runId, job.jobId, 'job', extraLabels);
  const { name } = job;
  const body = jobContainerBody({ image: job.image, env: {}, labels, mounts: [labelledVolume(containerWorkdir, labels, 'workspace', true)] });
  // Cut off (a daemon that stopped answering): the create may still happen; remove by name, best effort
  // (the owner labels let the next run's sweep find what this misses).
  const cutOff = (error: unknown): never => {
    void remove(socketPath, name, removalMs, true);
    throw error;
  };
  const { replies, stream } = await pipeline(
    socketPath,
    [
      { method: 'POST', path: `/containers/create?name=${encodeURIComponent(name)}`, body },
      { method: 'POST', path: `/containers/${name}/attach?stream=1&stdin=1&stdout=1&stderr=1`, upgrade: true },
    ],
    timeoutMs,
    signal,
  ).catch(cutOff);
  const [created] = replies;
  if (created?.status !== 201) throw new Error(`create answered ${created?.status}: ${created?.body.slice(0, 200)}`);
  const id = (JSON.parse(created.body) as { Id: string }).Id;
  try {
    if (!stream) throw new Error(`attach answered ${replies[1]?.status ?? 'nothing'}`);
    const [started] = (await pipeline(socketPath, [{ method: 'POST', path: `/containers/${id}/start` }], timeoutMs, signal, { onWritten: onStartSent })).replies;
    if (started?.status !== 204 && started?.status !== 304) throw new Error(`start answered ${started?.status}`);
    return { id, name, image: job.image, stream };
  } catch (error) {
    stream?.destroy();
    await remove(socketPath, id, removalMs);
    throw error;
  }
}

interface Entry {
  /** Undefined for a guess not yet given to a job. */
  jobId: string | undefined;
  image: string;
  /** The container's name, known before the daemon has it. */
  name: string;
  pending: Promise<Prebooted | undefined>;
  /** Settles once the start request is written (or the boot ended). */
  sent: Promise<unknown>;
}

/** The booted-ahead containers of one run (`runId`); nothing boots until `guess` or `plan`. */
export function createPreboots(options: { runId: string; dockerHost?: string; labels?: Record<string, string> }): Preboots {
  const socketPath = socketPathOf(options.dockerHost);
  const stop = new AbortController();
  let closed = false;
  const entries: Entry[] = [];
  /** Given up by `discard` and still being removed: a forced exit removes them by name too. */
  const discarding: Entry[] = [];
  /** The removals of entries given up before `discard` (it waits for them). */
  const givingUp = new Set<Promise<void>>();
  const queue: PrebootJob[] = [];
  let ahead = 0;
  const start = (jobId: string | undefined, image: string): void => {
    const job = { runId: options.runId, jobId: jobId ?? 'preboot', image, name: objectName(options.runId, jobId ?? 'preboot') };
    let onStartSent = (): void => undefined;
    const sent = new Promise<void>((resolve) => (onStartSent = resolve));
    const pending = boot(socketPath as string, job, options.labels ?? {}, stop.signal, onStartSent).catch(() => undefined);
    entries.push({ jobId, image, name: job.name, pending, sent: Promise.race([sent, pending]) });
  };
  const refill = (): void => {
    while (!closed && entries.length < ahead && queue.length > 0) {
      const job = queue.shift() as PrebootJob;
      start(job.jobId, job.image);
    }
  };
  const drop = async (pending: Promise<Prebooted | undefined>, waitMs?: number): Promise<void> => {
    const booted = await pending;
    if (!booted || !socketPath) return;
    booted.stream.destroy();
    await remove(socketPath, booted.id, waitMs);
  };
  const removeEntry = (entry: Entry): void => void entries.splice(entries.indexOf(entry), 1);
  /** No job will take it: removed in the background once its boot settles; a forced exit meanwhile removes
   * it by name. */
  const giveUp = (entry: Entry): void => {
    discarding.push(entry);
    const dropping = drop(entry.pending).finally(() => {
      const at = discarding.indexOf(entry);
      if (at !== -1) discarding.splice(at, 1);
      givingUp.delete(dropping);
    });
    givingUp.add(dropping);
  };
  return {
    guess(image) {
      if (socketPath && !closed) start(undefined, image);
    },
    plan(jobs, max) {
      if (!socketPath) return;
      const waiting = [...jobs];
      for (const entry of entries.filter((e) => e.jobId === undefined)) {
        const at = waiting.findIndex((job) => job.image === entry.image);
        if (at === -1) {
          removeEntry(entry);
          giveUp(entry);
        } else {
          entry.jobId = (waiting.splice(at, 1)[0] as PrebootJob).jobId;
        }
      }
      queue.push(...waiting);
      ahead = max;
      refill();
    },
    async take(jobId, image, signal) {
      const entry = entries.find((e) => e.jobId === jobId);
      if (!entry) {
        // Not booted yet: the job boots its own, and no other job will want this one.
        const queued = queue.findIndex((job) => job.jobId === jobId);
        if (queued !== -1) queue.splice(queued, 1);
        return undefined;
      }
      removeEntry(entry);
      refill();
      const booted = await untilAborted(entry.pending, signal);
      if (booted && booted.image === image && !signal?.aborted) return booted;
      // Not taken (a job that waited no longer owns it).
      giveUp(entry);
      return undefined;
    },
    async startsSent() {
      await Promise.all(entries.map((entry) => entry.sent));
    },
    async discard() {
      closed = true;
      queue.length = 0;
      const left = entries.splice(0);
      discarding.push(...left);
      // Boots under way finish first, so what they made is removed properly; a silent daemon cuts them off.
      // Those given up earlier (a wrong guess, a job that stopped waiting) are waited for too: once discard
      // returns, nothing booted ahead is left.
      const cutOff = setTimeout(() => stop.abort(), settleMs);
      await Promise.all([...left.map((entry) => drop(entry.pending, removalMs)), ...givingUp]);
      clearTimeout(cutOff);
    },
    async abandon(deadlineMs) {
      closed = true;
      queue.length = 0;
      const left = [...entries.splice(0), ...discarding];
      if (socketPath) await Promise.all(left.map((entry) => remove(socketPath, entry.name, deadlineMs)));
    },
  };
}

/** `pending`, or undefined as soon as `signal` aborts. */
function untilAborted<T>(pending: Promise<T | undefined>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return pending;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void pending.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
