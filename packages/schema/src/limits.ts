/**
 * Bounds on what `loom check` reads, so hostile or runaway input gives a located issue instead of a stack
 * overflow or a minutes-long parse. Both are far above any real workflow (a 1,000-job file is ~300 KB and
 * nests ~8 levels) and are documented in the README.
 */

/** Largest workflow or template file, in UTF-8 bytes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Deepest nesting of collections (mappings and sequences, block or flow); the root mapping is level 1. */
export const MAX_NESTING = 64;

/** Offset of the first character past `MAX_FILE_BYTES`, or undefined when the text fits. */
export function pastSizeLimit(text: string): number | undefined {
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 units).
  if (text.length * 3 <= MAX_FILE_BYTES || Buffer.byteLength(text, 'utf8') <= MAX_FILE_BYTES) return undefined;
  return new TextEncoder().encodeInto(text, new Uint8Array(MAX_FILE_BYTES)).read;
}
