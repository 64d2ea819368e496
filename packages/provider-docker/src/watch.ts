import type { Connection } from './client.js';
import { isConnectError } from './errors.js';

/** How often the daemon is asked `_ping` while jobs use it, and how long each answer may take. */
const watchIntervalMs = 1500;
const watchPingTimeoutMs = 2000;

export interface DaemonWatch {
  /** A job started using the daemon; the watch runs while at least one does. */
  hold(): void;
  release(): void;
}

/**
 * Notices a daemon that went away or stopped answering while jobs use it — a step's stream can stay open
 * (and silent) forever through a stuck daemon or proxy. A refused connection is enough; a silent daemon
 * must miss two pings in a row (a ping every 1.5 s, 2 s each: found within ~7 s). Then the connection is
 * lost (`conn.lose`): every request and stream ends at once with DOCKER_UNAVAILABLE, so steps, prepare and
 * cleanup stop waiting.
 */
export function watchDaemon(conn: Connection): DaemonWatch {
  let holders = 0;
  let timer: NodeJS.Timeout | undefined;
  let misses = 0;
  let inFlight = false;
  const tick = async (): Promise<void> => {
    if (inFlight || conn.guard.closedBy) return;
    inFlight = true;
    try {
      await (conn.docker.ping as (opts: { abortSignal: AbortSignal }) => Promise<unknown>)({ abortSignal: AbortSignal.timeout(watchPingTimeoutMs) });
      misses = 0;
    } catch (error) {
      misses += 1;
      if (isConnectError(error)) conn.lose(error);
      else if (misses >= 2) conn.lose(new Error(`it did not answer two pings in a row (${watchPingTimeoutMs / 1000} s each)`));
    } finally {
      inFlight = false;
    }
  };
  return {
    hold() {
      holders += 1;
      if (timer) return;
      timer = setInterval(() => void tick(), watchIntervalMs);
      timer.unref();
    },
    release() {
      holders = Math.max(0, holders - 1);
      if (holders > 0 || !timer) return;
      clearInterval(timer);
      timer = undefined;
      misses = 0;
    },
  };
}
