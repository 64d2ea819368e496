/**
 * The providers a plan needs: the host one always, the Docker one only when a job has an image — dockerode
 * costs ~30 ms to load even patched (see provider-docker README), so a host-only run never imports it just
 * to run jobs — unless an earlier run was killed: then the next run of any kind sweeps what it left (Docker
 * objects and host processes), beside the snapshot.
 */
import { existsSync, rmSync } from 'node:fs';
import type { Provider, ProviderKind } from '@loom/contracts';
import { inheritableEnv } from '@loom/engine';
import type { Plan } from '@loom/planner';
import type { Preboots } from '@loom/provider-docker/preboot';
import type { RunFlags } from './flags.js';
import { linger } from './lingering.js';
import { deadOwners, ownersDir, registerOwner } from './owners.js';

export type ProviderWiring = Pick<RunFlags, 'dockerWorkspaceMode' | 'keepFailed'>;

/** The providers of this process's run, for a forced exit (`abandonProviders`). */
const live = new Set<Provider>();

export async function wireProviders(plan: Plan, wiring: ProviderWiring, preboots?: Preboots): Promise<Partial<Record<ProviderKind, Provider>>> {
  const needsHost = plan.jobs.some((job) => job.provider === 'host');
  const needsDocker = plan.jobs.some((job) => job.provider === 'docker');
  sweepAfterKilledRuns(process.env);
  const [host, docker] = await Promise.all([
    needsHost ? import('@loom/provider-host').then((m) => m.createHostProvider({ baseEnv: inheritableEnv(process.env) })) : undefined,
    needsDocker
      ? import('@loom/provider-docker').then((m) => m.createDockerProvider({ workspaceMode: wiring.dockerWorkspaceMode, keepFailed: wiring.keepFailed, sweep: false, backgroundRemoval: true, ...(preboots ? { preboots } : {}) }))
      : undefined,
  ]);
  for (const provider of [host, docker]) if (provider) live.add(provider);
  return { ...(host ? { host } : {}), ...(docker ? { docker } : {}) };
}

/** What the providers' cleanups left to finish by itself (a job container Docker is still removing, ~45 ms)
 * finishes while the run's records are written, and before the process exits (lingering.ts), like
 * `docker run --rm`; what could not be removed is said. */
export function settleProviders(say: (line: string) => void): void {
  for (const provider of live) if (provider.settled) linger(provider.settled().then((lines) => lines.forEach((line) => say(`loom: ${line}`))));
}

/**
 * A run that ended without cleanup (its owner file outlived it, owners.ts) may have left containers,
 * networks, volumes (Docker) and processes (host jobs, by their mark): sweep both, beside the snapshot, and
 * forget the dead owners once done. Otherwise nothing is imported or asked.
 */
function sweepAfterKilledRuns(env: NodeJS.ProcessEnv): void {
  const dir = ownersDir(env);
  const dead = deadOwners(dir);
  registerOwner(dir);
  if (dead.length === 0) return;
  const docker = dockerMayBeThere(env) ? import('@loom/provider-docker').then((m) => m.sweepLeftovers()) : Promise.resolve();
  // Host jobs of a Loom that was SIGKILLed left processes no exit hook could end: they carry its job mark.
  const host = import('@loom/provider-host/leftovers').then((m) => m.sweepOrphanedProcesses());
  linger(Promise.all([docker, host]).then(() => {
    for (const file of dead) rmSync(file, { force: true });
  }));
}

/**
 * Whether a sweep is worth starting: a Unix socket that does not exist means no daemon (one stat, no
 * import, no connection attempt — a host-only run on a machine without Docker pays nothing). A TCP or SSH
 * DOCKER_HOST cannot be judged without a connection; the sweep's own timeouts bound that.
 */
function dockerMayBeThere(env: NodeJS.ProcessEnv): boolean {
  const host = env['DOCKER_HOST'];
  if (!host) return existsSync('/var/run/docker.sock');
  if (host.startsWith('unix://')) return existsSync(host.slice('unix://'.length));
  return true;
}

/** A forced exit: every provider ends its jobs' processes and containers, within `deadlineMs` in all. */
export async function abandonProviders(deadlineMs: number): Promise<void> {
  await Promise.all([...live].map((p) => p.abandon?.(deadlineMs).catch(() => undefined)));
}
