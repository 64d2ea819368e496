import type { Job, WorkflowIssue } from '@loom/schema';

/**
 * A planner issue in the schema's style: same code, a JSON pointer to the offending `needs` entry and that
 * entry's source position (the job's own position when the schema has none for it, e.g. a built model).
 */
export function needsIssue(job: Job, index: number, message: string): WorkflowIssue {
  const at = job.needsSource?.[index] ?? job.source;
  return {
    code: 'WF_SCHEMA_V1',
    pointer: `/${job.name}/needs/${index}`,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
  };
}
