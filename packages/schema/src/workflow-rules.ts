/** `workflow:` (§9): only `rules`, a sequence of `{if: <non-empty string>}`. Validated, never evaluated. */
import { rejectUnknownKeys, type Scope } from './checks.js';
import { msg } from './messages.js';
import { child, type Place } from './report.js';
import { has, isMapping } from './shapes.js';

const WORKFLOW_KEYS = new Set(['rules']);
const RULE_KEYS = new Set(['if']);

export function checkWorkflowKey(scope: Scope, place: Place, value: unknown): { if: string }[] {
  if (!isMapping(value)) {
    scope.report.error(place, msg.workflowNotMapping());
    return [];
  }
  rejectUnknownKeys(scope, place, value, WORKFLOW_KEYS, msg.workflowUnknownKey());
  if (!has(value, 'rules')) return [];
  const rulesPlace = child(place, 'rules');
  if (!Array.isArray(value.rules)) {
    scope.report.error(rulesPlace, msg.rulesNotSequence());
    return [];
  }
  const rules: { if: string }[] = [];
  value.rules.forEach((rule, i) => {
    const at = child(rulesPlace, i);
    if (!isMapping(rule)) return scope.report.error(at, msg.rulesNotSequence());
    rejectUnknownKeys(scope, at, rule, RULE_KEYS, msg.ruleUnknownKey());
    if (!has(rule, 'if')) return scope.report.error(at, msg.ruleMissingIf());
    if (typeof rule.if !== 'string' || rule.if.trim() === '') return scope.report.error(child(at, 'if'), msg.ruleIf());
    rules.push({ if: rule.if });
  });
  return rules;
}
