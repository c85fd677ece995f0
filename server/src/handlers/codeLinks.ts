/**
 * Diagnostic code → README section. The README gives each code a heading whose
 * text is exactly the code (`### lock/back-to-back`); GitHub's anchor for that
 * heading is the lower-cased text with punctuation other than `-` and `_` dropped.
 */

export const README_URL = 'https://github.com/kernel-lock-lens/kernel-lock-lens';

/** GitHub's heading anchor for a heading that reads `code`. */
export function codeAnchor(code: string): string {
  return code.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The link shown as the diagnostic's code description. */
export function codeHref(code: string): string {
  return `${README_URL}#${codeAnchor(code)}`;
}
