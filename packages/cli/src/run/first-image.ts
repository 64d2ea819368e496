import { readFileSync } from 'node:fs';

/** The value of the workflow's first `image:` line (plain or `image: {name: …}` forms aside), if any: the
 * guess a container is booted for before the workflow is parsed (preboot.ts, early-boot.ts). */
export function firstImageOf(workflowPath: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(workflowPath, 'utf8');
  } catch {
    return undefined;
  }
  return /^[ \t]*image:[ \t]*["']?([^\s"'#{}[\]]+)["']?[ \t]*(?:#.*)?$/m.exec(text)?.[1];
}
