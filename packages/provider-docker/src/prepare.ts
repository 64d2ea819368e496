import { statSync } from 'node:fs';
import type { ExecutionRequest, PreparedJob, ProviderReport } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import { buildImage } from './build.js';
import type { Connection } from './client.js';
import { startJobContainer, type DockerWorkspaceMode, type StepTransport } from './container.js';
import type { Preboots } from './preboot.js';
import { DockerErrorCode } from './errors.js';
import { ensureImage, type ImageCache } from './images.js';
import { createNetwork, reportServices, startService, type StartedService } from './services.js';
import type { JobRecord } from './tracker.js';
import { containerWorkdir } from './workspace.js';

/** What `prepare` returns: the port's fields plus the Docker objects (for messages and debugging). */
export interface DockerPreparedJob extends PreparedJob {
  readonly containerId: string;
  readonly containerName: string;
  readonly image: string;
  readonly workspaceMode: DockerWorkspaceMode;
  /** The per-job network, when the job has services. */
  readonly network: string | undefined;
  readonly serviceContainerIds: readonly string[];
}

export interface PrepareContext {
  conn: Connection;
  images: ImageCache;
  mode: DockerWorkspaceMode;
  transport: StepTransport;
  extraLabels: Record<string, string>;
  record: JobRecord;
  preboots?: Preboots | undefined;
}

/** Waits for every promise (so each object they create is tracked before cleanup can look), then throws
 * the first failure. */
async function settleAll<T extends readonly unknown[]>(promises: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function checkCancelled(record: JobRecord, request: ExecutionRequest): void {
  if (record.abort.signal.aborted) {
    throw new LoomError(DockerErrorCode.cancelled, `preparing job ${request.jobId} was interrupted`, { hint: 'The run was cancelled while its container was being set up.' });
  }
}

/**
 * Image (built or local or pulled) and network first, then services and the job container in parallel.
 * Every object is recorded the moment it exists; on failure the caller's cleanup removes them.
 */
export async function prepareJob(ctx: PrepareContext, request: ExecutionRequest, report: ProviderReport): Promise<DockerPreparedJob> {
  const { conn, record } = ctx;
  const spec = request.image;
  if (!spec?.name) {
    throw new LoomError(DockerErrorCode.failed, `job ${request.jobId} has no image, so it cannot run in Docker`, { hint: 'Jobs without `image:` run on the host provider.' });
  }
  if (!statSync(request.workspace.hostPath, { throwIfNoEntry: false })?.isDirectory()) {
    throw new LoomError(DockerErrorCode.workspaceMissing, `the job's workspace ${request.workspace.hostPath} is not a directory`, {
      hint: 'The engine passes the isolated snapshot of the repository; it must exist before the job is prepared.',
    });
  }
  const signal = record.abort.signal;
  report({ type: 'note', section: 'provider', message: `docker: image ${spec.name}, workspace ${ctx.mode}, daemon ${conn.host}`, data: { image: spec.name, workspace_mode: ctx.mode } });
  if (spec.build) {
    await buildImage(conn, { name: spec.name, build: spec.build }, request.workspace.hostPath, report, signal);
    ctx.images.delete(spec.name); // a rebuilt tag must be inspected afresh
  }
  checkCancelled(record, request);
  const hasServices = request.services.length > 0;
  if (hasServices) report({ type: 'section_started', section: 'services' });
  const started: StartedService[] = [];
  try {
    const base = { conn, images: ctx.images, runId: request.runId, jobId: request.jobId, extraLabels: ctx.extraLabels, report, signal };
    const [image, network] = await settleAll([
      ensureImage(conn, ctx.images, spec.name, report, 'provider', signal),
      hasServices ? createNetwork(base).then((n) => (record.networks.push(n), n)) : Promise.resolve(undefined),
    ]);
    checkCancelled(record, request);
    const track = (id: string): void => void record.containers.push(id);
    const serviceStarts = request.services.map((s) =>
      startService({ ...base, network: network!, track }, s).then((st) => {
        record.services.push({ id: st.containerId, alias: s.alias });
        started.push(st);
        return st;
      }),
    );
    const jobStart = startJobContainer({
      conn, request, image, imageName: spec.name, mode: ctx.mode, network, extraLabels: ctx.extraLabels, transport: ctx.transport, preboots: ctx.preboots, signal,
      track: (id, name) => { record.containers.push(id); record.jobContainer = { id, name }; },
    });
    const [job, services] = await settleAll([jobStart.then((j) => ((record.session = j.session), j)), settleAll(serviceStarts)]);
    report({ type: 'note', section: 'provider', message: `job container ${job.name} (${job.id.slice(0, 12)}) started from ${spec.name} (${image.id.slice(7, 19)})`, data: { container: job.id, image_id: image.id } });
    if (hasServices) {
      await reportServices(conn, services, report);
      report({ type: 'section_finished', section: 'services', status: 'success', data: { services: services.map((s) => s.spec.alias) } });
    }
    return {
      jobId: request.jobId, runId: request.runId, workdir: containerWorkdir,
      containerId: job.id, containerName: job.name, image: spec.name, workspaceMode: ctx.mode,
      network, serviceContainerIds: services.map((s) => s.containerId),
    };
  } catch (error) {
    for (const s of started) s.stopLogs();
    if (hasServices) report({ type: 'section_finished', section: 'services', status: 'failed' });
    throw error;
  }
}
