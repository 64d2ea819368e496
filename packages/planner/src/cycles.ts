import type { Workflow, WorkflowIssue } from '@loom/schema';
import { needsIssue } from './issues.js';
import type { NeedEdge } from './needs.js';

export interface CycleIssue {
  issue: WorkflowIssue;
  order: number;
  index: number;
}

/**
 * Finds `needs` cycles among the valid edges with an iterative depth-first search (a long chain must not
 * overflow the stack). Each back edge is one cycle and one issue; the path starts at the cycle's first job
 * in document order, which is also where the issue points, like the schema's extends-cycle message.
 */
export function findNeedsCycles(workflow: Workflow, edges: ReadonlyMap<string, NeedEdge[]>): CycleIssue[] {
  const order = new Map(Object.keys(workflow.jobs).map((name, i) => [name, i]));
  const state = new Map<string, 'active' | 'done'>();
  const cycles: string[][] = [];
  for (const root of order.keys()) {
    if (!state.has(root)) walk(root, edges, state, cycles);
  }
  const seen = new Set<string>();
  const issues: CycleIssue[] = [];
  for (const cycle of cycles) {
    const path = rotateToFirst(cycle, order);
    const key = path.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(cycleIssue(workflow, edges, path, order));
  }
  return issues;
}

function walk(
  root: string,
  edges: ReadonlyMap<string, NeedEdge[]>,
  state: Map<string, 'active' | 'done'>,
  cycles: string[][],
): void {
  const stack: { name: string; next: number }[] = [{ name: root, next: 0 }];
  state.set(root, 'active');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const out = edges.get(frame.name) ?? [];
    if (frame.next >= out.length) {
      state.set(frame.name, 'done');
      stack.pop();
      continue;
    }
    const need = out[frame.next++]!.from;
    const seen = state.get(need);
    if (seen === 'active') {
      const start = stack.findIndex((f) => f.name === need);
      cycles.push(stack.slice(start).map((f) => f.name));
    } else if (seen === undefined) {
      state.set(need, 'active');
      stack.push({ name: need, next: 0 });
    }
  }
}

/** `[b, c, a]` → `[a, b, c]` when `a` comes first in the document (the edges stay the same). */
function rotateToFirst(cycle: string[], order: ReadonlyMap<string, number>): string[] {
  let first = 0;
  cycle.forEach((name, i) => {
    if ((order.get(name) ?? 0) < (order.get(cycle[first]!) ?? 0)) first = i;
  });
  return [...cycle.slice(first), ...cycle.slice(0, first)];
}

function cycleIssue(
  workflow: Workflow,
  edges: ReadonlyMap<string, NeedEdge[]>,
  path: string[],
  order: ReadonlyMap<string, number>,
): CycleIssue {
  const [head, second] = [path[0]!, path[1] ?? path[0]!];
  const index = edges.get(head)?.find((e) => e.from === second)?.index ?? 0;
  const message = `resolve needs cycle by removing one needs edge: ${[...path, head].join(' -> ')}`;
  return { issue: needsIssue(workflow.jobs[head]!, index, message), order: order.get(head) ?? 0, index };
}
