/** When a plain `loom run --local` boots its container before the CLI loads (src/run/early-boot.ts). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { earlyBootTarget } from '../src/run/early-boot.js';

const tempDir = useTempDirs('loom-early-boot-');
const workflow = 'version: v1\nstages: [build]\njob:\n  stage: build\n  image: "loom-local/busybox:latest" # first\n  script: [true]\n';

function repo(files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeTree(dir, { '.git/HEAD': 'ref: refs/heads/main\n', '.loom/workflow.yml': workflow, 'src/a.txt': 'a', ...files });
  return dir;
}

describe('early boot', () => {
  const home = tempDir(); // no user config in it
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };

  it('boots the first image of a plain local run, also from a subdirectory', () => {
    const dir = repo();
    expect(earlyBootTarget(['run', '--local', '--quiet'], env, dir)).toEqual({ workflowPath: join(dir, '.loom', 'workflow.yml'), image: 'loom-local/busybox:latest' });
    expect(earlyBootTarget(['run', '--local'], env, join(dir, 'src'))?.image).toBe('loom-local/busybox:latest');
  });

  it('leaves to the light front whatever could move the workflow or turn booting off', () => {
    const dir = repo();
    for (const argv of [
      ['check'], ['run'], ['run', '--local', '--workflow', 'x.yml'], ['run', '--local', '--workflow=x.yml'], ['run', '--local', '--cache-diff'],
      ['run', '--local', '--docker-workspace-mount', 'ephemeral_volume'], ['run', '--local', '--help'],
    ]) expect(earlyBootTarget(argv, env, dir), argv.join(' ')).toBeUndefined();
    expect(earlyBootTarget(['run', '--local'], { ...env, LOOM_NO_PREBOOT: '1' }, dir)).toBeUndefined();
    expect(earlyBootTarget(['run', '--local'], { ...env, LOOM_DOCKER_WORKSPACE_MOUNT: 'bind_mount' }, dir)).toBeUndefined();
  });

  it('does not guess where a runtime config file could decide, nor without a repository or an image', () => {
    expect(earlyBootTarget(['run', '--local'], env, repo({ '.loom/config.yml': 'runtime: {}\n' }))).toBeUndefined();
    const withUserConfig = tempDir();
    writeTree(withUserConfig, { 'loom/config.yml': 'runtime: {}\n' });
    expect(earlyBootTarget(['run', '--local'], { ...env, XDG_CONFIG_HOME: withUserConfig }, repo())).toBeUndefined();
    expect(earlyBootTarget(['run', '--local'], env, tempDir())).toBeUndefined();
    expect(earlyBootTarget(['run', '--local'], env, repo({ '.loom/workflow.yml': 'version: v1\njob:\n  script: [true]\n' }))).toBeUndefined();
  });
});
