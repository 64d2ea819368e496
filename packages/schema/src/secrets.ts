/** Job `secrets` (secrets.md §2): `NAME: {ref, file = true, required = true}`. */
import { expectBoolean, expectMapping, rejectUnknownKeys, requireKey, type Scope } from './checks.js';
import type { SecretDecl } from './model.js';
import { msg } from './messages.js';
import { child, type Place } from './report.js';
import { secretRefIssue } from './secret-refs.js';
import { has, VARIABLE_NAME } from './shapes.js';

const SECRET_KEYS = new Set(['ref', 'file', 'required']);

export function checkSecrets(scope: Scope, place: Place, value: unknown): void {
  if (!expectMapping(scope, place, value)) return;
  for (const [name, decl] of Object.entries(value)) {
    const at = child(place, name);
    if (!VARIABLE_NAME.test(name)) scope.report.error(at, msg.badSecretName(name), { at: 'key' });
    if (!expectMapping(scope, at, decl)) continue;
    rejectUnknownKeys(scope, at, decl, SECRET_KEYS, msg.secretUnknownKey());
    if (requireKey(scope, at, decl, 'ref', msg.secretMissingRef(name))) {
      const issue = secretRefIssue(name, decl.ref);
      if (issue !== undefined) scope.report.error(child(at, 'ref'), issue);
    }
    for (const flag of ['file', 'required']) if (has(decl, flag)) expectBoolean(scope, child(at, flag), decl[flag]);
  }
}

export function normaliseSecrets(value: Record<string, Record<string, unknown>> | undefined): Record<string, SecretDecl> {
  const out: Record<string, SecretDecl> = {};
  for (const [name, decl] of Object.entries(value ?? {})) {
    out[name] = { ref: decl.ref as string, file: (decl.file as boolean | undefined) ?? true, required: (decl.required as boolean | undefined) ?? true };
  }
  return out;
}
