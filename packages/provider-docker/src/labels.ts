import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';

/** Label keys on every container, network and volume Loom creates. Owner labels say which process made it,
 * so a later run can tell a leftover (process gone) from a live run's object (see sweep.ts). */
export const Label = {
  runId: 'loom.run_id',
  jobId: 'loom.job_id',
  host: 'loom.host',
  bootId: 'loom.boot_id',
  pid: 'loom.pid',
  /** The process's start time in clock ticks since boot: a reused pid has another one. */
  pidStart: 'loom.pid_start',
  role: 'loom.role',
  service: 'loom.service',
} as const;

export type Role = 'job' | 'service' | 'network' | 'workspace' | 'data';

/** Containers kept by `keepFailed` are renamed with this prefix; the sweep leaves them alone. */
export const keptPrefix = 'loom-kept-';

/** This boot's id: pids are only comparable within one boot of one machine. */
export function bootId(): string {
  return processLabels()[Label.bootId]!;
}

/** Field 22 of /proc/<pid>/stat (start time), or undefined when the process does not exist. */
export function processStartTime(pid: number): string | undefined {
  const stat = readOr(`/proc/${pid}/stat`, '');
  // The command name (field 2) may contain spaces and parentheses: count fields after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return stat ? fields[19] : undefined;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

let cachedProcessLabels: Readonly<Record<string, string>> | undefined;

/** The labels that identify this process as the owner; read once (they cannot change while it runs). */
export function processLabels(): Readonly<Record<string, string>> {
  cachedProcessLabels ??= {
    [Label.host]: hostname(),
    [Label.bootId]: readOr('/proc/sys/kernel/random/boot_id', 'unknown').trim(),
    [Label.pid]: String(process.pid),
    [Label.pidStart]: processStartTime(process.pid) ?? '',
  };
  return cachedProcessLabels;
}

export function ownerLabels(runId: string, jobId: string, role: Role, extra: Record<string, string>): Record<string, string> {
  return { ...extra, [Label.runId]: runId, [Label.jobId]: jobId, [Label.role]: role, ...processLabels() };
}

/** A `filters` value for list calls: objects of one run's job. */
export function jobFilter(runId: string, jobId: string): { label: string[] } {
  return { label: [`${Label.runId}=${runId}`, `${Label.jobId}=${jobId}`] };
}

/** A readable, unique object name: `loom-<job>-<run tail>-<random>` within Docker's allowed characters. */
export function objectName(runId: string, jobId: string, suffix = ''): string {
  const clean = (s: string): string => s.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[-_.]+/, '');
  const parts = ['loom', clean(jobId).slice(0, 40), clean(runId).slice(-8), suffix && clean(suffix).slice(0, 30), randomBytes(3).toString('hex')];
  return parts.filter(Boolean).join('-');
}

/** An anonymous volume at `target` that carries the owner labels (and `role`): without them Docker's own
 * anonymous volumes could not be attributed to a job. It goes with its container (`remove({ v: true })`). */
export function labelledVolume(target: string, labels: Record<string, string>, role: Role, noCopy: boolean): Dockerode.MountSettings {
  return { Type: 'volume', Source: '', Target: target, VolumeOptions: { NoCopy: noCopy, Labels: { ...labels, [Label.role]: role }, DriverConfig: { Name: 'local', Options: {} } } };
}
