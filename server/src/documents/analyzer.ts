/**
 * Where analyses run. The in-thread analyzer keeps one incremental tree per
 * document and calls the engine; the worker analyzer (analysisWorker.ts) runs
 * the same thing on a worker thread so that a slow file never blocks the LSP
 * thread, and can be stopped and replaced when it overruns or crashes.
 */
import type { Parser } from 'web-tree-sitter';
import type { FileAnalysis } from '../analysis/types';
import type { FunctionSummary } from '../analysis/summaries';
import type { LockLensSettings } from '../config';
import { createCParser } from '../parsing/parser';
import { analyzeDocument } from './analysisGateway';
import { DocumentTree } from './documentTree';
import { describeFailure } from './failures';
import { engineProblems, type EngineProblem } from './engineProblems';
import { actOut, injectedFault } from './faultInjection';
import type { IndexUpdate } from './workspaceIndex';

export interface AnalysisJob {
  uri: string;
  path: string;
  version: number;
  text: string;
  settings: LockLensSettings;
}

/**
 * An analysis (with the internal errors the engine caught on single functions), or
 * the description of an internal error that stopped it (already fit for the log).
 * With the workspace index on, also what the document offers other files, the
 * callees it looked for in the index, and the index version it was analysed against.
 */
export type JobOutcome =
  | {
    analysis: FileAnalysis;
    problems?: EngineProblem[];
    exported?: Map<string, FunctionSummary | null>;
    asked?: string[];
    indexVersion?: number;
  }
  | { error: string };

export interface Analyzer {
  /** Resolves with null when a newer job for the same document superseded this one before it ran. */
  analyze(job: AnalysisJob): Promise<JobOutcome | null>;
  /** Forgets a document's tree and cache. */
  close(uri: string): void;
  /** Applies a change of the workspace index; jobs that run after it see it. */
  updateIndex?(update: IndexUpdate): void;
  dispose(): void;
}

interface DocumentSlot {
  tree: DocumentTree;
  cache: Map<string, unknown>;
}

/** Runs jobs synchronously on the calling thread. Never throws: failures become `{error}`. */
export class InThreadAnalyzer implements Analyzer {
  private readonly slots = new Map<string, DocumentSlot>();
  private parser: Parser | null = null;
  /** This thread's copy of the workspace index's merged summaries. */
  private readonly index = new Map<string, FunctionSummary>();
  private indexVersion = 0;

  static async create(): Promise<InThreadAnalyzer> {
    const analyzer = new InThreadAnalyzer();
    analyzer.parser = await createCParser();
    return analyzer;
  }

  analyze(job: AnalysisJob): Promise<JobOutcome> {
    return Promise.resolve(this.analyzeNow(job));
  }

  analyzeNow(job: AnalysisJob): JobOutcome {
    const parser = this.parser!;
    let slot = this.slots.get(job.uri);
    if (!slot) {
      slot = { tree: new DocumentTree(), cache: new Map() };
      this.slots.set(job.uri, slot);
    }
    try {
      actOut(injectedFault(job.text));
      const parsed = slot.tree.update(parser, job.text, job.version, job.settings.iteratorPatterns);
      const external = job.settings.workspace.index.enable ? this.index : undefined;
      const { analysis, exported, asked } = analyzeDocument({ parser, path: job.path, text: job.text, parsed, cache: slot.cache }, job.settings, external);
      const problems = engineProblems(analysis, job);
      const workspace = external ? { exported, asked, indexVersion: this.indexVersion } : {};
      return problems.length ? { analysis, problems, ...workspace } : { analysis, ...workspace };
    } catch (err) {
      // The kept tree and cache may be what broke: start over next time.
      this.close(job.uri);
      return { error: describeFailure({ operation: 'analysis', uri: job.uri, version: job.version, text: job.text, settings: job.settings }, err) };
    }
  }

  close(uri: string): void {
    this.slots.get(uri)?.tree.dispose();
    this.slots.delete(uri);
  }

  updateIndex(update: IndexUpdate): void {
    if (update.replace) this.index.clear();
    for (const [name, summary] of update.changes) {
      if (summary) this.index.set(name, summary);
      else this.index.delete(name);
    }
    this.indexVersion = update.version;
  }

  dispose(): void {
    for (const uri of [...this.slots.keys()]) this.close(uri);
    this.parser?.delete();
    this.parser = null;
  }
}
