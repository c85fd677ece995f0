/**
 * The single call from the server into the analysis engine. It hands the engine
 * the document's kept, incrementally re-parsed tree (which the engine must not
 * delete) instead of the text: re-parsing the text from scratch on every
 * keystroke cost more than the analysis of a 30k-line file (npm run bench).
 * `cache` is the document's state the engine may keep between versions
 * (per-function facts, when the engine caches them). With the workspace index,
 * callees defined in other files are looked up in `external`.
 */
import type { Parser } from 'web-tree-sitter';
import { analyzeParsed, FunctionCache, type ExternalSummaries, type ParsedFile } from '../analysis/analyzeFile';
import type { FunctionSummary } from '../analysis/summaries';
import type { FileAnalysis } from '../analysis/types';
import { AskedSummaries, dependsOn } from '../analysis/workspaceSummaries';
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

export interface DocumentAnalysis {
  analysis: FileAnalysis;
  /** With `external`: what the document offers other files, from its own text alone. */
  exported?: Map<string, FunctionSummary | null>;
  /** With `external`: the callees it looked for outside the document. */
  asked?: string[];
}

export function analyzeDocument(input: AnalysisInput, settings: LockLensSettings, external?: ExternalSummaries): DocumentAnalysis {
  if (!external) return { analysis: analyzeParsed(input.parsed, input.path, settings, undefined, functionCache(input, 'functions')).analysis };
  const asking = new AskedSummaries(external);
  const result = analyzeParsed(input.parsed, input.path, settings, asking, functionCache(input, 'functions'));
  // Other files get summaries computed from this file alone (analysis/workspaceSummaries.ts says why);
  // they differ from `result`'s only when some callee had an external summary.
  const exported = dependsOn(asking.asked, external)
    ? analyzeParsed(input.parsed, input.path, settings, undefined, functionCache(input, 'functions alone')).exported
    : result.exported;
  return { analysis: result.analysis, exported, asked: [...asking.asked] };
}

function functionCache(input: AnalysisInput, key: string): FunctionCache {
  let cache = input.cache.get(key) as FunctionCache | undefined;
  if (!cache) input.cache.set(key, (cache = new FunctionCache()));
  return cache;
}
