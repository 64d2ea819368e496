/** `variables` mappings (root, default, jobs, services): UPPER_SNAKE keys, string values only (§8.2). */
import { expectMapping, type Scope } from './checks.js';
import { msg } from './messages.js';
import { child, type Place } from './report.js';
import { kindOf, VARIABLE_NAME } from './shapes.js';
import { locate } from './source.js';

export function checkVariables(scope: Scope, place: Place, value: unknown): boolean {
  if (!expectMapping(scope, place, value)) return false;
  const before = scope.report.count;
  for (const [name, v] of Object.entries(value)) {
    const at = child(place, name);
    if (!VARIABLE_NAME.test(name)) scope.report.error(at, msg.badVariableName(name), { at: 'key' });
    if (typeof v === 'string') continue;
    const kind = kindOf(v);
    if (kind === 'number' || kind === 'boolean') scope.report.error(at, msg.quoteVariable(name, kind, writtenScalar(at) ?? String(v)));
    else scope.report.error(at, msg.variableNotString(name, kind));
  }
  return scope.report.count === before;
}

/** The scalar as written, so `VERSION: 1.10` is suggested as "1.10" rather than "1.1". */
function writtenScalar(place: Place): string | undefined {
  const { text } = place.doc;
  const start = locate(place.doc, place.path);
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? text.length : end);
  // Numbers and booleans never hold a comma or a flow bracket, so these cut a flow mapping's entry too.
  const written = line.split(/[ \t]+#|[,}\]]/)[0]?.trim();
  return written || undefined;
}
