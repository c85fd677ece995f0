/**
 * The analysis entry point shared by the language server, the CLI and the tests:
 * text → shapes → tree → per-function facts and findings.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import { prepareSource, type KernelShapes } from '../parsing/kernelShapes';
import { locateFunctions, readFunction, type FunctionSyntax } from '../parsing/functions';
import type { FileAnalysis } from './types';
import type { LockLensSettings } from '../config';
import { DEFAULT_SETTINGS } from '../config';

export interface ParsedFile {
  text: string;
  code: string;
  shapes: KernelShapes;
  tree: Tree;
}

/** Parses `text` (optionally incrementally against an edited old tree). */
export function parseFile(parser: Parser, text: string, settings: LockLensSettings = DEFAULT_SETTINGS, oldTree?: Tree): ParsedFile {
  const { code, shapes } = prepareSource(text, { iteratorPatterns: settings.iteratorPatterns });
  const tree = parser.parse(code, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return { text, code, shapes, tree };
}

/** Copies out every function definition of a parsed file. */
export function readFunctions(file: ParsedFile): FunctionSyntax[] {
  const out: FunctionSyntax[] = [];
  for (const loc of locateFunctions(file.tree)) {
    const fn = readFunction(file.tree, loc, file.code, file.shapes);
    if (fn) out.push(fn);
  }
  return out;
}

/** Looks like a binary file: NUL bytes in the first 8 KiB. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

/** Analyses one file's text. Never throws on bad input: problems become `skipped` or notes. */
export function analyzeText(
  parser: Parser,
  path: string,
  text: string,
  settings: LockLensSettings = DEFAULT_SETTINGS,
): FileAnalysis {
  if (text.length > settings.maxFileBytes) {
    return { path, functions: [], findings: [], skipped: `file is ${text.length} bytes, over locklens.maxFileBytes (${settings.maxFileBytes})` };
  }
  if (looksBinary(text)) return { path, functions: [], findings: [], skipped: 'binary file (NUL bytes)' };
  const file = parseFile(parser, text, settings);
  try {
    const functions = readFunctions(file);
    return {
      path,
      functions: functions.map((f) => ({
        name: f.name,
        startLine: f.node.startRow + 1,
        endLine: f.node.endRow + 1,
        nameSpan: {
          start: { line: f.nameNode.startRow + 1, column: f.nameNode.startCol },
          end: { line: f.nameNode.endRow + 1, column: f.nameNode.endCol },
        },
        locks: [],
        sites: [],
        maySleep: false,
        notes: [],
      })),
      findings: [],
      skipped: null,
    };
  } finally {
    file.tree.delete();
  }
}
