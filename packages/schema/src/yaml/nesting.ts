/**
 * Nesting depth of a `yaml` token stream (CST), measured without recursion: the `yaml` Composer and toJS
 * recurse once per level and overflow the stack near 5,000 levels, so depth is checked before composing.
 */

interface CstCollection {
  type: string;
  offset: number;
  items?: { key?: unknown; value?: unknown }[];
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Offset of the first collection nested deeper than `limit` levels, or undefined. */
export function pastNestingLimit(tokens: readonly unknown[], limit: number): number | undefined {
  const stack: [unknown, number][] = tokens.map((t) => [t, 0]);
  let found: number | undefined;
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [unknown, number];
    if (token === null || typeof token !== 'object') continue;
    const node = token as CstCollection & { value?: unknown };
    if (node.type === 'document') {
      stack.push([node.value, depth]);
      continue;
    }
    if (!COLLECTIONS.has(node.type)) continue;
    const level = depth + 1;
    if (level > limit) {
      // Report the first one in the text, whatever the walk order.
      if (found === undefined || node.offset < found) found = node.offset;
      continue;
    }
    for (const item of node.items ?? []) stack.push([item.key, level], [item.value, level]);
  }
  return found;
}
