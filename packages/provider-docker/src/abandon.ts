import type { Connection } from './client.js';
import { removeObjects } from './remove.js';
import type { Tracker } from './tracker.js';

/**
 * A second Ctrl-C: Loom exits now. Every job's prepare is aborted and its step server's connection closed
 * (the server then kills the step and exits; the container removes itself), and the known containers and
 * networks get one forced removal — all bounded by `deadlineMs`. Then every request and stream of the
 * connection is cut so nothing keeps the process alive. What is still there is the next run's sweep.
 */
export async function abandonAll(conn: Connection, tracker: Tracker, deadlineMs: number): Promise<void> {
  const records = [...tracker.values()];
  for (const record of records) {
    record.abort.abort();
    record.session?.close();
  }
  const removal = removeObjects(conn, {
    containers: records.flatMap((r) => r.containers),
    networks: records.flatMap((r) => r.networks),
  }).catch(() => undefined);
  await Promise.race([removal, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
  conn.guard.close(new Error('Loom exited (second interrupt)'));
}
