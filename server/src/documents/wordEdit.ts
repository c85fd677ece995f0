/**
 * Most keystrokes type or delete inside one identifier or number. When such an
 * edit leaves every word the kernel-shape rewrite reacts to as it was, the new
 * rewritten code is the old one with the same edit, and the shapes only move:
 * this derives them in time proportional to the shapes, instead of rewriting the
 * whole text again (the rewrite of a 30k-line file costs many incremental parses).
 *
 * Exact, with one theoretical exception left alone: an edit that changes the
 * length of a macro argument list of about 4 KiB (MAX_MACRO_ARGS_LENGTH) could
 * move its closing parenthesis across the rewrite's scan limit. The next edit
 * that is not a word edit rewrites the whole text.
 */
import { isShapeWord, type IteratorShape, type KernelShapes, type PreparedSource, type ScopedGuardShape } from '../parsing/kernelShapes';
import type { ChangedRange } from './codeDiff';

export interface Rewritten {
  text: string;
  /** The shape-rewritten `text`. */
  code: string;
  shapes: KernelShapes;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The identifier the rewrite sees in a word: a number's letters (`0x1f` → `x1f`) are
 * scanned as one. Long words are never ordinary: `struct T` looks at 128 characters of `T`.
 */
function scannedName(word: string): string | null {
  if (word.length >= 120) return null;
  let i = 0;
  while (i < word.length && isDigit(word.charCodeAt(i))) i++;
  return word.slice(i);
}

function allWordChars(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isWordChar(text.charCodeAt(i))) return false;
  return true;
}

/** Moves every shape at or after `from` by `delta`; null if one straddles it. */
function shiftShapes(shapes: KernelShapes, from: number, delta: number): KernelShapes | null {
  if (delta === 0) return shapes;
  const move = (offset: number) => (offset >= from ? offset + delta : offset);
  const iterators = new Map<number, IteratorShape>();
  for (const [offset, shape] of shapes.iterators) iterators.set(move(offset), offset >= from ? { ...shape, offset: move(offset) } : shape);
  const scopedGuards = new Map<number, ScopedGuardShape>();
  for (const [offset, shape] of shapes.scopedGuards) scopedGuards.set(move(offset), offset >= from ? { ...shape, offset: move(offset) } : shape);
  const annotations = shapes.annotations.map((a) => (a.offset >= from ? { ...a, offset: move(a.offset) } : a));
  const blankedBranches: KernelShapes['blankedBranches'] = [];
  for (const b of shapes.blankedBranches) {
    if (b.end <= from) blankedBranches.push(b);
    else if (b.start >= from) blankedBranches.push({ start: b.start + delta, end: b.end + delta });
    else return null;
  }
  return { iterators, scopedGuards, annotations, blankedBranches, noReturn: shapes.noReturn };
}

/**
 * The rewrite of `text` from the previous version's, when `change` (old `text` →
 * `text`) only changes an ordinary word; null when the whole text must be rewritten.
 */
export function rewriteWordEdit(old: Rewritten, text: string, change: ChangedRange): PreparedSource | null {
  const { start, oldEnd, newEnd } = change;
  if (!allWordChars(old.text, start, oldEnd) || !allWordChars(text, start, newEnd)) return null;
  // The whole word the edit is in, before and after.
  let left = start;
  while (left > 0 && isWordChar(old.text.charCodeAt(left - 1))) left--;
  let right = oldEnd;
  while (right < old.text.length && isWordChar(old.text.charCodeAt(right))) right++;
  const delta = newEnd - oldEnd;
  const before = old.text.slice(left, right);
  const after = text.slice(left, right + delta);
  // A word appearing or vanishing changes what surrounds it (`struct T` → `struct`); a number
  // becoming a name, or the reverse, changes what follows a macro's parenthesis.
  if (!before || !after || isDigit(before.charCodeAt(0)) !== isDigit(after.charCodeAt(0))) return null;
  const names = [scannedName(before), scannedName(after)];
  if (names.some((n) => n === null || isShapeWord(n) || old.shapes.noReturn.has(n))) return null;
  // A blanked word would have to stay blanked, and some decide what is blanked far away:
  // conditional directive lines (`#if 0` → `#if 1`) are blanked, as are `#if 0` branches
  // and annotations with their arguments.
  if (old.code.slice(left, right) !== before) return null;
  const shapes = shiftShapes(old.shapes, oldEnd, delta);
  if (!shapes) return null;
  return { code: old.code.slice(0, start) + text.slice(start, newEnd) + old.code.slice(oldEnd), shapes };
}
