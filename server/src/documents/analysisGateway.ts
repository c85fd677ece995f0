/**
 * The single call from the server into the analysis engine. Switch it over here
 * when the engine's incremental `analyzeParsed(file, settings, cache)` lands: it
 * will take the document's kept tree (which the engine must not delete) instead
 * of parsing the text again, and `cache` carries per-function facts across versions.
 */
import type { Parser } from 'web-tree-sitter';
import { analyzeText, type ParsedFile } from '../analysis/analyzeFile';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';

export interface AnalysisInput {
  parser: Parser;
  /** File-system path when the document has one, else its URI. */
  path: string;
  text: string;
  /** The document's incrementally maintained parse of `text`. */
  parsed: ParsedFile;
  /** Per-document state the engine may keep between versions. */
  cache: Map<string, unknown>;
}

export function analyzeDocument(input: AnalysisInput, settings: LockLensSettings): FileAnalysis {
  // Until analyzeParsed exists, the engine parses the text itself.
  return analyzeText(input.parser, input.path, input.text, settings);
}
