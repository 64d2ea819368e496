/**
 * The encodings of a secret that a job is likely to print (masked like the value itself): base64 (`printf
 * "$S" | base64`, `echo "$S" | base64`, base64url) and URL encoding (`encodeURIComponent`, form encoding).
 *
 * Base64 of a value inside a longer input depends on where the value starts modulo 3, so for each of the three
 * alignments the characters that only the value's bytes determine are registered too (when at least
 * `MIN_FRAGMENT` long: shorter runs of base64 would match unrelated text).
 */
const MIN_FRAGMENT = 8;

const urlSafe = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Base64 characters fully determined by `value` when it starts `offset` bytes into a 3-byte group. */
function alignedFragment(value: Buffer, offset: number): string {
  const padded = Buffer.concat([Buffer.alloc(offset), value]);
  const firstGroup = offset === 0 ? 0 : 1;
  const lastGroup = Math.floor(padded.length / 3); // exclusive
  if (lastGroup <= firstGroup) return '';
  return padded.subarray(firstGroup * 3, lastGroup * 3).toString('base64');
}

export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>();
  for (const whole of [bytes, Buffer.concat([bytes, Buffer.from('\n')])]) {
    const b64 = whole.toString('base64');
    forms.add(b64);
    forms.add(b64.replace(/=+$/, ''));
    forms.add(urlSafe(b64));
  }
  for (const offset of [0, 1, 2]) {
    const fragment = alignedFragment(bytes, offset);
    if (fragment.length >= MIN_FRAGMENT) {
      forms.add(fragment);
      forms.add(urlSafe(fragment));
    }
  }
  forms.add(encodeURIComponent(value));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.delete(value);
  return [...forms].filter((f) => f.length >= MIN_FRAGMENT || f.length >= value.length);
}
