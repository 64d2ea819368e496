import type Dockerode from 'dockerode';
import { LoomError, isLoomError } from '@loom/errors';
import { DockerErrorCode, isConnectError, toLoomError, unavailableError } from './errors.js';
import { guardModem, type ModemGuard } from './guard.js';

type Docker = Dockerode;

/** A daemon connection: the client, where it points (for messages) and what the daemon runs on. */
export interface Connection {
  docker: Docker;
  host: string;
  /** The daemon's architecture as images name it (`amd64`, `arm64`). */
  arch: string;
  /** Wraps a dockerode failure into a LoomError that names this daemon. */
  fail(what: string, error: unknown): LoomError;
  /** Bounds every request (timeouts, cancellation scope) and can cut them all at once (guard.ts). */
  guard: ModemGuard;
  /** The daemon is gone: every request and stream ends now with DOCKER_UNAVAILABLE naming it. */
  lose(cause: unknown): LoomError;
}

const defaultSocket = '/var/run/docker.sock';

/** Modem options for an explicit `dockerHost`; undefined means "let docker-modem read the environment"
 * (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, ssh://), which it does when given no options. */
export function modemOptions(dockerHost: string | undefined): Dockerode.DockerOptions | undefined {
  if (!dockerHost) return undefined;
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  if (url.protocol === 'tcp:' || url.protocol === 'http:') return { protocol: 'http', host: url.hostname, port: Number(url.port || 2375) };
  if (url.protocol === 'https:') return { protocol: 'https', host: url.hostname, port: Number(url.port || 2376) };
  throw new LoomError(DockerErrorCode.unavailable, `unsupported Docker host ${dockerHost}`, {
    hint: 'Use unix:///path/to/docker.sock, tcp://host:port or https://host:port (ssh:// works through DOCKER_HOST).',
  });
}

/** `dockerHost`, else DOCKER_HOST, else the default socket: what error messages call the daemon. */
function describeHost(dockerHost: string | undefined): string {
  return dockerHost || process.env['DOCKER_HOST'] || `unix://${defaultSocket}`;
}

/** Maps Node's platform names to the ones image manifests use. */
function imageArch(arch: string): string {
  return ({ x64: 'amd64', x86_64: 'amd64', aarch64: 'arm64' } as Record<string, string>)[arch] ?? arch;
}

/**
 * Connects lazily: dockerode costs ~30 ms to import (patched, see README), so it is loaded on the first job
 * that needs Docker, not when the CLI starts. `version` doubles as the reachability check and tells the
 * daemon's architecture.
 */
export async function connect(dockerHost: string | undefined): Promise<Connection> {
  const host = describeHost(dockerHost);
  const options = modemOptions(dockerHost);
  const { default: DockerodeClass } = await import('dockerode');
  const docker = options ? new DockerodeClass(options) : new DockerodeClass();
  const guard = guardModem(docker.modem as unknown as Parameters<typeof guardModem>[0], isConnectError);
  const fail = (what: string, error: unknown): LoomError => toLoomError(what, host, guard.closedBy ?? error);
  const lose = (cause: unknown): LoomError => {
    if (!guard.closedBy) guard.close(isLoomError(cause) ? cause : lostError(host, cause));
    return guard.closedBy as LoomError;
  };
  try {
    const version = (await docker.version()) as { Arch?: string };
    guard.onUnreachable(lose);
    return { docker, host, arch: imageArch(version.Arch ?? process.arch), fail, guard, lose };
  } catch (error) {
    throw isConnectError(error) ? unavailableError(host, error) : fail('cannot talk to Docker', error);
  }
}

/** One connection per provider, made on first use. A refused attempt is retried by the next caller (the
 * daemon may be starting); a daemon that did not answer at all is not asked again by this provider — every
 * job would wait the full timeout once more. */
export function lazyConnection(dockerHost: string | undefined): () => Promise<Connection> {
  let pending: Promise<Connection> | undefined;
  return () => {
    pending ??= connect(dockerHost).catch((error: unknown) => {
      if (!/did not answer/.test(String((error as Error).message))) pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** The daemon went away (or stopped answering) while Loom was using it: never the image's or the job's fault. */
function lostError(host: string, cause: unknown): LoomError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LoomError(DockerErrorCode.unavailable, `lost the connection to Docker at ${host}: ${detail}`, {
    hint: 'The Docker daemon stopped or stopped answering during the run (`docker info` must succeed). Objects Loom could not remove carry loom.* labels; the next run sweeps them.',
    cause,
  });
}
