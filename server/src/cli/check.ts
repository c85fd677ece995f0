/** `locklens check`: paths → analyses → one report in the chosen format → exit status. */
import { DEFAULT_SETTINGS, type LockLensSettings } from '../config';
import { parseCheckArgs, defaultJobs, type CheckOptions } from './args';
import { collectFiles } from './collectFiles';
import { loadSettingsFile } from './settingsFile';
import { analyzeInThread, analyzeInWorkers, MIN_FILES_FOR_WORKERS, type FileOutcome } from './runChecks';
import { dependsOn, mergeExports } from '../analysis/workspaceSummaries';
import type { ExternalSummaries } from '../analysis/analyzeFile';
import { buildReport, hasErrorDiagnostic, type JsonError } from './jsonReport';
import { countsLine, textReport } from './textReport';
import { toSarif } from './sarif';
import type { Output } from './output';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_IO = 2;

/**
 * Workers when asked for more than one job and there is more than one file; by
 * default only for inputs big enough to repay loading the grammar per worker.
 */
export function workerCount(opts: CheckOptions, files: number): number {
  const jobs = opts.jobs ?? (files >= MIN_FILES_FOR_WORKERS ? defaultJobs() : 1);
  return files >= 2 ? Math.min(jobs, files) : 1;
}

/** One pass over `files`, on workers when `jobs` > 1. */
async function analyzePass(script: string, files: string[], settings: LockLensSettings, jobs: number,
  external?: ExternalSummaries): Promise<{ outcomes: FileOutcome[]; workersUsed: number }> {
  if (jobs > 1) return analyzeInWorkers(script, files, settings, jobs, undefined, external);
  return { outcomes: await analyzeInThread(files, settings, undefined, external), workersUsed: 0 };
}

export interface WorkspaceRun {
  outcomes: FileOutcome[];
  workersUsed: number;
  /** Summaries the files offered each other (names defined non-static in exactly one file). */
  summaries: number;
  /** Files analysed again with them. */
  reanalysed: number;
  firstPassMs: number;
  secondPassMs: number;
}

/**
 * The files given are one workspace. Pass 1 analyses each file alone and
 * collects what its non-static functions offer the others; pass 2 analyses
 * again, with those summaries, only the files that call one of them (for the
 * rest, pass 1's result is already the answer). Both passes are deterministic
 * per file, so the output does not depend on the number of workers.
 */
export async function analyzeWorkspace(script: string, files: string[], settings: LockLensSettings, jobs: number): Promise<WorkspaceRun> {
  const t0 = Date.now();
  const first = await analyzePass(script, files, settings, jobs);
  const t1 = Date.now();
  const outcomes = first.outcomes;
  const external = mergeExports(outcomes.map((o) => ('exported' in o && o.exported) || new Map()));
  const again = outcomes.map((o, i) => ('asked' in o && o.asked && dependsOn(o.asked, external) ? i : -1)).filter((i) => i >= 0);
  let workersUsed = first.workersUsed;
  if (again.length) {
    const second = await analyzePass(script, again.map((i) => files[i]), settings, Math.min(jobs, again.length), external);
    again.forEach((i, k) => { outcomes[i] = second.outcomes[k]; });
    workersUsed = Math.max(workersUsed, second.workersUsed);
  }
  return { outcomes, workersUsed, summaries: external.size, reanalysed: again.length, firstPassMs: t1 - t0, secondPassMs: Date.now() - t1 };
}

export async function checkCommand(argv: string[], io: Output, script: string): Promise<number> {
  const opts = parseCheckArgs(argv);
  const settings: LockLensSettings = opts.configPath ? loadSettingsFile(opts.configPath) : DEFAULT_SETTINGS;
  const started = Date.now();
  const { files, errors } = collectFiles(opts.paths);
  const jobs = workerCount(opts, files.length);
  const run = await analyzeWorkspace(script, files, settings, jobs);
  const { outcomes, workersUsed } = run;

  const allErrors: JsonError[] = [...errors];
  const analyses = [];
  for (const o of outcomes) {
    if ('error' in o) allErrors.push({ path: o.path, message: o.error });
    else analyses.push(o.analysis);
  }
  const report = buildReport(analyses, allErrors, settings);

  if (opts.format === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
  else if (opts.format === 'sarif') io.out(JSON.stringify(toSarif(report, io.version), null, 2) + '\n');
  else io.out(textReport(report, opts.summary));

  for (const e of allErrors) io.err(`locklens: ${e.message}\n`);
  if (opts.format !== 'text') for (const f of report.files) if (f.skipped) io.err(`locklens: ${f.path}: not analysed: ${f.skipped}\n`);
  if (opts.verbose || opts.summary) io.err(`locklens: ${countsLine(report)}\n`);
  if (opts.verbose) {
    const where = workersUsed > 0 ? `${workersUsed} worker thread${workersUsed === 1 ? '' : 's'}` : 'the main thread';
    io.err(`locklens: analysed ${files.length} file${files.length === 1 ? '' : 's'} in ${Date.now() - started} ms on ${where}\n`);
    io.err(`locklens: pass 1 (each file alone) ${run.firstPassMs} ms; pass 2 (${run.reanalysed} file${run.reanalysed === 1 ? '' : 's'} calling one of ${run.summaries} workspace summar${run.summaries === 1 ? 'y' : 'ies'}) ${run.secondPassMs} ms\n`);
  }
  if (allErrors.length) return EXIT_USAGE_OR_IO;
  return hasErrorDiagnostic(report) ? EXIT_FINDINGS : EXIT_CLEAN;
}
