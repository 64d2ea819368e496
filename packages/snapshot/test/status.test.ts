import { describe, expect, it } from 'vitest';
import { buildWarnings, namePaths } from '../src/manifest.js';
import { planChanges } from '../src/plan.js';
import { parseStatus } from '../src/status.js';
import { parseSubmodulePaths, usesLfs } from '../src/findings.js';

const H = '1111111111111111111111111111111111111111';
const changed = (xy: string, path: string, sub = 'N...') => `1 ${xy} ${sub} 100644 100644 100644 ${H} ${H} ${path}`;
const z = (...records: string[]) => records.map((r) => `${r}\0`).join('');

describe('parseStatus (porcelain v2 -z)', () => {
  it('keeps spaces, newlines and unicode in paths, and reads the rename origin from the next record', () => {
    const out = z(
      changed('.M', 'dir with space/a b.txt'),
      `2 R. N... 100644 100644 100644 ${H} ${H} R100 new\nline.txt`, 'old name.txt',
      '? ünï cödé/日本.txt',
      '! node_modules/',
    );
    expect(parseStatus(out)).toEqual([
      { kind: 'changed', xy: '.M', submodule: false, path: 'dir with space/a b.txt' },
      { kind: 'renamed', xy: 'R.', submodule: false, path: 'new\nline.txt', origPath: 'old name.txt', copy: false },
      { kind: 'untracked', path: 'ünï cödé/日本.txt' },
      { kind: 'ignored', path: 'node_modules/' },
    ]);
  });

  it('recognises copies, unmerged paths and submodules', () => {
    const out = z(
      `2 C. N... 100644 100644 100644 ${H} ${H} C75 b.txt`, 'a.txt',
      `u UU N... 100644 100644 100644 100644 ${H} ${H} ${H} conflict.txt`,
      changed('.M', 'libs/lib', 'S.M.'),
    );
    expect(parseStatus(out)).toEqual([
      { kind: 'renamed', xy: 'C.', submodule: false, path: 'b.txt', origPath: 'a.txt', copy: true },
      { kind: 'unmerged', xy: 'UU', submodule: false, path: 'conflict.txt' },
      { kind: 'changed', xy: '.M', submodule: true, path: 'libs/lib' },
    ]);
  });

  it('rejects output it does not understand, with a LoomError', () => {
    expect(() => parseStatus(z('1 .M N... 100644'))).toThrow(expect.objectContaining({ code: 'SNAPSHOT_GIT_FAILED' }));
    expect(() => parseStatus(z('x what'))).toThrow(/unexpected line in git status output/);
  });
});

describe('planChanges', () => {
  it('syncs changed paths, removes staged deletions and rename origins, and skips what a snapshot cannot hold', () => {
    const plan = planChanges(parseStatus(z(
      changed('.M', 'mod.txt'),
      changed('AM', 'added-then-edited.txt'),
      changed('D.', 'staged-delete.txt'),
      changed('.D', 'worktree-delete.txt'),
      `2 RM N... 100644 100644 100644 ${H} ${H} R90 to.txt`, 'from.txt',
      changed('.M', 'libs/lib', 'SC..'),
      '? vendor/other/',
      '? new.txt',
      '! dist/',
      '! debug.log',
      '? .loom/.runtime/logs/x.json',
    )));
    expect(plan.syncs).toEqual([
      { path: 'mod.txt', category: 'modified', inHead: true },
      { path: 'added-then-edited.txt', category: 'added', inHead: false },
      { path: 'worktree-delete.txt', category: 'modified', inHead: true },
      { path: 'to.txt', category: 'renamed', inHead: false },
      { path: 'new.txt', category: 'untracked', inHead: false },
    ]);
    expect(plan.removals).toEqual([
      { path: 'staged-delete.txt', counted: true },
      { path: 'from.txt', counted: false },
    ]);
    expect(plan.skipped).toEqual([
      { path: 'libs/lib/', reason: 'submodule' },
      { path: 'vendor/other/', reason: 'nested-repository' },
    ]);
    expect(plan.pruned).toEqual(['vendor/other', 'dist']);
  });

  it('refuses a path that would leave the repository', () => {
    expect(() => planChanges([{ kind: 'untracked', path: '../outside' }])).toThrow(/outside the repository/);
    expect(() => planChanges([{ kind: 'untracked', path: '/etc/passwd' }])).toThrow(/outside the repository/);
  });

  it('skips names that were not valid UTF-8 (decoded with U+FFFD)', () => {
    expect(planChanges([{ kind: 'untracked', path: 'bad-\uFFFD.txt' }]).skipped).toEqual([{ path: 'bad-\uFFFD.txt', reason: 'unsupported-name' }]);
  });
});

describe('warnings and checkout findings', () => {
  it('names the first five paths and counts the rest', () => {
    expect(namePaths(['a', 'b c', 'd', 'e', 'f', 'g', 'h'])).toBe('a, "b c", d, e, f and 2 more');
  });

  it('words one warning per kind, with every path attached', () => {
    const warnings = buildWarnings(
      [{ path: 'run.sock', reason: 'special-file' }, { path: 'libs/b/', reason: 'submodule' }],
      ['merge.txt'],
      { submodules: ['libs/a'], lfsAttributeFiles: ['.gitattributes'], trackedRuntime: true },
    );
    expect(warnings.map((w) => [w.code, w.paths])).toEqual([
      ['SNAPSHOT_SPECIAL_FILES_SKIPPED', ['run.sock']],
      ['SNAPSHOT_SUBMODULES_NOT_INCLUDED', ['libs/a/', 'libs/b/']],
      ['SNAPSHOT_LFS_POINTERS', ['.gitattributes']],
      ['SNAPSHOT_TRACKED_RUNTIME_REMOVED', ['.loom/.runtime/']],
      ['SNAPSHOT_CONFLICTS_COPIED', ['merge.txt']],
    ]);
    expect(warnings[0]?.message).toBe('skipped 1 special file (FIFO, socket or device), which a snapshot cannot hold: run.sock');
  });

  it('reads submodule paths from .gitmodules and LFS use from .gitattributes', () => {
    expect(parseSubmodulePaths('[submodule "x"]\n\tpath = libs/x\n\turl = ../x.git\n[submodule "y"]\n  path=libs/y z\n')).toEqual(['libs/x', 'libs/y z']);
    expect(usesLfs('*.psd filter=lfs diff=lfs merge=lfs -text\n')).toBe(true);
    expect(usesLfs('# *.psd filter=lfs\n*.txt text\n')).toBe(false);
  });
});
