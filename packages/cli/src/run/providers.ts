/**
 * The providers a plan needs: the host one always, the Docker one only when a job has an image — dockerode
 * costs ~30 ms to load even patched (see provider-docker README), so a host-only run never imports it.
 */
import type { Provider, ProviderKind } from '@loom/contracts';
import type { Plan } from '@loom/planner';
import type { RunFlags } from './flags.js';

export type ProviderWiring = Pick<RunFlags, 'dockerWorkspaceMode' | 'keepFailed'>;

export async function wireProviders(plan: Plan, wiring: ProviderWiring): Promise<Partial<Record<ProviderKind, Provider>>> {
  const needsHost = plan.jobs.some((job) => job.provider === 'host');
  const needsDocker = plan.jobs.some((job) => job.provider === 'docker');
  const [host, docker] = await Promise.all([
    needsHost ? import('@loom/provider-host').then((m) => m.createHostProvider()) : undefined,
    needsDocker
      ? import('@loom/provider-docker').then((m) => m.createDockerProvider({ workspaceMode: wiring.dockerWorkspaceMode, keepFailed: wiring.keepFailed }))
      : undefined,
  ]);
  return { ...(host ? { host } : {}), ...(docker ? { docker } : {}) };
}
