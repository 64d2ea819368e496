/** The contract's literal values, and every written file against its schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_PRESENT_JOB_PHASES,
  ALWAYS_PRESENT_RUN_PHASES,
  KINDS,
  LOGS_SCHEMA_VERSION,
  PHASE_FAMILY,
  SECTION_PHASE,
  checkReceiptSchema,
  phaseOf,
  runReceiptSchema,
  stepLabel,
} from '../src/index.js';
import { fixtureEvents } from './fixtures/run-fixture.js';
import { validateTree } from './fixtures/validate-tree.js';
import { writeFixture } from './fixtures/write-fixture.js';

const tempDir = useTempDirs('loom-rl-docs-');

describe('contract constants', () => {
  it('spells the schema versions and kinds of runtime-logs.md §2', () => {
    expect(LOGS_SCHEMA_VERSION).toBe('loom.runtime.logs.v2');
    expect(KINDS.runReceipt).toBe('loom-run-local');
    expect(KINDS.checkReceipt).toBe('loom-check');
    expect(KINDS.runSummary).toBe('loom-run-local-logs');
    expect(KINDS.phaseReport).toBe('loom-run-local-phase-report');
  });

  it('maps section folders to phase codes as §5.2 says', () => {
    expect(SECTION_PHASE).toEqual({
      provider: 'job.provider_prepare',
      services: 'job.provider_prepare',
      image_build: 'job.provider_prepare',
      cache_restore: 'job.cache_restore',
      cache_save: 'job.cache_save',
      artifact_extract: 'job.artifact_restore',
      cleanup: 'job.cleanup',
    });
  });

  it('lists the always-present phases of §5.1', () => {
    expect([...ALWAYS_PRESENT_RUN_PHASES].sort()).toEqual(['pipeline.execute', 'run.bootstrap', 'run.finalize', 'run.pipeline_execute']);
    expect([...ALWAYS_PRESENT_JOB_PHASES].sort()).toEqual(['job.cleanup', 'job.execution', 'job.provider_prepare']);
  });

  it('derives families from the code prefix group', () => {
    expect(PHASE_FAMILY['job.cache_save']).toBe('cache');
    expect(PHASE_FAMILY['job.artifact_restore']).toBe('artifact');
    expect(PHASE_FAMILY['step.execute']).toBe('execution');
    expect(PHASE_FAMILY['pipeline.execute']).toBe('pipeline');
    expect(PHASE_FAMILY['run.finalize']).toBe('run');
  });

  it('labels steps with two digits, three only past 99', () => {
    expect([1, 9, 10, 99, 100, 123].map(stepLabel)).toEqual(['01', '09', '10', '99', '100', '123']);
  });
});

describe('phaseOf', () => {
  it('gives every fixture event a scope and phase', () => {
    const got = fixtureEvents().map((e) => `${e.type}:${phaseOf(e).scope}:${phaseOf(e).phase_code}`);
    expect(new Set(got)).toEqual(
      new Set([
        'run_started:run:run.bootstrap',
        'snapshot_ready:run:run.bootstrap',
        'pipeline_started:pipeline:pipeline.execute',
        'pipeline_finished:pipeline:pipeline.execute',
        'job_started:pipeline:pipeline.execute',
        'job_finished:pipeline:pipeline.execute',
        'job_skipped:pipeline:pipeline.execute',
        'section_started:job:job.provider_prepare',
        'section_finished:job:job.provider_prepare',
        'section_started:job:job.cleanup',
        'section_finished:job:job.cleanup',
        'execution_started:job:job.execution',
        'execution_finished:job:job.execution',
        'step_started:step:step.execute',
        'step_finished:step:step.execute',
        'output:step:step.execute',
        'output:job:job.provider_prepare',
        'run_finished:run:run.finalize',
      ]),
    );
  });

  it('places messages by what they name', () => {
    expect(phaseOf({ type: 'error', ts: 0, code: 'X', message: 'm' }, 'run.bootstrap').phase_code).toBe('run.bootstrap');
    expect(phaseOf({ type: 'error', ts: 0, jobId: 'a', section: 'cache_save', code: 'X', message: 'm' })).toEqual({
      scope: 'job',
      phase_code: 'job.cache_save',
      phase_family: 'cache',
    });
    expect(phaseOf({ type: 'warning', ts: 0, jobId: 'a', index: 3, message: 'm' }).scope).toBe('step');
    expect(phaseOf({ type: 'note', ts: 0, jobId: 'a', message: 'm' }).phase_code).toBe('job.execution');
  });
});

describe('written documents', () => {
  it('every file of the fixture run validates against its schema', async () => {
    const { logsDir, receiptPath } = await writeFixture(tempDir());
    const check = validateTree(logsDir);
    expect(check.lines).toBeGreaterThan(30);
    expect(runReceiptSchema.safeParse(JSON.parse(readFileSync(receiptPath, 'utf8'))).success).toBe(true);
  });

  it('every pointer field resolves to a real file', async () => {
    const { logsDir } = await writeFixture(tempDir());
    const read = (rel: string) => JSON.parse(readFileSync(join(logsDir, rel), 'utf8'));
    const pipeline = read('pipeline/manifest.json');
    const job = read(pipeline.failing_job_manifest_path);
    const paths = [
      job.failing_step_events_path,
      job.events_path,
      job.execution_events_path,
      ...job.steps.flatMap((s: { summary_path: string | null; events_path: string | null }) => [s.summary_path, s.events_path]),
      ...job.system_sections.flatMap((s: { summary_path: string; events_path: string }) => [s.summary_path, s.events_path]),
    ].filter((p) => p !== null);
    for (const p of paths) expect(() => readFileSync(join(logsDir, p)), p).not.toThrow();
    expect(paths.length).toBe(11); // failing step, job, execution, 2 steps × 2, 2 sections × 2
  });

  it('the check receipt schema accepts the cli.md example', () => {
    const example = {
      schema_version: 'v1',
      kind: 'loom-check',
      loom_version: '0.4.2',
      command: ['loom', 'check'],
      exit_code: 0,
      status: 'success',
      workflow_schema_v1: { workflow_path: '/repo/.loom/workflow.yml', valid: true, errors: [] },
    };
    expect(checkReceiptSchema.parse(example)).toEqual(example);
  });
});
