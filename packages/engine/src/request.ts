/**
 * Job → ExecutionRequest (conventions practice 5): the provider gets execution terms only — image, workspace,
 * environment, mounts, services — never stages, needs, cache specs or secret references.
 */
import type { ExecutionRequest, MountSpec, ServiceSpec, WorkspaceMode } from '@loom/contracts';
import type { PlannedJob } from '@loom/planner';
import type { DockerWorkspaceMode } from './types.js';
import { type Env, expandValue } from './variables.js';

export interface RequestInput {
  runId: string;
  planned: PlannedJob;
  snapshotPath: string;
  /** The job's environment (predefined + expanded workflow/job variables + direct secrets). */
  env: Env;
  /** Secret files to mount read-only (container jobs). */
  mounts?: MountSpec[];
  dockerWorkspaceMode: DockerWorkspaceMode;
}

function workspaceModeOf(planned: PlannedJob, dockerMode: DockerWorkspaceMode): WorkspaceMode {
  return planned.provider === 'docker' ? dockerMode : 'host';
}

/**
 * A service sees the job's environment (gap 2: job variables reach services) with its own `variables` on
 * top, expanded against the job's.
 */
function serviceSpecs(planned: PlannedJob, env: Env): ServiceSpec[] {
  return planned.job.services.map((service) => {
    const own = Object.fromEntries(
      Object.entries(service.variables).map(([name, value]) => [name, expandValue(value, (ref) => env[ref])]),
    );
    return {
      image: service.name,
      alias: service.alias,
      env: { ...env, ...own },
      ...(service.entrypoint ? { entrypoint: service.entrypoint } : {}),
      ...(service.command ? { command: service.command } : {}),
    };
  });
}

export function buildRequest(input: RequestInput): ExecutionRequest {
  const { planned, env } = input;
  const image = planned.provider === 'docker' ? planned.job.image : undefined;
  return {
    runId: input.runId,
    jobId: planned.id,
    ...(image ? { image: image.build ? { name: image.name, build: { ...image.build } } : { name: image.name } } : {}),
    workspace: { hostPath: input.snapshotPath, mode: workspaceModeOf(planned, input.dockerWorkspaceMode) },
    env,
    mounts: [...(input.mounts ?? [])],
    services: serviceSpecs(planned, env),
  };
}
