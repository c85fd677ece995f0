/**
 * Runs the analysis over the corpus, one entry (directory) at a time, exactly
 * as `locklens check --jobs N DIR` does: the directory is one workspace (pass 1
 * per file, pass 2 with the summaries the files offer each other) on the CLI's
 * own worker threads (`dist/cli.js` is the worker script). Gathers what the
 * corpus report and the tests need: counts, time, findings per code, and every
 * file or function the analysis could not finish.
 */
import * as fs from 'fs';
import * as path from 'path';
import { collectFiles } from '../../server/src/cli/collectFiles';
import { analyzeWorkspace } from '../../server/src/cli/check';
import { fileJson, type JsonDiagnostic } from '../../server/src/cli/jsonReport';
import { DEFAULT_SETTINGS, type LockLensSettings } from '../../server/src/config';
import type { FileAnalysis } from '../../server/src/analysis/types';
import { CACHE_DIR, REPO_ROOT, corpusPath, type CorpusEntry } from './linuxSource';

export const CLI_BUNDLE = process.env.LOCKLENS_CLI_BUNDLE ?? path.join(REPO_ROOT, 'dist', 'cli.js');

/** A function the engine gave up on part-way (its note says so); it must then stay silent. */
export interface PartialFunction {
  path: string;
  function: string;
  line: number;
  note: string;
  /** Findings reported for it anyway: a partial result must not produce any. */
  findings: number;
}

export interface CorpusDiagnostic extends JsonDiagnostic {
  path: string;
}

export interface EntryScan {
  entry: CorpusEntry;
  files: number;
  functions: number;
  lines: number;
  ms: number;
  workers: number;
  /** Files analysed a second time with the summaries of the directory's other files. */
  reanalysed: number;
  findingsByCode: Record<string, number>;
  findingsBySeverity: Record<string, number>;
  diagnostics: CorpusDiagnostic[];
  /** Exceptions, crashed workers and files over the time limit: the analysis must have none. */
  failures: Array<{ path: string; message: string }>;
  skipped: Array<{ path: string; reason: string }>;
  budgetOverruns: PartialFunction[];
}

export interface ScanOptions {
  jobs: number;
  settings?: LockLensSettings;
  script?: string;
}

/** Notes of functions analysed only in part: the work budget ran out, or the function was too large to copy whole. */
const BUDGET_NOTE = /budget|partially/i;

/** Paths as the kernel names them (`kernel/pid.c`), whatever the cache's location. */
export function corpusRelative(file: string): string {
  return path.relative(CACHE_DIR, file).split(path.sep).join('/');
}

function countLines(file: string): number {
  try {
    const text = fs.readFileSync(file, 'latin1');
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    return text.length && !text.endsWith('\n') ? n + 1 : n;
  } catch {
    return 0;
  }
}

function tally(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

/** Analyses every C file of one corpus entry. */
export async function scanEntry(entry: CorpusEntry, opts: ScanOptions): Promise<EntryScan> {
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const { files, errors } = collectFiles([corpusPath(entry.path)]);
  const script = opts.script ?? CLI_BUNDLE;
  if (opts.jobs > 1 && !fs.existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const started = performance.now();
  // The CLI's time limit per file (60 s) stands: a file past it is a hang the engine's budgets failed to stop.
  const run = await analyzeWorkspace(script, files, settings, Math.min(opts.jobs, Math.max(files.length, 1)));
  const ms = performance.now() - started;

  const scan: EntryScan = {
    entry, files: files.length, functions: 0, lines: 0, ms, workers: run.workersUsed, reanalysed: run.reanalysed,
    findingsByCode: {}, findingsBySeverity: {}, diagnostics: [],
    failures: errors.map((e) => ({ path: corpusRelative(e.path), message: e.message })),
    skipped: [], budgetOverruns: [],
  };
  for (const o of run.outcomes) {
    scan.lines += countLines(o.path);
    const rel = corpusRelative(o.path);
    if ('error' in o) {
      scan.failures.push({ path: rel, message: o.error });
      continue;
    }
    addAnalysis(scan, rel, o.analysis, settings);
  }
  return scan;
}

function addAnalysis(scan: EntryScan, rel: string, analysis: FileAnalysis, settings: LockLensSettings): void {
  if (analysis.skipped) scan.skipped.push({ path: rel, reason: analysis.skipped });
  scan.functions += analysis.functions.length;
  const json = fileJson(analysis, settings);
  for (const d of json.diagnostics) {
    tally(scan.findingsByCode, d.code);
    tally(scan.findingsBySeverity, d.severity);
    scan.diagnostics.push({ path: rel, ...d });
  }
  for (const fn of analysis.functions) {
    const note = fn.notes.find((n) => BUDGET_NOTE.test(n));
    if (!note) continue;
    const findings = json.diagnostics.filter((d) => d.function === fn.name && d.line >= fn.startLine && d.line <= fn.endLine).length;
    scan.budgetOverruns.push({ path: rel, function: fn.name, line: fn.startLine, note, findings });
  }
}

export async function scanCorpus(entries: readonly CorpusEntry[], opts: ScanOptions,
  onEntry?: (scan: EntryScan) => void): Promise<EntryScan[]> {
  const out: EntryScan[] = [];
  for (const entry of entries) {
    const scan = await scanEntry(entry, opts);
    onEntry?.(scan);
    out.push(scan);
  }
  return out;
}
