/**
 * The open documents: text kept in sync incrementally, one parse tree each, and
 * analyses debounced per document. A newer edit supersedes a pending analysis; a
 * request that needs facts runs the pending analysis at once instead of waiting.
 */
import { fileURLToPath } from 'url';
import type { Parser } from 'web-tree-sitter';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver-protocol';
import { looksBinary } from '../analysis/analyzeFile';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { analyzeDocument } from './analysisGateway';
import { DocumentTree } from './documentTree';
import { describeFailure } from './failures';
import type { SettingsStore } from './settingsStore';

/** Quiet time after the last keystroke before analysing. */
export const DEFAULT_DEBOUNCE_MS = 200;

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

interface DocumentState {
  doc: TextDocument;
  tree: DocumentTree;
  /** Bumped by every change; an analysis finishing under an older generation is stale. */
  generation: number;
  timer: NodeJS.Timeout | null;
  result: AnalysisResult | null;
  cache: Map<string, unknown>;
  /** The last skip notice logged, so it is logged once, not on every keystroke. */
  notice: string | null;
}

/**
 * Share of undecodable (U+FFFD) and control characters above which a file is not
 * C source. Such junk costs tree-sitter seconds per parse in error recovery
 * (measured: 4–5 s for 256 KiB of random bytes) and holds nothing to analyse.
 */
const JUNK_LIMIT = 0.05;
const JUNK_SAMPLE = 64 * 1024;

export function junkShare(text: string): number {
  const n = Math.min(text.length, JUNK_SAMPLE);
  if (n === 0) return 0;
  let junk = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Tab, newline, vertical tab, form feed and carriage return are ordinary in C.
    if (c === 0xfffd || (c < 32 && (c < 9 || c > 13)) || c === 127) junk++;
  }
  return junk / n;
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

export class OpenDocuments {
  private readonly states = new Map<string, DocumentState>();
  private parser: Parser | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly log: Logger,
    /** Called with every fresh analysis (publish diagnostics, regions). */
    private readonly onAnalyzed: (result: AnalysisResult) => void,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {}

  /** The parser is loaded asynchronously; documents opened before then are analysed now. */
  setParser(parser: Parser): void {
    this.parser = parser;
    for (const state of this.states.values()) this.schedule(state, 0);
  }

  open(params: DidOpenTextDocumentParams): void {
    const { uri, languageId, version, text } = params.textDocument;
    this.states.get(uri)?.tree.dispose();
    const state: DocumentState = {
      doc: TextDocument.create(uri, languageId, version, text),
      tree: new DocumentTree(),
      generation: 0,
      timer: null,
      result: null,
      cache: new Map(),
      notice: null,
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
    state.tree.dispose();
    this.states.delete(uri);
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

  /** Re-analyses every open document (settings changed, or asked to) soon. */
  invalidateAll(): void {
    for (const state of this.states.values()) {
      state.result = null;
      this.schedule(state, 0);
    }
  }

  /**
   * Facts for the document's current version and settings, analysing now if the
   * debounced analysis has not run yet. Null when the document is not open or the
   * parser is not loaded.
   */
  analysisFor(uri: string): AnalysisResult | null {
    const state = this.states.get(uri);
    if (!state) return null;
    if (this.isFresh(state)) return state.result;
    this.run(state);
    return this.isFresh(state) ? state.result : null;
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
      if (generation === state.generation && this.states.get(state.doc.uri) === state) this.run(state);
    }, delayMs);
  }

  /** Analyses the current version. Never throws: failures are logged and yield an empty analysis. */
  private run(state: DocumentState): void {
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    const parser = this.parser;
    if (!parser) return;
    const generation = state.generation;
    const settings = this.settings.current;
    const { uri, version } = state.doc;
    const text = state.doc.getText();
    const path = pathOfUri(uri);
    let analysis: FileAnalysis;
    const skip = settings.enable ? this.skipReason(text, settings) : null;
    if (!settings.enable) {
      analysis = emptyAnalysis(path, null);
    } else if (skip) {
      state.tree.dispose();
      if (state.notice !== skip) this.log.info(`Kernel Lock Lens skipped ${path}: ${skip}.`);
      analysis = emptyAnalysis(path, skip);
    } else {
      try {
        const parsed = state.tree.update(parser, text, version, settings.iteratorPatterns);
        analysis = analyzeDocument({ parser, path, text, parsed, cache: state.cache }, settings);
      } catch (err) {
        this.log.error(describeFailure({ operation: 'analysis', uri, version, text, settings }, err));
        // The kept tree and cache may be what broke: start over next time.
        state.tree.dispose();
        state.cache.clear();
        analysis = emptyAnalysis(path, 'internal error (see the log)');
      }
    }
    state.notice = skip;
    // Analysis is synchronous today, so nothing can supersede it mid-run; the check
    // keeps stale results out once it moves off the main thread.
    if (generation !== state.generation || this.states.get(uri) !== state) return;
    state.result = { uri, version, analysis, settings };
    try {
      this.onAnalyzed(state.result);
    } catch (err) {
      this.log.error(describeFailure({ operation: 'publishing results', uri, version }, err));
    }
  }

  private skipReason(text: string, settings: LockLensSettings): string | null {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > settings.maxFileBytes) return `file is ${bytes} bytes, over locklens.maxFileBytes (${settings.maxFileBytes})`;
    if (looksBinary(text)) return 'binary file (NUL bytes in the first 8 KiB)';
    const junk = junkShare(text);
    if (junk > JUNK_LIMIT) return `not C text (${Math.round(junk * 100)}% of the first 64 KiB are control or undecodable characters)`;
    return null;
  }
}
