/** `loom run` (cli.md). `../run/start.ts` is the light front; repository-level LoomErrors end in main.ts. */
import { startRun } from '../run/start.js';

export async function runCommand(argv: string[], options: Record<string, unknown>): Promise<number> {
  return startRun(argv, options);
}
