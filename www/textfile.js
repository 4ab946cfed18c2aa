// Reading a text file the user opened or dropped, and refusing one that is not text before it
// replaces anything. Encodings: UTF-8 (with or without BOM), UTF-16 with a BOM, and EUC-KR / CP949
// (older Korean Windows files), tried in that order.

const SNIFF = 1 << 20; // the first MiB decides whether the bytes are text

/** Whether `bytes` look like binary data: NUL bytes, or more than 1% control characters other than
 * tab, newline, carriage return, form feed and escape (text files have almost none). */
export function looksBinary(bytes) {
  const n = Math.min(bytes.length, SNIFF);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) controls++;
  }
  return n > 0 && controls / n > 0.01;
}

/** Share of U+FFFD (undecodable bytes) among the characters of `text`. */
function badShare(text) {
  if (!text.length) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return bad / text.length;
}

/** The text of `bytes` (Uint8Array), or null when they are not text. */
export function decodeText(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (looksBinary(bytes)) return null;
  const utf8 = new TextDecoder('utf-8').decode(bytes); // strips a UTF-8 BOM
  if (badShare(utf8) <= 0.001) return utf8;
  try {
    return new TextDecoder('euc-kr', { fatal: true }).decode(bytes);
  } catch {
    // Neither: a few stray bytes in a UTF-8 text are kept (the corpus drops them with a notice);
    // mostly undecodable bytes are not text.
    return badShare(utf8) > 0.05 ? null : utf8;
  }
}

/** Reads a File: its text, or null when it is not a text file. */
export async function readTextFile(file) {
  return decodeText(new Uint8Array(await file.arrayBuffer()));
}
