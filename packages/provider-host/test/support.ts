import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ExecutionRequest, OutputLine, ProviderReportEvent, StepResult } from '@loom/contracts';
import type { createHostProvider, HostPreparedJob } from '../src/index.js';

export function hostRequest(workspaceDir: string, env: Record<string, string> = {}): ExecutionRequest {
  return {
    runId: `test-run-${Date.now()}-${randomBytes(3).toString('hex')}`,
    jobId: 'job',
    workspace: { hostPath: workspaceDir, mode: 'host' },
    env,
    mounts: [],
    services: [],
  };
}

export function collectReport(): { events: ProviderReportEvent[]; report: (event: ProviderReportEvent) => void } {
  const events: ProviderReportEvent[] = [];
  return { events, report: (event) => void events.push(event) };
}

export async function runStep(
  provider: ReturnType<typeof createHostProvider>,
  prepared: HostPreparedJob,
  command: string,
  options: { debugTrace?: boolean; signal?: AbortSignal; onOutput?: (line: OutputLine) => void } = {},
): Promise<{ result: StepResult; stdout: string[]; stderr: string[] }> {
  const lines: OutputLine[] = [];
  const onOutput = options.onOutput ?? ((line: OutputLine) => void lines.push(line));
  const step = { index: 1, command, debugTrace: options.debugTrace ?? false };
  const result = await provider.runStep(prepared, step, onOutput, options.signal ?? new AbortController().signal);
  const text = (stream: string): string[] => lines.filter((l) => l.stream === stream).map((l) => l.bytes.toString());
  return { result, stdout: text('stdout'), stderr: text('stderr') };
}

/** Whether `pid` runs (a zombie left to a non-reaping PID 1 does not count). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
