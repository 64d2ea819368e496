import { describe, expect, it } from 'vitest';
import { createMasker } from '../src/index.js';

const SECRET = 'canary-Zq9/+x&y= z';
const MARK = '[REDACTED:SECRET_CANARY]';

function masker() {
  const m = createMasker();
  m.register('CANARY', SECRET);
  return m;
}

describe('masking encoded forms and split values', () => {
  it('masks base64 of the value, with and without the newline echo adds, padded or not, and base64url', () => {
    const m = masker();
    const b64 = Buffer.from(SECRET).toString('base64');
    const echoed = Buffer.from(`${SECRET}\n`).toString('base64');
    const url = b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const form of [b64, echoed, b64.replace(/=+$/, ''), url]) expect(m.maskText(`x ${form} y`)).toBe(`x ${MARK} y`);
  });

  it('masks the value inside a longer base64 text at every alignment', () => {
    const m = masker();
    for (const prefix of ['', 'a', 'ab', 'abc', 'user:']) {
      const b64 = Buffer.from(`${prefix}${SECRET}:trailer`).toString('base64');
      const masked = m.maskText(b64);
      expect(masked, prefix).toContain(MARK);
      // What is left are the few characters shared with the surrounding bytes, never a run that decodes to the value.
      expect(Buffer.from(masked.split(MARK).join(''), 'base64').toString('latin1')).not.toContain(SECRET.slice(0, 4));
    }
  });

  it('masks URL-encoded and form-encoded forms', () => {
    const m = masker();
    expect(m.maskText(`?t=${encodeURIComponent(SECRET)}&x=1`)).toBe(`?t=${MARK}&x=1`);
    expect(m.maskText(new URLSearchParams({ t: SECRET }).toString())).toBe(`t=${MARK}`);
  });

  it('masks a value split across output chunks of one stream, byte for byte in raw output too', () => {
    const m = masker();
    const text = `before ${SECRET} after ${Buffer.from(SECRET).toString('base64')}`;
    for (let cut = 1; cut < text.length; cut += 3) {
      const out = m.maskChunk('s', text.slice(0, cut)) + m.maskChunk('s', text.slice(cut)) + m.flush('s');
      expect(out).toBe(`before ${MARK} after ${MARK}`);
    }
    expect(m.maskBytes(Buffer.from(`\xff ${SECRET}`, 'latin1')).toString('latin1')).not.toContain('canary');
  });

  it('counts registered values, not their forms', () => {
    expect(masker().size).toBe(1);
  });
});
