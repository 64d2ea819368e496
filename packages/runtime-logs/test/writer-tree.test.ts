/**
 * The writer against a HAND-WRITTEN expectation of the spec's tree (runtime-logs.md §1–7) for the fixture run
 * (build passes, test fails at step 2, deploy skipped). Every literal below was written from the spec and the
 * README, not copied from the writer's output.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunRecordWriter } from '../src/index.js';
import { CLOSE_AT, GRAPH_IR, HEAD_SHA, PIPELINE_ID, RUN_ID, SNAPSHOT, fixtureEvents } from './fixtures/run-fixture.js';
import { filesUnder } from './fixtures/validate-tree.js';


const iso = (ms: number) => `2026-03-07T06:40:00.${String(ms).padStart(3, '0')}Z`;
const V2 = 'loom.runtime.logs.v2';

let runtimeDir = '';
let logsDir = '';
let receiptPath = '';
const json = (rel: string) => JSON.parse(readFileSync(join(logsDir, rel), 'utf8'));
const lines = (rel: string) =>
  readFileSync(join(logsDir, rel), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('the fixture run, written', () => {
  let root = '';
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'loom-rl-tree-'));
    runtimeDir = join(root, '.loom', '.runtime');
    const writer = createRunRecordWriter({ runtimeDir, runId: RUN_ID, now: () => CLOSE_AT });
    for (const event of fixtureEvents()) writer.emit(event);
    await writer.close();
    logsDir = writer.logsDir;
    receiptPath = writer.receiptPath;
  });

  it('has exactly the spec tree', () => {
    expect(logsDir).toBe(join(runtimeDir, 'logs', 'loom-run-local-1772865600000000000'));
    expect(receiptPath).toBe(join(runtimeDir, 'receipts', 'loom-run-local-1772865600000000000.json'));
    const job = (id: string, steps: string[]) => [
      `jobs/${id}/events.jsonl`,
      `jobs/${id}/manifest.json`,
      `jobs/${id}/summary.json`,
      `jobs/${id}/system/cleanup/events.jsonl`,
      `jobs/${id}/system/cleanup/summary.json`,
      `jobs/${id}/system/provider/events.jsonl`,
      `jobs/${id}/system/provider/summary.json`,
      `jobs/${id}/user/execution/events.jsonl`,
      ...steps.flatMap((s) => [
        `jobs/${id}/user/execution/script/${s}/events.jsonl`,
        `jobs/${id}/user/execution/script/${s}/summary.json`,
      ]),
    ];
    const expected = [
      'events.jsonl',
      'phase-report.json',
      'pipeline/events.jsonl',
      'pipeline/manifest.json',
      'pipeline/summary.json',
      'summary.json',
      ...job('build', ['01']),
      'jobs/deploy/summary.json',
      ...job('test', ['01', '02']),
    ].sort();
    expect(filesUnder(logsDir)).toEqual(expected);
    expect(filesUnder(join(runtimeDir, 'receipts'))).toEqual(['loom-run-local-1772865600000000000.json']);
    expect(filesUnder(join(runtimeDir, '.tmp'))).toEqual([]);
  });

  it('writes the receipt', () => {
    expect(JSON.parse(readFileSync(receiptPath, 'utf8'))).toEqual({
      schema_version: 'v1',
      kind: 'loom-run-local',
      loom_version: '0.1.0',
      command: ['loom', 'run', '--local'],
      repo_root: '/repo',
      workflow_path: '/repo/.loom/workflow.yml',
      started_at: iso(0),
      finished_at: iso(33),
      duration_ms: 33,
      status: 'failure',
      exit_code: 1,
      logs_dir: logsDir,
      events_jsonl_path: `${logsDir}/events.jsonl`,
      phase_report_path: `${logsDir}/phase-report.json`,
      snapshot_path: SNAPSHOT,
      snapshot_head_sha: HEAD_SHA,
      executor_receipt: {
        executor: 'local',
        pipeline_id: PIPELINE_ID,
        jobs: { total: 3, success: 1, failed: 1, skipped: 1 },
        failing_job_id: 'test',
      },
      graph_ir: GRAPH_IR,
    });
  });

  it('writes the run summary', () => {
    expect(json('summary.json')).toEqual({
      schema_version: 'v1',
      kind: 'loom-run-local-logs',
      run_id: RUN_ID,
      pipeline_id: PIPELINE_ID,
      status: 'failure',
      exit_code: 1,
      started_at: iso(0),
      finished_at: iso(33),
      duration_ms: 33,
      events_path: 'events.jsonl',
      phase_report_path: 'phase-report.json',
      pipeline_summary_path: 'pipeline/summary.json',
      pipeline_manifest_path: 'pipeline/manifest.json',
    });
  });

  it('writes the pipeline summary and manifest', () => {
    expect(json('pipeline/summary.json')).toEqual({
      schema_version: V2,
      kind: 'loom-pipeline-summary',
      run_id: RUN_ID,
      pipeline_id: PIPELINE_ID,
      status: 'failure',
      exit_code: 1,
      started_at: iso(2),
      finished_at: iso(32),
      duration_ms: 30,
      jobs: { total: 3, success: 1, failed: 1, skipped: 1 },
    });
    expect(json('pipeline/manifest.json')).toEqual({
      schema_version: V2,
      kind: 'loom-pipeline-manifest',
      run_id: RUN_ID,
      pipeline_id: PIPELINE_ID,
      status: 'failure',
      failing_job_id: 'test',
      failing_job_manifest_path: 'jobs/test/manifest.json',
      jobs: [
        { job_id: 'build', stage: 'build', provider: 'host', status: 'success', exit_code: 0 },
        { job_id: 'test', stage: 'test', provider: 'docker', status: 'failed', exit_code: 1 },
        { job_id: 'deploy', stage: 'deploy', provider: 'host', status: 'skipped', exit_code: null, reason: 'needs test, which failed' },
      ],
      artifacts: [],
    });
  });

  it('writes the failing job manifest with pointers to the failing step', () => {
    const steps = 'jobs/test/user/execution/script';
    expect(json('jobs/test/manifest.json')).toEqual({
      schema_version: V2,
      kind: 'loom-job-manifest',
      job_id: 'test',
      status: 'failed',
      exit_code: 1,
      failing_section: 'user/execution',
      failing_step_events_path: `${steps}/02/events.jsonl`,
      events_path: 'jobs/test/events.jsonl',
      execution_events_path: 'jobs/test/user/execution/events.jsonl',
      steps: [
        { index: 1, label: '01', command: 'npm ci', status: 'success', exit_code: 0, summary_path: `${steps}/01/summary.json`, events_path: `${steps}/01/events.jsonl` },
        { index: 2, label: '02', command: 'npm test', status: 'failed', exit_code: 1, summary_path: `${steps}/02/summary.json`, events_path: `${steps}/02/events.jsonl` },
        { index: 3, label: '03', command: 'npm run lint', status: 'skipped', exit_code: null, summary_path: null, events_path: null },
      ],
      system_sections: [
        { name: 'provider', phase_code: 'job.provider_prepare', status: 'success', summary_path: 'jobs/test/system/provider/summary.json', events_path: 'jobs/test/system/provider/events.jsonl' },
        { name: 'cleanup', phase_code: 'job.cleanup', status: 'success', summary_path: 'jobs/test/system/cleanup/summary.json', events_path: 'jobs/test/system/cleanup/events.jsonl' },
      ],
      artifacts: null,
      cache: null,
    });
  });

  it('writes job summaries, the skipped one with its reason', () => {
    expect(json('jobs/test/summary.json')).toEqual({
      schema_version: V2,
      kind: 'loom-job-summary',
      run_id: RUN_ID,
      job_id: 'test',
      stage: 'test',
      provider: 'docker',
      image: 'node:20',
      status: 'failed',
      exit_code: 1,
      started_at: iso(15),
      finished_at: iso(30),
      duration_ms: 15,
    });
    expect(json('jobs/deploy/summary.json')).toEqual({
      schema_version: V2,
      kind: 'loom-job-summary',
      run_id: RUN_ID,
      job_id: 'deploy',
      stage: 'deploy',
      provider: 'host',
      image: null,
      status: 'skipped',
      exit_code: null,
      reason: 'needs test, which failed',
      started_at: null,
      finished_at: null,
      duration_ms: null,
    });
  });

  it('writes step and section summaries', () => {
    expect(json('jobs/test/user/execution/script/02/summary.json')).toEqual({
      schema_version: V2,
      kind: 'loom-step-summary',
      run_id: RUN_ID,
      job_id: 'test',
      index: 2,
      label: '02',
      command: 'npm test',
      status: 'failed',
      exit_code: 1,
      started_at: iso(23),
      finished_at: iso(26),
      duration_ms: 3,
      output_lines: 2,
      errors: [],
      events_path: 'jobs/test/user/execution/script/02/events.jsonl',
    });
    expect(json('jobs/test/system/provider/summary.json')).toEqual({
      schema_version: V2,
      kind: 'loom-section-summary',
      run_id: RUN_ID,
      job_id: 'test',
      name: 'provider',
      phase_code: 'job.provider_prepare',
      status: 'success',
      started_at: iso(16),
      finished_at: iso(18),
      duration_ms: 2,
      output_lines: 1,
      data: null,
      errors: [],
      events_path: 'jobs/test/system/provider/events.jsonl',
    });
  });

  it('writes the failing step stream line for line', () => {
    const head = `{"schema_version":"loom.runtime.logs.v2","ts":"2026-03-07T06:40:00.0`;
    const where = `"run_id":"loom-run-local-1772865600000000000","pipeline_id":"loom-local-1772865600000000000","scope":"step","job_id":"test","step":2,"section":null,"phase_code":"step.execute","phase_family":"execution"`;
    const expected = [
      `${head}23Z","seq":26,${where},"event":"phase_start","command":"npm test"}`,
      `${head}24Z","seq":27,${where},"event":"output","stream":"stdout","line":"FAIL src/a.test.ts"}`,
      `${head}25Z","seq":28,${where},"event":"output","stream":"stderr","line":"AssertionError: expected 1 to be 2"}`,
      `${head}26Z","seq":29,${where},"event":"phase_finish","status":"failed","exit_code":1}`,
      '',
    ].join('\n');
    expect(readFileSync(join(logsDir, 'jobs/test/user/execution/script/02/events.jsonl'), 'utf8')).toBe(expected);
  });

  it('mirrors step boundaries (not output) into user/execution and keeps their seq', () => {
    const summary = lines('jobs/test/user/execution/events.jsonl').map((l) => [l.seq, l.scope, l.step, l.event, l.phase_code]);
    expect(summary).toEqual([
      [22, 'job', null, 'phase_start', 'job.execution'],
      [23, 'step', 1, 'phase_start', 'step.execute'],
      [25, 'step', 1, 'phase_finish', 'step.execute'],
      [26, 'step', 2, 'phase_start', 'step.execute'],
      [29, 'step', 2, 'phase_finish', 'step.execute'],
      [30, 'job', null, 'phase_finish', 'job.execution'],
    ]);
  });

  it('writes the run, pipeline, job and section streams at their scope', () => {
    const pick = (rel: string) => lines(rel).map((l) => `${l.seq} ${l.event} ${l.phase_code}${l.job_id ? ` ${l.job_id}` : ''}`);
    expect(pick('events.jsonl')).toEqual([
      '1 phase_start run.bootstrap',
      '2 snapshot run.bootstrap',
      '3 phase_finish run.bootstrap',
      '4 phase_start run.pipeline_execute',
      '36 phase_finish run.pipeline_execute',
      '37 phase_start run.finalize',
      '38 phase_finish run.finalize',
    ]);
    expect(pick('pipeline/events.jsonl')).toEqual([
      '5 phase_start pipeline.execute',
      '6 job_start pipeline.execute build',
      '17 job_finish pipeline.execute build',
      '18 job_start pipeline.execute test',
      '33 job_finish pipeline.execute test',
      '34 job_skip pipeline.execute deploy',
      '35 phase_finish pipeline.execute',
    ]);
    expect(pick('jobs/test/events.jsonl')).toEqual([
      '18 job_start pipeline.execute test',
      '19 phase_start job.provider_prepare test',
      '21 phase_finish job.provider_prepare test',
      '22 phase_start job.execution test',
      '30 phase_finish job.execution test',
      '31 phase_start job.cleanup test',
      '32 phase_finish job.cleanup test',
      '33 job_finish pipeline.execute test',
    ]);
    expect(pick('jobs/test/system/provider/events.jsonl')).toEqual([
      '19 phase_start job.provider_prepare test',
      '20 output job.provider_prepare test',
      '21 phase_finish job.provider_prepare test',
    ]);
    const skip = lines('pipeline/events.jsonl').find((l) => l.event === 'job_skip');
    expect(skip).toMatchObject({ scope: 'pipeline', job_id: 'deploy', reason: 'needs test, which failed', stage: 'deploy', provider: 'host' });
    for (const l of lines('events.jsonl')) expect(l.schema_version).toBe('loom.runtime.logs.v2');
  });

  it('writes a valid phase report that exempts the skipped job', () => {
    const report = json('phase-report.json');
    expect(report).toMatchObject({
      schema_version: 'v1',
      kind: 'loom-run-local-phase-report',
      run_id: RUN_ID,
      valid: true,
      checked_at: iso(40),
      skipped_jobs: ['deploy'],
      missing: [],
      ordering_violations: [],
    });
    const seen = report.phases_seen.map((p: Record<string, unknown>) =>
      [p.phase_code, p.job_id, p.section, p.step, p.started, p.finished].join(' '),
    );
    expect(seen).toEqual([
      'run.bootstrap    true true',
      'run.pipeline_execute    true true',
      'pipeline.execute    true true',
      'job.provider_prepare build provider  true true',
      'job.execution build   true true',
      'step.execute build  1 true true',
      'job.cleanup build cleanup  true true',
      'job.provider_prepare test provider  true true',
      'job.execution test   true true',
      'step.execute test  1 true true',
      'step.execute test  2 true true',
      'job.cleanup test cleanup  true true',
      'run.finalize    true true',
    ]);
  });
});
