/**
 * The open documents: text kept in sync incrementally and analyses debounced per
 * document (each document's incremental tree lives with the {@link Analyzer}).
 * A newer edit or new settings supersede a pending or running analysis, whose
 * result is then dropped; a request that needs facts runs the pending analysis
 * at once instead of waiting out the debounce.
 *
 * With a workspace index, each analysis offers the document's functions to the
 * other files, and a change of the index re-analyses (debounced) the documents
 * that call a function whose summary changed.
 */
import { fileURLToPath } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver-protocol';
import { looksBinary } from '../analysis/analyzeFile';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import type { Analyzer, JobOutcome } from './analyzer';
import type { EngineProblem } from './engineProblems';
import { describeFailure } from './failures';
import { notCText } from './notCText';
import type { SettingsStore } from './settingsStore';
import type { WorkspaceIndex } from './workspaceIndex';

export { junkShare } from './notCText';

/** Quiet time after the last keystroke before analysing. */
export const DEFAULT_DEBOUNCE_MS = 200;

/**
 * Delay before re-analysing a document after a callee's summary changed in the
 * workspace index. Not restarted by further changes: during a scan a document
 * is re-analysed at most about once per this delay, not on every scanned file.
 */
export const DEFAULT_INDEX_DEBOUNCE_MS = 1000;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface AnalysisResult {
  uri: string;
  version: number;
  analysis: FileAnalysis;
  settings: LockLensSettings;
}

interface InFlight {
  generation: number;
  promise: Promise<AnalysisResult | null>;
}

interface DocumentState {
  doc: TextDocument;
  /** Bumped by every change and invalidation; a result finishing under an older generation is stale. */
  generation: number;
  timer: NodeJS.Timeout | null;
  result: AnalysisResult | null;
  inFlight: InFlight | null;
  /** The kind of the last skip notice logged, so it is logged once, not on every keystroke. */
  notice: SkipReason['kind'] | null;
  /** Keys of the engine problems logged for this document, each logged once while it persists. */
  problems: Set<string>;
  /** Callees the last analysis looked for in the workspace index. */
  asked: ReadonlySet<string>;
}

export interface SkipReason {
  /** What kind of problem: the notice is logged again only when this changes. */
  kind: 'size' | 'binary' | 'junk';
  message: string;
}

/** Why a file is not analysed at all, or null. */
export function skipReason(text: string, settings: LockLensSettings): SkipReason | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > settings.maxFileBytes) return { kind: 'size', message: `file is ${bytes} bytes, over locklens.maxFileBytes (${settings.maxFileBytes})` };
  if (looksBinary(text)) return { kind: 'binary', message: 'binary file (NUL bytes in the first 8 KiB)' };
  const junk = notCText(text);
  if (junk) return { kind: 'junk', message: junk };
  return null;
}

export function pathOfUri(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

function emptyAnalysis(path: string, skipped: string | null): FileAnalysis {
  return { path, functions: [], findings: [], skipped };
}

/** How often a request retries when edits keep superseding the analysis it waits for. */
const REQUEST_ATTEMPTS = 3;

export class OpenDocuments {
  private readonly states = new Map<string, DocumentState>();
  private analyzer: Analyzer | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly log: Logger,
    /** Called with every fresh analysis (publish diagnostics, regions). */
    private readonly onAnalyzed: (result: AnalysisResult) => void,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
    private readonly index: WorkspaceIndex | null = null,
    private readonly indexDebounceMs = DEFAULT_INDEX_DEBOUNCE_MS,
  ) {
    index?.onChange((changes, version) => {
      this.analyzer?.updateIndex?.({ version, changes: [...changes], replace: false });
      this.dependenciesChanged(new Set(changes.keys()));
    });
  }

  /** The analyzer starts asynchronously; documents opened before then are analysed now. */
  setAnalyzer(analyzer: Analyzer): void {
    this.analyzer = analyzer;
    if (this.index) analyzer.updateIndex?.(this.index.snapshot());
    for (const state of this.states.values()) this.schedule(state, 0);
  }

  open(params: DidOpenTextDocumentParams): void {
    const { uri, languageId, version, text } = params.textDocument;
    this.close(uri);
    const state: DocumentState = {
      doc: TextDocument.create(uri, languageId, version, text),
      generation: 0,
      timer: null,
      result: null,
      inFlight: null,
      notice: null,
      problems: new Set(),
      asked: new Set(),
    };
    this.states.set(uri, state);
    this.schedule(state, 0);
  }

  change(params: DidChangeTextDocumentParams): void {
    const state = this.states.get(params.textDocument.uri);
    if (!state) return;
    try {
      state.doc = TextDocument.update(state.doc, params.contentChanges, params.textDocument.version ?? state.doc.version + 1);
    } catch (err) {
      this.log.error(describeFailure({ operation: 'applying a change', uri: state.doc.uri, version: params.textDocument.version }, err));
      return;
    }
    this.schedule(state, this.debounceMs);
  }

  close(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    state.generation++;
    this.states.delete(uri);
    this.analyzer?.close(uri);
    this.index?.closeOpen(pathOfUri(uri));
  }

  has(uri: string): boolean {
    return this.states.has(uri);
  }

  uris(): string[] {
    return [...this.states.keys()];
  }

  text(uri: string): string | undefined {
    return this.states.get(uri)?.doc.getText();
  }

  /**
   * Callees' summaries changed in the workspace index: re-analyse, after a
   * delay, the documents that call one of them. A document with an analysis
   * already pending or running is left alone; that one checks, when it ends,
   * whether the index moved on meanwhile.
   */
  dependenciesChanged(names: ReadonlySet<string>): void {
    for (const state of this.states.values()) {
      if (state.timer || state.inFlight || !state.result) continue;
      for (const name of state.asked) {
        if (names.has(name)) {
          this.schedule(state, this.indexDebounceMs);
          break;
        }
      }
    }
  }

  /** Re-analyses every open document (settings changed, or asked to) soon. */
  invalidateAll(): void {
    for (const state of this.states.values()) {
      state.result = null;
      this.schedule(state, 0);
    }
  }

  /**
   * Facts for the document's current version and settings, analysing now if the
   * debounced analysis has not run yet. Null when the document is not open, the
   * analyzer is not ready, or edits kept superseding the analysis.
   */
  async analysisFor(uri: string): Promise<AnalysisResult | null> {
    for (let attempt = 0; attempt < REQUEST_ATTEMPTS; attempt++) {
      const state = this.states.get(uri);
      if (!state) return null;
      if (this.isFresh(state)) return state.result;
      const result = await this.run(state);
      if (result) return result;
      if (!this.analyzer) return null;
    }
    return null;
  }

  dispose(): void {
    for (const uri of this.uris()) this.close(uri);
  }

  private isFresh(state: DocumentState): boolean {
    return !!state.result && state.result.version === state.doc.version && state.result.settings === this.settings.current;
  }

  private schedule(state: DocumentState, delayMs: number): void {
    state.generation++;
    if (state.timer) clearTimeout(state.timer);
    const generation = state.generation;
    state.timer = setTimeout(() => {
      state.timer = null;
      if (generation === state.generation && this.states.get(state.doc.uri) === state) void this.run(state);
    }, delayMs);
  }

  /** Analyses the current version, or joins the analysis of it already running. Never rejects. */
  private run(state: DocumentState): Promise<AnalysisResult | null> {
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    const analyzer = this.analyzer;
    if (!analyzer) return Promise.resolve(null);
    const settings = this.settings.current;
    const { uri, version } = state.doc;
    const generation = state.generation;
    // Join a running analysis only if nothing has superseded it; otherwise its result will be dropped.
    if (state.inFlight?.generation === generation) return state.inFlight.promise;
    const text = state.doc.getText();
    const path = pathOfUri(uri);
    const skip = settings.enable ? skipReason(text, settings) : null;
    const noticed = state.notice;
    state.notice = skip?.kind ?? null;
    if (!settings.enable || skip) {
      analyzer.close(uri);
      if (skip && noticed !== skip.kind) this.log.info(`Kernel Lock Lens skipped ${path}: ${skip.message}.`);
      state.asked = new Set();
      this.index?.closeOpen(path);
      return Promise.resolve(this.finish(state, generation, version, settings, emptyAnalysis(path, skip?.message ?? null)));
    }
    const promise = analyzer.analyze({ uri, path, version, text, settings }).then(
      (outcome) => {
        if (!outcome) return null;
        if ('error' in outcome) this.log.error(outcome.error);
        else this.logProblems(state, outcome.problems ?? []);
        const analysis = 'analysis' in outcome ? outcome.analysis : emptyAnalysis(path, 'internal error (see the log)');
        const result = this.finish(state, generation, version, settings, analysis);
        if (result && 'analysis' in outcome) this.indexed(state, path, outcome);
        return result;
      },
      (err: unknown) => {
        this.log.error(describeFailure({ operation: 'analysis', uri, version, settings }, err));
        return null;
      },
    ).finally(() => {
      if (state.inFlight?.promise === promise) state.inFlight = null;
    });
    state.inFlight = { generation, promise };
    return promise;
  }

  /**
   * Offers a fresh analysis's exports to the workspace index, and re-analyses
   * the document later if a callee it looked for changed after the index
   * version the analysis ran against.
   */
  private indexed(state: DocumentState, path: string, outcome: Extract<JobOutcome, { analysis: FileAnalysis }>): void {
    state.asked = new Set(outcome.asked ?? []);
    if (!this.index || !outcome.exported) return;
    this.index.setOpen(path, outcome.exported);
    if (this.states.get(state.doc.uri) === state && !state.timer && this.index.changedSince(state.asked, outcome.indexVersion ?? 0)) {
      this.schedule(state, this.indexDebounceMs);
    }
  }

  /** Logs the engine problems not logged yet for this document; forgets those that went away. */
  private logProblems(state: DocumentState, problems: EngineProblem[]): void {
    const keys = new Set(problems.map((p) => p.key));
    for (const p of problems) if (!state.problems.has(p.key)) this.log.error(p.report);
    state.problems = keys;
  }

  /** Records and publishes a result unless an edit or new settings superseded it meanwhile. */
  private finish(state: DocumentState, generation: number, version: number, settings: LockLensSettings, analysis: FileAnalysis): AnalysisResult | null {
    const uri = state.doc.uri;
    if (generation !== state.generation || this.states.get(uri) !== state) return null;
    state.result = { uri, version, analysis, settings };
    try {
      this.onAnalyzed(state.result);
    } catch (err) {
      this.log.error(describeFailure({ operation: 'publishing results', uri, version }, err));
    }
    return state.result;
  }
}
