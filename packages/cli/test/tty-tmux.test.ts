/**
 * `loom run --local` on a real pseudo-terminal (tmux, its own socket): the live block (header with elapsed
 * time and counts, running jobs with their step, waiting jobs with what they wait for) while jobs run,
 * colour on the TTY, and the block gone at the end; the same run piped prints plain lines without colour.
 * Tagged host: the toolchain image has no tmux, so the Stage 0 gate runs it in its host job.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, describeWithRequirement, useTempDirs } from '@loom/test-kit';
import { afterAll, expect, it } from 'vitest';
import { BIN } from './cli-harness.js';
import { runLoom } from './run-harness.js';

const tempDir = useTempDirs('loom-tty-');
const SOCKET = `loom-test-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const WORKFLOW = [
  'version: v1',
  'stages: [build, test]',
  'default:',
  '  target: linux',
  'slow:',
  '  stage: build',
  '  script:',
  '    - sleep 3',
  'lint:',
  '  stage: build',
  '  script:',
  '    - exit 4',
  'unit:',
  '  stage: test',
  '  needs: [slow]',
  '  script:',
  '    - echo unit',
  '',
].join('\n');

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // no server left: nothing to clean
  }
});

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeWithRequirement('loom run on a TTY (tmux)', { available: existsSync('/usr/bin/tmux'), what: 'tmux (apt-get install tmux)' }, () => {
  it('shows the live block while jobs run, in colour, and plain lines when piped', async () => {
    const repo = await createGitRepo(tempDir(), { '.loom/workflow.yml': WORKFLOW, '.gitignore': '.loom/.runtime/\n' });
    const tmp = tempDir();
    const done = join(tmp, 'done');
    const command = `env -u CI -u NO_COLOR -u FORCE_COLOR TERM=xterm-256color TMPDIR=${tmp} ${process.execPath} ${BIN} run --local; touch ${done}; sleep 60`;
    tmux('new-session', '-d', '-s', 'run', '-x', '120', '-y', '40', '-c', repo.dir, command);
    const screen = () => tmux('capture-pane', '-p', '-t', 'run');
    const live = await until('the live block', () => {
      const text = screen();
      return /waiting unit +for slow/.test(text) && /running slow +step 1\/1 sleep 3/.test(text) && / 1 failed$/m.test(text) ? text : undefined;
    });
    expect(live).toMatch(/^loom run \d+(\.\d)?m?s · 1 done · 1 running · 1 waiting · 1 failed$/m);
    await until('the end of the run', () => (existsSync(done) ? true : undefined));
    const end = screen();
    expect(end).not.toMatch(/running slow|waiting unit/);
    expect(end).toMatch(/^loom run failure: 1 succeeded, 2 failed|^loom run failure: .*failed/m);
    expect(end).toMatch(/^receipt: \//m);
    const coloured = tmux('capture-pane', '-p', '-e', '-t', 'run');
    expect(coloured).toContain('\u001b[31mfailed'); // `finished lint: failed` in red

    const piped = await runLoom(['run', '--local'], { cwd: repo.dir, env: { TMPDIR: tmp } });
    expect(piped.stderr).not.toContain('\u001b[');
    expect(piped.stderr).toContain('finished lint: failed (exit 4)');
    expect(piped.stderr).not.toContain('waiting unit');
  });
}, { tags: ['slow', 'host'] });
