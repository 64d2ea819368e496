/**
 * What a failed run prints before its receipt line: the failing job, step, command, exit code, the events
 * path and the last output lines — read back from the record through `@loom/runtime-logs/reader`, so the
 * terminal shows exactly what the files say.
 */
import type { FailureEvidence } from '@loom/runtime-logs/reader';

const LAST_LINES = 20;

export async function readEvidence(receiptPath: string): Promise<FailureEvidence | undefined> {
  const { findFailure } = await import('@loom/runtime-logs/reader');
  return findFailure(receiptPath, { lastLines: LAST_LINES });
}

export function formatEvidence(evidence: FailureEvidence): string[] {
  const lines: string[] = [];
  if (evidence.jobId === undefined) lines.push('failed: the run, outside any job');
  else if (evidence.stepIndex !== undefined) lines.push(`failed: job ${evidence.jobId}, step ${evidence.stepIndex}`);
  else lines.push(`failed: job ${evidence.jobId}, in ${evidence.section}`);
  if (evidence.command !== undefined) lines.push(`  command:   ${evidence.command}`);
  if (evidence.exitCode !== undefined) lines.push(`  exit code: ${evidence.exitCode}`);
  for (const error of evidence.errors ?? []) lines.push(`  error:     ${error.code}: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ''}`);
  lines.push(`  events:    ${evidence.eventsPath}`);
  if (evidence.lastLines.length > 0) {
    lines.push(`  last ${evidence.lastLines.length} output line(s):`);
    for (const line of evidence.lastLines) lines.push(`    | ${line}`);
  }
  return lines;
}
