import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync, mkdirSync, symlinkSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputLine, Provider } from '@loom/contracts';
import { createDockerProvider } from '../src/index.js';
import { extractTar, packPath, safeRelative, streamPack } from '../src/archive.js';
import { modemOptions } from '../src/client.js';
import { Label, objectName, processStartTime } from '../src/labels.js';
import { lineWriter } from '../src/lines.js';
import { ownerGone } from '../src/sweep.js';
import { profileSnippet } from '../src/workspace.js';
import { pullNotes } from '../src/images.js';

describe('lineWriter', () => {
  it('cuts raw bytes into lines across chunk boundaries and flushes the last partial line', async () => {
    const lines: OutputLine[] = [];
    const w = lineWriter('stderr', (l) => lines.push(l));
    w.write(Buffer.from('ab'));
    w.write(Buffer.from('c\n\nd\xff', 'latin1'));
    w.write(Buffer.from('e'));
    await new Promise((r) => w.end(r));
    expect(lines.map((l) => l.bytes.toString('latin1'))).toEqual(['abc', '', 'd\xffe']);
    expect(lines.every((l) => l.stream === 'stderr' && l.timestamp > 0)).toBe(true);
  });
});

describe('labels and the sweep rule', () => {
  it('names objects within Docker\'s alphabet', () => {
    expect(objectName('loom-run-local-123456789', 'build:linux / x')).toMatch(/^loom-build-linux-x-23456789-[0-9a-f]{6}$/);
  });

  it('judges an owner gone only when its pid is dead or was reused', () => {
    const self = { [Label.pid]: String(process.pid), [Label.pidStart]: processStartTime(process.pid)! };
    expect(ownerGone(self)).toBe(false);
    expect(ownerGone({ ...self, [Label.pidStart]: '1' })).toBe(true); // same pid, another process
    const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    expect(ownerGone({ [Label.pid]: child.stdout.trim() })).toBe(true);
    expect(ownerGone({})).toBe(false);
  });
});

describe('modemOptions', () => {
  it('maps DOCKER_HOST forms to modem options', () => {
    expect(modemOptions(undefined)).toBeUndefined();
    expect(modemOptions('unix:///var/run/other.sock')).toEqual({ socketPath: '/var/run/other.sock' });
    expect(modemOptions('tcp://10.0.0.2:2375')).toEqual({ protocol: 'http', host: '10.0.0.2', port: 2375 });
    expect(() => modemOptions('ftp://x')).toThrow(/unsupported Docker host/);
  });
});

describe('archives', () => {
  it('round-trips files, modes, symlinks and hard links', async () => {
    const src = mkdtempSync(join(tmpdir(), 'loom-tar-'));
    const dest = mkdtempSync(join(tmpdir(), 'loom-tar-'));
    try {
      mkdirSync(join(src, 'a/b'), { recursive: true });
      writeFileSync(join(src, 'a/b/f.sh'), '#!/bin/sh\n', { mode: 0o750 });
      writeFileSync(join(src, 'big.bin'), Buffer.alloc(3 << 20, 7));
      symlinkSync('b/f.sh', join(src, 'a/link'));
      linkSync(join(src, 'a/b/f.sh'), join(src, 'a/hard'));
      await extractTar(streamPack((pack) => packPath(pack, src, '', { prefix: 'ws' })), dest);
      expect(readFileSync(join(dest, 'ws/a/b/f.sh'), 'utf8')).toBe('#!/bin/sh\n');
      expect(statSync(join(dest, 'ws/a/b/f.sh')).mode & 0o777).toBe(0o750);
      expect(readlinkSync(join(dest, 'ws/a/link'))).toBe('b/f.sh');
      expect(statSync(join(dest, 'ws/a/hard')).ino).toBe(statSync(join(dest, 'ws/a/b/f.sh')).ino);
      expect(statSync(join(dest, 'ws/big.bin')).size).toBe(3 << 20);
    } finally {
      rmSync(src, { recursive: true, force: true });
      rmSync(dest, { recursive: true, force: true });
    }
  });

  it('normalises workspace-relative paths and refuses escapes', () => {
    expect(safeRelative('./a/b/')).toBe('a/b');
    for (const bad of ['../x', '/etc', '.', 'a/../../x']) expect(() => safeRelative(bad)).toThrow(/not inside the workspace/);
  });

  it('quotes the PATH snippet for sh', () => {
    expect(profileSnippet("/opt/it's/bin:/bin")).toContain(`PATH='/opt/it'\\''s/bin:/bin'\nexport PATH`);
  });
});

describe('createDockerProvider', () => {
  it('is a Provider of kind docker and touches nothing before its first job', () => {
    const provider: Provider = createDockerProvider({ dockerHost: 'unix:///nonexistent.sock' });
    expect(provider.kind).toBe('docker');
  });
});

describe('pull progress notes', () => {
  it('notes each status change of a layer once, not every byte count', () => {
    const note = pullNotes('alpine:3.20');
    const events = [
      { status: 'Pulling from library/alpine', id: '3.20' },
      { status: 'Pulling fs layer', id: 'abc' },
      { status: 'Downloading', id: 'abc', progress: '[=>  ] 1MB/3MB' },
      { status: 'Downloading', id: 'abc', progress: '[==> ] 2MB/3MB' },
      { status: 'Pull complete', id: 'abc' },
      { status: 'Digest: sha256:0123' },
      { error: 'boom' },
    ];
    expect(events.map(note).filter(Boolean)).toEqual([
      'pull alpine:3.20: 3.20: Pulling from library/alpine',
      'pull alpine:3.20: abc: Pulling fs layer',
      'pull alpine:3.20: abc: Downloading',
      'pull alpine:3.20: abc: Pull complete',
      'pull alpine:3.20: Digest: sha256:0123',
    ]);
  });
});
