/** HTML text and attribute escaping: every value in the report comes from the record and is escaped. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** A relative link as an href: each path segment percent-encoded, `/` kept. */
export const href = (path: string): string => esc(path.split('/').map(encodeURIComponent).join('/'));
