import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_MASK_LENGTH, createMasker } from '../src/index.js';

describe('createMasker', () => {
  it('replaces every occurrence with [REDACTED:SECRET_<NAME>]', () => {
    const m = createMasker();
    m.register('DEPLOY_TOKEN', 's3cr3t-token');
    expect(m.maskText('a s3cr3t-token b s3cr3t-token')).toBe('a [REDACTED:SECRET_DEPLOY_TOKEN] b [REDACTED:SECRET_DEPLOY_TOKEN]');
    expect(m.maskText('nothing here')).toBe('nothing here');
  });

  it('does not mask values shorter than 4 characters, and says so', () => {
    const m = createMasker();
    expect(MIN_MASK_LENGTH).toBe(4);
    expect(m.register('PIN', 'abc')).toEqual({
      code: 'SECRET_TOO_SHORT_TO_MASK',
      name: 'PIN',
      message: 'secret PIN is shorter than 4 characters and is not masked in logs',
    });
    expect(m.register('EMPTY', '')).toBeUndefined();
    expect(m.register('OK', 'abcd')).toBeUndefined();
    expect(m.maskText('abc abcd')).toBe('abc [REDACTED:SECRET_OK]');
    expect(m.size).toBe(1);
  });

  it('registers a multi-line value whole and line by line (lines of 4+ characters)', () => {
    const m = createMasker();
    m.register('KEY', '-----BEGIN-----\nMIIEabcdef\n}\r\n-----END-----');
    expect(m.maskText('MIIEabcdef')).toBe('[REDACTED:SECRET_KEY]');
    expect(m.maskText('x -----END----- y')).toBe('x [REDACTED:SECRET_KEY] y');
    expect(m.maskText('}')).toBe('}');
    expect(m.maskText('-----BEGIN-----\nMIIEabcdef\n}\r\n-----END-----')).toBe('[REDACTED:SECRET_KEY]');
  });

  it('prefers the longest value at a position, and the first name of a value', () => {
    const m = createMasker();
    m.register('SHORT', 'token');
    m.register('LONG', 'token-extended');
    m.register('AGAIN', 'token');
    expect(m.maskText('token-extended token')).toBe('[REDACTED:SECRET_LONG] [REDACTED:SECRET_SHORT]');
  });

  it('treats regex characters literally', () => {
    const m = createMasker();
    m.register('RX', 'a.b*c(d)');
    expect(m.maskText('axbbc(d) a.b*c(d)')).toBe('axbbc(d) [REDACTED:SECRET_RX]');
  });

  it('masks raw bytes byte for byte, leaving other bytes alone', () => {
    const m = createMasker();
    m.register('TOKEN', 'päss-wörd');
    const raw = Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from('päss-wörd'), Buffer.from([0xc3])]);
    const masked = m.maskBytes(raw);
    expect(masked).toEqual(Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from('[REDACTED:SECRET_TOKEN]'), Buffer.from([0xc3])]));
    const clean = Buffer.from([0xfe, 0x80, 0x41]);
    expect(m.maskBytes(clean)).toBe(clean);
  });

  it('catches a value split across chunks, per stream', () => {
    const m = createMasker();
    m.register('TOKEN', 'abcdefgh');
    expect(m.maskChunk('s1', 'xx abcd')).toBe('xx ');
    expect(m.maskChunk('s2', 'abc')).toBe('');
    expect(m.maskChunk('s1', 'efgh yy')).toBe('[REDACTED:SECRET_TOKEN] yy');
    expect(m.flush('s2')).toBe('abc');
    expect(m.flush('s1')).toBe('');
  });

  it('masks values registered after a stream started', () => {
    const m = createMasker();
    expect(m.maskChunk('s', 'before late-secret ')).toBe('before late-secret ');
    m.register('LATE', 'late-secret');
    expect(m.maskChunk('s', 'after late-secret')).toBe('after [REDACTED:SECRET_LATE]');
  });
});

// Secrets use lowercase letters, digits and '-' only: none of them can appear inside a marker
// (`[REDACTED:SECRET_<UPPER>]`), so "no value in the output" is exactly "nothing leaked".
const secretChar = fc.constantFrom(...'abcdefgh0123-'.split(''));
const secretArb = fc.string({ unit: secretChar, minLength: MIN_MASK_LENGTH, maxLength: 12 });
const secretsArb = fc.uniqueArray(secretArb, { minLength: 1, maxLength: 5 });
const noiseArb = fc.string({ unit: fc.constantFrom(...'abcdxyz 01-\né€'.split('')), maxLength: 8 });

/** Text made of noise, whole secrets and secret prefixes/suffixes (the hard cases for a chunked stream). */
function textArb(secrets: string[]) {
  const piece = fc.oneof(
    noiseArb,
    fc.constantFrom(...secrets),
    fc.tuple(fc.constantFrom(...secrets), fc.nat()).map(([s, n]) => s.slice(0, n % s.length)),
    fc.tuple(fc.constantFrom(...secrets), fc.nat()).map(([s, n]) => s.slice(n % s.length)),
  );
  return fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
}

/** Cuts `text` at the given positions. */
function chunk(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

function maskStream(secrets: string[], chunks: string[]): string {
  const m = createMasker();
  secrets.forEach((s, i) => m.register(`S${i}`, s));
  return chunks.map((c) => m.maskChunk('k', c)).join('') + m.flush('k');
}

describe('masker properties', () => {
  it('no registered value survives, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        secretsArb.chain((secrets) => fc.tuple(fc.constant(secrets), textArb(secrets), fc.array(fc.nat(), { maxLength: 6 }))),
        ([secrets, text, cuts]) => {
          const streamed = maskStream(secrets, chunk(text, cuts));
          for (const s of secrets) expect(streamed).not.toContain(s);
          const m = createMasker();
          secrets.forEach((s, i) => m.register(`S${i}`, s));
          // Chunking never changes the result: streamed output equals masking the whole text at once.
          expect(streamed).toBe(m.maskText(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('text without secrets passes through byte for byte, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        secretsArb.chain((secrets) => fc.tuple(fc.constant(secrets), textArb(secrets), fc.array(fc.nat(), { maxLength: 6 }))),
        ([secrets, text, cuts]) => {
          fc.pre(secrets.every((s) => !text.includes(s)));
          const streamed = maskStream(secrets, chunk(text, cuts));
          expect(Buffer.from(streamed)).toEqual(Buffer.from(text));
          const m = createMasker();
          secrets.forEach((s, i) => m.register(`S${i}`, s));
          expect(m.maskText(text)).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('raw bytes without secrets pass through unchanged', () => {
    fc.assert(
      fc.property(secretsArb, fc.uint8Array({ maxLength: 64 }), (secrets, bytes) => {
        const raw = Buffer.from(bytes);
        fc.pre(secrets.every((s) => raw.indexOf(Buffer.from(s)) === -1));
        const m = createMasker();
        secrets.forEach((s, i) => m.register(`S${i}`, s));
        expect(m.maskBytes(raw)).toEqual(raw);
      }),
      { numRuns: 300 },
    );
  });
});
