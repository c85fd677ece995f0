/**
 * In-process measurements of the analysis against tree-sitter itself:
 * full analysis / full parse of the same file, and re-analysis after a
 * one-character edit / tree-sitter's incremental re-parse of that edit.
 * Both go through the same modules the server and the CLI use.
 */
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import { analyzeText, parseFile, readFunctions } from '../server/src/analysis/analyzeFile';
import { DEFAULT_SETTINGS } from '../server/src/config';
import { InThreadAnalyzer } from '../server/src/documents/analyzer';
import { diffEdit } from '../server/src/documents/codeDiff';
import { DocumentTree } from '../server/src/documents/documentTree';
import { prepareSource } from '../server/src/parsing/kernelShapes';
import { oneCharEdit, type GeneratedFile } from './kernelGen';
import { settle, summarize, timeOnce, type Samples } from './measure';

export interface BenchFile {
  /** A short name for the tables: `gen-10k`. */
  name: string;
  file: GeneratedFile;
}

export interface FullAnalysisResult {
  name: string;
  lines: number;
  bytes: number;
  functions: number;
  /** tree-sitter parsing the shape-rewritten code (what the analysis parses). */
  parseMs: Samples;
  /** The kernel-shape rewrite (prepareSource). */
  shapesMs: Samples;
  /** Copying every function out of the tree (readFunctions). */
  copyMs: Samples;
  /** analyzeText: everything the CLI does per file. */
  analysisMs: Samples;
  /** Functions with lock facts in the result, to show the engine did its work. */
  functionsWithLocks: number;
  findings: number;
  /** analysisMs.median / parseMs.median; goal ≤ 10. */
  ratio: number;
}

/**
 * Alternates parse and analysis runs (after warm-up), so drift in the machine's
 * speed affects both sides of the ratio alike.
 */
export function measureFullAnalysis(parser: Parser, bench: BenchFile, repeats: number): FullAnalysisResult {
  const { text } = bench.file;
  const { code } = prepareSource(text, { iteratorPatterns: DEFAULT_SETTINGS.iteratorPatterns });
  const parse: number[] = [];
  const shapes: number[] = [];
  const copy: number[] = [];
  const analysis: number[] = [];
  let last = analyzeText(parser, `${bench.name}.c`, text);
  for (let i = -2; i < repeats; i++) {
    const keep = i >= 0;
    settle();
    let tree: Tree | null = null;
    const p = timeOnce(() => { tree = parser.parse(code); });
    (tree as Tree | null)?.delete();
    settle();
    const s = timeOnce(() => prepareSource(text, { iteratorPatterns: DEFAULT_SETTINGS.iteratorPatterns }));
    const parsed = parseFile(parser, text);
    settle();
    const c = timeOnce(() => readFunctions(parsed));
    parsed.tree.delete();
    settle();
    const a = timeOnce(() => { last = analyzeText(parser, `${bench.name}.c`, text); });
    if (keep) {
      parse.push(p);
      shapes.push(s);
      copy.push(c);
      analysis.push(a);
    }
  }
  const parseMs = summarize(parse);
  const analysisMs = summarize(analysis);
  return {
    name: bench.name,
    lines: bench.file.lines,
    bytes: Buffer.byteLength(text),
    functions: last.functions.length,
    parseMs,
    shapesMs: summarize(shapes),
    copyMs: summarize(copy),
    analysisMs,
    functionsWithLocks: last.functions.filter((f) => f.locks.length > 0).length,
    findings: last.findings.length,
    ratio: analysisMs.median / parseMs.median,
  };
}

export interface IncrementalResult {
  name: string;
  lines: number;
  /** The function the edit is in, and the edit. */
  editedFunction: string;
  edit: string;
  /** tree-sitter alone: tree.edit() + parse(code, oldTree). */
  incrementalParseMs: Samples;
  /** The document layer's update: shape rewrite + diff + incremental parse (DocumentTree.update). */
  documentUpdateMs: Samples;
  /** What the server does per edit: InThreadAnalyzer.analyzeNow (document update + analysis), edits back to back. */
  reanalysisMs: Samples;
  /** The same, each edit right after a forced full garbage collection. */
  reanalysisAfterGcMs: Samples;
  /** reanalysisMs.median / incrementalParseMs.median; goal ≤ 2. */
  ratio: number;
}

/**
 * Toggles one digit inside one function back and forth: every run is a real
 * one-character edit against the previous version, as when typing.
 */
export async function measureIncremental(parser: Parser, bench: BenchFile, repeats: number): Promise<IncrementalResult> {
  const edit = oneCharEdit(bench.file);
  const texts = [bench.file.text, edit.text];
  const patterns = DEFAULT_SETTINGS.iteratorPatterns;
  const codes = texts.map((t) => prepareSource(t, { iteratorPatterns: patterns }).code);

  // tree-sitter alone.
  const parseRuns: number[] = [];
  let tree = parser.parse(codes[0])!;
  for (let i = -3; i < repeats; i++) {
    const from = codes[(i + 3) % 2];
    const to = codes[(i + 4) % 2];
    const change = diffEdit(from, to)!;
    settle();
    const ms = timeOnce(() => {
      tree.edit(new Edit(change));
      const next = parser.parse(to, tree)!;
      tree.delete();
      tree = next;
    });
    if (i >= 0) parseRuns.push(ms);
  }
  tree.delete();

  // The document layer's kept tree.
  const updateRuns: number[] = [];
  const documentTree = new DocumentTree();
  documentTree.update(parser, texts[0], 1, patterns);
  for (let i = -3; i < repeats; i++) {
    const version = i + 5;
    settle();
    const ms = timeOnce(() => documentTree.update(parser, texts[(i + 4) % 2], version, patterns));
    if (i >= 0) updateRuns.push(ms);
  }
  documentTree.dispose();

  // The server's analyzer (the worker runs this same code on its thread).
  const analyzer = await InThreadAnalyzer.create();
  const uri = `file:///bench/${bench.name}.c`;
  const job = (version: number, text: string) => ({ uri, path: `${bench.name}.c`, version, text, settings: DEFAULT_SETTINGS });
  const first = analyzer.analyzeNow(job(1, texts[0]));
  if ('error' in first) throw new Error(first.error);
  // Typing: edits back to back, garbage collected when V8 decides (its cost lands in the
  // runs it interrupts, as in the server). A forced full GC before each edit shrinks the
  // young generation and makes the next edit pay to grow it again: shown apart.
  const analysisRuns: number[] = [];
  const afterGcRuns: number[] = [];
  let version = 5;
  const typeOnce = (afterGc: boolean) => {
    if (afterGc) settle();
    let outcome: ReturnType<InThreadAnalyzer['analyzeNow']> | null = null;
    const ms = timeOnce(() => { outcome = analyzer.analyzeNow(job(version, texts[version % 2])); });
    version++;
    const done = outcome as ReturnType<InThreadAnalyzer['analyzeNow']> | null;
    if (done && 'error' in done) throw new Error(done.error);
    return ms;
  };
  for (let i = 0; i < 5; i++) typeOnce(false);
  for (let i = 0; i < repeats * 4; i++) analysisRuns.push(typeOnce(false));
  for (let i = 0; i < repeats; i++) afterGcRuns.push(typeOnce(true));
  analyzer.dispose();

  const incrementalParseMs = summarize(parseRuns);
  const reanalysisMs = summarize(analysisRuns);
  return {
    name: bench.name,
    lines: bench.file.lines,
    editedFunction: edit.function.name,
    edit: `line ${edit.line + 1}: '${edit.oldChar}' ↔ '${edit.newChar}'`,
    incrementalParseMs,
    documentUpdateMs: summarize(updateRuns),
    reanalysisMs,
    reanalysisAfterGcMs: summarize(afterGcRuns),
    ratio: reanalysisMs.median / incrementalParseMs.median,
  };
}
