/**
 * Anchors, aliases and explicit tags, found in the `yaml` Parser's token stream (CST) rather than in the
 * composed document: the CST keeps every one of them with its offset, including those on keys and empty
 * nodes, and walking it is cheap.
 */

export interface YamlMark {
  kind: 'anchor' | 'alias' | 'tag';
  /** As written, e.g. `&base`, `*base`, `!!str`. */
  source: string;
  offset: number;
}

const KINDS = new Set(['anchor', 'alias', 'tag']);

export function findMarks(tokens: readonly unknown[]): YamlMark[] {
  const marks: YamlMark[] = [];
  const stack: unknown[] = [...tokens];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item); // not push(...node): a token list may be longer than a call's arguments
    } else if (node !== null && typeof node === 'object') {
      const token = node as { type?: unknown; source?: unknown; offset?: unknown };
      if (typeof token.type === 'string' && KINDS.has(token.type) && typeof token.offset === 'number') {
        marks.push({ kind: token.type as YamlMark['kind'], source: String(token.source).trim(), offset: token.offset });
      }
      for (const value of Object.values(node)) if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return marks.sort((a, b) => a.offset - b.offset);
}
