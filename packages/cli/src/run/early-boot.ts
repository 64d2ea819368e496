/**
 * The first thing a plain `loom run --local` does, before the CLI itself loads (issue 15): the container
 * the light front would boot ahead for the workflow's first image (preboot.ts) is asked of the daemon from
 * here, and the CLI loads only once its start request is written (every answer awaited while the thread
 * compiles modules waits for the thread). Anything that could move the workflow or change whether
 * containers are booted ahead (`--workflow`, `--cache-diff`, `--docker-workspace-mount`, a runtime config
 * file, `LOOM_NO_PREBOOT`, `LOOM_DOCKER_WORKSPACE_MOUNT`) leaves it to the light front. The front adopts what
 * was booted here when its own decision agrees (early-handoff.ts), and discards it otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoConfigPath, userConfigPath } from '@loom/config';
import { findRepoRoot } from '../repo-root.js';
import { runIds, systemClock } from './clock.js';
import { handOver } from './early-handoff.js';
import { bootGuess, firstImageOf, startsSentCapMs } from './guess-boot.js';
import { atMost } from './lingering.js';

const decidedLater = ['--workflow', '--cache-diff', '--docker-workspace-mount', '--help', '-h'];

/** Boots the guessed container when this is a plain local run of a workflow that names an image; resolves
 * once its start request is written (at most `startsSentCapMs`), at once when nothing was booted. */
export async function bootEarly(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const target = earlyBootTarget(argv, env, cwd);
  if (!target) return;
  const ids = runIds(systemClock());
  const preboots = bootGuess(ids.runId, target.image, env);
  handOver({ ids, workflowPath: target.workflowPath, preboots });
  await atMost(preboots.startsSent(), startsSentCapMs);
}

/** The workflow and image to boot for, when nothing later could decide otherwise. */
export function earlyBootTarget(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): { workflowPath: string; image: string } | undefined {
  if (argv[0] !== 'run' || !argv.includes('--local') || argv.some((arg) => decidedLater.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) return undefined;
  if (env['LOOM_NO_PREBOOT'] || env['LOOM_DOCKER_WORKSPACE_MOUNT']) return undefined;
  const repoRoot = findRepoRoot(cwd);
  if (repoRoot === undefined || existsSync(repoConfigPath(repoRoot)) || existsSync(userConfigPath({ env }))) return undefined;
  const workflowPath = join(repoRoot, '.loom', 'workflow.yml');
  const image = firstImageOf(workflowPath);
  return image === undefined ? undefined : { workflowPath, image };
}
