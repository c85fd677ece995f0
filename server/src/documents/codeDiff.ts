/**
 * The tree-sitter edit between two versions of the parsed (shape-rewritten) code.
 *
 * We diff the rewritten code rather than replaying the editor's change ranges:
 * a keystroke can change a rewrite far from the edit (typing `{` after
 * `list_for_each_entry(...)` turns the macro name into `while`; typing `#if 0`
 * blanks everything below), and only a diff of what tree-sitter actually saw
 * marks all of that as changed. One common-prefix/suffix scan is linear and cheap
 * next to a parse, and also merges a batch of changes into a single edit.
 */
import type { Point } from 'web-tree-sitter';

export interface CodeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/** Row/column (UTF-16, as web-tree-sitter counts) reached from `from` by walking `text[fromIndex, toIndex)`. */
function advance(text: string, fromIndex: number, toIndex: number, from: Point): Point {
  let row = from.row;
  let lineStart = -1;
  for (let i = text.indexOf('\n', fromIndex); i !== -1 && i < toIndex; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return lineStart === -1 ? { row, column: from.column + (toIndex - fromIndex) } : { row, column: toIndex - lineStart };
}

/** The single edit turning `oldCode` into `newCode`, or null when they are equal. */
export function diffEdit(oldCode: string, newCode: string): CodeEdit | null {
  if (oldCode === newCode) return null;
  const shorter = Math.min(oldCode.length, newCode.length);
  let start = 0;
  while (start < shorter && oldCode.charCodeAt(start) === newCode.charCodeAt(start)) start++;
  // The suffix may not overlap the prefix in either string.
  let suffix = 0;
  while (
    suffix < shorter - start
    && oldCode.charCodeAt(oldCode.length - 1 - suffix) === newCode.charCodeAt(newCode.length - 1 - suffix)
  ) suffix++;
  const oldEnd = oldCode.length - suffix;
  const newEnd = newCode.length - suffix;
  const startPosition = advance(oldCode, 0, start, { row: 0, column: 0 });
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: advance(oldCode, start, oldEnd, startPosition),
    newEndPosition: advance(newCode, start, newEnd, startPosition),
  };
}
