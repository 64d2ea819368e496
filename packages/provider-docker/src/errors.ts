import { LoomError, isLoomError } from '@loom/errors';

/** Stable codes of this package's errors (the CLI maps codes to exit codes; records carry them). */
export const DockerErrorCode = {
  unavailable: 'DOCKER_UNAVAILABLE',
  imageNotFound: 'DOCKER_IMAGE_NOT_FOUND',
  pullFailed: 'DOCKER_PULL_FAILED',
  execFormat: 'DOCKER_EXEC_FORMAT',
  buildFailed: 'DOCKER_BUILD_FAILED',
  serviceFailed: 'DOCKER_SERVICE_FAILED',
  badPath: 'DOCKER_BAD_PATH',
  workspaceMissing: 'DOCKER_WORKSPACE_MISSING',
  cancelled: 'DOCKER_CANCELLED',
  failed: 'DOCKER_ERROR',
} as const;

/** The fields dockerode / docker-modem put on the errors they throw. */
interface DockerodeError {
  statusCode?: number;
  reason?: string;
  json?: { message?: string } | null;
  code?: string;
  address?: string;
  message?: string;
}

/** The daemon's own message when there is one (docker-modem wraps it in "(HTTP code 404) … - <message>"). */
export function daemonMessage(error: unknown): string {
  const e = (error ?? {}) as DockerodeError;
  const raw = e.json && typeof e.json.message === 'string' ? e.json.message : e.message ?? String(error);
  return raw.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

export function statusOf(error: unknown): number | undefined {
  return (error as DockerodeError | undefined)?.statusCode;
}

const connectCodes = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** True for "the daemon could not be reached at all" (as opposed to an error the daemon answered with). */
export function isConnectError(error: unknown): boolean {
  const e = error as DockerodeError | undefined;
  return e?.statusCode === undefined && typeof e?.code === 'string' && connectCodes.has(e.code);
}

export function unavailableError(host: string, cause: unknown): LoomError {
  const code = (cause as DockerodeError | undefined)?.code;
  const hint =
    code === 'EACCES' || code === 'EPERM'
      ? 'The Docker socket is not accessible to this user: add the user to the `docker` group, or set DOCKER_HOST.'
      : 'Start the Docker daemon (`docker info` must succeed), or point DOCKER_HOST at a running one. Jobs without `image:` run on the host.';
  return new LoomError(DockerErrorCode.unavailable, `cannot connect to Docker at ${host}: ${daemonMessage(cause)}`, { hint, cause });
}

const notFoundPattern = /pull access denied|repository does not exist|manifest unknown|not found|no such image/i;
const registryPattern = /dial tcp|lookup |i\/o timeout|TLS handshake|connection refused|no route to host|server misbehaving/i;

/** A failed pull: the image does not exist (or needs a login), or the registry cannot be reached. */
export function pullError(image: string, cause: unknown): LoomError {
  const message = daemonMessage(cause);
  if (notFoundPattern.test(message)) {
    return new LoomError(DockerErrorCode.imageNotFound, `no such image ${image}: it is not present locally and the pull failed (${message})`, {
      hint: `Check the image name and tag; for a private registry run \`docker login\`; Loom's local test images are built with \`pnpm images\`.`,
      cause,
    });
  }
  const offline = registryPattern.test(message);
  return new LoomError(DockerErrorCode.pullFailed, `image ${image} is not present locally and could not be pulled: ${message}`, {
    hint: offline
      ? `The registry cannot be reached: build or load the image locally (\`docker build -t ${image} …\`, \`docker load\`), or use an image that is present (\`docker images\`).`
      : 'See the daemon message above; `docker pull <image>` shows the same failure.',
    cause,
  });
}

export function execFormatError(image: string, imageArch: string | undefined, daemonArch: string | undefined, cause: unknown): LoomError {
  const arches = imageArch && daemonArch ? ` (image is ${imageArch}, the Docker host is ${daemonArch})` : '';
  return new LoomError(DockerErrorCode.execFormat, `exec format error running ${image}: its binaries are for another platform than this Docker host${arches}`, {
    hint: 'Use an image built for this machine\'s platform (e.g. a multi-arch tag, or rebuild it here), or enable emulation (binfmt/qemu).',
    cause,
  });
}

/** Turns anything dockerode throws into a LoomError (LoomErrors pass through). */
export function toLoomError(what: string, host: string, error: unknown): LoomError {
  if (isLoomError(error)) return error;
  if (isConnectError(error)) return unavailableError(host, error);
  return new LoomError(DockerErrorCode.failed, `${what}: ${daemonMessage(error)}`, {
    hint: 'This came from the Docker daemon; `docker info` and the daemon log may say more.',
    cause: error,
  });
}
