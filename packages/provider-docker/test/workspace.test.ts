import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs, writeTree } from '@loom/test-kit';
import type { ExecutionRequest } from '@loom/contracts';
import type { DockerPreparedJob } from '../src/index.js';
import { dockerRequirement, jobRequest, step, testProvider } from './support.js';

describeWithRequirement('docker provider: /workspace', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-ws-');
  const provider = testProvider();
  const targets: { request: ExecutionRequest; prepared?: DockerPreparedJob }[] = [];
  afterEach(async () => {
    for (const t of targets.splice(0)) await provider.cleanup(t, () => undefined);
  });

  async function prepare(mode: 'ephemeral_volume' | 'bind_mount') {
    const workspace = tempDir();
    writeTree(workspace, {
      'src/a.txt': 'a\n',
      'run.sh': { content: '#!/bin/sh\necho ran\n', mode: 0o755 },
      'link': { symlink: 'src/a.txt' },
    });
    const request = jobRequest(workspace, { workspace: { hostPath: workspace, mode } });
    const target: (typeof targets)[number] = { request };
    targets.push(target);
    target.prepared = await provider.prepare(request, () => undefined);
    return { workspace, prepared: target.prepared };
  }

  it('ephemeral_volume: the job sees a copy (modes and symlinks kept); its writes stay out of the snapshot', async () => {
    const { workspace, prepared } = await prepare('ephemeral_volume');
    const run = await step(provider, prepared, './run.sh && cat link && echo new > written.txt && echo b >> src/a.txt');
    expect(run.stdout).toBe('ran\na');
    expect(existsSync(join(workspace, 'written.txt'))).toBe(false);
    expect(readFileSync(join(workspace, 'src/a.txt'), 'utf8')).toBe('a\n');
    expect((await step(provider, prepared, 'mount | grep " /workspace "')).stdout).not.toContain(workspace);
  });

  it('bind_mount: the job works in the snapshot directory itself', async () => {
    const { workspace, prepared } = await prepare('bind_mount');
    const run = await step(provider, prepared, './run.sh && echo new > written.txt');
    expect(run.stdout).toBe('ran');
    expect(readFileSync(join(workspace, 'written.txt'), 'utf8')).toBe('new\n');
  });

  for (const mode of ['ephemeral_volume', 'bind_mount'] as const) {
    it(`${mode}: copyIn and copyOut move files, directories and symlinks, and report missing paths`, async () => {
      const { prepared } = await prepare(mode);
      const source = tempDir();
      writeTree(source, { '.cache/deps/x.txt': 'cached\n', 'single.txt': 'one\n' });
      const copiedIn = await provider.copyIn(prepared, ['.cache', 'single.txt', 'absent'], source);
      expect(copiedIn).toEqual({ copied: ['.cache', 'single.txt'], missing: ['absent'] });
      const made = await step(provider, prepared, 'cat .cache/deps/x.txt single.txt && mkdir -p out/deep && echo artifact > out/deep/r.txt && ln -s deep/r.txt out/l && chmod 700 out/deep');
      expect(made.stdout).toBe('cached\none');
      const dest = tempDir();
      const copiedOut = await provider.copyOut(prepared, ['out', 'src/a.txt', 'nope/x'], dest);
      expect(copiedOut).toEqual({ copied: ['out', 'src/a.txt'], missing: ['nope/x'] });
      expect(readFileSync(join(dest, 'out/deep/r.txt'), 'utf8')).toBe('artifact\n');
      expect(readlinkSync(join(dest, 'out/l'))).toBe('deep/r.txt');
      expect(lstatSync(join(dest, 'out/deep')).mode & 0o777).toBe(0o700);
      expect(readFileSync(join(dest, 'src/a.txt'), 'utf8')).toBe('a\n');
    });
  }

  it('ephemeral_volume: copyInArchive extracts a tar stream at /workspace; copyOutArchive streams one path back', async () => {
    const { prepared } = await prepare('ephemeral_volume');
    const { copyInArchive, copyOutArchive } = provider;
    if (!copyInArchive || !copyOutArchive) throw new Error('the Docker provider streams archives');
    const source = tempDir();
    writeTree(source, { 'vendor/p/x.txt': 'cached\n', 'vendor/run': { content: '#!/bin/sh\necho hi\n', mode: 0o755 } });
    const tar = spawn('tar', ['-C', source, '-c', 'vendor'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await copyInArchive.call(provider, prepared, tar.stdout);
    expect((await step(provider, prepared, 'cat vendor/p/x.txt && vendor/run')).stdout).toBe('cached\nhi');
    const out = await copyOutArchive.call(provider, prepared, 'vendor/p');
    const chunks: Buffer[] = [];
    for await (const chunk of out as AsyncIterable<Buffer>) chunks.push(chunk);
    const file = join(tempDir(), 'p.tar');
    writeFileSync(file, Buffer.concat(chunks));
    expect(spawnSync('tar', ['-tf', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort()).toEqual(['p/', 'p/x.txt']);
    expect(await copyOutArchive.call(provider, prepared, 'absent/x')).toBeUndefined();
    await expect(copyOutArchive.call(provider, prepared, '../etc')).rejects.toMatchObject({ code: 'DOCKER_BAD_PATH' });
  });

  it('refuses paths that leave the workspace', async () => {
    const { prepared } = await prepare('ephemeral_volume');
    await expect(provider.copyOut(prepared, ['../etc/passwd'], tempDir())).rejects.toMatchObject({ code: 'DOCKER_BAD_PATH' });
    await expect(provider.copyIn(prepared, ['/etc/passwd'], tempDir())).rejects.toMatchObject({ code: 'DOCKER_BAD_PATH' });
  });
}, { tags: ['docker'] });
