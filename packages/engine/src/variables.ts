/**
 * Variable layers and expansion (workflow-syntax.md §8.3, §8.5 / gap 7). The schema has already merged root <
 * default < extends chain < job into `job.variables`; here the predefined layer goes underneath, and values are
 * expanded once.
 */

export type Env = Record<string, string>;

/** `$$`, `${NAME}` or `$NAME`; anything else after `$` stays as written. */
const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Expands `$NAME` / `${NAME}` in `value` with `lookup`; unknown names stay untouched (so `sh` can still expand
 * them at run time) and `$$` becomes `$`. One pass: a substituted value is not expanded again.
 */
export function expandValue(value: string, lookup: (name: string) => string | undefined): string {
  if (!value.includes('$')) return value;
  return value.replace(REFERENCE, (whole, dollar: string | undefined, braced: string | undefined, bare: string | undefined) => {
    if (dollar !== undefined) return '$';
    const found = lookup((braced ?? bare) as string);
    return found ?? whole;
  });
}

export interface LayerInput {
  /** Loom's variables (`LOOM_*`, `CI_*`): the lowest layer. */
  predefined: Env;
  /** The job's merged workflow variables (root < default < extends < job), unexpanded. */
  variables: Env;
  /**
   * What the job inherits under everything (the host environment for host jobs, nothing for Docker jobs).
   * Only references see it; it is not part of the result, the provider lays the result over it.
   */
  inherited?: Record<string, string | undefined>;
}

/**
 * The environment Loom gives a job: predefined < workflow/job variables, each workflow value expanded against
 * the merged set. A value that names its own variable (`PATH: $PATH:/opt/bin`) sees the layer below it
 * (predefined, then inherited), not itself, so extending an inherited value works and nothing loops.
 */
export function layerVariables(input: LayerInput): Env {
  const { predefined, variables, inherited = {} } = input;
  const below = (name: string): string | undefined => predefined[name] ?? inherited[name];
  const merged = (name: string): string | undefined => variables[name] ?? below(name);
  const result: Env = { ...predefined };
  for (const [name, raw] of Object.entries(variables)) {
    result[name] = expandValue(raw, (ref) => (ref === name ? below(ref) : merged(ref)));
  }
  return result;
}
