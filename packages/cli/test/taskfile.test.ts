import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Taskfile.yml is for people with go-task; every task must be one line calling a root package.json script
 * (`task check` ≡ `pnpm check`). `yaml` is not a dependency of cli, and the file's shape is simple and fixed,
 * so a line-based reader is enough — and it rejects any shape it does not know.
 */
const taskfile = readFileSync(new URL('../../../Taskfile.yml', import.meta.url), 'utf8');
const rootScripts = Object.keys(
  (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts,
);

/** Task name → its commands; a task line we cannot read becomes a `?` command so it is reported. */
function readTasks(text: string): Map<string, string[]> {
  const tasks = new Map<string, string[]>();
  let inTasks = false;
  let current: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (line === '' || line.trimStart().startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      inTasks = line === 'tasks:';
      continue;
    }
    if (!inTasks) continue;
    const header = /^ {2}([\w:.-]+):$/.exec(line);
    if (header) tasks.set(header[1]!, (current = []));
    else if (/^ {4}cmds:$/.test(line) || /^ {4}desc: /.test(line)) continue;
    else current?.push(/^ {6}- (.+)$/.exec(line)?.[1]?.trim() ?? /^ {4}cmd: (.+)$/.exec(line)?.[1]?.trim() ?? `? ${line.trim()}`);
  }
  return tasks;
}

function problems(text: string, scripts: readonly string[]): string[] {
  const found: string[] = [];
  const tasks = readTasks(text);
  if (tasks.size === 0) found.push('no tasks found under `tasks:`');
  for (const [name, cmds] of tasks) {
    const script = cmds.length === 1 ? /^pnpm (?:run )?([\w:.-]+)$/.exec(cmds[0]!)?.[1] : undefined;
    if (script === undefined) found.push(`task ${name}: expected one line \`pnpm run <script>\`, got ${JSON.stringify(cmds)}`);
    else if (!scripts.includes(script)) found.push(`task ${name}: root package.json has no script "${script}"`);
  }
  return found;
}

describe('Taskfile.yml', () => {
  it('has only one-line tasks that call existing root package.json scripts', () => {
    expect(problems(taskfile, rootScripts)).toEqual([]);
    expect(readTasks(taskfile).get('check')).toEqual(['pnpm run check']);
  });

  it('the reader catches a missing script, a second line, a non-script command and an unknown shape', () => {
    const bad = [
      'version: "3"',
      'tasks:',
      '  ok:',
      '    cmds:',
      '      - pnpm check',
      '  gone:',
      '    cmds:',
      '      - pnpm run nope',
      '  two:',
      '    cmds:',
      '      - pnpm run build',
      '      - pnpm run lint',
      '  raw:',
      '    cmd: pnpm install',
      '  deps:',
      '    deps: [ok]',
    ].join('\n');
    expect(problems(bad, ['check', 'build', 'lint'])).toEqual([
      'task gone: root package.json has no script "nope"',
      'task two: expected one line `pnpm run <script>`, got ["pnpm run build","pnpm run lint"]',
      'task raw: root package.json has no script "install"',
      'task deps: expected one line `pnpm run <script>`, got ["? deps: [ok]"]',
    ]);
    expect(problems('version: "3"\n', [])).toEqual(['no tasks found under `tasks:`']);
  });
});
