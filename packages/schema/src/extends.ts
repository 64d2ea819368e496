/**
 * `extends` resolution (§6): each definition's template chain, base first, with cycle detection. A failure
 * is reported once, where it is (missing template, concrete job named, the first edge of a cycle); every
 * definition that depends on it silently fails too, so no job reports a cascade.
 */
import { ownerText } from './checks.js';
import type { Definition } from './definitions.js';
import { msg } from './messages.js';
import type { Place, Report } from './report.js';

/** Templates to merge below a definition (base first); undefined when its chain is broken. */
export type Chain = Definition[] | undefined;

interface Frame {
  def: Definition;
  /** The `extends` entry being followed from this definition. */
  ref: Place | undefined;
}

/** `definitionsComplete` is false when an include failed: a missing template is then not reported again. */
export function resolveChains(defs: ReadonlyMap<string, Definition>, report: Report, definitionsComplete = true): Map<Definition, Chain> {
  const chains = new Map<Definition, Chain>();
  const stack: Frame[] = [];

  const visit = (def: Definition): Chain => {
    if (chains.has(def)) return chains.get(def);
    if (!def.layer || !def.refs) {
      chains.set(def, undefined);
      return undefined;
    }
    const frame: Frame = { def, ref: undefined };
    stack.push(frame);
    const chain: Definition[] = [];
    let failed = false;
    for (const ref of def.refs) {
      frame.ref = ref.place;
      const parent = defs.get(ref.name);
      if (!parent) {
        if (definitionsComplete) report.error(ref.place, msg.missingTemplate(ref.name, ownerText(def.layer.owner)));
      }
      else if (!parent.template) report.error(ref.place, msg.extendsConcrete(ref.name));
      else if (stack.some((f) => f.def === parent)) reportCycle(stack, parent, report);
      else {
        const above = visit(parent);
        if (above) for (const d of [...above, parent]) if (!chain.includes(d)) chain.push(d);
        failed ||= !above;
        continue;
      }
      failed = true;
    }
    stack.pop();
    const result = failed ? undefined : chain;
    chains.set(def, result);
    return result;
  };

  for (const def of defs.values()) visit(def);
  return chains;
}

function reportCycle(stack: readonly Frame[], parent: Definition, report: Report): void {
  const start = stack.findIndex((f) => f.def === parent);
  const cycle = [...stack.slice(start).map((f) => f.def.name), parent.name];
  report.error((stack[start] as Frame).ref as Place, msg.extendsCycle(cycle));
}
