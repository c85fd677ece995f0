/** `locklens check`: paths → analyses → one report in the chosen format → exit status. */
import { DEFAULT_SETTINGS, type LockLensSettings } from '../config';
import { parseCheckArgs, defaultJobs, type CheckOptions } from './args';
import { collectFiles } from './collectFiles';
import { loadSettingsFile } from './settingsFile';
import { analyzeInThread, analyzeInWorkers, MIN_FILES_FOR_WORKERS, type FileOutcome } from './runChecks';
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

export async function checkCommand(argv: string[], io: Output, script: string): Promise<number> {
  const opts = parseCheckArgs(argv);
  const settings: LockLensSettings = opts.configPath ? loadSettingsFile(opts.configPath) : DEFAULT_SETTINGS;
  const started = Date.now();
  const { files, errors } = collectFiles(opts.paths);
  const jobs = workerCount(opts, files.length);
  let outcomes: FileOutcome[];
  let workersUsed = 0;
  if (jobs > 1) ({ outcomes, workersUsed } = await analyzeInWorkers(script, files, settings, jobs));
  else outcomes = await analyzeInThread(files, settings);

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
  }
  if (allErrors.length) return EXIT_USAGE_OR_IO;
  return hasErrorDiagnostic(report) ? EXIT_FINDINGS : EXIT_CLEAN;
}
