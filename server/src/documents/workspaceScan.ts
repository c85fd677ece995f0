/**
 * The background scan that fills the workspace index from disk. It starts
 * lazily (when a C document under a workspace folder is opened), walks the
 * folders breadth-first from the open documents' folders, and hands one `*.c`
 * file at a time to its own worker thread, which parses it and returns what
 * its non-static functions offer other files. The LSP thread only lists
 * directories (asynchronously) and merges results, so a kernel tree never
 * freezes the editor; `locklens.workspace.index.maxFiles` bounds the work.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker, parentPort } from 'worker_threads';
import type { FunctionSummary } from '../analysis/summaries';
import { analyzeForWorkspace } from '../analysis/workspaceSummaries';
import type { LockLensSettings } from '../config';
import { createCParser, type Parser } from '../parsing/parser';
import { jobTimeLimitMs } from './faultInjection';
import { skipReason, type Logger } from './openDocuments';
import type { WorkspaceIndex } from './workspaceIndex';

/** Marks the scan worker thread's role in `workerData`. */
export const SCAN_WORKER_ROLE = 'locklens-workspace-scan';

/** A file whose scan runs longer than this stops the worker, and is left out. */
export const SCAN_FILE_TIME_LIMIT_MS = jobTimeLimitMs(30_000);

/** Folders never scanned: dependencies and build output (hidden folders, `.git` included, are skipped too). */
export const SKIPPED_FOLDERS = new Set(['node_modules', 'build', 'out', 'dist', 'target']);

/** Directory entries looked at, at most, whatever `maxFiles` says: a workspace of a million files is not walked to its end. */
export const MAX_WALK_ENTRIES = 500_000;

/** Restarts of a crashed or stuck scan worker before the scan gives up. */
const MAX_RESTARTS = 3;

/** A C file the scan reads: `*.c`, but not the kernel build's generated `*.mod.c`. */
export function isScannedFile(name: string): boolean {
  return name.endsWith('.c') && !name.endsWith('.mod.c');
}

export function isScannedFolder(name: string): boolean {
  return !name.startsWith('.') && !SKIPPED_FOLDERS.has(name);
}

/**
 * The order files are scanned in: the folders asked for first (the open
 * documents'), then breadth-first from the roots, by name; each folder is
 * listed once, and only when more files are needed.
 */
export class ScanPlan {
  private readonly folders: string[] = [];
  private readonly listed = new Set<string>();
  private readonly files: string[] = [];
  private readonly queued = new Set<string>();
  entries = 0;

  constructor(private readonly roots: string[]) {
    for (const root of roots) this.folders.push(path.resolve(root));
  }

  /** Whether `file` lies under one of the roots. */
  covers(file: string): boolean {
    const f = path.resolve(file);
    return this.roots.some((r) => {
      const rel = path.relative(path.resolve(r), f);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  }

  /** Lists `folder` before anything else still waiting (it is a document's folder). */
  first(folder: string): void {
    const f = path.resolve(folder);
    if (this.listed.has(f) || !(this.covers(path.join(f, 'x')))) return;
    this.folders.unshift(f);
  }

  /** The next file to scan, or null when the walk is over. */
  async next(): Promise<string | null> {
    while (!this.files.length) {
      const folder = this.folders.shift();
      if (folder === undefined || this.entries >= MAX_WALK_ENTRIES) return null;
      if (this.listed.has(folder)) continue;
      this.listed.add(folder);
      await this.list(folder);
    }
    return this.files.shift()!;
  }

  private async list(folder: string): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder, { withFileTypes: true });
    } catch {
      return; // unreadable or gone: nothing to scan there
    }
    this.entries += entries.length;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(folder, e.name);
      // Symbolic links are neither files nor folders here: no loops, nothing outside the roots.
      if (e.isFile() && isScannedFile(e.name) && !this.queued.has(full)) {
        this.queued.add(full);
        this.files.push(full);
      } else if (e.isDirectory() && isScannedFolder(e.name) && !this.listed.has(full)) {
        this.folders.push(full);
      }
    }
  }
}

type ScanRequest = { id: number; file: string; settings: LockLensSettings };
/** A scanned file: its exports, or why there are none. */
export interface ScannedFile { exported: Map<string, FunctionSummary | null> | null; skipped?: string; error?: string }
type ScanDone = { kind: 'done'; id: number } & ScannedFile;
type ScanReply = { kind: 'ready' } | { kind: 'fatal'; error: string } | ScanDone;

/** Reads and summarises one file; never throws. */
export function scanFile(parser: Parser, file: string, settings: LockLensSettings): ScannedFile {
  try {
    const size = fs.statSync(file).size;
    if (size > settings.maxFileBytes) return { exported: null, skipped: `over locklens.maxFileBytes (${size} bytes)` };
    const text = fs.readFileSync(file, 'utf8');
    const skip = skipReason(text, settings);
    if (skip) return { exported: null, skipped: skip.message };
    return { exported: analyzeForWorkspace(parser, file, text, settings).exported };
  } catch (err) {
    return { exported: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The scan worker thread's loop: one file per request, in order. */
export async function serveScanWorker(): Promise<void> {
  const port = parentPort!;
  let parser: Parser;
  try {
    parser = await createCParser();
  } catch (err) {
    port.postMessage({ kind: 'fatal', error: err instanceof Error ? err.message : String(err) } satisfies ScanReply);
    return;
  }
  port.on('message', (r: ScanRequest) => port.postMessage({ kind: 'done', id: r.id, ...scanFile(parser, r.file, r.settings) } satisfies ScanReply));
  port.postMessage({ kind: 'ready' } satisfies ScanReply);
}

export interface ScanProgress {
  /** Files handed to the worker so far (what `maxFiles` counts). */
  files: number;
  skipped: number;
  failed: number;
  running: boolean;
}

/**
 * Runs the scan: one worker, one file in flight. `settings()` is read before
 * each file, so turning the index off or lowering `maxFiles` takes effect at once.
 */
export class WorkspaceScanner {
  private plan: ScanPlan | null = null;
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  /** Closed documents whose saved text is read again, ahead of the walk (not counted in `maxFiles`). */
  private readonly rescans: string[] = [];
  private pumping = false;
  private restarts = 0;
  private nextId = 1;
  private started = 0;
  private generation = 0;
  readonly progress: ScanProgress = { files: 0, skipped: 0, failed: 0, running: false };

  constructor(
    private readonly script: string,
    private readonly index: WorkspaceIndex,
    private readonly settings: () => LockLensSettings,
    private readonly log: Logger,
  ) {}

  /**
   * Starts the scan of `roots` if it has not started, and scans the folders in
   * `near` (the open documents') before the rest of what is still waiting.
   */
  request(roots: string[], near: string[]): void {
    const s = this.settings().workspace.index;
    if (!s.enable || s.maxFiles <= 0 || !roots.length) return;
    if (!this.plan) {
      this.plan = new ScanPlan(roots);
      this.started = Date.now();
    }
    for (const folder of near) this.plan.first(folder);
    void this.pump();
  }

  /** Reads a file's saved text again (a document was closed: the disk may differ from what was scanned). */
  rescan(file: string): void {
    if (!this.plan?.covers(file) || !isScannedFile(path.basename(file))) return;
    this.rescans.push(path.resolve(file));
    void this.pump();
  }

  /** Stops the scan and forgets its plan (the index was turned off); a later request starts over. */
  stop(): void {
    // A pump still waiting on the old worker sees the new generation and returns without touching anything.
    this.generation++;
    this.pumping = false;
    this.plan = null;
    this.rescans.length = 0;
    this.progress.files = this.progress.skipped = this.progress.failed = 0;
    this.progress.running = false;
    void this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  dispose(): void {
    this.stop();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.progress.running = true;
    const generation = this.generation;
    try {
      for (;;) {
        if (generation !== this.generation) return;
        const s = this.settings();
        if (!s.workspace.index.enable || !this.plan) break;
        let file = this.rescans.shift() ?? null;
        if (!file && this.progress.files < s.workspace.index.maxFiles) {
          file = await this.plan.next();
          if (file) this.progress.files++;
        }
        if (generation !== this.generation) return;
        if (!file) break;
        const reply = await this.scanOnWorker(file, s);
        if (generation !== this.generation) return;
        if (!reply) break; // no worker: give up quietly (logged once)
        if (reply.exported) this.index.setScanned(file, reply.exported);
        else if (reply.skipped) this.progress.skipped++;
        else this.progress.failed++;
      }
      if (generation === this.generation && this.plan) this.report();
    } finally {
      if (generation === this.generation) {
        this.pumping = false;
        this.progress.running = false;
      }
    }
  }

  private report(): void {
    const s = this.settings().workspace.index;
    const limit = this.progress.files >= s.maxFiles ? `; stopped at locklens.workspace.index.maxFiles (${s.maxFiles})` : '';
    const walk = this.plan && this.plan.entries >= MAX_WALK_ENTRIES ? `; stopped after ${MAX_WALK_ENTRIES} directory entries` : '';
    this.log.info(`Kernel Lock Lens indexed ${this.progress.files} files of the workspace in ${((Date.now() - this.started) / 1000).toFixed(1)} s: `
      + `${this.index.summaries.size} function summaries, ${this.progress.skipped} files skipped, ${this.progress.failed} failed${limit}${walk}.`);
  }

  /** One file on the worker (started on first use, replaced after a crash or a time-out); null without a worker. */
  private async scanOnWorker(file: string, settings: LockLensSettings): Promise<ScanDone | null> {
    const worker = await this.startedWorker();
    if (!worker) return null;
    const id = this.nextId++;
    return new Promise<ScanDone | null>((resolve) => {
      const timer = setTimeout(() => lost(`took over ${SCAN_FILE_TIME_LIMIT_MS} ms`), SCAN_FILE_TIME_LIMIT_MS);
      const onMessage = (m: ScanReply) => { if (m.kind === 'done' && m.id === id) finish(m); };
      const onExit = (code: number) => lost(`stopped its worker (exit code ${code})`);
      const finish = (r: ScanDone | null) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(r);
      };
      const lost = (why: string) => {
        this.log.warn(`Kernel Lock Lens left ${file} out of the workspace index: its scan ${why}.`);
        if (this.worker === worker) {
          void worker.terminate();
          this.worker = null;
          this.ready = null;
        }
        if (this.restarts++ >= MAX_RESTARTS) {
          this.log.warn('Kernel Lock Lens stopped the workspace scan: its worker failed too often.');
          finish(null);
        } else {
          finish({ kind: 'done', id, exported: null, error: why });
        }
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage({ id, file, settings } satisfies ScanRequest);
    });
  }

  private async startedWorker(): Promise<Worker | null> {
    if (!this.ready) {
      const worker = new Worker(this.script, { workerData: { role: SCAN_WORKER_ROLE }, argv: [] });
      // The scan must never keep the server alive.
      worker.unref();
      this.worker = worker;
      this.ready = new Promise<void>((resolve, reject) => {
        const onMessage = (m: ScanReply) => {
          if (m.kind === 'ready') { worker.off('message', onMessage); resolve(); }
          else if (m.kind === 'fatal') reject(new Error(m.error));
        };
        worker.on('message', onMessage);
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`the scan worker exited with code ${code}`)));
      });
    }
    const worker = this.worker;
    try {
      await this.ready;
      return this.worker === worker ? worker : null;
    } catch (err) {
      if (this.worker === worker) {
        this.log.warn(`Kernel Lock Lens cannot scan the workspace: ${err instanceof Error ? err.message : String(err)}`);
        this.plan = null;
        this.worker = null;
      }
      return null;
    }
  }
}
