/**
 * Summaries across files: what one file's non-static functions offer the rest
 * of the workspace, and the rule that merges those offers into the
 * `external` summaries another file's analysis consults. Shared by the CLI's
 * two passes and the server's workspace index, so both see the same callees.
 *
 * Summaries offered to other files are always computed from their own file
 * alone (no `external`): a cross-file chain is followed one call deep, and two
 * files calling each other can never feed each other's summaries forever.
 */
import type { Parser } from 'web-tree-sitter';
import type { LockLensSettings } from '../config';
import { analyzeParsed, parseFile, refuseFile, type ExternalSummaries } from './analyzeFile';
import type { FunctionSummary } from './summaries';
import type { FileAnalysis } from './types';

/** One file's offer: every non-static function by name, with its summary (null: no effect, or ambiguous within the file). */
export type FileExports = ReadonlyMap<string, FunctionSummary | null>;

/**
 * The summary other files get for a name, from every file's definition of it:
 * only a name defined (non-static) in exactly one file has one. Two definitions
 * are config or arch variants, or two programs; guessing would risk a false alarm.
 */
export function resolveDefinitions(definitions: ReadonlyArray<FunctionSummary | null>): FunctionSummary | null {
  return definitions.length === 1 ? definitions[0] : null;
}

/** Merges every file's exports into the summaries another file's analysis consults. */
export function mergeExports(files: Iterable<FileExports>): Map<string, FunctionSummary> {
  const definitions = new Map<string, Array<FunctionSummary | null>>();
  for (const exports of files) {
    for (const [name, summary] of exports) {
      const list = definitions.get(name);
      if (list) list.push(summary);
      else definitions.set(name, [summary]);
    }
  }
  const out = new Map<string, FunctionSummary>();
  for (const [name, list] of definitions) {
    const summary = resolveDefinitions(list);
    if (summary) out.set(name, summary);
  }
  return out;
}

/**
 * External summaries that remember which names the analysis asked for (the
 * callees it did not find in its own file): the file's dependencies on the
 * rest of the workspace.
 */
export class AskedSummaries implements ExternalSummaries {
  readonly asked = new Set<string>();

  constructor(private readonly inner: ExternalSummaries = new Map()) {}

  get(name: string): FunctionSummary | undefined {
    this.asked.add(name);
    return this.inner.get(name);
  }

  has(name: string): boolean {
    this.asked.add(name);
    return this.inner.has(name);
  }

  get size(): number {
    return this.inner.size;
  }

  forEach(fn: (value: FunctionSummary, key: string, map: ReadonlyMap<string, FunctionSummary>) => void): void {
    this.inner.forEach((v, k) => fn(v, k, this));
  }

  entries(): MapIterator<[string, FunctionSummary]> {
    return this.inner.entries();
  }

  keys(): MapIterator<string> {
    return this.inner.keys();
  }

  values(): MapIterator<FunctionSummary> {
    return this.inner.values();
  }

  [Symbol.iterator](): MapIterator<[string, FunctionSummary]> {
    return this.inner[Symbol.iterator]();
  }
}

export interface WorkspaceFileAnalysis {
  analysis: FileAnalysis;
  /** What this file offers the others (computed without `external` only when none was given). */
  exported: Map<string, FunctionSummary | null>;
  /** Names the analysis looked for outside the file: the file's dependencies. */
  asked: string[];
}

/**
 * Analyses one file's text like `analyzeText`, and also returns what it offers
 * other files and what it asked of them. Never throws on bad input.
 */
export function analyzeForWorkspace(
  parser: Parser,
  path: string,
  text: string,
  settings: LockLensSettings,
  external?: ExternalSummaries,
): WorkspaceFileAnalysis {
  const refused = refuseFile(text, settings);
  if (refused) return { analysis: { path, functions: [], findings: [], skipped: refused }, exported: new Map(), asked: [] };
  const file = parseFile(parser, text, settings);
  try {
    const asking = new AskedSummaries(external);
    const { analysis, exported } = analyzeParsed(file, path, settings, asking);
    return { analysis, exported, asked: [...asking.asked].sort() };
  } finally {
    file.tree.delete();
  }
}

/** Whether any name a file asked for now has a summary: its analysis with `external` may differ from the one without. */
export function dependsOn(asked: Iterable<string>, external: ExternalSummaries): boolean {
  for (const name of asked) if (external.has(name)) return true;
  return false;
}
