/**
 * The analysis entry point shared by the language server, the CLI and the tests:
 * text → shapes → tree → per-function facts and findings.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import { prepareSource, type KernelShapes } from '../parsing/kernelShapes';
import { locateFunctions, readFunction, type FunctionSyntax } from '../parsing/functions';
import type { FileAnalysis } from './types';
import { analyzeFunction, type AnalysisContext, type FunctionAnalysis } from './functionAnalysis';
import { LockCatalogue } from './lockCatalogue';
import { SleepCatalogue } from './sleepCatalogue';
import { emptySummary, hasEffect, type FunctionSummary } from './summaries';
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

/** Summaries from other files of the workspace, by function name. */
export type ExternalSummaries = ReadonlyMap<string, FunctionSummary>;

/**
 * Analyses one file's text. Never throws on bad input: problems become `skipped` or notes.
 */
export function analyzeText(
  parser: Parser,
  path: string,
  text: string,
  settings: LockLensSettings = DEFAULT_SETTINGS,
  external?: ExternalSummaries,
): FileAnalysis {
  const refused = refuseFile(text, settings);
  if (refused) return { path, functions: [], findings: [], skipped: refused };
  const file = parseFile(parser, text, settings);
  try {
    return analyzeParsed(file, path, settings, external).analysis;
  } finally {
    file.tree.delete();
  }
}

/** Why a file is not analysed at all (too large, binary), or null. */
export function refuseFile(text: string, settings: LockLensSettings): string | null {
  if (text.length > settings.maxFileBytes) return `file is ${text.length} bytes, over locklens.maxFileBytes (${settings.maxFileBytes})`;
  if (looksBinary(text)) return 'binary file (NUL bytes)';
  return null;
}

export interface ParsedAnalysis {
  analysis: FileAnalysis;
  /** Summaries of this file's functions, for the workspace index. */
  summaries: Map<string, FunctionSummary>;
}

/**
 * Analyses an already parsed file (the server keeps the tree for incremental
 * re-parsing; this does not delete it). Functions are analysed callees first,
 * on demand, so a caller sees its callees' summaries.
 */
export function analyzeParsed(file: ParsedFile, path: string, settings: LockLensSettings = DEFAULT_SETTINGS, external?: ExternalSummaries): ParsedAnalysis {
  const functions = readFunctions(file);
  const byName = new Map<string, FunctionSyntax>();
  for (const f of functions) if (!byName.has(f.name)) byName.set(f.name, f);
  const results = new Map<FunctionSyntax, FunctionAnalysis>();
  const inProgress = new Set<string>();
  let depth = 0;
  const ctx: AnalysisContext = {
    code: file.code,
    shapes: file.shapes,
    catalogue: catalogueFor(settings),
    sleeps: sleepsFor(settings),
    settings,
    summaryOf(name) {
      const fn = byName.get(name);
      if (!fn) return external?.get(name) ?? null;
      const done = results.get(fn);
      if (done) return done.summary;
      // Recursion (direct or mutual) and very deep call chains: no summary.
      if (inProgress.has(name) || depth > 32) return null;
      return run(fn).summary;
    },
  };
  const run = (fn: FunctionSyntax): FunctionAnalysis => {
    const done = results.get(fn);
    if (done) return done;
    inProgress.add(fn.name);
    depth++;
    let r: FunctionAnalysis;
    try {
      r = analyzeFunction(fn, ctx);
    } catch (e) {
      // An engine bug must not take the file down: report it on the function.
      const msg = e instanceof Error ? e.message : String(e);
      r = {
        facts: {
          name: fn.name, startLine: fn.node.startRow + 1, endLine: fn.node.endRow + 1,
          nameSpan: { start: { line: fn.nameNode.startRow + 1, column: fn.nameNode.startCol }, end: { line: fn.nameNode.endRow + 1, column: fn.nameNode.endCol } },
          locks: [], sites: [], allocSites: [], maySleep: false, notes: [`internal error while analysing this function: ${msg}`],
        },
        findings: [],
        summary: emptySummary(fn.name, fn.params),
      };
    } finally {
      depth--;
      inProgress.delete(fn.name);
    }
    results.set(fn, r);
    return r;
  };
  const analysis: FileAnalysis = { path, functions: [], findings: [], skipped: null };
  const summaries = new Map<string, FunctionSummary>();
  for (const fn of functions) {
    const r = run(fn);
    analysis.functions.push(r.facts);
    analysis.findings.push(...r.findings);
    if (hasEffect(r.summary)) summaries.set(fn.name, r.summary);
  }
  analysis.findings = withoutSilenced(analysis.findings, file.text);
  analysis.findings.sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.column - b.span.start.column);
  return { analysis, summaries };
}

let cachedCatalogue: { key: string; value: LockCatalogue } | null = null;
let cachedSleeps: { key: string; value: SleepCatalogue } | null = null;

function catalogueFor(settings: LockLensSettings): LockCatalogue {
  const key = JSON.stringify(settings.extraLockApis);
  if (cachedCatalogue?.key !== key) cachedCatalogue = { key, value: new LockCatalogue(settings.extraLockApis) };
  return cachedCatalogue.value;
}

function sleepsFor(settings: LockLensSettings): SleepCatalogue {
  const key = JSON.stringify(settings.extraSleepingApis);
  if (cachedSleeps?.key !== key) cachedSleeps = { key, value: new SleepCatalogue(settings.extraSleepingApis) };
  return cachedSleeps.value;
}

/**
 * `// locklens-ignore lock/back-to-back` (or `/* locklens-ignore *\/` for every
 * code) silences findings on its own line and on the next line.
 */
export function withoutSilenced<T extends { code: string; span: { start: { line: number } } }>(findings: T[], text: string): T[] {
  if (!findings.length || !text.includes('locklens-ignore')) return findings;
  const silenced = new Map<number, Set<string> | 'all'>();
  const re = /locklens-ignore\b([^\n*]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    const codes = m[1].trim().split(/[\s,]+/).filter((c) => /^[a-z]+\/[a-z-]+$/.test(c));
    for (const l of [line, line + 1]) {
      const prev = silenced.get(l);
      if (!codes.length || prev === 'all') silenced.set(l, 'all');
      else silenced.set(l, new Set([...(prev ?? []), ...codes]));
    }
  }
  return findings.filter((f) => {
    const s = silenced.get(f.span.start.line);
    return !s || (s !== 'all' && !s.has(f.code));
  });
}
