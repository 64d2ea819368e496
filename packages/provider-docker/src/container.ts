import type { DockerWorkspaceMode, ExecutionRequest } from '@loom/contracts';
import type Dockerode from 'dockerode';
import type { Connection } from './client.js';
import { execFormatError } from './errors.js';
import { stoppedError } from './kill.js';
import { jobContainerBody } from './job-container.js';
import type { Prebooted, Preboots } from './preboot.js';
import { exportable, openSession, sessionOn, type StepSession } from './session.js';
import type { ImageInfo } from './images.js';
import { labelledVolume, objectName, ownerLabels } from './labels.js';
import { containerWorkdir, seedArchive } from './workspace.js';

// One definition, in @loom/contracts; re-exported because the provider's options name it.
export type { DockerWorkspaceMode } from '@loom/contracts';
/** How steps reach the container: `attach` (the step server, session.ts) or one `exec` per step. */
export type StepTransport = 'attach' | 'exec';

export interface JobContainerSpec {
  conn: Connection;
  request: ExecutionRequest;
  image: ImageInfo;
  imageName: string;
  mode: DockerWorkspaceMode;
  network: string | undefined;
  extraLabels: Record<string, string>;
  transport: StepTransport;
  track: (id: string, name: string) => void;
  /** Containers booted while the CLI loaded (preboot.ts); one fitting this job is taken instead of a new one. */
  preboots?: Preboots | undefined;
  /** Ends the wait for a booted container (cleanup aborts a prepare under way). */
  signal?: AbortSignal;
}

export interface StartedJob {
  id: string;
  name: string;
  /** The step server's connection: the steps' channel (attach transport), always the container's lifeline. */
  session: StepSession;
}

/**
 * The container's environment: only the request's variables (the image's ENV is merged by Docker), never the
 * host's. LOOM_PROVIDER / LOOM_JOB_IMAGE are filled in when the engine left them out; LOOM_PROJECT_DIR (a
 * provider-sourced variable) and CI_PROJECT_DIR point at /workspace, not at the host path.
 */
function jobEnv(request: ExecutionRequest): Record<string, string> {
  const env: Record<string, string> = { ...request.env };
  env['LOOM_PROVIDER'] ??= 'docker';
  if (request.image) env['LOOM_JOB_IMAGE'] ??= request.image.name;
  if (env['LOOM_PROJECT_DIR'] === undefined || env['LOOM_PROJECT_DIR'] === request.workspace.hostPath) env['LOOM_PROJECT_DIR'] = containerWorkdir;
  if (env['CI_PROJECT_DIR'] === request.workspace.hostPath) env['CI_PROJECT_DIR'] = containerWorkdir;
  return env;
}

function mounts(spec: JobContainerSpec, labels: Record<string, string>): Dockerode.MountSettings[] {
  const { request } = spec;
  const workspace: Dockerode.MountSettings =
    spec.mode === 'bind_mount'
      ? { Type: 'bind', Source: request.workspace.hostPath, Target: containerWorkdir }
      : // Anonymous, removed with the container: no separate create/remove round trips.
        labelledVolume(containerWorkdir, labels, 'workspace', true);
  const extra = request.mounts.map((m): Dockerode.MountSettings => ({ Type: 'bind', Source: m.hostPath, Target: m.containerPath, ReadOnly: m.readOnly }));
  return [workspace, ...extra];
}

/**
 * Creates, seeds and starts the job's long-lived container. The step server (for the exec transport only
 * the lifeline) replaces the image's entrypoint, so one such as the postgres image's cannot get in the way;
 * the working directory is /workspace; the seed archive goes in once the server answers (seedContainer).
 */
export async function startJobContainer(spec: JobContainerSpec): Promise<StartedJob> {
  const { conn, request } = spec;
  const labels = ownerLabels(request.runId, request.jobId, 'job', spec.extraLabels);
  const name = objectName(request.runId, request.jobId);
  const env = jobEnv(request);
  const seed = (): NodeJS.ReadableStream => seedArchive(env['PATH'] ?? spec.image.path, spec.mode === 'ephemeral_volume' ? request.workspace.hostPath : undefined);
  if (spec.preboots) {
    // Waiting for it ends with the job (cleanup) or with the daemon (the watch found it gone).
    const waitFor = spec.signal ? AbortSignal.any([spec.signal, conn.guard.signal]) : conn.guard.signal;
    const booted = await spec.preboots.take(request.jobId, bootable(spec, env) ? spec.imageName : undefined, waitFor);
    if (booted) return adopt(spec, booted, env, seed);
  }
  let container: Dockerode.Container;
  try {
    container = await conn.docker.createContainer({ name, ...jobContainerBody({ image: spec.imageName, env, labels, mounts: mounts(spec, labels), network: spec.network }) });
  } catch (error) {
    throw conn.fail(`cannot create the job container from ${spec.imageName}`, error);
  }
  spec.track(container.id, name);
  const job = { containerId: container.id, image: spec.imageName };
  // Attach before start, so nothing the main process prints is lost.
  const session = await openSession(conn, job).catch((error: unknown) => { throw conn.fail('cannot attach to the job container', error); });
  try {
    await container.start();
  } catch (error) {
    session.close();
    if (/exec format error/i.test(String((error as Error).message))) throw execFormatError(spec.imageName, spec.image.arch, conn.arch, error);
    throw conn.fail(`cannot start the job container from ${spec.imageName}`, error);
  }
  if (spec.image.arch && spec.image.arch !== conn.arch) await checkForeignImage(spec, container.id, session);
  await seedContainer(spec, container, session, seed);
  return { id: container.id, name, session };
}

/** A booted container has the workspace volume, no network, no other mounts and no job variables yet. */
function bootable(spec: JobContainerSpec, env: Record<string, string>): boolean {
  return spec.mode === 'ephemeral_volume' && spec.transport === 'attach' && !spec.network && spec.request.mounts.length === 0 && exportable(env);
}

/** Takes a booted container (preboot.ts) as the job's: its variables, then its seed, through the server. */
async function adopt(spec: JobContainerSpec, booted: Prebooted, env: Record<string, string>, seed: () => NodeJS.ReadableStream): Promise<StartedJob> {
  spec.track(booted.id, booted.name);
  // Like every stream dockerode opens, it ends when the daemon watch finds the daemon gone.
  const { guard } = spec.conn;
  if (guard.signal.aborted) booted.stream.destroy();
  else guard.signal.addEventListener('abort', () => booted.stream.destroy(), { once: true });
  const session = sessionOn(spec.conn, { containerId: booted.id, image: spec.imageName }, booted.stream);
  session.exportEnv(env);
  await seedContainer(spec, spec.conn.docker.getContainer(booted.id), session, seed);
  return { id: booted.id, name: booted.name, session };
}

/**
 * The seed archive (the PATH snippet and, for an ephemeral volume, the workspace) goes in through the step
 * server's stdin when it can take uploads (session.ts, upload.ts): ~5 ms instead of a ~90 ms `putArchive`.
 * An image whose server cannot (not root, no `tar`, a `dd` without `iflag=fullblock`) or whose `tar` failed
 * gets the same archive by `putArchive`, into the running container.
 */
async function seedContainer(spec: JobContainerSpec, container: Dockerode.Container, session: StepSession, seed: () => NodeJS.ReadableStream): Promise<void> {
  // Archived while the server starts (the pack runs up to 1 MiB ahead of its reader): ~10 ms of the job's
  // start otherwise, on a thread that is idle until the server answers.
  const archive = seed();
  const ready = await session.ready;
  if (ready === 'ended') {
    discard(archive);
    session.close();
    throw await stoppedError(spec.conn, { containerId: container.id, image: spec.imageName }, undefined, session.lastWords());
  }
  if (ready === 'uploads' && (await session.upload(archive, '/')).code === 0) return;
  await container.putArchive(ready === 'uploads' ? seed() : archive, { path: '/' }).catch((error: unknown) => {
    session.close();
    throw spec.conn.fail('cannot copy the workspace into the job container', error);
  });
}

/** An archive nobody will read: its pack stops walking the workspace. */
const discard = (archive: NodeJS.ReadableStream): void => void (archive as NodeJS.ReadableStream & { destroy(): void }).destroy();

/**
 * An image for another CPU runs only under emulation (binfmt/qemu). Its shell fails just after `start`
 * returns, so give it a moment and say so now rather than at the first step. Same-arch images skip this:
 * the first step would report the (unlikely) failure instead, at no cost to every job.
 */
async function checkForeignImage(spec: JobContainerSpec, id: string, session: StepSession): Promise<void> {
  for (let waited = 0; waited < 300; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    const state = await spec.conn.docker.getContainer(id).inspect().then((i) => i.State, () => undefined);
    if (!state || state.Running) continue;
    session.close();
    throw await stoppedError(spec.conn, { containerId: id, image: spec.imageName }, undefined, session.lastWords());
  }
}
