/**
 * The store's files (cache.md §7, decided in the README):
 *   <store>/entries/<id>.json          one entry's record (key, name, paths, archive, digest, size, created_at)
 *   <store>/archives/<id>.<nonce>.tar.zst   its archive; the file's mtime is the entry's last use
 *   <store>/tmp/                       archives being written (same filesystem, so the rename is atomic)
 *   <store>/quarantine.json            keys `--cache-diff` quarantined
 * `<id>` is sha256 over the entry's name, paths and key, so equal keys of different entries never meet.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const ENTRY_SCHEMA = 'loom.cache.entry.v1';
export const QUARANTINE_SCHEMA = 'loom.cache.quarantine.v1';

export interface StoreLayout {
  root: string;
  entries: string;
  archives: string;
  tmp: string;
  quarantine: string;
}

export function storeLayout(root: string): StoreLayout {
  return {
    root,
    entries: join(root, 'entries'),
    archives: join(root, 'archives'),
    tmp: join(root, 'tmp'),
    quarantine: join(root, 'quarantine.json'),
  };
}

/** Which entry: the same key under another name or other paths is another entry. Pure. */
export function entryId(identity: { name: string; paths: readonly string[]; key: string }): string {
  return createHash('sha256').update(JSON.stringify([identity.name, [...identity.paths], identity.key])).digest('hex');
}

export const entryFile = (layout: StoreLayout, id: string): string => join(layout.entries, `${id}.json`);
