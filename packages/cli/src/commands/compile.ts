/**
 * `loom compile --workflow <path>`: the plan's Graph IR as pretty JSON on stdout; issues on stderr as
 * `workflow.yml:<line> <message>` with exit 1. Writes no receipt (gap 21: compile is an inspection tool;
 * `loom check` is the validator that leaves a record). Does not read runtime config.
 */
import { resolve } from 'node:path';
import { loadWorkflow, printLines } from '../load-workflow.js';
import { repoRootOf } from '../repo-root.js';

export async function compileCommand(options: { workflow: string }): Promise<number> {
  const workflowPath = resolve(process.cwd(), options.workflow);
  const loaded = await loadWorkflow({ workflowPath, repoRoot: repoRootOf(workflowPath) });
  printLines(loaded.warningLines);
  if (!loaded.ok) {
    printLines(loaded.lines);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(loaded.plan.graphIr, null, 2)}\n`);
  return 0;
}
