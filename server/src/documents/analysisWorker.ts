/**
 * Analyses on a worker thread. The main side keeps at most one job in flight and
 * one waiting per document, so a superseded version is dropped before it runs;
 * a job over its time limit, or a crashed worker (a WASM abort, out of memory),
 * costs only a restart, logged with the input that caused it.
 */
import { Worker, parentPort } from 'worker_threads';
import { describeFailure } from './failures';
import { jobTimeLimitMs } from './faultInjection';
import { InThreadAnalyzer, type AnalysisJob, type Analyzer, type JobOutcome } from './analyzer';
import { AnalysisDecoder, AnalysisEncoder, type AnalysisDelta } from './analysisDelta';
import type { Logger } from './openDocuments';
import type { FunctionSummary } from '../analysis/summaries';
import type { IndexUpdate } from './workspaceIndex';

/** Marks the worker thread's role in `workerData`. */
export const ANALYSIS_WORKER_ROLE = 'locklens-analysis';

/** A job running longer than this stops the worker; the engine's own budgets should end far sooner. */
export const JOB_TIME_LIMIT_MS = jobTimeLimitMs(30_000);

type Request =
  | { kind: 'analyze'; id: number; job: AnalysisJob }
  | { kind: 'close'; uri: string }
  | { kind: 'index'; update: IndexUpdate }
  /** The LSP thread lost its copy of the document's analysis: send the next one whole. */
  | { kind: 'resend'; uri: string };
/** A job's outcome between threads: the analysis as a difference from the last one sent (analysisDelta.ts). */
type WireOutcome = { error: string } | (Omit<Exclude<JobOutcome, { error: string }>, 'analysis'> & { delta: AnalysisDelta });
type Reply = { kind: 'ready' } | { kind: 'fatal'; error: string } | { kind: 'done'; id: number; uri: string; outcome: WireOutcome };

/** The worker thread's loop: answers each request in order. */
export async function serveAnalysisWorker(): Promise<void> {
  const port = parentPort!;
  let analyzer: InThreadAnalyzer;
  try {
    analyzer = await InThreadAnalyzer.create();
  } catch (err) {
    port.postMessage({ kind: 'fatal', error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Reply);
    return;
  }
  const encoder = new AnalysisEncoder();
  port.on('message', (request: Request) => {
    if (request.kind === 'close') {
      analyzer.close(request.uri);
      encoder.forget(request.uri);
    } else if (request.kind === 'resend') encoder.forget(request.uri);
    else if (request.kind === 'index') analyzer.updateIndex(request.update);
    else {
      const { uri } = request.job;
      const outcome = analyzer.analyzeNow(request.job);
      let wire: WireOutcome;
      if ('error' in outcome) {
        encoder.forget(uri);
        wire = outcome;
      } else {
        const { analysis, ...rest } = outcome;
        wire = { ...rest, delta: encoder.encode(uri, analysis) };
      }
      port.postMessage({ kind: 'done', id: request.id, uri, outcome: wire } satisfies Reply);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies Reply);
}

/**
 * Analyses run on a worker thread started from `script` (the server bundle itself);
 * on the calling thread only if the worker cannot start.
 */
export async function startAnalyzer(script: string, log: Logger): Promise<Analyzer> {
  const worker = new WorkerAnalyzer(script, log.error);
  try {
    await worker.start();
    return worker;
  } catch (err) {
    worker.dispose();
    log.warn(`Kernel Lock Lens analyses on the main thread: the worker did not start (${String(err)}).`);
    return InThreadAnalyzer.create();
  }
}

interface Pending {
  id: number;
  job: AnalysisJob;
  resolve: (outcome: JobOutcome | null) => void;
}

export class WorkerAnalyzer implements Analyzer {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private running: (Pending & { timer: NodeJS.Timeout }) | null = null;
  /** The next job per document; a newer one replaces it. */
  private readonly waiting = new Map<string, Pending>();
  private nextId = 1;
  private disposed = false;
  /** Set when a worker failed to start: no more restarts, every job answers with this. */
  private broken: string | null = null;
  /** The workspace index as the worker has it, to hand a replacement worker. */
  private readonly index = new Map<string, FunctionSummary>();
  private indexVersion = 0;
  /** Rebuilds each analysis from the worker's difference. */
  private readonly decoder = new AnalysisDecoder();

  constructor(
    private readonly script: string,
    private readonly logError: (message: string) => void,
  ) {}

  /** Starts the worker and waits until its parser is loaded. */
  start(): Promise<void> {
    // Source maps make the logged stacks of analysis errors name our TypeScript files, not minified columns.
    const worker = new Worker(this.script, {
      workerData: { role: ANALYSIS_WORKER_ROLE },
      argv: [],
      execArgv: [...process.execArgv, '--enable-source-maps'],
    });
    this.worker = worker;
    this.decoder.clear();
    // Messages wait in the port until the worker listens: the index arrives before any job.
    if (this.index.size || this.indexVersion) {
      worker.postMessage({ kind: 'index', update: { version: this.indexVersion, changes: [...this.index], replace: true } } satisfies Request);
    }
    let started = false;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if (reply.kind === 'ready') {
          started = true;
          resolve();
        } else if (reply.kind === 'fatal') {
          reject(new Error(reply.error));
        } else if (this.worker === worker) {
          // Every reply is decoded, even one whose job was superseded: the next is a difference from it.
          this.finish(reply.id, this.received(worker, reply.uri, reply.outcome));
        }
      });
      worker.on('error', (err) => {
        reject(err);
        this.lost(worker, started, err);
      });
      worker.on('exit', (code) => {
        const cause = new Error(`the analysis worker exited with code ${code}${started ? '; restarting it' : ' while starting'}`);
        reject(cause);
        this.lost(worker, started, cause);
      });
    });
    return this.ready;
  }

  analyze(job: AnalysisJob): Promise<JobOutcome | null> {
    if (this.broken) return Promise.resolve({ error: this.broken });
    return new Promise((resolve) => {
      this.waiting.get(job.uri)?.resolve(null);
      this.waiting.set(job.uri, { id: this.nextId++, job, resolve });
      this.pump();
    });
  }

  updateIndex(update: IndexUpdate): void {
    if (update.replace) this.index.clear();
    for (const [name, summary] of update.changes) {
      if (summary) this.index.set(name, summary);
      else this.index.delete(name);
    }
    this.indexVersion = update.version;
    this.worker?.postMessage({ kind: 'index', update } satisfies Request);
  }

  close(uri: string): void {
    this.waiting.get(uri)?.resolve(null);
    this.waiting.delete(uri);
    this.decoder.forget(uri);
    this.worker?.postMessage({ kind: 'close', uri } satisfies Request);
  }

  /** The outcome as the engine made it; null (dropped, like a superseded job) when its base is gone. */
  private received(worker: Worker, uri: string, wire: WireOutcome): JobOutcome | null {
    if ('error' in wire) {
      this.decoder.forget(uri);
      return wire;
    }
    const { delta, ...rest } = wire;
    const analysis = this.decoder.decode(uri, delta);
    if (analysis) return { ...rest, analysis };
    // Only a reply for a document closed since can get here; either way, start again from whole.
    worker.postMessage({ kind: 'resend', uri } satisfies Request);
    return null;
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.waiting.values()) p.resolve(null);
    this.waiting.clear();
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.resolve(null);
      this.running = null;
    }
    void this.worker?.terminate();
    this.worker = null;
  }

  private contextOfRunning(operation: string) {
    const job = this.running?.job;
    return { operation, uri: job?.uri ?? '(idle)', version: job?.version, text: job?.text, settings: job?.settings };
  }

  private pump(): void {
    if (this.running || !this.worker || this.disposed) return;
    const next = this.waiting.values().next();
    if (next.done) return;
    const pending = next.value;
    this.waiting.delete(pending.job.uri);
    const worker = this.worker;
    const timer = setTimeout(() => {
      // Detach the stuck worker first, so the next job goes to its replacement.
      const message = describeFailure(this.contextOfRunning('analysis'), new Error(`stopped after ${JOB_TIME_LIMIT_MS} ms`));
      this.worker = null;
      void worker.terminate();
      this.finish(pending.id, { error: message });
      this.replace();
    }, JOB_TIME_LIMIT_MS);
    this.running = { ...pending, timer };
    // Wait for the parser before the first job; later jobs find it resolved.
    void this.ready!.then(
      () => worker.postMessage({ kind: 'analyze', id: pending.id, job: pending.job } satisfies Request),
      () => this.finish(pending.id, { error: this.broken ?? 'Kernel Lock Lens analysis worker did not start' }),
    );
  }

  private finish(id: number, outcome: JobOutcome | null): void {
    if (!this.running || this.running.id !== id) return;
    clearTimeout(this.running.timer);
    this.running.resolve(outcome);
    this.running = null;
    this.pump();
  }

  /**
   * The worker is gone: fail the running job (its outcome names the input that killed
   * the worker, and is logged by the caller), start a fresh worker, carry on with the
   * queue. A worker that dies while starting is not restarted here (that would loop).
   */
  private lost(worker: Worker, started: boolean, cause: Error): void {
    if (this.worker !== worker || this.disposed) return;
    this.worker = null;
    // A start-up failure is reported by whoever awaits start(): the server falls back, replace() gives up.
    if (!started) return;
    const message = describeFailure(this.contextOfRunning('analysis'), cause);
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.resolve({ error: message });
      this.running = null;
    } else {
      this.logError(message);
    }
    this.replace();
  }

  /** Starts a fresh worker and sends it the queue. */
  private replace(): void {
    if (this.disposed || this.broken) return;
    this.start().catch((err) => this.giveUp(`Kernel Lock Lens analysis is unavailable: the analysis worker failed to restart (${String(err)})`));
    this.pump();
  }

  private giveUp(message: string): void {
    if (this.broken) return;
    this.broken = message;
    this.logError(message);
    for (const p of this.waiting.values()) p.resolve({ error: message });
    this.waiting.clear();
  }
}
