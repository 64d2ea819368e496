/**
 * Runs a case of `cases/<feature>/` with the built CLI: the folder is copied into a fresh git repository
 * (test-kit `createGitRepo`), committed, and `node dist/bin.js run --local` runs there. Assertions read the
 * JSON records (receipt → pipeline manifest → job documents), never terminal text.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { BIN } from './cli-harness.js';

const CASES = fileURLToPath(new URL('./cases/', import.meta.url));

/**
 * A case repository is `<temp>/repo`, beside `<temp>/tmp`, which `startLoom` gives the run as `TMPDIR`: the
 * isolated workspaces land there and go away with the temp dir.
 */
export function useCaseRepos() {
  const tempDir = useTempDirs('loom-run-case-');
  return {
    tempDir,
    /** A committed repository holding `cases/<name>/`. */
    async repoOf(name: string): Promise<string> {
      const root = tempDir();
      mkdirSync(join(root, 'tmp'));
      mkdirSync(join(root, 'repo'));
      const repo = await createGitRepo(join(root, 'repo'));
      cpSync(join(CASES, name), repo.dir, { recursive: true });
      await repo.commitAll(`case ${name}`);
      return repo.dir;
    },
  };
}

/** The `TMPDIR` of runs in a case repository (see `useCaseRepos`). */
export const runTmpdirOf = (cwd: string): string => join(dirname(cwd), 'tmp');

export interface LoomRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Own process group, so a test can signal the group as a terminal's Ctrl-C does. */
  detached?: boolean;
}

/** Starts `loom <args>`; `done` resolves when it exits. */
export function startLoom(args: string[], options: StartOptions): { child: ChildProcess; done: Promise<LoomRun> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, CI: 'true', TMPDIR: runTmpdirOf(options.cwd), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<LoomRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runLoom(args: string[], options: StartOptions): Promise<LoomRun> {
  return startLoom(args, options).done;
}

type Json = Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;

/** The last line of the terminal output must be `receipt: <abs path>`; returns that path. */
export function receiptPathOf(run: LoomRun): string {
  const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
  const match = /^receipt: (\/.+)$/.exec(last);
  if (!match?.[1]) throw new Error(`last line is not "receipt: <abs path>":\n${run.stderr}`);
  return match[1];
}

export interface RunRecordView {
  receiptPath: string;
  receipt: Json;
  logsDir: string;
  pipelineSummary: Json;
  pipelineManifest: Json;
  phaseReport: Json;
  job(id: string): { summary: Json; manifest: Json };
  /** Epoch ms of a job's start and finish, from its summary. */
  times(id: string): { started: number; finished: number };
  /** Epoch ms of a job's execution phase (its steps), from its first and last execution event. */
  executionTimes(id: string): { started: number; finished: number };
  /** Lines of a job-relative `events.jsonl`. */
  events(rel: string): Json[];
}

/** Walks the record from the receipt as an agent would: only pointer fields and contract paths. */
export function readRecord(receiptPath: string): RunRecordView {
  const receipt = readJson(receiptPath);
  const logsDir = receipt['logs_dir'] as string;
  const events = (rel: string): Json[] =>
    readFileSync(join(logsDir, rel), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json);
  const job = (id: string) => ({ summary: readJson(join(logsDir, 'jobs', id, 'summary.json')), manifest: readJson(join(logsDir, 'jobs', id, 'manifest.json')) });
  return {
    receiptPath,
    receipt,
    logsDir,
    pipelineSummary: readJson(join(logsDir, 'pipeline', 'summary.json')),
    pipelineManifest: readJson(join(logsDir, 'pipeline', 'manifest.json')),
    phaseReport: readJson(receipt['phase_report_path'] as string),
    job,
    times(id) {
      const { summary } = job(id);
      return { started: Date.parse(summary['started_at'] as string), finished: Date.parse(summary['finished_at'] as string) };
    },
    executionTimes(id) {
      const ts = events(`jobs/${id}/user/execution/events.jsonl`).map((e) => Date.parse(e['ts'] as string));
      return { started: Math.min(...ts), finished: Math.max(...ts) };
    },
    events,
  };
}

/** Job id → status, from the pipeline roster. */
export function statuses(record: RunRecordView): Record<string, string> {
  return Object.fromEntries((record.pipelineManifest['jobs'] as Json[]).map((j) => [j['job_id'], j['status']]));
}

/** A readable failure: the terminal output of the run (it holds the failing step's evidence). */
export function explain(run: LoomRun): string {
  return `loom exited ${run.code ?? run.signal}:\n${run.stderr}`;
}
