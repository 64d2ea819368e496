import { hostname } from 'node:os';
import { connect, type Connection } from './client.js';
import { Label, bootId, keptPrefix, processStartTime } from './labels.js';
import { listObjects, removeObjects, type Removed } from './remove.js';

export interface SweepOptions {
  /** Same as the provider's option; default DOCKER_HOST, else the local socket. */
  dockerHost?: string;
}

/** True when the process that labelled an object is gone: no such pid, or the pid was reused by a process
 * that started at another time. An object without a pid label is never judged gone. */
export function ownerGone(labels: Record<string, string>): boolean {
  const pid = Number(labels[Label.pid]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const started = processStartTime(pid);
  if (started === undefined) return true;
  const recorded = labels[Label.pidStart];
  return Boolean(recorded) && recorded !== started;
}

/**
 * Removes what earlier Loom runs on THIS machine (same host name and boot) left behind when their process
 * died without cleaning up (kill -9, crash, power loss of a terminal). Never touches another host's objects
 * (the daemon may be shared), a live process's, or a container kept on purpose by `keepFailed`.
 */
export async function sweepLeftovers(options: SweepOptions = {}): Promise<Removed> {
  return sweepWith(await connect(options.dockerHost));
}

export async function sweepWith(conn: Connection): Promise<Removed> {
  const found = await listObjects(conn, { label: [`${Label.host}=${hostname()}`, `${Label.bootId}=${bootId()}`] });
  const gone = <T extends { labels: Record<string, string> }>(items: T[]): T[] => items.filter((i) => ownerGone(i.labels));
  const removed = await removeObjects(conn, {
    containers: gone(found.containers).filter((c) => !c.name.startsWith(keptPrefix)).map((c) => c.id),
    networks: gone(found.networks).map((n) => n.id),
    volumes: gone(found.volumes).map((v) => v.id),
  });
  // A network or volume still used by a kept container refuses to go: that is intended, not a failure.
  removed.failures = removed.failures.filter((f) => !/in use|active endpoints/i.test(f));
  return removed;
}
