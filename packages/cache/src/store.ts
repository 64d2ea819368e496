/**
 * The local store: one JSON record per entry and its archive. Every change is one atomic rename (a new
 * archive under a fresh name, then the record over the old one), so a process killed at any moment leaves
 * the old entry or the new one; two saves of the same entry at once both succeed and the later rename wins.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LoomError } from '@loom/errors';
import { commitFile, writeJsonAtomic } from './atomic.js';
import { CacheErrorCode } from './errors.js';
import { ENTRY_SCHEMA, type StoreLayout, entryFile, entryId, storeLayout } from './layout.js';

export interface EntryRecord {
  schema_version: typeof ENTRY_SCHEMA;
  id: string;
  name: string;
  key: string;
  paths: string[];
  /** File name under `archives/`. */
  archive: string;
  /** sha256 of the deterministic tar stream: the content digest "unchanged" compares. */
  digest: string;
  /** Format-independent content digest of the same stream (content.ts); absent in records of older Loom. */
  content_digest?: string;
  /** The paths' digest as the job's own container computed it (`digestPaths` of the provider, a Docker
   * volume), for the unchanged check without reading the paths out; absent when the saving job had none. */
  probe_digest?: string;
  /** Archive bytes (compressed). */
  size: number;
  created_at: string;
  /** Job and run that saved it. */
  job: string;
  run_id: string;
}

export interface StoredEntry extends EntryRecord {
  archivePath: string;
  /** The archive's mtime: set on every restore. */
  lastUsed: Date;
}

export interface CacheStore {
  readonly layout: StoreLayout;
  /** The entry, or undefined when there is none or its archive is gone or torn (size differs). */
  find(identity: { name: string; paths: readonly string[]; key: string }): StoredEntry | undefined;
  /** A fresh temp path for an archive being written. */
  tempArchive(): string;
  /** Moves a finished temp archive in and points the entry at it; removes the archive it replaces. */
  commit(record: Omit<EntryRecord, 'schema_version' | 'id' | 'archive' | 'size'>, tempArchive: string): StoredEntry;
  /** Marks the entry used now (its archive's mtime). */
  touch(entry: StoredEntry): void;
  list(): StoredEntry[];
  remove(entry: StoredEntry): void;
}

function readRecord(file: string): EntryRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as EntryRecord;
    if (record.schema_version !== ENTRY_SCHEMA || typeof record.archive !== 'string' || basename(record.archive) !== record.archive) throw new Error('unexpected shape');
    return record;
  } catch (error) {
    throw new LoomError(CacheErrorCode.corruptStore, `cache store record ${file} is not one Loom wrote: ${(error as Error).message}`, {
      hint: 'remove that file (the entry is then a miss) or run `loom cache prune`',
    });
  }
}

function withArchive(layout: StoreLayout, record: EntryRecord): StoredEntry | undefined {
  const archivePath = join(layout.archives, record.archive);
  try {
    const stat = statSync(archivePath);
    if (stat.size !== record.size) return undefined;
    return { ...record, archivePath, lastUsed: stat.mtime };
  } catch {
    return undefined;
  }
}

export function openStore(root: string): CacheStore {
  const layout = storeLayout(root);
  const ensure = () => {
    for (const dir of [layout.entries, layout.archives, layout.tmp]) mkdirSync(dir, { recursive: true });
  };
  const find: CacheStore['find'] = (identity) => {
    const record = readRecord(entryFile(layout, entryId(identity)));
    return record && withArchive(layout, record);
  };
  return {
    layout,
    find,
    tempArchive() {
      ensure();
      return join(layout.tmp, `${process.pid}.${randomBytes(8).toString('hex')}.tar.zst`);
    },
    commit(fields, tempArchive) {
      ensure();
      const id = entryId(fields);
      const archive = `${id}.${randomBytes(8).toString('hex')}.tar.zst`;
      const size = statSync(tempArchive).size;
      commitFile(tempArchive, join(layout.archives, archive));
      const previous = readRecordQuietly(entryFile(layout, id));
      const record: EntryRecord = { schema_version: ENTRY_SCHEMA, id, archive, size, ...fields };
      writeJsonAtomic(entryFile(layout, id), record);
      if (previous && previous.archive !== archive) rmSync(join(layout.archives, previous.archive), { force: true });
      return withArchive(layout, record) as StoredEntry;
    },
    touch(entry) {
      const now = new Date();
      try {
        utimesSync(entry.archivePath, now, now);
      } catch {
        // a concurrent save replaced it: its own mtime is newer anyway
      }
    },
    list() {
      let names: string[];
      try {
        names = readdirSync(layout.entries).filter((n) => n.endsWith('.json'));
      } catch {
        return [];
      }
      return names.flatMap((name) => {
        const record = readRecordQuietly(join(layout.entries, name));
        const entry = record && withArchive(layout, record);
        return entry ? [entry] : [];
      });
    },
    remove(entry) {
      // Record first: an entry without its record is an orphan archive (pruned), never a torn entry.
      rmSync(entryFile(layout, entry.id), { force: true });
      rmSync(entry.archivePath, { force: true });
    },
  };
}

function readRecordQuietly(file: string): EntryRecord | undefined {
  try {
    return readRecord(file);
  } catch {
    return undefined;
  }
}
