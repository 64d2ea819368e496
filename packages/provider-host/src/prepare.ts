import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExecutionRequest, PreparedJob, ProviderReport } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import { HostErrorCode } from './errors.js';
import { jobKey } from './job-groups.js';
import { markVariable } from './leftovers.js';

export interface HostPreparedJob extends PreparedJob {
  /** The complete environment every step gets (nothing else is inherited at spawn time). */
  readonly env: Readonly<Record<string, string>>;
  /** Ties running process groups to the job (`jobKey`). */
  readonly key: string;
  /** The job's process mark (leftovers.ts): the value of LOOM_JOB_PROCESS_MARK in every step's environment. */
  readonly mark: string;
}

/**
 * The job's environment: the caller's whole environment, Loom's and the workflow's variables on top (they
 * win), and `PWD` naming the workspace so `pwd` prints it as given even through a symlinked path (the
 * shell keeps an inherited PWD only when it names the directory it starts in).
 */
function jobEnvironment(base: NodeJS.ProcessEnv, requestEnv: Record<string, string>, workdir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  return Object.assign(env, requestEnv, { PWD: workdir });
}

export function prepareHostJob(request: ExecutionRequest, report: ProviderReport, baseEnv: NodeJS.ProcessEnv, mark: string): HostPreparedJob {
  refuseContainerFeatures(request);
  const workdir = resolve(request.workspace.hostPath);
  if (!isDirectory(workdir)) {
    throw new LoomError(HostErrorCode.workspaceMissing, `the job's workspace ${workdir} is not a directory`, {
      hint: 'The isolated workspace is made before the job runs; it may have been removed meanwhile.',
    });
  }
  if (request.mounts.length > 0) {
    report({ type: 'warning', section: 'provider', message: `host jobs read files at their host paths: ${request.mounts.length} mount(s) ignored`, code: 'HOST_MOUNTS_IGNORED' });
  }
  report({ type: 'note', section: 'provider', message: `host provider: steps run with sh in ${workdir}`, data: { workdir } });
  const env = { ...jobEnvironment(baseEnv, request.env, workdir), [markVariable]: mark };
  return { jobId: request.jobId, runId: request.runId, workdir, env, key: jobKey(request), mark };
}

/** The engine routes jobs with an image (and so with services) to Docker; fail closed if one arrives here
 * rather than run it without its image or its database. */
function refuseContainerFeatures(request: ExecutionRequest): void {
  const what = request.image ? `an image (${request.image.name})` : request.services.length > 0 ? `services (${request.services.map((s) => s.image).join(', ')})` : undefined;
  if (what === undefined) return;
  throw new LoomError(HostErrorCode.unsupported, `job "${request.jobId}" asks the host provider for ${what}`, {
    hint: 'Images and services need the Docker provider: give the job an `image:`.',
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
