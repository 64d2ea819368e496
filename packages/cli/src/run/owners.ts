/**
 * Which Loom runs of this user ended without cleaning up (SIGKILL, power loss of a terminal): each run leaves
 * an owner file `<dir>/<pid>.<start time>` while it runs, removed when the process exits. A file whose
 * process is gone means that run was killed — only then does the next run start the leftover sweeps (the
 * Docker one imports dockerode and asks the daemon: ~0.2 s a host-only run need not pay every time).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { startTimeOf } from '@loom/provider-host/leftovers';

/** Per user and machine, cleared by a reboot: XDG_RUNTIME_DIR, else /tmp — not TMPDIR, which differs per
 * shell or test while the runs it must connect are the machine's. */
export function ownersDir(env: NodeJS.ProcessEnv): string {
  return join(env['XDG_RUNTIME_DIR'] || '/tmp', `loom-${userInfo().uid}`, 'runs');
}

const registered = new Set<string>();

/** Records this process as a running Loom until it exits; best effort (a read-only temp dir only costs the
 * next run its sweep). */
export function registerOwner(dir: string): void {
  const file = join(dir, `${process.pid}.${startTimeOf(process.pid) ?? '0'}`);
  // Once per process: the preboot registers before its containers exist, the provider wiring again later.
  if (registered.has(file)) return;
  registered.add(file);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '');
    process.once('exit', () => rmSync(file, { force: true }));
  } catch {
    // nowhere to write: the sweeps just run less often
  }
}

/** The owner files of runs whose process is gone (no such pid, or a reused one). */
export function deadOwners(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => {
    const [pid, start] = name.split('.');
    return startTimeOf(Number(pid)) !== start;
  }).map((name) => join(dir, name));
}
