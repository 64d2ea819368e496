/**
 * `loom run` flags (cli.md) as parsed by main.ts (cac), checked and normalised. Problems are LoomErrors: the
 * command turns them into a failed run with a receipt, since the repository is known by then.
 */
import type { EffectiveConfig, KeepassAlias } from '@loom/config';
import type { DockerWorkspaceMode } from '@loom/engine';
import { LoomError } from '@loom/errors';
import type { PlanOptions } from '@loom/planner';
import type { Verbosity } from '../reporter/reporter.js';
import { selectionOf } from './selection.js';

const MODES: readonly DockerWorkspaceMode[] = ['bind_mount', 'ephemeral_volume'];

/** What a run does differently per flag; `--local` is required, so it is not kept. */
export interface RunFlags {
  stream: boolean;
  verbosity: Verbosity;
  /** `--concurrency`, else `runtime.concurrency` of the runtime config. */
  concurrency: number;
  dockerWorkspaceMode: DockerWorkspaceMode;
  keepFailed: boolean;
  /** The cache store directory (`runtime.cache.dir`, absolute) for the cache feature. */
  cacheDir: string;
  /** `--cache-diff`: run twice, cache off then on, and quarantine the cache keys of jobs that diverge. */
  cacheDiff: boolean;
  /** KeePass aliases and the 1Password token env NAME, for the secret resolver. */
  keepassAliases: Record<string, KeepassAlias>;
  opTokenEnv: string;
  /** The effective runtime config with origins (the flag's override included), recorded with the run. */
  runtimeConfig: EffectiveConfig;
  /** `--job`, `--no-needs`, `--variable`: what the planner selects and overrides. */
  selection: PlanOptions;
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

/** `--docker-workspace-mount` > the runtime config (`LOOM_DOCKER_WORKSPACE_MOUNT` > repo file > user file > `ephemeral_volume`). */
function mountModeOf(flag: unknown, runtime: EffectiveConfig): DockerWorkspaceMode {
  if (flag === undefined) return runtime.config.runtime.docker.workspaceMount;
  if (MODES.includes(flag as DockerWorkspaceMode)) return flag as DockerWorkspaceMode;
  throw usage(`--docker-workspace-mount expects bind_mount or ephemeral_volume; got ${JSON.stringify(flag)}`, 'bind_mount shares the isolated workspace with the container; ephemeral_volume (default) gives it a copy');
}

/** The effective config as this run uses it: the flags that override a config value say so in its origin. */
function withFlags(runtime: EffectiveConfig, overrides: Record<string, [string, number | string | undefined]>): EffectiveConfig {
  const values = runtime.values.map((v) => {
    const [flag, value] = overrides[v.key] ?? ['', undefined];
    return value === undefined ? v : { ...v, value, origin: { layer: 'flag' as const, source: flag } };
  });
  return { ...runtime, values };
}

function verbosityOf(options: Record<string, unknown>): Verbosity {
  if (options['quiet'] && options['verbose']) throw usage('--quiet and --verbose cannot be used together', 'pick one');
  return options['quiet'] ? 'quiet' : options['verbose'] ? 'verbose' : 'default';
}

/** Only what can be read without failing; `checkFlags` says what is wrong. */
export function workflowFlag(options: Record<string, unknown>): string {
  return typeof options['workflow'] === 'string' ? options['workflow'] : '.loom/workflow.yml';
}

export function parseRunFlags(options: Record<string, unknown>, runtime: EffectiveConfig): RunFlags {
  if (!options['local']) {
    throw usage('remote execution is not available: loom run needs --local', 'run `loom run --local` to run the workflow on this machine');
  }
  const concurrency = concurrencyOf(options['concurrency']);
  const mountFlag = options['dockerWorkspaceMount'];
  const { config } = runtime;
  return {
    stream: Boolean(options['stream']),
    verbosity: verbosityOf(options),
    concurrency: concurrency ?? config.runtime.concurrency,
    dockerWorkspaceMode: mountModeOf(mountFlag, runtime),
    keepFailed: Boolean(options['keepFailed']),
    cacheDir: config.runtime.cache.dir,
    cacheDiff: Boolean(options['cacheDiff']),
    keepassAliases: config.providers.keepass.aliases,
    opTokenEnv: config.providers.op.serviceAccountTokenEnv,
    selection: selectionOf(options),
    runtimeConfig: withFlags(runtime, {
      'runtime.docker.workspaceMount': ['--docker-workspace-mount', mountFlag === undefined ? undefined : String(mountFlag)],
      'runtime.concurrency': ['--concurrency', concurrency],
    }),
  };
}

/** `LOOM_DEBUG_TRACE`: anything but empty, 0, false, no, off. */
export function debugTraceOf(env: NodeJS.ProcessEnv): boolean {
  const value = (env['LOOM_DEBUG_TRACE'] ?? '').trim().toLowerCase();
  return !['', '0', 'false', 'no', 'off'].includes(value);
}
