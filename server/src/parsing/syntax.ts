/**
 * A plain-JavaScript copy of (part of) a tree-sitter tree.
 *
 * The analyses walk function bodies many times; crossing into WASM for every
 * `node.children` allocates and is slow, so each function is copied once with
 * a tree cursor (iteratively: 10,000-deep nesting must not overflow the stack)
 * and everything downstream works on these objects.
 */
import type { Language, TreeCursor } from 'web-tree-sitter';

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

/** Whether each node type id is named, per language: asked of WASM once per type. */
const namedTypes = new WeakMap<Language, boolean[]>();

function isNamedType(language: Language, typeId: number): boolean {
  let table = namedTypes.get(language);
  if (!table) namedTypes.set(language, (table = []));
  return (table[typeId] ??= language.nodeTypeIsNamed(typeId));
}

/** Rows and columns of offsets inside `[from, to)` of `code`, from its newlines and the row and column at `from`. */
function positionsIn(code: string, from: number, to: number, row: number, column: number) {
  const newlines: number[] = [];
  for (let i = code.indexOf('\n', from); i !== -1 && i < to; i = code.indexOf('\n', i + 1)) newlines.push(i);
  /** How many of the newlines come before `offset`. */
  const before = (offset: number) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (offset: number): [number, number] => {
    const n = before(offset);
    return n === 0 ? [row, column + offset - from] : [row + n, offset - newlines[n - 1] - 1];
  };
}

/**
 * Copies the subtree at the cursor's current node. The cursor is restored to that node.
 * `maxNodes` bounds the work; deeper content is dropped and `truncated` set.
 * Every cursor property read crosses into WASM, so the copy reads only four per
 * node (type, field, start, end): rows and columns come from the code's newlines,
 * named-ness from the type, and MISSING is asked only of empty nodes.
 */
export function copySubtree(
  cursor: TreeCursor,
  language: Language,
  code: string,
  maxNodes = 2_000_000,
): { node: SyntaxNode; truncated: boolean; nodeCount: number; hasError: boolean } {
  const types = language.types;
  const fields = language.fields;
  const rootStart = cursor.startIndex;
  const rootEnd = cursor.endIndex;
  const rootPosition = cursor.startPosition;
  const position = positionsIn(code, rootStart, rootEnd, rootPosition.row, rootPosition.column);
  const make = (parent: SyntaxNode | null, typeId: number, field: string | null): SyntaxNode => {
    const start = parent ? cursor.startIndex : rootStart;
    const end = parent ? cursor.endIndex : rootEnd;
    const [startRow, startCol] = position(start);
    const [endRow, endCol] = position(end);
    return {
      type: types[typeId] || 'ERROR',
      field,
      start,
      end,
      startRow,
      startCol,
      endRow,
      endCol,
      children: [],
      isMissing: start === end && cursor.nodeIsMissing,
      parent,
    };
  };
  const root = make(null, cursor.nodeTypeId, null);
  let count = 1;
  let truncated = false;
  let hasError = root.type === 'ERROR' || root.isMissing;
  let current = root;
  let depth = 0;
  if (!OPAQUE.has(root.type) && cursor.gotoFirstChild()) {
    depth = 1;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const named = isNamedType(language, typeId);
      const fieldId = cursor.currentFieldId;
      const field = fieldId ? fields[fieldId] ?? null : null;
      let descended = false;
      if (named || field !== null || cursor.nodeIsMissing) {
        if (count >= maxNodes) {
          truncated = true;
        } else {
          const node = make(current, typeId, field);
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
