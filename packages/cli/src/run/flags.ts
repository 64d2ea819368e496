/**
 * `loom run` flags (cli.md) as parsed by main.ts (cac), checked and normalised. Problems are LoomErrors: the
 * command turns them into a failed run with a receipt, since the repository is known by then.
 */
import type { DockerWorkspaceMode } from '@loom/engine';
import { LoomError } from '@loom/errors';
import type { Verbosity } from '../reporter/reporter.js';

const MODES: readonly DockerWorkspaceMode[] = ['bind_mount', 'ephemeral_volume'];

/** What a run does differently per flag; `--local` is required and `--cache-diff` refused, so neither is kept. */
export interface RunFlags {
  stream: boolean;
  verbosity: Verbosity;
  concurrency?: number;
  dockerWorkspaceMode: DockerWorkspaceMode;
  keepFailed: boolean;
}

const usage = (message: string, hint: string) => new LoomError('CLI_RUN_USAGE', message, { hint });

function concurrencyOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw usage(`--concurrency expects a whole number of jobs, 1 or more; got ${JSON.stringify(value)}`, 'e.g. --concurrency 4 (default: the number of CPUs)');
  }
  return n;
}

/** `--docker-workspace-mount` > `LOOM_DOCKER_WORKSPACE_MOUNT` > `ephemeral_volume` (runtime config comes later). */
function mountModeOf(flag: unknown, env: string | undefined): DockerWorkspaceMode {
  const [value, from] = flag !== undefined ? [flag, '--docker-workspace-mount'] : env ? [env, 'LOOM_DOCKER_WORKSPACE_MOUNT'] : ['ephemeral_volume', ''];
  if (MODES.includes(value as DockerWorkspaceMode)) return value as DockerWorkspaceMode;
  throw usage(`${from} expects bind_mount or ephemeral_volume; got ${JSON.stringify(value)}`, 'bind_mount shares the isolated workspace with the container; ephemeral_volume (default) gives it a copy');
}

function verbosityOf(options: Record<string, unknown>): Verbosity {
  if (options['quiet'] && options['verbose']) throw usage('--quiet and --verbose cannot be used together', 'pick one');
  return options['quiet'] ? 'quiet' : options['verbose'] ? 'verbose' : 'default';
}

/** Only what can be read without failing; `checkFlags` says what is wrong. */
export function workflowFlag(options: Record<string, unknown>): string {
  return typeof options['workflow'] === 'string' ? options['workflow'] : '.loom/workflow.yml';
}

export function parseRunFlags(options: Record<string, unknown>, env: NodeJS.ProcessEnv): RunFlags {
  if (!options['local']) {
    throw usage('remote execution is not available: loom run needs --local', 'run `loom run --local` to run the workflow on this machine');
  }
  if (options['cacheDiff']) {
    throw usage('--cache-diff is not supported yet', 'run without --cache-diff; cache verification comes with the cache feature');
  }
  const concurrency = concurrencyOf(options['concurrency']);
  return {
    stream: Boolean(options['stream']),
    verbosity: verbosityOf(options),
    ...(concurrency === undefined ? {} : { concurrency }),
    dockerWorkspaceMode: mountModeOf(options['dockerWorkspaceMount'], env['LOOM_DOCKER_WORKSPACE_MOUNT']),
    keepFailed: Boolean(options['keepFailed']),
  };
}

/** `LOOM_DEBUG_TRACE`: anything but empty, 0, false, no, off. */
export function debugTraceOf(env: NodeJS.ProcessEnv): boolean {
  const value = (env['LOOM_DEBUG_TRACE'] ?? '').trim().toLowerCase();
  return !['', '0', 'false', 'no', 'off'].includes(value);
}
