/**
 * Real headless Chromium (Debian's `chromium`) driven over the DevTools protocol on a pipe
 * (`--remote-debugging-pipe`: fd 3 in, fd 4 out, NUL-terminated JSON), so no websocket client and no
 * browser download are needed. Enough for report tests and benches: open a file, evaluate, record every
 * request the page makes, take a screenshot. Each browser gets its own temp profile, removed on close.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = process.env['LOOM_CHROMIUM'] ?? '/usr/bin/chromium';

export const chromiumRequirement = { available: existsSync(CHROMIUM), what: `headless Chromium (${CHROMIUM}; apt-get install chromium)` };

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--remote-debugging-pipe',
];

type Json = Record<string, unknown>;
type Pending = { resolve: (value: Json) => void; reject: (error: Error) => void };

export interface Page {
  /** Navigates and waits for the load event; returns the milliseconds from navigate to load. */
  open(url: string, timeoutMs?: number): Promise<number>;
  /** Evaluates an expression in the page and returns its value (JSON-serialisable). */
  evaluate<T>(expression: string): Promise<T>;
  /** PNG bytes of the whole page (or the viewport when `fullPage` is false). */
  screenshot(fullPage?: boolean): Promise<Buffer>;
  /** Every URL the page requested since it was created. */
  readonly requests: string[];
}

export interface Browser {
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'loom-chromium-'));
  const child = spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  child.stderr?.resume();
  const connection = connect(child);
  const close = async (): Promise<void> => {
    await connection.send('Browser.close').catch(() => undefined);
    await new Promise<void>((done) => (child.exitCode !== null ? done() : child.once('exit', () => done())));
    rmSync(profile, { recursive: true, force: true });
  };
  return {
    async newPage(viewport = { width: 1280, height: 900 }) {
      const { targetId } = (await connection.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
      const { sessionId } = (await connection.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      return page(connection, sessionId, viewport);
    },
    close,
  };
}

interface Connection {
  send(method: string, params?: Json, sessionId?: string): Promise<Json>;
  on(listener: (message: Json) => void): void;
}

function connect(child: ChildProcess): Connection {
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  const pending = new Map<number, Pending>();
  const listeners: ((message: Json) => void)[] = [];
  let nextId = 1;
  let buffer = '';
  output.setEncoding('utf8');
  output.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\0'); end !== -1; end = buffer.indexOf('\0')) {
      const message = JSON.parse(buffer.slice(0, end)) as Json;
      buffer = buffer.slice(end + 1);
      const waiting = typeof message['id'] === 'number' ? pending.get(message['id']) : undefined;
      if (waiting) {
        pending.delete(message['id'] as number);
        if (message['error']) waiting.reject(new Error(JSON.stringify(message['error'])));
        else waiting.resolve((message['result'] ?? {}) as Json);
      } else listeners.forEach((listener) => listener(message));
    }
  });
  child.once('exit', () => pending.forEach((p) => p.reject(new Error('chromium exited'))));
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    on: (listener) => void listeners.push(listener),
  };
}

async function page(connection: Connection, sessionId: string, viewport: { width: number; height: number }): Promise<Page> {
  const send = (method: string, params?: Json) => connection.send(method, params, sessionId);
  const requests: string[] = [];
  let loaded: (() => void) | undefined;
  connection.on((message) => {
    if (message['sessionId'] !== sessionId) return;
    const params = (message['params'] ?? {}) as Json;
    if (message['method'] === 'Network.requestWillBeSent') requests.push(String((params['request'] as Json)['url']));
    if (message['method'] === 'Page.loadEventFired') loaded?.();
  });
  await send('Page.enable');
  await send('Network.enable');
  await send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
  return {
    requests,
    async open(url, timeoutMs = 10_000) {
      const started = performance.now();
      const load = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${url} did not load within ${timeoutMs} ms`)), timeoutMs);
        loaded = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      await send('Page.navigate', { url });
      await load;
      return performance.now() - started;
    },
    async evaluate<T>(expression: string) {
      const result = (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as { result: { value: T }; exceptionDetails?: unknown };
      if (result.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(result.exceptionDetails)}`);
      return result.result.value;
    },
    async screenshot(fullPage = true) {
      const { data } = (await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: fullPage })) as { data: string };
      return Buffer.from(data, 'base64');
    },
  };
}
