/**
 * Entries by path: every entry's path is its group names below the root plus its title; a ref's entry path
 * matches by suffix (secrets.md §5.2). More than one match is an error naming the candidates' paths only.
 * The recycle bin is never searched.
 */
import { notFound } from '../codes.js';
import { type Kdbx, fieldText, type kdbxweb } from './kdbx.js';

export interface EntryAtPath {
  path: string[];
  entry: kdbxweb.KdbxEntry;
}

/** The standard fields under the names people write in refs; anything else is a custom field name. */
const STANDARD_FIELDS: Record<string, string> = { title: 'Title', username: 'UserName', password: 'Password', url: 'URL', notes: 'Notes' };

export function allEntries(db: Kdbx): EntryAtPath[] {
  const out: EntryAtPath[] = [];
  const recycleBin = db.meta.recycleBinUuid?.id;
  const walk = (group: kdbxweb.KdbxGroup, path: string[]): void => {
    for (const entry of group.entries) out.push({ path: [...path, fieldText(entry.fields.get('Title')) ?? ''], entry });
    for (const sub of group.groups) if (sub.uuid.id !== recycleBin) walk(sub, [...path, sub.name ?? '']);
  };
  walk(db.getDefaultGroup(), []);
  return out;
}

const endsWith = (path: string[], suffix: string[]): boolean =>
  suffix.length <= path.length && suffix.every((s, i) => path[path.length - suffix.length + i] === s);

export function findEntry(db: Kdbx, entryPath: string[], what: string): EntryAtPath {
  const matches = allEntries(db).filter((e) => endsWith(e.path, entryPath));
  if (matches.length === 1) return matches[0] as EntryAtPath;
  if (matches.length === 0) {
    throw notFound(`${what}: no entry at "${entryPath.join('/')}"`, 'list the entries with `loom secrets keepass item list`; paths are group/…/entry title');
  }
  const candidates = matches.map((m) => m.path.join('/')).join(', ');
  throw notFound(
    `${what}: "${entryPath.join('/')}" matches ${matches.length} entries: ${candidates}`,
    'write more of the path (leading groups) so that exactly one entry ends with it',
  );
}

/** The field's name as stored: exact first, then the standard fields by their lower-case names. */
function fieldName(entry: kdbxweb.KdbxEntry, field: string): string | undefined {
  if (entry.fields.has(field)) return field;
  const standard = STANDARD_FIELDS[field.toLowerCase()];
  if (standard !== undefined && entry.fields.has(standard)) return standard;
  return undefined;
}

export function readField(found: EntryAtPath, field: string, what: string): string {
  const name = fieldName(found.entry, field);
  const value = name === undefined ? undefined : fieldText(found.entry.fields.get(name));
  if (value === undefined) {
    const names = [...found.entry.fields.keys()].join(', ');
    throw notFound(`${what}: entry "${found.path.join('/')}" has no field "${field}" (fields: ${names})`, 'use one of the field names listed');
  }
  return value;
}
