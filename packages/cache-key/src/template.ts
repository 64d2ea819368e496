/**
 * `$name` / `${name}` placeholders, expanded from `vars` the way GitLab CI expands cache keys: an unset
 * variable expands to the empty string, and `$$` is a literal `$`. Pure.
 */
const PLACEHOLDER = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function expandKeyTemplate(template: string, vars: Readonly<Record<string, string | undefined>>): string {
  return template.replace(PLACEHOLDER, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    return vars[(braced ?? bare) as string] ?? '';
  });
}
