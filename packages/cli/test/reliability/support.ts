/**
 * The reliability suite's tools: throwaway repositories with a given workflow, the built CLI started with a
 * per-run marker in its environment, what a run left behind (Docker objects by the run's pid label,
 * processes by the marker), a proxy Docker socket that can be cut, and one that never answers.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, type Socket, createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { type LoomRun, runTmpdirOf, startLoom } from '../run-harness.js';

/** CI runs the short form; `pnpm reliability` sets LOOM_RELIABILITY=long for the full counts. */
export const longForm = process.env['LOOM_RELIABILITY'] === 'long';
export const iterations = (ci: number, long: number): number => (longForm ? long : ci);

/** A seeded generator, so a failing random moment can be replayed (the seed is in the test title). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export const seed = Number(process.env['LOOM_RELIABILITY_SEED'] ?? Date.now() % 100_000);

export function useRepos() {
  const tempDir = useTempDirs('loom-reliability-');
  return async (files: Record<string, string>): Promise<string> => {
    const root = tempDir();
    mkdirSync(join(root, 'tmp'));
    mkdirSync(join(root, 'repo'));
    const repo = await createGitRepo(join(root, 'repo'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
      writeFileSync(join(repo.dir, path), text);
    }
    await repo.commitAll('reliability case');
    return repo.dir;
  };
}

export interface Started {
  pid: number;
  marker: string;
  done: Promise<LoomRun>;
  exitedAt: () => number | undefined;
  signal(sig: NodeJS.Signals): number;
}

/** `loom run --local` with LOOM_RELIABILITY_MARKER=<random> inherited by every process it starts. */
export function startRun(cwd: string, env: Record<string, string> = {}): Started {
  const marker = `loom-rel-${randomBytes(6).toString('hex')}`;
  const { child, done } = startLoom(['run', '--local'], { cwd, env: { LOOM_RELIABILITY_MARKER: marker, LOOM_REL_SECRET: 'rel-secret-value', ...env } });
  let exited: number | undefined;
  child.once('exit', () => (exited = Date.now()));
  return {
    pid: child.pid as number,
    marker,
    done,
    exitedAt: () => exited,
    signal(sig) {
      child.kill(sig);
      return Date.now();
    },
  };
}

/** What is left under the secret files' root of runs in `cwd` (`<TMPDIR>/loom-secrets`, TMPDIR as
 * `startLoom` sets it): run directories, job directories and files, as paths relative to the root. */
export function secretFilesOf(cwd: string): string[] {
  const root = join(runTmpdirOf(cwd), 'loom-secrets');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true }).map(String).sort();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Waits for a job container of `run`; fails with loom's output if loom ended first (e.g. it could not start). */
export async function firstJobContainer(run: Started): Promise<void> {
  const ended = run.done.then((r) => {
    throw new Error(`loom exited (${r.code ?? r.signal}) before a job container ran:\n${r.stderr}`);
  });
  ended.catch(() => undefined); // handled by the race below; later it no longer matters
  await Promise.race([waitFor(() => runningContainersOf(run.pid).length > 0, 20_000, 'a job container'), ended]);
}

/** Processes (other than this test's) whose environment carries `marker`: what a run left running. */
export function processesWith(marker: string): number[] {
  const needle = Buffer.from(`LOOM_RELIABILITY_MARKER=${marker}\0`);
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`).includes(needle) && !/^Z/.test(procState(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

function procState(pid: string): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2);
}

/** Docker objects labelled with Loom's pid `pid`: containers, networks and volumes left by that run. */
export function dockerObjectsOf(pid: number): string[] {
  const label = `label=loom.pid=${pid}`;
  const list = (...args: string[]): string[] => {
    const out = spawnSync('docker', [...args, '--filter', label], { encoding: 'utf8' }).stdout.trim();
    return out ? out.split('\n') : [];
  };
  return [
    ...list('ps', '-a', '--format', 'container {{.Names}} {{.Status}}'),
    ...list('network', 'ls', '--format', 'network {{.Name}}'),
    ...list('volume', 'ls', '--format', 'volume {{.Name}}'),
  ];
}

/** Running containers of Loom pid `pid` (stopped-and-removing ones do not count). */
export function runningContainersOf(pid: number): string[] {
  const out = spawnSync('docker', ['ps', '--filter', `label=loom.pid=${pid}`, '--filter', 'status=running', '-q'], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n') : [];
}

/** Removes what a failed test left (so one failure does not cascade). */
export function removeDockerObjectsOf(pid: number): void {
  const ids = (args: string[]): string[] => spawnSync('docker', [...args, '--filter', `label=loom.pid=${pid}`, '-q'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const containers = ids(['ps', '-a']);
  if (containers.length) spawnSync('docker', ['rm', '-f', '-v', ...containers]);
  const networks = ids(['network', 'ls']);
  if (networks.length) spawnSync('docker', ['network', 'rm', ...networks]);
  const volumes = ids(['volume', 'ls']);
  if (volumes.length) spawnSync('docker', ['volume', 'rm', ...volumes]);
}

export interface ReceiptView {
  path: string;
  json: Record<string, unknown>;
}

/** The receipt named by the run's last line; throws when there is none or it is not valid JSON. */
export function receiptOf(run: LoomRun): ReceiptView {
  const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
  const match = /^receipt: (\/.+)$/.exec(last);
  if (!match?.[1]) throw new Error(`no receipt line; loom exited ${run.code ?? run.signal}:\n${run.stderr}`);
  return { path: match[1], json: JSON.parse(readFileSync(match[1], 'utf8')) as Record<string, unknown> };
}

/** A unix socket that forwards to the real daemon until `cut()` drops every connection and stops listening,
 * or `freeze()` keeps every connection open but forwards nothing more (a hung daemon). */
export interface DockerProxy {
  host: string;
  cut(): void;
  freeze(): void;
  close(): void;
}

export async function dockerProxy(dir: string, target = '/var/run/docker.sock'): Promise<DockerProxy> {
  const path = join(dir, `docker-proxy-${randomBytes(3).toString('hex')}.sock`);
  const sockets = new Set<Socket>();
  let frozen = false;
  const keep = (s: Socket): void => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  };
  const server = createServer((client) => {
    keep(client);
    if (frozen) return;
    const upstream = createConnection(target);
    keep(upstream);
    client.pipe(upstream).pipe(client);
  });
  await listen(server, path);
  const cut = (): void => {
    server.close();
    for (const s of sockets) s.destroy();
    rmSync(path, { force: true });
  };
  const freeze = (): void => {
    frozen = true;
    for (const s of sockets) {
      s.unpipe();
      s.pause();
    }
  };
  return { host: `unix://${path}`, cut, freeze, close: cut };
}

/** A unix socket that accepts connections and never answers. */
export async function silentSocket(dir: string): Promise<DockerProxy> {
  const path = join(dir, `docker-silent-${randomBytes(3).toString('hex')}.sock`);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
  });
  await listen(server, path);
  const close = (): void => {
    server.close();
    for (const s of sockets) s.destroy();
    rmSync(path, { force: true });
  };
  return { host: `unix://${path}`, cut: close, freeze: () => undefined, close };
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
}

export const dockerAvailable = spawnSync('docker', ['image', 'inspect', 'loom-local/busybox:latest'], { stdio: 'ignore' }).status === 0;

export { runTmpdirOf };
