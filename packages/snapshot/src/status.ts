/**
 * Parses `git status --porcelain=v2 -z` (pure). With `-z` paths are never quoted and may hold spaces and
 * newlines, so a record is split on its first N spaces only and the rest is the path.
 */
import { LoomError } from '@loom/errors';

export type StatusEntry =
  /** `1 XY sub mH mI mW hH hI path`: a tracked path changed in the index and/or the working tree. */
  | { kind: 'changed'; xy: string; submodule: boolean; path: string }
  /** `2 XY sub mH mI mW hH hI Xscore path origPath`: a staged rename (`R`) or copy (`C`). */
  | { kind: 'renamed'; xy: string; submodule: boolean; path: string; origPath: string; copy: boolean }
  /** `u XY sub m1 m2 m3 mW h1 h2 h3 path`: an unmerged path. */
  | { kind: 'unmerged'; xy: string; submodule: boolean; path: string }
  /** `? path`: untracked; a trailing `/` means a nested repository git did not descend into. */
  | { kind: 'untracked'; path: string }
  /** `! path` (only with `--ignored`): ignored; a trailing `/` means a whole ignored directory. */
  | { kind: 'ignored'; path: string };

/** Splits `record` into its first `count` space-separated fields and the rest (the path). */
function splitFields(record: string, count: number): { fields: string[]; rest: string } {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const space = record.indexOf(' ', start);
    if (space < 0) throw malformed(record);
    fields.push(record.slice(start, space));
    start = space + 1;
  }
  const rest = record.slice(start);
  if (rest === '') throw malformed(record);
  return { fields, rest };
}

function malformed(record: string): LoomError {
  return new LoomError('SNAPSHOT_GIT_FAILED', `unexpected line in git status output: ${JSON.stringify(record.slice(0, 120))}`, {
    hint: 'this git version may not support `git status --porcelain=v2 -z`; Loom needs git 2.31 or newer',
  });
}

/** The `<sub>` field is `N...` for ordinary paths and `S<c><m><u>` for submodules. */
const isSubmodule = (sub: string | undefined): boolean => sub?.startsWith('S') ?? false;

export function parseStatus(output: string): StatusEntry[] {
  const records = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? '';
    if (record === '' || record.startsWith('#')) continue;
    const type = record.slice(0, 2);
    if (type === '? ' || type === '! ') {
      const path = record.slice(2);
      if (path === '') throw malformed(record);
      entries.push({ kind: type === '? ' ? 'untracked' : 'ignored', path });
    } else if (type === '1 ') {
      const { fields, rest } = splitFields(record, 8);
      entries.push({ kind: 'changed', xy: fields[1] ?? '', submodule: isSubmodule(fields[2]), path: rest });
    } else if (type === '2 ') {
      const { fields, rest } = splitFields(record, 9);
      const origPath = records[++i];
      if (!origPath) throw malformed(record);
      const copy = (fields[8] ?? '').startsWith('C');
      entries.push({ kind: 'renamed', xy: fields[1] ?? '', submodule: isSubmodule(fields[2]), path: rest, origPath, copy });
    } else if (type === 'u ') {
      const { fields, rest } = splitFields(record, 10);
      entries.push({ kind: 'unmerged', xy: fields[1] ?? '', submodule: isSubmodule(fields[2]), path: rest });
    } else {
      throw malformed(record);
    }
  }
  return entries;
}
