/**
 * Literal multi-string search and replace with leftmost-longest semantics, one-shot or streaming. The masker
 * keeps two: one over text, one over raw bytes (as latin1 strings).
 */
export interface SecretMatcher {
  readonly size: number;
  /** First registration of a value wins. */
  add(value: string, replacement: string): void;
  replaceAll(text: string): string;
  /** Replaces what is decided in `text` and returns the tail that could still become a match. */
  replaceStreaming(text: string): { done: string; held: string };
}

interface Compiled {
  re: RegExp;
  /** Longest first, so the regex alternation (which takes the first alternative that matches) is longest. */
  values: string[];
  firstChars: Set<string>;
  maxLength: number;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createSecretMatcher(): SecretMatcher {
  const replacements = new Map<string, string>();
  let compiled: Compiled | undefined;

  function compile(): Compiled {
    const values = [...replacements.keys()].sort((a, b) => b.length - a.length);
    compiled = {
      re: new RegExp(values.map(escapeRegExp).join('|'), 'g'),
      values,
      firstChars: new Set(values.map((v) => v[0] ?? '')),
      maxLength: values[0]?.length ?? 0,
    };
    return compiled;
  }

  const lookup = (match: string): string => replacements.get(match) ?? match;

  /** Earliest position ≥ `from` whose rest of `text` is a proper prefix of a value: a match may start there. */
  function heldFrom(text: string, from: number, c: Compiled): number {
    for (let q = Math.max(from, text.length - c.maxLength + 1); q < text.length; q++) {
      if (!c.firstChars.has(text[q] as string)) continue;
      const tail = text.slice(q);
      if (c.values.some((v) => v.length > tail.length && v.startsWith(tail))) return q;
    }
    return text.length;
  }

  return {
    get size() {
      return replacements.size;
    },
    add(value, replacement) {
      if (value.length === 0 || replacements.has(value)) return;
      replacements.set(value, replacement);
      compiled = undefined;
    },
    replaceAll(text) {
      if (replacements.size === 0) return text;
      const c = compiled ?? compile();
      return text.replace(c.re, lookup);
    },
    replaceStreaming(text) {
      if (replacements.size === 0) return { done: text, held: '' };
      const c = compiled ?? compile();
      let done = '';
      let i = 0;
      let hold = heldFrom(text, 0, c);
      for (;;) {
        c.re.lastIndex = i;
        const m = c.re.exec(text);
        // A match starting at or after `hold` is not decided yet: a longer value may still match there.
        if (m === null || m.index >= hold) break;
        done += text.slice(i, m.index) + lookup(m[0]);
        i = m.index + m[0].length;
        if (hold < i) hold = heldFrom(text, i, c);
      }
      return { done: done + text.slice(i, hold), held: text.slice(hold) };
    },
  };
}
