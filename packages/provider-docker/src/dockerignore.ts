/**
 * `.dockerignore` with Docker's semantics (moby/patternmatcher, as the docker CLI applies it): one pattern a
 * line, `#` comments, `!` re-includes, patterns are cleaned and a leading `/` dropped, `*` and `?` stop at
 * `/`, `**` spans directories, a pattern that matches a parent directory matches everything below it, and
 * the last matching pattern wins. Written here rather than adding a dependency: it is ~60 lines.
 */
export interface IgnoreRule {
  exclusion: boolean;
  regex: RegExp;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('#')) continue;
    let pattern = raw.trim();
    if (!pattern) continue;
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = pattern.slice(1).trim();
    pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    rules.push({ exclusion, regex: patternToRegex(pattern) });
  }
  return rules;
}

/** Go's filepath.Clean for slash paths: no `.`/empty segments, `..` folded where possible. */
function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !rooted) out.push(seg);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

function patternToRegex(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') i++;
      re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '\\') re += i + 1 < pattern.length ? `\\${pattern[++i]!}` : '\\\\';
    else if (ch === '[' && pattern[i + 1] === '!') {
      re += '[^';
      i++;
    } else if ('.+()|{}^$'.includes(ch)) re += `\\${ch}`;
    else re += ch;
  }
  return new RegExp(`${re}$`);
}

/** True when `relPath` (slash-separated, relative to the context) is excluded from the build context. */
export function isIgnored(rules: IgnoreRule[], relPath: string): boolean {
  const path = cleanPath(relPath);
  const parents = path.split('/').slice(0, -1);
  let matched = false;
  for (const rule of rules) {
    // An inclusion cannot change an already-excluded path, nor an exclusion a path not yet excluded.
    if (rule.exclusion !== matched) continue;
    let match = rule.regex.test(path);
    for (let i = 1; !match && i <= parents.length; i++) match = rule.regex.test(parents.slice(0, i).join('/'));
    if (match) matched = !rule.exclusion;
  }
  return matched;
}

/** Whether any rule re-includes paths: then an excluded directory must still be walked. */
export function hasExclusions(rules: IgnoreRule[]): boolean {
  return rules.some((r) => r.exclusion);
}
