import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable } from 'node:stream';

/**
 * Bounds every Engine API call of one connection, in one place: docker-modem's `dial` is wrapped so each
 * request carries an AbortSignal made of
 *  - the connection's lifetime (closed when the daemon is lost or Loom exits at once: every request in
 *    flight is aborted and every open stream destroyed, so none can keep the process alive),
 *  - the caller's scope (`withSignal`: a job's prepare is cancelled by cleanup / Ctrl-C) for the long calls, and
 *  - a timeout for calls with a natural bound (inspect, create, start, remove, list …). Streams (attach,
 *    exec start, logs, pull, build, archives) have no such bound: cancellation and the daemon watch end them.
 */
export interface ModemGuard {
  /** Aborts everything in flight, destroys every open stream; later requests fail at once with `reason`. */
  close(reason: Error): void;
  /** Why the connection was closed, once it was. */
  readonly closedBy: Error | undefined;
  /** Aborted when the connection is closed (the daemon went away). */
  readonly signal: AbortSignal;
  /** Runs `work` so that every request it makes (however deep) is also aborted by `signal`. */
  withSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T>;
  /** From now on a request that cannot reach the daemon (refused, reset, timed out) calls `lost`: one such
   * failure means the daemon is gone for every other request too. */
  onUnreachable(lost: (error: unknown) => void): void;
}

/** What dockerode hands docker-modem's `dial`. */
interface DialOptions {
  path: string;
  method: string;
  isStream?: boolean;
  hijack?: boolean;
  openStdin?: boolean;
  file?: unknown;
  abortSignal?: AbortSignal;
}

type DialCallback = (error: unknown, data: unknown) => void;
interface Dialer {
  dial(options: DialOptions, callback: DialCallback): void;
}

/** How long a call with a natural bound may take: a healthy daemon answers these in milliseconds to a few
 * seconds (a `start` or a forced `remove` under load); a minute means it is stuck. */
export const requestTimeoutMs = 60_000;
/** The reachability checks (`version`, `_ping`): trivial for the daemon even under load; one that does not
 * answer them in 3 s is not usable (a silent socket then ends the run in ~3.5 s). */
export const pingTimeoutMs = 3_000;

/** The request's own bound, or undefined for a stream whose length is the work's (a pull, a step). */
export function timeoutOf(options: DialOptions): number | undefined {
  if (options.hijack || options.openStdin || options.file !== undefined) return undefined;
  if (/\/(version|_ping)$/.test(options.path)) return pingTimeoutMs;
  if (options.isStream) return undefined;
  return requestTimeoutMs;
}

/** The error a timed-out request fails with: docker-modem's connect errors carry `code`, so this one reads
 * as "the daemon cannot be reached" (DOCKER_UNAVAILABLE) like them. */
function timeoutError(options: DialOptions, ms: number): Error {
  const what = `${options.method} ${options.path.replace(/\?.*$/, '')}`;
  return Object.assign(new Error(`the daemon did not answer ${what} within ${ms / 1000} s`), { code: 'ETIMEDOUT' });
}

export function guardModem(modem: Dialer, unreachable: (error: unknown) => boolean): ModemGuard {
  const lifetime = new AbortController();
  const scope = new AsyncLocalStorage<AbortSignal>();
  const open = new Set<Readable>();
  const dial = modem.dial.bind(modem);
  let closedBy: Error | undefined;
  let lost: ((error: unknown) => void) | undefined;

  modem.dial = (options: DialOptions, callback: DialCallback): void => {
    if (closedBy) return callback(closedBy, null);
    const signals = [lifetime.signal];
    const ms = timeoutOf(options);
    // Cancellation cuts the long calls (pull, build, attach, archives). A short call is left to finish (it is
    // bounded anyway): an aborted create may still create its object after the cleanup looked for it.
    const scoped = scope.getStore();
    if (scoped && ms === undefined) signals.push(scoped);
    if (options.abortSignal) signals.push(options.abortSignal);
    const timeout = ms === undefined ? undefined : AbortSignal.timeout(ms);
    if (timeout) signals.push(timeout);
    options.abortSignal = AbortSignal.any(signals);
    dial(options, (error, data) => {
      if (error) {
        const failure = closedBy ?? (timeout?.aborted && ms !== undefined ? timeoutError(options, ms) : error);
        if (!closedBy && lost && unreachable(failure)) lost(failure);
        return callback(closedBy ?? failure, data);
      }
      if (isStream(data)) track(data);
      callback(null, data);
    });
  };

  const track = (stream: Readable): void => {
    if (closedBy) return void stream.destroy();
    open.add(stream);
    stream.once('close', () => open.delete(stream));
  };

  return {
    close(reason) {
      if (closedBy) return;
      closedBy = reason;
      lifetime.abort(reason);
      for (const stream of open) stream.destroy();
      open.clear();
    },
    get closedBy() {
      return closedBy;
    },
    signal: lifetime.signal,
    withSignal: (signal, work) => scope.run(signal, work),
    onUnreachable(hook) {
      lost = hook;
    },
  };
}

function isStream(data: unknown): data is Readable {
  return typeof data === 'object' && data !== null && typeof (data as Readable).destroy === 'function' && typeof (data as Readable).once === 'function';
}
