/**
 * The providers a plan needs: the host one always, the Docker one only when a job has an image — dockerode
 * costs ~30 ms to load even patched (see provider-docker README), so a host-only run never imports it just
 * to run jobs. The leftover sweeps are the exception: every run that can reach Docker starts the Docker one,
 * and every run the host one (processes of host jobs, by their mark), beside the snapshot, so what a
 * killed Loom left behind goes at the next run of any kind.
 */
import { existsSync } from 'node:fs';
import type { Provider, ProviderKind } from '@loom/contracts';
import type { Plan } from '@loom/planner';
import type { RunFlags } from './flags.js';
import { linger } from './lingering.js';

export type ProviderWiring = Pick<RunFlags, 'dockerWorkspaceMode' | 'keepFailed'>;

/** The providers of this process's run, for a forced exit (`abandonProviders`). */
const live = new Set<Provider>();

export async function wireProviders(plan: Plan, wiring: ProviderWiring): Promise<Partial<Record<ProviderKind, Provider>>> {
  const needsHost = plan.jobs.some((job) => job.provider === 'host');
  const needsDocker = plan.jobs.some((job) => job.provider === 'docker');
  if (dockerMayBeThere(process.env)) linger(import('@loom/provider-docker').then((m) => m.sweepLeftovers()));
  // Host jobs of a Loom that was SIGKILLed left processes no exit hook could end: they carry its job mark.
  linger(import('@loom/provider-host/leftovers').then((m) => m.sweepOrphanedProcesses()));
  const [host, docker] = await Promise.all([
    needsHost ? import('@loom/provider-host').then((m) => m.createHostProvider()) : undefined,
    needsDocker
      ? import('@loom/provider-docker').then((m) => m.createDockerProvider({ workspaceMode: wiring.dockerWorkspaceMode, keepFailed: wiring.keepFailed, sweep: false }))
      : undefined,
  ]);
  for (const provider of [host, docker]) if (provider) live.add(provider);
  return { ...(host ? { host } : {}), ...(docker ? { docker } : {}) };
}

/**
 * Whether a sweep is worth starting: a Unix socket that does not exist means no daemon (one stat, no
 * import, no connection attempt — a host-only run on a machine without Docker pays nothing). A TCP or SSH
 * DOCKER_HOST cannot be judged without a connection; the sweep's own timeouts bound that.
 */
export function dockerMayBeThere(env: NodeJS.ProcessEnv): boolean {
  const host = env['DOCKER_HOST'];
  if (!host) return existsSync('/var/run/docker.sock');
  if (host.startsWith('unix://')) return existsSync(host.slice('unix://'.length));
  return true;
}

/** A forced exit: every provider ends its jobs' processes and containers, within `deadlineMs` in all. */
export async function abandonProviders(deadlineMs: number): Promise<void> {
  await Promise.all([...live].map((p) => p.abandon?.(deadlineMs).catch(() => undefined)));
}
