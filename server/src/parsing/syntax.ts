/**
 * A plain-JavaScript copy of (part of) a tree-sitter tree.
 *
 * The analyses walk function bodies many times; crossing into WASM for every
 * `node.children` allocates and is slow, so each function is copied once with
 * a tree cursor (iteratively: 10,000-deep nesting must not overflow the stack)
 * and everything downstream works on these objects.
 */
import type { Tree } from 'web-tree-sitter';

export interface SyntaxNode {
  type: string;
  /** The field name under the parent (`condition`, `body`, `operator`, ...). */
  field: string | null;
  start: number;
  end: number;
  /** Zero-based row and UTF-16 column of the start and end. */
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
  /** Named children, plus anonymous ones that carry a field (operators). */
  children: SyntaxNode[];
  isMissing: boolean;
  parent: SyntaxNode | null;
}

/** Node types whose subtree the analyses never need (saves copying). */
const OPAQUE = new Set(['comment', 'string_literal', 'char_literal', 'preproc_arg', 'concatenated_string']);

/**
 * Copies the subtree at the cursor's current node. The cursor is restored to that node.
 * `maxNodes` bounds the work; deeper content is dropped and `truncated` set.
 */
export function copySubtree(
  cursor: ReturnType<Tree['walk']>,
  maxNodes = 2_000_000,
): { node: SyntaxNode; truncated: boolean; nodeCount: number; hasError: boolean } {
  const make = (parent: SyntaxNode | null): SyntaxNode => {
    const s = cursor.startPosition;
    const e = cursor.endPosition;
    return {
      type: cursor.nodeType,
      field: cursor.currentFieldName,
      start: cursor.startIndex,
      end: cursor.endIndex,
      startRow: s.row,
      startCol: s.column,
      endRow: e.row,
      endCol: e.column,
      children: [],
      isMissing: cursor.nodeIsMissing,
      parent,
    };
  };
  const root = make(null);
  root.field = null;
  let count = 1;
  let truncated = false;
  let hasError = root.type === 'ERROR' || root.isMissing;
  let current = root;
  let depth = 0;
  if (!OPAQUE.has(root.type) && cursor.gotoFirstChild()) {
    depth = 1;
    for (;;) {
      const named = cursor.nodeIsNamed;
      const field = named ? null : cursor.currentFieldName;
      let descended = false;
      if (named || field !== null || cursor.nodeIsMissing) {
        if (count >= maxNodes) {
          truncated = true;
        } else {
          const node = make(current);
          count++;
          if (node.type === 'ERROR' || node.isMissing) hasError = true;
          current.children.push(node);
          if (named && !OPAQUE.has(node.type) && cursor.gotoFirstChild()) {
            current = node;
            depth++;
            descended = true;
          }
        }
      }
      if (descended) continue;
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        depth--;
        if (depth === 0) return { node: root, truncated, nodeCount: count, hasError };
        current = current.parent!;
      }
    }
  }
  return { node: root, truncated, nodeCount: count, hasError };
}

/** The first child with the given field name. */
export function child(node: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const c of node.children) if (c.field === field) return c;
  return undefined;
}

/** The first child of the given type. */
export function childOfType(node: SyntaxNode, type: string): SyntaxNode | undefined {
  for (const c of node.children) if (c.type === type) return c;
  return undefined;
}

/** Source text of a node (from the parsed, shape-rewritten code). */
export function textOf(code: string, node: SyntaxNode): string {
  return code.slice(node.start, node.end);
}

/** Iterative pre-order walk; `visit` returns false to skip a subtree. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}
