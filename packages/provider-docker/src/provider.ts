import type { CleanupTarget, ExecutionRequest, Provider, ProviderReport } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import { DockerErrorCode } from './errors.js';
import { lazyConnection, type Connection } from './client.js';
import { cleanupJob, removalsFinishing } from './cleanup.js';
import { digestPaths } from './digest.js';
import type { DockerWorkspaceMode, StepTransport } from './container.js';
import { runStep } from './exec.js';
import type { ImageCache } from './images.js';
import type { Preboots } from './preboot.js';
import { prepareJob, type DockerPreparedJob } from './prepare.js';
import { sweepWith } from './sweep.js';
import { jobKey, newRecord, openRecord, type JobRecord, type Tracker } from './tracker.js';
import { watchDaemon, type DaemonWatch } from './watch.js';
import { copyIn, copyInArchive, copyOut, copyOutArchive } from './workspace.js';
import { abandonAll } from './abandon.js';

export interface DockerProviderOptions {
  /** Used when a request's `workspace.mode` is not a Docker mode (`host`). Default `ephemeral_volume`. */
  workspaceMode?: DockerWorkspaceMode;
  /** Keep a failed job's containers, network and volume, and say how to enter the container. */
  keepFailed?: boolean;
  /** `unix:///path`, `tcp://host:port` or `https://host:port`; default DOCKER_HOST, else the local socket. */
  dockerHost?: string;
  /** How long an aborted step gets between SIGTERM and SIGKILL. Default 5000 ms. */
  killGraceMs?: number;
  /** Extra labels on every object (tests use one to find what they left behind). */
  labels?: Record<string, string>;
  /** How steps reach the container: `attach` (default; a step server as PID 1, ~3 ms per step) or `exec`
   * (one exec per step, ~55 ms). */
  stepTransport?: StepTransport;
  /** Sweep this machine's leftovers of dead Loom processes once, in the background, on the first job.
   * Default true. */
  sweep?: boolean;
  /** Job containers booted ahead (`createPreboots`): `prepare` takes a fitting one instead of
   * creating and starting its own. Whoever booted them discards what is left. */
  preboots?: Preboots;
  /** `cleanup` returns once a job container's processes are gone, and the daemon's removal of it (~45 ms;
   * it removes itself, `AutoRemove`) finishes meanwhile; `settled()` waits for it. For a caller with more
   * to do after its last job (the CLI writes the run's records). Default false: cleanup returns once all
   * is removed. */
  backgroundRemoval?: boolean;
}

export type DockerProvider = Provider<DockerPreparedJob>;

/**
 * The Docker provider: one long-lived container per job (steps are execs in it), services on a per-job
 * network, the workspace in a seeded volume or a bind mount. Nothing touches the daemon until a job runs.
 */
export function createDockerProvider(options: DockerProviderOptions = {}): DockerProvider {
  const connection = lazyConnection(options.dockerHost);
  const images: ImageCache = new Map();
  const tracker: Tracker = new Map();
  const extraLabels = options.labels ?? {};
  const killGraceMs = options.killGraceMs ?? 5000;
  const finishing = removalsFinishing();
  let swept = false;
  let established: { conn: Connection; watch: DaemonWatch } | undefined;

  const connect = async (): Promise<Connection> => {
    const conn = await connection();
    established ??= { conn, watch: watchDaemon(conn) };
    if (!swept && options.sweep !== false) {
      swept = true;
      void sweepWith(conn).catch(() => undefined); // best effort; never delays or fails a job
    }
    return conn;
  };
  const modeOf = (request: ExecutionRequest): DockerWorkspaceMode =>
    request.workspace.mode === 'bind_mount' || request.workspace.mode === 'ephemeral_volume' ? request.workspace.mode : options.workspaceMode ?? 'ephemeral_volume';

  return {
    kind: 'docker',
    prepare(request: ExecutionRequest, report: ProviderReport, cancel?: AbortSignal): Promise<DockerPreparedJob> {
      const record = openRecord(tracker, request.runId, request.jobId);
      // A cancelled run stops a pull or build at once (Docker's legacy builder also stops when its request goes).
      cancel?.addEventListener('abort', () => record.abort.abort(), { once: true });
      if (cancel?.aborted) record.abort.abort();
      // Connecting to a silent daemon takes up to its timeout: a cancelled run does not wait for it.
      const run = untilAborted(connect(), record.abort.signal, request.jobId).then((conn) => {
        // The daemon is watched while a job uses it; every request of this prepare ends when cleanup aborts.
        established?.watch.hold();
        record.watched = true;
        return conn.guard.withSignal(record.abort.signal, () =>
          prepareJob({ conn, images, mode: modeOf(request), transport: options.stepTransport ?? 'attach', extraLabels, record, preboots: options.preboots }, request, report),
        );
      });
      record.prepare = run;
      return run;
    },
    async runStep(prepared, step, onOutput, signal) {
      const record = tracker.get(jobKey(prepared.runId, prepared.jobId));
      try {
        const result = record?.session && options.stepTransport !== 'exec'
          ? await record.session.run(step, onOutput, signal, killGraceMs)
          : await runStep(await connect(), { ...prepared, ...(record?.session ? { lastWords: record.session.lastWords } : {}) }, step, onOutput, signal, { killGraceMs });
        // An aborted step (Ctrl-C, timeout) does not count for keepFailed: an interrupted run cleans up.
        if (result.exitCode !== 0 && !signal.aborted && record) record.failed = true;
        return result;
      } catch (error) {
        if (record) record.failed = true;
        throw error;
      }
    },
    async copyIn(prepared, paths, hostDir) {
      return copyIn(await connect(), prepared.containerId, paths, hostDir);
    },
    async copyOut(prepared, paths, hostDir) {
      return copyOut(await connect(), prepared.containerId, paths, hostDir);
    },
    async copyInArchive(prepared, tar) {
      return copyInArchive(await connect(), prepared.containerId, tar, tracker.get(jobKey(prepared.runId, prepared.jobId))?.session);
    },
    async copyOutArchive(prepared, path) {
      return copyOutArchive(await connect(), prepared.containerId, path);
    },
    async digestPaths(prepared, paths) {
      const record = tracker.get(jobKey(prepared.runId, prepared.jobId));
      // Only through the step server: an exec per probe would cost what it saves.
      return record?.session && options.stepTransport !== 'exec' ? digestPaths(record.session, paths, record.abort.signal) : undefined;
    },
    async cleanup(target: CleanupTarget, report: ProviderReport): Promise<void> {
      const key = jobKey(target.request.runId, target.request.jobId);
      const record = tracker.get(key) ?? recordFromPrepared(target);
      try {
        if (record) {
          record.abort.abort();
          await record.prepare?.catch(() => undefined);
        }
        if (!established && !record?.containers.length && !target.prepared) {
          // Never connected (unreachable or silent daemon): nothing can exist, and asking again would wait again.
          report({ type: 'note', section: 'cleanup', message: 'Docker was not reachable and this job created no Docker objects; nothing to remove' });
          return;
        }
        await cleanupJob(await connect(), target, record, options.keepFailed === true, report, options.backgroundRemoval ? finishing.add : undefined);
      } finally {
        if (record?.watched) established?.watch.release();
        tracker.delete(key);
      }
    },
    settled: finishing.settled,
    async abandon(deadlineMs: number): Promise<void> {
      if (established) await abandonAll(established.conn, tracker, deadlineMs);
    },
  };
}

/** A second cleanup (or one from another instance) still knows the objects through the prepared job. */
function recordFromPrepared(target: CleanupTarget): JobRecord | undefined {
  const prepared = target.prepared as Partial<DockerPreparedJob> | undefined;
  if (!prepared?.containerId) return undefined;
  return newRecord({ containers: [prepared.containerId, ...(prepared.serviceContainerIds ?? [])], networks: prepared.network ? [prepared.network] : [] });
}

/** `work`, unless `signal` aborts first: then a DOCKER_CANCELLED error at once (the work goes on, bounded). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, jobId: string): Promise<T> {
  const cancelled = (): LoomError => new LoomError(DockerErrorCode.cancelled, `preparing job ${jobId} was interrupted`, { hint: 'The run was cancelled while Loom was connecting to Docker.' });
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
