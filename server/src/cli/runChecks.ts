/**
 * Analyses a list of files, in this thread or on worker threads. A file that
 * cannot be read or whose analysis throws becomes an error for that file only;
 * the rest go on. Results keep the input order whichever thread finished first.
 * Each analysis also returns what the file offers other files and what it
 * asked of them, for `check`'s second pass (workspace summaries).
 */
import * as fs from 'fs';
import { Worker, parentPort, workerData } from 'worker_threads';
import { looksBinary, type ExternalSummaries } from '../analysis/analyzeFile';
import { analyzeForWorkspace } from '../analysis/workspaceSummaries';
import type { FunctionSummary } from '../analysis/summaries';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { createCParser, type Parser } from '../parsing/parser';
import { ioReason } from './collectFiles';
import { actOut, injectedFault, jobTimeLimitMs } from '../documents/faultInjection';
import { notCText } from '../documents/notCText';

export type FileOutcome =
  | {
    path: string;
    analysis: FileAnalysis;
    /** The file's non-static functions and their summaries, for the other files. */
    exported?: Map<string, FunctionSummary | null>;
    /** Callees the analysis looked for outside the file. */
    asked?: string[];
  }
  | { path: string; error: string };

/** Marks a CLI analysis worker in `workerData` (the worker runs the CLI bundle itself). */
export const CHECK_WORKER_ROLE = 'locklens-cli-check';

/** Below this many files, starting workers (each loads the grammar) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 24;

/** A file whose analysis runs longer than this stops its worker; the engine's own budgets should end far sooner. */
export const FILE_TIME_LIMIT_MS = jobTimeLimitMs(60_000);

/**
 * Reads and analyses one file, consulting `external` for callees it does not
 * define; never throws. Over-size files are skipped before being read.
 */
export function analyzeOne(parser: Parser, file: string, settings: LockLensSettings, external?: ExternalSummaries): FileOutcome {
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
  // Random bytes would cost minutes of parser error recovery (the server skips them too).
  // Binary files (NUL bytes) are refused by the analysis with their own notice.
  const junk = looksBinary(text) ? null : notCText(text);
  if (junk) return { path: file, analysis: { path: file, functions: [], findings: [], skipped: junk } };
  try {
    // Test-only faults (inert unless LOCKLENS_FAULT_INJECTION=1): prove one bad file cannot stop the rest.
    actOut(injectedFault(text));
    const { analysis, exported, asked } = analyzeForWorkspace(parser, file, text, settings, external);
    return { path: file, analysis, exported, asked };
  } catch (err) {
    return { path: file, error: `internal error analysing ${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export async function analyzeInThread(files: string[], settings: LockLensSettings, parser?: Parser, external?: ExternalSummaries): Promise<FileOutcome[]> {
  const p = parser ?? (await createCParser());
  return files.map((f) => analyzeOne(p, f, settings, external));
}

type ToWorker = { id: number; path: string };
type FromWorker = { kind: 'ready' } | { kind: 'fatal'; error: string } | { kind: 'done'; id: number; outcome: FileOutcome };

/** The worker side: one parser, files analysed in the order they arrive. */
export async function serveCheckWorker(): Promise<void> {
  const port = parentPort!;
  const { settings, external } = workerData as { settings: LockLensSettings; external?: ExternalSummaries };
  let parser: Parser;
  try {
    parser = await createCParser();
  } catch (err) {
    port.postMessage({ kind: 'fatal', error: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
    return;
  }
  port.on('message', (m: ToWorker) => port.postMessage({ kind: 'done', id: m.id, outcome: analyzeOne(parser, m.path, settings, external) } satisfies FromWorker));
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

export function isCheckWorker(): boolean {
  return (workerData as { role?: string } | null)?.role === CHECK_WORKER_ROLE;
}

/**
 * Spreads `files` over `jobs` worker threads started from `script`; each worker
 * pulls the next file when it finishes one. A worker that crashes, or runs one
 * file past the time limit, fails only that file and is replaced. Files left
 * when no worker can start run in this thread. `external` goes to each worker
 * once, when it starts (structured clone keeps the summaries' Maps).
 */
export async function analyzeInWorkers(script: string, files: string[], settings: LockLensSettings, jobs: number,
  timeLimitMs: number = FILE_TIME_LIMIT_MS, external?: ExternalSummaries): Promise<{ outcomes: FileOutcome[]; workersUsed: number }> {
  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  // Every failed file may cost one replacement worker, no more.
  let restartsLeft = files.length;

  /** One worker's life: 'done' when the queue is empty, 'failed' after a crash or time-out, 'unavailable' when it cannot start. */
  const runWorker = () => new Promise<{ end: 'done' | 'failed' | 'unavailable'; started: boolean }>((resolve) => {
    const worker = new Worker(script, { workerData: { role: CHECK_WORKER_ROLE, settings, external } });
    let current = -1;
    let started = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let settled = false;
    const settle = (end: 'done' | 'failed' | 'unavailable') => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      void worker.terminate();
      resolve({ end, started });
    };
    const fail = (reason: string) => {
      if (current >= 0 && !outcomes[current]) outcomes[current] = { path: files[current], error: `analysis of ${files[current]} ${reason}` };
      settle(started ? 'failed' : 'unavailable');
    };
    const feed = () => {
      if (timer) clearTimeout(timer);
      if (next >= files.length) return settle('done');
      current = next++;
      timer = setTimeout(() => fail(`did not finish within ${timeLimitMs / 1000} s (its worker was stopped)`), timeLimitMs);
      worker.postMessage({ id: current, path: files[current] } satisfies ToWorker);
    };
    worker.on('message', (m: FromWorker) => {
      if (m.kind === 'ready') { started = true; feed(); }
      else if (m.kind === 'fatal') settle('unavailable');
      else { outcomes[m.id] = m.outcome; current = -1; feed(); }
    });
    worker.on('error', (err) => fail(`crashed its worker: ${err.message}`));
    worker.on('exit', (code) => fail(`crashed its worker (exit code ${code})`));
  });

  let workersUsed = 0;
  const lane = async () => {
    let counted = false;
    for (;;) {
      const { end, started } = await runWorker();
      if (started && !counted) { counted = true; workersUsed++; }
      if (end !== 'failed' || next >= files.length || restartsLeft-- <= 0) return;
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, lane));
  const left = files.map((_, i) => i).filter((i) => !outcomes[i]);
  if (left.length) {
    const rest = await analyzeInThread(left.map((i) => files[i]), settings, undefined, external);
    left.forEach((i, k) => { outcomes[i] = rest[k]; });
  }
  return { outcomes, workersUsed };
}
