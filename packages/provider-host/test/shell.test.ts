import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { restorePathScript, stepArguments } from '../src/shell.js';

const step = (command: string, debugTrace = false) => ({ index: 1, command, debugTrace });

describe('stepArguments', () => {
  it('passes the PATH and the command as arguments, never inside the script text', () => {
    expect(stepArguments(step('echo "$HOME"; x=\'$(y)\''), '/a b:/bin')).toEqual(['-lc', restorePathScript, 'sh', '/a b:/bin', 'echo "$HOME"; x=\'$(y)\'']);
  });

  it('uses `sh -x -c` for debug tracing and plain `sh -lc` when the job has no PATH', () => {
    expect(stepArguments(step('true', true), '/bin')).toEqual(['-x', '-c', 'true']);
    expect(stepArguments(step('true'), undefined)).toEqual(['-lc', 'true']);
  });

  it('runs a command full of quotes and expansions exactly as `sh -c` would', () => {
    const command = `printf '%s|' "$0" "$#" 'it'"'"'s' "\\$PATH" \`echo tick\`; echo`;
    const run = (args: string[]): string => execFileSync('sh', args, { encoding: 'utf8' });
    expect(run(stepArguments(step(command), process.env['PATH']))).toBe(run(['-c', command]));
  });
});
