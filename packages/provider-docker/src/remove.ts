import type { Connection } from './client.js';
import { daemonMessage, statusOf } from './errors.js';

/** What a removal pass removed, and what it could not (with the daemon's reason). */
export interface Removed {
  containers: string[];
  networks: string[];
  volumes: string[];
  failures: string[];
}

function emptyRemoved(): Removed {
  return { containers: [], networks: [], volumes: [], failures: [] };
}

/**
 * Removes containers (with their anonymous volumes), then networks, then volumes: in that order because a
 * network or volume in use cannot go. Already-gone objects count as removed (cleanup is idempotent).
 */
export async function removeObjects(conn: Connection, ids: { containers?: string[]; networks?: string[]; volumes?: string[] }): Promise<Removed> {
  const out = emptyRemoved();
  const attempt = async (kind: keyof Omit<Removed, 'failures'>, id: string, remove: () => Promise<unknown>): Promise<void> => {
    try {
      await remove();
      out[kind].push(id);
    } catch (error) {
      if (statusOf(error) === 404) out[kind].push(id);
      // "removal … already in progress": the container is removing itself (AutoRemove); wait until it is gone,
      // so a network or volume it holds can go next.
      else if (statusOf(error) === 409 && /already in progress/i.test(daemonMessage(error))) {
        await untilRemoved(conn, id, 10_000);
        out[kind].push(id);
      }
      else out.failures.push(`${kind.slice(0, -1)} ${id}: ${daemonMessage(error)}`);
    }
  };
  const { docker } = conn;
  await Promise.all((ids.containers ?? []).map((id) => attempt('containers', id, () => docker.getContainer(id).remove({ force: true, v: true }))));
  await Promise.all((ids.networks ?? []).map((id) => attempt('networks', id, () => docker.getNetwork(id).remove())));
  await Promise.all((ids.volumes ?? []).map((id) => attempt('volumes', id, () => docker.getVolume(id).remove())));
  return out;
}

/** Waits until the daemon has removed container `id` (a 404 means it is gone already): false when that did
 * not happen within `withinMs` or the daemon failed. */
export async function untilRemoved(conn: Connection, id: string, withinMs: number): Promise<boolean> {
  const container = conn.docker.getContainer(id);
  const wait = container.wait as (opts: { condition: string; abortSignal: AbortSignal }) => Promise<unknown>;
  return wait.call(container, { condition: 'removed', abortSignal: AbortSignal.timeout(withinMs) }).then(
    () => true,
    (error: unknown) => statusOf(error) === 404,
  );
}

/** Every container, network and volume that matches `filters` (a label filter). */
export async function listObjects(conn: Connection, filters: { label: string[] }): Promise<{
  containers: { id: string; name: string; labels: Record<string, string> }[];
  networks: { id: string; labels: Record<string, string> }[];
  volumes: { id: string; labels: Record<string, string> }[];
}> {
  const { docker } = conn;
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), labels: c.Labels ?? {} })),
    networks: networks.map((n) => ({ id: n.Id, labels: n.Labels ?? {} })),
    volumes: (volumes.Volumes ?? []).map((v) => ({ id: v.Name, labels: v.Labels ?? {} })),
  };
}
