import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';

const run = randomBytes(4).toString('hex');

/** Before the tests: this run's label value, inherited by the test workers (see support.ts). */
export function setup(): void {
  process.env.LOOM_PROVIDER_DOCKER_TEST_RUN = run;
}

/**
 * After all provider-docker tests: every container, network and volume labelled by this test run must be gone.
 * Leftovers are removed (so the next run starts clean) and then fail the run, naming them.
 */
export async function teardown(): Promise<void> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch {
    return; // no daemon: the docker tests themselves already failed (CI) or were skipped
  }
  const filters = { label: [`loom.test=provider-docker.${run}`] };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const left = [
    ...containers.map((c) => `container ${c.Names[0]} (${c.Labels['loom.job_id']})`),
    ...networks.map((n) => `network ${n.Name}`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
  await Promise.all((volumes.Volumes ?? []).map((v) => docker.getVolume(v.Name).remove().catch(() => undefined)));
  if (left.length > 0) {
    // vitest only prints an error thrown here ("error during close") and still exits 0: set the code too.
    process.exitCode = 1;
    throw new Error(`provider-docker tests left Docker objects behind:\n  ${left.join('\n  ')}`);
  }
}
