import type { OutputLine, ProviderReport, ServiceSpec } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import type { Connection } from './client.js';
import { DockerErrorCode } from './errors.js';
import { ensureImage, type ImageCache } from './images.js';
import { Label, labelledVolume, objectName, ownerLabels } from './labels.js';
import { lineWriter, logFrames } from './lines.js';

/** What services.ts needs from the job being prepared. */
export interface ServiceContext {
  conn: Connection;
  images: ImageCache;
  runId: string;
  jobId: string;
  network: string;
  extraLabels: Record<string, string>;
  report: ProviderReport;
  /** Records every created container at once, so cleanup finds it even if prepare fails later. */
  track: (containerId: string) => void;
  signal: AbortSignal;
}

/** A started service and the first lines of its log, gathered while the job container starts. */
export interface StartedService {
  spec: ServiceSpec;
  containerId: string;
  lines: OutputLine[];
  stopLogs: () => void;
}

/** How many log lines of each service the `services` section shows. */
const shownLines = 10;

/** Creates the job's network: services are reachable by alias only on a user-defined network. */
export async function createNetwork(ctx: Pick<ServiceContext, 'conn' | 'runId' | 'jobId' | 'extraLabels'>): Promise<string> {
  const name = objectName(ctx.runId, ctx.jobId, 'net');
  try {
    await ctx.conn.docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: ownerLabels(ctx.runId, ctx.jobId, 'network', ctx.extraLabels) });
  } catch (error) {
    throw ctx.conn.fail(`cannot create the job network ${name}`, error);
  }
  return name;
}

/** Starts one service container: its image (pulled if absent), its env, on the job network as `alias`. */
export async function startService(ctx: ServiceContext, spec: ServiceSpec): Promise<StartedService> {
  const { conn, report } = ctx;
  const image = await ensureImage(conn, ctx.images, spec.image, report, 'services', ctx.signal);
  report({ type: 'note', section: 'services', message: `starting service ${spec.image} as ${spec.alias}` });
  const labels = { ...ownerLabels(ctx.runId, ctx.jobId, 'service', ctx.extraLabels), [Label.service]: spec.alias };
  let containerId: string;
  try {
    const container = await conn.docker.createContainer({
      name: objectName(ctx.runId, ctx.jobId, spec.alias),
      Image: spec.image,
      Hostname: spec.alias,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      Labels: labels,
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.command ? { Cmd: spec.command } : {}),
      // The image's declared VOLUMEs, labelled (Docker would otherwise create unlabelled ones).
      HostConfig: { NetworkMode: ctx.network, Mounts: image.volumes.map((target) => labelledVolume(target, labels, 'data', false)) },
      NetworkingConfig: { EndpointsConfig: { [ctx.network]: { Aliases: [spec.alias] } } },
    });
    containerId = container.id;
    ctx.track(containerId);
  } catch (error) {
    throw serviceError(spec, conn.fail(`cannot create service ${spec.alias}`, error));
  }
  const container = conn.docker.getContainer(containerId);
  const lines: OutputLine[] = [];
  const keep = (line: OutputLine): void => void (lines.length < shownLines && lines.push(line));
  // Attach before start, or a fast service's first lines are lost (toolchain.md §5, pitfall 4).
  const logs = await container.attach({ stream: true, stdout: true, stderr: true, logs: true });
  conn.docker.modem.demuxStream(logs, lineWriter('stdout', keep), lineWriter('stderr', keep));
  const stopLogs = (): void => (logs as { destroy?: () => void }).destroy?.();
  try {
    await container.start();
  } catch (error) {
    stopLogs();
    throw serviceError(spec, conn.fail(`cannot start service ${spec.alias}`, error));
  }
  return { spec, containerId, lines, stopLogs };
}


/**
 * Reports each service's first log lines and fails when one already exited: Loom does not wait for
 * readiness (the job polls, as in the spec's example), but a service that died at once is worth a clear
 * error before the job's steps time out against it.
 */
export async function reportServices(conn: Connection, started: StartedService[], report: ProviderReport): Promise<void> {
  const states = await Promise.all(started.map((s) => conn.docker.getContainer(s.containerId).inspect().then((i) => i.State, () => undefined)));
  started.forEach((s, i) => {
    s.stopLogs();
    for (const line of s.lines) report({ type: 'output', section: 'services', line });
    const state = states[i];
    const status = state ? (state.Running ? 'running' : `exited with code ${state.ExitCode}`) : 'unknown';
    report({ type: 'note', section: 'services', message: `service ${s.spec.alias} (${s.spec.image}) ${status}`, data: { container: s.containerId, alias: s.spec.alias } });
  });
  const dead = started.find((_, i) => states[i] && !states[i]!.Running);
  if (dead) {
    const tail = dead.lines.map((l) => l.bytes.toString()).join('\n');
    throw new LoomError(DockerErrorCode.serviceFailed, `service ${dead.spec.alias} (${dead.spec.image}) exited right after it started${tail ? `:\n${tail}` : ''}`, {
      hint: 'Its log is in the job\'s system/services section; check the variables the service needs (e.g. POSTGRES_PASSWORD).',
    });
  }
}

/** How many of a service's last log lines cleanup shows (the job is over: why a service misbehaved). */
const tailLines = 20;

/** The last lines of a service's log, split by stream. */
export async function serviceLogTail(conn: Connection, containerId: string): Promise<OutputLine[]> {
  const raw = (await conn.docker.getContainer(containerId).logs({ stdout: true, stderr: true, follow: false, tail: tailLines })) as unknown as Buffer;
  const lines: OutputLine[] = [];
  const collect = { stdout: lineWriter('stdout', (l) => lines.push(l)), stderr: lineWriter('stderr', (l) => lines.push(l)) };
  for (const frame of logFrames(raw)) collect[frame.stream].write(frame.bytes);
  await Promise.all(Object.values(collect).map((w) => new Promise((done) => w.end(done))));
  return lines.sort((a, b) => a.timestamp - b.timestamp);
}

function serviceError(spec: ServiceSpec, error: LoomError): LoomError {
  return new LoomError(error.code, `service ${spec.alias} (${spec.image}): ${error.message}`, { hint: error.hint, cause: error.cause ?? error });
}
