/**
 * Text that is not C source: random or binary bytes decoded as UTF-8. Such junk
 * costs tree-sitter seconds per parse in error recovery (measured: 4–5 s for
 * 256 KiB of random bytes, 35 s for 1 MiB) and holds nothing to analyse, so the
 * server and the CLI skip it with a notice instead of parsing it.
 */

/** Share of undecodable (U+FFFD) and control characters above which a file is not C source. */
const JUNK_LIMIT = 0.05;
const JUNK_SAMPLE = 64 * 1024;

/** Share of undecodable and control characters in the first 64 KiB. */
export function junkShare(text: string): number {
  const n = Math.min(text.length, JUNK_SAMPLE);
  if (n === 0) return 0;
  let junk = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Tab, newline, vertical tab, form feed and carriage return are ordinary in C.
    if (c === 0xfffd || (c < 32 && (c < 9 || c > 13)) || c === 127) junk++;
  }
  return junk / n;
}

/** Why `text` is not C source, or null when it may be. */
export function notCText(text: string): string | null {
  const junk = junkShare(text);
  return junk > JUNK_LIMIT ? `not C text (${Math.round(junk * 100)}% of the first 64 KiB are control or undecodable characters)` : null;
}
