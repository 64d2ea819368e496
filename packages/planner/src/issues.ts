import type { Job, WorkflowIssue } from '@loom/schema';

/**
 * A planner issue in the schema's style: same code, a JSON pointer to the offending `needs` entry and the
 * job's source position (the schema gives positions per job, not per `needs` entry).
 */
export function needsIssue(job: Job, index: number, message: string): WorkflowIssue {
  return {
    code: 'WF_SCHEMA_V1',
    pointer: `/${job.name}/needs/${index}`,
    message,
    file: job.source.file,
    line: job.source.line,
    column: job.source.column,
  };
}
