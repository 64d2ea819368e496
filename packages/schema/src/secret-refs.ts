/**
 * The provider URI of a secret (secrets.md §5), checked statically so `loom check` and `loom run` reject a
 * malformed ref at its line, before any job runs. The message carries the run-time code,
 * `SECRETS_REF_INVALID`, and says what to write. The same grammar is parsed at run time by `@loom/secrets`.
 */
const SHAPES = {
  env: 'env://<NAME>, e.g. env://DEPLOY_TOKEN',
  keepass: 'keepass://<alias>#<entry-path>:<field>, e.g. keepass://local#services/db:password',
  op: 'op://<vault>/<item-path>/<field>, e.g. op://Engineering/services/deploy/token',
} as const;

function problem(ref: string): { what: string; shape: string } | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(ref)?.[1];
  const rest = scheme === undefined ? '' : ref.slice(scheme.length + 3);
  if (scheme === 'env') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest) ? undefined : { what: 'env:// needs one variable name', shape: SHAPES.env };
  if (scheme === 'keepass') return keepassProblem(rest);
  if (scheme === 'op') return opProblem(rest);
  const what = scheme === undefined ? 'not a provider URI' : `unknown scheme ${scheme}://`;
  return { what, shape: `${SHAPES.env}; ${SHAPES.keepass}; or ${SHAPES.op}` };
}

function keepassProblem(rest: string): { what: string; shape: string } | undefined {
  const hash = rest.indexOf('#');
  const target = rest.slice(hash + 1);
  const colon = target.lastIndexOf(':');
  const what =
    hash < 0 ? 'no "#" after the database alias'
    : hash === 0 || /\s/.test(rest.slice(0, hash)) || rest.slice(0, hash).split('/').includes('') ? 'the database alias is empty or malformed'
    : colon < 0 ? 'no ":<field>" after the entry path'
    : target.slice(0, colon).split('/').includes('') ? 'the entry path has an empty segment'
    : colon === target.length - 1 ? 'the field after the last ":" is empty'
    : undefined;
  return what === undefined ? undefined : { what, shape: SHAPES.keepass };
}

function opProblem(rest: string): { what: string; shape: string } | undefined {
  const segments = rest.split('/');
  const what =
    /[?#]/.test(rest) ? 'op:// refs take no query string or fragment'
    : segments.length < 3 ? 'op:// needs a vault, an item path and a field'
    : segments.some((s) => s.trim() === '') ? 'a segment is empty'
    : undefined;
  return what === undefined ? undefined : { what, shape: SHAPES.op };
}

/** The issue message for a bad ref of secret `name`, or undefined when the ref is well formed. */
export function secretRefIssue(name: string, ref: unknown): string | undefined {
  if (typeof ref !== 'string') return `SECRETS_REF_INVALID: set ref of secret "${name}" to a provider URI string: ${SHAPES.env}; ${SHAPES.keepass}; or ${SHAPES.op}`;
  const found = problem(ref);
  return found && `SECRETS_REF_INVALID: fix ref of secret "${name}" (${found.what}): write ${found.shape}`;
}
