/** Syntax positions (0-based rows) to the analysis contract's spans (1-based lines). */
import type { SyntaxNode } from '../parsing/syntax';
import type { SourceSpan } from './types';

export function spanOf(n: SyntaxNode): SourceSpan {
  return { start: { line: n.startRow + 1, column: n.startCol }, end: { line: n.endRow + 1, column: n.endCol } };
}

/** The closing brace of a block (or the last character of any node). */
export function closingSpan(n: SyntaxNode): SourceSpan {
  return { start: { line: n.endRow + 1, column: Math.max(0, n.endCol - 1) }, end: { line: n.endRow + 1, column: n.endCol } };
}
