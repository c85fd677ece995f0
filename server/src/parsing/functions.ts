/**
 * Finds the function definitions of a parsed file and copies each one into a
 * {@link SyntaxNode} tree, with its name, parameters and lock annotations.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { copySubtree, child, textOf, type SyntaxNode } from './syntax';
import type { KernelShapes, LockAnnotation } from './kernelShapes';

export interface FunctionSyntax {
  name: string;
  node: SyntaxNode;
  nameNode: SyntaxNode;
  body: SyntaxNode;
  params: string[];
  annotations: LockAnnotation[];
  /** The parsed code (shape-rewritten) the nodes index into. */
  code: string;
  /** True when the definition contains ERROR or MISSING nodes. */
  hasError: boolean;
  /** True when the copy hit its node budget. */
  truncated: boolean;
  /** Storage class `static` on the definition: invisible to other files. */
  isStatic: boolean;
}

/** Containers that may hold function definitions at the top level. */
const CONTAINERS = new Set(['translation_unit', 'ERROR', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'linkage_specification', 'declaration_list']);

export interface FunctionLocation {
  start: number;
  end: number;
  /** 0-based rows of the first and last line. */
  startRow: number;
  endRow: number;
  /** Cursor path: child indices from the root, to re-find the node. */
  path: number[];
  /** The node itself, while its tree lives: read without walking the path again. */
  node?: Node;
}

/**
 * Byte ranges of every function definition (cheap: no copying), in source order.
 * Descends only through containers, never into function bodies.
 */
export function locateFunctions(tree: Tree, options: { nodes: boolean } = { nodes: true }): FunctionLocation[] {
  const out: FunctionLocation[] = [];
  const cursor = tree.walk();
  const path: number[] = [];
  try {
    if (!cursor.gotoFirstChild()) return out;
    path.push(0);
    for (;;) {
      const type = cursor.nodeType;
      let descended = false;
      if (type === 'function_definition') {
        const loc: FunctionLocation = { start: cursor.startIndex, end: cursor.endIndex, startRow: cursor.startPosition.row, endRow: cursor.endPosition.row, path: path.slice() };
        // Making a Node costs more than the rest of the walk: per keystroke most functions need none.
        if (options.nodes) loc.node = cursor.currentNode;
        out.push(loc);
      } else if (CONTAINERS.has(type) && path.length < 6 && cursor.gotoFirstChild()) {
        path.push(0);
        descended = true;
      }
      if (descended) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return out;
        path.pop();
        if (path.length === 0) return out;
      }
      path[path.length - 1]++;
    }
  } finally {
    cursor.delete();
  }
}

/** `loc`'s node, made now if locateFunctions did not make it (one descent from `root`). */
export function functionNode(root: Node, loc: FunctionLocation): Node | undefined {
  if (loc.node) return loc.node;
  // The smallest node spanning exactly the definition is the definition: none of its children spans all of it.
  let n: Node | null = root.descendantForIndex(loc.start, loc.end);
  while (n && n.type !== 'function_definition' && n.startIndex === loc.start && n.endIndex === loc.end) n = n.parent;
  if (n && n.type === 'function_definition' && n.startIndex === loc.start && n.endIndex === loc.end) loc.node = n;
  return loc.node;
}

/**
 * Copies the function at `loc` out of the tree. From `loc.node` when it has one:
 * walking the path from the root costs one sibling step per earlier top-level
 * item, so reading every function of a file that way was quadratic (16,000
 * one-line functions: two minutes).
 */
export function readFunction(tree: Tree, loc: FunctionLocation, code: string, shapes: KernelShapes): FunctionSyntax | null {
  const cursor = loc.node ? loc.node.walk() : tree.walk();
  try {
    for (const index of loc.node ? [] : loc.path) {
      if (!cursor.gotoFirstChild()) return null;
      for (let i = 0; i < index; i++) if (!cursor.gotoNextSibling()) return null;
    }
    if (cursor.nodeType !== 'function_definition') return null;
    const { node, truncated, hasError } = copySubtree(cursor, tree.language, code);
    return describeFunction(node, code, shapes, truncated, hasError);
  } finally {
    cursor.delete();
  }
}

function describeFunction(
  node: SyntaxNode,
  code: string,
  shapes: KernelShapes,
  truncated: boolean,
  hasError: boolean,
): FunctionSyntax | null {
  const body = child(node, 'body');
  if (!body) return null;
  let decl = child(node, 'declarator');
  // Unwrap pointer and parenthesised declarators down to the function declarator.
  while (decl && decl.type !== 'function_declarator') decl = child(decl, 'declarator');
  if (!decl) return null;
  let nameNode = child(decl, 'declarator');
  while (nameNode && nameNode.type !== 'identifier') nameNode = child(nameNode, 'declarator') ?? nameNode.children[0];
  if (!nameNode) return null;
  const params: string[] = [];
  const plist = child(decl, 'parameters');
  for (const p of plist?.children ?? []) {
    if (p.type !== 'parameter_declaration') continue;
    let d = child(p, 'declarator');
    while (d && d.type !== 'identifier') d = child(d, 'declarator') ?? d.children.find((c) => c.type === 'identifier');
    params.push(d ? textOf(code, d) : '');
  }
  const annotations = shapes.annotations.filter((a) => a.offset >= node.start && a.offset < body.start);
  return {
    name: textOf(code, nameNode),
    node,
    nameNode,
    body,
    params,
    annotations,
    code,
    hasError,
    truncated,
    isStatic: node.children.some((c) => c.type === 'storage_class_specifier' && textOf(code, c) === 'static'),
  };
}
