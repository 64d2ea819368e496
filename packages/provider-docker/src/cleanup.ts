import type { CleanupTarget, ProviderReport } from '@loom/contracts';
import type { Connection } from './client.js';
import { keptPrefix, jobFilter } from './labels.js';
import { leaveOnItsOwn, type Leaving } from './leave.js';
import { listObjects, removeObjects, type Removed } from './remove.js';
import { serviceLogTail } from './services.js';
import type { JobRecord } from './tracker.js';

/** Takes a job container's removal that the daemon finishes on its own, instead of waiting for it. */
export type LetFinish = (removal: Promise<Removed>) => void;

/**
 * Removes what a job created. With a record, its objects are removed by id (no list round trips); when
 * prepare did not finish, a label lookup also catches anything the record missed. `keepFailed` keeps a
 * failed job's objects instead and says how to enter the container. The job container leaves on its own
 * when its step server can be told (leave.ts); given `letFinish`, cleanup then returns once its processes
 * are gone and hands the rest of its removal over (unless a network must go after it).
 */
export async function cleanupJob(conn: Connection, target: CleanupTarget, record: JobRecord | undefined, keepFailed: boolean, report: ProviderReport, letFinish?: LetFinish): Promise<void> {
  if (record) {
    record.abort.abort();
    await record.prepare?.catch(() => undefined);
  }
  if (record) await reportServiceLogs(conn, record, report);
  if (keepFailed && record?.failed && record.jobContainer) {
    record.session?.keep();
    record.session?.close();
    return keep(conn, record, report);
  }
  const leaving = record?.jobContainer ? leaveOnItsOwn(conn, record.jobContainer.id, record.session) : undefined;
  const removed = await removeObjects(conn, { containers: (record?.containers ?? []).filter((id) => id !== leaving?.id) });
  const handedOver = leaving ? await afterLeaving(conn, leaving, removed, record!.networks.length > 0 ? undefined : letFinish) : false;
  merge(removed, await removeObjects(conn, { networks: record?.networks ?? [] }));
  // Closed only now: a connection closed before a removal by force would start the container's own removal,
  // which races it.
  record?.session?.close();
  // A lost daemon cannot be asked what else exists: what the record holds is named as not removed below.
  if (!target.prepared && !conn.guard.closedBy) {
    const { runId, jobId } = target.request;
    const left = await listObjects(conn, jobFilter(runId, jobId)).catch((error: unknown) => {
      throw conn.fail('cannot list the job\'s Docker objects', error);
    });
    const more = await removeObjects(conn, { containers: left.containers.map((c) => c.id).filter((id) => !removed.containers.includes(id)), networks: left.networks.map((n) => n.id), volumes: left.volumes.map((v) => v.id) });
    merge(removed, more);
  }
  describe(removed, report, handedOver ? leaving?.id : undefined);
}

/** Waits for a leaving container: until it is gone, or with `letFinish` until it stopped (the rest of its
 * removal handed over). One that does not leave in time is removed by force. True when handed over. */
async function afterLeaving(conn: Connection, leaving: Leaving, into: Removed, letFinish: LetFinish | undefined): Promise<boolean> {
  const byForce = (): Promise<Removed> => removeObjects(conn, { containers: [leaving.id] });
  if (!(await leaving.stopped)) {
    merge(into, await byForce());
    return false;
  }
  if (letFinish) {
    letFinish(leaving.removed.then((gone) => (gone ? removedOnly(leaving.id) : byForce())));
    into.containers.push(leaving.id);
    return true;
  }
  merge(into, (await leaving.removed) ? removedOnly(leaving.id) : await byForce());
  return false;
}

/** Removals handed over by cleanups: `settled` waits for those under way and names what could not go. */
export function removalsFinishing(): { add: LetFinish; settled: () => Promise<string[]> } {
  const pending = new Set<Promise<Removed>>();
  return {
    add: (removal) => {
      pending.add(removal);
      void removal.finally(() => pending.delete(removal));
    },
    settled: async () => (await Promise.all(pending)).flatMap((r) => r.failures.map((f) => `could not remove ${f}; it carries Loom's labels, so the next run sweeps it`)),
  };
}

const removedOnly = (id: string): Removed => ({ containers: [id], networks: [], volumes: [], failures: [] });

/** The tail of each service's log, so a misbehaving sidecar can be diagnosed after it is gone. */
async function reportServiceLogs(conn: Connection, record: JobRecord, report: ProviderReport): Promise<void> {
  const tails = await Promise.all(record.services.map((s) => serviceLogTail(conn, s.id).catch(() => [])));
  record.services.forEach((service, i) => {
    const lines = tails[i] ?? [];
    if (lines.length === 0) return;
    report({ type: 'note', section: 'cleanup', message: `last ${lines.length} log lines of service ${service.alias}:` });
    for (const line of lines) report({ type: 'output', section: 'cleanup', line });
  });
}

function merge(into: Removed, more: Removed): void {
  for (const key of ['containers', 'networks', 'volumes', 'failures'] as const) into[key].push(...more[key].filter((x) => !into[key].includes(x)));
}

function describe(removed: Removed, report: ProviderReport, removing: string | undefined): void {
  const short = (ids: string[]): string[] => ids.map((id) => (/^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id));
  const done = removed.containers.filter((id) => id !== removing);
  const parts = [
    done.length ? `containers ${short(done).join(', ')} (with their volumes)` : '',
    // Handed over (leave.ts): stopped, and the daemon removes it (AutoRemove) while the run's records are written.
    removing ? `container ${short([removing]).join('')} (stopped; Docker finishes removing it and its volumes)` : '',
    removed.networks.length ? `networks ${short(removed.networks).join(', ')}` : '',
    removed.volumes.length ? `volumes ${short(removed.volumes).join(', ')}` : '',
  ].filter(Boolean);
  report({ type: 'note', section: 'cleanup', message: parts.length ? `removed ${parts.join('; ')}` : 'no Docker objects to remove', data: { ...removed } });
  for (const failure of removed.failures) {
    report({ type: 'warning', section: 'cleanup', message: `could not remove ${failure}; it carries the job's loom.* labels, so the next run sweeps it`, code: 'DOCKER_CLEANUP_INCOMPLETE' });
  }
}

/** Renames the kept containers (`loom-kept-…`) so the leftover sweep of later runs spares them. */
async function keep(conn: Connection, record: JobRecord, report: ProviderReport): Promise<void> {
  await Promise.all(record.containers.map(async (id) => {
    const container = conn.docker.getContainer(id);
    const name = (await container.inspect().catch(() => undefined))?.Name.replace(/^\//, '');
    if (name && !name.startsWith(keptPrefix)) await container.rename({ name: `${keptPrefix}${name}` }).catch(() => undefined);
  }));
  const job = record.jobContainer!;
  const removal = [`docker rm -f -v ${record.containers.map((c) => c.slice(0, 12)).join(' ')}`, ...record.networks.map((n) => `docker network rm ${n}`)].join(' && ');
  report({
    type: 'note',
    section: 'cleanup',
    message: `kept the failed job's container ${keptPrefix}${job.name} for debugging; enter it with: docker exec -it ${job.id.slice(0, 12)} sh   (remove it afterwards: ${removal})`,
    data: { container: job.id, containers: record.containers, networks: record.networks },
  });
}
