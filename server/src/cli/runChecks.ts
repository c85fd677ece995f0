/**
 * Analyses a list of files, in this thread or on worker threads. A file that
 * cannot be read or whose analysis throws becomes an error for that file only;
 * the rest go on. Results keep the input order whichever thread finished first.
 */
import * as fs from 'fs';
import { Worker, parentPort, workerData } from 'worker_threads';
import { analyzeText } from '../analysis/analyzeFile';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { createCParser, type Parser } from '../parsing/parser';
import { ioReason } from './collectFiles';

export type FileOutcome = { path: string; analysis: FileAnalysis } | { path: string; error: string };

/** Marks a CLI analysis worker in `workerData` (the worker runs the CLI bundle itself). */
export const CHECK_WORKER_ROLE = 'locklens-cli-check';

/** Below this many files, starting workers (each loads the grammar) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 24;

/** Reads and analyses one file; never throws. Over-size files are skipped before being read. */
export function analyzeOne(parser: Parser, file: string, settings: LockLensSettings): FileOutcome {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > settings.maxFileBytes) {
      return { path: file, analysis: { path: file, functions: [], findings: [], skipped: `file is ${size} bytes, over locklens.maxFileBytes (${settings.maxFileBytes})` } };
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { path: file, error: `cannot read ${file}: ${ioReason(err)}` };
  }
  try {
    return { path: file, analysis: analyzeText(parser, file, text, settings) };
  } catch (err) {
    return { path: file, error: `internal error analysing ${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export async function analyzeInThread(files: string[], settings: LockLensSettings, parser?: Parser): Promise<FileOutcome[]> {
  const p = parser ?? (await createCParser());
  return files.map((f) => analyzeOne(p, f, settings));
}

type ToWorker = { id: number; path: string };
type FromWorker = { kind: 'ready' } | { kind: 'fatal'; error: string } | { kind: 'done'; id: number; outcome: FileOutcome };

/** The worker side: one parser, files analysed in the order they arrive. */
export async function serveCheckWorker(): Promise<void> {
  const port = parentPort!;
  const settings = (workerData as { settings: LockLensSettings }).settings;
  let parser: Parser;
  try {
    parser = await createCParser();
  } catch (err) {
    port.postMessage({ kind: 'fatal', error: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
    return;
  }
  port.on('message', (m: ToWorker) => port.postMessage({ kind: 'done', id: m.id, outcome: analyzeOne(parser, m.path, settings) } satisfies FromWorker));
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

export function isCheckWorker(): boolean {
  return (workerData as { role?: string } | null)?.role === CHECK_WORKER_ROLE;
}

/**
 * Spreads `files` over `jobs` worker threads started from `script`. Each worker
 * pulls the next file when it finishes one. A worker that crashes fails only the
 * file it was on; files left when no worker survives run in this thread.
 */
export async function analyzeInWorkers(script: string, files: string[], settings: LockLensSettings, jobs: number): Promise<{ outcomes: FileOutcome[]; workersUsed: number }> {
  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  let workersUsed = 0;
  const runWorker = () => new Promise<void>((resolve) => {
    const worker = new Worker(script, { workerData: { role: CHECK_WORKER_ROLE, settings } });
    let current = -1;
    let finished = false;
    const finish = () => { if (!finished) { finished = true; void worker.terminate(); resolve(); } };
    const feed = () => {
      if (next >= files.length) return finish();
      current = next++;
      worker.postMessage({ id: current, path: files[current] } satisfies ToWorker);
    };
    worker.on('message', (m: FromWorker) => {
      if (m.kind === 'ready') { workersUsed++; feed(); }
      else if (m.kind === 'fatal') finish();
      else { outcomes[m.id] = m.outcome; current = -1; feed(); }
    });
    const fail = (reason: string) => {
      if (current >= 0 && !outcomes[current]) outcomes[current] = { path: files[current], error: `analysis of ${files[current]} crashed its worker: ${reason}` };
      current = -1;
      finish();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
  });
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, runWorker));
  const left = files.map((_, i) => i).filter((i) => !outcomes[i]);
  if (left.length) {
    const rest = await analyzeInThread(left.map((i) => files[i]), settings);
    left.forEach((i, k) => { outcomes[i] = rest[k]; });
  }
  return { outcomes, workersUsed };
}
