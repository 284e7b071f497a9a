// Record and mutation ids in PocketBase's format: 15 characters of a-z0-9,
// made on the phone so a record has one id from its first keystroke.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(length = 15): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  // 252 = 7 * 36: reject the top of the byte range so each char is uniform
  for (let i = 0; i < length; ) {
    for (const b of bytes) {
      if (i >= length) break;
      if (b < 252) {
        out += ALPHABET[b % 36];
        i++;
      }
    }
    crypto.getRandomValues(bytes);
  }
  return out;
}

/** A short reference a person can read out before the server number arrives. */
export function localRef(id: string): string {
  return '临-' + id.slice(0, 6).toUpperCase();
}
