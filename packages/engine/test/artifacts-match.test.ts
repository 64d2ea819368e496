/** Which workspace entries artifacts take (pure): globs, exclude, directories, symlinks as leaves. */
import { describe, expect, it } from 'vitest';
import { containerListing, parseContainerListing } from '../src/artifacts-list.js';
import { listingBases, normalisePattern, selectArtifacts, type WorkspaceEntry } from '../src/artifacts-match.js';

const tree: WorkspaceEntry[] = [
  { path: 'dist', kind: 'dir' },
  { path: 'dist/a.js', kind: 'file' },
  { path: 'dist/a.js.map', kind: 'file' },
  { path: 'dist/sub', kind: 'dir' },
  { path: 'dist/sub/b.js', kind: 'file' },
  { path: 'report.xml', kind: 'file' },
  { path: '.hidden.xml', kind: 'file' },
  { path: 'link', kind: 'symlink' },
  { path: 'out dir', kind: 'dir' },
  { path: 'out dir/ü.txt', kind: 'file' },
];

describe('selectArtifacts', () => {
  it('takes a matched directory whole, and only what is left when something below it is excluded', () => {
    expect(selectArtifacts(tree, ['dist'], [])).toEqual({ roots: ['dist'], count: 3, unmatched: [] });
    expect(selectArtifacts(tree, ['dist'], ['**/*.map'])).toEqual({ roots: ['dist/a.js', 'dist/sub'], count: 2, unmatched: [] });
    expect(selectArtifacts(tree, ['dist/**/*.js'], [])).toEqual({ roots: ['dist/a.js', 'dist/sub'], count: 2, unmatched: [] });
    expect(selectArtifacts(tree, ['dist'], ['dist/sub']).roots).toEqual(['dist/a.js', 'dist/a.js.map']);
  });

  it('globs stay in one segment unless **, match dotfiles, and report patterns that matched nothing', () => {
    expect(selectArtifacts(tree, ['*.xml', 'nothing/**'], []).roots).toEqual(['.hidden.xml', 'report.xml']);
    expect(selectArtifacts(tree, ['*.js'], []).unmatched).toEqual(['*.js']);
    expect(selectArtifacts(tree, ['out dir/*.txt', 'link'], []).roots).toEqual(['link', 'out dir']);
  });

  it('normalises patterns and refuses ones that leave the workspace', () => {
    expect(['./dist/', 'dist//', '.'].map(normalisePattern)).toEqual(['dist', 'dist', '**']);
    for (const bad of ['/etc/passwd', '../up', 'a/../../b', '']) expect(() => normalisePattern(bad)).toThrow(/not inside the workspace/);
    expect(listingBases(['dist/**/*.js', 'dist/sub', 'out dir/x'])).toEqual(['dist', 'out dir/x']);
    expect(listingBases(['dist', '*.xml'])).toEqual(['.']);
  });
});

describe('container listing', () => {
  it('drops entries reached through a symlinked parent and ignores unmarked lines', () => {
    expect(containerListing(['a/b'])).toContain("[ -L 'a' ]");
    const entries = parseContainerListing([
      'motd from a login profile',
      '@loom-artifact L escape',
      '@loom-artifact f ./escape/passwd',
      '@loom-artifact d ./dist',
      "@loom-artifact f ./dist/it's here.txt",
    ]);
    expect(entries).toEqual([
      { path: 'dist', kind: 'dir' },
      { path: "dist/it's here.txt", kind: 'file' },
    ]);
  });
});
