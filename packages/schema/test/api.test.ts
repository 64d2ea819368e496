/** parseWorkflow's contract at its edges: never throws, include reader behaviour, ok/warnings shape. */
import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../src/index.js';

const MINIMAL = 'version: v1\nstages: [ci]\ncheck:\n  stage: ci\n  target: linux\n  script: ["echo hello"]\n';
const WITH_INCLUDE = 'version: v1\nstages: [ci]\ninclude:\n  - local: .loom/templates/a.yml\njob:\n  extends: .a\n  stage: ci\n';

describe('parseWorkflow', () => {
  it('returns the workflow and no warnings for a minimal file', () => {
    const result = parseWorkflow(MINIMAL, 'w.yml');
    expect(result.ok && Object.keys(result.workflow.jobs)).toEqual(['check']);
    expect(result.warnings).toEqual([]);
  });

  it('never throws, even on input that is not a string', () => {
    for (const text of [undefined, null, 42, {}, '\u0000', '\t', 'a: [', '---\n---\n', '&a [*a]', '*x']) {
      const result = parseWorkflow(text as unknown as string, 'w.yml');
      expect(result.ok).toBe(false);
      if (!result.ok) for (const issue of result.issues) expect(issue.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('reports an include as missing when no reader is given, and nothing that follows from it', () => {
    const result = parseWorkflow(WITH_INCLUDE, 'w.yml');
    expect(!result.ok && result.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '4:12 create .loom/templates/a.yml or fix include.local; the file does not exist',
    ]);
  });

  it('turns a reader that throws into an issue at the include entry', () => {
    const readInclude = () => {
      throw new Error('EACCES: permission denied');
    };
    const result = parseWorkflow(WITH_INCLUDE, 'w.yml', { readInclude });
    expect(!result.ok && result.issues.map((i) => `${i.line}:${i.column} ${i.pointer} ${i.message}`)).toEqual([
      '4:12 /include/0/local make .loom/templates/a.yml readable or fix include.local; reading it failed: EACCES: permission denied',
    ]);
  });

  it('asks the reader for the path exactly as written, relative to the repo root', () => {
    const asked: string[] = [];
    const result = parseWorkflow(WITH_INCLUDE, 'w.yml', {
      readInclude: (p) => {
        asked.push(p);
        return '.a:\n  target: linux\n  script: [x]\n';
      },
    });
    expect(asked).toEqual(['.loom/templates/a.yml']);
    expect(result.ok && result.workflow.jobs.job?.extends).toEqual(['.a']);
  });

  it('gives every issue the stable code, a pointer and a 1-based position in the right file', () => {
    const result = parseWorkflow(WITH_INCLUDE, '/repo/.loom/workflow.yml', { readInclude: () => '.a:\n  script: nope\n  target: linux\n' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        code: 'WF_SCHEMA_V1',
        pointer: '/.a/script',
        message: 'expected sequence for "script", got string',
        hint: 'expected sequence for "script", got string',
        file: '.loom/templates/a.yml',
        line: 2,
        column: 11,
      },
    ]);
  });

  it('escapes JSON pointer segments', () => {
    const result = parseWorkflow('version: v1\nstages: [ci]\njob:\n  stage: ci\n  target: linux\n  script: [x]\n  variables:\n    "A/B~C": x\n', 'w.yml');
    expect(!result.ok && result.issues[0]?.pointer).toBe('/job/variables/A~1B~0C');
  });

  it('keeps warnings on a valid workflow', () => {
    const result = parseWorkflow(`${MINIMAL}  invariant: {x: 1}\n`, 'w.yml');
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => `${w.line}:${w.column} ${w.pointer}`)).toEqual(['7:3 /check/invariant']);
  });

  it('accepts CRLF line endings and a leading document marker', () => {
    const result = parseWorkflow(`---\r\n${MINIMAL.replace(/\n/g, '\r\n')}`, 'w.yml');
    expect(result.ok && result.workflow.jobs.check?.source).toEqual({ file: 'w.yml', line: 4, column: 1 });
  });
});
