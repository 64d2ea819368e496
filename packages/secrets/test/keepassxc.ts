/** The real `keepassxc-cli` (Debian `keepassxc`), driven with the password on stdin. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const keepassxcAvailable = spawnSync('keepassxc-cli', ['--version']).status === 0;
export const keepassxcRequirement = { available: keepassxcAvailable, what: 'keepassxc-cli (apt-get install keepassxc; tools/setup.sh)' };

export function keepassxc(args: string[], stdin = ''): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('keepassxc-cli', args, { input: stdin, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export interface XmlEntry {
  groups: string[];
  title: string;
  fields: Record<string, string>;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A KeePass 2 XML export: the only way keepassxc-cli writes custom attributes. */
function xmlOf(entries: XmlEntry[]): string {
  const entryXml = (e: XmlEntry): string =>
    `<Entry><String><Key>Title</Key><Value>${esc(e.title)}</Value></String>${Object.entries(e.fields)
      .map(([k, v]) => `<String><Key>${esc(k)}</Key><Value ProtectInMemory="True">${esc(v)}</Value></String>`)
      .join('')}</Entry>`;
  const groupXml = (e: XmlEntry, depth: number): string =>
    depth === e.groups.length ? entryXml(e) : `<Group><Name>${esc(e.groups[depth] as string)}</Name>${groupXml(e, depth + 1)}</Group>`;
  return `<?xml version="1.0" encoding="utf-8"?><KeePassFile><Meta><Generator>loom-test</Generator></Meta><Root><Group><Name>Root</Name>${entries
    .map((e) => groupXml(e, 0))
    .join('')}</Group></Root></KeePassFile>`;
}

/** Creates `<dir>/<name>.kdbx` with keepassxc-cli: KDBX 3.1, AES-KDF. */
export function keepassxcVault(dir: string, name: string, password: string, entries: XmlEntry[], keyfile?: string): string {
  const xml = join(dir, `${name}.xml`);
  const db = join(dir, `${name}.kdbx`);
  writeFileSync(xml, xmlOf(entries));
  const args = ['import', '-q', '-p', ...(keyfile ? ['--set-key-file', keyfile] : []), xml, db];
  const run = keepassxc(args, `${password}\n${password}\n`);
  if (run.status !== 0) throw new Error(`keepassxc-cli import failed: ${run.stderr}`);
  return db;
}
