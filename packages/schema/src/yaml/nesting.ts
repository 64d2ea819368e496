/**
 * Nesting depth of a `yaml` token stream (CST), measured without recursion: the `yaml` Composer and toJS
 * recurse once per level and overflow the stack near 5,000 levels, so depth is checked before composing.
 * `yaml`'s Parser itself recurses when it closes thousands of levels at once (`- - - …` then a dedent);
 * for that case `estimatedDeepest` finds where the text passes the limit without parsing it.
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

/**
 * Where the text first nests deeper than `limit`, estimated line by line: open block indentation levels,
 * compact `- ` items, and open flow brackets (outside quotes and comments). Used only after `yaml`'s Parser
 * overflowed the stack, i.e. at thousands of levels, where the estimate's small errors do not matter.
 */
export function estimatedDeepest(text: string, limit: number): number {
  const indents: number[] = [];
  let flow = 0;
  let deepest = { depth: -1, offset: 0 };
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start);
    let p = start;
    while (text[p] === ' ') p++;
    if (p < end && text[p] !== '#' && flow === 0) {
      while (indents.length > 0 && (indents.at(-1) as number) >= p - start) indents.pop();
      indents.push(p - start);
      while (text[p] === '-' && text[p + 1] === ' ') {
        if (indents.length > limit) return p;
        p += 2;
        while (text[p] === ' ') p++;
        indents.push(p - start);
      }
    }
    for (let quote = ''; p < end; p++) {
      const c = text[p] as string;
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (p === start || text[p - 1] === ' ')) break;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      const depth = indents.length + flow;
      if (depth > limit) return p;
      if (depth > deepest.depth) deepest = { depth, offset: p };
    }
    start = end + 1;
  }
  return deepest.offset;
}
