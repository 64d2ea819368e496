import type { ExecutionRequest, OutputLine, PreparedJob, ProviderReportEvent, StepResult } from '@loom/contracts';
import { useTempDirs } from '../temp-dirs.js';
import { writeTree, type Tree } from '../tree.js';
import type { ProviderSuiteSubject } from './types.js';

interface StepRun {
  result: StepResult;
  lines: OutputLine[];
  /** Each stream's lines decoded as UTF-8 (use `lines` for bytes). */
  stdout: string[];
  stderr: string[];
}

interface RunOptions {
  signal?: AbortSignal;
  debugTrace?: boolean;
  /** Sees every line as it arrives; with `keep: false` the run keeps none (for huge outputs). */
  onOutput?: (line: OutputLine) => void;
  keep?: boolean;
}

export interface SuiteJob {
  request: ExecutionRequest;
  prepared: PreparedJob;
  run(command: string, options?: RunOptions): Promise<StepRun>;
}

export interface Harness {
  subject(): ProviderSuiteSubject;
  /** A fresh host directory, removed after the test. */
  tempDir(): string;
  /** Prepares a job on a workspace holding `files`, runs `body`, and always cleans the job up. */
  withJob(files: Tree, body: (job: SuiteJob) => Promise<void>, env?: Record<string, string>): Promise<void>;
  collectReport(): { events: ProviderReportEvent[]; report: (event: ProviderReportEvent) => void };
}

export function createHarness(subject: () => ProviderSuiteSubject): Harness {
  const tempDir = useTempDirs('loom-provider-suite-');
  const collectReport: Harness['collectReport'] = () => {
    const events: ProviderReportEvent[] = [];
    return { events, report: (event) => void events.push(event) };
  };
  return {
    subject,
    tempDir,
    collectReport,
    async withJob(files, body, env = {}) {
      const workspaceDir = tempDir();
      writeTree(workspaceDir, files);
      const { provider, makeRequest } = subject();
      const request = await makeRequest({ workspaceDir, env });
      const { report } = collectReport();
      let prepared: PreparedJob | undefined;
      try {
        prepared = await provider.prepare(request, report);
        let index = 0;
        const job = prepared;
        await body({ request, prepared: job, run: (command, options) => runStep(subject(), job, { index: ++index, command }, options) });
      } finally {
        await provider.cleanup({ request, ...(prepared ? { prepared } : {}) }, report);
      }
    },
  };
}

async function runStep(subject: ProviderSuiteSubject, prepared: PreparedJob, step: { index: number; command: string }, options: RunOptions = {}): Promise<StepRun> {
  const lines: OutputLine[] = [];
  const keep = options.keep ?? true;
  const onOutput = (line: OutputLine): void => {
    options.onOutput?.(line);
    if (keep) lines.push(line);
  };
  const signal = options.signal ?? new AbortController().signal;
  const result = await subject.provider.runStep(prepared, { ...step, debugTrace: options.debugTrace ?? false }, onOutput, signal);
  const text = (stream: string): string[] => lines.filter((l) => l.stream === stream).map((l) => l.bytes.toString('utf8'));
  return { result, lines, stdout: text('stdout'), stderr: text('stderr') };
}
