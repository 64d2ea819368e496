/** guard.ts's logic on a fake dialer (the real daemon cases are in abort/exit tests and the CLI's reliability suite). */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardModem, pingTimeoutMs, requestTimeoutMs, timeoutOf } from '../src/guard.js';

type Callback = (error: unknown, data: unknown) => void;
interface Dialed { options: { path: string; method: string; abortSignal?: AbortSignal }; callback: Callback }

function fakeModem() {
  const dialed: Dialed[] = [];
  const modem = { dial: (options: Dialed['options'], callback: Callback) => void dialed.push({ options, callback }) };
  return { modem, dialed };
}

describe('guardModem', () => {
  it('bounds short calls, pings shorter, and leaves streams to cancellation', () => {
    expect(timeoutOf({ path: '/containers/x/json', method: 'GET' })).toBe(requestTimeoutMs);
    expect(timeoutOf({ path: '/version', method: 'GET' })).toBe(pingTimeoutMs);
    expect(timeoutOf({ path: '/_ping', method: 'GET' })).toBe(pingTimeoutMs);
    expect(timeoutOf({ path: '/containers/x/attach', method: 'POST', hijack: true, openStdin: true })).toBeUndefined();
    expect(timeoutOf({ path: '/images/create', method: 'POST', isStream: true })).toBeUndefined();
    expect(timeoutOf({ path: '/containers/x/archive', method: 'PUT', file: {} })).toBeUndefined();
  });

  it('gives every request a signal that the scope and close abort; close destroys open streams and fails later calls', async () => {
    const { modem, dialed } = fakeModem();
    const guard = guardModem(modem, () => false);
    const scope = new AbortController();
    const results: unknown[] = [];
    await guard.withSignal(scope.signal, async () => {
      modem.dial({ path: '/build', method: 'POST', isStream: true } as Dialed['options'], (e) => results.push(e));
      modem.dial({ path: '/containers/create', method: 'POST' }, (e) => results.push(e));
    });
    const [build, create] = [dialed[0]!.options.abortSignal!, dialed[1]!.options.abortSignal!];
    expect(build.aborted).toBe(false);
    scope.abort();
    expect(build.aborted).toBe(true);
    // A create is left to finish: aborted, the daemon might still create the object after cleanup looked.
    expect(create.aborted).toBe(false);

    modem.dial({ path: '/containers/x/attach', method: 'POST' }, (_e, data) => results.push(data));
    const stream = new PassThrough();
    dialed[2]!.callback(null, stream);
    const lost = new Error('gone');
    guard.close(lost);
    expect(stream.destroyed).toBe(true);
    expect(dialed[2]!.options.abortSignal!.aborted).toBe(true);
    modem.dial({ path: '/containers/x/json', method: 'GET' }, (e) => results.push(e));
    expect(results.at(-1)).toBe(lost);
    expect(guard.closedBy).toBe(lost);
  });

  it('reports an unreachable daemon once connected, with the request\'s own error', () => {
    const { modem, dialed } = fakeModem();
    const guard = guardModem(modem, (e) => (e as { code?: string }).code === 'ECONNREFUSED');
    const seen: unknown[] = [];
    guard.onUnreachable((e) => seen.push(e));
    modem.dial({ path: '/containers/x/json', method: 'GET' }, () => undefined);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    dialed[0]!.callback(refused, null);
    expect(seen).toEqual([refused]);
  });
});
