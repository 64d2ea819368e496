import type { Connection } from './client.js';
import { untilRemoved } from './remove.js';
import type { StepSession } from './session.js';

/** A job container on its way out by itself: each promise is true once that happened (or the container is
 * already gone), false when it did not in time or the daemon failed (the caller then removes it by force). */
export interface Leaving {
  id: string;
  /** Its processes are gone: the step server's connection ended (the daemon's `not-running` comes only
   * with the removal, ~45 ms later, for an `AutoRemove` container). */
  stopped: Promise<boolean>;
  /** The daemon removed it with its anonymous volumes (`AutoRemove`). */
  removed: Promise<boolean>;
}

/** How long the step server gets to end its container's processes and exit; then `remove -f` kills it. */
const stopWithinMs = 3_000;
/** How long the daemon's own removal is waited for. */
const removeWithinMs = 15_000;

/**
 * Cleanup of a job container through its step server (issue 15): told to quit, the server kills every
 * other process and exits, and the daemon removes the container (`AutoRemove`). Compared with
 * `remove -f`, the kill's round trip is saved (~10 ms), and the removal itself (~45 ms) needs no request,
 * so a caller may let it finish in the background. Undefined (nothing asked) when the server cannot be told:
 * its connection ended, or a step or upload is still under way.
 */
export function leaveOnItsOwn(conn: Connection, id: string, session: StepSession | undefined): Leaving | undefined {
  if (!session?.quit()) return undefined;
  const stopped = Promise.race([session.ended.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, stopWithinMs, false).unref())]);
  // Asked after the quit: a wait that reaches the daemon once the container is gone is answered 404 (done).
  return { id, stopped, removed: untilRemoved(conn, id, removeWithinMs) };
}
