/**
 * Secret masking, once, at the sink (secrets.md §4): every occurrence of a registered value becomes
 * `[REDACTED:SECRET_<NAME>]`. Matching is leftmost-longest over all values, so a value that contains another
 * is replaced whole.
 *
 * Rules where the spec is silent (documented in the README):
 * - values shorter than `MIN_MASK_LENGTH` characters are NOT masked (masking `ab` everywhere would wreck the
 *   log and point at the value anyway); `register` returns a warning for the caller to emit;
 * - a multi-line value is registered whole AND line by line (output arrives line by line, so the whole value
 *   never appears in one line); lines shorter than `MIN_MASK_LENGTH` are skipped silently;
 * - the same value under two names keeps the first name;
 * - the value's base64 and URL-encoded forms (`encoded-forms.ts`) are masked with the same marker.
 */
import { encodedForms } from './encoded-forms.js';
import { createSecretMatcher } from './secret-matcher.js';

export const MIN_MASK_LENGTH = 4;

export interface MaskWarning {
  code: 'SECRET_TOO_SHORT_TO_MASK';
  name: string;
  message: string;
}

export interface Masker {
  /** Adds a secret; callable at any time (each job's secrets are resolved just before it runs). */
  register(name: string, value: string): MaskWarning | undefined;
  /** Number of distinct values being masked. */
  readonly size: number;
  /** Masks a complete text (an error message, a command, a line). */
  maskText(text: string): string;
  /** Masks raw bytes byte for byte (for output that is not valid UTF-8). */
  maskBytes(bytes: Buffer): Buffer;
  /**
   * Streaming: masks `chunk` as a continuation of everything pushed before under `streamKey` and returns the
   * part that is final now. A tail that could still become a secret is held back until the next chunk or
   * `flush`. The concatenation of all returns equals `maskText` of the concatenated chunks.
   */
  maskChunk(streamKey: string, chunk: string): string;
  /** Ends a stream: returns its held-back tail, masked, and forgets the stream. */
  flush(streamKey: string): string;
}

export function redactionMarker(name: string): string {
  return `[REDACTED:SECRET_${name}]`;
}

export function createMasker(): Masker {
  const text = createSecretMatcher();
  // The same values as latin1 strings of their UTF-8 bytes: one char per byte, so a latin1 round trip masks
  // raw bytes exactly.
  const bytes = createSecretMatcher();
  const pending = new Map<string, string>();
  // Values and lines as registered, without their encoded forms: what `size` counts.
  const counted = new Set<string>();

  function add(name: string, value: string, form = false): void {
    if (!form) counted.add(value);
    const marker = redactionMarker(name);
    text.add(value, marker);
    bytes.add(Buffer.from(value, 'utf8').toString('latin1'), marker);
  }

  return {
    register(name, value) {
      if (value.length === 0) return undefined;
      if (value.length < MIN_MASK_LENGTH) {
        return {
          code: 'SECRET_TOO_SHORT_TO_MASK',
          name,
          message: `secret ${name} is shorter than ${MIN_MASK_LENGTH} characters and is not masked in logs`,
        };
      }
      add(name, value);
      for (const form of encodedForms(value)) add(name, form, true);
      const lines = value.split(/\r\n|\r|\n/);
      if (lines.length > 1) for (const line of lines) if (line.length >= MIN_MASK_LENGTH) add(name, line);
      return undefined;
    },
    get size() {
      return counted.size;
    },
    maskText: (s) => text.replaceAll(s),
    maskBytes(raw) {
      if (bytes.size === 0) return raw;
      const latin1 = raw.toString('latin1');
      const masked = bytes.replaceAll(latin1);
      return masked === latin1 ? raw : Buffer.from(masked, 'latin1');
    },
    maskChunk(streamKey, chunk) {
      const buffered = (pending.get(streamKey) ?? '') + chunk;
      const { done, held } = text.replaceStreaming(buffered);
      if (held.length > 0) pending.set(streamKey, held);
      else pending.delete(streamKey);
      return done;
    },
    flush(streamKey) {
      const held = pending.get(streamKey);
      pending.delete(streamKey);
      return held === undefined ? '' : text.replaceAll(held);
    },
  };
}
