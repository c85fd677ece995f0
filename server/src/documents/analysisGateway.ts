/**
 * The single call from the server into the analysis engine. It hands the engine
 * the document's kept, incrementally re-parsed tree (which the engine must not
 * delete) instead of the text: re-parsing the text from scratch on every
 * keystroke cost more than the analysis of a 30k-line file (npm run bench).
 * `cache` is the document's state the engine may keep between versions
 * (per-function facts, when the engine caches them).
 */
import type { Parser } from 'web-tree-sitter';
import { analyzeParsed, FunctionCache, type ParsedFile } from '../analysis/analyzeFile';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';

export interface AnalysisInput {
  parser: Parser;
  /** File-system path when the document has one, else its URI. */
  path: string;
  text: string;
  /** The document's incrementally maintained parse of `text`, made with `settings.iteratorPatterns`. */
  parsed: ParsedFile;
  /** Per-document state the engine may keep between versions. */
  cache: Map<string, unknown>;
}

export function analyzeDocument(input: AnalysisInput, settings: LockLensSettings): FileAnalysis {
  let functions = input.cache.get('functions') as FunctionCache | undefined;
  if (!functions) input.cache.set('functions', (functions = new FunctionCache()));
  return analyzeParsed(input.parsed, input.path, settings, undefined, functions).analysis;
}
