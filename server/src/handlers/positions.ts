/**
 * The one place where analysis coordinates (1-based lines) meet LSP ones (0-based).
 * Columns are UTF-16 code units on both sides, so only lines shift.
 */
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { FileAnalysis, FunctionFacts, SourcePoint, SourceSpan } from '../analysis/types';

export function toPosition(point: SourcePoint): Position {
  return { line: Math.max(0, point.line - 1), character: Math.max(0, point.column) };
}

export function toRange(span: SourceSpan): Range {
  return { start: toPosition(span.start), end: toPosition(span.end) };
}

/** An analysis line (1-based) as an LSP line (0-based). */
export function toLspLine(line: number): number {
  return Math.max(0, line - 1);
}

/** An LSP line (0-based) as an analysis line (1-based). */
export function toAnalysisLine(line: number): number {
  return line + 1;
}

function compare(point: SourcePoint, pos: Position): number {
  const line = toLspLine(point.line);
  return line !== pos.line ? line - pos.line : point.column - pos.character;
}

/** True when `pos` lies in `span` (start inclusive, end exclusive; an empty span holds its start). */
export function spanContains(span: SourceSpan, pos: Position): boolean {
  if (compare(span.start, pos) > 0) return false;
  const end = compare(span.end, pos);
  return end > 0 || (end === 0 && compare(span.start, pos) === 0);
}

export function sameSpan(a: SourceSpan, b: SourceSpan): boolean {
  return a.start.line === b.start.line && a.start.column === b.start.column
    && a.end.line === b.end.line && a.end.column === b.end.column;
}

/** Lines covered by `span`, as a comparable size: narrower spans win when nested. */
function spanSize(span: SourceSpan): number {
  return (span.end.line - span.start.line) * 1_000_000 + (span.end.column - span.start.column);
}

/** The narrowest of `items` whose span contains `pos`. */
export function narrowestAt<T>(items: readonly T[], spanOf: (item: T) => SourceSpan, pos: Position): T | null {
  let best: T | null = null;
  for (const item of items) {
    const span = spanOf(item);
    if (spanContains(span, pos) && (best === null || spanSize(span) < spanSize(spanOf(best)))) best = item;
  }
  return best;
}

/** The function whose definition covers the LSP line of `pos`. */
export function functionAt(analysis: FileAnalysis, pos: Position): FunctionFacts | null {
  const line = toAnalysisLine(pos.line);
  for (const fn of analysis.functions) if (fn.startLine <= line && line <= fn.endLine) return fn;
  return null;
}
