/**
 * The container booted for a guess — the workflow's first `image:` line, read before the workflow is
 * parsed — by bin.ts's early boot (early-boot.ts) or, when that did not run, the light front (preboot.ts).
 */
import { readFileSync } from 'node:fs';
import { createPreboots, type Preboots } from '@loom/provider-docker/preboot';
import { ownersDir, registerOwner } from './owners.js';

/** The longest the CLI's loading waits for a booted container's start request to be written: every answer
 * awaited while the thread compiles modules waits for the thread. */
export const startsSentCapMs = 60;

/** The value of the workflow's first `image:` line (plain or `image: {name: …}` forms aside), if any. */
export function firstImageOf(workflowPath: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(workflowPath, 'utf8');
  } catch {
    return undefined;
  }
  return /^[ \t]*image:[ \t]*["']?([^\s"'#{}[\]]+)["']?[ \t]*(?:#.*)?$/m.exec(text)?.[1];
}

/** Boots a container of `image` for run `runId`, for whichever job of that image starts first. */
export function bootGuess(runId: string, image: string, env: NodeJS.ProcessEnv): Preboots {
  // Before any container exists: a Loom killed from here on leaves its owner file, so the next run sweeps.
  registerOwner(ownersDir(env));
  const preboots = createPreboots({ runId });
  preboots.guess(image);
  return preboots;
}
